-- Every name of python3's dir(os) on this machine is in pyos, or listed
-- in doc/python-mapping.md ("Python's names pyos leaves out") with the
-- reason. A name that is neither fails this spec, so a Python that grows
-- a name (or a pyos that loses one) cannot go unnoticed.
local pyos = require "pyos"
local support = require "support"

-- name -> reason, from the doc's table of names left out.
local function leftout()
  local f = assert(io.open("doc/python-mapping.md", "rb"))
  local text = f:read("*a")
  f:close()
  local section = text:match("\n## Python's names pyos leaves out\n(.-)\n## ")
    or text:match("\n## Python's names pyos leaves out\n(.*)$")
  assert(section, "doc/python-mapping.md has no section \"Python's names pyos leaves out\"")
  local list = {}
  for name, reason in section:gmatch("\n| `([^`]+)` | ([^\n]-) |") do
    list[name] = reason
  end
  return list
end

-- python3's dir(os), the Linux one (this machine's).
local function pythonnames()
  local out = support.python([[
import os, sys
assert sys.platform == "linux", sys.platform
print("\n".join(dir(os)))
]])
  local names = {}
  for name in out:gmatch("[^\n]+") do names[#names + 1] = name end
  return names
end

describe("python3's dir(os)", function()
  local names = pythonnames()
  local listed = leftout()

  it("is read (a sanity check of the comparison itself)", function()
    assert.is_true(#names > 300, #names .. " names")
    local seen = {}
    for _, n in ipairs(names) do seen[n] = true end
    for _, n in ipairs({"stat", "open", "environ", "O_RDONLY", "walk", "DirEntry"}) do
      assert.is_true(seen[n], n)
    end
    assert.is_not_nil(next(listed))
  end)

  it("is in pyos, or left out with a reason in doc/python-mapping.md", function()
    local missing = {}
    for _, name in ipairs(names) do
      if pyos[name] == nil and not listed[name] then missing[#missing + 1] = name end
    end
    assert.same({}, missing)
  end)

  it("leaves out only names pyos does not have, each with a reason", function()
    local wrong = {}
    for name, reason in pairs(listed) do
      if pyos[name] ~= nil then
        wrong[#wrong + 1] = name .. " is in pyos"
      end
      if not reason:find("%a") then wrong[#wrong + 1] = name .. ": no reason" end
    end
    table.sort(wrong)
    assert.same({}, wrong)
  end)

  it("altsep is nil, as Python's None on POSIX", function()
    assert.equal("None", support.python("import os; print(os.altsep)"))
    assert.is_nil(pyos.altsep)
  end)
end)
