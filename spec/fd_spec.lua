-- pyos.fd: open, close, read, write and the calls on one descriptor.
-- Terminals: fd_tty_spec.lua; memfd/eventfd/timerfd: fd_kern_spec.lua;
-- vectored I/O and in-kernel copies: fd_vec_spec.lua; fdopen:
-- fd_file_spec.lua. Every effect is checked through python3, io.open,
-- /proc or a second process, never through the function under test alone.
local pyos = require "pyos"
local support = require "support"

-- Every test does finally(cleanup) first and registers closers with defer().
local defer, cleanup = support.defer, support.cleanup
local testkit = require "pyos_testkit"

local unpack = table.unpack or unpack
local raises = support.assert_raises
local oserror = support.assert_oserror
local python = support.python
local quote = support.quote

local EBADF = "[Errno 9] Bad file descriptor"

-- Is bit set in n (both non-negative integers)? For 5.1 and LuaJIT.
local function hasbit(n, bit)
  return math.floor(n / bit) % 2 == 1
end

-- The flags line of /proc/self/fdinfo/fd, as a number.
local function fdflags(fd)
  local f = assert(io.open("/proc/self/fdinfo/" .. fd))
  local s = f:read("*a")
  f:close()
  return tonumber(s:match("flags:%s*(%d+)"), 8)
end

local O_CLOEXEC, O_NONBLOCK = 524288, 2048   -- 02000000, 04000

local function closeall(list) support.closeall(pyos, list) end

-- A temp file with content; returns its path.
local function tmpfile(content)
  local dir = support.tmpdir()
  local p = dir .. "/f"
  support.writefile(p, content or "")
  return p, dir
end

describe("pyos.fd constants", function()
  it("equal python3's, and every name python3 has is here", function()
    finally(cleanup)
    local want = python([[
import os
prefixes = ("O_", "SEEK_", "F_LOCK", "F_TLOCK", "F_ULOCK", "F_TEST",
            "POSIX_FADV_", "RWF_", "SPLICE_F_", "MFD_", "EFD_", "TFD_")
for n in sorted(dir(os)):
    if n.startswith(prefixes):
        print(n, getattr(os, n))]])
    local n = 0
    for line in (want .. "\n"):gmatch("([^\n]+)\n") do
      local name, value = line:match("^(%S+) (%-?%d+)$")
      assert.equal(tonumber(value), pyos[name], name)
      n = n + 1
    end
    assert.is_true(n > 60)
  end)

  it("include the timerfd flags of the kernel headers", function()
    finally(cleanup)
    assert.equal(pyos.O_CLOEXEC, pyos.TFD_CLOEXEC)
    assert.equal(pyos.O_NONBLOCK, pyos.TFD_NONBLOCK)
    assert.equal(1, pyos.TFD_TIMER_ABSTIME)
    assert.equal(2, pyos.TFD_TIMER_CANCEL_ON_SET)
  end)
end)

describe("pyos.open", function()
  it("creates with mode and always adds O_CLOEXEC", function()
    finally(cleanup)
    local dir = support.tmpdir()
    local fd = assert(pyos.open(dir .. "/new", pyos.O_WRONLY + pyos.O_CREAT, 420))
    defer(function() pyos.close(fd) end)
    assert.is_true(hasbit(fdflags(fd), O_CLOEXEC))
    assert.equal(python("import os; m = os.umask(0); print(oct(0o644 & ~m))"),
                 python("import os, sys; print(oct(os.stat(sys.argv[1]).st_mode & 0o777))",
                        dir .. "/new"))
    assert.is_false(pyos.get_inheritable(fd))
  end)

  it("takes flags and mode by name and dir_fd", function()
    finally(cleanup)
    local dir = support.tmpdir()
    local d = assert(pyos.open(dir, pyos.O_RDONLY))
    local fd = assert(pyos.open("rel", {flags = pyos.O_RDWR + pyos.O_CREAT,
                                        mode = 384, dir_fd = d}))
    assert.equal(1, pyos.write(fd, "x"))
    pyos.close(fd); pyos.close(d)
    assert.equal("x", support.readfile(dir .. "/rel"))
  end)

  it("fails with the file name, as Python", function()
    finally(cleanup)
    local dir = support.tmpdir()
    oserror({errno = "ENOENT", name = "FileNotFoundError", filename = dir .. "/no",
             str = "[Errno 2] No such file or directory: '" .. dir .. "/no'"},
            pyos.open(dir .. "/no", pyos.O_RDONLY))
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.open, "a\0b", 0)
  end)
end)

describe("pyos.close and pyos.closerange", function()
  it("close frees the fd; a bad fd gives EBADF without a name", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    assert.is_true(pyos.close(r))
    assert.is_true(pyos.close(w))
    oserror({errno = "EBADF", name = "OSError", str = EBADF}, pyos.close(r))
  end)

  it("closerange closes fd_low <= fd < fd_high and ignores gaps", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    for fd = 900, 903 do assert(pyos.dup2(r, fd)) end
    pyos.close(901)                     -- a gap in the range is fine
    assert.is_true(pyos.closerange(900, 903))
    local open = {}
    for _, fd in ipairs(testkit.fds()) do open[fd] = true end
    assert.is_nil(open[900]); assert.is_nil(open[902])
    assert.is_true(open[903])
    closeall({903, r, w})
    assert.is_true(pyos.closerange(5, 5))   -- empty range
    assert.is_true(pyos.closerange(10, 3))
  end)
end)

describe("pyos.read and pyos.write", function()
  it("move bytes through a pipe; read gives \"\" at end of file", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    assert.equal(6, pyos.write(w, "a\0b\255cd"))
    assert.equal("a\0b", pyos.read(r, 3))
    assert.equal("\255cd", pyos.read(r, 100))
    assert.equal(0, pyos.write(w, ""))
    pyos.close(w); w = -1
    assert.equal("", pyos.read(r, 10))
    assert.equal("", pyos.read(r, 0))
  end)

  it("write puts the bytes in the file", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_WRONLY + pyos.O_APPEND))
    assert.equal(5, pyos.write(fd, "hello"))
    assert.equal(2, pyos.write(fd, "\n\0"))
    pyos.close(fd)
    assert.equal("hello\n\0", support.readfile(p))
    assert.equal("68656c6c6f0a00", python(
      "import sys; print(open(sys.argv[1], 'rb').read().hex())", p))
  end)

  it("reads big files whole with a huge n, without allocating n", function()
    finally(cleanup)
    local content = string.rep("0123456789abcdef", 5 * 65536 + 3)  -- 5 MiB + 48
    local p = tmpfile(content)
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local got = pyos.read(fd, 2 ^ 40)      -- 1 TiB asked: the file is read
    assert.equal(#content, #got)
    assert.is_true(got == content)
    assert.equal("", pyos.read(fd, 2 ^ 31))
    assert.equal("89ab", pyos.pread(fd, 4, 8))
    assert.equal(#content - 16, #pyos.pread(fd, 2 ^ 33, 16))
  end)

  it("reads /proc files (size 0) with a huge n", function()
    finally(cleanup)
    local fd = assert(pyos.open("/proc/self/status", pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local s = pyos.read(fd, 2 ^ 32)
    assert.matches("^Name:", s)
    assert.matches("\nPid:", s)
  end)

  it("reads a pipe with n in the GiB range", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    pyos.write(w, "some")
    assert.equal("some", pyos.read(r, 3 * 2 ^ 30))
  end)

  it("raise on a negative or impossible n and on bad types", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    raises("bad argument #2 to '.-' %(value must not be negative%)", pyos.read, r, -1)
    raises("bad argument #2 to '.-' %(value out of range", pyos.read, r, 2 ^ 63)
    raises("bad argument #2 to '.-' %(value out of range", pyos.read, r, 2 ^ 70)
    raises("bad argument #2 to '.-' %(number has no integer representation%)",
           pyos.read, r, 1.5)
    raises("bad argument #2 to '.-' %(string or pyos%.Buffer expected, got table%)", pyos.write, w, {})
    raises("bad argument #3 to '.-' %(too many arguments%)", pyos.read, r, 1, 2)
    raises("bad argument #3 to '.-' %(too many arguments%)", pyos.write, w, "", 2)
  end)

  it("fail with EBADF and no file name", function()
    finally(cleanup)
    oserror({errno = "EBADF", str = EBADF}, pyos.read(999, 1))
    oserror({errno = "EBADF", str = EBADF}, pyos.read(999, 100000))
    oserror({errno = "EBADF", str = EBADF}, pyos.write(999, "x"))
    oserror({errno = "EBADF", str = EBADF}, pyos.pread(999, 1, 0))
    oserror({errno = "EBADF", str = EBADF}, pyos.pwrite(999, "x", 0))
  end)

  it("give BlockingIOError on a non-blocking fd with no data", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe2(pyos.O_NONBLOCK))
    defer(function() closeall({r, w}) end)
    local err = oserror({errno = "EAGAIN", name = "BlockingIOError",
                         str = "[Errno 11] Resource temporarily unavailable"},
                        pyos.read(r, 10))
    assert.is_nil(err.filename)
    -- a full pipe refuses a write the same way
    local chunk, total = string.rep("x", 65536), 0
    while true do
      local n, _, _, e = pyos.write(w, chunk)
      if not n then
        assert.equal("BlockingIOError", e.name)
        break
      end
      total = total + n
    end
    assert.is_true(total >= 4096)
  end)
end)

describe("EINTR", function()
  local function latewriter() return support.latewriter(pyos) end

  it("a blocking read interrupted by signals is retried", function()
    finally(cleanup)
    if debug.gethook() then pending("a Lua hook is set by the runner") return end
    local r, p = latewriter()
    defer(function() testkit.interrupt(0); pyos.close(r); p:close() end)
    local before = testkit.interrupt(0.05, 0.05)
    local data = pyos.read(r, 10)
    local after = testkit.interrupt(0)
    assert.equal("x\n", data)
    assert.is_true(after > before, "no signal arrived during the read")
  end)

  -- A full pipe (filled while non-blocking) and a shell child that drains
  -- the inherited read end after a while.
  local function fullpipe()
    local r, w = assert(pyos.pipe())
    assert(pyos.set_blocking(w, false))
    local chunk = string.rep("x", 4096)
    while pyos.write(w, chunk) do end
    assert(pyos.set_blocking(w, true))
    assert(pyos.set_inheritable(r, true))
    local p = assert(io.popen("sleep 0.3; cat <&" .. r .. " >/dev/null", "r"))
    pyos.close(r)
    return w, p
  end

  it("a blocking write to a full pipe interrupted by signals is retried", function()
    finally(cleanup)
    if debug.gethook() then pending("a Lua hook is set by the runner") return end
    local w, p = fullpipe()
    defer(function() testkit.interrupt(0); pyos.close(w); p:close() end)
    local before = testkit.interrupt(0.05, 0.05)
    local n = pyos.write(w, string.rep("y", 4096))
    local after = testkit.interrupt(0)
    assert.equal(4096, n)
    assert.is_true(after > before, "no signal arrived during the write")
  end)

  it("with a Lua hook pending, the write returns InterruptedError", function()
    finally(cleanup)
    local w, p = fullpipe()
    defer(function() debug.sethook(); testkit.interrupt(0); pyos.close(w); p:close() end)
    debug.sethook(function() end, "", 1000000000)
    testkit.interrupt(0.05)
    local ok, msg, code, err = pyos.write(w, string.rep("y", 4096))
    debug.sethook()
    testkit.interrupt(0)
    oserror({errno = "EINTR", name = "InterruptedError",
             str = "[Errno 4] Interrupted system call"}, ok, msg, code, err)
  end)

  it("with a Lua hook pending, the read returns InterruptedError", function()
    finally(cleanup)
    local r, p = latewriter()
    defer(function() debug.sethook(); testkit.interrupt(0); pyos.close(r); p:close() end)
    debug.sethook(function() end, "", 1000000000)
    testkit.interrupt(0.05)
    local ok, msg, code, err = pyos.read(r, 10)
    debug.sethook()
    testkit.interrupt(0)
    oserror({errno = "EINTR", name = "InterruptedError",
             str = "[Errno 4] Interrupted system call"}, ok, msg, code, err)
  end)
end)

describe("pyos.pread and pyos.pwrite", function()
  it("work at an offset and leave the file position alone", function()
    finally(cleanup)
    local p = tmpfile("0123456789")
    local fd = assert(pyos.open(p, pyos.O_RDWR))
    defer(function() pyos.close(fd) end)
    assert.equal(3, pyos.lseek(fd, 3, pyos.SEEK_SET))
    assert.equal("67", pyos.pread(fd, 2, 6))
    assert.equal(3, pyos.pwrite(fd, "abc", 1))
    assert.equal(3, pyos.lseek(fd, 0, pyos.SEEK_CUR))
    assert.equal("", pyos.pread(fd, 5, 100))
    assert.equal("0abc456789", support.readfile(p))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"},
            pyos.pread(fd, 1, -1))
    local r, w = assert(pyos.pipe())
    oserror({errno = "ESPIPE", str = "[Errno 29] Illegal seek"}, pyos.pread(r, 1, 0))
    closeall({r, w})
  end)
end)

describe("pyos.lseek", function()
  it("SEEK_SET, SEEK_CUR, SEEK_END move the position", function()
    finally(cleanup)
    local p = tmpfile("0123456789")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    assert.equal(4, pyos.lseek(fd, 4, pyos.SEEK_SET))
    assert.equal("45", pyos.read(fd, 2))
    assert.equal(5, pyos.lseek(fd, -1, pyos.SEEK_CUR))
    assert.equal(8, pyos.lseek(fd, -2, pyos.SEEK_END))
    assert.equal("89", pyos.read(fd, 5))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"},
            pyos.lseek(fd, -100, pyos.SEEK_SET))
  end)

  it("SEEK_DATA and SEEK_HOLE agree with python3 on a sparse file", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_RDWR))
    defer(function() pyos.close(fd) end)
    assert(pyos.ftruncate(fd, 4 * 1048576))
    assert(pyos.pwrite(fd, "data", 2 * 1048576))
    local want = python([[
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
print(os.lseek(fd, 0, os.SEEK_DATA), os.lseek(fd, 0, os.SEEK_HOLE))]], p)
    local d = pyos.lseek(fd, 0, pyos.SEEK_DATA)
    local h = pyos.lseek(fd, 0, pyos.SEEK_HOLE)
    assert.equal(want, string.format("%d %d", d, h))
    oserror({errno = "ENXIO"}, pyos.lseek(fd, 3 * 1048576, pyos.SEEK_DATA))
  end)

  it("fails on a pipe with ESPIPE", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    oserror({errno = "ESPIPE", str = "[Errno 29] Illegal seek"},
            pyos.lseek(r, 0, pyos.SEEK_CUR))
  end)
end)

describe("pyos.dup and pyos.dup2", function()
  it("dup shares the file and its offset, non-inheritable", function()
    finally(cleanup)
    local p = tmpfile("abcdef")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    local d = assert(pyos.dup(fd))
    defer(function() closeall({fd, d}) end)
    assert.are_not.equal(fd, d)
    assert.is_true(hasbit(fdflags(d), O_CLOEXEC))
    assert.equal("ab", pyos.read(fd, 2))
    assert.equal("cd", pyos.read(d, 2))
    oserror({errno = "EBADF", str = EBADF}, pyos.dup(999))
  end)

  it("dup2 is inheritable by default, not with inheritable = false", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w, 700, 701, 702}) end)
    assert.equal(700, pyos.dup2(w, 700))
    assert.is_false(hasbit(fdflags(700), O_CLOEXEC))
    assert.equal(701, pyos.dup2(w, 701, false))
    assert.is_true(hasbit(fdflags(701), O_CLOEXEC))
    assert.equal(702, pyos.dup2(w, 702, {inheritable = false}))
    assert.is_true(hasbit(fdflags(702), O_CLOEXEC))
    assert.equal(2, pyos.write(701, "hi"))
    assert.equal("hi", pyos.read(r, 2))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"},
            pyos.dup2(701, 701, false))
    oserror({errno = "EBADF", str = EBADF}, pyos.dup2(999, 703))
    raises("given both by position and as an option", pyos.dup2, w, 703, true,
           {inheritable = true})
  end)
end)

describe("the file behind an fd", function()
  it("fchmod changes the mode", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    assert.is_true(pyos.fchmod(fd, 416))   -- 0o640
    assert.equal("0o640", python(
      "import os, sys; print(oct(os.stat(sys.argv[1]).st_mode & 0o777))", p))
    oserror({errno = "EBADF", str = EBADF}, pyos.fchmod(999, 416))
  end)

  it("fchown changes the owner (root) or refuses (EPERM)", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    if support.isroot then
      assert.is_true(pyos.fchown(fd, 1234, -1))
      assert.is_true(pyos.fchown(fd, -1, 4321))
      assert.equal("1234 4321", python(
        "import os, sys; s = os.stat(sys.argv[1]); print(s.st_uid, s.st_gid)", p))
    else
      oserror({errno = "EPERM", name = "PermissionError"}, pyos.fchown(fd, 0, 0))
    end
    oserror({errno = "EBADF", str = EBADF}, pyos.fchown(999, -1, -1))
    raises("bad argument #2 to '.-' %(value out of range", pyos.fchown, fd, -2, 0)
  end)

  it("ftruncate sets the size; fsync and fdatasync succeed", function()
    finally(cleanup)
    local p = tmpfile("0123456789")
    local fd = assert(pyos.open(p, pyos.O_RDWR))
    defer(function() pyos.close(fd) end)
    assert.is_true(pyos.ftruncate(fd, 4))
    assert.equal("0123", support.readfile(p))
    assert.is_true(pyos.ftruncate(fd, 6))
    assert.equal("0123\0\0", support.readfile(p))
    assert.is_true(pyos.fsync(fd))
    assert.is_true(pyos.fdatasync(fd))
    oserror({errno = "EINVAL"}, pyos.ftruncate(fd, -1))
    oserror({errno = "EBADF", str = EBADF}, pyos.fsync(999))
    oserror({errno = "EBADF", str = EBADF}, pyos.fdatasync(999))
    local r, w = assert(pyos.pipe())
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"}, pyos.fsync(r))
    closeall({r, w})
  end)

  it("posix_fallocate grows the file; posix_fadvise accepts advice", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_RDWR))
    defer(function() pyos.close(fd) end)
    local ok, _, _, err = pyos.posix_fallocate(fd, 0, 65536)
    if ok == nil and err.errno == pyos.errno.EOPNOTSUPP then
      pending("the file system of /tmp has no fallocate")
      return
    end
    assert.is_true(ok)
    assert.equal("65536", python("import os, sys; print(os.stat(sys.argv[1]).st_size)", p))
    for _, a in ipairs({"NORMAL", "SEQUENTIAL", "RANDOM", "NOREUSE", "WILLNEED",
                        "DONTNEED"}) do
      assert.is_true(pyos.posix_fadvise(fd, 0, 0, pyos["POSIX_FADV_" .. a]), a)
    end
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"},
            pyos.posix_fadvise(fd, 0, 0, 12345))
    oserror({errno = "EINVAL"}, pyos.posix_fallocate(fd, 0, 0))
    oserror({errno = "EBADF", str = EBADF}, pyos.posix_fallocate(999, 0, 1))
    oserror({errno = "EBADF", str = EBADF}, pyos.posix_fadvise(999, 0, 1, 0))
  end)

  it("fstatvfs and fpathconf agree with python3", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local want = python([[
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
s = os.fstatvfs(fd)
print(s.f_bsize, s.f_namemax, s.f_flag, os.fpathconf(fd, "PC_NAME_MAX"))]], p)
    local s = assert(pyos.fstatvfs(fd))
    assert.equal(want, string.format("%d %d %d %d", s.f_bsize, s.f_namemax, s.f_flag,
                                     pyos.fpathconf(fd, "PC_NAME_MAX")))
    assert.equal(pyos.fpathconf(fd, "PC_NAME_MAX"),
                 pyos.fpathconf(fd, pyos.pathconf_names.PC_NAME_MAX))
    oserror({errno = "EBADF", str = EBADF}, pyos.fstatvfs(999))
    oserror({errno = "EBADF", str = EBADF}, pyos.fpathconf(999, "PC_NAME_MAX"))
    raises("bad argument #1 to 'pyos.fstatvfs' %(integer expected, got string%)",
           pyos.fstatvfs, p)
    raises("too many arguments", pyos.fstatvfs, fd, 1)
  end)
end)

describe("lockf", function()
  -- python3 tries F_TLOCK on the whole file from another process.
  local function trylock(p)
    return python([[
import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    os.lockf(fd, os.F_TLOCK, 0)
    print("free")
except OSError as e:
    print("locked", e.errno in (11, 13))]], p)
  end

  it("locks against another process and unlocks", function()
    finally(cleanup)
    local p = tmpfile("0123456789")
    local fd = assert(pyos.open(p, pyos.O_RDWR))
    defer(function() pyos.close(fd) end)
    assert.equal("free", trylock(p))
    assert.is_true(pyos.lockf(fd, pyos.F_LOCK, 0))
    assert.equal("locked True", trylock(p))
    assert.is_true(pyos.lockf(fd, pyos.F_TEST, 0))   -- our own lock
    assert.is_true(pyos.lockf(fd, pyos.F_ULOCK, 0))
    assert.equal("free", trylock(p))
    assert.is_true(pyos.lockf(fd, pyos.F_TLOCK, 5))
    assert.equal("locked True", trylock(p))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"},
            pyos.lockf(fd, 99, 0))
    oserror({errno = "EBADF", str = EBADF}, pyos.lockf(999, pyos.F_LOCK, 0))
  end)
end)

describe("blocking and inheritable flags", function()
  it("get_blocking and set_blocking read and set O_NONBLOCK", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    assert.is_true(pyos.get_blocking(r))
    assert.is_false(hasbit(fdflags(r), O_NONBLOCK))
    assert.is_true(pyos.set_blocking(r, false))
    assert.is_true(hasbit(fdflags(r), O_NONBLOCK))
    assert.is_false(pyos.get_blocking(r))
    assert.equal("BlockingIOError", select(4, pyos.read(r, 1)).name)
    assert.is_true(pyos.set_blocking(r, true))
    assert.is_false(hasbit(fdflags(r), O_NONBLOCK))
    oserror({errno = "EBADF", str = EBADF}, pyos.get_blocking(999))
    oserror({errno = "EBADF", str = EBADF}, pyos.set_blocking(999, true))
    raises("bad argument #2 to '.-' %(boolean expected", pyos.set_blocking, r, 1)
  end)

  it("get_inheritable and set_inheritable read and set FD_CLOEXEC", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    assert.is_false(pyos.get_inheritable(r))
    assert.is_true(pyos.set_inheritable(r, true))
    assert.is_false(hasbit(fdflags(r), O_CLOEXEC))
    assert.is_true(pyos.get_inheritable(r))
    assert.is_true(pyos.set_inheritable(r, false))
    assert.is_true(hasbit(fdflags(r), O_CLOEXEC))
    oserror({errno = "EBADF", str = EBADF}, pyos.get_inheritable(999))
    oserror({errno = "EBADF", str = EBADF}, pyos.set_inheritable(999, false))
  end)
end)

describe("pyos.pipe and pyos.pipe2", function()
  it("pipe gives two connected non-inheritable ends", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    assert.is_true(hasbit(fdflags(r), O_CLOEXEC) and hasbit(fdflags(w), O_CLOEXEC))
    assert.matches("^pipe:", testkit.fdtarget(r))
    assert.equal(testkit.fdtarget(r), testkit.fdtarget(w))
    raises("too many arguments", pyos.pipe, 1)
  end)

  it("pipe2 sets O_NONBLOCK and always O_CLOEXEC", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe2(pyos.O_NONBLOCK))
    local r2, w2 = assert(pyos.pipe2(0))
    defer(function() closeall({r, w, r2, w2}) end)
    assert.is_true(hasbit(fdflags(r), O_NONBLOCK) and hasbit(fdflags(w), O_NONBLOCK))
    assert.is_true(hasbit(fdflags(r2), O_CLOEXEC) and hasbit(fdflags(w2), O_CLOEXEC))
    assert.is_false(hasbit(fdflags(r2), O_NONBLOCK))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"}, pyos.pipe2(65535))
  end)

  it("pipe2 with O_DIRECT keeps packets apart", function()
    finally(cleanup)
    local r, w = pyos.pipe2(pyos.O_DIRECT)
    if not r then pending("no O_DIRECT pipes here") return end
    defer(function() closeall({r, w}) end)
    pyos.write(w, "one"); pyos.write(w, "two")
    assert.equal("one", pyos.read(r, 100))
    assert.equal("two", pyos.read(r, 100))
  end)
end)

describe("inheritance across exec", function()
  it("no fd made by pyos leaks, except those made inheritable", function()
    finally(cleanup)
    local dir = support.tmpdir()
    local fds, keep = {}, {}
    local function add(...) for _, fd in ipairs({...}) do fds[#fds + 1] = fd end end
    local base = assert(pyos.open(dir, pyos.O_RDONLY))
    add(base)
    add(assert(pyos.pipe()))
    add(assert(pyos.pipe2(0)))
    add(assert(pyos.dup(base)))
    add(assert(pyos.dup2(base, 650, false)))
    add(assert(pyos.memfd_create("leak", 0)))
    add(assert(pyos.eventfd(0, 0)))
    add(assert(pyos.timerfd_create(1)))
    add(assert(pyos.openpty()))
    add(assert(pyos.posix_openpt(pyos.O_RDWR)))
    local inh1 = assert(pyos.dup2(base, 651))          -- inheritable on purpose
    local inh2 = assert(pyos.open(dir, pyos.O_RDONLY))
    assert(pyos.set_inheritable(inh2, true))
    keep = {inh1, inh2}
    defer(function() closeall(fds); closeall(keep) end)
    -- ls lists the fds of the shell, which holds only what it inherited
    local out = support.sh("ls /proc/$$/fd")
    local seen = {}
    for n in out:gmatch("%d+") do seen[tonumber(n)] = true end
    for _, fd in ipairs(fds) do
      assert.is_nil(seen[fd], "fd " .. fd .. " leaked into the child")
    end
    assert.is_true(seen[inh1], "dup2'ed fd not inherited")
    assert.is_true(seen[inh2], "set_inheritable fd not inherited")
  end)
end)
