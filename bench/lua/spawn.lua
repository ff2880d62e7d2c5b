-- spawn.lua IMPL N: start /bin/true N times and wait for it.
local B = require "benchlib"
local impl, n = arg[1], tonumber(arg[2] or 2000)
local TRUE = "/bin/true"

local impls = {}

-- pyos.posix_spawn with env nil (the current environment, Python 3.13+),
-- or a snapshot of pyos.environ when nil is refused.
function impls.pyos_spawn()
  local pyos = B.pyos("posix_spawn", "waitpid")
  local spawn, waitpid, argv = pyos.posix_spawn, pyos.waitpid, {TRUE}
  local env
  local ok, pid = pcall(spawn, TRUE, argv)
  if ok and pid then
    waitpid(pid, 0)
  else
    env = pyos.environ()
  end
  return function(count)
    for _ = 1, count do
      local p = assert(spawn(TRUE, argv, env))
      local _, status = assert(waitpid(p, 0))
      assert(status == 0, "/bin/true failed")
    end
  end
end

-- pyos.subprocess.run: Popen, the pidfd wait, the CompletedProcess.
-- subprocess_reaper: the same through the reaper process that a host
-- reaping its own children (nginx) gets.
local function subprocess(reaper)
  B.need("pyos")
  local sp = require("pyos.subprocess")
  sp._reaper = reaper
  local run, argv = sp.run, {TRUE}
  return function(count)
    for _ = 1, count do
      local cp = assert(run(argv))
      assert(cp.returncode == 0, "/bin/true failed")
    end
  end
end

function impls.subprocess_run() return subprocess(nil) end
function impls.subprocess_reaper() return subprocess(true) end

function impls.pyos_fork()
  local pyos = B.pyos("fork", "execv", "waitpid")
  local fork, execv, waitpid, argv = pyos.fork, pyos.execv, pyos.waitpid, {TRUE}
  local exit = pyos._exit or os.exit
  return function(count)
    for _ = 1, count do
      local p = assert(fork())
      if p == 0 then
        execv(TRUE, argv)
        exit(127)
      end
      local _, status = assert(waitpid(p, 0))
      assert(status == 0, "/bin/true failed")
    end
  end
end

function impls.posix()
  local unistd, wait = B.need("posix.unistd"), B.need("posix.sys.wait")
  local fork, exec, waitpid, exit = unistd.fork, unistd.exec, wait.wait, unistd._exit
  return function(count)
    for _ = 1, count do
      local p = assert(fork())
      if p == 0 then
        exec(TRUE, {})
        exit(127)
      end
      local _, how, status = waitpid(p)
      assert(how == "exited" and status == 0, "/bin/true failed")
    end
  end
end

function impls.luv()
  local uv = B.need("luv")
  local code
  local function onexit(status) code = status end
  return function(count)
    for _ = 1, count do
      local handle = assert(uv.spawn(TRUE, {args = {}}, onexit))
      uv.run("default")
      handle:close()
      uv.run("default")
      assert(code == 0, "/bin/true failed")
    end
  end
end

function impls.execute()
  return function(count)
    for _ = 1, count do
      local ok = os.execute(TRUE)
      assert(ok == true or ok == 0, "/bin/true failed")
    end
  end
end

local f = assert(impls[impl], "unknown impl " .. tostring(impl))()
B.time(f, n)
