-- pyos.fd: terminals and pseudo-terminals, checked through python3 on the
-- same pty and, for login_tty, in a spawned child interpreter.
local pyos = require "pyos"
local support = require "support"

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

local ENOTTY = "[Errno 25] Inappropriate ioctl for device"
local EBADF = "[Errno 9] Bad file descriptor"

local function closeall(list) support.closeall(pyos, list) end

-- Run python3 code with the tty at path as its stdin; its stdout.
local function pyontty(code, path)
  local out, ok = support.sh(support.PYTHON .. " -c " .. quote(code) .. " < " .. quote(path))
  assert(ok, out)
  return (out:gsub("\n$", ""))
end

local function openpty()
  local m, s = assert(pyos.openpty())
  defer(function() closeall({m, s}) end)
  return m, s
end

describe("pyos.openpty", function()
  it("gives a connected master and slave, both non-inheritable", function()
    finally(cleanup)
    local m, s = openpty()
    assert.is_false(pyos.get_inheritable(m))
    assert.is_false(pyos.get_inheritable(s))
    assert.equal(4, pyos.write(m, "abc\n"))
    assert.equal("abc\n", pyos.read(s, 100))
    assert.equal(3, pyos.write(s, "xyz"))
    local seen = ""
    for _ = 1, 10 do                 -- the echo of "abc" comes first
      seen = seen .. pyos.read(m, 100)
      if seen:find("xyz", 1, true) then break end
    end
    assert.matches("xyz$", seen)
    raises("too many arguments", pyos.openpty, 1)
  end)
end)

describe("pyos.isatty, pyos.ttyname, pyos.ptsname", function()
  it("agree with python3 looking at the same pty", function()
    finally(cleanup)
    local m, s = openpty()
    local name = assert(pyos.ttyname(s))
    assert.matches("^/dev/pts/%d+$", name)
    assert.equal(name, pyos.ptsname(m))
    assert.is_true(pyos.isatty(s))
    assert.is_true(pyos.isatty(m))
    assert.equal("True " .. name,
                 pyontty("import os; print(os.isatty(0), os.ttyname(0))", name))
  end)

  it("say no for files and bad fds", function()
    finally(cleanup)
    local fd = assert(pyos.open("/dev/null", pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local f = assert(pyos.open("/proc/self/status", pyos.O_RDONLY))
    defer(function() pyos.close(f) end)
    assert.is_false(pyos.isatty(f))
    assert.is_false(pyos.isatty(999))
    assert.is_false(pyos.isatty(-1))
    oserror({errno = "ENOTTY", str = ENOTTY}, pyos.ttyname(f))
    oserror({errno = "EBADF", str = EBADF}, pyos.ttyname(999))
    oserror({errno = "ENOTTY", str = ENOTTY}, pyos.ptsname(f))
  end)
end)

describe("pyos.posix_openpt, grantpt, unlockpt", function()
  it("make a usable master whose slave python3 can open", function()
    finally(cleanup)
    local m = assert(pyos.posix_openpt(pyos.O_RDWR + pyos.O_NOCTTY))
    defer(function() pyos.close(m) end)
    assert.is_false(pyos.get_inheritable(m))
    assert.is_true(pyos.grantpt(m))
    assert.is_true(pyos.unlockpt(m))
    local name = assert(pyos.ptsname(m))
    assert.equal("True", pyontty("import os; print(os.isatty(0))", name))
  end)

  it("fail on things that are not pty masters", function()
    finally(cleanup)
    local f = assert(pyos.open("/proc/self/status", pyos.O_RDONLY))
    defer(function() pyos.close(f) end)
    local _, _, _, err = pyos.grantpt(f)
    assert.equal(pyos.OSError, getmetatable(err))
    assert.is_nil(err.filename)
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"}, pyos.unlockpt(f))
    oserror({errno = "EBADF", str = EBADF}, pyos.unlockpt(999))
    oserror({errno = "ENOTDIR", str = "[Errno 20] Not a directory"},
            pyos.posix_openpt(pyos.O_RDWR + pyos.O_DIRECTORY))
  end)
end)

describe("pyos.get_terminal_size", function()
  it("reads the window size that python3 set on the pty", function()
    finally(cleanup)
    local m, s = openpty()
    local name = pyos.ttyname(s)
    pyontty([[
import fcntl, struct, termios
fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 33, 101, 0, 0))]], name)
    local t = assert(pyos.get_terminal_size(s))
    assert.equal(101, t.columns)
    assert.equal(33, t.lines)
    assert.equal(101, t[1])
    assert.equal(33, t[2])
    assert.equal("os.terminal_size(columns=101, lines=33)", tostring(t))
    assert.equal(tostring(t), pyontty("import os; print(os.get_terminal_size(0))", name))
    assert.same({columns = 101, lines = 33, 101, 33}, {columns = t.columns,
                lines = t.lines, t[1], t[2]})
  end)

  it("uses stdout by default and fails with ENOTTY elsewhere", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    oserror({errno = "ENOTTY", name = "OSError", str = ENOTTY},
            pyos.get_terminal_size(r))
    local t, _, _, err = pyos.get_terminal_size()
    if pyos.isatty(1) then
      assert.is_table(t)
    else
      assert.equal(pyos.errno.ENOTTY, err.errno)
    end
    oserror({errno = "EBADF", str = EBADF}, pyos.get_terminal_size(999))
  end)
end)

describe("pyos.device_encoding", function()
  it("is nil for a non-terminal and python3's answer for a tty", function()
    finally(cleanup)
    local m, s = openpty()
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    assert.is_nil(pyos.device_encoding(r))
    assert.is_nil(pyos.device_encoding(999))
    local want = pyontty("import os; print(os.device_encoding(0))", pyos.ttyname(s))
    assert.equal(want, pyos.device_encoding(s))
  end)
end)

describe("pyos.tcgetpgrp and pyos.tcsetpgrp", function()
  it("fail with ENOTTY on a pty that is not the controlling terminal", function()
    finally(cleanup)
    local m, s = openpty()
    oserror({errno = "ENOTTY", str = ENOTTY}, pyos.tcgetpgrp(s))
    oserror({errno = "ENOTTY", str = ENOTTY}, pyos.tcsetpgrp(s, 1))
    oserror({errno = "EBADF", str = EBADF}, pyos.tcgetpgrp(999))
  end)
end)

describe("pyos.login_tty", function()
  it("makes the pty the controlling terminal and stdio of a child", function()
    finally(cleanup)
    -- Run in a spawned interpreter (it calls setsid): it reports through
    -- a dup of its original stdout.
    local script = [[
local pyos = require "pyos"
local out = assert(pyos.dup(1))
local m, s = assert(pyos.openpty())
local name = pyos.ttyname(s)
assert(pyos.login_tty(s))
local f = io.open("/proc/self/stat"); local st = f:read("*a"); f:close()
local pid, pgrp, sid, tpgid = st:match("^(%d+) %b() %S+ %d+ (%d+) (%d+) %d+ (%-?%d+)")
local res = {
  tostring(pyos.isatty(0) and pyos.isatty(1) and pyos.isatty(2)),
  tostring(pyos.ttyname(0) == name and pyos.ttyname(2) == name),
  tostring(sid == pid),
  tostring(pyos.tcgetpgrp(0) == tonumber(pgrp) and tonumber(tpgid) == tonumber(pgrp)),
  tostring(pyos.tcsetpgrp(0, tonumber(pgrp))),
  tostring(pyos.get_inheritable(s) == nil or s <= 2),
}
pyos.write(out, table.concat(res, " "))
]]
    local out, ok = support.sh(child(support.runtime .. " -e " .. quote(script)))
    assert(ok, out)
    assert.equal("true true true true true true", out)
  end)

  it("fails on something that is not a terminal", function()
    finally(cleanup)
    local f = assert(pyos.open("/proc/self/status", pyos.O_RDONLY))
    defer(function() pyos.close(f) end)
    -- login_tty starts with setsid(): try it only in a child.
    local script = [[
local pyos = require "pyos"
local f = pyos.open("/proc/self/status", pyos.O_RDONLY)
local ok, err = pyos.login_tty(f)
io.write(tostring(ok), " ", tostring(err))
]]
    local out, ok = support.sh(child(support.runtime .. " -e " .. quote(script)))
    assert(ok, out)
    assert.equal("nil " .. ENOTTY, out)
  end)
end)
