-- pyos.subprocess: real effects (what the child saw, what it wrote, its
-- exit), every failure path with Python's exact text, and no fd or child
-- left behind (spec/helper.lua checks that around every test).
local support = require "support"
local pyos = require "pyos"
local sp = require "pyos.subprocess"

local PIPE, STDOUT, DEVNULL = sp.PIPE, sp.STDOUT, sp.DEVNULL

-- Fields of /proc/PID/stat after the command name: state, ppid, pgrp, session.
local function procstat(pid)
  local f = io.open("/proc/" .. pid .. "/stat")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  local state, ppid, pgrp, sid = s:match("%) (%S) (%d+) (%d+) (%d+)")
  return state, tonumber(ppid), tonumber(pgrp), tonumber(sid)
end

local function fdsof(out)
  local fds = {}
  for fd in out:gmatch("%d+") do fds[#fds + 1] = tonumber(fd) end
  table.sort(fds)
  return table.concat(fds, " ")
end

describe("pyos.subprocess.run", function()
  it("captures stdout and stderr apart, with the return code", function()
    local cp = assert(sp.run({"sh", "-c", "printf out; printf err >&2; exit 3"},
                             {capture_output = true}))
    assert.equal(3, cp.returncode)
    assert.equal("out", cp.stdout)
    assert.equal("err", cp.stderr)
    assert.same({"sh", "-c", "printf out; printf err >&2; exit 3"}, cp.args)
  end)

  it("leaves streams alone unless asked, and reads PIPE, STDOUT, DEVNULL", function()
    local cp = assert(sp.run({"true"}))
    assert.equal(0, cp.returncode)
    assert.is_nil(cp.stdout)
    assert.is_nil(cp.stderr)
    cp = assert(sp.run({"sh", "-c", "echo a; echo b >&2"}, {stdout = PIPE, stderr = STDOUT}))
    assert.equal("a\nb\n", cp.stdout)
    assert.is_nil(cp.stderr)
    cp = assert(sp.run({"sh", "-c", "echo a; echo b >&2; cat"},
                       {stdin = DEVNULL, stdout = DEVNULL, stderr = PIPE}))
    assert.is_nil(cp.stdout)
    assert.equal("b\n", cp.stderr)
  end)

  it("sends input and writes to an fd or a Lua file", function()
    local cp = assert(sp.run({"tr", "a-z", "A-Z"}, {input = "hello", stdout = PIPE}))
    assert.equal("HELLO", cp.stdout)
    local dir = support.tmpdir()
    finally(support.cleanup)
    local f = assert(io.open(dir .. "/lua.txt", "w"))
    f:write("first ")                  -- buffered: flushed before the child
    assert(sp.run({"echo", "x"}, {stdout = f}))
    f:close()
    assert.equal("first x\n", support.readfile(dir .. "/lua.txt"))
    local fd = assert(pyos.open(dir .. "/fd.txt", pyos.O_WRONLY + pyos.O_CREAT, 420))
    assert(sp.run({"echo", "y"}, {stdout = fd, stderr = fd}))
    pyos.close(fd)
    assert.equal("y\n", support.readfile(dir .. "/fd.txt"))
    local r = assert(io.open(dir .. "/fd.txt"))
    assert.equal("y\n", assert(sp.run({"cat"}, {stdin = r, stdout = PIPE})).stdout)
    r:close()
  end)

  it("moves 10 MiB each way at once (stdin, stdout and stderr)", function()
    local big = string.rep("0123456789abcdef", 655360)
    local cp = assert(sp.run({"sh", "-c", "tee /dev/stderr"},
                             {input = big, capture_output = true}))
    assert.equal(0, cp.returncode)
    assert.equal(#big, #cp.stdout)
    assert.is_true(cp.stdout == big and cp.stderr == big)
  end)

  it("ignores EPIPE when the child does not read its input", function()
    local cp = assert(sp.run({"true"}, {input = string.rep("x", 4194304)}))
    assert.equal(0, cp.returncode)
  end)

  it("gives a negative signal number for a killed child", function()
    assert.equal(-9, assert(sp.run({"sh", "-c", "kill -9 $$"})).returncode)
    assert.equal(-15, assert(sp.run({"sh", "-c", "kill -TERM $$"})).returncode)
  end)

  it("raises CalledProcessError with check", function()
    local ok, e = pcall(sp.run, {"sh", "-c", "echo o; echo e >&2; exit 2"},
                        {check = true, capture_output = true})
    assert.is_false(ok)
    assert.equal("CalledProcessError", e.name)
    assert.equal(2, e.returncode)
    assert.equal("o\n", e.output)
    assert.equal("o\n", e.stdout)
    assert.equal("e\n", e.stderr)
    assert.equal("Command '['sh', '-c', 'echo o; echo e >&2; exit 2']' returned non-zero exit status 2.",
                 tostring(e))
    ok, e = pcall(sp.run, {"sh", "-c", "kill -9 $$"}, {check = true})
    assert.equal("Command '['sh', '-c', 'kill -9 $$']' died with <Signals.SIGKILL: 9>.", tostring(e))
    ok, e = pcall(sp.run, "exit 1", {shell = true, check = true})
    assert.equal("Command 'exit 1' returned non-zero exit status 1.", tostring(e))
    assert.equal("x: Command 'exit 1' returned non-zero exit status 1.", "x: " .. e)
    assert(sp.run({"true"}, {check = true}))
  end)

  it("times out: kills and reaps the child, keeps the output so far", function()
    -- Upper bound only, and generous: a loaded machine (or valgrind) may
    -- be slow to schedule us, but a time-out that does not work takes 30 s.
    -- 1 s: time enough for sh to write before the kill, even on a busy machine
    local r, msg, code, err = sp.run({"sh", "-c", "echo before; exec sleep 5"},
                                     {timeout = 1, stdout = PIPE})
    local mono = require("pyos._subprocess").monotonic
    assert.is_nil(r)
    assert.equal("Command '['sh', '-c', 'echo before; exec sleep 5']' timed out after 1 seconds", msg)
    assert.equal(pyos.errno.ETIMEDOUT, code)
    assert.equal("TimeoutExpired", err.name)
    assert.equal(1, err.timeout)
    assert.equal("before\n", err.output)
    assert.equal("before\n", err.stdout)
    assert.equal(msg, tostring(err))
    local start = mono()
    r = sp.run({"sleep", "30"}, {timeout = 0.2})
    assert.is_nil(r)
    assert.is_true(mono() - start < 10)       -- 10: valgrind is slow too
  end)

  it("fails at the start for a missing or unusable program, with Python's text", function()
    support.assert_oserror({errno = "ENOENT", name = "FileNotFoundError",
      str = "[Errno 2] No such file or directory: 'nope-no-such-program'"},
      sp.run({"nope-no-such-program"}))
    support.assert_oserror({errno = "ENOENT",
      str = "[Errno 2] No such file or directory: '/no/such/prog'"},
      sp.run({"/no/such/prog", "x"}))
    local dir = support.tmpdir()
    finally(support.cleanup)
    support.writefile(dir .. "/noexec", "#!/bin/sh\n")
    support.assert_oserror({errno = "EACCES", name = "PermissionError",
      str = "[Errno 13] Permission denied: '" .. dir .. "/noexec'"},
      sp.run({dir .. "/noexec"}))
    support.assert_oserror({errno = "ENOENT",
      str = "[Errno 2] No such file or directory: '/no/such/dir'"},
      sp.run({"true"}, {cwd = "/no/such/dir"}))
    support.assert_oserror({errno = "ENOTDIR",
      str = "[Errno 20] Not a directory: '" .. dir .. "/noexec'"},
      sp.run({"true"}, {cwd = dir .. "/noexec"}))
    -- with a shell, a missing program is the shell's exit status 127
    local cp = assert(sp.run("nope-no-such-program 2>/dev/null", {shell = true}))
    assert.equal(127, cp.returncode)
  end)

  it("runs in cwd, with env, umask, executable", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    assert.equal(dir .. "\n", assert(sp.run({"pwd"}, {cwd = dir, stdout = PIPE})).stdout)
    local cp = assert(sp.run({"env"}, {env = {A = "1", B = "x y"}, stdout = PIPE,
                                       executable = "/usr/bin/env"}))
    local lines = {}
    for l in cp.stdout:gmatch("[^\n]+") do lines[#lines + 1] = l end
    table.sort(lines)
    assert.same({"A=1", "B=x y"}, lines)
    local before = pyos.umask(18)
    pyos.umask(before)
    assert.equal("0077\n", assert(sp.run({"sh", "-c", "umask"}, {umask = 63, stdout = PIPE})).stdout)
    assert.equal(before, pyos.umask(before))          -- the parent's is unchanged
    assert(sp.run({"touch", dir .. "/f"}, {umask = 63}))
    assert.equal(384, pyos.stat(dir .. "/f").st_mode % 512)
    -- the program is searched in the PATH of env
    support.writefile(dir .. "/myprog", "#!/bin/sh\necho mine $0\n")
    pyos.chmod(dir .. "/myprog", 493)
    assert.equal("mine " .. dir .. "/myprog\n",
                 assert(sp.run({"myprog"}, {env = {PATH = dir}, stdout = PIPE})).stdout)
    -- executable runs in place of args[1], which stays argv[0]
    assert.equal("fake\n", assert(sp.run({"fake", "-c", "echo $0"},
                 {executable = "/bin/sh", stdout = PIPE})).stdout)
    assert.equal("hi\n", assert(sp.run("echo hi", {shell = true, stdout = PIPE})).stdout)
    assert.equal("a b\n", assert(sp.run({"echo $0 $1", "a", "b"}, {shell = true, stdout = PIPE})).stdout)
  end)

  it("closes inherited fds unless passed or close_fds is false", function()
    local r, w = assert(pyos.pipe())
    local r2, w2 = assert(pyos.pipe())
    finally(function() support.closeall(pyos, {r, w, r2, w2}) end)
    assert(pyos.set_inheritable(r, true))
    assert(pyos.set_inheritable(w, true))
    -- which of r, w, r2, w2 the child has ([ -e ] opens nothing)
    local function seen(opts)
      opts.stdout = PIPE
      local cmd = ""
      for _, fd in ipairs({r, w, r2, w2}) do
        cmd = cmd .. "[ -e /proc/self/fd/" .. fd .. " ] && printf '" .. fd .. " '; "
      end
      return assert(sp.run({"sh", "-c", cmd .. "true"}, opts)).stdout
    end
    -- ls's own fd 3 is its /proc/self/fd directory
    assert.equal("0 1 2 3", fdsof(assert(sp.run({"ls", "/proc/self/fd"},
                                                {stdout = PIPE})).stdout))
    assert.equal("", seen({}))
    assert.equal(w .. " ", seen({pass_fds = {w}}))
    assert.equal(r .. " " .. w .. " ", seen({close_fds = false}))
    -- pass_fds that were close-on-exec are inherited all the same
    assert.equal(r2 .. " " .. w2 .. " ", seen({pass_fds = {w2, r2}}))
  end)

  it("starts a new session or process group", function()
    local p = assert(sp.Popen({"cat"}, {stdin = PIPE, start_new_session = true}))
    local _, _, pgrp, sid = procstat(p.pid)
    assert.equal(p.pid, sid)
    assert.equal(p.pid, pgrp)
    p:close()
    p = assert(sp.Popen({"cat"}, {stdin = PIPE, process_group = 0}))
    _, _, pgrp, sid = procstat(p.pid)
    assert.equal(p.pid, pgrp)
    assert.are_not.equal(p.pid, sid)
    p:close()
  end)

  it("keeps the exit status of a child someone else reaped (Linux 6.15+)", function()
    -- what nginx's workers do on SIGCHLD: waitpid(-1) takes the status
    local p = assert(sp.Popen({"sh", "-c", "exit 7"}))
    local pid = assert(pyos.waitpid(-1, 0))
    assert.equal(p.pid, pid)
    local major, minor = pyos.uname().release:match("^(%d+)%.(%d+)")
    major, minor = tonumber(major), tonumber(minor)
    local new = major > 6 or (major == 6 and minor >= 15)
    assert.equal(new and 7 or 0, p:wait())
    p = assert(sp.Popen({"sh", "-c", "kill -9 $$"}))
    assert(pyos.waitpid(p.pid, 0))
    assert.equal(new and -9 or 0, p:wait())
  end)

  it("restores SIGPIPE and empties the signal mask in the child (LuaJIT ffi)", function()
    if not jit then return end
    local ffi = require "ffi"
    pcall(ffi.cdef, [[
      typedef struct { unsigned long v[16]; } pyos_sigset;
      int sigfillset(pyos_sigset *); int pthread_sigmask(int, const pyos_sigset *, pyos_sigset *);
      void *signal(int, void *);
    ]])
    local all, old = ffi.new("pyos_sigset"), ffi.new("pyos_sigset")
    ffi.C.sigfillset(all)
    local oldpipe = ffi.C.signal(13, ffi.cast("void *", 1))     -- SIG_IGN
    ffi.C.pthread_sigmask(2, all, old)                          -- SIG_SETMASK
    local cp = sp.run({"grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"}, {stdout = PIPE})
    ffi.C.pthread_sigmask(2, old, nil)
    ffi.C.signal(13, oldpipe)
    assert(cp)
    local blk = cp.stdout:match("SigBlk:%s*(%x+)")
    local ign = tonumber(cp.stdout:match("SigIgn:%s*(%x+)"):sub(-4), 16)
    assert.equal(0, tonumber(blk, 16))
    assert.equal(0, math.floor(ign / 4096) % 2)     -- bit 12: SIGPIPE
  end)

  it("raises on misuse, naming the function", function()
    support.assert_raises("bad argument #2 to 'pyos.subprocess.run' %(unknown option 'stdot'%)",
                          sp.run, {"true"}, {stdot = PIPE})
    support.assert_raises("bad argument #1 to 'pyos.subprocess.run' %(string or table expected, got number%)",
                          sp.run, 42)
    support.assert_raises("bad argument #1 to 'pyos.subprocess.run' %(args must not be empty%)",
                          sp.run, {})
    support.assert_raises("bad argument #1 to 'pyos.subprocess.Popen' %(args%[2%]: embedded null byte%)",
                          sp.Popen, {"echo", "a\0b"})
    support.assert_raises("%(stdin and input arguments may not both be used.%)",
                          sp.run, {"cat"}, {stdin = PIPE, input = "x"})
    support.assert_raises("%(stdout and stderr arguments may not be used with capture_output.%)",
                          sp.run, {"cat"}, {stdout = PIPE, capture_output = true})
    support.assert_raises("%(option 'stderr': file, integer, PIPE, DEVNULL, STDOUT expected, got string%)",
                          sp.run, {"true"}, {stderr = "x"})
    support.assert_raises("%(option 'stdout': bad file descriptor%)",
                          sp.run, {"true"}, {stdout = STDOUT})
    support.assert_raises("%(option 'timeout': number expected, got string%)",
                          sp.run, {"true"}, {timeout = "1"})
    support.assert_raises("%(option 'timeout': timeout must not be NaN%)",
                          sp.run, {"true"}, {timeout = 0 / 0})
    support.assert_raises("%(option 'env': illegal environment variable name%)",
                          sp.run, {"true"}, {env = {["A=B"] = "1"}})
    support.assert_raises("bad argument #3 to 'pyos.subprocess.run' %(too many arguments%)",
                          sp.run, {"true"}, {}, 1)
    support.assert_raises("%(stdout argument not allowed, it will be overridden.%)",
                          sp.check_output, {"true"}, {stdout = PIPE})
    local p = assert(sp.Popen({"true"}))
    support.assert_raises("bad argument #1 to 'pyos.subprocess.Popen:wait' %(number expected, got string%)",
                          p.wait, p, "x")
    support.assert_raises("calling 'pyos.subprocess.Popen:wait' on bad self",
                          p.wait, {})
    p:close()
  end)
end)

describe("pyos.subprocess.Popen", function()
  it("gives pipes as Lua files and waits for the child", function()
    local p = assert(sp.Popen({"tr", "a-z", "A-Z"}, {stdin = PIPE, stdout = PIPE}))
    assert.equal("file", io.type(p.stdin))
    assert.equal("file", io.type(p.stdout))
    assert.is_nil(p.stderr)
    assert.is_true(p.pid > 0)
    assert.is_nil(p.returncode)
    p.stdin:write("abc")
    p.stdin:close()
    assert.equal("ABC", p.stdout:read("*a"))
    p.stdout:close()
    assert.equal(0, p:wait())
    assert.equal(0, p.returncode)
    assert.equal(0, p:poll())
    assert.truthy(tostring(p):find("<Popen: returncode: 0 args: ['tr', 'a-z', 'A-Z']>", 1, true))
  end)

  it("polls, times out in wait, and is signalled", function()
    local p = assert(sp.Popen({"sleep", "30"}))
    assert.is_nil(p:poll())
    local r, msg, code, err = p:wait(0.05)
    assert.is_nil(r)
    assert.equal("Command '['sleep', '30']' timed out after 0.05 seconds", msg)
    assert.equal(pyos.errno.ETIMEDOUT, code)
    assert.equal("TimeoutExpired", err.name)
    assert.is_nil(err.output)
    assert.is_true(p:terminate())
    assert.equal(-15, p:wait())
    assert.is_true(p:kill())                   -- reaped: nothing to signal
    p = assert(sp.Popen({"sleep", "30"}))
    p:kill()
    assert.equal(-9, p:wait(10))
    p = assert(sp.Popen({"sleep", "30"}))
    p:send_signal(2)
    assert.equal(-2, p:wait())
  end)

  it("communicates, and goes on after a time-out with what was read", function()
    local p = assert(sp.Popen({"sh", "-c", "echo one; read x; echo $x; echo e >&2"},
                              {stdin = PIPE, stdout = PIPE, stderr = PIPE}))
    p.stdin:write("two\n")
    p.stdin:flush()
    local out, errout = assert(p:communicate())
    assert.equal("one\ntwo\n", out)
    assert.equal("e\n", errout)
    assert.equal(0, p.returncode)
    p = assert(sp.Popen({"sh", "-c", "echo part; exec sleep 30"}, {stdout = PIPE}))
    local r, msg, code, err = p:communicate(nil, 0.2)
    assert.is_nil(r)
    assert.equal("TimeoutExpired", err.name)
    assert.equal(pyos.errno.ETIMEDOUT, code)
    assert.truthy(msg:find("timed out after 0.2 seconds", 1, true))
    support.assert_raises("Cannot send input after starting communication", p.communicate, p, "x")
    p:kill()
    out, errout = p:communicate()
    assert.equal("part\n", out)
    assert.is_nil(errout)
    assert.equal(-9, p.returncode)
  end)

  it("returns nil for streams that were not piped", function()
    local p = assert(sp.Popen({"sh", "-c", "echo e >&2"}, {stderr = PIPE}))
    local out, errout, code, err = p:communicate()
    assert.is_nil(out)
    assert.equal("e\n", errout)
    assert.is_nil(code)
    assert.is_nil(err)
  end)

  it("closes pipes and waits on close(), once", function()
    local p = assert(sp.Popen({"cat"}, {stdin = PIPE, stdout = PIPE}))
    assert.equal(0, p:close())
    assert.equal("closed file", io.type(p.stdin))
    assert.equal("closed file", io.type(p.stdout))
    assert.equal(0, p:close())
  end)

  it("closes with <close> on Lua 5.4", function()
    if _VERSION ~= "Lua 5.4" then return end
    local pid = assert(load([[
      local sp = ...
      local p <close> = assert(sp.Popen({"cat"}, {stdin = sp.PIPE}))
      return p.pid
    ]]))(sp)
    assert.is_nil(procstat(pid))           -- reaped: no zombie left
  end)

  it("reaps a collected Popen's child, now or at the next start", function()
    local p = assert(sp.Popen({"true"}))
    local pid = p.pid
    -- until it has exited, left unreaped (WNOWAIT)
    assert(pyos.waitid(pyos.P_PID, pid, pyos.WEXITED + pyos.WNOWAIT))
    assert.equal("Z", procstat(pid))
    p = nil
    collectgarbage(); collectgarbage()
    assert.is_nil(procstat(pid))
    p = assert(sp.Popen({"cat"}, {stdin = PIPE}))   -- running when collected
    pid = p.pid
    p = nil
    collectgarbage(); collectgarbage()      -- stdin closed: cat ends soon
    for _ = 1, 500 do
      assert(sp.run({"true"}))               -- each start reaps what ended
      if procstat(pid) == nil then break end
    end
    assert.is_nil(procstat(pid))
  end)

  it("waits by polling waitpid where there is no pidfd", function()
    local priv = require "pyos._subprocess"
    priv.nopidfd(true)
    finally(function() priv.nopidfd(false) end)
    local p = assert(sp.Popen({"sleep", "30"}))
    assert.is_false(p._child:haspidfd())
    assert.is_nil(p:poll())
    local r, msg, code, err = p:wait(0.05)
    assert.is_nil(r)
    assert.equal("TimeoutExpired", err.name)
    p:kill()
    assert.equal(-9, p:wait(10))
    local cp = assert(sp.run({"sh", "-c", "echo x; exit 3"}, {stdout = PIPE, timeout = 10}))
    assert.equal(3, cp.returncode)
    assert.equal("x\n", cp.stdout)
    r, msg = sp.run({"sleep", "5"}, {timeout = 0.1})
    assert.equal("Command '['sleep', '5']' timed out after 0.1 seconds", msg)
    priv.nopidfd(false)
    p = assert(sp.Popen({"true"}))
    assert.is_true(p._child:haspidfd())
    p:close()
  end)

  it("starts and reaps 200 children without leaking", function()
    for i = 1, 200 do
      local cp = assert(sp.run({"sh", "-c", "exit " .. (i % 7)}, {stdout = PIPE}))
      assert.equal(i % 7, cp.returncode)
    end
  end)
end)

-- A host that takes its children's exit statuses (nginx's workers reap
-- every child on SIGCHLD; SIGCHLD ignored has the kernel do it): the
-- child is started through a reaper process, which nothing but pyos
-- waits for (testkit.reapall counts what the host's handler reaped).
describe("pyos.subprocess in a host that reaps children", function()
  local testkit = require "pyos_testkit"

  for _, mode in ipairs({"handler", "ignore", "forced"}) do
    local function host()
      if mode == "forced" then
        sp._reaper = true
      else
        testkit.reapall(mode)
      end
      finally(function()
        sp._reaper = nil
        testkit.reapall(nil)
      end)
      return testkit.reapall(mode ~= "forced" and mode or nil)
    end

    it(mode .. ": exit codes, signals, both streams and input, every time", function()
      local before = host()
      for i = 1, 40 do
        local cp = assert(sp.run({"sh", "-c", "cat; printf err >&2; exit " .. (i % 7)},
                                 {input = "in" .. i, capture_output = true}))
        assert.equal(i % 7, cp.returncode)
        assert.equal("in" .. i, cp.stdout)
        assert.equal("err", cp.stderr)
        local p = assert(sp.Popen({"sleep", "30"}))
        p:kill()
        assert.equal(-9, p:wait())
      end
      if mode == "handler" then assert.equal(before, testkit.reapall(mode)) end
    end)

    it(mode .. ": the child's parent is the reaper, not this process", function()
      host()
      local p = assert(sp.Popen({"sleep", "30"}))
      local _, ppid = procstat(p.pid)
      assert.is_number(ppid)
      assert.are_not.equal(pyos.getpid(), ppid)
      local _, reaperparent = procstat(ppid)
      assert.equal(pyos.getpid(), reaperparent)
      assert.is_false(p._child:haspidfd())
      p:terminate()
      assert.equal(-15, p:wait())
      assert.is_nil(procstat(ppid))          -- the reaper is gone too
    end)

    it(mode .. ": failures before exec, with Python's text", function()
      host()
      local r, msg, code, err = sp.run({"pyos-no-such-program"})
      assert.is_nil(r)
      assert.equal("[Errno 2] No such file or directory: 'pyos-no-such-program'", msg)
      assert.equal(2, code)
      assert.equal("FileNotFoundError", err.name)
      r, msg = sp.run({"true"}, {cwd = "/pyos/no/such/dir"})
      assert.is_nil(r)
      assert.equal("[Errno 2] No such file or directory: '/pyos/no/such/dir'", msg)
    end)

    it(mode .. ": poll, wait with a time-out, and run's time-out", function()
      host()
      local p = assert(sp.Popen({"sh", "-c", "sleep 0.3; exit 4"}))
      assert.is_nil(p:poll())
      local r, msg, code, err = p:wait(0.02)
      assert.is_nil(r)
      assert.equal("TimeoutExpired", err.name)
      assert.equal(4, p:wait(10))
      assert.equal(4, p:poll())
      r, msg, code, err = sp.run({"sleep", "5"}, {timeout = 0.2})
      assert.is_nil(r)
      assert.equal("TimeoutExpired", err.name)
    end)

    it(mode .. ": a Popen collected while its child runs leaves no process", function()
      host()
      local p = assert(sp.Popen({"sh", "-c", "exec sleep 0.2"}))
      local pid = p.pid
      local _, reaper = procstat(pid)
      p = nil
      collectgarbage(); collectgarbage()
      for _ = 1, 500 do
        assert(sp.run({"true"}))             -- each start reaps what ended
        if procstat(reaper) == nil then break end
      end
      assert.is_nil(procstat(pid))
      assert.is_nil(procstat(reaper))
    end)
  end
end)

describe("pyos.subprocess helpers", function()
  it("call, check_call, check_output", function()
    assert.equal(0, sp.call({"true"}))
    assert.equal(5, sp.call("exit 5", {shell = true}))
    local r, msg, code, err = sp.call({"sleep", "5"}, {timeout = 0.1})
    assert.is_nil(r)
    assert.equal("TimeoutExpired", err.name)
    assert.equal(pyos.errno.ETIMEDOUT, code)
    assert.equal("Command '['sleep', '5']' timed out after 0.1 seconds", msg)
    assert.equal(0, sp.check_call({"true"}))
    local ok, e = pcall(sp.check_call, {"false"})
    assert.is_false(ok)
    assert.equal("Command '['false']' returned non-zero exit status 1.", tostring(e))
    assert.is_nil(e.output)
    assert.equal("hi\n", sp.check_output({"echo", "hi"}))
    assert.equal("HI", sp.check_output({"tr", "a-z", "A-Z"}, {input = "hi"}))
    ok, e = pcall(sp.check_output, {"sh", "-c", "echo so far; exit 9"})
    assert.equal(9, e.returncode)
    assert.equal("so far\n", e.output)
    support.assert_oserror({name = "FileNotFoundError"}, sp.check_output({"nope-no-such"}))
    support.assert_oserror({name = "FileNotFoundError"}, sp.check_call({"nope-no-such"}))
  end)

  it("getoutput and getstatusoutput", function()
    local rc, out = sp.getstatusoutput("echo a; echo b >&2; exit 3")
    assert.equal(3, rc)
    assert.equal("a\nb", out)
    assert.equal("x", sp.getoutput("echo x"))
    rc, out = sp.getstatusoutput("kill -9 $$")
    assert.equal(-9, rc)
    assert.equal("", out)
  end)

  it("builds the exceptions as Python does", function()
    local e = sp.CalledProcessError(1, {"a", "b'c"}, "o", "e")
    assert.equal("CalledProcessError", e.name)
    assert.equal("Command '['a', \"b'c\"]' returned non-zero exit status 1.", tostring(e))
    assert.equal("o", e.stdout)
    e = sp.CalledProcessError(-99, "cmd")
    assert.equal("Command 'cmd' died with unknown signal 99.", tostring(e))
    e = sp.TimeoutExpired({"x"}, 1.5)
    assert.equal("Command '['x']' timed out after 1.5 seconds", tostring(e))
    assert.equal("Command '['x']' timed out after 5 seconds",
                 tostring(sp.TimeoutExpired({"x"}, 5)))
    local cp = sp.CompletedProcess({"x"}, 0, "o")
    assert.equal("CompletedProcess(args=['x'], returncode=0, stdout='o')", tostring(cp))
    assert.is_true(cp:check_returncode())
    local ok, err = pcall(sp.CompletedProcess({"x"}, 2).check_returncode, sp.CompletedProcess({"x"}, 2))
    assert.is_false(ok)
    assert.equal("Command '['x']' returned non-zero exit status 2.", tostring(err))
  end)

  -- Without fds 0-2 (a daemon that closed them), pipe() hands out 0, 1,
  -- 2 for the child's own pipes: each must still reach the right stream
  -- of the child (sources among 0-2 are moved up before the dup2s). In a
  -- forked child, which reports by its exit code.
  it("works with the parent's fds 0, 1 and 2 closed (pipes land there)", function()
    local file = support.tmpdir() .. "/out"
    local code = support.inchild(pyos, function()
      local out = assert(pyos.open(file, pyos.O_RDWR + pyos.O_CREAT, 384))
      for fd = 0, 2 do pyos.close(fd) end
      local r, w = assert(pyos.pipe())        -- proof: the lowest fds are free
      if r ~= 0 or w ~= 1 then return 10 end
      pyos.close(r); pyos.close(w)
      local cp = sp.run({"sh", "-c", "cat; printf err >&2; exit 5"},
                        {input = "in-to-out", capture_output = true})
      if not cp then return 11 end
      if cp.returncode ~= 5 then return 12 end
      if cp.stdout ~= "in-to-out" then return 13 end
      if cp.stderr ~= "err" then return 14 end
      cp = sp.run({"sh", "-c", "printf a; printf b >&2"}, {stdout = PIPE, stderr = STDOUT})
      if not (cp and cp.stdout == "ab" and cp.stderr == nil) then return 15 end
      local big = string.rep("x", 1048576)
      cp = sp.run({"cat"}, {input = big, stdout = PIPE})
      if not (cp and cp.stdout == big) then return 16 end
      -- stderr's pipe is (0, 1): its write end, the source of the child's
      -- 2, sits where the child's stdout goes first.
      cp = sp.run({"sh", "-c", "printf out; printf err >&2"}, {stdout = out, stderr = PIPE})
      if not (cp and cp.stderr == "err") then return 20 end
      if pyos.pread(out, 100, 0) ~= "out" then return 21 end
      pyos.close(out)
      local _, _, errno, err = sp.run({"pyos-no-such-program"}, {stdout = PIPE})
      if errno ~= 2 or err.name ~= "FileNotFoundError" then return 17 end
      local fds = sp.run({"ls", "/proc/self/fd"}, {input = "", stdout = PIPE,
                                                  stderr = DEVNULL})
      -- ls's own 3 is its directory; nothing else leaked into the child.
      if not (fds and fds.stdout == "0\n1\n2\n3\n") then return 18 end
      for fd = 0, 2 do                        -- the parent's pipes all closed again
        if pyos.fstat(fd) then return 19 end
      end
      return true
    end)
    assert.equal(0, code)
  end)

  -- Misuse of every public function raises at the caller's line, naming
  -- it (spec/badargs_spec.lua covers only the flat namespace).
  it("raises at the caller's line with the public name, for every function", function()
    local here = "subprocess_spec%.lua:"
    -- f makes one call, written on one line: the error must point there.
    local function raises(name, n, text, f)
      local line = debug.getinfo(f, "S").linedefined
      local msg = support.assert_raises("bad argument #" .. n .. " to '" .. name
                                        .. "' %(" .. text .. "%)", f)
      assert(msg:find(here .. line .. ":"), "not at the caller's line " .. line .. ": " .. msg)
    end
    raises("pyos.subprocess.call", 1, "args must not be empty", function() sp.call({}) end)
    raises("pyos.subprocess.call", 2, "unknown option 'input'",
           function() sp.call({"true"}, {input = "x"}) end)
    raises("pyos.subprocess.check_call", 2, "unknown option 'check'",
           function() sp.check_call({"true"}, {check = true}) end)
    raises("pyos.subprocess.check_output", 1, "string or table expected, got boolean",
           function() sp.check_output(true) end)
    raises("pyos.subprocess.getoutput", 1, "string or table expected, got nil",
           function() sp.getoutput() end)
    raises("pyos.subprocess.getstatusoutput", 2, "too many arguments",
           function() sp.getstatusoutput("true", 1) end)
    raises("pyos.subprocess.Popen", 2, "option 'umask': integer out of range",
           function() sp.Popen({"true"}, {umask = 1.5}) end)
    raises("pyos.subprocess.Popen", 2, "option 'pass_fds': file descriptors expected",
           function() sp.Popen({"true"}, {pass_fds = {-1}}) end)
    raises("pyos.subprocess.run", 2, "option 'cwd': embedded null byte",
           function() sp.run({"true"}, {cwd = "a\0b"}) end)
    local p = assert(sp.Popen({"cat"}, {stdin = PIPE, stdout = PIPE}))
    raises("pyos.subprocess.Popen:communicate", 1, "string expected, got number",
           function() p:communicate(42) end)
    raises("pyos.subprocess.Popen:communicate", 2, "number expected, got string",
           function() p:communicate(nil, "x") end)
    raises("pyos.subprocess.Popen:send_signal", 1, "integer expected, got nil",
           function() p:send_signal() end)
    raises("pyos.subprocess.Popen:send_signal", 1, "value out of range %[0, 64%]",
           function() p:send_signal(65) end)
    assert.same({"x"}, {p:communicate("x")})
    raises("pyos.subprocess.Popen:communicate", 1,
           "Cannot send input after starting communication", function() p:communicate("y") end)
    p:close()
    support.assert_raises("calling 'pyos.subprocess.Popen:poll' on bad self", p.poll, {})
  end)

  it("is reachable as pyos.subprocess", function()
    assert.equal(sp, pyos.subprocess)
    assert.equal(-1, sp.PIPE)
    assert.equal(-2, sp.STDOUT)
    assert.equal(-3, sp.DEVNULL)
  end)
end)
