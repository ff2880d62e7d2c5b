-- The shared layer: namespace, argument checking, options tables, OSError.
local pyos = require "pyos"
local support = require "support"

local raises = support.assert_raises

describe("the pyos namespace", function()
  it("merges every area into one flat table", function()
    for _, area in ipairs({"fs", "fd", "proc", "sched", "xattr", "sys"}) do
      assert.is_table(pyos[area])
      assert.equal(pyos[area], package.loaded["pyos." .. area])
      for k, v in pairs(pyos[area]) do
        assert.equal(v, pyos[k], area .. "." .. k)
      end
    end
    assert.equal(pyos.fs.stat, pyos.stat)
    assert.equal(pyos.fd.open, pyos.open)
  end)

  it("keeps every name in exactly one area", function()
    local owner = {}
    for _, area in ipairs({"fs", "fd", "proc", "sched", "xattr", "sys"}) do
      for k in pairs(pyos[area]) do
        assert.is_nil(owner[k], k .. " is in " .. tostring(owner[k]) .. " and " .. area)
        owner[k] = area
      end
    end
  end)

  it("falls back to Lua's os for names Python's lacks", function()
    for _, name in ipairs({"exit", "time", "clock", "date", "difftime",
                           "tmpname", "execute", "setlocale"}) do
      assert.equal(os[name], pyos[name], name)
      assert.is_nil(rawget(pyos, name), name)
    end
  end)

  it("has a version", function()
    assert.matches("^pyos %d+%.%d+%.%d+$", pyos._VERSION)
  end)

  it("keys supports_* by the namespace's function values", function()
    assert.is_true(pyos.supports_dir_fd[pyos.stat])
    assert.is_true(pyos.supports_fd[pyos.stat])
    assert.is_true(pyos.supports_follow_symlinks[pyos.stat])
    assert.is_nil(pyos.supports_fd[pyos.lstat])
    for set, t in pairs({dir_fd = pyos.supports_dir_fd, fd = pyos.supports_fd,
                         follow = pyos.supports_follow_symlinks,
                         eff = pyos.supports_effective_ids}) do
      for fn, v in pairs(t) do
        assert.equal("function", type(fn), set)
        assert.is_true(v)
      end
    end
  end)
end)

describe("path arguments", function()
  it("raise on an embedded NUL byte instead of truncating", function()
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.stat, "/etc\0/passwd")
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.lstat, "\0")
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.open, "/\0", 0)
  end)

  it("raise on wrong types", function()
    raises("bad argument #1 to '.-' %(string, integer or path%-like expected, got nil%)", pyos.stat)
    raises("bad argument #1 to '.-' %(string, integer or path%-like expected, got nil%)", pyos.stat, nil)
    raises("bad argument #1 to '.-' %(string, integer or path%-like expected, got boolean%)", pyos.stat, true)
    raises("bad argument #1 to '.-' %(string, integer or path%-like expected, got function%)", pyos.stat, print)
    raises("string or path%-like expected, got number", pyos.lstat, 3)
  end)

  it("accept values with __fspath", function()
    local p = setmetatable({}, {__fspath = function() return "/" end})
    assert.equal(pyos.stat("/").st_ino, assert(pyos.stat(p)).st_ino)
    local bad = setmetatable({}, {__fspath = function() return 42 end})
    raises("__fspath must return a string, got number", pyos.stat, bad)
    local nul = setmetatable({}, {__fspath = function() return "a\0b" end})
    raises("embedded null byte", pyos.stat, nul)
  end)

  it("report the __fspath result as the file name", function()
    local p = setmetatable({}, {__fspath = function() return "/no/such" end})
    support.assert_oserror({errno = "ENOENT", filename = "/no/such",
      str = "[Errno 2] No such file or directory: '/no/such'"}, pyos.stat(p))
  end)
end)

describe("integer arguments", function()
  it("accept integral floats", function()
    local fd = assert(pyos.open("/dev/null", pyos.O_RDONLY + 0.0))
    assert.is_true(pyos.close(fd * 1.0))
  end)

  it("reject fractions, NaN, inf and out-of-range values", function()
    raises("bad argument #1 to '.-' %(number has no integer representation%)", pyos.fstat, 3.5)
    raises("number has no integer representation", pyos.fstat, 0/0)
    raises("number has no integer representation", pyos.fstat, math.huge)
    raises("number has no integer representation", pyos.fstat, -math.huge)
    raises("value out of range", pyos.fstat, 2^31)
    raises("value out of range", pyos.fstat, -2^31 - 1)
    raises("value out of range", pyos.fstat, 2^63)
    raises("value must not be negative", pyos.S_ISDIR, -1)
    raises("value out of range", pyos.S_ISDIR, 2^32)
  end)

  it("reject strings, even numeric ones", function()
    raises("bad argument #1 to '.-' %(integer expected, got string%)", pyos.fstat, "1")
    raises("integer expected, got nil", pyos.fstat)
    raises("integer expected, got nil", pyos.fstat, nil)
    raises("integer expected, got table", pyos.fstat, {})
  end)
end)

describe("too many arguments", function()
  it("raise", function()
    raises("bad argument #2 to '.-' %(too many arguments%)", pyos.fstat, 1, 2)
    raises("bad argument #3 to '.-' %(too many arguments%)", pyos.stat, "/", {}, 1)
    raises("bad argument #2 to '.-' %(too many arguments%)", pyos.strerror, 1, nil)
  end)
end)

describe("options tables", function()
  it("raise on unknown keys, naming the key", function()
    raises("bad argument #2 to '.-' %(unknown option 'follow_symlink'%)",
           pyos.stat, "/", {follow_symlink = false})
    raises("unknown option 'follow_symlinks'", pyos.lstat, "/", {follow_symlinks = false})
    raises("option names must be strings", pyos.stat, "/", {true})
  end)

  it("must be tables in the options slot", function()
    raises("bad argument #2 to '.-' %(options table expected, got string%)",
           pyos.stat, "/", "x")
  end)

  it("check the types of their values", function()
    raises("option 'follow_symlinks': boolean expected, got number",
           pyos.stat, "/", {follow_symlinks = 0})
    raises("option 'dir_fd': integer expected, got string",
           pyos.stat, "/", {dir_fd = "3"})
    raises("option 'dir_fd': number has no integer representation",
           pyos.stat, "/", {dir_fd = 1.5})
  end)

  it("accept nil in the options slot", function()
    assert.is_userdata(pyos.stat("/", nil))
  end)

  it("may stand in an earlier slot, leaving later positional ones absent", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local fd = assert(pyos.open(dir .. "/f", pyos.O_CREAT + pyos.O_WRONLY, {mode = 416}))
    pyos.close(fd)
    assert.equal("640", support.sh("stat -c %a " .. support.quote(dir .. "/f")):match("%d+"))
  end)

  it("take positional parameters by name, but not both ways", function()
    local fd = assert(pyos.open("/dev/null", nil, {flags = pyos.O_RDONLY}))
    pyos.close(fd)
    raises("bad argument #3 to '.-' %('mode' given both by position and as an option%)",
           pyos.open, "/x", 0, 438, {mode = 438})
  end)

  it("are never a path-like value", function()
    local p = setmetatable({}, {__fspath = function() return "/" end})
    assert.is_userdata(pyos.stat(p))
  end)
end)

describe("OSError", function()
  it("is what a failed call returns, with Python's fields", function()
    local ok, msg, code, err = pyos.stat("/no/such/file")
    support.assert_oserror({errno = "ENOENT", name = "FileNotFoundError",
      filename = "/no/such/file",
      str = "[Errno 2] No such file or directory: '/no/such/file'"}, ok, msg, code, err)
    assert.equal("No such file or directory", err.strerror)
    assert.is_nil(err.filename2)
  end)

  it("prints exactly what python3 prints", function()
    local names = {"plain", "it's", 'say "hi"', "both ' and \"", "tab\tnl\n",
                   "caf\195\169", "bad\255byte", "\226\130", "back\\slash",
                   "\127del", "\226\128\168sep", "\240\159\152\128"}
    for _, name in ipairs(names) do
      local err = pyos.OSError(2, nil, name)
      local hex = name:gsub(".", function(c) return string.format("%02x", c:byte()) end)
      local want = support.python([[
import os, sys
print(str(OSError(2, os.strerror(2), os.fsdecode(bytes.fromhex(sys.argv[1])))))]], hex)
      assert.equal(want, tostring(err))
    end
  end)

  it("shows both names of a two-name call", function()
    local err = pyos.OSError(18, nil, "a", "b")
    assert.equal("[Errno 18] Invalid cross-device link: 'a' -> 'b'", tostring(err))
  end)

  it("shows an fd as a number", function()
    support.assert_oserror({errno = "EBADF", name = "OSError", filename = 999,
      str = "[Errno 9] Bad file descriptor: 999"}, pyos.stat(999))
  end)

  it("maps errno values to Python's exception names", function()
    local cases = {
      EAGAIN = "BlockingIOError", EALREADY = "BlockingIOError",
      EINPROGRESS = "BlockingIOError", ECHILD = "ChildProcessError",
      EPIPE = "BrokenPipeError", ESHUTDOWN = "BrokenPipeError",
      ECONNABORTED = "ConnectionAbortedError", ECONNREFUSED = "ConnectionRefusedError",
      ECONNRESET = "ConnectionResetError", EEXIST = "FileExistsError",
      ENOENT = "FileNotFoundError", EISDIR = "IsADirectoryError",
      ENOTDIR = "NotADirectoryError", EINTR = "InterruptedError",
      EACCES = "PermissionError", EPERM = "PermissionError",
      ESRCH = "ProcessLookupError", ETIMEDOUT = "TimeoutError",
      EINVAL = "OSError", EIO = "OSError", EBADF = "OSError",
    }
    for name, class in pairs(cases) do
      assert.equal(class, pyos.OSError(pyos.errno[name]).name, name)
    end
    local py = support.python([[
import errno
for n in ("EAGAIN","ECHILD","EPIPE","ENOENT","EEXIST","EPERM","ESRCH","EINVAL"):
    print(n, type(OSError(getattr(errno, n), "x")).__name__)]])
    for n, class in py:gmatch("(%S+) (%S+)") do
      assert.equal(class, pyos.OSError(pyos.errno[n]).name, n)
    end
  end)

  it("concatenates on either side", function()
    local err = pyos.OSError(2, "No such file or directory", "x")
    assert.equal("failed: [Errno 2] No such file or directory: 'x'", "failed: " .. err)
    assert.equal("[Errno 2] No such file or directory: 'x'!", err .. "!")
  end)

  it("is built by pyos.OSError and pyos.error", function()
    assert.equal(pyos.OSError, pyos.error)
    local err = pyos.error(13, "Permission denied", "/root/x")
    assert.equal(pyos.OSError, getmetatable(err))
    assert.equal("PermissionError", err.name)
    assert.equal(13, err.errno)
    assert.equal("[Errno 13] Permission denied: '/root/x'", tostring(err))
    assert.equal("[Errno 2] No such file or directory", tostring(pyos.OSError(2)))
    raises("integer expected", pyos.OSError, "x")
  end)

  it("makes assert() raise a readable error", function()
    local line = debug.getinfo(1, "l").currentline + 1
    local ok, msg = pcall(function() _G.assert(pyos.stat("/no/such")) end)
    assert.is_false(ok)
    -- assert adds the caller's position to a string message, on every runtime
    assert.equal(debug.getinfo(1, "S").short_src .. ":" .. line
                 .. ": [Errno 2] No such file or directory: '/no/such'", msg)
  end)
end)

describe("pyos.errno", function()
  it("maps every name Python knows to the same number", function()
    local out = support.python([[
import errno
for n in dir(errno):
    if n.startswith("E"): print(n, getattr(errno, n))]])
    local count = 0
    for name, n in out:gmatch("(%S+) (%d+)") do
      assert.equal(tonumber(n), pyos.errno[name], name)
      count = count + 1
    end
    assert.is_true(count > 120)
  end)

  it("maps numbers back as Python's errorcode does", function()
    local out = support.python([[
import errno
for n, name in sorted(errno.errorcode.items()): print(n, name)]])
    for n, name in out:gmatch("(%d+) (%S+)") do
      assert.equal(name, pyos.errno.errorcode[tonumber(n)], n)
    end
  end)
end)

describe("pyos.strerror", function()
  it("gives the system's message, as python3 does", function()
    for _, n in ipairs({1, 2, 13, 22, 28, 9999}) do
      assert.equal(support.python("import os, sys; print(os.strerror(int(sys.argv[1])))",
                                  n), pyos.strerror(n))
    end
  end)
end)
