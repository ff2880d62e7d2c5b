-- The Lua layer of pyos.proc: fspath, fsencode, fsdecode, get_exec_path,
-- reload_environ, the l variants of exec* and spawn*, and popen.
-- Called once by pyos/init.lua with the area's table and the namespace;
-- returns the names that belong in the supports_* sets.

local error, getmetatable, select, setmetatable, type, pairs, ipairs, tostring =
      error, getmetatable, select, setmetatable, type, pairs, ipairs, tostring
local format = string.format
local unpack = table.unpack or unpack
local pack = table.pack or function(...) return {n = select("#", ...), ...} end

local DEFPATH = "/bin:/usr/bin"     -- Python's os.defpath

-- Arguments are checked by the C layer (pyos._aux), as a C function's.
local aux = require "pyos._aux"
local argerror, typeerror, checkpath = aux.argerror, aux.typeerror, aux.checkpath
local checkint = aux.checkint
local fspathargs = aux.args({"path:fspath"})
local envargs = aux.args({"env:any"})
local noargs = aux.args({})

-- ---- exec and spawn, l variants ------------------------------------------

local function pass(...) return ... end

-- The arguments from index `first` on as an argv array of strings (a nil
-- would end the array early; a NUL byte raises), checked at the argument
-- the caller wrote.
local function packargs(first, ...)
  local n = select("#", ...)
  local argv = {}
  for i = 1, n do argv[i] = checkpath(first + i - 1, (select(i, ...))) end
  return argv, n
end

-- argv and env of an "e" variant: env is the last argument.
-- pyos.environ (a userdata) stands for the current environment.
local function isenviron(v)
  local mt = getmetatable(v)
  return type(mt) == "table" and mt.__name == "pyos.environ"
end

local function packenv(first, ...)
  local n = select("#", ...)
  local argv, env = {}, nil
  for i = 1, n - 1 do argv[i] = checkpath(first + i - 1, (select(i, ...))) end
  if n > 0 then env = select(n, ...) end
  if type(env) ~= "table" and not isenviron(env) then
    typeerror(first + (n > 0 and n - 1 or 0), env, "table")
  end
  return argv, env
end

-- ---- popen ---------------------------------------------------------------

-- Children of popen objects that were dropped without close(): reaped
-- (without blocking) at the next popen, as Python's subprocess does.
local dropped = {}

local function reapdropped(pyos)
  for pid, ref in pairs(dropped) do
    if ref[1] == nil then
      local r = pyos.waitpid(pid, pyos.WNOHANG)
      if r ~= 0 then dropped[pid] = nil end     -- reaped, or not ours
    end
  end
end

-- Python's close(): nil on success, else the returncode << 8 (negative
-- for a signal).
local function closestatus(pyos, pid)
  local r, status, code, err = pyos.waitpid(pid, 0)
  if r == nil then
    if code == pyos.errno.ECHILD then return nil end  -- reaped elsewhere
    return nil, status, code, err
  end
  local code
  if pyos.WIFSIGNALED(status) then
    code = -pyos.WTERMSIG(status)
  else
    code = pyos.WEXITSTATUS(status)
  end
  if code == 0 then return nil end
  return code * 256
end

local function popenclass(pyos)
  local methods = {}
  local mt = {__index = methods, __name = "pyos.popen"}

  -- The file, once checked open: misuse names the method, at its caller.
  local function file(self)
    if self._closed then argerror(1, "attempt to use a closed file") end
    return self._file
  end

  -- A misuse error of the io method, raised again as the popen method's.
  local function reraise(msg)
    local n, inner = tostring(msg):match("bad argument #(%d+) to '[^']*' %((.*)%)$")
    if n then argerror(tonumber(n), inner) end
    error(msg, 0)
  end

  for _, name in ipairs({"read", "lines", "flush", "seek", "setvbuf"}) do
    methods[name] = function(self, ...)
      local f = file(self)
      local r = pack(pcall(f[name], f, ...))
      if not r[1] then reraise(r[2]) end
      return unpack(r, 2, r.n)
    end
  end

  function methods.write(self, ...)
    local f = file(self)
    local r, err, code = f:write(...)
    if r == f or r == true then return self end    -- 5.1 and LuaJIT give true
    return r, err, code
  end

  function methods.fileno(self)
    file(self)
    return self._fd
  end

  -- close(): closes the pipe, waits for the command; nil on success, else
  -- Python's status value. A second close returns the same.
  function methods.close(self)
    if not self._closed then
      self._closed = true
      self._file:close()
      self._result = pack(closestatus(pyos, self._pid))
      dropped[self._pid] = nil
    end
    return unpack(self._result, 1, self._result.n)
  end

  aux.setnames(methods, "pyos.popen:")
  mt.__close = methods.close
  mt.__tostring = function(self)
    return format("pyos.popen (pid %d%s)", self._pid, self._closed and ", closed" or "")
  end
  return mt
end

-- popen(cmd, mode="r", buffering=-1): checked before the spawn.
local popenargs = aux.args({"cmd:string", "mode:string?", "buffering:int?"}, {},
  function(_, mode, buffering)
    if mode ~= nil and mode ~= "r" and mode ~= "w" then
      return 2, "invalid mode '" .. mode .. "'"
    elseif buffering == 0 then
      return 3, "popen() does not support unbuffered streams"
    end
  end)

return function(proc, pyos)
  -- fspath(path): a string, or the string of a value with __fspath.
  function proc.fspath(...)
    local p = fspathargs(...)
    return p
  end

  -- fsencode(filename), fsdecode(filename): Lua strings are bytes, so both
  -- are fspath: a string is returned unchanged.
  function proc.fsencode(...)
    local p = fspathargs(...)
    return p
  end

  function proc.fsdecode(...)
    local p = fspathargs(...)
    return p
  end

  -- get_exec_path(env=nil): the directories of env's PATH (pyos.environ
  -- by default), or of os.defpath when it has none.
  function proc.get_exec_path(...)
    local env = envargs(...)
    if env == nil then
      env = proc.environ
    elseif type(env) ~= "table" and env ~= proc.environ then
      typeerror(1, env, "table")
    end
    local path = env.PATH
    if path == nil then path = DEFPATH end
    if type(path) ~= "string" then typeerror(1, path, "string", "env.PATH") end
    local list = {}
    for dir in (path .. ":"):gmatch("([^:]*):") do list[#list + 1] = dir end
    return list
  end

  -- reload_environ(): pyos.environ is live, nothing to reload.
  function proc.reload_environ(...)
    noargs(...)
    return true
  end

  -- The l variants check their arguments in order, then pass them on to
  -- the v ones (not as tail calls: a mistake found there names the l one).
  local INT_MIN, INT_MAX = -2147483648, 2147483647

  function proc.execl(path, ...)
    path = checkpath(1, path)
    return pass(proc.execv(path, (packargs(2, ...))))
  end

  function proc.execle(path, ...)
    path = checkpath(1, path)
    local argv, env = packenv(2, ...)
    return pass(proc.execve(path, argv, env))
  end

  function proc.execlp(file, ...)
    file = checkpath(1, file)
    return pass(proc.execvp(file, (packargs(2, ...))))
  end

  function proc.execlpe(file, ...)
    file = checkpath(1, file)
    local argv, env = packenv(2, ...)
    return pass(proc.execvpe(file, argv, env))
  end

  function proc.spawnl(mode, path, ...)
    mode, path = checkint(1, mode, INT_MIN, INT_MAX), checkpath(2, path)
    return pass(proc.spawnv(mode, path, (packargs(3, ...))))
  end

  function proc.spawnle(mode, path, ...)
    mode, path = checkint(1, mode, INT_MIN, INT_MAX), checkpath(2, path)
    local argv, env = packenv(3, ...)
    return pass(proc.spawnve(mode, path, argv, env))
  end

  function proc.spawnlp(mode, file, ...)
    mode, file = checkint(1, mode, INT_MIN, INT_MAX), checkpath(2, file)
    return pass(proc.spawnvp(mode, file, (packargs(3, ...))))
  end

  function proc.spawnlpe(mode, file, ...)
    mode, file = checkint(1, mode, INT_MIN, INT_MAX), checkpath(2, file)
    local argv, env = packenv(3, ...)
    return pass(proc.spawnvpe(mode, file, argv, env))
  end

  local Popen

  -- popen(cmd, mode="r", buffering=-1): `/bin/sh -c cmd` with its stdout
  -- (mode "r") or stdin (mode "w") on a pipe; a pyos.popen object whose
  -- close() returns what Python's does.
  function proc.popen(...)
    local cmd, mode, buffering = popenargs(...)
    if buffering ~= nil and buffering < 0 then buffering = -1 end  -- Python's default
    Popen = Popen or popenclass(pyos)
    reapdropped(pyos)
    local r, w, perr, pobj = pyos.pipe()
    if not r then return nil, w, perr, pobj end
    local mine, theirs, target = r, w, 1
    if mode == "w" then mine, theirs, target = w, r, 0 end
    local actions = {{pyos.POSIX_SPAWN_DUP2, theirs, target}}
    if pyos.POSIX_SPAWN_CLOSEFROM then      -- Python's close_fds=True
      actions[2] = {pyos.POSIX_SPAWN_CLOSEFROM, 3}
    end
    local pid, msg, code, err = pyos.posix_spawn("/bin/sh", {"/bin/sh", "-c", cmd},
                                                 nil, {file_actions = actions})
    pyos.close(theirs)
    if not pid then
      pyos.close(mine)
      return nil, msg, code, err
    end
    local f, fmsg, fcode, ferr = pyos.fdopen(mine, mode, buffering)
    if not f then
      pyos.close(mine)
      pyos.waitpid(pid, 0)
      return nil, fmsg, fcode, ferr
    end
    local obj = setmetatable({_file = f, _pid = pid, _fd = mine}, Popen)
    dropped[pid] = setmetatable({obj}, {__mode = "v"})
    return obj
  end

  return {}
end
