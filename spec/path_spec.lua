-- pyos.path: the API (arguments, errors, options), and the functions
-- that touch the file system against python3 on a real tree with
-- symlinks (loops included) and mount points.
local support = require "support"
local pyos = require "pyos"
local path = pyos.path

local quote = support.quote
local byte, char, format = string.byte, string.char, string.format
local concat = table.concat

local function hex(s)
  return (s:gsub(".", function(c) return format("%02x", byte(c)) end))
end

local function unhex(h)
  return (h:gsub("..", function(x) return char(tonumber(x, 16)) end))
end

-- A path-like value.
local function P(s)
  return setmetatable({}, {__fspath = function() return s end})
end

-- The interpreter running the specs, for child processes.

-- Run `lua -e code` in a child with env assignments (an array of
-- "NAME=value" or "-u NAME"); return its stdout.
local function lua_child(env, code)
  local out = support.sh("env " .. concat(env, " ") .. " " .. support.luacmd()
                         .. " -e " .. quote(code))
  return out
end

local FUNCS = {"abspath", "basename", "commonpath", "commonprefix",
  "dirname", "exists", "expanduser", "expandvars", "getatime", "getctime",
  "getmtime", "getsize", "isabs", "isdir", "isfile", "isjunction",
  "islink", "ismount", "join", "lexists", "normcase", "normpath",
  "realpath", "relpath", "samefile", "sameopenfile", "samestat", "split",
  "splitdrive", "splitext"}

describe("pyos.path", function()
  it("is require 'pyos.path' and has every posixpath function", function()
    assert.equal(require "pyos.path", path)
    for _, name in ipairs(FUNCS) do
      assert.equal("function", type(path[name]), name)
    end
  end)

  it("has posixpath's constants", function()
    local want = support.python([[
import posixpath as P
for n in ("sep", "extsep", "pathsep", "defpath", "curdir", "pardir", "devnull"):
    print(n, getattr(P, n))
print("altsep", P.altsep, P.supports_unicode_filenames)]])
    local got = {}
    for _, n in ipairs({"sep", "extsep", "pathsep", "defpath", "curdir",
                        "pardir", "devnull"}) do
      got[#got + 1] = n .. " " .. path[n]
    end
    got[#got + 1] = "altsep None " .. (path.supports_unicode_filenames and "True" or "False")
    assert.equal(want, concat(got, "\n"))
    assert.is_nil(path.altsep)
  end)

  describe("arguments", function()
    it("accept __fspath values everywhere", function()
      assert.equal("b", path.basename(P("a/b")))
      assert.equal("a", path.dirname(P("a/b")))
      assert.same({"a", "b"}, {path.split(P("a/b"))})
      assert.same({"a", ".c"}, {path.splitext(P("a.c"))})
      assert.same({"", "a"}, {path.splitdrive(P("a"))})
      assert.equal("a/b/c", path.join(P("a"), P("b"), "c"))
      assert.equal("a/b", path.join("a", P("b")))
      assert.equal("a/b/c/d", path.join("a", "b", "c", P("d")))
      assert.equal("a/b", path.normpath(P("a//b/")))
      assert.equal("x", path.normcase(P("x")))
      assert.is_true(path.isabs(P("/x")))
      assert.equal("/a", path.commonpath({P("/a/b"), "/a/c"}))
      assert.equal("/a/", path.commonprefix({P("/a/b"), "/a/c"}))
      assert.equal("/", path.abspath(P("/")))
      assert.equal("/", path.realpath(P("/")))
      assert.equal("..", path.relpath(P("/a"), P("/a/b")))
      assert.is_true(path.exists(P("/")))
      assert.is_true(path.isdir(P("/")))
      assert.is_true(path.ismount(P("/")))
      assert.is_false(path.isjunction(P("/")))
      assert.equal(pyos.stat("/").st_size, path.getsize(P("/")))
      assert.is_true(path.samefile(P("/"), "/"))
    end)

    it("raise for wrong types, as Python's TypeError", function()
      local pat = "bad argument #1 to '.-' %(string or path%-like expected, got "
      for _, name in ipairs({"basename", "dirname", "split", "splitext",
                             "splitdrive", "normpath", "normcase", "isabs",
                             "join", "expanduser", "expandvars", "abspath",
                             "realpath", "relpath", "islink", "lexists",
                             "ismount", "isjunction"}) do
        support.assert_raises(pat .. "number%)", path[name], 42)
        support.assert_raises(pat .. "nil%)", path[name], nil)
        -- realpath takes options: a lone table is its options table, as
        -- for the C functions, and the path is then missing
        support.assert_raises(pat .. (name == "realpath" and "nil%)" or "table%)"),
                              path[name], {})
        support.assert_raises(pat .. "boolean%)", path[name], true)
      end
      support.assert_raises("bad argument #2 to '.-' %(string or path%-like expected, got number%)",
                            path.join, "a", 1)
      support.assert_raises("bad argument #2 to '.-' %(string or path%-like expected, got nil%)",
                            path.join, "a", nil)
      support.assert_raises("bad argument #4 to '.-' %(string or path%-like expected, got boolean%)",
                            path.join, "a", "b", "c", false)
      support.assert_raises("bad argument #2 to '.-' %(string or path%-like expected, got number%)",
                            path.relpath, "a", 5)
      local pat2 = "bad argument #1 to '.-' %(string, integer or path%-like expected, got "
      for _, name in ipairs({"exists", "isdir", "isfile", "getsize",
                             "getmtime", "getatime", "getctime", "samefile"}) do
        support.assert_raises(pat2 .. "nil%)", path[name], nil)
        support.assert_raises(pat2 .. "table%)", path[name], {})
      end
      support.assert_raises("__fspath must return a string, got number",
                            path.basename, setmetatable({}, {__fspath = function() return 1 end}))
    end)

    it("raise for extra arguments", function()
      support.assert_raises("bad argument #2 to '.-' %(too many arguments%)", path.basename, "a", "b")
      support.assert_raises("bad argument #2 to '.-' %(too many arguments%)", path.normpath, "a", {})
      support.assert_raises("bad argument #2 to '.-' %(too many arguments%)", path.exists, "a", "b")
      support.assert_raises("bad argument #3 to '.-' %(too many arguments%)", path.relpath, "a", "b", "c")
      support.assert_raises("bad argument #3 to '.-' %(too many arguments%)", path.samefile, "/", "/", "/")
      support.assert_raises("bad argument #3 to '.-' %(too many arguments%)", path.realpath, "/", {}, 1)
    end)

    it("never raise for NUL bytes in the pure functions, as Python", function()
      assert.equal("a\0b/c", path.join("a\0b", "c"))
      assert.equal("c", path.normpath("a\0b/../c"))
      assert.equal("b\0", path.basename("a/b\0"))
      assert.equal("$a\0b", path.expandvars("$a\0b"))
      assert.equal(pyos.getcwd() .. "/a\0b", path.abspath("a\0b"))
    end)

    it("raise for NUL bytes where Python's ValueError does", function()
      local pat = "bad argument #1 to '.-' %(embedded null byte%)"
      support.assert_raises(pat, path.realpath, "a\0b")
      support.assert_raises(pat, path.expanduser, "~a\0b/x")
      support.assert_raises(pat, path.getsize, "a\0b")
      support.assert_raises(pat, path.getmtime, "a\0b")
      support.assert_raises(pat, path.samefile, "a\0b", "/")
      support.assert_raises("bad argument #2 to '.-' %(embedded null byte%)",
                            path.samefile, "/", "a\0b")
    end)
  end)

  describe("join", function()
    it("takes any number of parts, as Python", function()
      local cases = {
        {"a"}, {""}, {"a", "b"}, {"a", "b", "c"}, {"a", "b", "c", "d", "e", "f"},
        {"a", "/b", "c", "/d", "e/"}, {"", "", ""}, {"", "a", "", "b", ""},
        {"/", "", "x"}, {"a/", "", "", "b"}, {"a", "", "", "", "", ""},
      }
      local lines = {}
      for i, c in ipairs(cases) do
        local hs = {}
        for j, s in ipairs(c) do hs[j] = hex(s) end
        lines[i] = concat(hs, ",")
      end
      local want = support.python([[
import sys, posixpath as P
for line in sys.argv[1].split(";"):
    print(P.join(*[bytes.fromhex(x) for x in line.split(",")]).hex())]], concat(lines, ";"))
      local got = {}
      for i, c in ipairs(cases) do
        got[i] = hex(path.join((table.unpack or unpack)(c)))
      end
      assert.equal(want, concat(got, "\n"))
    end)
  end)

  describe("commonpath and commonprefix", function()
    it("raise as Python's ValueError", function()
      support.assert_raises("bad argument #1 to '.-' %(commonpath%(%) arg is an empty sequence%)",
                            path.commonpath, {})
      support.assert_raises("bad argument #1 to '.-' %(Can't mix absolute and relative paths%)",
                            path.commonpath, {"/a", "b"})
      support.assert_raises("table expected, got string", path.commonpath, "/a")
      support.assert_raises("table expected, got string", path.commonprefix, "/a")
      support.assert_raises("string or path%-like expected, got number",
                            path.commonpath, {"/a", 3})
    end)

    it("answer one path, and arrays of arrays", function()
      assert.equal("/a/b", path.commonpath({"/a/./b//"}))
      assert.equal("", path.commonprefix({}))
      assert.equal("abc", path.commonprefix({"abc"}))
      assert.same({"a", "b"}, path.commonprefix({{"a", "b", "c"}, {"a", "b", "d"}}))
      assert.same({}, path.commonprefix({{"x"}, {"y"}}))
    end)
  end)

  describe("relpath", function()
    it("raises for an empty path, as Python", function()
      support.assert_raises("bad argument #1 to '.-' %(no path specified%)", path.relpath, "")
    end)

    it("defaults start to the current directory", function()
      local cwd = pyos.getcwd()
      assert.equal("x", path.relpath(cwd .. "/x"))
      assert.equal(path.relpath("/"), path.relpath("/", "."))
      assert.equal(support.python("import posixpath; print(posixpath.relpath('/usr/lib'))"),
                   path.relpath("/usr/lib"))
    end)

    it("returns nil, err, errno when the current directory is gone", function()
      local tmp = support.tmpdir()
      local here = assert(pyos.getcwd())
      finally(function()
        assert(pyos.chdir(here))
        support.cleanup()
      end)
      -- python3 raises FileNotFoundError there
      assert.equal("FileNotFoundError 2 FileNotFoundError 2", support.python([[
import os, sys, posixpath as P
os.mkdir(sys.argv[1]); os.chdir(sys.argv[1]); os.rmdir(sys.argv[1])
out = []
for f in (P.relpath, P.abspath):
    try:
        f("x")
    except OSError as e:
        out.append("%s %d" % (type(e).__name__, e.errno))
print(" ".join(out))]], tmp .. "/py"))
      assert(pyos.mkdir(tmp .. "/gone"))
      assert(pyos.chdir(tmp .. "/gone"))
      assert(pyos.rmdir(tmp .. "/gone"))
      support.assert_oserror({errno = "ENOENT", name = "FileNotFoundError"},
                             path.relpath("x"))
      support.assert_oserror({errno = "ENOENT", name = "FileNotFoundError"},
                             path.abspath("x"))
      support.assert_oserror({errno = "ENOENT", name = "FileNotFoundError"},
                             path.realpath("x"))
      assert.equal("/x", path.abspath("/x"))
      assert.equal("../b", path.relpath("/a/b", "/a/c"))
    end)
  end)

  describe("expanduser", function()
    it("uses HOME, else the password file, as Python", function()
      local code = [[
import posixpath as P
for p in ("~", "~/x", "~//x/", "x~", "~root", "~root/a", "~nosuchuser_pyos/a", "~daemon"):
    print(P.expanduser(p))]]
      local luacode = [[
local path = require "pyos.path"
for _, p in ipairs({"~", "~/x", "~//x/", "x~", "~root", "~root/a", "~nosuchuser_pyos/a", "~daemon"}) do
  print(path.expanduser(p))
end]]
      for _, env in ipairs({{"HOME=/home/pyos/"}, {"HOME=/"}, {"HOME="},
                            {"-u", "HOME"}}) do
        local py = support.sh("env " .. concat(env, " ") .. " " .. support.PYTHON .. " -c " .. quote(code))
        assert.equal(py, lua_child(env, luacode))
      end
    end)
  end)

  describe("expandvars", function()
    it("expands $name and ${name}, leaves unknown ones, never rescans", function()
      local env = {"PYOS_A=" .. quote("$PYOS_B"), "PYOS_B=bee", "PYOS_E=",
                   "PYOS_C=" .. quote("}{$"), "'PYOS_\195\169=x'"}
      local inputs = {"$PYOS_A", "${PYOS_A}$PYOS_B", "$PYOS_E.$PYOS_E", "${PYOS_C}x",
        "$PYOS_\195\169", "${PYOS_\195\169}", "${PYOS_B", "$$PYOS_B", "$PYOS_Bx",
        "${PYOS_B}x", "a$", "$ {PYOS_B}", "${}", "${PYOS_B=}", "$PYOS_B/$NOPE_PYOS/${NOPE_PYOS}"}
      local hs = {}
      for i, s in ipairs(inputs) do hs[i] = hex(s) end
      local py = support.sh("env " .. concat(env, " ") .. " " .. support.PYTHON .. " -c " .. quote([[
import sys, posixpath as P
for h in sys.argv[1].split(","):
    print(P.expandvars(bytes.fromhex(h)).hex())]]) .. " " .. concat(hs, ","))
      local lua = lua_child(env, [[
local path = require "pyos.path"
for h in (]] .. format("%q", concat(hs, ",")) .. [[):gmatch("[^,]+") do
  local s = h:gsub("..", function(x) return string.char(tonumber(x, 16)) end)
  print((path.expandvars(s):gsub(".", function(c) return string.format("%02x", c:byte()) end)))
end]])
      assert.equal(py, lua)
      assert.truthy(lua:find(hex("$PYOS_Bbee"), 1, true))   -- the test saw the values
    end)
  end)
end)

describe("pyos.path on a real tree", function()
  local tmp

  -- tmp/
  --   file (5 bytes)  dir/  dir/sub/  dir/f
  --   lfile -> file   ldir -> dir     dangling -> nowhere
  --   loop1 -> loop2  loop2 -> loop1  self -> self
  --   rel -> dir/../file   chain -> lfile   deep -> ldir/sub/../f
  --   up -> ..   abs -> /proc   loopin/x -> ../loopin/x
  --   intoloop -> loop1/x   selfx -> selfx/y   la -> ../lb/z   lb -> ../la/w
  local function maketree()
    tmp = support.tmpdir()
    local _, ok = support.sh("cd " .. quote(tmp) .. [[ &&
      printf hello > file && mkdir -p dir/sub loopin && printf x > dir/f &&
      ln -s file lfile && ln -s dir ldir && ln -s nowhere dangling &&
      ln -s loop2 loop1 && ln -s loop1 loop2 && ln -s self self &&
      ln -s dir/../file rel && ln -s lfile chain && ln -s ldir/sub/../f deep &&
      ln -s .. up && ln -s /proc abs && ln -s ../loopin/x loopin/x &&
      ln -s loop1/x intoloop && ln -s selfx/y selfx && ln -s ../lb/z la && ln -s ../la/w lb]])
    assert(ok, "could not build the tree")
  end

  local NAMES = {"", ".", "file", "dir", "dir/", "dir/sub", "dir/f", "lfile",
    "ldir", "ldir/", "ldir/sub/..", "ldir/../file", "dangling", "dangling/x",
    "loop1", "loop2", "loop1/x", "self", "self/..", "rel", "chain", "deep",
    "up", "up/..", "abs", "abs/sys", "loopin/x", "intoloop", "intoloop/y",
    "selfx", "selfx/q", "la", "lb/v", "missing", "missing/..", "file/x", "file/..", "lfile/.", "..", "/"}

  -- python3 over every name: one line per name with the answers of the
  -- functions, as the Lua side computes them below.
  local PY = [[
import os, sys, posixpath as P
def r(f, *a):
    try:
        v = f(*a)
    except OSError as e:
        return "E%d" % e.errno
    except ValueError:
        return "V"
    if isinstance(v, bool): return "T" if v else "F"
    if isinstance(v, bytes): return "b" + v.hex()
    return "n" + repr(v)
os.chdir(sys.argv[1])
for h in sys.argv[2].split(","):
    p = bytes.fromhex(h)
    print(" ".join([r(P.exists, p), r(P.lexists, p), r(P.isdir, p), r(P.isfile, p),
        r(P.islink, p), r(P.ismount, p), r(P.realpath, p),
        r(lambda x: P.realpath(x, strict=True), p), r(P.abspath, p),
        r(P.getsize, p), r(P.samefile, p, b"file"), r(P.relpath, p, b"dir")]))
]]

  local function r(ok, v, _, _, err)
    if not ok then return "V" end
    if v == nil and err then return "E" .. err.errno end
    if type(v) == "boolean" then return v and "T" or "F" end
    if type(v) == "string" then return "b" .. hex(v) end
    return "n" .. tostring(v)
  end

  local function luaside(p)
    return concat({
      r(pcall(path.exists, p)), r(pcall(path.lexists, p)), r(pcall(path.isdir, p)),
      r(pcall(path.isfile, p)), r(pcall(path.islink, p)), r(pcall(path.ismount, p)),
      r(pcall(path.realpath, p)), r(pcall(path.realpath, p, {strict = true})),
      r(pcall(path.abspath, p)), r(pcall(path.getsize, p)),
      r(pcall(path.samefile, p, "file")), r(pcall(path.relpath, p, "dir")),
    }, " ")
  end

  it("answers as python3 for relative and absolute names", function()
    maketree()
    local here = assert(pyos.getcwd())
    finally(function()
      assert(pyos.chdir(here))
      support.cleanup()
    end)
    local names = {}
    for _, n in ipairs(NAMES) do
      names[#names + 1] = n
      if n ~= "/" then names[#names + 1] = tmp .. "/" .. n end
    end
    for _, n in ipairs({"/proc", "/proc/", "/proc/self/..", "/sys", "/dev",
                        "/dev/null", "/proc/1/..", "//", "/..", "a\0b"}) do
      names[#names + 1] = n
    end
    local hs = {}
    for i, n in ipairs(names) do hs[i] = hex(n) end
    local want = support.python(PY, tmp, concat(hs, ","))
    assert(pyos.chdir(tmp))
    local got = {}
    for i, n in ipairs(names) do got[i] = luaside(n) end
    assert(pyos.chdir(here))
    local wl = {}
    for line in (want .. "\n"):gmatch("([^\n]*)\n") do wl[#wl + 1] = line end
    local bad = {}
    for i, n in ipairs(names) do
      if got[i] ~= wl[i] then
        bad[#bad + 1] = format("%q: %s\n   python: %s", n,
          (got[i]:gsub("b(%x+)", unhex)), (tostring(wl[i]):gsub("b(%x+)", unhex)))
      end
    end
    assert.same({}, bad)
    -- the tree did exercise what it was built for
    assert.truthy(want:find("E40", 1, true))              -- ELOOP, strict
    assert.truthy(want:find(" T ", 1, true))
  end)

  it("realpath strict: the OSError of the failing step, as Python", function()
    maketree()
    finally(support.cleanup)
    local function pyerr(p)
      return support.python([[
import sys, posixpath as P
try:
    P.realpath(sys.argv[1], strict=True)
except OSError as e:
    print(e.errno, e.strerror + ": " + repr(e.filename))]], p)
    end
    for _, name in ipairs({"loop1", "self", "missing/x", "dangling", "intoloop/y"}) do
      local p = tmp .. "/" .. name
      local ok, err, errno = path.realpath(p, {strict = true})
      assert.is_nil(ok)
      assert.equal(pyerr(p), errno .. " " .. tostring(err):gsub("^%[Errno %d+%] ", ""))
    end
    local _, _, _, err = path.realpath(tmp .. "/loop1", {strict = true})
    support.assert_oserror({errno = "ELOOP", filename = tmp .. "/loop1"},
                           path.realpath(tmp .. "/loop1", {strict = true}))
    assert.equal("OSError", err.name)
    -- not strict: a loop stops resolution, the rest is appended
    assert.equal(tmp .. "/loop1/x/y", path.realpath(tmp .. "/loop1/x/y"))
  end)

  it("realpath checks its options", function()
    support.assert_raises("unknown option 'strikt'", path.realpath, "/", {strikt = true})
    support.assert_raises("bad argument #2 to 'pyos.path.realpath' %(option 'strict': boolean expected, got number%)",
                          path.realpath, "/", {strict = 1})
    support.assert_raises("options table expected, got string", path.realpath, "/", "x")
    assert.equal("/", path.realpath("/", {strict = false}))
  end)

  it("getsize, getmtime, getatime, getctime agree with stat and python3", function()
    maketree()
    finally(support.cleanup)
    local f = tmp .. "/file"
    assert.equal(5, path.getsize(f))
    local want = support.python([[
import sys, os.path as P
f = sys.argv[1]
print(repr(P.getmtime(f)), repr(P.getatime(f)), repr(P.getctime(f)))]], f)
    local st = pyos.stat(f)
    assert.equal(st.st_mtime, path.getmtime(f))
    assert.equal(st.st_atime, path.getatime(f))
    assert.equal(st.st_ctime, path.getctime(f))
    local m, a, c = want:match("(%S+) (%S+) (%S+)")
    assert.is_true(math.abs(tonumber(m) - path.getmtime(f)) < 1e-6)
    assert.is_true(math.abs(tonumber(a) - path.getatime(f)) < 1e-6)
    assert.is_true(math.abs(tonumber(c) - path.getctime(f)) < 1e-6)
    for _, name in ipairs({"getsize", "getmtime", "getatime", "getctime"}) do
      support.assert_oserror({errno = "ENOENT", name = "FileNotFoundError",
                              filename = tmp .. "/missing",
                              str = "[Errno 2] No such file or directory: '" .. tmp .. "/missing'"},
                             path[name](tmp .. "/missing"))
      support.assert_oserror({errno = "ELOOP"}, path[name](tmp .. "/loop1"))
    end
  end)

  it("take file descriptors where Python's stat does", function()
    maketree()
    local fd = assert(pyos.open(tmp .. "/file", pyos.O_RDONLY))
    local fd2 = assert(pyos.open(tmp .. "/lfile", pyos.O_RDONLY))
    local fd3 = assert(pyos.open(tmp .. "/dir", pyos.O_RDONLY))
    finally(function()
      pyos.close(fd)
      pyos.close(fd2)
      pyos.close(fd3)
      support.cleanup()
    end)
    assert.is_true(path.exists(fd))
    assert.is_true(path.isfile(fd))
    assert.is_false(path.isdir(fd))
    assert.is_true(path.isdir(fd3))
    assert.equal(5, path.getsize(fd))
    assert.is_true(path.samefile(fd, tmp .. "/file"))
    assert.is_true(path.sameopenfile(fd, fd2))
    assert.is_false(path.sameopenfile(fd, fd3))
    assert.is_false(path.exists(-1))
    support.assert_oserror({errno = "EBADF", str = "[Errno 9] Bad file descriptor"},
                           path.sameopenfile(fd, -1))
    support.assert_oserror({errno = "EBADF"}, path.getsize(-1))
    -- islink, lexists, ismount take no descriptors (Python: TypeError)
    for _, name in ipairs({"islink", "lexists", "ismount"}) do
      support.assert_raises("string or path%-like expected, got number", path[name], fd)
    end
  end)

  it("samefile and samestat", function()
    maketree()
    finally(support.cleanup)
    assert.is_true(path.samefile(tmp .. "/file", tmp .. "/chain"))
    assert.is_false(path.samefile(tmp .. "/file", tmp .. "/dir/f"))
    support.assert_oserror({errno = "ENOENT", filename = tmp .. "/missing"},
                           path.samefile(tmp .. "/file", tmp .. "/missing"))
    local s1, s2 = pyos.stat(tmp .. "/file"), pyos.stat(tmp .. "/rel")
    assert.is_true(path.samestat(s1, s2))
    assert.is_false(path.samestat(s1, pyos.lstat(tmp .. "/rel")))
    assert.is_true(path.samestat({st_ino = 1, st_dev = 2}, {st_ino = 1, st_dev = 2}))
    support.assert_raises("stat_result expected, got nil", path.samestat, s1)
  end)

  it("predicates answer false for NUL bytes and missing paths", function()
    for _, name in ipairs({"exists", "lexists", "isdir", "isfile", "islink", "ismount"}) do
      assert.is_false(path[name]("/\0"), name)
      assert.is_false(path[name]("/nonexistent-pyos/x"), name)
      assert.is_false(path[name](""), name)
    end
    assert.is_false(path.isjunction("/"))
  end)

  it("ismount sees /proc and / (and not a symlink to them)", function()
    maketree()
    finally(support.cleanup)
    assert.is_true(path.ismount("/proc"))
    assert.is_true(path.ismount("/"))
    assert.is_false(path.ismount(tmp .. "/abs"))
    assert.is_false(path.ismount(tmp))
    assert.equal(support.python("import os; print(os.path.ismount('/proc/self'))"),
                 path.ismount("/proc/self") and "True" or "False")
  end)
end)
