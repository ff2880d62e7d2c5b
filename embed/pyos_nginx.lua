-- pyos_nginx: the helpers embed/nginx.conf calls. Install it as
-- PREFIX/lua/pyos_nginx.lua, next to PREFIX/lua/pyos/.
local pyos = require "pyos"

local M = {}

-- A file name taken from a request, or nil when it is not one: a string
-- (a repeated query argument arrives as a table), not "", "." or "..",
-- with no "/" (no way out of the directory) and no NUL byte (a path with
-- a NUL makes pyos raise, as Python raises ValueError).
function M.checkname(name)
  if type(name) ~= "string" or name == "" or name == "." or name == ".."
     or name:find("/", 1, true) or name:find("\0", 1, true) then
    return nil
  end
  return name
end

-- stat for ngx.run_worker_thread, whose Lua VM sends back only nil,
-- booleans, numbers, strings and plain tables: the stat_result goes back
-- as a table of its fields, a failure as its message and errno
-- (pyos.OSError.of(msg) makes the OSError object again on the other side).
function M.stat(path)
  local st, msg, errno = pyos.stat(path)
  if not st then return nil, msg, errno end
  return st:totable()
end

-- The posix_spawn options for any child of a worker: the given
-- file_actions (which set up fds 0, 1, 2), then one that closes every
-- other fd: nginx's listening sockets, client connections, epoll and
-- eventfd are not close-on-exec, and a child (or what it leaves running)
-- would keep them, and the port, after nginx stops. A thread of the pool
-- blocks every signal, and nginx ignores SIGPIPE and SIGSYS: the child
-- gets an empty signal mask and the default actions.
function M.spawnopts(file_actions)
  local actions = {}
  for i, action in ipairs(file_actions) do actions[i] = action end
  actions[#actions + 1] = {pyos.POSIX_SPAWN_CLOSEFROM, 3}
  return {
    file_actions = actions,
    setsigmask = {},
    setsigdef = {pyos.SIGPIPE, pyos.SIGSYS},
  }
end

-- sh runs the command ("$@"), then prints its exit status on a line of
-- its own: nginx reaps its workers' children as soon as they exit, so
-- waitpid cannot get the status.
local WRAPPER = [["$@"; printf "\n%d\n" "$?"]]

-- run(argv): run argv[1] (searched in PATH) with the arguments argv[2..];
-- stdin is /dev/null, stdout is captured, stderr goes to nginx's error
-- log (the worker's fd 2). Returns the output and the exit status (0-255:
-- 127 when the program was not found, 128+N when signal N killed it), or
-- nil, msg, errno. It waits for the command to end, reading its output,
-- so call it through ngx.run_worker_thread unless the command ends at
-- once, and give it a time limit ({"timeout", "10", ...}). A command that
-- leaves a process in the background must send that one's output
-- elsewhere (`cmd >/dev/null 2>&1 &`), or run waits for it too.
function M.run(argv)
  local r, w, errno = pyos.pipe()
  if not r then return nil, w, errno end        -- w is the message
  local args = {"sh", "-c", WRAPPER, "sh"}
  for i = 1, #argv do args[#args + 1] = argv[i] end
  local pid, msg
  pid, msg, errno = pyos.posix_spawn("/bin/sh", args, nil, M.spawnopts({
    {pyos.POSIX_SPAWN_OPEN, 0, "/dev/null", pyos.O_RDONLY, 0},
    {pyos.POSIX_SPAWN_DUP2, w, 1},
  }))
  pyos.close(w)
  if not pid then
    pyos.close(r)
    return nil, msg, errno
  end
  local parts = {}
  while true do
    local data
    data, msg, errno = pyos.read(r, 65536)
    if not data then
      pyos.close(r)
      return nil, msg, errno
    end
    if data == "" then break end              -- end of file: sh has ended
    parts[#parts + 1] = data
  end
  pyos.close(r)
  local out, status = table.concat(parts):match("^(.*)\n(%d+)\n$")
  if not out then return nil, "the shell ended without an exit status" end
  return out, tonumber(status)
end

return M
