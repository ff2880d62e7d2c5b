---@meta
-- LuaLS annotations for pyos.proc: Process Parameters, the environment,
-- Process Management, and the error names (strerror, OSError, errno).

---The result of uname(): named fields and `[1..5]` in that order.
---@class pyos.uname_result
---@field sysname string
---@field nodename string
---@field release string
---@field version string
---@field machine string
---@field [integer] string

---The result of times(): seconds as floats, and `[1..5]` in this order.
---@class pyos.times_result
---@field user number
---@field system number
---@field children_user number
---@field children_system number
---@field elapsed number
---@field [integer] number

---The result of waitid(): and `[1..5]` in this order.
---@class pyos.waitid_result
---@field si_pid integer
---@field si_uid integer
---@field si_signo integer
---@field si_status integer
---@field si_code integer
---@field [integer] integer

---Resource usage from wait3/wait4 (Python's resource.struct_rusage), with `[1..16]`.
---@class pyos.struct_rusage
---@field ru_utime number
---@field ru_stime number
---@field ru_maxrss integer
---@field ru_ixrss integer
---@field ru_idrss integer
---@field ru_isrss integer
---@field ru_minflt integer
---@field ru_majflt integer
---@field ru_nswap integer
---@field ru_inblock integer
---@field ru_oublock integer
---@field ru_msgsnd integer
---@field ru_msgrcv integer
---@field ru_nsignals integer
---@field ru_nvcsw integer
---@field ru_nivcsw integer
---@field [integer] number

---The object popen returns: the methods of a Lua file, and a close()
---that gives nil on success, else Python's status value (768 for `exit 3`).
---@class pyos.popen
---@field read fun(self: pyos.popen, ...): ...
---@field write fun(self: pyos.popen, ...): pyos.popen|nil, string?
---@field lines fun(self: pyos.popen, ...): fun(): string?
---@field flush fun(self: pyos.popen): boolean|nil
---@field seek fun(self: pyos.popen, whence?: string, offset?: integer): integer|nil
---@field setvbuf fun(self: pyos.popen, mode: string, size?: integer): boolean|nil
---@field fileno fun(self: pyos.popen): integer
---@field close fun(self: pyos.popen): integer|nil

---The live environment, a userdata: `environ.X`, `environ.X = v`,
---`environ.X = nil`, `environ()` for a snapshot (a plain table, the
---portable way to iterate), `pairs(environ)` on 5.2+ (Lua 5.1 and LuaJIT
---ignore __pairs, so there pairs raises).
---@class pyos.environ: table<string, string>
---@overload fun(): table<string, string>

---@class pyos
local pyos = {}

---The file name of the controlling terminal ("/dev/tty").
---@return string name
function pyos.ctermid() end

---A string unchanged, or the string a value's `__fspath` returns; raises otherwise.
---@param path any
---@return string
function pyos.fspath(path) end

---As fspath: Lua strings are bytes, no encoding step.
---@param filename any
---@return string
function pyos.fsencode(filename) end

---As fspath: Lua strings are bytes, no decoding step.
---@param filename any
---@return string
function pyos.fsdecode(filename) end

---The directories of env's PATH (pyos.environ by default; os.defpath when unset).
---@param env? table<string, string>|pyos.environ
---@return string[]
function pyos.get_exec_path(env) end

---The effective group id.
---@return integer
function pyos.getegid() end

---The effective user id.
---@return integer
function pyos.geteuid() end

---The real group id.
---@return integer
function pyos.getgid() end

---The real user id.
---@return integer
function pyos.getuid() end

---The process id.
---@return integer
function pyos.getpid() end

---The parent's process id.
---@return integer
function pyos.getppid() end

---The process group id.
---@return integer
function pyos.getpgrp() end

---The value of environment variable key, or default (Lua's os.getenv plus Python's default).
---@param key string
---@param default? any
---@return string|any value
function pyos.getenv(key, default) end

---Same as getenv (Lua strings are bytes).
---@param key string
---@param default? any
---@return string|any value
function pyos.getenvb(key, default) end

---The group ids user belongs to, group included.
---@param user string
---@param group integer
---@return integer[]|nil groups
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getgrouplist(user, group) end

---The supplementary group ids.
---@return integer[]|nil groups
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getgroups() end

---The user logged in on the controlling terminal.
---@return string|nil name
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getlogin() end

---The process group id of pid (0: this process).
---@param pid integer
---@return integer|nil pgid
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getpgid(pid) end

---The scheduling priority (nice value) of a process, group or user.
---@param which integer
---@param who integer
---@return integer|nil priority
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getpriority(which, who) end

---The real, effective and saved group ids.
---@return integer|nil rgid
---@return integer|string egid_or_msg
---@return integer sgid_or_errno
---@return pyos.OSError? err
function pyos.getresgid() end

---The real, effective and saved user ids.
---@return integer|nil ruid
---@return integer|string euid_or_msg
---@return integer suid_or_errno
---@return pyos.OSError? err
function pyos.getresuid() end

---The session id of pid (0: this process).
---@param pid integer
---@return integer|nil sid
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getsid(pid) end

---Set the group access list from the group database, plus gid.
---@param username string
---@param gid integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.initgroups(username, gid) end

---Set an environment variable (seen by pyos.environ and children).
---@param key string
---@param value string
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.putenv(key, value) end

---A no-op: pyos.environ is live.
---@return true
function pyos.reload_environ() end

---Set the effective group id.
---@param egid integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setegid(egid) end

---Set the effective user id.
---@param euid integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.seteuid(euid) end

---Set the group id.
---@param gid integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setgid(gid) end

---Set the supplementary group ids.
---@param groups integer[]
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setgroups(groups) end

---Move the calling thread into the namespace of fd.
---@param fd integer
---@param nstype? integer
---@param opts? {fd?: integer, nstype?: integer}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setns(fd, nstype, opts) end

---Set the process group of pid to pgrp.
---@param pid integer
---@param pgrp integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setpgid(pid, pgrp) end

---setpgid(0, 0).
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setpgrp() end

---Set the scheduling priority (nice value) of a process, group or user.
---@param which integer
---@param who integer
---@param priority integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setpriority(which, who, priority) end

---Set the real and effective group ids (-1: unchanged).
---@param rgid integer
---@param egid integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setregid(rgid, egid) end

---Set the real, effective and saved group ids (-1: unchanged).
---@param rgid integer
---@param egid integer
---@param sgid integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setresgid(rgid, egid, sgid) end

---Set the real, effective and saved user ids (-1: unchanged).
---@param ruid integer
---@param euid integer
---@param suid integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setresuid(ruid, euid, suid) end

---Set the real and effective user ids (-1: unchanged).
---@param ruid integer
---@param euid integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setreuid(ruid, euid) end

---Start a new session.
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setsid() end

---Set the user id.
---@param uid integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setuid(uid) end

---The system's message for an error number.
---@param code integer
---@return string
function pyos.strerror(code) end

---Set the umask; returns the previous one.
---@param mask integer
---@return integer previous
function pyos.umask(mask) end

---The system's identification.
---@return pyos.uname_result|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.uname() end

---Remove an environment variable.
---@param key string
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.unsetenv(key) end

---Move parts of the execution context into new namespaces.
---@param flags integer
---@param opts? {flags?: integer}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.unshare(flags, opts) end

---End the process with SIGABRT.
function pyos.abort() end

---End the process at once: no Lua teardown, no atexit, no stdio flush.
---@param n integer
function pyos._exit(n) end

---execv(path, {...}): replace the process.
---@param path string|pyos.PathLike
---@param ... string
---@return nil
---@return string msg
---@return integer errno
---@return pyos.OSError err
function pyos.execl(path, ...) end

---execve(path, {...}, env): env is the last argument.
---@param path string|pyos.PathLike
---@param ... string|table<string, string>
---@return nil
---@return string msg
---@return integer errno
---@return pyos.OSError err
function pyos.execle(path, ...) end

---execvp(file, {...}).
---@param file string|pyos.PathLike
---@param ... string
---@return nil
---@return string msg
---@return integer errno
---@return pyos.OSError err
function pyos.execlp(file, ...) end

---execvpe(file, {...}, env): env is the last argument.
---@param file string|pyos.PathLike
---@param ... string|table<string, string>
---@return nil
---@return string msg
---@return integer errno
---@return pyos.OSError err
function pyos.execlpe(file, ...) end

---Replace the process by path (or an open fd) with argv; returns only on failure.
---@param path string|integer|pyos.PathLike
---@param args string[]
---@return nil
---@return string msg
---@return integer errno
---@return pyos.OSError err
function pyos.execv(path, args) end

---execv with the environment env.
---@param path string|integer|pyos.PathLike
---@param args string[]
---@param env table<string, string>|pyos.environ
---@return nil
---@return string msg
---@return integer errno
---@return pyos.OSError err
function pyos.execve(path, args, env) end

---execv, searching file in PATH.
---@param file string|pyos.PathLike
---@param args string[]
---@return nil
---@return string msg
---@return integer errno
---@return pyos.OSError err
function pyos.execvp(file, args) end

---execve, searching file in env's PATH.
---@param file string|pyos.PathLike
---@param args string[]
---@param env table<string, string>|pyos.environ
---@return nil
---@return string msg
---@return integer errno
---@return pyos.OSError err
function pyos.execvpe(file, args, env) end

---Fork: 0 in the child, the child's pid in the parent. Runs the register_at_fork callbacks.
---@return integer|nil pid
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.fork() end

---Fork with a new pty as the child's terminal: pid, master fd (-1 in the child).
---@return integer|nil pid
---@return integer|string fd_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.forkpty() end

---Send signal sig to process pid.
---@param pid integer
---@param sig integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.kill(pid, sig) end

---Send signal sig to process group pgid.
---@param pgid integer
---@param sig integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.killpg(pgid, sig) end

---Add increment to the niceness; returns the new one.
---@param increment integer
---@return integer|nil niceness
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.nice(increment) end

---A file descriptor for process pid (close-on-exec).
---@param pid integer
---@param flags? integer
---@param opts? {pid?: integer, flags?: integer}
---@return integer|nil fd
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.pidfd_open(pid, flags, opts) end

---Run `/bin/sh -c cmd` with its stdout ("r") or stdin ("w") on a pipe.
---@param cmd string
---@param mode? "r"|"w"|string
---@param buffering? integer
---@param opts? {mode?: "r"|"w", buffering?: integer}
---@return pyos.popen|nil p
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.popen(cmd, mode, buffering, opts) end

---Start path with argv and env (nil: the current environment); the child's pid.
---@param path string|pyos.PathLike
---@param argv string[]
---@param env? table<string, string>|pyos.environ
---@param opts? {file_actions?: table[], setpgroup?: integer, resetids?: boolean, setsid?: boolean, setsigmask?: integer[], setsigdef?: integer[], scheduler?: table}
---@return integer|nil pid
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.posix_spawn(path, argv, env, opts) end

---posix_spawn, searching path in PATH.
---@param path string|pyos.PathLike
---@param argv string[]
---@param env? table<string, string>|pyos.environ
---@param opts? {file_actions?: table[], setpgroup?: integer, resetids?: boolean, setsid?: boolean, setsigmask?: integer[], setsigdef?: integer[], scheduler?: table}
---@return integer|nil pid
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.posix_spawnp(path, argv, env, opts) end

---Callbacks for fork: before (reverse order), after_in_parent, after_in_child.
---@param opts {before?: function, after_in_parent?: function, after_in_child?: function}
---@return true
function pyos.register_at_fork(opts) end

---spawnv(mode, path, {...}).
---@param mode integer
---@param path string|pyos.PathLike
---@param ... string
---@return integer|nil code exit code, -signal, or the pid for P_NOWAIT
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.spawnl(mode, path, ...) end

---spawnve(mode, path, {...}, env): env is the last argument.
---@param mode integer
---@param path string|pyos.PathLike
---@param ... string|table<string, string>
---@return integer|nil code exit code, -signal, or the pid for P_NOWAIT
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.spawnle(mode, path, ...) end

---spawnvp(mode, file, {...}).
---@param mode integer
---@param file string|pyos.PathLike
---@param ... string
---@return integer|nil code exit code, -signal, or the pid for P_NOWAIT
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.spawnlp(mode, file, ...) end

---spawnvpe(mode, file, {...}, env): env is the last argument.
---@param mode integer
---@param file string|pyos.PathLike
---@param ... string|table<string, string>
---@return integer|nil code exit code, -signal, or the pid for P_NOWAIT
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.spawnlpe(mode, file, ...) end

---Run path in a new process: P_WAIT gives the exit code (or -signal), P_NOWAIT the pid.
---@param mode integer
---@param path string|pyos.PathLike
---@param args string[]
---@return integer|nil code exit code, -signal, or the pid for P_NOWAIT
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.spawnv(mode, path, args) end

---spawnv with the environment env.
---@param mode integer
---@param path string|pyos.PathLike
---@param args string[]
---@param env table<string, string>|pyos.environ
---@return integer|nil code exit code, -signal, or the pid for P_NOWAIT
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.spawnve(mode, path, args, env) end

---spawnv, searching file in PATH.
---@param mode integer
---@param file string|pyos.PathLike
---@param args string[]
---@return integer|nil code exit code, -signal, or the pid for P_NOWAIT
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.spawnvp(mode, file, args) end

---spawnve, searching file in env's PATH.
---@param mode integer
---@param file string|pyos.PathLike
---@param args string[]
---@param env table<string, string>|pyos.environ
---@return integer|nil code exit code, -signal, or the pid for P_NOWAIT
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.spawnvpe(mode, file, args, env) end

---Run command in a shell; the wait status.
---@param command string|pyos.PathLike
---@return integer status
function pyos.system(command) end

---Process times in seconds.
---@return pyos.times_result|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.times() end

---Wait for any child: pid, status.
---@return integer|nil pid
---@return integer|string status_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.wait() end

---Wait for pid: pid, status (0, 0 with WNOHANG and nothing to report).
---@param pid integer
---@param options integer
---@return integer|nil pid
---@return integer|string status_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.waitpid(pid, options) end

---waitpid(-1, options) plus the child's resource usage.
---@param options integer
---@param opts? {options?: integer}
---@return integer|nil pid
---@return integer|string status_or_msg
---@return pyos.struct_rusage|integer rusage_or_errno
---@return pyos.OSError? err
function pyos.wait3(options, opts) end

---waitpid(pid, options) plus the child's resource usage.
---@param pid integer
---@param options integer
---@param opts? {pid?: integer, options?: integer}
---@return integer|nil pid
---@return integer|string status_or_msg
---@return pyos.struct_rusage|integer rusage_or_errno
---@return pyos.OSError? err
function pyos.wait4(pid, options, opts) end

---Wait (P_PID, P_PGID, P_ALL, P_PIDFD); nil with WNOHANG and nothing to report.
---@param idtype integer
---@param id integer
---@param options integer
---@return pyos.waitid_result|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.waitid(idtype, id, options) end

---The exit code, or -signal; raises for a stopped or invalid status.
---@param status integer
---@param opts? {status?: integer}
---@return integer
function pyos.waitstatus_to_exitcode(status, opts) end

---A core dump was made.
---@param status integer
---@return boolean
function pyos.WCOREDUMP(status) end

---Continued by SIGCONT.
---@param status integer
---@return boolean
function pyos.WIFCONTINUED(status) end

---Stopped by a signal.
---@param status integer
---@return boolean
function pyos.WIFSTOPPED(status) end

---Ended by a signal.
---@param status integer
---@return boolean
function pyos.WIFSIGNALED(status) end

---Ended by exit.
---@param status integer
---@return boolean
function pyos.WIFEXITED(status) end

---The exit status.
---@param status integer
---@return integer
function pyos.WEXITSTATUS(status) end

---The signal that stopped it.
---@param status integer
---@return integer
function pyos.WSTOPSIG(status) end

---The signal that ended it.
---@param status integer
---@return integer
function pyos.WTERMSIG(status) end

---The live process environment (see pyos.environ class).
---@type pyos.environ
pyos.environ = {}
---The same object as environ (Lua strings are bytes).
---@type pyos.environ
pyos.environb = {}
---True: the environment is bytes (always, on Linux).
---@type boolean
pyos.supports_bytes_environ = true
---Every errno name to its number; `errorcode[n]` maps back to the name.
---@type table<string, integer>|{errorcode: table<integer, string>}
pyos.errno = {}
---The OSError type: callable, OSError(errno [, strerror [, filename [, filename2]]]);
---`OSError.of(value)`, `OSError.raise_text`.
---@type pyos.OSErrorType
pyos.OSError = {}
---Same as OSError, as in Python.
---@type pyos.OSErrorType
pyos.error = {}

---@type integer
pyos.CLD_CONTINUED = 6
---@type integer
pyos.CLD_DUMPED = 3
---@type integer
pyos.CLD_EXITED = 1
---@type integer
pyos.CLD_KILLED = 2
---@type integer
pyos.CLD_STOPPED = 5
---@type integer
pyos.CLD_TRAPPED = 4
---@type integer
pyos.CLONE_FILES = 1024
---@type integer
pyos.CLONE_FS = 512
---@type integer
pyos.CLONE_NEWCGROUP = 33554432
---@type integer
pyos.CLONE_NEWIPC = 134217728
---@type integer
pyos.CLONE_NEWNET = 1073741824
---@type integer
pyos.CLONE_NEWNS = 131072
---@type integer
pyos.CLONE_NEWPID = 536870912
---@type integer
pyos.CLONE_NEWTIME = 128
---@type integer
pyos.CLONE_NEWUSER = 268435456
---@type integer
pyos.CLONE_NEWUTS = 67108864
---@type integer
pyos.CLONE_SIGHAND = 2048
---@type integer
pyos.CLONE_SYSVSEM = 262144
---@type integer
pyos.CLONE_THREAD = 65536
---@type integer
pyos.CLONE_VM = 256
---@type integer
pyos.EX_CANTCREAT = 73
---@type integer
pyos.EX_CONFIG = 78
---@type integer
pyos.EX_DATAERR = 65
---@type integer
pyos.EX_IOERR = 74
---@type integer
pyos.EX_NOHOST = 68
---@type integer
pyos.EX_NOINPUT = 66
---@type integer
pyos.EX_NOPERM = 77
---@type integer
pyos.EX_NOUSER = 67
---@type integer
pyos.EX_OK = 0
---@type integer
pyos.EX_OSERR = 71
---@type integer
pyos.EX_OSFILE = 72
---@type integer
pyos.EX_PROTOCOL = 76
---@type integer
pyos.EX_SOFTWARE = 70
---@type integer
pyos.EX_TEMPFAIL = 75
---@type integer
pyos.EX_UNAVAILABLE = 69
---@type integer
pyos.EX_USAGE = 64
---@type integer
pyos.NGROUPS_MAX = 65536
---@type integer
pyos.NSIG = 65
---@type integer
pyos.PIDFD_NONBLOCK = 2048
---@type integer
pyos.POSIX_SPAWN_CLOSE = 1
---@type integer
pyos.POSIX_SPAWN_CLOSEFROM = 3
---@type integer
pyos.POSIX_SPAWN_DUP2 = 2
---@type integer
pyos.POSIX_SPAWN_OPEN = 0
---@type integer
pyos.PRIO_PGRP = 1
---@type integer
pyos.PRIO_PROCESS = 0
---@type integer
pyos.PRIO_USER = 2
---@type integer
pyos.P_ALL = 0
---@type integer
pyos.P_NOWAIT = 1
---@type integer
pyos.P_NOWAITO = 1
---@type integer
pyos.P_PGID = 2
---@type integer
pyos.P_PID = 1
---@type integer
pyos.P_PIDFD = 3
---@type integer
pyos.P_WAIT = 0
---@type integer
pyos.SIGABRT = 6
---@type integer
pyos.SIGALRM = 14
---@type integer
pyos.SIGBUS = 7
---@type integer
pyos.SIGCHLD = 17
---@type integer
pyos.SIGCONT = 18
---@type integer
pyos.SIGFPE = 8
---@type integer
pyos.SIGHUP = 1
---@type integer
pyos.SIGILL = 4
---@type integer
pyos.SIGINT = 2
---@type integer
pyos.SIGIO = 29
---@type integer
pyos.SIGIOT = 6
---@type integer
pyos.SIGKILL = 9
---@type integer
pyos.SIGPIPE = 13
---@type integer
pyos.SIGPOLL = 29
---@type integer
pyos.SIGPROF = 27
---@type integer
pyos.SIGPWR = 30
---@type integer
pyos.SIGQUIT = 3
---@type integer
pyos.SIGRTMAX = 64
---@type integer
pyos.SIGRTMIN = 34
---@type integer
pyos.SIGSEGV = 11
---@type integer
pyos.SIGSTKFLT = 16
---@type integer
pyos.SIGSTOP = 19
---@type integer
pyos.SIGSYS = 31
---@type integer
pyos.SIGTERM = 15
---@type integer
pyos.SIGTRAP = 5
---@type integer
pyos.SIGTSTP = 20
---@type integer
pyos.SIGTTIN = 21
---@type integer
pyos.SIGTTOU = 22
---@type integer
pyos.SIGURG = 23
---@type integer
pyos.SIGUSR1 = 10
---@type integer
pyos.SIGUSR2 = 12
---@type integer
pyos.SIGVTALRM = 26
---@type integer
pyos.SIGWINCH = 28
---@type integer
pyos.SIGXCPU = 24
---@type integer
pyos.SIGXFSZ = 25
---@type integer
pyos.WCONTINUED = 8
---@type integer
pyos.WEXITED = 4
---@type integer
pyos.WNOHANG = 1
---@type integer
pyos.WNOWAIT = 16777216
---@type integer
pyos.WSTOPPED = 2
---@type integer
pyos.WUNTRACED = 2

return pyos
