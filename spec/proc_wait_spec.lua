-- pyos.proc, waiting and signalling: wait, waitpid, wait3, wait4,
-- waitid, the W* functions, waitstatus_to_exitcode, kill, killpg,
-- pidfd_open, popen, system, times, _exit, abort, and the constants.
local pyos = require "pyos"
local support = require "support"
local testkit = require "pyos_testkit"

local raises = support.assert_raises
local oserror = support.assert_oserror

local function spawn(cmd, opts)
  return assert(pyos.posix_spawn("/bin/sh", {"sh", "-c", cmd}, nil, opts))
end

-- Wait until /proc says pid is in state (e.g. "T" for stopped).
local function waitstate(pid, state)
  for _ = 1, 2000 do
    local f = io.open("/proc/" .. pid .. "/stat")
    local s = f and f:read("*a")
    if f then f:close() end
    if s and s:match("%) (%S)") == state then return true end
    pyos.sched_yield()
    os.execute("sleep 0.005")
  end
  error("process " .. pid .. " never reached state " .. state)
end

describe("pyos.waitpid and wait", function()
  it("give pid and the wait status", function()
    local pid = spawn("exit 3")
    local r, st = pyos.waitpid(pid, 0)
    assert.equal(pid, r)
    assert.equal(768, st)
    pid = spawn("exit 4")
    r, st = pyos.wait()
    assert.equal(pid, r)
    assert.equal(1024, st)
  end)

  it("WNOHANG gives 0, 0 while the child runs", function()
    local pid = spawn("sleep 10")
    finally(function() pyos.kill(pid, pyos.SIGKILL); pyos.waitpid(pid, 0) end)
    assert.same({0, 0}, {pyos.waitpid(pid, pyos.WNOHANG)})
  end)

  it("report no children as ChildProcessError", function()
    oserror({errno = "ECHILD", name = "ChildProcessError", str = "[Errno 10] No child processes"},
            pyos.waitpid(1, 0))
    oserror({errno = "ECHILD", name = "ChildProcessError", str = "[Errno 10] No child processes"},
            pyos.wait())
  end)

  it("WUNTRACED and WCONTINUED report stops and continues", function()
    local pid = spawn("sleep 10")
    finally(function() pyos.kill(pid, pyos.SIGKILL); pyos.waitpid(pid, 0) end)
    pyos.kill(pid, pyos.SIGSTOP)
    local r, st = pyos.waitpid(pid, pyos.WUNTRACED)
    assert.equal(pid, r)
    assert.is_true(pyos.WIFSTOPPED(st))
    assert.equal(pyos.SIGSTOP, pyos.WSTOPSIG(st))
    pyos.kill(pid, pyos.SIGCONT)
    r, st = pyos.waitpid(pid, pyos.WCONTINUED)
    assert.equal(pid, r)
    assert.is_true(pyos.WIFCONTINUED(st))
  end)

  it("retry after EINTR (PEP 475)", function()
    local pid = spawn("sleep 0.3; exit 5")
    local before = testkit.alarms()
    testkit.interrupt(0.05, 0.05)
    local r, st = pyos.waitpid(pid, 0)
    testkit.interrupt(0)
    assert.is_true(testkit.alarms() > before)      -- the wait was interrupted
    assert.equal(pid, r)
    assert.equal(5, pyos.waitstatus_to_exitcode(st))
  end)

  it("give InterruptedError when a Lua hook is pending", function()
    local pid = spawn("sleep 10")
    finally(function() pyos.kill(pid, pyos.SIGKILL); pyos.waitpid(pid, 0) end)
    debug.sethook(function() end, "", 1000000000)
    testkit.interrupt(0.05)
    local ok, msg, code, err = pyos.waitpid(pid, 0)
    debug.sethook()
    testkit.interrupt(0)
    oserror({errno = "EINTR", name = "InterruptedError", str = "[Errno 4] Interrupted system call"},
            ok, msg, code, err)
  end)

  it("check their arguments", function()
    raises("bad argument #1 to '.-' %(integer expected, got string%)", pyos.waitpid, "1", 0)
    raises("bad argument #3 to '.-' %(too many arguments%)", pyos.waitpid, 1, 0, 0)
    raises("bad argument #1 to '.-' %(too many arguments%)", pyos.wait, 1)
  end)
end)

describe("pyos.wait3 and wait4", function()
  local FIELDS = {"ru_utime", "ru_stime", "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss",
                  "ru_minflt", "ru_majflt", "ru_nswap", "ru_inblock", "ru_oublock",
                  "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw"}

  it("give pid, status and the child's rusage", function()
    local pid = spawn("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exit 2")
    local r, st, ru = pyos.wait4(pid, 0)
    assert.equal(pid, r)
    assert.equal(512, st)
    for i, k in ipairs(FIELDS) do
      assert.is_number(ru[k], k)
      assert.equal(ru[k], ru[i], k)
    end
    assert.is_true(ru.ru_utime + ru.ru_stime > 0)
    assert.is_true(ru.ru_maxrss > 0)
    assert.matches("^resource%.struct_rusage%(ru_utime=", tostring(ru))
    pid = spawn("exit 1")
    r, st, ru = pyos.wait3(0)
    assert.equal(pid, r)
    assert.equal(256, st)
    assert.is_true(ru.ru_maxrss > 0)
  end)

  it("WNOHANG gives 0, 0 and a zero rusage", function()
    local pid = spawn("sleep 10")
    finally(function() pyos.kill(pid, pyos.SIGKILL); pyos.waitpid(pid, 0) end)
    local r, st, ru = pyos.wait4(pid, pyos.WNOHANG)
    assert.equal(0, r)
    assert.equal(0, st)
    assert.equal(0, ru.ru_maxrss)
    r = pyos.wait3({options = pyos.WNOHANG})
    assert.equal(0, r)
  end)

  it("report no children", function()
    oserror({errno = "ECHILD", str = "[Errno 10] No child processes"}, pyos.wait3(0))
    oserror({errno = "ECHILD"}, pyos.wait4(1, 0))
  end)
end)

describe("pyos.waitid", function()
  it("gives a waitid_result", function()
    local pid = spawn("exit 6")
    local res = pyos.waitid(pyos.P_PID, pid, pyos.WEXITED)
    assert.equal(pid, res.si_pid)
    assert.equal(pyos.getuid(), res.si_uid)
    assert.equal(pyos.SIGCHLD, res.si_signo)
    assert.equal(6, res.si_status)
    assert.equal(pyos.CLD_EXITED, res.si_code)
    assert.same({res.si_pid, res.si_uid, res.si_signo, res.si_status, res.si_code},
                {res[1], res[2], res[3], res[4], res[5]})
    assert.equal(("posix.waitid_result(si_pid=%d, si_uid=%d, si_signo=17, si_status=6, si_code=1)")
                 :format(pid, pyos.getuid()), tostring(res))
  end)

  it("reports a killed child, WNOWAIT keeps it waitable, WNOHANG gives nil", function()
    local pid = spawn("sleep 10")
    assert.is_nil(pyos.waitid(pyos.P_PID, pid, pyos.WEXITED + pyos.WNOHANG))
    pyos.kill(pid, pyos.SIGKILL)
    local res = pyos.waitid(pyos.P_PID, pid, pyos.WEXITED + pyos.WNOWAIT)
    assert.equal(pyos.CLD_KILLED, res.si_code)
    assert.equal(pyos.SIGKILL, res.si_status)
    local r, st = pyos.waitpid(pid, 0)    -- still there to reap
    assert.equal(pid, r)
    assert.equal(pyos.SIGKILL, pyos.WTERMSIG(st))
  end)

  it("reports stopped and continued children", function()
    local pid = spawn("sleep 10", {setpgroup = 0})
    finally(function() pyos.kill(pid, pyos.SIGKILL); pyos.waitpid(pid, 0) end)
    pyos.kill(pid, pyos.SIGSTOP)
    local res = pyos.waitid(pyos.P_PGID, pid, pyos.WSTOPPED)
    assert.equal(pyos.CLD_STOPPED, res.si_code)
    assert.equal(pyos.SIGSTOP, res.si_status)
    pyos.kill(pid, pyos.SIGCONT)
    res = pyos.waitid(pyos.P_ALL, 0, pyos.WCONTINUED)
    assert.equal(pyos.CLD_CONTINUED, res.si_code)
  end)

  it("waits through a pidfd", function()
    if support.valgrind then pending("valgrind 3.19 lacks pidfd_open (ENOSYS)") return end
    local pid = spawn("exit 9")
    local fd = assert(pyos.pidfd_open(pid))
    finally(function() pyos.close(fd) end)
    assert.is_false(pyos.get_inheritable(fd))
    local res = pyos.waitid(pyos.P_PIDFD, fd, pyos.WEXITED)
    assert.equal(pid, res.si_pid)
    assert.equal(9, res.si_status)
  end)

  it("reports errors", function()
    oserror({errno = "ECHILD", name = "ChildProcessError", str = "[Errno 10] No child processes"},
            pyos.waitid(pyos.P_PID, 1, pyos.WEXITED))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"}, pyos.waitid(pyos.P_ALL, 0, 0))
  end)
end)

describe("pyos.pidfd_open", function()
  it("reports a missing process", function()
    if support.valgrind then pending("valgrind 3.19 lacks pidfd_open (ENOSYS)") return end
    oserror({errno = "ESRCH", name = "ProcessLookupError", str = "[Errno 3] No such process"},
            pyos.pidfd_open(999999999))
    oserror({errno = "EINVAL"}, pyos.pidfd_open(pyos.getpid(), {flags = 12345}))
  end)

  it("PIDFD_NONBLOCK makes waitid report EAGAIN", function()
    if support.valgrind then pending("valgrind 3.19 lacks pidfd_open (ENOSYS)") return end
    if not pyos.PIDFD_NONBLOCK then pending("no PIDFD_NONBLOCK") return end
    local pid = spawn("sleep 10")
    local fd = assert(pyos.pidfd_open(pid, pyos.PIDFD_NONBLOCK))
    finally(function() pyos.close(fd); pyos.kill(pid, pyos.SIGKILL); pyos.waitpid(pid, 0) end)
    oserror({errno = "EAGAIN", name = "BlockingIOError"}, pyos.waitid(pyos.P_PIDFD, fd, pyos.WEXITED))
  end)
end)

describe("the W* functions and waitstatus_to_exitcode", function()
  local STATUSES = {0, 256, 768, 65280, 9, 15, 134, 139, 4991, 4735, 65535, 127}

  it("agree with Python", function()
    local py = support.python([[
import os, sys
for s in map(int, sys.argv[1:]):
    r = [os.WIFEXITED(s), os.WEXITSTATUS(s), os.WIFSIGNALED(s), os.WTERMSIG(s),
         os.WIFSTOPPED(s), os.WSTOPSIG(s), os.WIFCONTINUED(s), os.WCOREDUMP(s)]
    try: r.append(os.waitstatus_to_exitcode(s))
    except ValueError as e: r.append(str(e))
    print(' '.join(str(x).lower() for x in r))]], (table.unpack or unpack)(STATUSES))
    local lines = {}
    for line in (py .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
    for i, s in ipairs(STATUSES) do
      local ok, code = pcall(pyos.waitstatus_to_exitcode, s)
      if not ok then code = tostring(code):match("%((.*)%)$"):lower() end
      local got = table.concat({tostring(pyos.WIFEXITED(s)), pyos.WEXITSTATUS(s),
        tostring(pyos.WIFSIGNALED(s)), pyos.WTERMSIG(s), tostring(pyos.WIFSTOPPED(s)),
        pyos.WSTOPSIG(s), tostring(pyos.WIFCONTINUED(s)), tostring(pyos.WCOREDUMP(s)),
        tostring(code)}, " ")
      assert.equal(lines[i], got, "status " .. s)
    end
  end)

  it("waitstatus_to_exitcode raises Python's ValueError text", function()
    raises("bad argument #1 to '.-' %(process stopped by delivery of signal 19%)",
           pyos.waitstatus_to_exitcode, 0x137f)
    raises("bad argument #1 to '.-' %(invalid wait status: %-1%)", pyos.waitstatus_to_exitcode, -1)
    assert.equal(3, pyos.waitstatus_to_exitcode({status = 768}))
    raises("bad argument #1 to '.-' %(integer expected, got string%)", pyos.WIFEXITED, "0")
  end)
end)

describe("pyos.kill and killpg", function()
  it("kill signals a process", function()
    local pid = spawn("sleep 10")
    assert.is_true(pyos.kill(pid, pyos.SIGTERM))
    local _, st = pyos.waitpid(pid, 0)
    assert.is_true(pyos.WIFSIGNALED(st))
    assert.equal(pyos.SIGTERM, pyos.WTERMSIG(st))
    assert.equal(-15, pyos.waitstatus_to_exitcode(st))
  end)

  it("killpg signals a process group", function()
    local pid = spawn("sleep 10 & sleep 10; wait", {setpgroup = 0})
    waitstate(pid, "S")
    assert.is_true(pyos.killpg(pid, pyos.SIGKILL))
    local _, st = pyos.waitpid(pid, 0)
    assert.equal(pyos.SIGKILL, pyos.WTERMSIG(st))
  end)

  it("report errors", function()
    oserror({errno = "ESRCH", name = "ProcessLookupError", str = "[Errno 3] No such process"},
            pyos.kill(999999999, 0))
    oserror({errno = "ESRCH"}, pyos.killpg(999999999, 0))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"}, pyos.kill(pyos.getpid(), 12345))
    if not support.isroot then
      oserror({errno = "EPERM", name = "PermissionError"}, pyos.kill(1, 0))
    end
  end)
end)

describe("pyos.popen", function()
  it("reads a command's output; close gives nil on success", function()
    local p = assert(pyos.popen("echo hello; echo world"))
    assert.equal("hello", p:read("*l"))
    local lines = {}
    for l in p:lines() do lines[#lines + 1] = l end
    assert.same({"world"}, lines)
    assert.is_nil(p:close())
    assert.is_nil(p:close())      -- a second close returns the same
  end)

  it("close gives Python's status value", function()
    local py = support.python([[
import os
print(os.popen('exit 3').close(), os.popen('kill -9 $$').close(), os.popen('exit 255').close())]])
    local a = pyos.popen("exit 3"):close()
    local b = pyos.popen("kill -9 $$"):close()
    local c = pyos.popen("exit 255"):close()
    assert.equal(py, ("%d %d %d"):format(a, b, c))
    assert.equal(768, a)
    assert.equal(-2304, b)
  end)

  it("writes to a command's input", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local p = assert(pyos.popen("cat > " .. dir .. "/out", "w"))
    assert.equal(p, p:write("line 1\n", 2, "\n"))
    assert.is_nil(p:close())
    assert.equal("line 1\n2\n", support.readfile(dir .. "/out"))
    p = assert(pyos.popen("cat > /dev/null; exit 1", {mode = "w", buffering = 1}))
    p:write("x")
    assert.equal(256, p:close())
  end)

  it("takes options, gives a fileno, and refuses use after close", function()
    local p = assert(pyos.popen("echo x", "r", 4096))
    assert.is_number(p:fileno())
    assert.matches("^pyos%.popen %(pid %d+%)$", tostring(p))
    p:close()
    raises("calling 'pyos.popen:read' on bad self %(attempt to use a closed file%)", p.read, p)
    local q = assert(pyos.popen("true"))
    raises("bad argument #1 to 'pyos.popen:seek' %(invalid option 'x'%)", q.seek, q, "x")
    q:close()
  end)

  it("leaves no fd to the command but its own end", function()
    local r, w = assert(pyos.pipe())
    finally(function() pyos.close(r); pyos.close(w) end)
    assert(pyos.set_inheritable(w, true))
    local p = assert(pyos.popen("ls /proc/self/fd | sort -n | tr '\\n' ' '"))
    local out = p:read("*a")
    p:close()
    if pyos.POSIX_SPAWN_CLOSEFROM then
      assert.equal("0 1 2 3 ", out)      -- 3: ls's own directory
    end
  end)

  it("raises on bad arguments", function()
    raises("bad argument #1 to 'pyos.popen' %(string expected, got number%)", pyos.popen, 1)
    raises("bad argument #2 to 'pyos.popen' %(invalid mode 'rw'%)", pyos.popen, "true", "rw")
    raises("bad argument #3 to 'pyos.popen' %(popen%(%) does not support unbuffered streams%)",
           pyos.popen, "true", "r", 0)
    raises("bad argument #2 to 'pyos.popen' %(option 'buffering': popen%(%) does not support unbuffered streams%)",
           pyos.popen, "true", {buffering = 0})
    raises("unknown option 'mod'", pyos.popen, "true", {mod = "r"})
    raises("bad argument #4 to 'pyos.popen' %(options table expected, got number%)", pyos.popen, "true", "r", 1, 2)
    raises("bad argument #5 to 'pyos.popen' %(too many arguments%)", pyos.popen, "true", "r", 1, {}, 2)
  end)

  it("reaps a dropped object's child at the next popen", function()
    local pid
    do
      local p = assert(pyos.popen("true"))
      pid = p._pid
      p = nil
    end
    collectgarbage()
    collectgarbage()
    os.execute("sleep 0.05")
    local q = assert(pyos.popen("true"))
    q:close()
    oserror({errno = "ECHILD"}, pyos.waitpid(pid, pyos.WNOHANG))
  end)
end)

describe("pyos.system", function()
  it("gives the wait status, as Python", function()
    assert.equal(0, pyos.system("true"))
    assert.equal(768, pyos.system("exit 3"))
    assert.equal(support.python("import os; print(os.system('exit 7'))"), tostring(pyos.system("exit 7")))
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.system, "true\0")
  end)
end)

describe("pyos.times", function()
  it("is Python's times_result", function()
    local t = pyos.times()
    local py = tonumber(support.python("import os; print(os.times().elapsed)"))
    assert.is_true(math.abs(t.elapsed - py) < 60)
    for i, k in ipairs({"user", "system", "children_user", "children_system", "elapsed"}) do
      assert.is_number(t[k])
      assert.equal(t[k], t[i])
    end
    assert.matches("^posix%.times_result%(user=", tostring(t))
    local before = pyos.times().children_user + pyos.times().children_system
    pyos.spawnv(pyos.P_WAIT, "/bin/sh", {"sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"})
    local after = pyos.times()
    assert.is_true(after.children_user + after.children_system > before)
  end)
end)

describe("pyos._exit and abort", function()
  it("_exit ends a child at once, skipping Lua's teardown", function()
    if support.valgrind then pending("valgrind's own exit path flushes the child's stdio") return end
    local dir = support.tmpdir()
    finally(support.cleanup)
    local pid = assert(pyos.fork())
    if pid == 0 then
      local f = io.open(dir .. "/buffered", "w")
      f:setvbuf("full")
      f:write("never flushed")
      pyos._exit(5)
    end
    local _, st = pyos.waitpid(pid, 0)
    assert.equal(5, pyos.waitstatus_to_exitcode(st))
    assert.equal("", support.readfile(dir .. "/buffered"))
  end)

  it("abort ends a child with SIGABRT", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local pid = assert(pyos.fork())
    if pid == 0 then
      pyos.chdir(dir)     -- a core file, if any, lands here
      pyos.abort()
      pyos._exit(1)
    end
    local _, st = pyos.waitpid(pid, 0)
    assert.is_true(pyos.WIFSIGNALED(st))
    assert.equal(pyos.SIGABRT, pyos.WTERMSIG(st))
  end)

  it("check their arguments first", function()
    raises("bad argument #1 to '.-' %(integer expected, got string%)", pyos._exit, "1")
    raises("bad argument #1 to '.-' %(too many arguments%)", pyos.abort, 1)
  end)
end)

describe("the Process Management constants", function()
  it("match Python's", function()
    local names = {"WNOHANG", "WUNTRACED", "WCONTINUED", "WEXITED", "WSTOPPED", "WNOWAIT",
      "P_PID", "P_PGID", "P_ALL", "P_PIDFD", "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED",
      "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED", "P_WAIT", "P_NOWAIT", "P_NOWAITO",
      "EX_OK", "EX_USAGE", "EX_DATAERR", "EX_NOINPUT", "EX_NOUSER", "EX_NOHOST",
      "EX_UNAVAILABLE", "EX_SOFTWARE", "EX_OSERR", "EX_OSFILE", "EX_CANTCREAT", "EX_IOERR",
      "EX_TEMPFAIL", "EX_PROTOCOL", "EX_NOPERM", "EX_CONFIG", "POSIX_SPAWN_OPEN",
      "POSIX_SPAWN_CLOSE", "POSIX_SPAWN_DUP2", "SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD",
      "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT", "SIGKILL", "SIGPIPE", "SIGPROF",
      "SIGQUIT", "SIGSEGV", "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN",
      "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH", "SIGXCPU",
      "SIGXFSZ", "SIGIO", "SIGIOT", "SIGPOLL", "SIGPWR", "SIGRTMIN", "SIGRTMAX", "NSIG",
      "PIDFD_NONBLOCK"}
    local py = support.python([[
import os, signal, sys
print(' '.join(str(int(getattr(os, n, getattr(signal, n, -999)))) for n in sys.argv[1:]))]],
      (table.unpack or unpack)(names))
    local i = 0
    for v in py:gmatch("%S+") do
      i = i + 1
      if v ~= "-999" then assert.equal(v, tostring(pyos[names[i]]), names[i]) end
    end
    assert.equal(#names, i)
    if pyos.POSIX_SPAWN_CLOSEFROM then assert.equal(3, pyos.POSIX_SPAWN_CLOSEFROM) end
  end)
end)
