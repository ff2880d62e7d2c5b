-- pyos.fs: Files and Directories (stat is in stat_spec.lua, scandir and
-- walk in their own specs). Every effect is checked through python3 or
-- the shell, never through the function under test alone.
local pyos = require "pyos"
local support = require "support"

local unpack = table.unpack or unpack
local raises = support.assert_raises
local oserror = support.assert_oserror
local python = support.python
local quote = support.quote

-- A fresh temp dir; every test cleans up through finally().
local function tmp()
  return support.tmpdir()
end

-- python3's view of a path: "mode ino nlink size" of os.lstat.
local function pystat(path, expr)
  return python("import os, sys\nst = os.lstat(sys.argv[1])\nprint(" ..
                (expr or "oct(st.st_mode)") .. ")", path)
end

local function exists(path)
  return python("import os, sys; print(os.path.lexists(sys.argv[1]))", path) == "True"
end

local function umask()
  return tonumber(python("import os; print(os.umask(0))"))
end

local function band(a, b)         -- bitwise and for 5.1/LuaJIT
  local r, bit = 0, 1
  while a > 0 and b > 0 do
    if a % 2 == 1 and b % 2 == 1 then r = r + bit end
    a, b, bit = math.floor(a / 2), math.floor(b / 2), bit * 2
  end
  return r
end

local function octal(s) return tonumber(s, 8) end

describe("pyos.fs constants", function()
  it("F_OK R_OK W_OK X_OK and os.ST_* equal python3's", function()
    local names = {"F_OK", "R_OK", "W_OK", "X_OK", "ST_RDONLY", "ST_NOSUID",
      "ST_NODEV", "ST_NOEXEC", "ST_SYNCHRONOUS", "ST_MANDLOCK", "ST_WRITE",
      "ST_APPEND", "ST_NOATIME", "ST_NODIRATIME", "ST_RELATIME"}
    local want = python([[
import os, sys
print(" ".join(str(getattr(os, n)) for n in sys.argv[1:]))]], unpack(names))
    local got = {}
    for i, n in ipairs(names) do got[i] = string.format("%d", pyos[n]) end
    assert.equal(want, table.concat(got, " "))
  end)

  it("has exactly python3's os.ST_* names", function()
    local want = python([[
import os
print(" ".join(sorted(n for n in dir(os) if n.startswith("ST_"))))]])
    local got = {}
    for k, v in pairs(pyos.fs) do
      if k:match("^ST_") and k:upper() == k and type(v) == "number"
         and pyos.fs.S_ISDIR and not ({ST_MODE = 1, ST_INO = 1, ST_DEV = 1,
           ST_NLINK = 1, ST_UID = 1, ST_GID = 1, ST_SIZE = 1, ST_ATIME = 1,
           ST_MTIME = 1, ST_CTIME = 1})[k] then
        got[#got + 1] = k
      end
    end
    table.sort(got)
    assert.equal(want, table.concat(got, " "))
  end)
end)

describe("pyos.supports_*", function()
  it("are python3's sets, for every function pyos has", function()
    for _, set in ipairs({"dir_fd", "fd", "follow_symlinks", "effective_ids"}) do
      local want = python([[
import os, sys
print(" ".join(sorted(f.__name__ for f in getattr(os, "supports_" + sys.argv[1]))))]], set)
      local expect, got = {}, {}
      for name in want:gmatch("%S+") do
        if type(pyos[name]) == "function" then expect[#expect + 1] = name end
      end
      local byfn = {}
      for k, v in pairs(pyos) do
        if type(v) == "function" then byfn[v] = byfn[v] or k end
      end
      for fn in pairs(pyos["supports_" .. set]) do got[#got + 1] = byfn[fn] end
      table.sort(got)
      assert.same(expect, got, set)
    end
  end)

  it("include the functions of this area", function()
    for _, f in ipairs({"access", "chmod", "chown", "link", "mkdir", "mkfifo",
                        "mknod", "readlink", "rename", "rmdir", "symlink",
                        "unlink", "utime", "stat", "open"}) do
      assert.is_true(pyos.supports_dir_fd[pyos[f]], f)
    end
    for _, f in ipairs({"chdir", "chmod", "chown", "pathconf", "stat",
                        "statvfs", "truncate", "utime"}) do
      assert.is_true(pyos.supports_fd[pyos[f]], f)
    end
    assert.is_nil(pyos.supports_follow_symlinks[pyos.chmod])
    assert.is_true(pyos.supports_effective_ids[pyos.access])
    assert.is_nil(pyos.supports_dir_fd[pyos.remove])
    assert.is_nil(pyos.supports_dir_fd[pyos.replace])
  end)
end)

describe("pyos.access", function()
  it("agrees with python3 for every mode", function()
    local d = tmp()
    finally(support.cleanup)
    support.writefile(d .. "/f", "x")
    support.sh("chmod 0644 " .. quote(d .. "/f") .. "; ln -s nowhere " .. quote(d .. "/dangling"))
    local paths = {d .. "/f", d, d .. "/missing", d .. "/dangling", "/etc/shadow"}
    local modes = {pyos.F_OK, pyos.R_OK, pyos.W_OK, pyos.X_OK, pyos.R_OK + pyos.W_OK}
    -- One python3 run answers every (path, mode) pair, in order.
    local want = python([[
import os, sys
for p in sys.argv[1:]:
    for m in (os.F_OK, os.R_OK, os.W_OK, os.X_OK, os.R_OK | os.W_OK):
        print(os.access(p, m))]], (unpack or table.unpack)(paths))
    local answers = want:gmatch("%S+")
    for _, p in ipairs(paths) do
      for _, m in ipairs(modes) do
        assert.equal(answers() == "True", pyos.access(p, m), p .. " " .. m)
      end
    end
  end)

  it("returns false, never an error triple", function()
    local n = select("#", pyos.access("/no/such/file", pyos.F_OK))
    assert.equal(1, n)
    assert.is_false(pyos.access("/no/such/file", pyos.F_OK))
    assert.is_false(pyos.access("/etc/passwd", 99))      -- EINVAL
  end)

  it("denies X_OK on a file without execute bits, even to root", function()
    local d = tmp()
    finally(support.cleanup)
    support.writefile(d .. "/f", "x")
    support.sh("chmod 0644 " .. quote(d .. "/f"))
    assert.is_false(pyos.access(d .. "/f", pyos.X_OK))
    support.sh("chmod 0755 " .. quote(d .. "/f"))
    assert.is_true(pyos.access(d .. "/f", pyos.X_OK))
  end)

  it("takes dir_fd, follow_symlinks, effective_ids and mode by name", function()
    local d = tmp()
    local fd = assert(pyos.open(d, pyos.O_RDONLY))
    finally(function() pyos.close(fd); support.cleanup() end)
    support.sh("ln -s nowhere " .. quote(d .. "/dangling") .. "; touch " .. quote(d .. "/f"))
    assert.is_true(pyos.access("f", pyos.F_OK, {dir_fd = fd}))
    assert.is_false(pyos.access("g", pyos.F_OK, {dir_fd = fd}))
    assert.is_false(pyos.access("dangling", pyos.F_OK, {dir_fd = fd}))
    assert.is_true(pyos.access("dangling", pyos.F_OK, {dir_fd = fd, follow_symlinks = false}))
    assert.is_true(pyos.access(d .. "/f", pyos.R_OK, {effective_ids = true}))
    assert.is_true(pyos.access(d .. "/f", {mode = pyos.F_OK}))
  end)

  it("raises on bad arguments", function()
    raises("bad argument #1 to '.-' %(string or path%-like expected, got number%)", pyos.access, 0, 0)
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.access, "a\0b", 0)
    raises("bad argument #2 to '.-'", pyos.access, "/", nil)
    raises("unknown option 'dirfd'", pyos.access, "/", 0, {dirfd = 1})
    raises("too many arguments", pyos.access, "/", 0, {}, 1)
    raises("given both by position and as an option", pyos.access, "/", 0, {mode = 0})
  end)
end)

describe("pyos.chdir, fchdir, getcwd, getcwdb", function()
  local here
  before_each(function() here = pyos.getcwd() end)

  it("change the directory, by path and by fd", function()
    local d = tmp()
    local fd = assert(pyos.open(d, pyos.O_RDONLY))
    finally(function() pyos.chdir(here); pyos.close(fd); support.cleanup() end)
    local real = python("import os, sys; print(os.path.realpath(sys.argv[1]))", d)
    assert.is_true(pyos.chdir(d))
    assert.equal(real, pyos.getcwd())
    assert.equal(real, pyos.getcwdb())
    assert.is_true(pyos.chdir("/"))
    assert.equal("/", pyos.getcwd())
    assert.is_true(pyos.chdir(fd))
    assert.equal(real, pyos.getcwd())
    assert.is_true(pyos.chdir("/"))
    assert.is_true(pyos.fchdir(fd))
    assert.equal(real, pyos.getcwd())
    -- the process really moved: a relative name resolves there
    support.writefile(d .. "/mark", "here")
    local f = assert(io.open("mark", "rb"))
    assert.equal("here", f:read("*a"))
    f:close()
  end)

  it("return a long working directory whole", function()
    local d = tmp()
    finally(function() pyos.chdir(here); support.cleanup() end)
    local long = d
    for _ = 1, 30 do long = long .. "/" .. string.rep("x", 200) end
    support.sh("mkdir -p " .. quote(long))
    local real = python("import os, sys; print(os.path.realpath(sys.argv[1]))", long)
    assert.is_true(pyos.chdir(d))
    for _ = 1, 30 do assert.is_true(pyos.chdir(string.rep("x", 200))) end
    assert.is_true(#real > 6000)
    assert.equal(real, pyos.getcwd())
  end)

  it("report errors as python3 does", function()
    local d = tmp()
    finally(function() pyos.chdir(here); support.cleanup() end)
    support.writefile(d .. "/file", "")
    oserror({errno = "ENOENT", name = "FileNotFoundError", filename = d .. "/nope",
             str = "[Errno 2] No such file or directory: '" .. d .. "/nope'"},
            pyos.chdir(d .. "/nope"))
    oserror({errno = "ENOTDIR", name = "NotADirectoryError",
             str = "[Errno 20] Not a directory: '" .. d .. "/file'"},
            pyos.chdir(d .. "/file"))
    oserror({errno = "EBADF", filename = 999, str = "[Errno 9] Bad file descriptor: 999"},
            pyos.chdir(999))
    local err = oserror({errno = "EBADF", str = "[Errno 9] Bad file descriptor"},
                           pyos.fchdir(999))
    assert.is_nil(err.filename)
    -- getcwd of a removed directory: ENOENT, no file name
    assert.is_true(pyos.chdir(d))
    support.sh("mkdir " .. quote(d .. "/gone"))
    assert.is_true(pyos.chdir("gone"))
    support.sh("rmdir " .. quote(d .. "/gone"))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory"}, pyos.getcwd())
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory"}, pyos.getcwdb())
  end)

  it("raise on bad arguments", function()
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.chdir, "/\0")
    raises("bad argument #1 to '.-'", pyos.chdir, nil)
    raises("bad argument #1 to '.-' %(number has no integer representation%)", pyos.chdir, 1.5)
    raises("bad argument #1 to '.-'", pyos.fchdir, "0")
    raises("too many arguments", pyos.getcwd, 1)
    raises("too many arguments", pyos.chdir, "/", 1)
  end)
end)

describe("pyos.chmod", function()
  it("sets the mode by path, fd and dir_fd", function()
    local d = tmp()
    local dfd = assert(pyos.open(d, pyos.O_RDONLY))
    support.writefile(d .. "/f", "")
    local fd = assert(pyos.open(d .. "/f", pyos.O_RDONLY))
    finally(function() pyos.close(fd); pyos.close(dfd); support.cleanup() end)
    assert.is_true(pyos.chmod(d .. "/f", octal("4751")))
    assert.equal("0o104751", pystat(d .. "/f"))
    assert.is_true(pyos.chmod(fd, octal("600")))
    assert.equal("0o100600", pystat(d .. "/f"))
    assert.is_true(pyos.chmod("f", octal("640"), {dir_fd = dfd}))
    assert.equal("0o100640", pystat(d .. "/f"))
    assert.is_true(pyos.chmod(d .. "/f", {mode = octal("444")}))
    assert.equal("0o100444", pystat(d .. "/f"))
    -- follow_symlinks=false on a file that is not a symlink works
    assert.is_true(pyos.chmod(d .. "/f", octal("644"), {follow_symlinks = false}))
    assert.equal("0o100644", pystat(d .. "/f"))
  end)

  it("follows a symlink, and cannot change the link itself on Linux", function()
    local d = tmp()
    local dfd = assert(pyos.open(d, pyos.O_RDONLY))
    finally(function() pyos.close(dfd); support.cleanup() end)
    support.sh("touch " .. quote(d .. "/f") .. "; ln -s f " .. quote(d .. "/l"))
    assert.is_true(pyos.chmod(d .. "/l", octal("700")))
    assert.equal("0o100700", pystat(d .. "/f"))
    raises("bad argument #3 to 'pyos.chmod' %(follow_symlinks unavailable on this platform%)",
           pyos.chmod, d .. "/l", octal("600"), {follow_symlinks = false})
    raises("bad argument #3 to 'pyos.chmod' %(cannot use dir_fd and follow_symlinks together%)",
           pyos.chmod, "l", octal("600"), {dir_fd = dfd, follow_symlinks = false})
    assert.equal("0o100700", pystat(d .. "/f"))
  end)

  it("reports errors as python3 does", function()
    local d = tmp()
    finally(support.cleanup)
    oserror({errno = "ENOENT", name = "FileNotFoundError", filename = d .. "/x",
             str = "[Errno 2] No such file or directory: '" .. d .. "/x'"},
            pyos.chmod(d .. "/x", 0))
    oserror({errno = "EBADF", filename = 999, str = "[Errno 9] Bad file descriptor: 999"},
            pyos.chmod(999, 0))
    oserror({errno = "EBADF", filename = "x", str = "[Errno 9] Bad file descriptor: 'x'"},
            pyos.chmod("x", 0, {dir_fd = 999}))
  end)

  it("raises on bad arguments", function()
    raises("bad argument #2 to '.-'", pyos.chmod, "/x", nil)
    raises("bad argument #2 to '.-' %(value must not be negative%)", pyos.chmod, "/x", -1)
    raises("bad argument #2 to '.-' %(number has no integer representation%)", pyos.chmod, "/x", 1.5)
    raises("unknown option 'follow'", pyos.chmod, "/x", 0, {follow = false})
  end)
end)

describe("pyos.chown and lchown", function()
  local function ids(p)
    return pystat(p, "st.st_uid, st.st_gid")
  end

  it("change owners by path, fd, dir_fd, and of a link itself", function()
    local d = tmp()
    local dfd = assert(pyos.open(d, pyos.O_RDONLY))
    support.sh("touch " .. quote(d .. "/f") .. "; ln -s f " .. quote(d .. "/l"))
    local fd = assert(pyos.open(d .. "/f", pyos.O_RDONLY))
    finally(function() pyos.close(fd); pyos.close(dfd); support.cleanup() end)
    local uid = tonumber(python("import os; print(os.getuid())"))
    local gid = tonumber(python("import os; print(os.getgid())"))
    local a, b = uid, gid
    if support.isroot then a, b = 1234, 5678 end
    assert.is_true(pyos.chown(d .. "/f", a, b))
    assert.equal(a .. " " .. b, ids(d .. "/f"))
    assert.is_true(pyos.chown(fd, -1, gid))          -- -1: unchanged
    assert.equal(a .. " " .. gid, ids(d .. "/f"))
    assert.is_true(pyos.chown("f", uid, -1, {dir_fd = dfd}))
    assert.equal(uid .. " " .. gid, ids(d .. "/f"))
    assert.is_true(pyos.lchown(d .. "/l", a, b))
    assert.equal(a .. " " .. b, ids(d .. "/l"))
    assert.equal(uid .. " " .. gid, ids(d .. "/f"))
    assert.is_true(pyos.chown("l", uid, gid, {dir_fd = dfd, follow_symlinks = false}))
    assert.equal(uid .. " " .. gid, ids(d .. "/l"))
    assert.is_true(pyos.chown(d .. "/l", a, b, {follow_symlinks = false}))
    assert.equal(a .. " " .. b, ids(d .. "/l"))
    assert.is_true(pyos.chown(d .. "/f", {uid = a, gid = b}))
    assert.equal(a .. " " .. b, ids(d .. "/f"))
    assert.is_true(pyos.chown(d .. "/f", -1, -1))  -- (uid_t)-1: unchanged
    assert.equal(a .. " " .. b, ids(d .. "/f"))
  end)

  it("refuse a change root cannot bypass the rules for", function()
    if support.isroot then
      pending("root may chown anything; the EPERM case needs a non-root user")
      return
    end
    local d = tmp()
    finally(support.cleanup)
    support.writefile(d .. "/f", "")
    oserror({errno = "EPERM", name = "PermissionError",
             str = "[Errno 1] Operation not permitted: '" .. d .. "/f'"},
            pyos.chown(d .. "/f", 0, 0))
  end)

  it("report errors as python3 does", function()
    oserror({errno = "ENOENT", filename = "/no/such",
             str = "[Errno 2] No such file or directory: '/no/such'"}, pyos.chown("/no/such", -1, -1))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: '/no/such'"},
            pyos.lchown("/no/such", -1, -1))
    oserror({errno = "EBADF", filename = 999, str = "[Errno 9] Bad file descriptor: 999"},
            pyos.chown(999, -1, -1))
    raises("bad argument #4 to 'pyos.chown' %(can't specify both dir_fd and fd%)",
           pyos.chown, 0, -1, -1, {dir_fd = 0})
    raises("bad argument #4 to 'pyos.chown' %(cannot use fd and follow_symlinks together%)",
           pyos.chown, 0, -1, -1,
           {follow_symlinks = false})
    raises("bad argument #2 to '.-' %(value out of range", pyos.chown, "/x", -2, -1)
    raises("bad argument #3 to '.-' %(value out of range", pyos.chown, "/x", -1, 4294967296)
    -- CPython's range: 0 .. 2^32-2, and -1 for "unchanged" ((uid_t)-1)
    raises("bad argument #2 to 'pyos.chown' %(value out of range %[%-1, 4294967294%]%)",
           pyos.chown, "/x", 4294967295, -1)
    raises("bad argument #3 to 'pyos.lchown' %(value out of range %[%-1, 4294967294%]%)",
           pyos.lchown, "/x", -1, 4294967295)
    raises("bad argument #3 to 'pyos.fchown' %(value out of range %[%-1, 4294967294%]%)",
           pyos.fchown, 0, -1, 4294967295)
    raises("too many arguments", pyos.lchown, "/x", -1, -1, {})
  end)
end)

describe("pyos.chroot", function()
  -- Only the failures: a successful chroot would change this process's root.
  it("reports errors as python3 does", function()
    local d = tmp()
    finally(support.cleanup)
    support.writefile(d .. "/f", "")
    oserror({errno = "ENOENT", filename = d .. "/x",
             str = "[Errno 2] No such file or directory: '" .. d .. "/x'"}, pyos.chroot(d .. "/x"))
    oserror({errno = "ENOTDIR", name = "NotADirectoryError",
             str = "[Errno 20] Not a directory: '" .. d .. "/f'"}, pyos.chroot(d .. "/f"))
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.chroot, "/\0")
    raises("too many arguments", pyos.chroot, "/", 1)
  end)
end)

describe("pyos.link", function()
  it("makes a hard link, with dir_fds", function()
    local d = tmp()
    local dfd = assert(pyos.open(d, pyos.O_RDONLY))
    finally(function() pyos.close(dfd); support.cleanup() end)
    support.sh("mkdir " .. quote(d .. "/sub") .. "; echo hi > " .. quote(d .. "/f"))
    local sfd = assert(pyos.open(d .. "/sub", pyos.O_RDONLY))
    assert.is_true(pyos.link(d .. "/f", d .. "/g"))
    assert.equal(pystat(d .. "/f", "st.st_ino, st.st_nlink"), pystat(d .. "/g", "st.st_ino, st.st_nlink"))
    assert.equal("2", pystat(d .. "/f", "st.st_nlink"))
    assert.is_true(pyos.link("f", "h", {src_dir_fd = dfd, dst_dir_fd = sfd}))
    pyos.close(sfd)
    assert.equal("3", pystat(d .. "/sub/h", "st.st_nlink"))
  end)

  it("links a symlink itself by default, as python3 on Linux", function()
    local d = tmp()
    finally(support.cleanup)
    support.sh("cd " .. quote(d) .. " && touch f && ln -s f l")
    assert.is_true(pyos.link(d .. "/l", d .. "/l2"))
    python("import os, sys; os.link(sys.argv[1] + '/l', sys.argv[1] + '/l3')", d)
    assert.equal(pystat(d .. "/l3", "oct(st.st_mode), st.st_ino"),
                 pystat(d .. "/l2", "oct(st.st_mode), st.st_ino"))
    assert.is_true(pyos.link(d .. "/l", d .. "/t", {follow_symlinks = true, src_dir_fd = nil}))
    assert.is_true(pyos.link(d .. "/l", d .. "/u", {follow_symlinks = false}))
    assert.equal(pystat(d .. "/l", "st.st_ino"), pystat(d .. "/u", "st.st_ino"))
    local fd = assert(pyos.open(d, pyos.O_RDONLY))
    assert.is_true(pyos.link("l", "v", {src_dir_fd = fd, dst_dir_fd = fd}))   -- linkat follows
    pyos.close(fd)
    assert.equal(pystat(d .. "/f", "oct(st.st_mode), st.st_ino"),
                 pystat(d .. "/v", "oct(st.st_mode), st.st_ino"))
  end)

  it("reports errors with both names, as python3 does", function()
    local d = tmp()
    finally(support.cleanup)
    support.sh("cd " .. quote(d) .. " && touch f g && mkdir dir")
    local err = oserror({errno = "EEXIST", name = "FileExistsError",
             str = "[Errno 17] File exists: '" .. d .. "/f' -> '" .. d .. "/g'"},
            pyos.link(d .. "/f", d .. "/g"))
    assert.equal(d .. "/f", err.filename)
    assert.equal(d .. "/g", err.filename2)
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: 'nope' -> 'b'"},
            pyos.link("nope", "b"))
    -- even root may not hard-link a directory
    oserror({errno = "EPERM", name = "PermissionError",
             str = "[Errno 1] Operation not permitted: '" .. d .. "/dir' -> '" .. d .. "/d2'"},
            pyos.link(d .. "/dir", d .. "/d2"))
    raises("bad argument #2 to '.-' %(embedded null byte%)", pyos.link, "a", "b\0")
    raises("bad argument #2 to '.-'", pyos.link, "a")
    raises("unknown option 'dir_fd'", pyos.link, "a", "b", {dir_fd = 1})
  end)
end)

describe("pyos.mkdir", function()
  it("makes a directory with a mode, relative to dir_fd", function()
    local d = tmp()
    local dfd = assert(pyos.open(d, pyos.O_RDONLY))
    finally(function() pyos.close(dfd); support.cleanup() end)
    local mask = umask()
    assert.is_true(pyos.mkdir(d .. "/a"))
    assert.equal(string.format("0o%o", 16384 + 511 - band(511, mask)), pystat(d .. "/a"))
    assert.is_true(pyos.mkdir(d .. "/b", octal("700")))
    assert.equal("0o40700", pystat(d .. "/b"))
    assert.is_true(pyos.mkdir("c", octal("750"), {dir_fd = dfd}))
    assert.equal(string.format("0o%o", 16384 + octal("750") - band(octal("750"), mask)),
                 pystat(d .. "/c"))
    assert.is_true(pyos.mkdir(d .. "/e", {mode = octal("711")}))
    assert.equal(string.format("0o%o", 16384 + octal("711") - band(octal("711"), mask)),
                 pystat(d .. "/e"))
  end)

  it("reports errors as python3 does", function()
    local d = tmp()
    finally(support.cleanup)
    support.writefile(d .. "/f", "")
    oserror({errno = "EEXIST", name = "FileExistsError", filename = d,
             str = "[Errno 17] File exists: '" .. d .. "'"}, pyos.mkdir(d))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: '" .. d .. "/x/y'"},
            pyos.mkdir(d .. "/x/y"))
    oserror({errno = "ENOTDIR", str = "[Errno 20] Not a directory: '" .. d .. "/f/y'"},
            pyos.mkdir(d .. "/f/y"))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: ''"}, pyos.mkdir(""))
    oserror({errno = "EBADF", str = "[Errno 9] Bad file descriptor: 'dd'"},
            pyos.mkdir("dd", octal("700"), {dir_fd = 999}))
    raises("bad argument #2 to '.-' %(number has no integer representation%)", pyos.mkdir, d .. "/z", 0.5)
    raises("given both by position and as an option", pyos.mkdir, d .. "/z", 1, {mode = 1})
    assert.is_false(exists(d .. "/z"))
  end)
end)

describe("pyos.mkfifo and mknod", function()
  it("make fifos, regular files and devices", function()
    local d = tmp()
    local dfd = assert(pyos.open(d, pyos.O_RDONLY))
    finally(function() pyos.close(dfd); support.cleanup() end)
    local mask = umask()
    assert.is_true(pyos.mkfifo(d .. "/p"))
    assert.equal(string.format("0o%o", 4096 + 438 - band(438, mask)), pystat(d .. "/p"))
    assert.is_true(pyos.mkfifo("q", octal("600"), {dir_fd = dfd}))
    assert.equal("0o10600", pystat(d .. "/q"))
    assert.is_true(pyos.mknod(d .. "/r"))
    assert.equal("0o100600", pystat(d .. "/r"))
    assert.is_true(pyos.mknod("s", pyos.S_IFIFO + octal("640"), {dir_fd = dfd}))
    assert.equal(string.format("0o%o", 4096 + octal("640") - band(octal("640"), mask)),
                 pystat(d .. "/s"))
    if support.isroot then
      assert.is_true(pyos.mknod(d .. "/null", pyos.S_IFCHR + octal("600"), pyos.makedev(1, 3)))
      assert.equal("0o20600 1 3", pystat(d .. "/null",
        "oct(st.st_mode), os.major(st.st_rdev), os.minor(st.st_rdev)"))
      assert.is_true(pyos.mknod(d .. "/null2", {mode = pyos.S_IFCHR + octal("600"),
                                                device = pyos.makedev(1, 5)}))
      assert.equal("1 5", pystat(d .. "/null2", "os.major(st.st_rdev), os.minor(st.st_rdev)"))
    end
  end)

  it("report errors without a file name, as python3 does", function()
    local d = tmp()
    finally(support.cleanup)
    local err = oserror({errno = "EEXIST", name = "FileExistsError",
                            str = "[Errno 17] File exists"}, pyos.mkfifo(d))
    assert.is_nil(err.filename)
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory"},
            pyos.mkfifo(d .. "/x/y"))
    oserror({errno = "EEXIST", str = "[Errno 17] File exists"}, pyos.mknod(d))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory"},
            pyos.mknod(d .. "/x/y"))
    oserror({errno = "EBADF", str = "[Errno 9] Bad file descriptor"},
            pyos.mkfifo("x", nil, {dir_fd = 999}))
    raises("unknown option 'device'", pyos.mkfifo, d .. "/z", nil, {device = 1})
    raises("bad argument #3 to '.-'", pyos.mknod, d .. "/z", 0, "1")
    assert.is_false(exists(d .. "/z"))
  end)
end)

describe("pyos.major, minor and makedev", function()
  it("agree with python3", function()
    for _, mm in ipairs({{0, 0}, {1, 3}, {8, 1}, {300, 5000}, {4095, 1048575},
                         {65535, 65535}, {123456, 7}}) do
      local want = python([[
import os, sys
d = os.makedev(int(sys.argv[1]), int(sys.argv[2]))
print(d, os.major(d), os.minor(d))]], mm[1], mm[2])
      local dev = pyos.makedev(mm[1], mm[2])
      assert.equal(want, string.format("%.0f %d %d", dev, pyos.major(dev), pyos.minor(dev)))
    end
  end)

  it("raise on bad arguments", function()
    raises("bad argument #1 to '.-' %(value must not be negative%)", pyos.makedev, -1, 0)
    raises("bad argument #2 to '.-'", pyos.makedev, 1)
    raises("bad argument #1 to '.-'", pyos.major, "1")
    raises("too many arguments", pyos.minor, 1, 2)
  end)
end)

describe("pyos.pathconf and pathconf_names", function()
  it("has exactly python3's names and numbers", function()
    local want = python([[
import os
print(" ".join("%s=%d" % kv for kv in sorted(os.pathconf_names.items())))]])
    local got = {}
    for k, v in pairs(pyos.pathconf_names) do got[#got + 1] = string.format("%s=%d", k, v) end
    table.sort(got)
    assert.equal(want, table.concat(got, " "))
  end)

  it("gives python3's values, by name, by number, by path and by fd", function()
    local d = tmp()
    local fd = assert(pyos.open(d, pyos.O_RDONLY))
    finally(function() pyos.close(fd); support.cleanup() end)
    local want = python([[
import os, sys
out = []
for n in sorted(os.pathconf_names):
    try:
        out.append("%s=%d" % (n, os.pathconf(sys.argv[1], n)))
    except OSError as e:
        out.append("%s=E%d" % (n, e.errno))
print(" ".join(out))]], d)
    local names = {}
    for n in pairs(pyos.pathconf_names) do names[#names + 1] = n end
    table.sort(names)
    for _, how in ipairs({"name", "number", "fd"}) do
      local got = {}
      for _, n in ipairs(names) do
        local v, err
        if how == "name" then v, err = pyos.pathconf(d, n)
        elseif how == "number" then v, err = pyos.pathconf(d, pyos.pathconf_names[n])
        else v, err = pyos.pathconf(fd, n) end
        got[#got + 1] = n .. "=" .. (v and string.format("%d", v) or "E" .. err.errno)
      end
      assert.equal(want, table.concat(got, " "), how)
    end
    assert.equal(-1, pyos.pathconf(d, "PC_SOCK_MAXBUF"))   -- no limit: -1, no error
  end)

  it("reports errors as python3 does", function()
    oserror({errno = "ENOENT", filename = "/no/such",
             str = "[Errno 2] No such file or directory: '/no/such'"},
            pyos.pathconf("/no/such", "PC_NAME_MAX"))
    oserror({errno = "EBADF", filename = 999, str = "[Errno 9] Bad file descriptor: 999"},
            pyos.pathconf(999, "PC_NAME_MAX"))
    local err = oserror({errno = "EINVAL", name = "OSError", str = "[Errno 22] Invalid argument"},
                           pyos.pathconf("/", 9999))
    assert.is_nil(err.filename)
    raises("bad argument #2 to '.-' %(unrecognized configuration name%)", pyos.pathconf, "/", "PC_NOPE")
    raises("bad argument #2 to '.-'", pyos.pathconf, "/", nil)
    raises("too many arguments", pyos.pathconf, "/", 3, 1)
  end)

  it("does not depend on pathconf_names being changed", function()
    local save = pyos.pathconf_names.PC_NAME_MAX
    pyos.pathconf_names.PC_NAME_MAX = 9999
    local v = pyos.pathconf("/", "PC_NAME_MAX")
    pyos.pathconf_names.PC_NAME_MAX = save
    assert.equal(tonumber(python("import os; print(os.pathconf('/', 'PC_NAME_MAX'))")), v)
  end)
end)

describe("pyos.readlink and symlink", function()
  it("make and read symlinks, with dir_fd", function()
    local d = tmp()
    local dfd = assert(pyos.open(d, pyos.O_RDONLY))
    finally(function() pyos.close(dfd); support.cleanup() end)
    assert.is_true(pyos.symlink("target/x", d .. "/l"))
    assert.equal("target/x", python("import os, sys; print(os.readlink(sys.argv[1]))", d .. "/l"))
    assert.equal("target/x", pyos.readlink(d .. "/l"))
    assert.is_true(pyos.symlink("t2", "m", {dir_fd = dfd}))
    assert.equal("t2", pyos.readlink("m", {dir_fd = dfd}))
    assert.is_true(pyos.symlink(d, d .. "/n", true))
    assert.is_true(pyos.symlink(d, d .. "/o", {target_is_directory = true}))
    assert.equal(d, pyos.readlink(d .. "/n"))
    assert.equal(d, pyos.readlink(d .. "/o"))
    local long = string.rep("abcdefghij/", 370)           -- 4070 bytes
    assert.is_true(pyos.symlink(long, d .. "/long"))
    assert.equal(long, pyos.readlink(d .. "/long"))
    local bytes = "caf\195\169\255"
    assert.is_true(pyos.symlink(bytes, d .. "/b"))
    assert.equal(bytes, pyos.readlink(d .. "/b"))
  end)

  it("report errors as python3 does", function()
    local d = tmp()
    finally(support.cleanup)
    support.sh("cd " .. quote(d) .. " && touch f")
    oserror({errno = "EINVAL", name = "OSError", filename = d .. "/f",
             str = "[Errno 22] Invalid argument: '" .. d .. "/f'"}, pyos.readlink(d .. "/f"))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: 'nope'"}, pyos.readlink("nope"))
    local err = oserror({errno = "EEXIST", name = "FileExistsError",
             str = "[Errno 17] File exists: 'x' -> '" .. d .. "/f'"}, pyos.symlink("x", d .. "/f"))
    assert.equal("x", err.filename)
    assert.equal(d .. "/f", err.filename2)
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: 'a' -> 'nope/b'"},
            pyos.symlink("a", "nope/b"))
    raises("bad argument #1 to '.-' %(string or path%-like expected, got number%)", pyos.readlink, 3)
    raises("bad argument #3 to '.-' %(boolean expected", pyos.symlink, "a", d .. "/z", 1)
    assert.is_false(exists(d .. "/z"))
  end)
end)

describe("pyos.remove, unlink and rmdir", function()
  it("remove names, with dir_fd", function()
    local d = tmp()
    local dfd = assert(pyos.open(d, pyos.O_RDONLY))
    finally(function() pyos.close(dfd); support.cleanup() end)
    support.sh("cd " .. quote(d) .. " && touch a b c d && mkdir e f && ln -s e l")
    assert.is_true(pyos.remove(d .. "/a"))
    assert.is_true(pyos.unlink(d .. "/b"))
    assert.is_true(pyos.remove("c", {dir_fd = dfd}))
    assert.is_true(pyos.unlink("d", {dir_fd = dfd}))
    assert.is_true(pyos.rmdir(d .. "/e/"))
    assert.is_true(pyos.rmdir("f", {dir_fd = dfd}))
    assert.is_true(pyos.unlink(d .. "/l"))              -- the link, not its target
    assert.equal("", (support.sh("ls -A " .. quote(d))))
  end)

  it("report errors as python3 does", function()
    local d = tmp()
    finally(support.cleanup)
    support.sh("cd " .. quote(d) .. " && touch f && mkdir -p dir/sub")
    for _, fn in ipairs({"remove", "unlink"}) do
      oserror({errno = "EISDIR", name = "IsADirectoryError",
               str = "[Errno 21] Is a directory: '" .. d .. "/dir'"}, pyos[fn](d .. "/dir"))
      oserror({errno = "ENOENT", filename = "nope",
               str = "[Errno 2] No such file or directory: 'nope'"}, pyos[fn]("nope"))
      oserror({errno = "EBADF", str = "[Errno 9] Bad file descriptor: 'x'"},
              pyos[fn]("x", {dir_fd = 999}))
    end
    oserror({errno = "ENOTEMPTY", name = "OSError",
             str = "[Errno 39] Directory not empty: '" .. d .. "/dir'"}, pyos.rmdir(d .. "/dir"))
    oserror({errno = "ENOTDIR", name = "NotADirectoryError",
             str = "[Errno 20] Not a directory: '" .. d .. "/f'"}, pyos.rmdir(d .. "/f"))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument: '.'"}, pyos.rmdir("."))
    assert.is_true(exists(d .. "/dir/sub"))
    raises("unknown option 'dirfd'", pyos.unlink, "x", {dirfd = 1})
    raises("too many arguments", pyos.rmdir, "x", {}, 1)
  end)
end)

describe("pyos.rename and replace", function()
  it("move and overwrite, with dir_fds", function()
    local d = tmp()
    local dfd = assert(pyos.open(d, pyos.O_RDONLY))
    finally(function() pyos.close(dfd); support.cleanup() end)
    support.sh("cd " .. quote(d) .. " && echo 1 > a && echo 2 > b && mkdir sub")
    local sfd = assert(pyos.open(d .. "/sub", pyos.O_RDONLY))
    for _, fn in ipairs({"rename", "replace"}) do
      assert.is_true(pyos[fn](d .. "/a", d .. "/b"))       -- replaces b
      assert.equal("1\n", support.readfile(d .. "/b"))
      assert.is_false(exists(d .. "/a"))
      assert.is_true(pyos[fn]("b", "c", {src_dir_fd = dfd, dst_dir_fd = sfd}))
      assert.equal("1\n", support.readfile(d .. "/sub/c"))
      assert.is_true(pyos[fn](d .. "/sub/c", d .. "/a"))
      support.writefile(d .. "/b", "2\n")
    end
    pyos.close(sfd)
  end)

  it("report errors with both names, as python3 does", function()
    local d = tmp()
    finally(support.cleanup)
    support.sh("cd " .. quote(d) .. " && touch f && mkdir -p dir/sub e")
    for _, fn in ipairs({"rename", "replace"}) do
      local err = oserror({errno = "ENOENT", name = "FileNotFoundError",
        str = "[Errno 2] No such file or directory: 'nope' -> 'b'"}, pyos[fn]("nope", "b"))
      assert.equal("nope", err.filename)
      assert.equal("b", err.filename2)
      oserror({errno = "ENOTDIR", str = "[Errno 20] Not a directory: '" .. d .. "/e' -> '"
               .. d .. "/f'"}, pyos[fn](d .. "/e", d .. "/f"))
      oserror({errno = "EISDIR", str = "[Errno 21] Is a directory: '" .. d .. "/f' -> '"
               .. d .. "/e'"}, pyos[fn](d .. "/f", d .. "/e"))
      oserror({errno = "ENOTEMPTY", str = "[Errno 39] Directory not empty: '" .. d .. "/e' -> '"
               .. d .. "/dir'"}, pyos[fn](d .. "/e", d .. "/dir"))
      oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument: '" .. d .. "/dir' -> '"
               .. d .. "/dir/sub/x'"}, pyos[fn](d .. "/dir", d .. "/dir/sub/x"))
      raises("bad argument #1 to '.-' %(string or path%-like expected, got number%)", pyos[fn], 3, "b")
      raises("unknown option 'dir_fd'", pyos[fn], "a", "b", {dir_fd = 3})
    end
  end)
end)

describe("pyos.statvfs", function()
  local STABLE = {"f_bsize", "f_frsize", "f_blocks", "f_files", "f_flag", "f_namemax"}

  it("agrees with python3, by path and by fd", function()
    local fd = assert(pyos.open("/", pyos.O_RDONLY))
    finally(function() pyos.close(fd) end)
    local want = python([[
import os, sys
s = os.statvfs("/")
print(" ".join(str(getattr(s, n)) for n in sys.argv[1:]))]], unpack(STABLE))
    for _, arg in ipairs({"/", fd}) do
      local s = assert(pyos.statvfs(arg))
      local got = {}
      for i, n in ipairs(STABLE) do got[i] = string.format("%d", s[n]) end
      assert.equal(want, table.concat(got, " "))
    end
  end)

  it("is a table with Python's fields, [1..10], f_fsid and a repr", function()
    local s = assert(pyos.statvfs("/"))
    local names = {"f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail",
                   "f_files", "f_ffree", "f_favail", "f_flag", "f_namemax"}
    assert.equal(10, #s)
    local parts = {}
    for i, n in ipairs(names) do
      assert.equal(s[n], s[i], n)
      parts[i] = n .. "=" .. string.format("%d", s[i])
    end
    assert.equal("os.statvfs_result(" .. table.concat(parts, ", ") .. ")", tostring(s))
    local fsid = python("import os; v = os.statvfs('/').f_fsid; print(v - 2**64 if v >= 2**63 else v)")
    if support.hasintegers then
      assert.equal(fsid, string.format("%d", s.f_fsid))
    else
      assert.is_true(math.abs(tonumber(fsid) - s.f_fsid) <= math.abs(s.f_fsid) * 2^-52)
    end
    assert.equal("pyos.statvfs_result", getmetatable(s).__name)
    -- a read-only or nosuid flag agrees with the mount table
    local ro = python("import os; print(bool(os.statvfs('/proc').f_flag & os.ST_NOSUID))")
    local flag = pyos.statvfs("/proc").f_flag
    assert.equal(ro == "True", math.floor(flag / pyos.ST_NOSUID) % 2 == 1)
  end)

  it("reports errors as python3 does", function()
    oserror({errno = "ENOENT", filename = "/no/such",
             str = "[Errno 2] No such file or directory: '/no/such'"}, pyos.statvfs("/no/such"))
    oserror({errno = "EBADF", filename = 999, str = "[Errno 9] Bad file descriptor: 999"},
            pyos.statvfs(999))
    raises("bad argument #1 to '.-'", pyos.statvfs, nil)
    raises("too many arguments", pyos.statvfs, "/", {})
  end)
end)

describe("pyos.sync", function()
  it("returns true", function()
    assert.is_true(pyos.sync())
    raises("too many arguments", pyos.sync, 1)
  end)
end)

describe("pyos.truncate", function()
  it("sets the size by path and by fd", function()
    local d = tmp()
    finally(support.cleanup)
    support.writefile(d .. "/f", "hello world")
    assert.is_true(pyos.truncate(d .. "/f", 5))
    assert.equal("hello", support.readfile(d .. "/f"))
    assert.is_true(pyos.truncate(d .. "/f", 8))
    assert.equal("hello\0\0\0", support.readfile(d .. "/f"))
    local fd = assert(pyos.open(d .. "/f", pyos.O_RDWR))
    assert.is_true(pyos.truncate(fd, 2))
    assert.is_true(pyos.truncate(fd, 3.0))
    pyos.close(fd)
    assert.equal("he\0", support.readfile(d .. "/f"))
  end)

  it("reports errors as python3 does", function()
    local d = tmp()
    finally(support.cleanup)
    support.writefile(d .. "/f", "x")
    oserror({errno = "ENOENT", filename = d .. "/x",
             str = "[Errno 2] No such file or directory: '" .. d .. "/x'"}, pyos.truncate(d .. "/x", 0))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument: '" .. d .. "/f'"},
            pyos.truncate(d .. "/f", -1))
    oserror({errno = "EISDIR", str = "[Errno 21] Is a directory: '" .. d .. "'"}, pyos.truncate(d, 0))
    local err = oserror({errno = "EBADF", str = "[Errno 9] Bad file descriptor"}, pyos.truncate(999, 0))
    assert.is_nil(err.filename)
    local fd = assert(pyos.open(d .. "/f", pyos.O_RDONLY))
    local ok, msg, code, e2 = pyos.truncate(fd, 0)
    pyos.close(fd)
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"}, ok, msg, code, e2)
    assert.equal("x", support.readfile(d .. "/f"))
    raises("bad argument #2 to '.-' %(number has no integer representation%)", pyos.truncate, d .. "/f", 0.5)
    raises("bad argument #2 to '.-'", pyos.truncate, d .. "/f")
    raises("too many arguments", pyos.truncate, d .. "/f", 0, {})
  end)
end)

describe("pyos.utime", function()
  local function times(p)
    return pystat(p, "st.st_atime_ns, st.st_mtime_ns")
  end

  it("sets times from seconds exactly as python3 rounds them", function()
    local d = tmp()
    finally(support.cleanup)
    support.sh("cd " .. quote(d) .. " && touch a b")
    for _, t in ipairs({{1, 2}, {1.5, 2.25}, {1234567890.123456789, 0.000000001},
                        {-1.5, -0.1}, {1e9 + 0.3, 3.999999999}, {0.7, 1700000000.987654321}}) do
      assert.is_true(pyos.utime(d .. "/a", t))
      python("import os, sys; os.utime(sys.argv[1], (float(sys.argv[2]), float(sys.argv[3])))",
             d .. "/b", string.format("%.17g", t[1]), string.format("%.17g", t[2]))
      assert.equal(times(d .. "/b"), times(d .. "/a"), t[1] .. " " .. t[2])
    end
  end)

  it("sets nanoseconds, by path, fd and dir_fd", function()
    local d = tmp()
    local dfd = assert(pyos.open(d, pyos.O_RDONLY))
    support.sh("cd " .. quote(d) .. " && touch a")
    local fd = assert(pyos.open(d .. "/a", pyos.O_RDONLY))
    finally(function() pyos.close(fd); pyos.close(dfd); support.cleanup() end)
    assert.is_true(pyos.utime(d .. "/a", nil, {ns = {1500000001, 2999999999}}))
    assert.equal("1500000001 2999999999", times(d .. "/a"))
    assert.is_true(pyos.utime(d .. "/a", nil, {ns = {-1, -1000000001}}))
    assert.equal("-1 -1000000001", times(d .. "/a"))
    assert.is_true(pyos.utime(fd, nil, {ns = {5, 6}}))
    assert.equal("5 6", times(d .. "/a"))
    assert.is_true(pyos.utime(fd, {7, 8}))
    assert.equal("7000000000 8000000000", times(d .. "/a"))
    assert.is_true(pyos.utime("a", nil, {ns = {9, 10}, dir_fd = dfd}))
    assert.equal("9 10", times(d .. "/a"))
    assert.is_true(pyos.utime(d .. "/a", nil, {times = {11, 12}}))
    assert.equal("11000000000 12000000000", times(d .. "/a"))
  end)

  it("sets the current time when given no times", function()
    local d = tmp()
    finally(support.cleanup)
    support.sh("cd " .. quote(d) .. " && touch a")
    assert.is_true(pyos.utime(d .. "/a", nil, {ns = {0, 0}}))
    local before = tonumber(python("import time; print(time.time_ns() // 10**9)"))
    assert.is_true(pyos.utime(d .. "/a"))
    local after = tonumber(python("import time; print(time.time_ns() // 10**9 + 1)"))
    local a, m = times(d .. "/a"):match("(%S+) (%S+)")
    assert.is_true(tonumber(a) / 1e9 >= before - 1 and tonumber(a) / 1e9 <= after)
    assert.is_true(tonumber(m) / 1e9 >= before - 1 and tonumber(m) / 1e9 <= after)
  end)

  it("changes a symlink itself with follow_symlinks = false", function()
    local d = tmp()
    finally(support.cleanup)
    support.sh("cd " .. quote(d) .. " && touch f && ln -s f l")
    assert.is_true(pyos.utime(d .. "/f", nil, {ns = {1, 2}}))
    assert.is_true(pyos.utime(d .. "/l", nil, {ns = {3, 4}, follow_symlinks = false}))
    assert.equal("1 2", times(d .. "/f"))
    assert.equal("3 4", times(d .. "/l"))
    assert.is_true(pyos.utime(d .. "/l", {5, 6}))
    assert.equal("5000000000 6000000000", times(d .. "/f"))
    -- following the link may touch its atime (relatime): compare mtime
    assert.equal("4", pystat(d .. "/l", "st.st_mtime_ns"))
  end)

  it("names the file (or fd) in its errors, as Python 3.13+ does", function()
    -- python3 here is 3.11, which names none: checked with python3.13
    local err = oserror({errno = "ENOENT", name = "FileNotFoundError",
                         str = "[Errno 2] No such file or directory: '/no/such'"}, pyos.utime("/no/such"))
    assert.equal("/no/such", err.filename)
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: '/no/such'"},
            pyos.utime("/no/such", {1, 2}))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: '/no/such'"},
            pyos.utime("/no/such", nil, {ns = {1, 2}, follow_symlinks = false}))
    local dfd = assert(pyos.open("/", pyos.O_RDONLY))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: 'no/such'"},
            pyos.utime("no/such", nil, {dir_fd = dfd}))
    pyos.close(dfd)
    err = oserror({errno = "EBADF", str = "[Errno 9] Bad file descriptor: 999"}, pyos.utime(999))
    assert.equal(999, err.filename)
  end)

  it("raises on misuse", function()
    raises("bad argument #2 to '.-' %(times must be {atime, mtime}%)", pyos.utime, "/x", {ns = {1, 2}})
    raises("bad argument #2 to '.-' %(times must be {atime, mtime}%)", pyos.utime, "/x", {1})
    raises("bad argument #2 to '.-' %(times%[2%]: number expected, got string%)", pyos.utime, "/x", {1, "2"})
    raises("bad argument #2 to '.-' %(times must be {atime, mtime}%)", pyos.utime, "/x", {1, 2, 3})
    raises("bad argument #2 to '.-' %(times%[1%]: invalid value NaN", pyos.utime, "/x", {0 / 0, 1})
    raises("timestamp out of range", pyos.utime, "/x", {1e30, 1})
    raises("bad argument #3 to 'pyos.utime' %(you may specify either 'times' or 'ns' but not both%)",
           pyos.utime, "/x", {1, 2}, {ns = {1, 2}})
    raises("option 'ns': must be {atime_ns, mtime_ns}", pyos.utime, "/x", nil, {ns = {1}})
    raises("bad argument #3 to 'pyos.utime' %(option 'ns'%[1%]: number has no integer representation%)",
           pyos.utime, "/x", nil, {ns = {1.5, 2}})
    raises("bad argument #3 to 'pyos.utime' %(cannot use fd and follow_symlinks together%)", pyos.utime, 0, nil,
           {follow_symlinks = false})
    raises("bad argument #3 to 'pyos.utime' %(can't specify dir_fd without matching path%)",
           pyos.utime, 0, nil, {dir_fd = 0})
    raises("unknown option 'time'", pyos.utime, "/x", nil, {time = 1})
    raises("too many arguments", pyos.utime, "/x", nil, {}, 1)
  end)
end)

describe("pyos.makedirs", function()
  it("makes every missing parent, with exist_ok", function()
    local d = tmp()
    finally(support.cleanup)
    local mask = umask()
    assert.is_true(pyos.makedirs(d .. "/a/b/c"))
    assert.is_true(exists(d .. "/a/b/c"))
    assert.is_true(pyos.makedirs(d .. "/m/n/", octal("700")))
    assert.equal("0o40700", pystat(d .. "/m/n"))
    assert.equal(string.format("0o%o", 16384 + 511 - band(511, mask)), pystat(d .. "/m"))
    assert.is_true(pyos.makedirs(d .. "/a/b/c", nil, true))
    assert.is_true(pyos.makedirs(d .. "/a/b/c", {exist_ok = true}))
    assert.is_true(pyos.makedirs(d .. "/x/y/.", {mode = octal("755")}))
    assert.is_true(exists(d .. "/x/y"))
  end)

  it("reports errors as python3 does", function()
    local d = tmp()
    finally(support.cleanup)
    support.writefile(d .. "/f", "")
    oserror({errno = "EEXIST", name = "FileExistsError", filename = d .. "/f",
             str = "[Errno 17] File exists: '" .. d .. "/f'"}, pyos.makedirs(d .. "/f"))
    oserror({errno = "EEXIST", str = "[Errno 17] File exists: '" .. d .. "/f'"},
            pyos.makedirs(d .. "/f", nil, true))         -- a file is not a directory
    oserror({errno = "EEXIST", str = "[Errno 17] File exists: '" .. d .. "'"}, pyos.makedirs(d))
    oserror({errno = "ENOTDIR", str = "[Errno 20] Not a directory: '" .. d .. "/f/x'"},
            pyos.makedirs(d .. "/f/x/y"))
    local want = python([[
import os
try:
    os.makedirs("/proc/nope/x")
except OSError as e:
    print(e)]])
    local _, err = pyos.makedirs("/proc/nope/x")
    assert.equal(want, tostring(err))
    raises("bad argument #1 to 'pyos.makedirs' %(string or path%-like expected, got number%)", pyos.makedirs, 1)
    raises("bad argument #1 to 'pyos.makedirs' %(embedded null byte%)", pyos.makedirs, "a\0b")
    raises("bad argument #3 to 'pyos.makedirs' %(boolean expected", pyos.makedirs, d .. "/q", nil, 1)
    raises("bad argument #2 to 'pyos.makedirs' %(integer expected", pyos.makedirs, d .. "/q", "7")
    raises("unknown option 'exists_ok'", pyos.makedirs, d .. "/q", {exists_ok = true})
    raises("given both by position and as an option", pyos.makedirs, d .. "/q", 1, {mode = 1})
    raises("too many arguments", pyos.makedirs, d .. "/q", 1, true, {}, 1)
    assert.is_false(exists(d .. "/q"))
  end)

  it("accepts a path-like name", function()
    local d = tmp()
    finally(support.cleanup)
    local p = setmetatable({}, {__fspath = function() return d .. "/pl/x" end})
    assert.is_true(pyos.makedirs(p))
    assert.is_true(exists(d .. "/pl/x"))
  end)
end)

describe("pyos.removedirs and renames", function()
  it("removedirs removes the leaf and every empty parent", function()
    local d = tmp()
    finally(support.cleanup)
    support.sh("mkdir -p " .. quote(d .. "/keep/a/b/c") .. "; touch " .. quote(d .. "/keep/file"))
    assert.is_true(pyos.removedirs(d .. "/keep/a/b/c/"))
    assert.is_false(exists(d .. "/keep/a"))
    assert.is_true(exists(d .. "/keep/file"))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: 'nope'"},
            pyos.removedirs("nope"))
    oserror({errno = "ENOTEMPTY", str = "[Errno 39] Directory not empty: '" .. d .. "/keep'"},
            pyos.removedirs(d .. "/keep"))
    raises("too many arguments", pyos.removedirs, "a", 1)
  end)

  it("renames makes the new parents and prunes the old ones", function()
    local d = tmp()
    finally(support.cleanup)
    support.sh("mkdir -p " .. quote(d .. "/old/a/b") .. "; echo x > " .. quote(d .. "/old/a/b/f"))
    assert.is_true(pyos.renames(d .. "/old/a/b/f", d .. "/new/c/g"))
    assert.equal("x\n", support.readfile(d .. "/new/c/g"))
    assert.is_false(exists(d .. "/old"))
    assert.is_true(exists(d))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: 'nope' -> '"
             .. d .. "/n2/x'"}, pyos.renames("nope", d .. "/n2/x"))
    assert.is_true(exists(d .. "/n2"))          -- as in Python, made before the rename
    raises("bad argument #2 to 'pyos.renames'", pyos.renames, "a", 3)
    raises("too many arguments", pyos.renames, "a", "b", "c")
  end)
end)
