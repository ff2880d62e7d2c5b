-- The error convention of shared/DESIGN.md: failures return nil, msg,
-- errno, err; assert() raises msg; an OSError raised mid-loop is the
-- object, or its text where OSError.raise_text is set (nginx), and
-- OSError.of gives the object back from either.
local pyos = require "pyos"
local support = require "spec.support"

local OSError = pyos.OSError

-- Every field that OSError.of must give back.
local function fields(err)
  return {errno = err.errno, strerror = err.strerror, filename = err.filename,
          filename2 = err.filename2, name = err.name}
end

describe("a failure", function()
  it("is nil, msg, errno, err with msg == tostring(err)", function()
    local n = select("#", pyos.stat("/no/such"))
    assert.equal(4, n)
    local ok, msg, code, err = pyos.stat("/no/such")
    assert.is_nil(ok)
    assert.equal("[Errno 2] No such file or directory: '/no/such'", msg)
    assert.equal(pyos.errno.ENOENT, code)
    assert.equal(OSError, getmetatable(err))
    assert.equal(msg, tostring(err))
    assert.equal("FileNotFoundError", err.name)
  end)

  it("makes the real assert raise Python's text at the caller's line", function()
    local line = debug.getinfo(1, "l").currentline + 1
    local ok, e = pcall(function() _G.assert(pyos.rename("/no/a", "/no/b")) end)
    assert.is_false(ok)
    assert.equal(debug.getinfo(1, "S").short_src .. ":" .. line
                 .. ": [Errno 2] No such file or directory: '/no/a' -> '/no/b'", e)
  end)

  it("gives a message that string functions and format take", function()
    local _, msg = pyos.open("/no/such", pyos.O_RDONLY)
    assert.truthy(msg:find("No such file", 1, true))
    assert.equal("E: " .. msg, string.format("E: %s", msg))
  end)
end)

describe("pyos.OSError.of", function()
  local names = {
    "plain", "it's", "both ' and \"", "back\\slash", "tab\tnew\nline\r",
    "\127del\1ctl", "caf\195\169", "\240\159\152\128 emoji", "\255\254 not utf-8",
    "\195 cut", "\194\133 C1", "\237\160\128 surrogate bytes", "\226\128\139 zwsp",
    "\243\160\128\129 tag", "", "x -> y", "a: b", "[Errno 2] inside",
  }

  it("parses back every name Python's repr can show", function()
    for _, name in ipairs(names) do
      local err = OSError(2, nil, name)
      local back = OSError.of(tostring(err))
      assert.is_not_nil(back, name)
      assert.same(fields(err), fields(back))
      assert.equal(OSError, getmetatable(back))
      local two = OSError(18, nil, name, name .. "2")
      assert.same(fields(two), fields(OSError.of(tostring(two))))
    end
  end)

  it("parses fds and messages without a name", function()
    for _, err in ipairs({OSError(9, nil, 999), OSError(9, nil, -1),
                          OSError(2), OSError(13, nil, 3, "x")}) do
      assert.same(fields(err), fields(OSError.of(tostring(err))))
    end
    local _, msg, _, err = pyos.fstat(999999)
    assert.same(fields(err), fields(OSError.of(msg)))
  end)

  it("returns the object itself and nil for anything else", function()
    local err = OSError(2, nil, "x")
    assert.equal(err, OSError.of(err))
    for _, v in ipairs({"", "boom", "[Errno x] y", "[Errno 2]", "[Errno 2] a: 'open",
                        "[Errno 2] a: 'x' junk", {}, 42, true}) do
      assert.is_nil(OSError.of(v), tostring(v))
    end
    assert.is_nil(OSError.of(nil))
    assert.is_nil(OSError.of(setmetatable({}, {__tostring = function() return "x" end})))
  end)

  it("parses a message with the position assert() and error() put in front", function()
    local ok, e = pcall(function() _G.assert(pyos.stat("/no/such")) end)
    assert.is_false(ok)
    local err = OSError.of(e)
    assert.equal("FileNotFoundError", err.name)
    assert.equal("/no/such", err.filename)
    assert.same(fields(err), fields(OSError.of("x.lua:12: " .. tostring(err))))
    assert.is_nil(OSError.of("x.lua: [Errno 2] y"))      -- no line number
    assert.is_nil(OSError.of(": [Errno 2] y"))
    assert.equal(1, select("#", OSError.of("nothing")))  -- one nil, not none
  end)
end)

describe("an OSError raised mid-loop", function()
  local dir

  before_each(function()
    dir = support.tmpdir()
    assert(pyos.symlink("loop", dir .. "/loop"))    -- stat() gives ELOOP
  end)
  after_each(function()
    OSError.raise_text = false
    support.cleanup()
  end)

  local function raised()
    local got
    for e in pyos.scandir(dir) do
      local ok, v = pcall(e.is_dir, e)
      assert.is_false(ok)
      got = v
    end
    return got
  end

  it("is the object by default outside nginx", function()
    assert.is_false(OSError.raise_text)
    local err = raised()
    assert.equal(OSError, getmetatable(err))
    assert.equal("OSError", err.name)
    assert.equal(pyos.errno.ELOOP, err.errno)
    assert.equal(dir .. "/loop", err.filename)
    assert.equal(err, OSError.of(err))
  end)

  it("is the text when raise_text is set, and of() gives the object", function()
    OSError.raise_text = true
    local msg = raised()
    assert.equal("string", type(msg))
    assert.equal("[Errno 40] Too many levels of symbolic links: '" .. dir .. "/loop'", msg)
    local err = OSError.of(msg)
    assert.equal(pyos.errno.ELOOP, err.errno)
    assert.equal(dir .. "/loop", err.filename)
  end)

  it("from the Lua layer (fwalk) follows raise_text too", function()
    local aux = require "pyos._aux"
    local err = OSError(5, nil, "x")
    local ok, v = pcall(aux.raise, err)
    assert.is_false(ok)
    assert.equal(err, v)
    OSError.raise_text = true
    ok, v = pcall(aux.raise, err)
    assert.is_false(ok)
    assert.equal("[Errno 5] Input/output error: 'x'", v)
  end)
end)
