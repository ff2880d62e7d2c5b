-- Test helpers for embed/nginx_test.conf.in (scripts/test-embed.sh installs
-- this as PREFIX/lua/pyos_embed.lua). The functions named "thread_*" run
-- in a Lua VM of nginx's thread pool, through ngx.run_worker_thread.
local pyos = require "pyos"
local helpers = require "pyos_nginx"

local M = {}

-- "missing pyos.NAME" for the first name pyos lacks, else nil.
function M.missing(...)
  for i = 1, select("#", ...) do
    local name = select(i, ...)
    if pyos[name] == nil then return "missing pyos." .. name end
  end
  return nil
end

-- Run argv[1] (a full path) with stdout into a pipe and only the extra
-- file_actions and options given (none of the recipe's care), and return
-- what it printed: the counter-examples of pyos_nginx.run.
function M.capture(argv, opts)
  opts = opts or {}
  local r, w = assert(pyos.pipe())
  local actions = {{pyos.POSIX_SPAWN_DUP2, w, 1}}
  for _, a in ipairs(opts.file_actions or {}) do actions[#actions + 1] = a end
  opts.file_actions = actions
  local pid, msg = pyos.posix_spawn(argv[1], argv, nil, opts)
  pyos.close(w)
  if not pid then pyos.close(r); error(msg) end
  local parts = {}
  repeat
    local s = assert(pyos.read(r, 65536))
    parts[#parts + 1] = s
  until s == ""
  pyos.close(r)
  return table.concat(parts)
end

-- The fds that `ls -l /proc/self/fd/` lists, but the one ls reads the
-- directory with: "0 1 2", or with the targets of those >= 3 after a "|".
function M.fds(listing)
  local low, high = {}, {}
  for fd, target in listing:gmatch("(%d+) %-> ([^\n]*)") do
    if not target:match("^/proc/%d+/fd$") then
      if tonumber(fd) < 3 then low[#low + 1] = fd
      else high[#high + 1] = fd .. ":" .. target end
    end
  end
  local s = table.concat(low, " ")
  if #high > 0 then s = s .. " | " .. table.concat(high, " ") end
  return s
end

-- Start a child that waits (cat, reading a pipe), open a directory of
-- /proc/PID, let the child end (close the pipe) and be reaped (waitpid,
-- or nginx's SIGCHLD handler first: ChildProcessError), and return the
-- opened object: reading it now fails with ENOENT, in the middle of the
-- loop. The child exits with status 0: nginx logs "[alert] unknown
-- process ... exited on signal" for a child killed by a signal.
local function gone(open, sub)
  local r, w = assert(pyos.pipe())
  local pid, msg = pyos.posix_spawn("/bin/cat", {"cat"}, nil,
    {file_actions = {{pyos.POSIX_SPAWN_DUP2, r, 0},
                     {pyos.POSIX_SPAWN_OPEN, 1, "/dev/null", pyos.O_WRONLY, 0},
                     {pyos.POSIX_SPAWN_CLOSEFROM, 3}}})
  pyos.close(r)
  if not pid then pyos.close(w); error(msg) end
  local obj, omsg = open("/proc/" .. pid .. sub)
  pyos.close(w)
  pyos.waitpid(pid, 0)
  if not obj then error(omsg) end
  assert(not pyos.stat("/proc/" .. pid), "the child is still there")
  return obj, pid
end

-- A read error in the middle of a scandir loop: a raise from C.
function M.midloop_scandir()
  local it, pid = gone(pyos.scandir, "/fd")
  for _ in it do end
  return pid
end

-- The same for fwalk: a raise from pyos's Lua layer.
function M.midloop_fwalk()
  local walk = gone(pyos.fwalk, "")
  for _ in walk do end
end

-- Both, caught: what pcall gives.
function M.midloop_caught()
  local out = {}
  for _, f in ipairs({M.midloop_scandir, M.midloop_fwalk}) do
    local ok, e = pcall(f)
    local err = pyos.OSError.of(e)
    out[#out + 1] = ("%s %s %s %s %s"):format(tostring(ok), type(e),
      err and err.name, err and err.errno,
      err and tostring(err) == e and "same-text" or "other-text")
  end
  return table.concat(out, "; ")
end

-- In a thread's VM: is this nginx for pyos (raise_text), and a mid-loop
-- raise caught there.
function M.thread_probe()
  return type(ngx) == "table" and type(ngx.config) or "no ngx",
         pyos.OSError.raise_text, M.midloop_caught()
end

-- In a thread's VM: the mid-loop raise, not caught.
function M.thread_midloop()
  M.midloop_scandir()
  return "no error"
end

-- In a thread's VM: n runs of the recipe, exit statuses 0..n-1 (mod 256).
function M.thread_runmany(n)
  local right = 0
  for i = 0, n - 1 do
    local out, status = helpers.run({"sh", "-c", "echo " .. i .. "; exit " .. i % 256})
    if out == i .. "\n" and status == i % 256 then right = right + 1 end
  end
  return right
end

-- In a thread's VM: the fds of the recipe's child, and the signal state
-- of a program started directly with the recipe's spawnopts and without
-- them (through sh, Debian's dash would clear the mask itself).
function M.thread_child()
  local fds = M.fds(assert(helpers.run({"ls", "-l", "/proc/self/fd/"})))
  local argv = {"/bin/grep", "^Sig[BI]", "/proc/self/status"}
  local recipe = M.capture(argv, helpers.spawnopts({}))
  local plain = M.capture(argv, {file_actions = {{pyos.POSIX_SPAWN_CLOSEFROM, 3}}})
  return fds, M.signals(recipe), M.signals(plain)
end

-- In a thread's VM, for /load: walk PREFIX/tree and stat every file in
-- it, stat PREFIX/sizes/sI, and run a child through the recipe
-- (it sleeps 0.2 s, prints "req-I", exits with I + 3). Returns
-- "i=I dirs=D files=F bytes=B size=S out=OUT status=STATUS" (OUT with
-- "<LF>" for its newlines) and a line "running=R": the most threads of the
-- pool in this function at once, seen from this one (shared dict
-- pyos_load, key "running").
function M.thread_load(prefix, i)
  local load = ngx.shared.pyos_load
  local running = load:incr("running", 1, 0)
  local ok, report = pcall(function()
    local dirs, files, bytes = 0, 0, 0
    for top, _, names in pyos.walk(prefix .. "tree") do
      dirs = dirs + 1
      for _, name in ipairs(names) do
        local st = assert(pyos.stat(top .. "/" .. name))
        files = files + 1
        bytes = bytes + st.st_size
      end
    end
    local st = assert(pyos.stat(prefix .. "sizes/s" .. i))
    local out, status = helpers.run({"timeout", "10", "sh", "-c",
      'sleep 0.2; echo "req-$1"; exit "$2"', "sh", tostring(i), tostring(i + 3)})
    if not out then error(status, 0) end
    running = math.max(running, load:get("running"))
    return ("i=%d dirs=%d files=%d bytes=%d size=%d out=%s status=%s")
      :format(i, dirs, files, bytes, st.st_size, (out:gsub("\n", "<LF>")), tostring(status))
  end)
  load:incr("running", -1)
  if not ok then error(report, 0) end
  return report .. "\nrunning=" .. running
end

-- "blocked=MASK pipe=default|ignored" from /proc/PID/status lines.
function M.signals(status)
  local blk = status:match("SigBlk:%s*(%x+)")
  local ign = status:match("SigIgn:%s*(%x+)")
  if not (blk and ign) then return "no status: " .. status end
  -- SIGPIPE is signal 13: bit 12 of the mask, in its 4th hex digit from the right.
  local digit = tonumber(ign:sub(-4, -4), 16)
  return "blocked=" .. blk .. " pipe=" .. (digit % 2 == 1 and "ignored" or "default")
end

-- pyos.subprocess, n runs of a mix (on the event loop or in a thread's
-- VM): exit codes, a child killed by SIGKILL (-9), both streams
-- captured, input through stdin, a missing program, check = true, call,
-- and every 16th a time-out. Returns how many came out right, the first
-- wrong one's description (or ""), and how many children died of a
-- signal (nginx may log an [alert] for each of those it reaped first).
function M.subprocess_runs(n)
  local sub = require "pyos.subprocess"
  local right, bad, killed = 0, "", 0
  local big = ("0123456789abcdef"):rep(8192)      -- 128 KiB: more than a pipe holds
  for i = 0, n - 1 do
    local ok, why
    local kind = i % 16 == 15 and "timeout" or i % 7
    if kind == 0 then
      local cp = sub.run({"sh", "-c", "exit " .. i % 256})
      ok = cp and cp.returncode == i % 256 and cp.stdout == nil
    elseif kind == 1 then
      local p = assert(sub.Popen({"sh", "-c", "kill -9 $$"}))
      local rc = p:wait()
      p:close()
      killed = killed + 1
      ok, why = rc == -9, "returncode " .. tostring(rc)
    elseif kind == 2 then
      local cp = sub.run({"sh", "-c", 'echo "out-$1"; echo "err-$1" >&2; exit 3', "sh", tostring(i)},
                         {capture_output = true})
      ok = cp and cp.returncode == 3 and cp.stdout == "out-" .. i .. "\n"
           and cp.stderr == "err-" .. i .. "\n"
    elseif kind == 3 then
      local cp = sub.run({"cat"}, {input = big .. i, stdout = sub.PIPE})
      ok = cp and cp.returncode == 0 and cp.stdout == big .. i
    elseif kind == 4 then
      local cp, msg, errno, err = sub.run({"pyos-no-such-program", "x"})
      ok = cp == nil and errno == 2 and err.name == "FileNotFoundError"
           and msg == "[Errno 2] No such file or directory: 'pyos-no-such-program'"
      why = tostring(msg)
    elseif kind == 5 then
      local pok, e = pcall(sub.run, {"sh", "-c", "exit 4"}, {check = true})
      -- nginx shows a raised table as "unknown reason": raise_text raises the text.
      ok = not pok and e == "Command '['sh', '-c', 'exit 4']' returned non-zero exit status 4."
      why = tostring(e)
    elseif kind == 6 then
      local rc = sub.call({"sh", "-c", "exit 7"})
      ok, why = rc == 7, "call: " .. tostring(rc)
    else
      local cp, msg, errno, err = sub.run({"sleep", "5"}, {timeout = 0.05})
      killed = killed + 1
      ok = cp == nil and errno == 110 and err.name == "TimeoutExpired"
           and msg == "Command '['sleep', '5']' timed out after 0.05 seconds"
      why = tostring(msg)
    end
    if ok then right = right + 1
    elseif bad == "" then bad = ("run %d (%s): %s"):format(i, tostring(kind), tostring(why)) end
  end
  return right, bad, killed
end

-- The fds of a child pyos.subprocess starts (close_fds): "0 1 2".
function M.subprocess_fds()
  local sub = require "pyos.subprocess"
  local cp = assert(sub.run({"ls", "-l", "/proc/self/fd/"}, {stdout = sub.PIPE}))
  return M.fds(cp.stdout)
end

return M
