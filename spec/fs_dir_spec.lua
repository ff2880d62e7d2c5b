-- scandir, DirEntry and listdir, checked against python3's os.scandir and
-- os.listdir on the same directories (names, order, every DirEntry
-- method), and for the descriptors they hold (testkit.fds()).
local pyos = require "pyos"
local support = require "support"
local testkit = require "pyos_testkit"

local raises = support.assert_raises
local oserror = support.assert_oserror
local python = support.python
local sh = support.sh
local quote = support.quote

local HAVE_CLOSE = _VERSION == "Lua 5.4"

-- A directory with one of each kind of entry.
local function maketree()
  local dir = support.tmpdir()
  local out, ok = sh("cd " .. quote(dir) .. " && mkdir d && printf hello > f"
    .. " && ln -s d ld && ln -s f lf && ln -s missing lb && mkfifo p"
    .. " && touch .h && ln -s loop loop && mkdir d/sub && touch d/x")
  assert(ok, out)
  return dir
end

-- One line per entry: what python3's DirEntry says, errors as E<errno>.
-- "fd:DIR" scans a descriptor python3 opens on DIR.
local PYENTRIES = [[
import os, sys
def call(f, *a, **k):
    try:
        r = f(*a, **k)
    except OSError as e:
        return "E%d" % e.errno
    return str(r)
arg = sys.argv[1]
it = os.scandir(os.open(arg[3:], os.O_RDONLY) if arg.startswith("fd:") else arg)
for e in it:
    st = call(lambda: e.stat().st_mode)
    lst = call(lambda: e.stat(follow_symlinks=False).st_mode)
    print("|".join([e.name, e.path, call(e.is_dir),
                    call(e.is_dir, follow_symlinks=False), call(e.is_file),
                    call(e.is_file, follow_symlinks=False), call(e.is_symlink),
                    str(e.inode()), st, lst, repr(e)]))
]]

local function show(ok, v)
  if not ok then
    return "E" .. tostring(type(v) == "table" and v.errno or v)
  end
  return v and "True" or "False"
end

local function int(v)
  return string.format("%d", v)
end

-- The same line from a pyos DirEntry.
local function describe_entry(e)
  local function st(opts)
    local r, _, _, err = e:stat(opts)
    if not r then return "E" .. err.errno end
    return int(r.st_mode)
  end
  return table.concat({e.name, e.path, show(pcall(e.is_dir, e)),
    show(pcall(e.is_dir, e, {follow_symlinks = false})), show(pcall(e.is_file, e)),
    show(pcall(e.is_file, e, {follow_symlinks = false})), show(pcall(e.is_symlink, e)),
    int(e:inode()), st(), st({follow_symlinks = false}), tostring(e)}, "|")
end

local function pylines(arg)
  local t = {}
  for line in (python(PYENTRIES, arg) .. "\n"):gmatch("([^\n]*)\n") do
    if line ~= "" then t[#t + 1] = line end
  end
  return t
end

local function fdopen(path)
  return assert(pyos.open(path, pyos.O_RDONLY))
end

local function pylist(path)
  local out = python("import os, sys; print('\\n'.join(os.listdir(sys.argv[1])))", path)
  local t = {}
  for name in (out .. "\n"):gmatch("([^\n]*)\n") do
    if name ~= "" then t[#t + 1] = name end
  end
  return t
end

describe("pyos.listdir", function()
  it("lists the names in python3's order, without . and ..", function()
    finally(support.cleanup)
    local dir = maketree()
    local names = assert(pyos.listdir(dir))
    assert.same(pylist(dir), names)
    assert.equal(8, #names)
  end)

  it("reads a directory bigger than one getdents buffer", function()
    finally(support.cleanup)
    local dir = support.tmpdir()
    assert(select(2, sh("cd " .. quote(dir) .. " && seq -f 'a-rather-long-file-name-%06g' 1 3000 | xargs touch")))
    local names = assert(pyos.listdir(dir))
    assert.equal(3000, #names)
    assert.same(pylist(dir), names)
  end)

  it("lists '.' by default", function()
    assert.same(pylist("."), assert(pyos.listdir()))
    assert.same(pylist("."), assert(pyos.listdir(nil)))
  end)

  it("lists an empty directory as an empty table", function()
    finally(support.cleanup)
    assert.same({}, assert(pyos.listdir(support.tmpdir())))
  end)

  it("takes a path-like value", function()
    finally(support.cleanup)
    local dir = maketree()
    local p = setmetatable({}, {__fspath = function() return dir end})
    assert.same(pylist(dir), assert(pyos.listdir(p)))
  end)

  it("takes an fd, does not close it, and rewinds it", function()
    finally(support.cleanup)
    local dir = maketree()
    local fd = fdopen(dir)
    finally(function() pyos.close(fd); support.cleanup() end)
    local names = assert(pyos.listdir(fd))
    assert.same(pylist(dir), names)
    assert.same(names, assert(pyos.listdir(fd)))    -- rewound: again from the start
    assert.truthy(pyos.fstat(fd))
  end)

  it("returns the error triple as Python names it", function()
    finally(support.cleanup)
    local dir = maketree()
    oserror({errno = "ENOENT", name = "FileNotFoundError", filename = dir .. "/none",
             str = "[Errno 2] No such file or directory: '" .. dir .. "/none'"},
            pyos.listdir(dir .. "/none"))
    oserror({errno = "ENOTDIR", name = "NotADirectoryError",
             str = "[Errno 20] Not a directory: '" .. dir .. "/f'"}, pyos.listdir(dir .. "/f"))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: ''"}, pyos.listdir(""))
    oserror({errno = "ENOTDIR", str = "[Errno 20] Not a directory: '" .. dir .. "/p'"},
            pyos.listdir(dir .. "/p"))
    oserror({errno = "ELOOP", name = "OSError"}, pyos.listdir(dir .. "/loop"))
  end)

  it("names the fd, or nothing when it is bad, as Python", function()
    finally(support.cleanup)
    local dir = maketree()
    local fd = fdopen(dir .. "/f")
    finally(function() pyos.close(fd); support.cleanup() end)
    local err = oserror({errno = "ENOTDIR", str = "[Errno 20] Not a directory: " .. fd},
                        pyos.listdir(fd))
    assert.equal(fd, err.filename)
    err = oserror({errno = "EBADF", name = "OSError", str = "[Errno 9] Bad file descriptor"},
                  pyos.listdir(999))
    assert.is_nil(err.filename)
    local want = python([[
import os
try: os.listdir(999)
except OSError as e: print(e)]])
    assert.equal(want, tostring(err))
  end)

  it("fails with EACCES on an unreadable directory", function()
    if support.isroot then
      pending("root reads any directory")
      return
    end
    finally(support.cleanup)
    local dir = support.tmpdir()
    assert(select(2, sh("mkdir " .. quote(dir .. "/x") .. " && chmod 0 " .. quote(dir .. "/x"))))
    oserror({errno = "EACCES", name = "PermissionError"}, pyos.listdir(dir .. "/x"))
  end)

  it("rejects bad arguments", function()
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.listdir, "a\0b")
    raises("bad argument #1 to '.-' %(number has no integer representation%)", pyos.listdir, 1.5)
    raises("bad argument #1 to '.-' %(string, integer or path%-like expected, got table%)", pyos.listdir, {})
    raises("bad argument #2 to '.-' %(too many arguments%)", pyos.listdir, ".", 1)
  end)
end)

describe("pyos.scandir", function()
  it("gives python3's DirEntry results, in python3's order", function()
    finally(support.cleanup)
    local dir = maketree()
    local want = pylines(dir)
    local got = {}
    for e in assert(pyos.scandir(dir)) do got[#got + 1] = describe_entry(e) end
    assert.same(want, got)
    assert.equal(8, #got)
  end)

  it("joins the path as Python: '.' by default, no doubled slash", function()
    finally(support.cleanup)
    local dir = maketree()
    for _, arg in ipairs({dir .. "/", dir .. "//d"}) do
      local got = {}
      for e in assert(pyos.scandir(arg)) do got[#got + 1] = describe_entry(e) end
      assert.same(pylines(arg), got)
    end
    local names = {}
    for e in assert(pyos.scandir()) do
      assert.equal("./" .. e.name, e.path)
      names[#names + 1] = e.name
    end
    assert.same(pylist("."), names)
  end)

  it("takes an fd: bare names, stat relative to it, fd left open", function()
    finally(support.cleanup)
    local dir = maketree()
    local fd = fdopen(dir)
    finally(function() pyos.close(fd); support.cleanup() end)
    local want = pylines("fd:" .. dir)
    for _ = 1, 2 do                 -- the fd is rewound: twice the same
      local got = {}
      for e in assert(pyos.scandir(fd)) do
        assert.equal(e.name, e.path)
        got[#got + 1] = describe_entry(e)
      end
      assert.same(want, got)
    end
    assert.truthy(pyos.fstat(fd))
  end)

  it("returns nil, err, errno when the directory cannot be opened", function()
    finally(support.cleanup)
    local dir = maketree()
    oserror({errno = "ENOENT", name = "FileNotFoundError", filename = dir .. "/none",
             str = "[Errno 2] No such file or directory: '" .. dir .. "/none'"},
            pyos.scandir(dir .. "/none"))
    oserror({errno = "ENOTDIR", str = "[Errno 20] Not a directory: '" .. dir .. "/f'"},
            pyos.scandir(dir .. "/f"))
    oserror({errno = "EBADF", str = "[Errno 9] Bad file descriptor"}, pyos.scandir(999))
    local fd = fdopen(dir .. "/f")
    finally(function() pyos.close(fd); support.cleanup() end)
    oserror({errno = "ENOTDIR", str = "[Errno 20] Not a directory: " .. fd}, pyos.scandir(fd))
    local ok, msg = pcall(function()
      for _ in assert(pyos.scandir(dir .. "/none")) do end
    end)
    assert.is_false(ok)
    assert.truthy(tostring(msg):find("No such file or directory", 1, true))
  end)

  it("returns the iterator as its own closing value", function()
    finally(support.cleanup)
    local dir = maketree()
    local it, s, c, closing = pyos.scandir(dir)
    assert.equal("userdata", type(it))
    assert.is_nil(s)
    assert.is_nil(c)
    assert.equal(it, closing)
    assert.equal("pyos.ScandirIterator", getmetatable(it).__name)
    assert.is_true(it:close())
  end)

  it("gives DirEntry fields, __fspath, __tostring and __name", function()
    finally(support.cleanup)
    local dir = support.tmpdir()
    support.writefile(dir .. "/it's", "x")
    local e = assert(pyos.scandir(dir))()
    assert.equal("it's", e.name)
    assert.equal(dir .. "/it's", e.path)
    assert.equal(dir .. "/it's", getmetatable(e).__fspath(e))
    assert.equal('<DirEntry "it\'s">', tostring(e))
    assert.equal(python("import os, sys; print(repr(next(os.scandir(sys.argv[1]))))", dir),
                 tostring(e))
    assert.equal("pyos.DirEntry", getmetatable(e).__name)
    assert.is_false(e:is_junction())
    assert.is_nil(e.nosuchfield)
    assert.equal(pyos.stat(dir .. "/it's").st_ino, assert(pyos.stat(e)).st_ino)  -- path-like
    collectgarbage()
  end)

  it("renders a name that is not UTF-8 as Python's repr", function()
    finally(support.cleanup)
    local dir = support.tmpdir()
    support.writefile(dir .. "/a\255b", "")
    local e = assert(pyos.scandir(dir))()
    assert.equal("a\255b", e.name)
    assert.equal(python("import os, sys; print(repr(next(os.scandir(sys.argv[1]))))", dir),
                 tostring(e))
    collectgarbage()
  end)

  it("survives its stat cache swapped through the debug library", function()
    finally(support.cleanup)
    local dir = support.tmpdir()
    support.writefile(dir .. "/f", "abc")
    local e = assert(pyos.scandir(dir))()
    assert.equal(3, assert(e:stat()).st_size)
    support.setref(e, io.stdout)             -- too small to hold a stat
    support.writefile(dir .. "/f", "abcdef")
    assert.equal(6, assert(e:stat()).st_size)   -- a new cache, stat again
    assert.equal(6, assert(e:stat({follow_symlinks = false})).st_size)
    support.setref(e, nil)
    collectgarbage()
    assert.equal(6, assert(e:stat()).st_size)
    assert.equal("file", io.type(io.stdout))   -- not written into
    assert.is_nil(e["name\0junk"])
    assert.equal("f", e.name)
  end)

  it("caches stat and lstat, as Python", function()
    finally(support.cleanup)
    local dir = support.tmpdir()
    support.writefile(dir .. "/f", "abc")
    local e = assert(pyos.scandir(dir))()
    local st = assert(e:stat())
    assert.equal(3, st.st_size)
    support.writefile(dir .. "/f", "abcdef")
    assert.equal(3, assert(e:stat()).st_size)
    assert.equal(3, assert(e:stat({follow_symlinks = false})).st_size)
    assert.equal(6, pyos.stat(dir .. "/f").st_size)
    collectgarbage()
  end)

  it("says is_dir false for a vanished entry and raises other errors", function()
    finally(support.cleanup)
    local dir = maketree()
    local entries = {}
    for e in assert(pyos.scandir(dir)) do entries[e.name] = e end
    assert(os.remove(dir .. "/ld"))
    assert.is_false(entries.ld:is_dir())          -- ENOENT: false
    assert.is_true(entries.ld:is_symlink())       -- from d_type
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: '" .. dir .. "/ld'"},
            entries.ld:stat())
    local ok, err = pcall(entries.loop.is_dir, entries.loop)
    assert.is_false(ok)
    assert.equal(pyos.OSError, getmetatable(err))
    assert.equal(pyos.errno.ELOOP, err.errno)
    assert.equal(dir .. "/loop", err.filename)
    assert.equal(python("import os, sys\ntry: os.stat(sys.argv[1])\nexcept OSError as e: print(e)",
                        dir .. "/loop"), tostring(err))
  end)

  it("raises a read error in the middle of a loop", function()
    -- /proc/PID/fd of a process that is gone fails with ENOENT on read.
    local before = testkit.children()
    local p = assert(io.popen("exec sleep 30"))
    local pid
    for _, c in ipairs(testkit.children()) do
      local new = true
      for _, b in ipairs(before) do if b == c then new = false end end
      if new then pid = c end
    end
    assert.truthy(pid)
    local path = "/proc/" .. pid .. "/fd"
    local it = assert(pyos.scandir(path))
    os.execute("kill " .. pid)
    p:close()
    local ok, err = pcall(function() for _ in it do end end)
    assert.is_false(ok)
    assert.equal(pyos.OSError, getmetatable(err))
    assert.equal(pyos.errno.ENOENT, err.errno)
    assert.equal(path, err.filename)
    assert.equal("[Errno 2] No such file or directory: '" .. path .. "'", tostring(err))
    assert.is_nil(it())                        -- closed after the error
  end)

  it("releases the fd on close(), on exhaustion, and only once", function()
    finally(support.cleanup)
    local dir = maketree()
    local before = testkit.fds()
    local it = assert(pyos.scandir(dir))
    assert.equal(#before + 1, #testkit.fds())
    assert.is_true(it:close())
    assert.same(before, testkit.fds())
    assert.is_true(it:close())
    assert.is_nil(it())
    local it2 = assert(pyos.scandir(dir))
    for _ in it2 do end
    assert.same(before, testkit.fds())
    local spare = fdopen(dir)      -- takes the number it2 had: not closed twice
    it2:close()
    collectgarbage()
    collectgarbage()
    assert.truthy(pyos.fstat(spare))
    pyos.close(spare)
  end)

  it("releases the fd when a loop breaks (5.4) or when collected", function()
    finally(support.cleanup)
    local dir = maketree()
    local before = testkit.fds()
    for _ in assert(pyos.scandir(dir)) do break end
    if not HAVE_CLOSE then collectgarbage(); collectgarbage() end
    assert.same(before, testkit.fds())
    local function drop() local it = pyos.scandir(dir); it() end
    drop()
    collectgarbage()
    collectgarbage()
    assert.same(before, testkit.fds())
  end)

  it("survives 1,000 unclosed iterators under ulimit -n 256", function()
    local script = [[
      local pyos = require "pyos"
      for i = 1, 1000 do
        local it = assert(pyos.scandir("/"))
        assert(it())
      end
      for i = 1, 300 do assert(pyos.listdir("/")) end
      io.write("ok")
    ]]
    local cmd = "ulimit -n 256 && LUA_PATH=" .. quote(os.getenv("LUA_PATH") or "")
      .. " LUA_CPATH=" .. quote(os.getenv("LUA_CPATH") or "") .. " "
      .. support.luacmd() .. " -e " .. quote(script)
    local out, ok = sh(cmd)
    assert.equal("ok", out)
    assert.is_true(ok)
  end)

  it("rejects bad arguments", function()
    finally(support.cleanup)
    local dir = maketree()
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.scandir, "a\0b")
    raises("bad argument #1 to '.-' %(number has no integer representation%)", pyos.scandir, 0.5)
    raises("bad argument #2 to '.-' %(too many arguments%)", pyos.scandir, ".", 1)
    local e = assert(pyos.scandir(dir))()
    raises("bad argument #1 to 'pyos.DirEntry:is_dir' %(unknown option 'follow'%)", e.is_dir, e, {follow = true})
    raises("follow_symlinks.-boolean expected, got number", e.is_file, e, {follow_symlinks = 1})
    raises("bad argument #1 to 'pyos.DirEntry:is_symlink' %(too many arguments%)", e.is_symlink, e, 1)
    raises("bad argument #1 to 'pyos.DirEntry:inode' %(too many arguments%)", e.inode, e, 1)
    raises("calling 'pyos.DirEntry:is_dir' on bad self %(pyos.DirEntry expected, got string%)", e.is_dir, "x")
    raises("pyos.DirEntry expected, got ", e.stat, pyos.scandir(dir))
    collectgarbage()
  end)
end)
