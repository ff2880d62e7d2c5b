-- The workload of spec/threadhost.c: returns function(tid, count, base).
-- Each thread works in base/t<tid> and checks every result; the process
-- environment is shared: each thread has its own variable and all write
-- one shared variable.
local pyos = require "pyos"

local function check(cond, what, ...)
  if not cond then error(what .. ": " .. table.concat({tostring(select(1, ...))}, " "), 2) end
end

local function ok(v, msg, ...)
  if v == nil then error(tostring(msg), 2) end
  return v, msg, ...
end

local function writefile(p, data)
  local fd = ok(pyos.open(p, pyos.O_WRONLY + pyos.O_CREAT + pyos.O_TRUNC, 420))
  check(ok(pyos.write(fd, data)) == #data, "short write", p)
  ok(pyos.close(fd))
end

local function readfile(p)
  local fd = ok(pyos.open(p, pyos.O_RDONLY))
  local parts = {}
  while true do
    local s = ok(pyos.read(fd, 4096))
    if s == "" then break end
    parts[#parts + 1] = s
  end
  ok(pyos.close(fd))
  return table.concat(parts)
end

-- A small tree: dir/a/{1,2}, dir/b/{3}, dir/f.
local function maketree(dir)
  ok(pyos.makedirs(dir .. "/a"))
  ok(pyos.mkdir(dir .. "/b"))
  for _, p in ipairs({"a/1", "a/2", "b/3", "f"}) do writefile(dir .. "/" .. p, p) end
end

local function files(top)
  local n = 0
  for _, _, fs in pyos.walk(top) do n = n + #fs end
  return n
end

local function spawnexit(code, env)
  local pid = ok(pyos.posix_spawn("/bin/sh", {"sh", "-c", "exit " .. code}, env,
                                  {file_actions = {{pyos.POSIX_SPAWN_CLOSEFROM, 3}}}))
  local r, status = ok(pyos.waitpid(pid, 0))
  check(r == pid, "waitpid pid", r, pid)
  check(pyos.WIFEXITED(status) and pyos.WEXITSTATUS(status) == code, "exit status", status)
end

-- The child prints its environment variable NAME: it got the whole,
-- current environment of the process.
local function spawnecho(name, want)
  local r, w = ok(pyos.pipe())
  local pid = ok(pyos.posix_spawn("/bin/sh", {"sh", "-c", 'printf %s "$' .. name .. '"'},
                                  nil, {file_actions = {{pyos.POSIX_SPAWN_DUP2, w, 1},
                                                        {pyos.POSIX_SPAWN_CLOSEFROM, 3}}}))
  ok(pyos.close(w))
  local out = {}
  while true do
    local s = ok(pyos.read(r, 256))
    if s == "" then break end
    out[#out + 1] = s
  end
  ok(pyos.close(r))
  local _, status = ok(pyos.waitpid(pid, 0))
  check(status == 0, "echo status", status)
  out = table.concat(out)
  check(out == want, "child saw " .. name, out, want)
end

local function round(tid, i, dir)
  local mine = "PYOS_THREAD_" .. tid
  -- files: write, stat, read back
  local f = dir .. "/file" .. (i % 3)
  local data = ("%d:%d:"):format(tid, i):rep(50)
  writefile(f, data)
  check(ok(pyos.stat(f)).st_size == #data, "stat size", f)
  check(readfile(f) == data, "read back", f)
  -- directories
  local names = 0
  for e in ok(pyos.scandir(dir .. "/a")) do
    check(e:is_file(), "is_file", e.path)
    names = names + 1
  end
  check(names == 2, "scandir count", names)
  check(#ok(pyos.listdir(dir .. "/b")) == 1, "listdir")
  check(files(dir .. "/a") == 2 and files(dir) >= 4, "walk count")
  -- a failure, with its message
  local st, msg, code = pyos.stat(dir .. "/none" .. i)
  check(st == nil and code == pyos.errno.ENOENT and msg:find("No such file", 1, true),
        "failure", msg)
  -- pipes and a buffer
  local r, w = ok(pyos.pipe())
  ok(pyos.write(w, data:sub(1, 64)))
  local b = pyos.buffer(64)
  check(ok(pyos.readinto(r, b)) == 64 and b:sub() == data:sub(1, 64), "readinto")
  ok(pyos.close(r)); ok(pyos.close(w))
  -- the environment: mine, and one that every thread writes
  ok(pyos.putenv(mine, "v" .. i))
  check(pyos.getenv(mine) == "v" .. i, "getenv mine", pyos.getenv(mine))
  ok(pyos.putenv("PYOS_THREAD_SHARED", "t" .. tid .. "-" .. i))
  local shared = pyos.getenv("PYOS_THREAD_SHARED")
  check(shared and shared:match("^t%d+%-%d+$"), "getenv shared", shared)
  local env = pyos.environ()
  check(env[mine] == "v" .. i, "environ() mine", env[mine])
  check(pyos.environ[mine] == "v" .. i, "environ proxy", pyos.environ[mine])
  -- random bytes
  check(#ok(pyos.getrandom(16)) == 16, "getrandom")
  -- children: an exit status, and one that reads the environment
  if i % 4 == 0 then
    spawnexit(tid % 7)
    spawnecho(mine, "v" .. i)
    spawnexit(3, {A = "1"})
  end
  if i % 8 == 0 then ok(pyos.unsetenv(mine)) end
  check(i % 8 ~= 0 or pyos.getenv(mine) == nil, "unsetenv")
end

return function(tid, count, base)
  local dir = base .. "/t" .. tid
  maketree(dir)
  for i = 1, count do round(tid, i, dir) end
  pyos.unsetenv("PYOS_THREAD_" .. tid)
  collectgarbage()
end
