-- pyos.proc, Process Parameters: ids, groups, priorities, umask, uname,
-- namespaces, fspath and friends, and the environment (environ, getenv,
-- putenv, unsetenv). Identity-changing calls run in forked children that
-- report through their exit code.
local pyos = require "pyos"
local support = require "support"

local raises = support.assert_raises
local oserror = support.assert_oserror

local function readfile(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- Fields after the comm of /proc/<pid>/stat: [1] state, [2] ppid,
-- [3] pgrp, [4] session, ...
local function statfields(pid)
  local s = readfile("/proc/" .. pid .. "/stat")
  local fields = {}
  for w in s:match("%) (.*)$"):gmatch("%S+") do fields[#fields + 1] = tonumber(w) or w end
  return fields
end

-- The value of a "Name:\t..." line of /proc/self/status.
local function status(name, pid)
  local s = readfile("/proc/" .. (pid or "self") .. "/status")
  return s:match("\n" .. name .. ":[ \t]*([^\n]*)")
end

-- Run fn in a forked child; its exit code (see support.inchild).
local function inchild(fn) return support.inchild(pyos, fn) end

-- stdout of argv run through posix_spawn, and its wait status.
local function capture(path, argv, env, opts)
  local r, w = assert(pyos.pipe())
  opts = opts or {}
  local actions = {{pyos.POSIX_SPAWN_DUP2, w, 1}}
  for _, a in ipairs(opts.file_actions or {}) do actions[#actions + 1] = a end
  opts.file_actions = actions
  local pid, err = pyos.posix_spawn(path, argv, env, opts)
  pyos.close(w)
  if not pid then
    pyos.close(r)
    error(tostring(err))
  end
  local chunks = {}
  while true do
    local s = assert(pyos.read(r, 65536))
    if s == "" then break end
    chunks[#chunks + 1] = s
  end
  pyos.close(r)
  local _, st = assert(pyos.waitpid(pid, 0))
  return table.concat(chunks), st
end

local function sh(cmd, env, opts)
  return capture("/bin/sh", {"sh", "-c", cmd}, env, opts)
end

local function split(s, sep)
  local t = {}
  for w in (s .. sep):gmatch("(.-)" .. sep) do t[#t + 1] = w end
  return t
end

describe("pyos.getpid, getppid, getpgrp, getpgid, getsid", function()
  it("match /proc/self/stat", function()
    local me = readfile("/proc/self/stat"):match("^(%d+)")
    assert.equal(tonumber(me), pyos.getpid())
    local f = statfields(pyos.getpid())
    assert.equal(f[2], pyos.getppid())
    assert.equal(f[3], pyos.getpgrp())
    assert.equal(f[3], pyos.getpgid(0))
    assert.equal(f[3], pyos.getpgid(pyos.getpid()))
    assert.equal(f[4], pyos.getsid(0))
  end)

  it("report a missing process", function()
    oserror({errno = "ESRCH", name = "ProcessLookupError",
             str = "[Errno 3] No such process"}, pyos.getpgid(999999999))
    oserror({errno = "ESRCH", str = "[Errno 3] No such process"}, pyos.getsid(999999999))
  end)
end)

describe("pyos.setpgid, setpgrp, setsid", function()
  it("setpgid moves a child into its own group", function()
    local r, w = assert(pyos.pipe())
    local pid = assert(pyos.fork())
    if pid == 0 then
      pyos.close(w)
      pyos.read(r, 1)               -- until the parent closes its end
      pyos._exit(0)
    end
    pyos.close(r)
    finally(function() pyos.close(w); pyos.waitpid(pid, 0) end)
    assert.is_true(pyos.setpgid(pid, 0))
    assert.equal(pid, statfields(pid)[3])
    assert.equal(pid, pyos.getpgid(pid))
  end)

  it("setpgid reports a missing process, and a child that has exec'd", function()
    oserror({errno = "ESRCH", str = "[Errno 3] No such process"}, pyos.setpgid(999999999, 0))
    local pid = assert(pyos.posix_spawn("/bin/sleep", {"sleep", "10"}))
    finally(function() pyos.kill(pid, pyos.SIGKILL); pyos.waitpid(pid, 0) end)
    local deadline = os.time() + 5
    while statfields(pid)[1] ~= "S" and os.time() < deadline do end
    oserror({errno = "EACCES", name = "PermissionError", str = "[Errno 13] Permission denied"},
            pyos.setpgid(pid, 0))
  end)

  it("setpgrp and setsid act on the calling process (in a child)", function()
    assert.equal(0, inchild(function()
      assert(pyos.setpgrp())
      return pyos.getpgrp() == pyos.getpid() and statfields(pyos.getpid())[3] == pyos.getpid()
    end))
    assert.equal(0, inchild(function()
      assert(pyos.setsid())
      local f = statfields(pyos.getpid())
      return f[4] == pyos.getpid() and pyos.getsid(0) == pyos.getpid()
    end))
  end)

  it("setsid fails for a group leader", function()
    assert.equal(0, inchild(function()
      assert(pyos.setpgrp())
      local ok, _, _, err = pyos.setsid()
      return ok == nil and err.errno == pyos.errno.EPERM
    end))
  end)
end)

describe("the user and group ids", function()
  it("match /proc/self/status", function()
    local uid = split(status("Uid"), "\t")
    local gid = split(status("Gid"), "\t")
    assert.equal(tonumber(uid[1]), pyos.getuid())
    assert.equal(tonumber(uid[2]), pyos.geteuid())
    assert.equal(tonumber(gid[1]), pyos.getgid())
    assert.equal(tonumber(gid[2]), pyos.getegid())
    assert.same({tonumber(uid[1]), tonumber(uid[2]), tonumber(uid[3])}, {pyos.getresuid()})
    assert.same({tonumber(gid[1]), tonumber(gid[2]), tonumber(gid[3])}, {pyos.getresgid()})
  end)

  it("getgroups matches /proc/self/status", function()
    local want = {}
    for g in (status("Groups") or ""):gmatch("%d+") do want[#want + 1] = tonumber(g) end
    local got = pyos.getgroups()
    table.sort(got)
    table.sort(want)
    assert.same(want, got)
  end)

  it("getgrouplist matches Python", function()
    local want = support.python("import os; print(' '.join(map(str, os.getgrouplist('root', 0))))")
    local got = pyos.getgrouplist("root", 0)
    for i, g in ipairs(got) do got[i] = tostring(g) end
    assert.equal(want, table.concat(got, " "))
    assert.same({12345}, pyos.getgrouplist("pyos-no-such-user", 12345))
  end)

  it("check their arguments", function()
    raises("bad argument #1 to 'pyos.setuid' %(value must not be negative%)", pyos.setuid, -5)
    raises("bad argument #1 to 'pyos.setuid' %(value must not be negative%)", pyos.setuid, -1)
    raises("bad argument #1 to 'pyos.setgid' %(value out of range %[0, 4294967294%]%)", pyos.setgid, 2^32)
    raises("bad argument #1 to 'pyos.setgid' %(value out of range %[0, 4294967294%]%)",
           pyos.setgid, 2^32 - 1)
    -- -1 is "leave unchanged" where Python has it: setre*id, setres*id
    raises("bad argument #2 to 'pyos.setreuid' %(value out of range %[%-1, 4294967294%]%)",
           pyos.setreuid, -1, -2)
    raises("bad argument #3 to 'pyos.setresgid' %(value out of range %[%-1, 4294967294%]%)",
           pyos.setresgid, -1, -1, 2^32 - 1)
    raises("bad argument #1 to '.-' %(integer expected, got string%)", pyos.seteuid, "0")
    raises("bad argument #2 to '.-' %(too many arguments%)", pyos.setuid, 0, 0)
    raises("bad argument #1 to '.-' %(table expected", pyos.setgroups, 5)
    raises("bad argument #1 to '.-' %(groups%[2%]: integer expected, got string%)",
           pyos.setgroups, {1, "x"})
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.getgrouplist, "a\0b", 0)
  end)

  it("change in a child, as root", function()
    if not support.isroot then pending("needs root: CI runs as root") return end
    assert.equal(0, inchild(function()
      assert(pyos.setgroups({7, 8}))
      local g = pyos.getgroups()
      table.sort(g)
      if g[1] ~= 7 or g[2] ~= 8 or #g ~= 2 then return 2 end
      assert(pyos.setresgid(101, 102, 103))
      local r, e, s = pyos.getresgid()
      if r ~= 101 or e ~= 102 or s ~= 103 then return 3 end
      assert(pyos.setregid(104, 105))
      if pyos.getgid() ~= 104 or pyos.getegid() ~= 105 then return 4 end
      assert(pyos.setegid(106))
      if pyos.getegid() ~= 106 then return 5 end
      assert(pyos.setgid(0))
      if pyos.getgid() ~= 0 then return 6 end
      assert(pyos.setresuid(201, 202, 0))
      r, e, s = pyos.getresuid()
      if r ~= 201 or e ~= 202 or s ~= 0 then return 7 end
      assert(pyos.seteuid(0))           -- the saved id allows it
      assert(pyos.setreuid(301, 302))
      if pyos.getuid() ~= 301 or pyos.geteuid() ~= 302 then return 8 end
      local ok, _, _, err = pyos.setuid(0)    -- no longer allowed
      if ok or err.name ~= "PermissionError" then return 9 end
      if tostring(err) ~= "[Errno 1] Operation not permitted" then return 10 end
      return 0
    end))
  end)

  it("setuid to oneself succeeds; initgroups sets the list, as root", function()
    if not support.isroot then pending("needs root: CI runs as root") return end
    assert.equal(0, inchild(function()
      assert(pyos.setuid(pyos.getuid()))
      assert(pyos.initgroups("pyos-no-such-user", 4321))
      local g = pyos.getgroups()
      return #g == 1 and g[1] == 4321
    end))
  end)

  it("setuid fails without privilege", function()
    if support.isroot then
      assert.equal(0, inchild(function()
        assert(pyos.setresuid(1000, 1000, 1000))
        local ok, msg, code, err = pyos.setuid(0)
        return ok == nil and err.name == "PermissionError" and code == pyos.errno.EPERM
               and msg == "[Errno 1] Operation not permitted"
      end))
    else
      oserror({errno = "EPERM", name = "PermissionError"}, pyos.setuid(0))
    end
  end)
end)

describe("pyos.getpriority, setpriority, nice", function()
  it("read and set a child's priority", function()
    local pid = assert(pyos.posix_spawn("/bin/sleep", {"sleep", "10"}))
    finally(function() pyos.kill(pid, pyos.SIGKILL); pyos.waitpid(pid, 0) end)
    assert.equal(pyos.getpriority(pyos.PRIO_PROCESS, 0), pyos.getpriority(pyos.PRIO_PROCESS, pid))
    assert.is_true(pyos.setpriority(pyos.PRIO_PROCESS, pid, 7))
    assert.equal(7, pyos.getpriority(pyos.PRIO_PROCESS, pid))
    assert.equal("7", support.python("import os, sys; print(os.getpriority(os.PRIO_PROCESS, int(sys.argv[1])))", pid))
  end)

  it("nice adds to the niceness (in a child)", function()
    local base = pyos.getpriority(pyos.PRIO_PROCESS, 0)
    if base > 15 then pending("niceness already " .. base) return end
    assert.equal(base + 3, inchild(function() return pyos.nice(3) end))
    assert.equal(base + 2, inchild(function()
      pyos.nice(2)
      return pyos.getpriority(pyos.PRIO_PROCESS, 0)
    end))
  end)

  it("report errors", function()
    oserror({errno = "ESRCH", name = "ProcessLookupError", str = "[Errno 3] No such process"},
            pyos.getpriority(pyos.PRIO_PROCESS, 999999999))
    oserror({errno = "ESRCH"}, pyos.setpriority(pyos.PRIO_PROCESS, 999999999, 0))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"}, pyos.getpriority(5, 0))
  end)
end)

describe("pyos.umask", function()
  it("sets the mask children see and returns the previous one", function()
    local old = pyos.umask(18)
    finally(function() pyos.umask(old) end)
    assert.equal(18, pyos.umask(23))
    assert.equal("0027\n", (sh("umask")))
    assert.equal(23, pyos.umask(old))
  end)
end)

describe("pyos.uname", function()
  it("is Python's uname_result", function()
    local u = pyos.uname()
    local want = support.python("import os; print('\\n'.join(os.uname()))")
    assert.equal(want, table.concat({u.sysname, u.nodename, u.release, u.version, u.machine}, "\n"))
    assert.same({u.sysname, u.nodename, u.release, u.version, u.machine}, {u[1], u[2], u[3], u[4], u[5]})
    assert.equal(support.python("import os; print(repr(os.uname()))"), tostring(u))
  end)
end)

describe("pyos.ctermid, getlogin, strerror", function()
  it("ctermid names the controlling terminal", function()
    assert.equal(support.python("import os; print(os.ctermid())"), pyos.ctermid())
  end)

  it("getlogin gives what Python gives", function()
    local py = support.python([[
import os
try: print(os.getlogin())
except OSError as e: print('error', e.errno)]])
    local name, _, _, err = pyos.getlogin()
    if name then
      assert.equal(py, name)
    else
      assert.equal(py, "error " .. err.errno)
    end
  end)

  it("strerror is the system's message", function()
    assert.equal("No such file or directory", pyos.strerror(2))
    assert.equal(support.python("import os; print(os.strerror(99999))"), pyos.strerror(99999))
  end)
end)

describe("pyos.unshare, setns", function()
  it("unshare(CLONE_NEWUTS) gives a new namespace; setns returns (in a child)", function()
    if not support.isroot then pending("needs root") return end
    local code = inchild(function()
      local before = assert(pyos.readlink("/proc/self/ns/uts"))
      local fd = assert(pyos.open("/proc/self/ns/uts", pyos.O_RDONLY))
      local ok, _, _, err = pyos.unshare(pyos.CLONE_NEWUTS)
      if not ok then return err.errno == pyos.errno.EPERM and 77 or 2 end
      if pyos.readlink("/proc/self/ns/uts") == before then return 3 end
      assert(pyos.setns(fd, pyos.CLONE_NEWUTS))
      if pyos.readlink("/proc/self/ns/uts") ~= before then return 4 end
      assert(pyos.setns({fd = fd, nstype = 0}))
      return 0
    end)
    if code == 77 then
      print("skipped: this container forbids unshare(CLONE_NEWUTS)")
      pending("the container forbids unshare(CLONE_NEWUTS)")
      return
    end
    assert.equal(0, code)
  end)

  it("unshare(CLONE_NEWUSER) where the container allows it (in a child)", function()
    local code = inchild(function()
      local ok, _, _, err = pyos.unshare(pyos.CLONE_NEWUSER)
      if not ok then return 70 + (err.errno == pyos.errno.EPERM and 1 or err.errno == pyos.errno.EINVAL and 2 or 3) end
      return 0
    end)
    if code == 71 or code == 72 then
      print("skipped: this container forbids unshare(CLONE_NEWUSER)")
      pending("the container forbids unshare(CLONE_NEWUSER)")
      return
    end
    assert.equal(0, code)
  end)

  it("report errors", function()
    oserror({errno = "EBADF", str = "[Errno 9] Bad file descriptor"}, pyos.setns(-1, 0))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"}, pyos.unshare(-1))
    raises("unknown option 'bogus'", pyos.unshare, {bogus = 1})
  end)
end)

describe("pyos.fspath, fsencode, fsdecode", function()
  local P = setmetatable({}, {__fspath = function() return "/some/path" end})
  local BAD = setmetatable({}, {__fspath = function() return 42 end})

  it("return strings unchanged and call __fspath", function()
    for _, f in ipairs({pyos.fspath, pyos.fsencode, pyos.fsdecode}) do
      assert.equal("abc", f("abc"))
      assert.equal("\255\0x", f("\255\0x"))
      assert.equal("/some/path", f(P))
    end
  end)

  it("raise like Python's TypeError", function()
    raises("bad argument #1 to 'pyos.fspath' %(string or path%-like expected, got number%)", pyos.fspath, 1)
    raises("bad argument #1 to 'pyos.fsencode' %(string or path%-like expected, got nil%)", pyos.fsencode)
    raises("bad argument #1 to 'pyos.fsdecode' %(__fspath must return a string, got number%)", pyos.fsdecode, BAD)
    raises("bad argument #2 to 'pyos.fspath' %(too many arguments%)", pyos.fspath, "a", "b")
  end)
end)

describe("pyos.environ", function()
  local NAME = "PYOS_SPEC_VAR"
  after_each(function() pyos.unsetenv(NAME) end)

  it("reads, sets and unsets the C environment", function()
    assert.equal(os.getenv("HOME"), pyos.environ.HOME)
    assert.is_nil(pyos.environ[NAME])
    pyos.environ[NAME] = "v 1"
    assert.equal("v 1", os.getenv(NAME))
    assert.equal("v 1", pyos.environ[NAME])
    pyos.environ[NAME] = nil
    assert.is_nil(os.getenv(NAME))
    assert.is_nil(pyos.environ[NAME])
    pyos.environ[NAME] = nil            -- unsetting twice is fine
  end)

  it("is environb, with no methods in the way", function()
    assert.equal(pyos.environ, pyos.environb)
    for _, k in ipairs({"get", "keys", "pop", "copy", "__index"}) do
      assert.is_nil(pyos.environ[k])
    end
    pyos.environ.keys = "k"
    finally(function() pyos.environ.keys = nil end)
    assert.equal("k", pyos.environ.keys)
  end)

  it("changes are seen by children of every kind", function()
    pyos.environ[NAME] = "seen"
    assert.equal("seen", (sh("printf %s \"$" .. NAME .. "\"")))
    local p = assert(io.popen("printf %s \"$" .. NAME .. "\""))
    assert.equal("seen", p:read("*a"))
    p:close()
    local ok = os.execute("test \"$" .. NAME .. "\" = seen")
    assert.is_truthy(ok == true or ok == 0)
    local pp = assert(pyos.popen("printf %s \"$" .. NAME .. "\""))
    assert.equal("seen", pp:read("*a"))
    assert.is_nil(pp:close())
  end)

  it("environ() is a plain snapshot equal to the child's environment", function()
    pyos.environ[NAME] = "a=b=c"
    local snap = pyos.environ()
    assert.is_nil(getmetatable(snap))
    assert.equal("a=b=c", snap[NAME])
    local out = sh("env")
    local want = {}
    for line in out:gmatch("[^\n]+") do
      local k, v = line:match("^([^=]+)=(.*)$")
      if k and k ~= "_" and k ~= "SHLVL" and k ~= "PWD" and k ~= "OLDPWD"
         and not (support.valgrind and k == "LD_PRELOAD") then  -- valgrind's own
        want[k] = v
      end
    end
    for k, v in pairs(want) do assert.equal(v, snap[k], k) end
    snap[NAME] = "changed"
    assert.equal("a=b=c", pyos.environ[NAME])
  end)

  it("pairs iterates it where __pairs is honoured", function()
    local n, m = 0, 0
    for _ in pairs(pyos.environ()) do m = m + 1 end
    if _VERSION == "Lua 5.1" then  -- 5.1 and LuaJIT ignore __pairs: it raises
      local ok, e = pcall(pairs, pyos.environ)
      assert.is_false(ok)
      assert.matches("table expected, got userdata", e)
    else
      for k, v in pairs(pyos.environ) do
        n = n + 1
        assert.equal(os.getenv(k), v)
      end
      assert.equal(m, n)
    end
  end)

  it("refuses bad names and values", function()
    raises("illegal environment variable name", function() pyos.environ[""] = "x" end)
    raises("illegal environment variable name", function() pyos.environ["A=B"] = "x" end)
    raises("embedded null byte", function() pyos.environ["A\0B"] = "x" end)
    raises("embedded null byte", function() pyos.environ[NAME] = "x\0y" end)
    raises("value must be a string, got number", function() pyos.environ[NAME] = 5 end)
    raises("value must be a string, got boolean", function() pyos.environ[NAME] = true end)
    raises("name must be a string, got number", function() pyos.environ[1] = "x" end)
    raises("name must be a string, got number", function() return pyos.environ[1] end)
    assert.is_nil(os.getenv(NAME))
    assert.is_nil(pyos.environ["A=B"])
    assert.is_nil(pyos.environ[""])
    assert.is_nil(pyos.environ["HOME\0x"])
  end)

  it("reload_environ is a no-op on the live proxy", function()
    assert.is_true(pyos.reload_environ())
    raises("too many arguments", pyos.reload_environ, 1)
  end)
end)

describe("pyos.getenv, getenvb, putenv, unsetenv", function()
  local NAME = "PYOS_SPEC_VAR2"
  after_each(function() pyos.unsetenv(NAME) end)

  it("getenv reads the live environment, with a default", function()
    assert.equal(os.getenv("PATH"), pyos.getenv("PATH"))
    assert.is_nil(pyos.getenv(NAME))
    assert.equal("dflt", pyos.getenv(NAME, "dflt"))
    assert.equal("dflt", pyos.getenvb(NAME, "dflt"))
    assert.is_nil(pyos.getenv("A=B"))
    raises("bad argument #1 to '.-' %(string expected, got number%)", pyos.getenv, 1)
  end)

  it("putenv and unsetenv change what children and environ see", function()
    assert.is_true(pyos.putenv(NAME, "pv"))
    assert.equal("pv", pyos.environ[NAME])
    assert.equal("pv", (sh("printf %s \"$" .. NAME .. "\"")))
    assert.is_true(pyos.unsetenv(NAME))
    assert.is_nil(pyos.environ[NAME])
    assert.equal("unset", (sh("printf %s \"${" .. NAME .. "-unset}\"")))
  end)

  it("refuse bad names", function()
    raises("bad argument #1 to '.-' %(illegal environment variable name%)", pyos.putenv, "", "x")
    raises("bad argument #1 to '.-' %(illegal environment variable name%)", pyos.putenv, "A=B", "x")
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.putenv, "A\0B", "x")
    raises("bad argument #2 to '.-' %(embedded null byte%)", pyos.putenv, NAME, "x\0")
    raises("bad argument #1 to '.-' %(illegal environment variable name%)", pyos.unsetenv, "A=B")
    raises("bad argument #1 to '.-' %(illegal environment variable name%)", pyos.unsetenv, "")
  end)
end)

describe("pyos.get_exec_path", function()
  it("splits PATH as Python does", function()
    assert.same({"/bin", "/usr/bin"}, pyos.get_exec_path({}))
    assert.same({""}, pyos.get_exec_path({PATH = ""}))
    assert.same({"a", "", "b", ""}, pyos.get_exec_path({PATH = "a::b:"}))
    local want = support.python("import os, sys; print('|'.join(os.get_exec_path({'PATH': sys.argv[1]})))",
                                "/a/b::/c:")
    assert.equal(want, table.concat(pyos.get_exec_path({PATH = "/a/b::/c:"}), "|"))
    assert.same(pyos.get_exec_path({PATH = os.getenv("PATH")}), pyos.get_exec_path())
    assert.same(pyos.get_exec_path(pyos.environ), pyos.get_exec_path())
    raises("bad argument #1 to 'pyos.get_exec_path' %(table expected, got string%)", pyos.get_exec_path, "x")
  end)
end)

describe("the Process Parameters constants", function()
  it("match Python's", function()
    local names = {"PRIO_PROCESS", "PRIO_PGRP", "PRIO_USER", "NGROUPS_MAX"}
    for _, n in ipairs({"CLONE_FILES", "CLONE_FS", "CLONE_NEWCGROUP", "CLONE_NEWIPC",
                        "CLONE_NEWNET", "CLONE_NEWNS", "CLONE_NEWPID", "CLONE_NEWUSER",
                        "CLONE_NEWUTS", "CLONE_SIGHAND", "CLONE_SYSVSEM", "CLONE_THREAD",
                        "CLONE_VM", "CLONE_NEWTIME"}) do
      names[#names + 1] = n
    end
    local py = support.python([[
import os, sys
print(' '.join(str(getattr(os, n, -1)) for n in sys.argv[1:]))]], (table.unpack or unpack)(names))
    local got = {}
    for i, n in ipairs(names) do got[i] = tostring(pyos[n]) end
    local want = split(py, " ")
    for i, n in ipairs(names) do
      if want[i] ~= "-1" then assert.equal(want[i], got[i], n) end
    end
    assert.equal(128, pyos.CLONE_NEWTIME)   -- Python 3.11 lacks it
    assert.is_true(pyos.supports_bytes_environ)
  end)
end)
