-- pyos.tempfile against the file system and against python3's tempfile:
-- names, modes, O_CLOEXEC, O_EXCL retries (forced through tempfile._namer,
-- as CPython's tests mock _get_candidate_names), cleanup on every path
-- (cleanup(), <close>, the garbage collector, read-only subdirectories as
-- an unprivileged user), gettempdir's candidates, and every error.
local support = require "support"
local pyos = require "pyos"
local tf = require "pyos.tempfile"

local PY_NAMES = [[
import sys, tempfile
names = iter(sys.argv[2:])
tempfile._get_candidate_names = lambda: names
]]

local function mode(p)
  return pyos.S_IMODE(assert(pyos.lstat(p)).st_mode)
end

local function listdir(d)
  local names = assert(pyos.listdir(d))
  table.sort(names)
  return names
end

-- The fd whose /proc/self/fd link reads target.
local function fdof(target)
  for _, n in ipairs(assert(pyos.listdir("/proc/self/fd"))) do
    if pyos.readlink("/proc/self/fd/" .. n) == target then return tonumber(n) end
  end
end

-- The open flags the kernel holds for fd (octal in /proc/self/fdinfo).
local function fdflags(fd)
  local info = support.readfile("/proc/self/fdinfo/" .. fd)
  return tonumber(info:match("flags:%s*(%d+)"), 8)
end

local O_CLOEXEC = pyos.O_CLOEXEC

local function hasflag(flags, bit)
  return math.floor(flags / bit) % 2 == 1
end

-- tempfile._namer replaced by a fixed list of names (then fails).
-- The namer is restored at the end of the test whatever happens.
local function fixednames(list)
  local saved, i = tf._namer, 0
  tf._namer = function()
    i = i + 1
    return assert(list[i], "namer asked too often")
  end
  local function restore()
    tf._namer = saved
    return i
  end
  finally(restore)
  return restore
end

-- The same error from pyos and from python3 (whose last line is str(e)).
local function pyerror(code, ...)
  return support.python(PY_NAMES .. "try:\n" .. code .. "\nexcept OSError as e:\n  print(type(e).__name__, e)", ...)
end

describe("pyos.tempfile", function()
  it("is reachable as pyos.tempfile", function()
    assert.equal(tf, pyos.tempfile)
    assert.equal("tmp", tf.gettempprefix())
    assert.equal(tf.gettempprefix, tf.gettempprefixb)
    assert.equal(tf.gettempdir, tf.gettempdirb)
  end)
end)

describe("pyos.tempfile.mkstemp", function()
  it("makes a 0600 file, O_CLOEXEC and O_EXCL, named as Python names them", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local fd, name = tf.mkstemp(".s", "p_", dir)
    finally(function() pyos.close(fd) end)
    assert.is_number(fd)
    assert.matches("^" .. dir:gsub("%p", "%%%0") .. "/p_[a-z0-9_]+%.s$", name)
    assert.equal(8, #name - #dir - #"/p_.s")
    assert.equal(tonumber("600", 8), mode(name))
    assert.is_true(pyos.S_ISREG(assert(pyos.lstat(name)).st_mode))
    assert.equal(fd, fdof(name))
    assert.is_true(hasflag(fdflags(fd), O_CLOEXEC))
    assert.is_false(pyos.get_inheritable(fd))
    assert.equal(pyos.O_RDWR, fdflags(fd) % 4)
    assert.equal(3, assert(pyos.write(fd, "abc")))
    -- Python's names have the same shape
    local pyname = support.python("import tempfile, os, sys\nfd, n = tempfile.mkstemp(dir=sys.argv[1])\nos.unlink(n)\nprint(os.path.basename(n))", dir)
    assert.matches("^tmp[a-z0-9_]+$", pyname)
    assert.equal(11, #pyname)
  end)

  it("takes its parameters by position or by name, not both", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local fd, name = tf.mkstemp({suffix = ".x", prefix = "q", dir = dir, text = true})
    pyos.close(fd)
    assert.matches("/q[a-z0-9_]+%.x$", name)
    fd, name = tf.mkstemp(".y", {dir = dir})
    pyos.close(fd)
    assert.matches("^" .. dir:gsub("%p", "%%%0") .. "/tmp[a-z0-9_]+%.y$", name)
    support.assert_raises("bad argument #1 to 'pyos.tempfile.mkstemp' %('suffix' given both by position and as an option%)",
                          tf.mkstemp, ".y", {suffix = ".z"})
  end)

  it("gives 10,000 distinct names, all created", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local seen, n = {}, 0
    for _ = 1, 10000 do
      local fd, name = assert(tf.mkstemp(nil, nil, dir))
      pyos.close(fd)
      assert(not seen[name], name)
      seen[name] = true
      n = n + 1
    end
    assert.equal(10000, n)
    assert.equal(10000, #pyos.listdir(dir))
  end)

  it("draws fresh names in a forked child", function()
    local r, w = assert(pyos.pipe())
    local pid = assert(pyos.fork())
    if pid == 0 then
      pyos.close(r)
      local names = {}
      for i = 1, 200 do names[i] = tf._namer() end
      pyos.write(w, table.concat(names, "\n"))
      pyos._exit(0)
    end
    pyos.close(w)
    local mine = {}
    for _ = 1, 200 do mine[tf._namer()] = true end
    local parts = {}
    repeat
      local s = assert(pyos.read(r, 65536))
      parts[#parts + 1] = s
    until s == ""
    pyos.close(r)
    assert(pyos.waitpid(pid, 0))
    local n = 0
    for name in table.concat(parts):gmatch("[^\n]+") do
      n = n + 1
      assert.matches("^[a-z0-9_]+$", name)
      assert.equal(8, #name)
      assert.is_nil(mine[name])
    end
    assert.equal(200, n)
  end)

  it("tries the next name when one exists (O_EXCL), and leaves the existing file alone", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    support.writefile(dir .. "/tmpaaaaaaaa", "mine")
    local restore = fixednames({"aaaaaaaa", "aaaaaaaa", "bbbbbbbb"})
    local fd, name = tf.mkstemp(nil, nil, dir)
    assert.equal(3, restore())
    pyos.close(fd)
    assert.equal(dir .. "/tmpbbbbbbbb", name)
    assert.equal("mine", support.readfile(dir .. "/tmpaaaaaaaa"))
    assert.same({"tmpaaaaaaaa", "tmpbbbbbbbb"}, listdir(dir))
  end)

  it("a symlink with the drawn name is not followed (O_NOFOLLOW|O_EXCL)", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    assert(pyos.symlink(dir .. "/target", dir .. "/tmpaaaaaaaa"))
    local restore = fixednames({"aaaaaaaa", "cccccccc"})
    local fd, name = tf.mkstemp(nil, nil, dir)
    restore()
    pyos.close(fd)
    assert.equal(dir .. "/tmpcccccccc", name)
    assert.is_nil(pyos.lstat(dir .. "/target"))
  end)

  it("two processes drawing the same names never share a file", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local list = {}
    for i = 1, 50 do list[i] = ("n%07d"):format(i) end
    -- each child takes names from the same list; O_EXCL makes each file
    -- one child's: every created name is reported by exactly one child
    local pipes, pids = {}, {}
    for c = 1, 2 do
      local r, w = assert(pyos.pipe())
      local pid = assert(pyos.fork())
      if pid == 0 then
        pyos.close(r)
        local i = 0
        tf._namer = function() i = i + 1 return list[i] or "z" .. i end
        local got = {}
        for _ = 1, 20 do
          local fd, name = tf.mkstemp(nil, nil, dir)
          if fd then pyos.close(fd); got[#got + 1] = name end
        end
        pyos.write(w, table.concat(got, "\n"))
        pyos._exit(0)
      end
      pyos.close(w)
      pipes[c], pids[c] = r, pid
    end
    local owner, total = {}, 0
    for c = 1, 2 do
      local s = ""
      repeat
        local part = assert(pyos.read(pipes[c], 65536))
        s = s .. part
      until part == ""
      pyos.close(pipes[c])
      assert(pyos.waitpid(pids[c], 0))
      for name in s:gmatch("[^\n]+") do
        assert.is_nil(owner[name], name .. " created twice")
        owner[name] = c
        total = total + 1
      end
    end
    assert.equal(40, total)
    assert.equal(40, #pyos.listdir(dir))
  end)

  it("gives up after TMP_MAX names: FileExistsError, as Python", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    support.writefile(dir .. "/tmpaaaaaaaa", "")
    local saved = tf.TMP_MAX
    tf.TMP_MAX = 5
    local restore = fixednames({"aaaaaaaa", "aaaaaaaa", "aaaaaaaa", "aaaaaaaa", "aaaaaaaa",
                                "aaaaaaaa", "aaaaaaaa", "aaaaaaaa", "aaaaaaaa", "aaaaaaaa"})
    local r = {tf.mkstemp(nil, nil, dir)}
    local r2 = {tf.mkdtemp(nil, nil, dir)}
    tf.TMP_MAX = saved
    assert.equal(10, restore())
    local py = pyerror("  tempfile.TMP_MAX = 5\n  tempfile.mkstemp(dir=sys.argv[1])", dir,
                       "aaaaaaaa", "aaaaaaaa", "aaaaaaaa", "aaaaaaaa", "aaaaaaaa")
    assert.equal("FileExistsError [Errno 17] No usable temporary file name found", py)
    support.assert_oserror({errno = "EEXIST", name = "FileExistsError",
                            str = "[Errno 17] No usable temporary file name found"},
                           r[1], r[2], r[3], r[4])
    support.assert_oserror({errno = "EEXIST", name = "FileExistsError",
                            str = "[Errno 17] No usable temporary directory name found"},
                           r2[1], r2[2], r2[3], r2[4])
    assert.equal(238328, saved)          -- os.TMP_MAX on glibc, as Python's
    assert.equal(saved, tonumber(support.python("import tempfile; print(tempfile.TMP_MAX)")))
  end)

  it("fails as Python for a missing directory and for a file", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    support.writefile(dir .. "/file", "")
    for _, case in ipairs({{dir .. "/missing", "FileNotFoundError", "ENOENT"},
                           {dir .. "/file", "NotADirectoryError", "ENOTDIR"}}) do
      local where, ename, errno = case[1], case[2], case[3]
      for _, fname in ipairs({"mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile",
                              "TemporaryDirectory"}) do
        local py = pyerror("  tempfile." .. fname .. "(dir=sys.argv[1])", where, "abcdefgh")
        local restore = fixednames({"abcdefgh"})
        local r = {tf[fname]({dir = where})}
        restore()
        local want = py:match("^(%S+) (.*)$")
        assert.equal(ename, want, fname)
        support.assert_oserror({errno = errno, name = ename, str = select(2, py:match("^(%S+) (.*)$")),
                                filename = where .. "/tmpabcdefgh"}, r[1], r[2], r[3], r[4])
      end
    end
  end)

  it("raises for misuse, naming pyos.tempfile.mkstemp at the caller's line", function()
    local ok, err = pcall(function() tf.mkstemp(1) end)
    assert.is_false(ok)
    assert.matches("^spec/tempfile_spec.lua:%d+: bad argument #1 to 'pyos.tempfile.mkstemp'", err)
    ok, err = pcall(function() tf.NamedTemporaryFile({delete_on_close = 1}) end)
    assert.matches("^spec/tempfile_spec.lua:%d+: bad argument #1 to 'pyos.tempfile.NamedTemporaryFile'", err)
        support.assert_raises("bad argument #1 to 'pyos.tempfile.mkstemp' %(string expected, got number%)", tf.mkstemp, 1)
    support.assert_raises("bad argument #2 to 'pyos.tempfile.mkstemp' %(embedded null byte%)", tf.mkstemp, nil, "a\0b")
    support.assert_raises("bad argument #1 to 'pyos.tempfile.mkstemp' %(option 'suffix': embedded null byte%)", tf.mkstemp, {suffix = "\0"})
    support.assert_raises("bad argument #3 to 'pyos.tempfile.mkstemp' %(embedded null byte%)", tf.mkstemp, nil, nil, "/tmp\0")
    support.assert_raises("bad argument #1 to 'pyos.tempfile.mkstemp' %(unknown option 'sufix'%)", tf.mkstemp, {sufix = ""})
    support.assert_raises("bad argument #5 to 'pyos.tempfile.mkstemp' %(options table expected, got number%)", tf.mkstemp, nil, nil, nil, nil, 1)
    support.assert_raises("bad argument #6 to 'pyos.tempfile.mkstemp' %(too many arguments%)", tf.mkstemp, nil, nil, nil, nil, {}, 1)
    support.assert_raises("bad argument #4 to 'pyos.tempfile.mkstemp' %(boolean expected, got string%)", tf.mkstemp, nil, nil, nil, "yes")
    support.assert_raises("bad argument #1 to 'pyos.tempfile.mkdtemp' %(string expected, got table%)", tf.mkdtemp, setmetatable({}, {__fspath = function() return "x" end}))
    support.assert_raises("bad argument #1 to 'pyos.tempfile.gettempdir' %(too many arguments%)", tf.gettempdir, 1)
    support.assert_raises("bad argument #5 to 'pyos.tempfile.mktemp' %(too many arguments%)", tf.mktemp, nil, nil, nil, {}, 1)
  end)

  it("accepts a path-like dir", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local p = setmetatable({}, {__fspath = function() return dir end})
    local fd, name = assert(tf.mkstemp(nil, nil, p))
    pyos.close(fd)
    assert.equal(dir, pyos.path.dirname(name))
  end)
end)

describe("pyos.tempfile.mkdtemp", function()
  it("makes a 0700 directory and returns its absolute name (Python 3.12+)", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local d = assert(tf.mkdtemp("_s", "p", dir))
    assert.matches("^" .. dir:gsub("%p", "%%%0") .. "/p[a-z0-9_]+_s$", d)
    assert.equal(tonumber("700", 8), mode(d))
    assert.is_true(pyos.S_ISDIR(assert(pyos.lstat(d)).st_mode))
    local rel = pyos.path.relpath(dir)
    local d2 = assert(tf.mkdtemp({dir = rel}))
    assert.equal(dir, pyos.path.dirname(d2))
    assert.equal(string.byte("/"), d2:byte(1))
  end)

  it("draws the next name when a directory exists", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    assert(pyos.mkdir(dir .. "/tmpaaaaaaaa"))
    local restore = fixednames({"aaaaaaaa", "dddddddd"})
    local d = tf.mkdtemp(nil, nil, dir)
    restore()
    assert.equal(dir .. "/tmpdddddddd", d)
  end)
end)

describe("pyos.tempfile.mktemp", function()
  it("returns a name that does not exist, creating nothing", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    support.writefile(dir .. "/xaaaaaaaa.t", "")
    local restore = fixednames({"aaaaaaaa", "eeeeeeee"})
    local name = tf.mktemp(".t", "x", dir)
    restore()
    assert.equal(dir .. "/xeeeeeeee.t", name)
    assert.same({"xaaaaaaaa.t"}, listdir(dir))
  end)
end)

describe("pyos.tempfile.gettempdir", function()
  local saved
  before_each(function()
    saved = {tf.tempdir, pyos.environ.TMPDIR, pyos.environ.TEMP, pyos.environ.TMP}
  end)
  after_each(function()
    tf.tempdir = saved[1]
    pyos.environ.TMPDIR, pyos.environ.TEMP, pyos.environ.TMP = saved[2], saved[3], saved[4]
  end)

  it("skips unusable candidates in Python's order and caches the result", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    support.writefile(dir .. "/file", "")
    assert(pyos.mkdir(dir .. "/ok"))
    pyos.environ.TMPDIR = dir .. "/missing"
    pyos.environ.TEMP = dir .. "/file"
    pyos.environ.TMP = dir .. "/./ok"
    tf.tempdir = nil
    assert.equal(dir .. "/ok", tf.gettempdir())
    assert.same({}, listdir(dir .. "/ok"))              -- the probe is removed
    local py = support.python("import tempfile; print(tempfile.gettempdir())")
    assert.equal(py, tf.gettempdir())
    pyos.environ.TMP = nil
    assert.equal(dir .. "/ok", tf.gettempdir())          -- cached
    tf.tempdir = nil
    assert.equal("/tmp", tf.gettempdir())
    tf.tempdir = "/elsewhere"                            -- settable, as Python's
    assert.equal("/elsewhere", tf.gettempdir())
    local fd, name = tf.mkstemp({dir = dir})
    pyos.close(fd)
    assert.equal(dir, pyos.path.dirname(name))
  end)

  it("skips a directory the user cannot write (unprivileged child)", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    assert(pyos.mkdir(dir .. "/ro", tonumber("555", 8)))
    assert(pyos.chmod(dir .. "/ro", tonumber("555", 8)))
    assert(pyos.chmod(dir, tonumber("755", 8)))
    local code = support.inchild(pyos, function()
      if support.isroot then
        assert(pyos.setgid(65534))
        assert(pyos.setuid(65534))
      end
      pyos.environ.TMPDIR = dir .. "/ro"
      pyos.environ.TEMP, pyos.environ.TMP = nil, nil
      tf.tempdir = nil
      return tf.gettempdir() == "/tmp"
    end)
    assert.equal(0, code)
  end)

  it("fails as Python when no candidate is usable", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    -- every probe name exists ("." is the directory itself), as if
    -- 100 names were taken in each candidate
    local script = [[
local tf = require "pyos.tempfile"
require("pyos").chdir(arg[1])
tf._namer = function() return "." end
print((select(2, tf.gettempdir())))
]]
    local env = "TMPDIR=" .. support.quote(dir .. "/it's") .. " TEMP= TMP=\"$(printf 'a\\377\\nb')\" "
    local f = io.open(dir .. "/script.lua", "w")
    f:write(script)
    f:close()
    local lua = support.sh(env .. support.luacmd() .. " " .. support.quote(dir .. "/script.lua")
                           .. " " .. support.quote(dir))
    local py = support.sh("cd " .. support.quote(dir) .. " && " .. env .. support.PYTHON .. " -c "
                          .. support.quote([[
import tempfile
tempfile._RandomNameSequence.__next__ = lambda self: "."
try:
    tempfile.gettempdir()
except FileNotFoundError as e:
    print(e)
]]))
    assert.matches("^%[Errno 2%] No usable temporary directory found in %[[\"']", py)
    assert.equal(py, lua)
  end)
end)

describe("pyos.tempfile.TemporaryDirectory", function()
  local function populate(d)
    assert(pyos.makedirs(d .. "/a/b"))
    support.writefile(d .. "/a/b/f", "x")
    support.writefile(d .. "/g", "y")
    assert(pyos.symlink("/etc", d .. "/link"))
  end

  it("makes a 0700 directory that cleanup() removes with its contents", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local td = assert(tf.TemporaryDirectory("_s", "p", dir))
    assert.matches("^" .. dir:gsub("%p", "%%%0") .. "/p[a-z0-9_]+_s$", td.name)
    assert.equal(tonumber("700", 8), mode(td.name))
    assert.equal("<TemporaryDirectory '" .. td.name .. "'>", tostring(td))
    populate(td.name)
    assert.is_true(td:cleanup())
    assert.is_nil(pyos.lstat(td.name))
    assert.is_true(td:cleanup())                 -- again: nothing to do
    assert.same({}, listdir(dir))
    assert(pyos.lstat("/etc/passwd"))            -- a link is removed, not followed
  end)

  it("removes read-only and unreadable subdirectories and files", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local td = assert(tf.TemporaryDirectory({dir = dir}))
    populate(td.name)
    assert(pyos.makedirs(td.name .. "/ro/deep"))
    support.writefile(td.name .. "/ro/deep/f", "")
    support.writefile(td.name .. "/ro/f", "")
    assert(pyos.chmod(td.name .. "/ro/deep", tonumber("500", 8)))
    assert(pyos.chmod(td.name .. "/ro", tonumber("500", 8)))
    assert(pyos.chmod(td.name .. "/a/b", 0))
    assert(pyos.chmod(td.name .. "/g", 0))
    assert.is_true(td:cleanup())
    assert.is_nil(pyos.lstat(td.name))
  end)

  it("removes read-only subdirectories as an unprivileged user (chmod fixes)", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    assert(pyos.chmod(dir, tonumber("777", 8)))
    local code = support.inchild(pyos, function()
      if support.isroot then
        assert(pyos.setgid(65534))
        assert(pyos.setuid(65534))
      end
      local td = assert(tf.TemporaryDirectory({dir = dir}))
      local n = td.name
      assert(pyos.makedirs(n .. "/ro/deep"))
      support.writefile(n .. "/ro/deep/f", "")
      support.writefile(n .. "/ro/f", "")
      assert(pyos.makedirs(n .. "/none/x"))
      support.writefile(n .. "/none/x/f", "")
      assert(pyos.chmod(n .. "/ro/deep", tonumber("500", 8)))
      assert(pyos.chmod(n .. "/ro", tonumber("500", 8)))
      assert(pyos.chmod(n .. "/none", 0))
      -- really unremovable without the fixes
      assert(not pyos.unlink(n .. "/ro/f"))
      assert(td:cleanup())
      return pyos.lstat(n) == nil
    end)
    assert.equal(0, code)
    assert.same({}, listdir(dir))
  end)

  it("is removed by the garbage collector unless delete = false", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local name, kept
    do
      local td = assert(tf.TemporaryDirectory({dir = dir}))
      name = td.name
      populate(name)
      local td2 = assert(tf.TemporaryDirectory(nil, nil, dir, nil, {delete = false}))
      kept = td2.name
    end
    collectgarbage()
    collectgarbage()
    assert.is_nil(pyos.lstat(name))
    assert.same({kept:match("[^/]+$")}, listdir(dir))
  end)

  it("cleanup() removes even with delete = false", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local td = assert(tf.TemporaryDirectory({dir = dir, delete = false}))
    assert.is_true(td:cleanup())
    assert.is_nil(pyos.lstat(td.name))
  end)

  it("is removed at the end of a <close> scope, unless delete = false (5.4)", function()
    if _VERSION ~= "Lua 5.4" then
      pending("<close> is Lua 5.4's")
      return
    end
    local dir = support.tmpdir()
    finally(support.cleanup)
    local chunk = assert(load([[
local tf, dir = ...
local name, kept
do
  local td <close> = assert(tf.TemporaryDirectory({dir = dir}))
  local keep <close> = assert(tf.TemporaryDirectory({dir = dir, delete = false}))
  name, kept = td.name, keep.name
  assert(io.open(name .. "/f", "w")):close()
end
return name, kept
]]))
    local name, kept = chunk(tf, dir)
    assert.is_nil(pyos.lstat(name))
    assert.is_not_nil(pyos.lstat(kept))
    -- an error in the scope still removes it, and the error goes on
    local ok, err = pcall(assert(load([[
local tf, dir = ...
local td <close> = assert(tf.TemporaryDirectory({dir = dir}))
_G.tempfile_spec_name = td.name
error("boom")
]])), tf, dir)
    assert.is_false(ok)
    assert.matches("boom", err)
    assert.is_nil(pyos.lstat(_G.tempfile_spec_name))
    _G.tempfile_spec_name = nil
  end)

  it("never follows a symlink swapped in for its directory", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    assert(pyos.mkdir(dir .. "/victim"))
    support.writefile(dir .. "/victim/keep", "k")
    local td = assert(tf.TemporaryDirectory({dir = dir}))
    assert(pyos.rmdir(td.name))
    assert(pyos.symlink(dir .. "/victim", td.name))
    local r = {td:cleanup()}
    -- shutil.rmtree's refusal, as Python 3.13+ prints it (filename set,
    -- no errno)
    assert.is_nil(r[1])
    assert.equal("[Errno None] None: '" .. td.name .. "'", r[2])
    assert.is_nil(r[3])
    assert.equal("OSError", r[4].name)
    assert.equal(r[2], tostring(r[4]))
    assert.equal("k", support.readfile(dir .. "/victim/keep"))
    -- with ignore_cleanup_errors the same failure is dropped
    local td2 = assert(tf.TemporaryDirectory(nil, nil, dir, true))
    assert(pyos.rmdir(td2.name))
    assert(pyos.symlink(dir .. "/victim", td2.name))
    assert.is_true(td2:cleanup())
    assert.equal("k", support.readfile(dir .. "/victim/keep"))
    assert(pyos.unlink(td.name))
    assert(pyos.unlink(td2.name))
  end)

  it("cleanup() of a directory removed already is not an error", function()
    local td = assert(tf.TemporaryDirectory())
    assert(pyos.rmdir(td.name))
    assert.is_true(td:cleanup())
  end)

  it("raises for misuse", function()
    support.assert_raises("bad argument #4 to 'pyos.tempfile.TemporaryDirectory' %(boolean expected, got number%)",
                          tf.TemporaryDirectory, nil, nil, nil, 1)
    support.assert_raises("bad argument #1 to 'pyos.tempfile.TemporaryDirectory' %(option 'delete': boolean expected, got string%)",
                          tf.TemporaryDirectory, {delete = "no"})
    local td = assert(tf.TemporaryDirectory())
    support.assert_raises("bad argument #1 to 'pyos.tempfile.TemporaryDirectory:cleanup' %(too many arguments%)",
                          td.cleanup, td, 1)
    assert.is_true(td:cleanup())
  end)
end)

describe("pyos.tempfile.NamedTemporaryFile", function()
  it("is a 0600 file with a name, a real Lua file, and the file's methods", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local f = assert(tf.NamedTemporaryFile({dir = dir, suffix = ".txt"}))
    assert.matches("^" .. dir:gsub("%p", "%%%0") .. "/tmp[a-z0-9_]+%.txt$", f.name)
    assert.equal(tonumber("600", 8), mode(f.name))
    assert.equal("file", io.type(f.file))
    -- write returns what the file's returns, the object for the file
    -- (5.2+), true on 5.1 and LuaJIT
    local r = f:write("one\n", "two\n")
    if r == true then
      f:write("x"); f:write("y\n")
    else
      assert.equal(f, r)
      assert.equal(f, f:write("x"):write("y\n"))
    end
    assert.is_true(f:flush() == f or f:flush() == true)
    assert.equal(0, f:seek("set"))
    local lines = {}
    for l in f:lines() do lines[#lines + 1] = l end
    assert.same({"one", "two", "xy"}, lines)
    assert.equal("one\ntwo\nxy\n", support.readfile(f.name))
    local fd = fdof(f.name)
    assert.is_true(hasflag(fdflags(fd), O_CLOEXEC))
    assert.equal("<NamedTemporaryFile '" .. f.name .. "'>", tostring(f))
    assert.is_true(f:close())
    assert.is_nil(pyos.lstat(f.name))
    assert.is_nil(fdof(f.name))
    assert.is_true(f:close())                     -- again: nothing
    assert.equal("closed file", io.type(f.file))
  end)

  it("delete = false keeps the file after close and collection", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local name
    do
      local f = assert(tf.NamedTemporaryFile("w", nil, nil, nil, nil, nil, dir, false))
      name = f.name
      f:write("kept")
      assert.is_true(f:close())
      assert.equal("kept", support.readfile(name))
      local g = assert(tf.NamedTemporaryFile({dir = dir, delete = false}))
      g:write("also")
    end
    collectgarbage()
    collectgarbage()
    assert.equal(2, #pyos.listdir(dir))
    assert.equal("kept", support.readfile(name))
  end)

  it("delete_on_close = false: close keeps it, cleanup at scope end or collection removes it", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local f = assert(tf.NamedTemporaryFile({dir = dir, delete_on_close = false}))
    f:write("data")
    assert.is_true(f:close())
    assert.equal("data", support.readfile(f.name))   -- reopened by name, as on Windows
    local name = f.name
    f = nil
    collectgarbage()
    collectgarbage()
    assert.is_nil(pyos.lstat(name))
    assert.is_nil(f)
  end)

  it("is closed and removed by the garbage collector", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local name
    do
      local f = assert(tf.NamedTemporaryFile({dir = dir}))
      name = f.name
      f:write("x")
    end
    collectgarbage()
    collectgarbage()
    assert.is_nil(pyos.lstat(name))
    assert.is_nil(fdof(name))
  end)

  it("<close> closes and removes, with delete_on_close either way (5.4)", function()
    if _VERSION ~= "Lua 5.4" then
      pending("<close> is Lua 5.4's")
      return
    end
    local dir = support.tmpdir()
    finally(support.cleanup)
    local a, b, c = assert(load([[
local tf, dir = ...
local a, b, c
do
  local f <close> = assert(tf.NamedTemporaryFile({dir = dir}))
  local g <close> = assert(tf.NamedTemporaryFile({dir = dir, delete_on_close = false}))
  local h <close> = assert(tf.NamedTemporaryFile({dir = dir, delete = false}))
  g:close()
  assert(io.open(g.name)):close()
  a, b, c = f.name, g.name, h.name
end
return a, b, c
]]))(tf, dir)
    assert.is_nil(pyos.lstat(a))
    assert.is_nil(pyos.lstat(b))
    assert.is_not_nil(pyos.lstat(c))
    assert.is_nil(fdof(c))
  end)

  it("close() when the file was removed already is not an error", function()
    local f = assert(tf.NamedTemporaryFile())
    assert(pyos.unlink(f.name))
    assert.is_true(f:close())
  end)

  it("takes Python's modes; buffering; encoding only in text mode", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    for _, m in ipairs({"w+b", "w+", "r+", "rb+", "a+", "x+b", "wt", "w+t"}) do
      local f = assert(tf.NamedTemporaryFile(m, 0, {dir = dir}))
      f:write("ab")
      f:close()
    end
    local f = assert(tf.NamedTemporaryFile("w+", 1, "utf-8", "\n", {dir = dir, errors = "strict"}))
    f:close()
        support.assert_raises("bad argument #1 to 'pyos.tempfile.NamedTemporaryFile' %(invalid mode 'rw'%)",
                          tf.NamedTemporaryFile, "rw")
    support.assert_raises("invalid mode 'w%+%+'", tf.NamedTemporaryFile, "w++")
    support.assert_raises("invalid mode 'wbt'", tf.NamedTemporaryFile, "wbt")
    support.assert_raises("bad argument #3 to 'pyos.tempfile.NamedTemporaryFile' %(binary mode doesn't take an encoding argument%)",
                          tf.NamedTemporaryFile, nil, nil, "utf-8")
    support.assert_raises("bad argument #1 to 'pyos.tempfile.NamedTemporaryFile' %(option 'newline': binary mode doesn't take a newline argument%)",
                          tf.NamedTemporaryFile, {newline = ""})
    support.assert_raises("bad argument #2 to 'pyos.tempfile.NamedTemporaryFile' %(option 'errors': binary mode doesn't take an errors argument%)",
                          tf.NamedTemporaryFile, "wb", {errors = "strict"})
    support.assert_raises("bad argument #1 to 'pyos.tempfile.NamedTemporaryFile' %(option 'delete_on_close': boolean expected, got number%)",
                          tf.NamedTemporaryFile, {delete_on_close = 1})
    support.assert_raises("bad argument #1 to 'pyos.tempfile.NamedTemporaryFile' %(unknown option 'delete_on_clos'%)",
                          tf.NamedTemporaryFile, {delete_on_clos = true})
    support.assert_raises("bad argument #2 to 'pyos.tempfile.NamedTemporaryFile' %(number has no integer representation%)",
                          tf.NamedTemporaryFile, "w", 1.5)
    support.assert_raises("bad argument #10 to 'pyos.tempfile.NamedTemporaryFile' %(too many arguments%)",
                          tf.NamedTemporaryFile, nil, nil, nil, nil, nil, nil, nil, nil, {}, 1)
    local g = assert(tf.NamedTemporaryFile({dir = dir}))
    support.assert_raises("bad argument #1 to 'pyos.tempfile.NamedTemporaryFile:close' %(too many arguments%)",
                          g.close, g, 1)
    g:close()
    assert.same({}, listdir(dir))
  end)

  it("copies its options once", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local reads = 0
    local opts = setmetatable({dir = dir}, {__index = function() reads = reads + 1 end})
    local f = assert(tf.NamedTemporaryFile(opts))
    f:close()
    assert.equal(0, reads)
  end)
end)

describe("pyos.tempfile.TemporaryFile", function()
  local function check(dir)
    local f = assert(tf.TemporaryFile(nil, nil, nil, nil, nil, nil, dir))
    assert.equal("file", io.type(f))
    assert.same({}, listdir(dir))                   -- no name anywhere
    f:write("hello")
    f:seek("set")
    assert.equal("hello", f:read("*a"))
    -- the fd behind it: close-on-exec, mode 0600, already unlinked
    local fd
    for _, n in ipairs(assert(pyos.listdir("/proc/self/fd"))) do
      local t = pyos.readlink("/proc/self/fd/" .. n)
      if t and t:find(dir, 1, true) == 1 and t:find("(deleted)", 1, true) then fd = tonumber(n) end
    end
    assert.is_number(fd)
    assert.is_true(hasflag(fdflags(fd), O_CLOEXEC))
    assert.equal(tonumber("600", 8), pyos.S_IMODE(assert(pyos.fstat(fd)).st_mode))
    local tmpfile = hasflag(fdflags(fd), pyos.O_TMPFILE - pyos.O_DIRECTORY)
    f:close()
    return tmpfile
  end

  it("is an unnamed real Lua file (O_TMPFILE)", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    assert.is_true(tf._O_TMPFILE_WORKS)
    assert.is_true(check(dir))
  end)

  it("without O_TMPFILE: mkstemp, then unlink", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local saved = tf._O_TMPFILE_WORKS
    tf._O_TMPFILE_WORKS = false
    local restore = fixednames({"ffffffff"})
    local ok, err = pcall(check, dir)
    tf._O_TMPFILE_WORKS = saved
    assert.equal(1, restore())
    assert(ok, err)
    assert.is_false(err)
  end)

  it("raises for misuse", function()
    support.assert_raises("bad argument #1 to 'pyos.tempfile.TemporaryFile' %(unknown option 'delete'%)",
                          tf.TemporaryFile, {delete = true})
    support.assert_raises("bad argument #1 to 'pyos.tempfile.TemporaryFile' %(option 'errors': binary mode doesn't take an errors argument%)",
                          tf.TemporaryFile, {errors = "x"})
    local f = assert(tf.TemporaryFile("w+", {errors = "strict", encoding = "utf-8"}))
    f:close()
  end)
end)
