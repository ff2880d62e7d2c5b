-- stat, lstat, fstat, stat_result, and Python's stat module, checked
-- field by field against python3 on the same files.
local pyos = require "pyos"
local support = require "support"

local raises = support.assert_raises
local oserror = support.assert_oserror
local python = support.python
local quote = support.quote

local INTFIELDS = {"st_mode", "st_ino", "st_dev", "st_nlink", "st_uid",
                   "st_gid", "st_size", "st_blksize", "st_blocks", "st_rdev"}
local TIMEFIELDS = {"st_atime", "st_mtime", "st_ctime"}
local NSFIELDS = {"st_atime_ns", "st_mtime_ns", "st_ctime_ns"}

-- python3's view: "name=value" per line, floats as repr (the shortest
-- string that reads back as the same double), the tuple and the repr.
local PYSTAT = [[
import os, sys
st = (os.lstat if sys.argv[2] == "l" else os.stat)(sys.argv[1])
for n in sys.argv[3:]:
    print("%s=%r" % (n, getattr(st, n)))
print("tuple=" + " ".join(str(v) for v in tuple(st)))
print("repr=" + repr(st))
]]

local function pystat(path, how)
  local args = {}
  for _, n in ipairs(INTFIELDS) do args[#args + 1] = n end
  for _, n in ipairs(TIMEFIELDS) do args[#args + 1] = n end
  for _, n in ipairs(NSFIELDS) do args[#args + 1] = n end
  local out = python(PYSTAT, path, how, (table.unpack or unpack)(args))
  local t = {}
  for k, v in out:gmatch("([%w_]+)=([^\n]*)") do t[k] = v end
  return t
end

local function int(v)
  return string.format("%d", v)
end

-- An integer field equal to Python's decimal string: exactly where Lua
-- has integers, within double precision (53 bits) elsewhere.
local function sameint(want, got, what)
  if support.hasintegers then
    assert.equal(want, int(got), what)
  else
    local w = tonumber(want)
    assert.is_true(math.abs(w - got) <= math.abs(w) * 2 ^ -52, what .. ": " .. want
                   .. " vs " .. string.format("%.17g", got))
  end
end

-- Compare every field; times only when notimes is not set.
local function compare(st, want, notimes, what)
  for _, n in ipairs(INTFIELDS) do sameint(want[n], st[n], what .. " " .. n) end
  if notimes then return end
  for _, n in ipairs(TIMEFIELDS) do
    assert.equal(tonumber(want[n]), st[n], what .. " " .. n)
  end
  for _, n in ipairs(NSFIELDS) do sameint(want[n], st[n], what .. " " .. n) end
  local tuple = {}
  for i = 1, 10 do tuple[i] = int(st[i]) end
  assert.equal(want.tuple, table.concat(tuple, " "), what .. " tuple")
  assert.equal(want.repr, tostring(st), what .. " repr")
end

-- A directory with a regular file, a dir, a symlink and a fifo in it.
local function tree()
  local d = support.tmpdir()
  support.sh("cd " .. quote(d) .. " && printf 'hello' > file && mkdir dir"
             .. " && ln -s file link && mkfifo fifo && ln -s loop loop"
             .. " && ln -s nowhere dangling && touch -d '2001-02-03 04:05:06.123456789' file")
  return d
end

describe("pyos.stat and lstat", function()
  it("give python3's fields for files, dirs, symlinks, fifos", function()
    local d = tree()
    finally(support.cleanup)
    for _, name in ipairs({"file", "dir", "link", "fifo"}) do
      local p = d .. "/" .. name
      compare(assert(pyos.stat(p)), pystat(p, "s"), false, "stat " .. name)
      compare(assert(pyos.lstat(p)), pystat(p, "l"), false, "lstat " .. name)
      compare(assert(pyos.stat(p, {follow_symlinks = false})), pystat(p, "l"), false,
              "nofollow " .. name)
    end
    assert.is_true(pyos.S_ISLNK(pyos.lstat(d .. "/link").st_mode))
    assert.is_true(pyos.S_ISREG(pyos.stat(d .. "/link").st_mode))
    assert.is_true(pyos.S_ISFIFO(pyos.stat(d .. "/fifo").st_mode))
    assert.equal(5, pyos.stat(d .. "/link").st_size)
    assert.equal(981173106, pyos.stat(d .. "/file")[9])
    sameint("981173106123456789", pyos.stat(d .. "/file").st_mtime_ns, "mtime_ns")
  end)

  it("give python3's fields for a device", function()
    local st = assert(pyos.stat("/dev/null"))
    local want = pystat("/dev/null", "s")
    compare(st, want, true, "/dev/null")     -- its times may move meanwhile
    assert.is_true(pyos.S_ISCHR(st.st_mode))
    assert.equal(pyos.makedev(1, 3), st.st_rdev)
  end)

  it("take dir_fd, follow_symlinks, and a path that is an fd", function()
    local d = tree()
    local dfd = assert(pyos.open(d, pyos.O_RDONLY))
    local ffd = assert(pyos.open(d .. "/file", pyos.O_RDONLY))
    local pfd = assert(pyos.open(d .. "/fifo", pyos.O_RDONLY + pyos.O_NONBLOCK))
    finally(function()
      pyos.close(dfd); pyos.close(ffd); pyos.close(pfd); support.cleanup()
    end)
    compare(assert(pyos.stat("file", {dir_fd = dfd})), pystat(d .. "/file", "s"), false, "dir_fd")
    compare(assert(pyos.stat("link", {dir_fd = dfd, follow_symlinks = false})),
            pystat(d .. "/link", "l"), false, "dir_fd nofollow")
    compare(assert(pyos.lstat("link", {dir_fd = dfd})), pystat(d .. "/link", "l"), false,
            "lstat dir_fd")
    compare(assert(pyos.stat(ffd)), pystat(d .. "/file", "s"), false, "stat(fd)")
    compare(assert(pyos.fstat(ffd)), pystat(d .. "/file", "s"), false, "fstat")
    compare(assert(pyos.fstat(dfd)), pystat(d, "s"), false, "fstat dir")
    compare(assert(pyos.fstat(pfd)), pystat(d .. "/fifo", "s"), false, "fstat fifo")
    assert.equal(pyos.stat(d .. "/file"), pyos.stat(ffd))
    assert.equal(pyos.stat(d .. "/file"), pyos.stat("link", {dir_fd = dfd}))
  end)

  it("accept path-like values", function()
    local d = tree()
    finally(support.cleanup)
    local p = setmetatable({}, {__fspath = function() return d .. "/file" end})
    assert.equal(pyos.stat(d .. "/file"), pyos.stat(p))
    assert.equal(pyos.lstat(d .. "/file"), pyos.lstat(p))
  end)
end)

describe("stat_result", function()
  it("is Python's tuple: #st == 10, st[1..10], nothing else", function()
    local d = tree()
    finally(support.cleanup)
    local st = assert(pyos.stat(d .. "/file"))
    assert.equal(10, #st)
    assert.is_nil(st[0])
    assert.is_nil(st[11])
    assert.is_nil(st[1.5])
    assert.is_nil(st.nope)
    assert.is_nil(st.st_birthtime)
    assert.equal(st.st_mode, st[pyos.ST_MODE])
    assert.equal(st.st_size, st[pyos.ST_SIZE])
    assert.equal(math.floor(st.st_mtime), st[pyos.ST_MTIME])
    assert.equal("os.stat_result", getmetatable(st).__name)
  end)

  it("compares as Python does: the ten tuple fields", function()
    local d = tree()
    finally(support.cleanup)
    local p = d .. "/file"
    local a = pyos.stat(p)
    assert.is_true(a == pyos.stat(p))
    assert.is_false(a == pyos.stat(d .. "/dir"))
    assert.is_false(a == pyos.lstat(d .. "/link"))
    -- only the nanoseconds change: still equal (integer times in the
    -- tuple), as python3 says. utime sets ctime to now: when a second
    -- boundary falls between the two stats, the ctimes differ, so the
    -- comparison must follow the ctime seconds.
    local pyeq = python([[
import os, sys
a = os.stat(sys.argv[1])
os.utime(sys.argv[1], ns=(981173106000000002, 981173106000000003))
b = os.stat(sys.argv[1])
print(a == b, a.st_ctime_ns // 10**9 == b.st_ctime_ns // 10**9)]], p)
    local eq, samectime = pyeq:match("(%S+) (%S+)")
    assert.equal(samectime, eq)
    local b
    for i = 1, 5 do
      b = pyos.stat(p)
      python("import os, sys; os.utime(sys.argv[1], ns=(981173106000000001, 981173106000000000 + int(sys.argv[2]) * 10**8))", p, i)
      local c = pyos.stat(p)
      assert.is_false(b.st_mtime_ns == c.st_mtime_ns)
      assert.equal(b[10] == c[10], b == c)
      if b[10] == c[10] then break end
    end
    support.sh("chmod 600 " .. quote(p))
    assert.is_false(b == pyos.stat(p))
  end)

  it("iterates its named fields with pairs where __pairs is honoured", function()
    local honoured = false
    for _ in pairs(setmetatable({}, {__pairs = function()
      return function(_, k) if k == nil then return 1, 1 end end, nil, nil
    end})) do honoured = true end
    if not honoured then
      pending("this runtime's pairs() ignores __pairs")
      return
    end
    local d = tree()
    finally(support.cleanup)
    local st = pyos.stat(d .. "/file")
    local names = {}
    for k, v in pairs(st) do
      names[#names + 1] = k
      assert.equal(st[k], v, k)
    end
    assert.same({"st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid",
                 "st_size", "st_atime", "st_mtime", "st_ctime", "st_atime_ns",
                 "st_mtime_ns", "st_ctime_ns", "st_blksize", "st_blocks",
                 "st_rdev"}, names)
  end)

  it("gives float times as python3 computes them, to the last bit", function()
    local d = support.tmpdir()
    finally(support.cleanup)
    local p = d .. "/f"
    support.writefile(p, "")
    for _, ns in ipairs({"0", "1", "999999999", "1000000000", "1700000000123456789",
                         "1234567890987654321", "-1", "-1500000000"}) do
      python("import os, sys; n = int(sys.argv[2]); os.utime(sys.argv[1], ns=(n, n))", p, ns)
      local want = pystat(p, "s")
      local st = pyos.stat(p)
      assert.equal(tonumber(want.st_atime), st.st_atime, ns)
      assert.equal(tonumber(want.st_mtime), st.st_mtime, ns)
      sameint(want.st_mtime_ns, st.st_mtime_ns, ns)
      assert.equal(want.repr, tostring(st), ns)
      local tuple = {}
      for i = 1, 10 do tuple[i] = int(st[i]) end
      assert.equal(want.tuple, table.concat(tuple, " "))
    end
  end)
end)

describe("stat errors", function()
  -- python3's str() of the error of the same call.
  local function pyerr(code, ...)
    return python("import os, sys\ntry:\n    " .. code .. "\nexcept OSError as e:\n    print(e)", ...)
  end

  it("are python3's, with errno, name and file name", function()
    local d = tree()
    finally(support.cleanup)
    local cases = {
      {"ENOENT", "FileNotFoundError", d .. "/missing"},
      {"ENOTDIR", "NotADirectoryError", d .. "/file/x"},
      {"ELOOP", "OSError", d .. "/loop"},
      {"ENOENT", "FileNotFoundError", d .. "/dangling"},
      {"ENOENT", "FileNotFoundError", ""},
      {"ENAMETOOLONG", "OSError", d .. "/" .. string.rep("n", 300)},
    }
    for _, c in ipairs(cases) do
      local err = oserror({errno = c[1], name = c[2], filename = c[3],
                           str = pyerr("os.stat(sys.argv[1])", c[3])}, pyos.stat(c[3]))
      assert.is_nil(err.filename2)
    end
    oserror({errno = "ELOOP", str = pyerr("os.stat(sys.argv[1], follow_symlinks=False)",
             d .. "/loop/x")}, pyos.stat(d .. "/loop/x", {follow_symlinks = false}))
    oserror({errno = "ENOTDIR", str = pyerr("os.lstat(sys.argv[1])", d .. "/file/x")},
            pyos.lstat(d .. "/file/x"))
    -- lstat of a dangling link or a loop succeeds
    assert.is_true(pyos.S_ISLNK(assert(pyos.lstat(d .. "/loop")).st_mode))
    assert.is_true(pyos.S_ISLNK(assert(pyos.lstat(d .. "/dangling")).st_mode))
  end)

  it("show an fd as a number, and fstat names none", function()
    oserror({errno = "EBADF", name = "OSError", filename = 999,
             str = python("import os\ntry:\n    os.stat(999)\nexcept OSError as e:\n    print(e)")},
            pyos.stat(999))
    local err = oserror({errno = "EBADF",
             str = python("import os\ntry:\n    os.fstat(999)\nexcept OSError as e:\n    print(e)")},
            pyos.fstat(999))
    assert.is_nil(err.filename)
    oserror({errno = "EBADF", filename = "x", str = "[Errno 9] Bad file descriptor: 'x'"},
            pyos.stat("x", {dir_fd = 999}))
    oserror({errno = "EBADF", filename = "x", str = "[Errno 9] Bad file descriptor: 'x'"},
            pyos.lstat("x", {dir_fd = 999}))
  end)

  it("raise on misuse, as python3 raises", function()
    raises("bad argument #2 to 'pyos.stat' %(can't specify dir_fd without matching path%)",
           pyos.stat, 0, {dir_fd = 0})
    raises("bad argument #2 to 'pyos.stat' %(cannot use fd and follow_symlinks together%)", pyos.stat, 0,
           {follow_symlinks = false})
    raises("bad argument #1 to '.-' %(string or path%-like expected, got number%)", pyos.lstat, 0)
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.stat, "/etc\0x")
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.lstat, "/etc\0x")
    raises("bad argument #1 to '.-'", pyos.stat, nil)
    raises("bad argument #1 to '.-'", pyos.stat, true)
    raises("bad argument #1 to '.-' %(number has no integer representation%)", pyos.stat, 1.5)
    raises("bad argument #1 to '.-' %(number has no integer representation%)", pyos.fstat, 0 / 0)
    raises("bad argument #1 to '.-'", pyos.fstat, "0")
    raises("unknown option 'follow_symlink'", pyos.stat, "/", {follow_symlink = false})
    raises("unknown option 'follow_symlinks'", pyos.lstat, "/", {follow_symlinks = false})
    raises("option 'dir_fd'", pyos.stat, "/", {dir_fd = "3"})
    raises("option 'follow_symlinks'", pyos.stat, "/", {follow_symlinks = 0})
    raises("too many arguments", pyos.stat, "/", {}, 1)
    raises("too many arguments", pyos.fstat, 0, 1)
  end)
end)

describe("Python's stat module", function()
  local TESTS = {"S_ISDIR", "S_ISCHR", "S_ISBLK", "S_ISREG", "S_ISFIFO", "S_ISLNK",
                 "S_ISSOCK", "S_ISDOOR", "S_ISPORT", "S_ISWHT"}

  it("S_IS*, S_IMODE, S_IFMT and filemode agree with python3 over many modes", function()
    local modes = {}
    local types = {0, 4096, 8192, 16384, 24576, 32768, 40960, 49152, 61440, 36864, 53248}
    for _, t in ipairs(types) do
      for perm = 0, 4095, 37 do modes[#modes + 1] = t + perm end
      modes[#modes + 1] = t + 4095
    end
    for _, m in ipairs({65535, 65536 + 420, 4294967295, 2147483648 + 16877}) do
      modes[#modes + 1] = m
    end
    local strs = {}
    for i, m in ipairs(modes) do strs[i] = int(m) end
    local want = python([[
import stat, sys
tests = sys.argv[1].split()
for m in map(int, sys.argv[2:]):
    print(stat.filemode(m), stat.S_IMODE(m), stat.S_IFMT(m),
          *[getattr(stat, t)(m) for t in tests])]], table.concat(TESTS, " "),
      (table.unpack or unpack)(strs))
    local got = {}
    for i, m in ipairs(modes) do
      local line = {pyos.filemode(m), int(pyos.S_IMODE(m)), int(pyos.S_IFMT(m))}
      for _, t in ipairs(TESTS) do line[#line + 1] = pyos[t](m) and "True" or "False" end
      got[i] = table.concat(line, " ")
    end
    assert.equal(want, table.concat(got, "\n"))
  end)

  it("has every constant python3's has, with the same value (ST_* plus one)", function()
    local out = python([[
import stat
for k in sorted(dir(stat)):
    v = getattr(stat, k)
    if k.isupper() and isinstance(v, int):
        print(k, v)]])
    local n = 0
    for k, v in out:gmatch("(%S+) (%S+)") do
      local want = tonumber(v)
      if k:match("^ST_") then want = want + 1 end
      assert.equal(want, pyos[k], k)
      assert.equal(pyos[k], pyos.fs[k], k)
      n = n + 1
    end
    assert.is_true(n > 60)
    for _, f in ipairs(TESTS) do assert.is_function(pyos[f], f) end
  end)

  it("rejects bad modes", function()
    raises("bad argument #1 to '.-'", pyos.S_ISDIR, "16384")
    raises("bad argument #1 to '.-' %(value must not be negative%)", pyos.S_IMODE, -1)
    raises("bad argument #1 to '.-' %(number has no integer representation%)", pyos.filemode, 1.5)
    raises("bad argument #1 to '.-'", pyos.S_IFMT, nil)
    raises("too many arguments", pyos.S_ISREG, 0, 1)
  end)
end)
