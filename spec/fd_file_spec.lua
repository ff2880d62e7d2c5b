-- pyos.fdopen: a Lua io file owning an fd, on every runtime the io
-- library's own type (LuaJIT: see doc/fd.md). Checked through io.open,
-- /proc and the fd itself.
local pyos = require "pyos"
local support = require "support"
local testkit = require "pyos_testkit"

-- Every test does finally(cleanup) first and registers closers with defer().
local defer, cleanup = support.defer, support.cleanup

local raises = support.assert_raises
local oserror = support.assert_oserror
local quote = support.quote

-- A command line running the pyos under test in a child interpreter:
-- support.sh drops LD_PRELOAD, which a sanitizer build (make check) needs.
local function child(cmd)
  local preload = os.getenv("LD_PRELOAD")
  if preload and preload ~= "" then
    return "LD_PRELOAD=" .. quote(preload) .. " " .. cmd
  end
  return cmd
end

local function tmpfile(content)
  local p = support.tmpdir() .. "/f"
  support.writefile(p, content or "")
  return p
end

local function isopen(fd)
  for _, v in ipairs(testkit.fds()) do
    if v == fd then return true end
  end
  return false
end

describe("pyos.fdopen", function()
  it("gives an io file that reads every format", function()
    finally(cleanup)
    local p = tmpfile("12 3.5 line one\nline two\nrest")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    local f = assert(pyos.fdopen(fd))
    defer(function() if io.type(f) == "file" then f:close() end end)
    assert.equal("file", io.type(f))
    assert.matches("^file %(", tostring(f))
    -- 5.3+ take formats without "*"; 5.1 and 5.2 only with it; "L" is 5.2+
    local star = _VERSION == "Lua 5.1" or _VERSION == "Lua 5.2"
    assert.equal(12, f:read("*n"))
    assert.equal(3.5, f:read(star and "*n" or "n"))
    assert.equal(" line one", f:read(star and "*l" or "l"))
    if _VERSION == "Lua 5.1" and not jit then
      assert.equal("line two", f:read("*l"))
    else
      assert.equal("line two\n", f:read(star and "*L" or "L"))
    end
    assert.equal("re", f:read(2))
    assert.equal("st", f:read("*a"))
    assert.is_nil(f:read("*l"))
    assert.equal("", f:read(star and "*a" or "a"))
    assert.equal(0, f:seek("set"))
    local lines = {}
    for l in f:lines() do lines[#lines + 1] = l end
    assert.same({"12 3.5 line one", "line two", "rest"}, lines)
    assert.is_true(f:close())
    assert.equal("closed file", io.type(f))
    assert.is_false(isopen(fd))
  end)

  it("writes through to the file; write returns the file", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_RDWR))
    local f = assert(pyos.fdopen(fd, "r+"))
    defer(function() if io.type(f) == "file" then f:close() end end)
    -- write returns the file on 5.2+, true on 5.1 and LuaJIT: as io.open's
    local t = io.tmpfile()
    local same = t:write("") == t
    t:close()
    assert.equal(same and f or true, f:write("abc", 12, "\n"))
    assert.is_true(f:flush())
    assert.equal("abc12\n", support.readfile(p))
    assert.is_true(f:setvbuf("no"))
    f:write("x")
    assert.equal("abc12\nx", support.readfile(p))
    assert.equal(2, f:seek("set", 2))
    assert.equal("c1", f:read(2))
    assert.equal(7, f:seek("end"))
    io.output(f)
    io.write("via io.write")
    io.output(io.stdout)
    f:close()
    assert.equal("abc12\nxvia io.write", support.readfile(p))
  end)

  it("closes the fd exactly once: close, then the collector", function()
    finally(cleanup)
    local p = tmpfile("data")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    local f = assert(pyos.fdopen(fd, "rb"))
    assert.is_true(f:close())
    assert.is_false(isopen(fd))
    raises("closed file", f.read, f)
    -- the number comes back for the next open; collecting f must not
    -- close it
    local fd2 = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd2) end)
    assert.equal(fd, fd2)
    f = nil
    collectgarbage(); collectgarbage()
    assert.is_true(isopen(fd2))
    assert.equal("data", pyos.read(fd2, 10))
  end)

  it("is closed by the collector when dropped", function()
    finally(cleanup)
    local p = tmpfile("data")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    local f = assert(pyos.fdopen(fd))
    assert.equal("da", f:read(2))
    f = nil
    collectgarbage(); collectgarbage()
    assert.is_false(isopen(fd))
  end)

  it("honours buffering: 0 writes at once, a size buffers", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    local f = assert(pyos.fdopen(w, "w", 0))
    defer(function() f:close(); pyos.close(r) end)
    f:write("now")
    assert.equal("now", pyos.read(r, 10))
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_WRONLY))
    local g = assert(pyos.fdopen(fd, {mode = "w", buffering = 4096}))
    g:write("later")
    assert.equal("", support.readfile(p))
    g:close()
    assert.equal("later", support.readfile(p))
  end)

  it("fails on a bad fd and keeps the fd on a mode mismatch", function()
    finally(cleanup)
    oserror({errno = "EBADF", str = "[Errno 9] Bad file descriptor"},
            pyos.fdopen(999))
    local p = tmpfile("x")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    oserror({errno = "EINVAL"}, pyos.fdopen(fd, "w"))
    assert.is_true(isopen(fd))
    raises("bad argument #2 to 'pyos.fdopen' %(invalid mode 'rw'%)", pyos.fdopen, fd, "rw")
    raises("bad argument #2 to 'pyos.fdopen' %(invalid mode 'x'%)", pyos.fdopen, fd, "x")
    raises("bad argument #3 to '.-' %(value out of range", pyos.fdopen, fd, "r", -2)
    collectgarbage(); collectgarbage()
    assert.is_true(isopen(fd))
  end)

  it("works in Neovim's LuaJIT", function()
    finally(cleanup)
    if support.runtime ~= "luajit" then
      pending("runs with the LuaJIT build only") return
    end
    local _, hasnvim = support.sh("command -v nvim")
    if not hasnvim then pending("no nvim here") return end
    local p = tmpfile("from nvim\n")
    local code = [[
local ok, res = pcall(function()
  local pyos = require "pyos"
  local fd = assert(pyos.open(]] .. string.format("%q", p) .. [[, pyos.O_RDWR))
  local f = assert(pyos.fdopen(fd, "r+"))
  local line = f:read("*l")
  f:write("written")
  f:close()
  return io.type(f) .. " " .. line
end)
io.stdout:write(tostring(ok) .. " " .. tostring(res) .. "\n")
]]
    local script = support.tmpdir() .. "/t.lua"
    support.writefile(script, code)
    local out = support.sh(child("timeout 60 nvim --headless -u NONE -i NONE -n -c "
                           .. quote("luafile " .. script) .. " -c 'qa!'"))
    assert.matches("true closed file from nvim", out)
    assert.equal("from nvim\nwritten", support.readfile(p))
  end)
end)
