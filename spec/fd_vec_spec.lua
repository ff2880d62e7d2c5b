-- pyos.fd: readv, writev, preadv, pwritev, sendfile, copy_file_range,
-- splice. Contents are checked through io.open / python3.
local pyos = require "pyos"
local support = require "support"

-- Every test does finally(cleanup) first and registers closers with defer().
local defer, cleanup = support.defer, support.cleanup

local raises = support.assert_raises
local oserror = support.assert_oserror
local python = support.python

local EBADF = "[Errno 9] Bad file descriptor"

local function closeall(list) support.closeall(pyos, list) end

local function tmpfile(content, name)
  local dir = support.tmpdir()
  local p = dir .. "/" .. (name or "f")
  support.writefile(p, content or "")
  return p, dir
end

describe("pyos.readv and pyos.writev", function()
  it("writev writes the strings in order and returns the count", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_WRONLY))
    defer(function() pyos.close(fd) end)
    assert.equal(9, pyos.writev(fd, {"abc", "", "de\0", "fgh"}))
    assert.equal(0, pyos.writev(fd, {}))
    assert.equal("abcde\0fgh", support.readfile(p))
  end)

  it("readv returns one string per size and the total", function()
    finally(cleanup)
    local p = tmpfile("0123456789")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local t, n = pyos.readv(fd, {3, 0, 4})
    assert.same({"012", "", "3456"}, t)
    assert.equal(7, n)
    t, n = pyos.readv(fd, {2, 5, 1})           -- a short read
    assert.same({"78", "9", ""}, t)
    assert.equal(3, n)
    t, n = pyos.readv(fd, {4})
    assert.same({""}, t)
    assert.equal(0, n)
  end)

  it("readv with huge sizes reads what is there", function()
    finally(cleanup)
    local p = tmpfile("abc")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local t, n = pyos.readv(fd, {2, 2 ^ 40})
    assert.same({"ab", "c"}, t)
    assert.equal(3, n)
  end)

  it("raise on bad vectors; fail with EBADF", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    raises("bad argument #2 to '.-' %(buffers%[2%]: string or pyos%.Buffer expected, got number%)",
           pyos.writev, w, {"a", 1})
    raises("bad argument #2 to '.-' %(buffers%[1%]: value must not be negative%)",
           pyos.readv, r, {-1})
    raises("bad argument #2 to '.-' %(buffers%[1%]: integer expected, got string%)", pyos.readv, r, {"1"})
    raises("bad argument #2 to '.-' %(buffers%[1%]: number has no integer representation%)", pyos.readv, r, {1.5})
    raises("bad argument #2 to '.-' %(total size too large%)", pyos.readv, r,
           {2 ^ 62, 2 ^ 62})
    raises("bad argument #2 to '.-' %(table expected", pyos.readv, r, 5)
    oserror({errno = "EBADF", str = EBADF}, pyos.readv(999, {1}))
    oserror({errno = "EBADF", str = EBADF}, pyos.writev(999, {"x"}))
    local many = {}
    for i = 1, 1025 do many[i] = "x" end
    oserror({errno = "EINVAL"}, pyos.writev(w, many))
  end)

  it("take more vectors than fit on the stack", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    local bufs, sizes = {}, {}
    for i = 1, 200 do bufs[i] = string.char(65 + i % 26); sizes[i] = 1 end
    assert.equal(200, pyos.writev(w, bufs))
    local t, n = pyos.readv(r, sizes)
    assert.equal(200, n)
    assert.same(bufs, t)
  end)
end)

describe("pyos.preadv and pyos.pwritev", function()
  it("work at an offset, leaving the position alone", function()
    finally(cleanup)
    local p = tmpfile("0123456789")
    local fd = assert(pyos.open(p, pyos.O_RDWR))
    defer(function() pyos.close(fd) end)
    assert.equal(4, pyos.pwritev(fd, {"ab", "cd"}, 3))
    assert.equal(0, pyos.lseek(fd, 0, pyos.SEEK_CUR))
    assert.equal("012abcd789", support.readfile(p))
    local t, n = pyos.preadv(fd, {2, 3}, 5)
    assert.same({"cd", "789"}, t)
    assert.equal(5, n)
    assert.equal(0, pyos.lseek(fd, 0, pyos.SEEK_CUR))
  end)

  it("pass flags: RWF_APPEND appends whatever the offset", function()
    finally(cleanup)
    local p = tmpfile("0123")
    local fd = assert(pyos.open(p, pyos.O_RDWR))
    defer(function() pyos.close(fd) end)
    local n, _, _, err = pyos.pwritev(fd, {"xy"}, 0, pyos.RWF_APPEND)
    if n == nil and err.errno == pyos.errno.EOPNOTSUPP then
      pending("pwritev2 flags unsupported here") return
    end
    assert.equal(2, n)
    assert.equal("0123xy", support.readfile(p))
    assert.equal(2, pyos.pwritev(fd, {"zz"}, 0, pyos.RWF_DSYNC))
    assert.equal("zz23xy", support.readfile(p))
    local t = pyos.preadv(fd, {3}, 1, pyos.RWF_HIPRI)
    if type(t) == "table" then assert.same({"z23"}, t) end
  end)

  it("fail as python3 does on unknown flags and bad fds", function()
    finally(cleanup)
    local p = tmpfile("0123")
    local fd = assert(pyos.open(p, pyos.O_RDWR))
    defer(function() pyos.close(fd) end)
    local want = python([[
import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    os.pwritev(fd, [b"x"], 0, 0x40000000)
except OSError as e:
    print(e)]], p)
    local _, err = pyos.pwritev(fd, {"x"}, 0, 0x40000000)
    assert.equal(want, tostring(err))
    local _, err2 = pyos.preadv(fd, {1}, 0, 0x40000000)
    assert.equal(want, tostring(err2))
    oserror({errno = "EBADF", str = EBADF}, pyos.preadv(999, {1}, 0))
    oserror({errno = "EBADF", str = EBADF}, pyos.pwritev(999, {"x"}, 0))
    raises("bad argument #3 to '.-' %(value must not be negative%)",
           pyos.preadv, fd, {1}, -1)
  end)
end)

describe("pyos.sendfile", function()
  it("copies from the current position when offset is nil", function()
    finally(cleanup)
    local src = tmpfile("0123456789")
    local dst = tmpfile("", "g")
    local i = assert(pyos.open(src, pyos.O_RDONLY))
    local o = assert(pyos.open(dst, pyos.O_WRONLY))
    defer(function() closeall({i, o}) end)
    pyos.lseek(i, 2, pyos.SEEK_SET)
    assert.equal(5, pyos.sendfile(o, i, nil, 5))
    assert.equal(7, pyos.lseek(i, 0, pyos.SEEK_CUR))
    assert.equal(3, pyos.sendfile(o, i, 0, 3))       -- offset given:
    assert.equal(7, pyos.lseek(i, 0, pyos.SEEK_CUR)) -- position unchanged
    assert.equal(3, pyos.sendfile(o, i, nil, 100))
    assert.equal(0, pyos.sendfile(o, i, nil, 100))
    assert.equal("23456012789", support.readfile(dst))
  end)

  it("takes its parameters by name and fails with EBADF", function()
    finally(cleanup)
    local src = tmpfile("abc")
    local i = assert(pyos.open(src, pyos.O_RDONLY))
    local r, w = assert(pyos.pipe())
    defer(function() closeall({i, r, w}) end)
    assert.equal(2, pyos.sendfile({out_fd = w, in_fd = i, offset = 1, count = 2}))
    assert.equal("bc", pyos.read(r, 10))
    oserror({errno = "EBADF", str = EBADF}, pyos.sendfile(999, i, nil, 1))
    raises("bad argument #4 to '.-' %(value must not be negative%)",
           pyos.sendfile, w, i, nil, -1)
  end)
end)

describe("pyos.copy_file_range", function()
  it("copies with and without offsets", function()
    finally(cleanup)
    local src = tmpfile("0123456789")
    local dst = tmpfile("", "g")
    local i = assert(pyos.open(src, pyos.O_RDONLY))
    local o = assert(pyos.open(dst, pyos.O_WRONLY))
    defer(function() closeall({i, o}) end)
    assert.equal(4, pyos.copy_file_range(i, o, 4))
    assert.equal(4, pyos.lseek(i, 0, pyos.SEEK_CUR))
    assert.equal(2, pyos.copy_file_range(i, o, 2, 8, 10))
    assert.equal(4, pyos.lseek(i, 0, pyos.SEEK_CUR))   -- offsets given: unmoved
    assert.equal(4, pyos.lseek(o, 0, pyos.SEEK_CUR))
    assert.equal(1, pyos.copy_file_range(i, o, 1, {offset_src = 0}))
    assert.is_true("0123" .. "0\0\0\0\0\0" .. "89" == support.readfile(dst))
    oserror({errno = "EBADF", str = EBADF}, pyos.copy_file_range(999, o, 1))
    raises("unknown option 'offset'", pyos.copy_file_range, i, o, 1, {offset = 1})
  end)
end)

describe("pyos.splice", function()
  it("moves data between a pipe and a file", function()
    finally(cleanup)
    local src = tmpfile("0123456789")
    local dst = tmpfile("", "g")
    local i = assert(pyos.open(src, pyos.O_RDONLY))
    local o = assert(pyos.open(dst, pyos.O_WRONLY))
    local r, w = assert(pyos.pipe())
    defer(function() closeall({i, o, r, w}) end)
    assert.equal(4, pyos.splice(i, w, 4, 3))            -- offset_src = 3
    assert.equal(0, pyos.lseek(i, 0, pyos.SEEK_CUR))
    assert.equal(4, pyos.splice(r, o, 4, nil, nil, pyos.SPLICE_F_MOVE))
    assert.equal("3456", support.readfile(dst))
    assert.equal(2, pyos.splice(i, w, 2, {flags = pyos.SPLICE_F_MORE}))
    assert.equal(2, pyos.splice(r, o, 2, nil, 10))
    assert.is_true("3456\0\0\0\0\0\0" .. "01" == support.readfile(dst))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"},
            pyos.splice(i, o, 1))                       -- no pipe at either end
    oserror({errno = "EBADF", str = EBADF}, pyos.splice(999, w, 1))
  end)

  it("SPLICE_F_NONBLOCK gives BlockingIOError on an empty pipe", function()
    finally(cleanup)
    local dst = tmpfile()
    local o = assert(pyos.open(dst, pyos.O_WRONLY))
    local r, w = assert(pyos.pipe2(pyos.O_NONBLOCK))
    defer(function() closeall({o, r, w}) end)
    oserror({errno = "EAGAIN", name = "BlockingIOError"},
            pyos.splice(r, o, 10, nil, nil, pyos.SPLICE_F_NONBLOCK))
  end)
end)
