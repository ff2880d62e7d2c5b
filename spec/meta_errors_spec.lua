-- Every exported function that can fail, made to fail, returns Lua's
-- failure with Python's structure one value further: exactly four values,
-- nil, msg (Python's str(e), a string), errno (an integer) and err (the
-- pyos.OSError, tostring(err) == msg, err.errno == errno) -- see
-- shared/DESIGN.md, "Errors". The list of cases is checked against the
-- namespace: a function (or method) that is neither given a failing case
-- nor listed, with its reason, as one that cannot fail makes this spec
-- fail, so a new function cannot slip through.
local pyos = require "pyos"
local support = require "support"

local unpack = table.unpack or unpack
local loadstring = loadstring or load
local ISJIT = rawget(_G, "jit") ~= nil

-- The checker, as source: children started as new interpreters run the
-- very same code. Returns nil when the n values v... are a pyos failure
-- (with errno `want`, a name such as "ENOENT", when given), else what is
-- wrong with them.
local CHECK_SRC = [==[
local pyos = require "pyos"
return function(want, n, v1, msg, code, err)
  local function show()
    return ("(%d values: %s, %s, %s, %s)"):format(n, tostring(v1),
      tostring(msg), tostring(code), tostring(err))
  end
  if n ~= 4 then return "not 4 values " .. show() end
  if v1 ~= nil then return "first value not nil " .. show() end
  if type(msg) ~= "string" then return "msg is a " .. type(msg) .. " " .. show() end
  if type(code) ~= "number" or code % 1 ~= 0
     or (math.type and math.type(code) ~= "integer") then
    return "errno is not an integer " .. show()
  end
  if getmetatable(err) ~= pyos.OSError then return "err is not a pyos.OSError " .. show() end
  if tostring(err) ~= msg then return "tostring(err) ~= msg " .. show() end
  if err.errno ~= code then return "err.errno ~= errno " .. show() end
  if type(err.name) ~= "string" then return "err.name is not a string " .. show() end
  if msg:sub(1, #("[Errno " .. code .. "] ")) ~= "[Errno " .. code .. "] " then
    return "msg is not Python's text " .. show()
  end
  if want and code ~= pyos.errno[want] then
    return "errno " .. tostring(pyos.errno.errorcode[code]) .. ", expected " .. want .. " " .. show()
  end
  return nil
end
]==]
local check = assert(loadstring(CHECK_SRC))()

-- A descriptor certainly closed: one just opened and closed (take it
-- right before the call: the next open would reuse the number).
local function closedfd()
  local fd = assert(pyos.open("/dev/null", pyos.O_RDONLY))
  assert(pyos.close(fd))
  return fd
end

-- A pid no process can have: above Linux's PID_MAX_LIMIT (2^22).
local DEADPID = 2 ^ 30

-- Drop root in a child, so that what needs privilege fails (EPERM).
local DROP_SRC = [==[
local pyos = require "pyos"
return function()
  if pyos.geteuid() == 0 then
    assert(pyos.setgroups({}))
    assert(pyos.setgid(65534))
    assert(pyos.setuid(65534))
  end
end
]==]
local drop = assert(loadstring(DROP_SRC))()

-- Run fn in a forked child; returns what it raised ("" when it did not).
local function inchild(fn)
  local r, w = assert(pyos.pipe())
  local pid = assert(pyos.fork())
  if pid == 0 then
    pyos.close(r)
    local ok, e = pcall(fn)
    pyos.write(w, ok and "" or tostring(e))
    pyos._exit(0)
  end
  pyos.close(w)
  local parts = {}
  while true do
    local s = assert(pyos.read(r, 65536))
    if s == "" then break end
    parts[#parts + 1] = s
  end
  pyos.close(r)
  local _, status = assert(pyos.waitpid(pid, 0))
  assert(pyos.waitstatus_to_exitcode(status) == 0, "the child died")
  return table.concat(parts)
end

local function pack(...) return {n = select("#", ...), ...} end

-- Check one case's values; raises with the case's name.
local function expect(name, want, r)
  local wrong = check(want, r.n, unpack(r, 1, r.n))
  if wrong then error(name .. ": " .. wrong, 0) end
end

-- ---- The cases -----------------------------------------------------------
-- name = {errno name (nil: any), function(T) -> the values[, where]}.
-- where: nil (in this process), "child" (a forked child, without root),
-- "nofile" (a forked child with every descriptor in use).
-- T.dir is an empty temp dir, T.missing a path in it that does not exist,
-- T.file a regular file in it.
local CASES = {}
local function case(name, want, fn, where) CASES[name] = {want, fn, where} end

-- What valgrind 3.19 (make check) cannot show: it runs posix_spawn as
-- fork+exec, so a missing program is a child exiting 127, not ENOENT, and
-- it has no pidfd_open (ENOSYS). These run natively and under ASan.
local VALGRIND_SKIPS = {
  posix_spawn = "valgrind runs posix_spawn as fork+exec: exec errors are not reported back",
  posix_spawnp = "valgrind runs posix_spawn as fork+exec: exec errors are not reported back",
  pidfd_open = "valgrind 3.19 lacks pidfd_open (ENOSYS)",
}

-- pyos.fd
case("open", "ENOENT", function(T) return pyos.open(T.missing, pyos.O_RDONLY) end)
case("close", "EBADF", function() return pyos.close(closedfd()) end)
case("fdopen", "EBADF", function() return pyos.fdopen(closedfd()) end)
case("read", "EBADF", function() return pyos.read(closedfd(), 1) end)
case("write", "EBADF", function() return pyos.write(closedfd(), "x") end)
case("pread", "EBADF", function() return pyos.pread(closedfd(), 1, 0) end)
case("pwrite", "EBADF", function() return pyos.pwrite(closedfd(), "x", 0) end)
case("readv", "EBADF", function() return pyos.readv(closedfd(), {1}) end)
case("writev", "EBADF", function() return pyos.writev(closedfd(), {"x"}) end)
case("preadv", "EBADF", function() return pyos.preadv(closedfd(), {1}, 0) end)
case("pwritev", "EBADF", function() return pyos.pwritev(closedfd(), {"x"}, 0) end)
case("lseek", "EBADF", function() return pyos.lseek(closedfd(), 0, pyos.SEEK_SET) end)
case("readinto", "EBADF", function() return pyos.readinto(closedfd(), pyos.buffer(1)) end)
case("sendfile", "EBADF", function() local fd = closedfd() return pyos.sendfile(fd, fd, 0, 1) end)
case("copy_file_range", "EBADF", function() local fd = closedfd() return pyos.copy_file_range(fd, fd, 1) end)
case("splice", "EBADF", function() local fd = closedfd() return pyos.splice(fd, fd, 1) end)
case("fchmod", "EBADF", function() return pyos.fchmod(closedfd(), 420) end)
case("fchown", "EBADF", function() return pyos.fchown(closedfd(), -1, -1) end)
case("fsync", "EBADF", function() return pyos.fsync(closedfd()) end)
case("fdatasync", "EBADF", function() return pyos.fdatasync(closedfd()) end)
case("ftruncate", "EBADF", function() return pyos.ftruncate(closedfd(), 0) end)
case("fstatvfs", "EBADF", function() return pyos.fstatvfs(closedfd()) end)
case("fpathconf", "EBADF", function() return pyos.fpathconf(closedfd(), "PC_NAME_MAX") end)
case("lockf", "EBADF", function() return pyos.lockf(closedfd(), pyos.F_LOCK, 0) end)
case("posix_fallocate", "EBADF", function() return pyos.posix_fallocate(closedfd(), 0, 1) end)
case("posix_fadvise", "EBADF", function() return pyos.posix_fadvise(closedfd(), 0, 0, pyos.POSIX_FADV_NORMAL) end)
case("get_blocking", "EBADF", function() return pyos.get_blocking(closedfd()) end)
case("set_blocking", "EBADF", function() return pyos.set_blocking(closedfd(), true) end)
case("get_inheritable", "EBADF", function() return pyos.get_inheritable(closedfd()) end)
case("set_inheritable", "EBADF", function() return pyos.set_inheritable(closedfd(), true) end)
case("dup", "EBADF", function() return pyos.dup(closedfd()) end)
case("dup2", "EBADF", function() local fd = closedfd() return pyos.dup2(fd, fd) end)
case("pipe", "EMFILE", function() return pyos.pipe() end, "nofile")
case("pipe2", "EINVAL", function() return pyos.pipe2(0x7fffffff) end)
case("ttyname", "EBADF", function() return pyos.ttyname(closedfd()) end)
case("get_terminal_size", "EBADF", function() return pyos.get_terminal_size(closedfd()) end)
case("openpty", "EMFILE", function() return pyos.openpty() end, "nofile")
-- flags open() refuses (-1 includes O_DIRECTORY: ENOTDIR)
case("posix_openpt", nil, function() return pyos.posix_openpt(-1) end)
case("grantpt", "EBADF", function() return pyos.grantpt(closedfd()) end)
case("unlockpt", "EBADF", function() return pyos.unlockpt(closedfd()) end)
case("ptsname", "EBADF", function() return pyos.ptsname(closedfd()) end)
-- login_tty calls setsid() first: a child
case("login_tty", "EBADF", function() return pyos.login_tty(closedfd()) end, "child")
case("tcgetpgrp", "EBADF", function() return pyos.tcgetpgrp(closedfd()) end)
case("tcsetpgrp", "EBADF", function() return pyos.tcsetpgrp(closedfd(), pyos.getpgrp()) end)
case("memfd_create", "EINVAL", function() return pyos.memfd_create("x", 0x7fffffff) end)
case("eventfd", "EINVAL", function() return pyos.eventfd(0, 0x7fffffff) end)
case("eventfd_read", "EBADF", function() return pyos.eventfd_read(closedfd()) end)
case("eventfd_write", "EBADF", function() return pyos.eventfd_write(closedfd(), 1) end)
case("timerfd_create", "EINVAL", function() return pyos.timerfd_create(-5) end)
case("timerfd_settime", "EBADF", function() return pyos.timerfd_settime(closedfd()) end)
case("timerfd_settime_ns", "EBADF", function() return pyos.timerfd_settime_ns(closedfd()) end)
case("timerfd_gettime", "EBADF", function() return pyos.timerfd_gettime(closedfd()) end)
case("timerfd_gettime_ns", "EBADF", function() return pyos.timerfd_gettime_ns(closedfd()) end)

-- pyos.fs
case("stat", "ENOENT", function(T) return pyos.stat(T.missing) end)
case("lstat", "ENOENT", function(T) return pyos.lstat(T.missing) end)
case("fstat", "EBADF", function() return pyos.fstat(closedfd()) end)
case("chdir", "ENOENT", function(T) return pyos.chdir(T.missing) end)
case("fchdir", "EBADF", function() return pyos.fchdir(closedfd()) end)
-- the working directory removed under the process: a child
local function gone(T)
  local d = T.dir .. "/gone"
  assert(pyos.mkdir(d))
  assert(pyos.chdir(d))
  assert(pyos.rmdir(d))
end
case("getcwd", "ENOENT", function(T) gone(T) return pyos.getcwd() end, "child")
case("getcwdb", "ENOENT", function(T) gone(T) return pyos.getcwdb() end, "child")
case("chmod", "ENOENT", function(T) return pyos.chmod(T.missing, 420) end)
case("chown", "ENOENT", function(T) return pyos.chown(T.missing, -1, -1) end)
case("lchown", "ENOENT", function(T) return pyos.lchown(T.missing, -1, -1) end)
case("chroot", "ENOENT", function(T) return pyos.chroot(T.missing) end)
case("link", "ENOENT", function(T) return pyos.link(T.missing, T.dir .. "/l") end)
case("symlink", "EEXIST", function(T) return pyos.symlink("x", T.file) end)
case("readlink", "ENOENT", function(T) return pyos.readlink(T.missing) end)
case("mkdir", "ENOENT", function(T) return pyos.mkdir(T.missing .. "/x") end)
case("mkfifo", "ENOENT", function(T) return pyos.mkfifo(T.missing .. "/x") end)
case("mknod", "ENOENT", function(T) return pyos.mknod(T.missing .. "/x") end)
case("remove", "ENOENT", function(T) return pyos.remove(T.missing) end)
case("unlink", "ENOENT", function(T) return pyos.unlink(T.missing) end)
case("rmdir", "ENOENT", function(T) return pyos.rmdir(T.missing) end)
case("rename", "ENOENT", function(T) return pyos.rename(T.missing, T.dir .. "/y") end)
case("replace", "ENOENT", function(T) return pyos.replace(T.missing, T.dir .. "/y") end)
case("truncate", "ENOENT", function(T) return pyos.truncate(T.missing, 0) end)
case("utime", "ENOENT", function(T) return pyos.utime(T.missing) end)
case("statvfs", "ENOENT", function(T) return pyos.statvfs(T.missing) end)
case("pathconf", "ENOENT", function(T) return pyos.pathconf(T.missing, "PC_NAME_MAX") end)
case("makedirs", "EEXIST", function(T) return pyos.makedirs(T.dir) end)
case("removedirs", "ENOENT", function(T) return pyos.removedirs(T.missing) end)
case("renames", "ENOENT", function(T) return pyos.renames(T.missing, T.dir .. "/a/b") end)
case("scandir", "ENOENT", function(T) return pyos.scandir(T.missing) end)
case("listdir", "ENOENT", function(T) return pyos.listdir(T.missing) end)
case("fwalk", "ENOENT", function(T) return pyos.fwalk(T.missing) end)

-- pyos.xattr
case("getxattr", "ENOENT", function(T) return pyos.getxattr(T.missing, "user.x") end)
case("setxattr", "ENOENT", function(T) return pyos.setxattr(T.missing, "user.x", "v") end)
case("listxattr", "ENOENT", function(T) return pyos.listxattr(T.missing) end)
case("removexattr", "ENOENT", function(T) return pyos.removexattr(T.missing, "user.x") end)

-- pyos.proc: identities, in a child without root
case("setuid", "EPERM", function() drop() return pyos.setuid(0) end, "child")
case("seteuid", "EPERM", function() drop() return pyos.seteuid(0) end, "child")
case("setgid", "EPERM", function() drop() return pyos.setgid(0) end, "child")
case("setegid", "EPERM", function() drop() return pyos.setegid(0) end, "child")
case("setreuid", "EPERM", function() drop() return pyos.setreuid(0, 0) end, "child")
case("setregid", "EPERM", function() drop() return pyos.setregid(0, 0) end, "child")
case("setresuid", "EPERM", function() drop() return pyos.setresuid(0, 0, 0) end, "child")
case("setresgid", "EPERM", function() drop() return pyos.setresgid(0, 0, 0) end, "child")
case("setgroups", "EPERM", function() drop() return pyos.setgroups({0}) end, "child")
case("initgroups", "EPERM", function() drop() return pyos.initgroups("root", 0) end, "child")
-- no terminal on fd 0 and no login uid: ENOTTY or ENXIO
case("getlogin", nil, function()
  local null = assert(pyos.open("/dev/null", pyos.O_RDONLY))
  assert(pyos.dup2(null, 0))
  assert(pyos.setsid())
  return pyos.getlogin()
end, "child")
case("getpgid", "ESRCH", function() return pyos.getpgid(DEADPID) end)
case("setpgid", "ESRCH", function() return pyos.setpgid(DEADPID, 0) end)
-- a session leader cannot change its group; a group leader cannot setsid
case("setpgrp", "EPERM", function() assert(pyos.setsid()) return pyos.setpgrp() end, "child")
case("setsid", "EPERM", function() assert(pyos.setpgid(0, 0)) return pyos.setsid() end, "child")
case("getsid", "ESRCH", function() return pyos.getsid(DEADPID) end)
case("getpriority", "ESRCH", function() return pyos.getpriority(pyos.PRIO_PROCESS, DEADPID) end)
case("setpriority", "ESRCH", function() return pyos.setpriority(pyos.PRIO_PROCESS, DEADPID, 0) end)
case("setns", "EBADF", function() return pyos.setns(closedfd()) end)
-- flags outside the kernel's set are refused before anything is done
case("unshare", "EINVAL", function() return pyos.unshare(1) end, "child")
case("nice", "EPERM", function() drop() return pyos.nice(-1) end, "child")

-- pyos.proc: processes
case("posix_spawn", "ENOENT", function(T) return pyos.posix_spawn(T.missing, {"x"}) end)
case("posix_spawnp", "ENOENT", function() return pyos.posix_spawnp("pyos-no-such-program", {"x"}) end)
case("execv", "ENOENT", function(T) return pyos.execv(T.missing, {"x"}) end)
case("execve", "ENOENT", function(T) return pyos.execve(T.missing, {"x"}, {}) end)
case("execvp", "ENOENT", function() return pyos.execvp("pyos-no-such-program", {"x"}) end)
case("execvpe", "ENOENT", function() return pyos.execvpe("pyos-no-such-program", {"x"}, {}) end)
case("execl", "ENOENT", function(T) return pyos.execl(T.missing, "x") end)
case("execle", "ENOENT", function(T) return pyos.execle(T.missing, "x", {}) end)
case("execlp", "ENOENT", function() return pyos.execlp("pyos-no-such-program", "x") end)
case("execlpe", "ENOENT", function() return pyos.execlpe("pyos-no-such-program", "x", {}) end)
case("kill", "ESRCH", function() return pyos.kill(DEADPID, 0) end)
case("killpg", "ESRCH", function() return pyos.killpg(DEADPID, 0) end)
case("pidfd_open", "ESRCH", function() return pyos.pidfd_open(DEADPID) end)
-- a forked child has no child of its own
case("wait", "ECHILD", function() return pyos.wait() end, "child")
case("wait3", "ECHILD", function() return pyos.wait3(0) end, "child")
case("waitpid", "ECHILD", function() return pyos.waitpid(DEADPID, 0) end)
case("wait4", "ECHILD", function() return pyos.wait4(DEADPID, 0) end)
case("waitid", "ECHILD", function() return pyos.waitid(pyos.P_PID, DEADPID, pyos.WEXITED) end)

-- pyos.sched
case("sched_get_priority_min", "EINVAL", function() return pyos.sched_get_priority_min(-5) end)
case("sched_get_priority_max", "EINVAL", function() return pyos.sched_get_priority_max(-5) end)
case("sched_setscheduler", "ESRCH", function()
  return pyos.sched_setscheduler(DEADPID, pyos.SCHED_OTHER, pyos.sched_param(0))
end)
case("sched_getscheduler", "ESRCH", function() return pyos.sched_getscheduler(DEADPID) end)
case("sched_setparam", "ESRCH", function() return pyos.sched_setparam(DEADPID, pyos.sched_param(0)) end)
case("sched_getparam", "ESRCH", function() return pyos.sched_getparam(DEADPID) end)
case("sched_rr_get_interval", "ESRCH", function() return pyos.sched_rr_get_interval(DEADPID) end)
case("sched_setaffinity", "ESRCH", function() return pyos.sched_setaffinity(DEADPID, {0}) end)
case("sched_getaffinity", "ESRCH", function() return pyos.sched_getaffinity(DEADPID) end)

-- pyos.sys
case("sysconf", "EINVAL", function() return pyos.sysconf(99999) end)
case("confstr", "EINVAL", function() return pyos.confstr(99999) end)
case("getrandom", "EINVAL", function() return pyos.getrandom(1, 0x7fffffff) end)

-- pyos.path
case("path.abspath", "ENOENT", function(T) gone(T) return pyos.path.abspath("x") end, "child")
case("path.relpath", "ENOENT", function(T) gone(T) return pyos.path.relpath("x") end, "child")
case("path.realpath", "ENOENT", function(T) return pyos.path.realpath(T.missing, {strict = true}) end)
case("path.getsize", "ENOENT", function(T) return pyos.path.getsize(T.missing) end)
case("path.getmtime", "ENOENT", function(T) return pyos.path.getmtime(T.missing) end)
case("path.getatime", "ENOENT", function(T) return pyos.path.getatime(T.missing) end)
case("path.getctime", "ENOENT", function(T) return pyos.path.getctime(T.missing) end)
case("path.samefile", "ENOENT", function(T) return pyos.path.samefile(T.missing, "/") end)
case("path.sameopenfile", "EBADF", function() local fd = closedfd() return pyos.path.sameopenfile(fd, fd) end)

-- methods
case("DirEntry:stat", "ENOENT", function(T)
  local it = assert(pyos.scandir(T.dir))
  local entry = it()
  it:close()
  assert(pyos.rename(T.file, T.dir .. "/moved"))
  return entry:stat()
end)
-- the io file's close is pyos's where the runtime lets a C module give
-- it one (Lua 5.1-5.4); LuaJIT's own io library closes its files
case("file:close", "EBADF", function()
  local fd = assert(pyos.open("/dev/null", pyos.O_RDONLY))
  local f = assert(pyos.fdopen(fd))
  pyos.close(fd)          -- behind the file's back: fclose fails
  return f:close()
end)

-- What needs fork to fail: a new interpreter with a process limit of 1
-- (prlimit --nproc=1), without root (whose fork ignores that limit).
-- Source strings, run there.
local NPROC = {
  fork = "return pyos.fork()",
  forkpty = "return pyos.forkpty()",
  popen = "return pyos.popen('true')",
  spawnv = "return pyos.spawnv(pyos.P_WAIT, '/bin/true', {'true'})",
  spawnve = "return pyos.spawnve(pyos.P_WAIT, '/bin/true', {'true'}, {})",
  spawnvp = "return pyos.spawnvp(pyos.P_WAIT, 'true', {'true'})",
  spawnvpe = "return pyos.spawnvpe(pyos.P_WAIT, 'true', {'true'}, {PATH = '/bin'})",
  spawnl = "return pyos.spawnl(pyos.P_WAIT, '/bin/true', 'true')",
  spawnle = "return pyos.spawnle(pyos.P_WAIT, '/bin/true', 'true', {})",
  spawnlp = "return pyos.spawnlp(pyos.P_WAIT, 'true', 'true')",
  spawnlpe = "return pyos.spawnlpe(pyos.P_WAIT, 'true', 'true', {PATH = '/bin'})",
}

-- ---- What cannot fail, and why -------------------------------------------
local PURE = "computes from its arguments; misuse raises"
local CANNOT = {
  closerange = "Python ignores every close error in it",
  isatty = "false for anything that is not a terminal, a bad fd included",
  device_encoding = "nil for an fd that is not a terminal, a bad fd included",
  buffer = "allocates a Buffer; misuse raises",
  access = "returns false, never an error (Python returns False)",
  sync = "sync(2) cannot fail",
  walk = "errors go to onerror, as the OSError object (Python's walk)",
  getenv = "a missing variable gives the default", getenvb = "as getenv",
  reload_environ = "a no-op: environ is live",
  get_exec_path = PURE, fspath = PURE, fsencode = PURE, fsdecode = PURE,
  getpid = "getpid(2) cannot fail", getppid = "cannot fail",
  getuid = "cannot fail", geteuid = "cannot fail", getgid = "cannot fail",
  getegid = "cannot fail", getpgrp = "cannot fail", umask = "cannot fail",
  ctermid = "a name from the C library, no system call",
  strerror = PURE, register_at_fork = "stores Lua functions; misuse raises",
  system = "returns C's system() status as Python does (-1 when no shell started)",
  cpu_count = "nil when unknown", process_cpu_count = "nil when unknown",
  sched_yield = "sched_yield(2) cannot fail on Linux",
  sched_param = "builds a table; misuse raises",
  _exit = "does not return", abort = "does not return",
  major = PURE, minor = PURE, makedev = PURE, filemode = PURE,
  S_IFMT = PURE, S_IMODE = PURE, S_ISBLK = PURE, S_ISCHR = PURE, S_ISDIR = PURE,
  S_ISDOOR = PURE, S_ISFIFO = PURE, S_ISLNK = PURE, S_ISPORT = PURE,
  S_ISREG = PURE, S_ISSOCK = PURE, S_ISWHT = PURE,
  WCOREDUMP = PURE, WEXITSTATUS = PURE, WIFCONTINUED = PURE, WIFEXITED = PURE,
  WIFSIGNALED = PURE, WIFSTOPPED = PURE, WSTOPSIG = PURE, WTERMSIG = PURE,
  waitstatus_to_exitcode = PURE,
  environ = "environ() copies the environment", environb = "as environ",
  OSError = "builds an OSError", error = "is OSError",
  ["path.join"] = PURE, ["path.split"] = PURE, ["path.basename"] = PURE,
  ["path.dirname"] = PURE, ["path.splitext"] = PURE, ["path.splitdrive"] = PURE,
  ["path.normpath"] = PURE, ["path.normcase"] = PURE, ["path.isabs"] = PURE,
  ["path.commonprefix"] = PURE, ["path.commonpath"] = PURE,
  ["path.expandvars"] = PURE, ["path.samestat"] = PURE,
  ["path.expanduser"] = "falls back to the path itself, as Python",
  ["path.exists"] = "false on any error (Python)", ["path.lexists"] = "as exists",
  ["path.isdir"] = "as exists", ["path.isfile"] = "as exists",
  ["path.islink"] = "as exists", ["path.isjunction"] = "false on Linux",
  ["path.ismount"] = "false on any error (Python)",
  ["DirEntry:inode"] = "the inode from the directory entry, no system call",
  ["DirEntry:is_dir"] = "false when the entry vanished, raises other errors (Python)",
  ["DirEntry:is_file"] = "as is_dir", ["DirEntry:is_symlink"] = "as is_dir",
  ["DirEntry:is_junction"] = "false on Linux",
  ["ScandirIterator:close"] = "closedir's errors are ignored, as Python's",
  ["Buffer:byte"] = PURE, ["Buffer:set"] = PURE, ["Buffer:sub"] = PURE,
  ["Buffer:view"] = PURE,
  ["stat_result:totable"] = PURE,
  -- pyos.popen objects forward these to the Lua io file inside, whose
  -- convention they keep (nil, strerror, errno), as every Lua file does
  ["popen:read"] = "a Lua io method", ["popen:write"] = "a Lua io method",
  ["popen:lines"] = "a Lua io method", ["popen:flush"] = "a Lua io method",
  ["popen:seek"] = "a Lua io method", ["popen:setvbuf"] = "a Lua io method",
  ["popen:fileno"] = "the fd it holds",
}

-- Can fail, but no test can make them: each with what would be needed.
local UNPROVOKABLE = {
  putenv = "setenv(3) fails only with ENOMEM (bad names raise first)",
  unsetenv = "unsetenv(3) fails only for bad names, which raise first",
  getresuid = "fails only with EFAULT", getresgid = "fails only with EFAULT",
  getgroups = "fails only with EINVAL for a short array, which pyos sizes",
  getgrouplist = "fails only when the group count is absurd",
  uname = "fails only with EFAULT", times = "fails only with EFAULT",
  urandom = "getrandom(2) without flags does not fail after boot",
  getloadavg = "glibc reads sysinfo(2), which fails only with EFAULT",
  -- not found is nil, msg, nil, KeyError (no errno); an OSError needs a
  -- failing NSS source: spec/pwd_spec.lua fakes one with an LD_PRELOAD shim
  getpwnam = "pwd_spec.lua (shim)", getpwuid = "pwd_spec.lua (shim)",
  getpwall = "pwd_spec.lua (shim)", getgrnam = "pwd_spec.lua (shim)",
  getgrgid = "pwd_spec.lua (shim)", getgrall = "pwd_spec.lua (shim)",
  ["popen:close"] = "fails only when waitpid fails otherwise than ECHILD",
}

-- Known gaps outside this spec's reach, each a pending test until fixed
-- (a gap that no longer fails makes the test fail: remove it here).
local V = ISJIT and "luajit" or _VERSION:match("%d+%.%d+")
local KNOWN_GAPS = {}

-- ---- Enumeration -----------------------------------------------------------

-- The methods of an object: its __index table, or the table a Lua or C
-- __index reads them from (an upvalue of it).
local function methods(obj)
  local mt = debug.getmetatable(obj)
  local index = mt and mt.__index
  local names = {}
  local function add(t)
    for k, v in pairs(t) do
      -- (metamethods are not methods: a C __index may hold the metatable)
      if type(k) == "string" and type(v) == "function" and k:sub(1, 2) ~= "__" then
        names[#names + 1] = k
      end
    end
  end
  if type(index) == "table" then
    add(index)
  elseif type(index) == "function" then
    for i = 1, 10 do
      local name, v = debug.getupvalue(index, i)
      if name == nil then break end
      if type(v) == "table" then add(v) end
    end
  end
  table.sort(names)
  return names
end

local function callable(v)
  if type(v) == "function" then return true end
  local mt = debug.getmetatable(v)
  return mt ~= nil and type(mt) == "table" and mt.__call ~= nil
end

-- One object of each kind pyos makes; the caller closes it().
local function objects(T)
  local it = assert(pyos.scandir(T.dir))
  local entry = it()
  local pp = assert(pyos.popen("true"))
  return {
    DirEntry = entry, ScandirIterator = it, Buffer = pyos.buffer(1),
    popen = pp, stat_result = assert(pyos.stat(T.dir)),
  }, function() it:close() pp:close() end
end

-- Every name this spec must account for: pyos.NAME, path.NAME, and
-- KIND:method for the objects pyos makes.
local function exported(T)
  local names = {}
  for k, v in pairs(pyos) do
    if callable(v) and k ~= "path" then names[#names + 1] = k end
  end
  for k, v in pairs(pyos.path) do
    if callable(v) then names[#names + 1] = "path." .. k end
  end
  local objs, close = objects(T)
  for kind, obj in pairs(objs) do
    for _, m in ipairs(methods(obj)) do names[#names + 1] = kind .. ":" .. m end
  end
  close()
  names[#names + 1] = "file:close"      -- fdopen's file: only close is pyos's
  table.sort(names)
  return names
end

local function setup()
  local dir = support.tmpdir()
  local T = {dir = dir, missing = dir .. "/missing", file = dir .. "/file"}
  support.writefile(T.file, "data")
  return T
end

-- Run a case (in-process or in a child); returns what is wrong, or nil.
local function runcase(name, c, T)
  local want, fn, where = c[1], c[2], c[3]
  if where == nil then
    local r = pack(fn(T))
    return check(want, r.n, unpack(r, 1, r.n))
  end
  local msg = inchild(function()
    if where == "nofile" then
      local n = 0
      while pyos.open("/dev/null", pyos.O_RDONLY) do
        n = n + 1
        assert(n < 1100000, "no descriptor limit")
      end
    end
    local r = pack(fn(T))
    local wrong = check(want, r.n, unpack(r, 1, r.n))
    if wrong then error(wrong, 0) end
  end)
  return msg ~= "" and msg or nil
end

describe("every failure is nil, msg, errno, err", function()
  local T
  before_each(function() T = setup() end)
  after_each(function() support.cleanup() end)

  it("has a failing case, or a reason it cannot fail, for every function and method", function()
    local missing, stale = {}, {}
    local listed = {}
    for _, name in ipairs(exported(T)) do
      listed[name] = true
      if not (CASES[name] or NPROC[name] or CANNOT[name] or UNPROVOKABLE[name]) then
        missing[#missing + 1] = name
      end
    end
    -- Lua 5.1's debug.getupvalue cannot read a C function's upvalues, so
    -- a listed method is also found by asking the object for it
    local objs, close = objects(T)
    for _, list in ipairs({CASES, NPROC, CANNOT, UNPROVOKABLE}) do
      for name in pairs(list) do
        local kind, m = name:match("^([%w_]+):([%w_]+)$")
        local obj = kind and objs[kind]
        if not listed[name] and not (obj and type(obj[m]) == "function") then
          stale[#stale + 1] = name
        end
      end
    end
    close()
    table.sort(stale)
    assert.same({}, missing, "functions with neither a failing case nor a reason")
    assert.same({}, stale, "listed here but not exported")
  end)

  it("lists each name once", function()
    local seen, twice = {}, {}
    for _, list in ipairs({CASES, NPROC, CANNOT, UNPROVOKABLE}) do
      for name in pairs(list) do
        if seen[name] then twice[#twice + 1] = name end
        seen[name] = true
      end
    end
    assert.same({}, twice)
  end)

  local names = {}
  for name in pairs(CASES) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do
    local c = CASES[name]
    it(name .. (c[3] and " (" .. c[3] .. ")" or ""), function()
      if name == "file:close" and ISJIT then
        pending("LuaJIT's own io library closes fdopen's files (nil, strerror, errno)")
        return
      end
      if support.valgrind and VALGRIND_SKIPS[name] then
        pending(VALGRIND_SKIPS[name])
        return
      end
      local wrong = runcase(name, c, T)
      local gap = KNOWN_GAPS[name]
      if gap then
        assert(wrong ~= nil, name .. " passes now: remove it from KNOWN_GAPS")
        pending("known gap: " .. gap .. ": " .. wrong)
        return
      end
      assert(wrong == nil, name .. ": " .. tostring(wrong))
    end)
  end

  it("fork, forkpty, popen and spawn* when no process can be made", function()
    -- one interpreter for all: each case on a line, "name\tOK" or the fault
    local lines = {
      "local pyos = require 'pyos'",
      "local check = (loadstring or load)(" .. string.format("%q", CHECK_SRC) .. ")()",
      "local drop = (loadstring or load)(" .. string.format("%q", DROP_SRC) .. ")()",
      "local unpack = table.unpack or unpack",
      "local function pack(...) return {n = select('#', ...), ...} end",
      "drop()",
    }
    local order = {}
    for name in pairs(NPROC) do order[#order + 1] = name end
    table.sort(order)
    for _, name in ipairs(order) do
      lines[#lines + 1] = ("do local r = pack((function() %s end)())\n"
        .. (name:find("^fork") and "  if r[1] == 0 then pyos._exit(0) end\n" or "")
        .. "  io.write(%q, '\\t', check('EAGAIN', r.n, unpack(r, 1, r.n)) or 'OK', '\\n') end")
        :format(NPROC[name], name)
    end
    local script = T.dir .. "/nproc.lua"
    support.writefile(script, table.concat(lines, "\n") .. "\n")
    -- prlimit (util-linux): dash's ulimit calls this limit -p, bash's -u
    local out, ok = support.sh("exec prlimit --nproc=1 env " .. support.luacmd() .. " " .. script)
    assert(ok, out)
    local got = {}
    for name, result in out:gmatch("([%w_]+)\t([^\n]*)") do got[name] = result end
    for _, name in ipairs(order) do
      assert.equal("OK", got[name] or ("no line for " .. name .. " in: " .. out), name)
    end
  end)
end)

describe("assert(pyos.f(bad))", function()
  -- In a fresh interpreter: busted's assert is luassert's, not Lua's.
  -- The value raised is Python's text, a string. Called from a Lua
  -- function, PUC Lua's assert puts the caller's position in front
  -- ("chunk:4: "), as for any assert(io.open(p)); LuaJIT's does not.
  it("raises exactly Python's text, as a string, on this runtime", function()
    local want = support.python([[
import os
try:
    os.stat("/no/such")
except OSError as e:
    print(str(e))
]])
    assert.equal("[Errno 2] No such file or directory: '/no/such'", want)
    local dir = support.tmpdir()
    finally(support.cleanup)
    local script = dir .. "/assert.lua"
    support.writefile(script, [[
local pyos = require "pyos"
local ok, e = pcall(assert, pyos.stat("/no/such"))
local ok2, e2 = pcall(function() assert(pyos.stat("/no/such")) end)
io.write(tostring(ok), "\n", type(e), "\n", tostring(e), "\n")
io.write(tostring(ok2), "\n", type(e2), "\n", tostring(e2), "\n")
io.stdout:flush()
assert(pyos.stat("/no/such"))
]])
    local out, ok = support.sh(support.luacmd() .. " " .. script)
    assert.is_false(ok)       -- the uncaught assert ends the interpreter
    local lines = {}
    for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
    assert.same({"false", "string", want, "false", "string"}, {unpack(lines, 1, 5)})
    local pos = "^[^\n]-assert%.lua:%d+: "
    assert.equal(want, (lines[6]:gsub(pos, "")))
    -- the interpreter prints "<progname>: <message>"
    assert.equal(want, (lines[7]:gsub("^[^:]+: ", ""):gsub(pos, "")))
  end)
end)
