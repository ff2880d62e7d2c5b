-- The Lua layer of pyos.proc: fspath, fsencode, fsdecode, get_exec_path,
-- reload_environ, the l variants of exec* and spawn*, and popen.
-- Called once by pyos/init.lua with the area's table and the namespace;
-- returns the names that belong in the supports_* sets.

local error, getmetatable, select, setmetatable, type, pairs, ipairs, tostring =
      error, getmetatable, select, setmetatable, type, pairs, ipairs, tostring
local format = string.format
local unpack = table.unpack or unpack

local DEFPATH = "/bin:/usr/bin"     -- Python's os.defpath

local function argerror(fname, n, msg)
  error(format("bad argument #%d to '%s' (%s)", n, fname, msg), 3)
end

local function checknargs(fname, n, ...)
  if select("#", ...) > n then argerror(fname, n + 1, "too many arguments") end
end

local function typename(v)
  local mt = getmetatable(v)
  if type(mt) == "table" and type(mt.__name) == "string" then return mt.__name end
  return type(v)
end

-- ---- fspath, fsencode, fsdecode ------------------------------------------

-- A string, or the string result of __fspath; raises like Python's
-- TypeError otherwise.
local function fspath(fname, p)
  if type(p) == "string" then return p end
  local mt = getmetatable(p)
  local f = type(mt) == "table" and mt.__fspath
  if not f then
    argerror(fname, 1, "string or path-like expected, got " .. typename(p))
  end
  local s = f(p)
  if type(s) ~= "string" then
    argerror(fname, 1, "__fspath must return a string, got " .. typename(s))
  end
  return s
end

-- ---- exec and spawn, l variants ------------------------------------------

-- The arguments from index `first` on as an argv array; every one must be
-- given (a nil would end the array early).
local function packargs(fname, first, ...)
  local n = select("#", ...)
  local argv = {}
  for i = 1, n do
    local v = select(i, ...)
    if v == nil then
      argerror(fname, first + i - 1, "string expected, got nil")
    end
    argv[i] = v
  end
  return argv, n
end

-- argv and env of an "e" variant: env is the last argument.
local function packenv(fname, first, ...)
  local argv, n = packargs(fname, first, ...)
  local env = argv[n]
  if type(env) ~= "table" then
    argerror(fname, first + n - 1, "env table expected as the last argument, got "
             .. typename(env))
  end
  argv[n] = nil
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

  local function file(self, name)
    local f = self._file
    if self._closed then
      error(format("bad argument #1 to '%s' (attempt to use a closed file)", name), 3)
    end
    return f
  end

  for _, name in ipairs({"read", "lines", "flush", "seek", "setvbuf"}) do
    methods[name] = function(self, ...)
      local f = file(self, name)
      return f[name](f, ...)
    end
  end

  function methods.write(self, ...)
    local f = file(self, "write")
    local r, err, code = f:write(...)
    if r == f or r == true then return self end    -- 5.1 and LuaJIT give true
    return r, err, code
  end

  function methods.fileno(self)
    file(self, "fileno")
    return self._fd
  end

  -- close(): closes the pipe, waits for the command; nil on success, else
  -- Python's status value. A second close returns the same.
  function methods.close(self)
    if not self._closed then
      self._closed = true
      self._file:close()
      self._result = {closestatus(pyos, self._pid)}
      dropped[self._pid] = nil
    end
    return unpack(self._result, 1, 4)
  end

  mt.__close = methods.close
  mt.__tostring = function(self)
    return format("pyos.popen (pid %d%s)", self._pid, self._closed and ", closed" or "")
  end
  return mt
end

local function popenargs(...)
  local n = select("#", ...)
  local cmd, mode, buffering, opts = ...
  if n > 4 then
    argerror("popen", 5, "too many arguments")
  elseif n == 2 and type(mode) == "table" then     -- opts in mode's place
    mode, opts = nil, mode
  elseif n == 3 and type(buffering) == "table" then
    buffering, opts = nil, buffering
  end
  if opts ~= nil then
    if type(opts) ~= "table" then
      argerror("popen", n, "options table expected, got " .. typename(opts))
    end
    for k in pairs(opts) do
      if k ~= "mode" and k ~= "buffering" then
        argerror("popen", n, "unknown option '" .. tostring(k) .. "'")
      end
    end
    if opts.mode ~= nil then
      if mode ~= nil then argerror("popen", 2, "'mode' given both by position and as an option") end
      mode = opts.mode
    end
    if opts.buffering ~= nil then
      if buffering ~= nil then argerror("popen", 3, "'buffering' given both by position and as an option") end
      buffering = opts.buffering
    end
  end
  if type(cmd) ~= "string" then
    argerror("popen", 1, "invalid cmd type (" .. typename(cmd) .. ", expected string)")
  end
  mode = mode == nil and "r" or mode
  if mode ~= "r" and mode ~= "w" then
    argerror("popen", 2, "invalid mode " .. tostring(mode))
  end
  buffering = buffering == nil and -1 or buffering
  if type(buffering) ~= "number" then
    argerror("popen", 3, "integer expected, got " .. typename(buffering))
  elseif buffering % 1 ~= 0 then      -- also NaN and inf
    argerror("popen", 3, "number has no integer representation")
  elseif buffering < -2147483648 or buffering > 2147483647 then
    argerror("popen", 3, "value out of range")   -- checked before the spawn
  end
  if buffering == 0 then
    argerror("popen", 3, "popen() does not support unbuffered streams")
  end
  return cmd, mode, buffering
end

return function(proc, pyos)
  -- fspath(path): a string, or the string of a value with __fspath.
  function proc.fspath(...)
    checknargs("fspath", 1, ...)
    return (fspath("fspath", (...)))
  end

  -- fsencode(filename), fsdecode(filename): Lua strings are bytes, so both
  -- are fspath: a string is returned unchanged.
  function proc.fsencode(...)
    checknargs("fsencode", 1, ...)
    return (fspath("fsencode", (...)))
  end

  function proc.fsdecode(...)
    checknargs("fsdecode", 1, ...)
    return (fspath("fsdecode", (...)))
  end

  -- get_exec_path(env=nil): the directories of env's PATH (pyos.environ
  -- by default), or of os.defpath when it has none.
  function proc.get_exec_path(...)
    checknargs("get_exec_path", 1, ...)
    local env = ...
    if env == nil then
      env = proc.environ
    elseif type(env) ~= "table" then
      argerror("get_exec_path", 1, "table expected, got " .. typename(env))
    end
    local path = env.PATH
    if path == nil then path = DEFPATH end
    if type(path) ~= "string" then
      argerror("get_exec_path", 1, "PATH must be a string, got " .. typename(path))
    end
    local list = {}
    for dir in (path .. ":"):gmatch("([^:]*):") do list[#list + 1] = dir end
    return list
  end

  -- reload_environ(): pyos.environ is live, nothing to reload.
  function proc.reload_environ(...)
    checknargs("reload_environ", 0, ...)
    return true
  end

  function proc.execl(path, ...)
    return proc.execv(path, (packargs("execl", 2, ...)))
  end

  function proc.execle(path, ...)
    local argv, env = packenv("execle", 2, ...)
    return proc.execve(path, argv, env)
  end

  function proc.execlp(file, ...)
    return proc.execvp(file, (packargs("execlp", 2, ...)))
  end

  function proc.execlpe(file, ...)
    local argv, env = packenv("execlpe", 2, ...)
    return proc.execvpe(file, argv, env)
  end

  function proc.spawnl(mode, path, ...)
    return proc.spawnv(mode, path, (packargs("spawnl", 3, ...)))
  end

  function proc.spawnle(mode, path, ...)
    local argv, env = packenv("spawnle", 3, ...)
    return proc.spawnve(mode, path, argv, env)
  end

  function proc.spawnlp(mode, file, ...)
    return proc.spawnvp(mode, file, (packargs("spawnlp", 3, ...)))
  end

  function proc.spawnlpe(mode, file, ...)
    local argv, env = packenv("spawnlpe", 3, ...)
    return proc.spawnvpe(mode, file, argv, env)
  end

  local Popen

  -- popen(cmd, mode="r", buffering=-1): `/bin/sh -c cmd` with its stdout
  -- (mode "r") or stdin (mode "w") on a pipe; a pyos.popen object whose
  -- close() returns what Python's does.
  function proc.popen(...)
    local cmd, mode, buffering = popenargs(...)
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
