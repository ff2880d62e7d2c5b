-- Runs last (.busted sorts the files): a child exec'ed now inherits no fd
-- that the child exec'ed before the first spec did not, so nothing in the
-- whole suite left an inheritable fd behind in this process.
local inherited = require "spec.inherited"

describe("the whole suite", function()
  it("left no inheritable fd behind", function()
    local seen = {}
    for _, fd in ipairs(inherited.atstart) do seen[fd] = true end
    local extra = {}
    for _, fd in ipairs(inherited.list()) do
      if not seen[fd] then extra[#extra + 1] = fd end
    end
    assert.same({}, extra)
  end)

  it("would notice one", function()
    local pyos = require "pyos"
    local fd = assert(pyos.open("/dev/null", pyos.O_RDONLY))
    assert(pyos.set_inheritable(fd, true))
    local found = false
    for _, n in ipairs(inherited.list()) do
      if n == fd then found = true end
    end
    pyos.close(fd)
    assert.is_true(found)
  end)
end)
