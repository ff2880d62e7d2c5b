-- The namespace, its LuaLS annotations (types/) and its reference (doc/)
-- must name the same things: nothing missing, nothing extra.
local pyos = require "pyos"

local AREAS = {fs = true, fd = true, proc = true, sched = true,
               xattr = true, sys = true, path = true}

local function readall(dir, suffix)
  local p = assert(io.popen("ls " .. dir))
  local texts = {}
  for name in p:lines() do
    if name:sub(-#suffix) == suffix then
      local f = assert(io.open(dir .. "/" .. name, "rb"))
      texts[#texts + 1] = f:read("*a")
      f:close()
    end
  end
  p:close()
  return table.concat(texts, "\n")
end

local function exports()
  local names = {}
  for k in pairs(pyos) do
    if not AREAS[k] then names[#names + 1] = k end
  end
  table.sort(names)
  return names
end

describe("types/", function()
  local text = readall("types", ".lua")
  local annotated = {}
  for name in text:gmatch("\nfunction pyos%.([%w_]+)%(") do annotated[name] = true end
  for name in text:gmatch("\npyos%.([%w_]+) =") do annotated[name] = true end

  it("annotates every export", function()
    local missing = {}
    for _, name in ipairs(exports()) do
      if not annotated[name] then missing[#missing + 1] = name end
    end
    assert.same({}, missing)
  end)

  it("annotates nothing that is not exported", function()
    local extra = {}
    for name in pairs(annotated) do
      if rawget(pyos, name) == nil then extra[#extra + 1] = name end
    end
    table.sort(extra)
    assert.same({}, extra)
  end)
end)

describe("doc/", function()
  local text = readall("doc", ".md")

  it("has a heading for every function and names every constant", function()
    local missing = {}
    for _, name in ipairs(exports()) do
      local v = pyos[name]
      local found
      if type(v) == "function" or (type(v) == "table" and getmetatable(v)
          and getmetatable(v).__call) then
        found = text:find("\n### pyos%." .. name:gsub("%p", "%%%0") .. "%f[^%w_]")
      else
        found = text:find("`" .. name .. "`", 1, true)
          or text:find("`pyos." .. name .. "`", 1, true)
          or text:find("\n### pyos%." .. name:gsub("%p", "%%%0") .. "%f[^%w_]")
      end
      if not found then missing[#missing + 1] = name end
    end
    assert.same({}, missing)
  end)
end)
