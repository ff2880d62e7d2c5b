-- parallel: run shell commands with at most N at a time (posix_spawnp +
-- waitpid), report each one's exit code, exit with the number that failed.
-- Usage: lua parallel.lua [-j N] COMMAND...      (or one command per line
--        on stdin when no COMMAND is given)
local pyos = require "pyos"
local Progress = require "progress"

local function spawn(cmd)
  -- only stdin, stdout and stderr pass to the command: fds a host left
  -- inheritable (nginx's sockets, ...) stay here
  local pid, msg = pyos.posix_spawnp("sh", {"sh", "-c", cmd}, nil,
    {file_actions = pyos.POSIX_SPAWN_CLOSEFROM and {{pyos.POSIX_SPAWN_CLOSEFROM, 3}}})
  if not pid then
    io.stderr:write("parallel: ", msg, "\n")
  end
  return pid
end

local function main(argv)
  local jobs, cmds = 2, {}
  local i = 1
  while i <= #argv do
    if argv[i] == "-j" then
      i = i + 1
      jobs = tonumber(argv[i]) or error("parallel: -j needs a number")
    else
      cmds[#cmds + 1] = argv[i]
    end
    i = i + 1
  end
  if #cmds == 0 then
    for line in io.lines() do
      if line ~= "" then cmds[#cmds + 1] = line end
    end
  end
  local running, byid, nextcmd, failed, finished = 0, {}, 1, 0, 0
  local progress = Progress.new("parallel")
  while nextcmd <= #cmds or running > 0 do
    while running < jobs and nextcmd <= #cmds do
      local pid = spawn(cmds[nextcmd])
      if pid then
        byid[pid] = nextcmd
        running = running + 1
      else
        failed = failed + 1
      end
      nextcmd = nextcmd + 1
    end
    if running > 0 then
      local pid, status = assert(pyos.waitpid(-1, 0))
      local n = byid[pid]
      byid[pid] = nil
      running = running - 1
      finished = finished + 1
      local code = pyos.waitstatus_to_exitcode(status)
      if code ~= 0 then failed = failed + 1 end
      progress:done()
      io.write(string.format("[%d] exit %d: %s\n", n, code, cmds[n]))
      progress:update(finished .. "/" .. #cmds)
    end
  end
  progress:done()
  os.exit(failed)
end

main(arg)
