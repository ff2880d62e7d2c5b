-- pyos.subprocess: Python 3.14's subprocess for Lua (run, Popen, call,
-- check_call, check_output, getoutput, getstatusoutput).
--
-- The child is started by pyos._subprocess.spawn (src/proc_subprocess.c):
-- clone with CLONE_VM | CLONE_VFORK and a pidfd, then the steps of
-- Python's child_exec (fds, cwd, umask, session, process group,
-- close_fds), then the PATH search of the child's environment (in a host
-- that reaps children itself, through a reaper process). A failure
-- before exec comes back as Python's OSError. Waiting polls the pidfd
-- (time-outs without busy loops); communicate writes stdin and drains
-- stdout and stderr at once with poll.

local proc = require "pyos.proc"
local fdm = require "pyos.fd"
local aux = require "pyos._aux"
local sp = require "pyos._subprocess"

local type, next, pairs, ipairs, setmetatable, getmetatable, tostring, tonumber, error, pcall =
  type, next, pairs, ipairs, setmetatable, getmetatable, tostring, tonumber, error, pcall
local iotype = io.type
local concat = table.concat
local format, byte, sub, find = string.format, string.byte, string.sub, string.find
local mtype = math.type
local floor = math.floor

local pipe, close, fdopen, open = fdm.pipe, fdm.close, fdm.fdopen, fdm.open
local errno = proc.errno
local spawn, pump, fileno, monotonic, cleanup, buffer =
  sp.spawn, sp.pump, sp.fileno, sp.monotonic, sp.cleanup, sp.buffer
local repr = aux.repr

local M = {}

-- Whether a reaper process starts the child (src/proc_subprocess.c): nil
-- (the default) when the host reaps children itself (a SIGCHLD handler,
-- as nginx's workers have, or SIGCHLD ignored); the specs set true or
-- false to run either way.
M._reaper = nil

-- Python's values of the special stream arguments.
M.PIPE = -1
M.STDOUT = -2
M.DEVNULL = -3
local PIPE, STDOUT, DEVNULL = -1, -2, -3

local SIGTERM, SIGKILL = 15, 9

-- ---- Python's texts ---------------------------------------------------------

-- Python's signal.Signals names on Linux (aliases resolve to these).
local SIGNALS = {"SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
  "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE",
  "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP",
  "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ",
  "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
  [34] = "SIGRTMIN", [64] = "SIGRTMAX"}

-- '%s' % cmd: a list shows as Python's list of str, a string as itself.
local function cmdtext(cmd)
  if type(cmd) ~= "table" then return tostring(cmd) end
  local parts = {}
  for i = 1, #cmd do parts[i] = repr(cmd[i]) end
  return "[" .. concat(parts, ", ") .. "]"
end

-- '%s' % number: Python's str of an int, or of a float (shortest repr).
local function numtext(x)
  if mtype and mtype(x) == "integer" then return format("%d", x) end
  if x == floor(x) and x > -1e16 and x < 1e16 then
    return format(mtype and "%.1f" or "%d", x)
  end
  for prec = 1, 17 do
    local s = format("%." .. prec .. "g", x)
    if tonumber(s) == x then return s end
  end
  return format("%.17g", x)
end

-- ---- Exceptions -------------------------------------------------------------

local function class(name, text)
  local c = {name = name}
  c.__index = c
  c.__name = "pyos.subprocess." .. name
  c.__tostring = text
  c.__concat = function(a, b)
    return (type(a) == "table" and text(a) or a) .. (type(b) == "table" and text(b) or b)
  end
  return c
end

local CalledProcessError = class("CalledProcessError", function(e)
  local rc = e.returncode
  if rc and rc < 0 then
    local name = SIGNALS[-rc]
    if name then
      return format("Command '%s' died with <Signals.%s: %d>.", cmdtext(e.cmd), name, -rc)
    end
    return format("Command '%s' died with unknown signal %d.", cmdtext(e.cmd), -rc)
  end
  return format("Command '%s' returned non-zero exit status %d.", cmdtext(e.cmd), rc)
end)

local TimeoutExpired = class("TimeoutExpired", function(e)
  return format("Command '%s' timed out after %s seconds", cmdtext(e.cmd),
                numtext(e.timeout))
end)

-- stdout is Python's alias of output: both fields hold the same value.
local function newcpe(returncode, cmd, output, stderr)
  return setmetatable({returncode = returncode, cmd = cmd, output = output,
                       stdout = output, stderr = stderr}, CalledProcessError)
end

local function newtimeout(cmd, timeout, output, stderr)
  return setmetatable({cmd = cmd, timeout = timeout, output = output,
                       stdout = output, stderr = stderr}, TimeoutExpired)
end

M.CalledProcessError = setmetatable({}, {__index = CalledProcessError,
  __call = function(_, ...) return newcpe(...) end})
M.TimeoutExpired = setmetatable({}, {__index = TimeoutExpired,
  __call = function(_, ...) return newtimeout(...) end})

-- What Python raises because the caller asked (check): raised as the
-- object, or as its text where pyos.OSError.raise_text is set (nginx).
local function raise(e)
  if proc.OSError.raise_text then error(tostring(e), 0) end
  error(e, 0)
end

local function timedout(cmd, timeout, output, stderr)
  local e = newtimeout(cmd, timeout, output, stderr)
  return nil, tostring(e), errno.ETIMEDOUT, e
end

-- ---- Arguments --------------------------------------------------------------

local POPEN_KEYS = {stdin = true, stdout = true, stderr = true,
  executable = true, cwd = true, env = true, close_fds = true,
  pass_fds = true, shell = true, start_new_session = true,
  process_group = true, umask = true, text = true, bufsize = true}
local RUN_KEYS = {input = true, capture_output = true, timeout = true,
                  check = true}

-- One copy of the options table (read once: no __index, no later change).
local function copyopts(n, opts, keys, keys2)
  local o = {}
  if opts == nil then return o end
  if type(opts) ~= "table" then aux.typeerror(n, opts, "table") end
  for k, v in next, opts do
    if type(k) ~= "string" or not (keys[k] or (keys2 and keys2[k])) then
      aux.argerror(n, "unknown option '" .. tostring(k) .. "'")
    end
    o[k] = v
  end
  return o
end

-- The values of a call made from a public function (not a tail call, so
-- that misuse errors name the public one), without trailing nils.
local function results(a, b, c, d)
  if d ~= nil or c ~= nil then return a, b, c, d end
  if b ~= nil then return a, b end
  return a
end

local function opterror(n, key, msg)
  aux.argerror(n, "option '" .. key .. "': " .. msg)
end

local function checktype(n, o, key, kind)
  local v = o[key]
  if v ~= nil and type(v) ~= kind then
    aux.typeerror(n, v, kind, "option '" .. key .. "'")
  end
  return v
end

local function checkoptint(n, o, key, lo)
  local v = o[key]
  if v == nil then return nil end
  if type(v) ~= "number" or v ~= floor(v) or v < lo or v > 2147483647 then
    opterror(n, key, type(v) == "number" and "integer out of range"
                     or "integer expected, got " .. type(v))
  end
  return v
end

local function checktimeout(n, v, key)
  if v == nil or (type(v) == "number" and v == v) then return v end
  local place = key and "option '" .. key .. "'" or nil
  if type(v) == "number" then               -- NaN
    aux.argerror(n, (place and place .. ": " or "") .. "timeout must not be NaN")
  end
  aux.typeerror(n, v, "number", place)
end

-- args: a string, or a non-empty list of strings / path-like values.
local function checkargs(n, args)
  if type(args) == "string" or (type(args) ~= "table" and args ~= nil
                                and getmetatable(args) and getmetatable(args).__fspath) then
    return aux.checkpath(n, args)
  end
  if type(args) ~= "table" then aux.typeerror(n, args, "string or table") end
  local list = {}
  for i = 1, #args do
    local v = args[i]
    if type(v) ~= "string" then
      if type(v) == "table" or type(v) == "userdata" then v = aux.checkpath(n, v)
      else aux.typeerror(n, v, "string or path-like", "args[" .. i .. "]") end
    end
    if find(v, "\0", 1, true) then aux.argerror(n, "args[" .. i .. "]: embedded null byte") end
    list[i] = v
  end
  if #list == 0 then aux.argerror(n, "args must not be empty") end
  return list
end

local function checkenv(n, env)
  if env == nil then return nil end
  if type(env) ~= "table" then aux.typeerror(n, env, "table", "option 'env'") end
  local copy = {}
  for k, v in next, env do
    if type(k) ~= "string" or type(v) ~= "string" then
      opterror(n, "env", "names and values must be strings")
    end
    if k == "" or find(k, "=", 1, true) then
      opterror(n, "env", "illegal environment variable name")
    end
    if find(k, "\0", 1, true) or find(v, "\0", 1, true) then
      opterror(n, "env", "embedded null byte")
    end
    copy[k] = v
  end
  return copy
end

local function checkpassfds(n, t)
  if t == nil then return nil end
  if type(t) ~= "table" then aux.typeerror(n, t, "table", "option 'pass_fds'") end
  local fds = {}
  for i = 1, #t do
    local v = t[i]
    if type(v) ~= "number" or v ~= floor(v) or v < 0 or v > 2147483647 then
      opterror(n, "pass_fds", "file descriptors expected")
    end
    fds[i] = v
  end
  return fds
end

local function checkstream(n, key, v)
  if v == nil or v == PIPE or v == DEVNULL or (v == STDOUT and key == "stderr") then
    return v
  end
  if type(v) == "number" then
    if v ~= floor(v) or v < 0 or v > 2147483647 then
      opterror(n, key, "bad file descriptor")
    end
    return v
  end
  if iotype(v) == "file" then return v end
  if iotype(v) == "closed file" then opterror(n, key, "attempt to use a closed file") end
  aux.typeerror(n, v, "file, integer, PIPE, DEVNULL" .. (key == "stderr" and ", STDOUT" or ""),
                "option '" .. key .. "'")
end

local function checkpathopt(n, o, key)
  local v = o[key]
  if v == nil then return nil end
  if type(v) ~= "string" and not (getmetatable(v) and getmetatable(v).__fspath) then
    aux.typeerror(n, v, "string or path-like", "option '" .. key .. "'")
  end
  v = aux.fspath(n, v)
  if find(v, "\0", 1, true) then opterror(n, key, "embedded null byte") end
  return v
end

local function checkpopen(n, args, o)
  local c = {}
  c.args = checkargs(1, args)
  c.shell = checktype(n, o, "shell", "boolean")
  c.executable = checkpathopt(n, o, "executable")
  c.cwd = checkpathopt(n, o, "cwd")
  c.env = checkenv(n, o.env)
  c.close_fds = checktype(n, o, "close_fds", "boolean")
  c.pass_fds = checkpassfds(n, o.pass_fds)
  c.start_new_session = checktype(n, o, "start_new_session", "boolean")
  c.process_group = checkoptint(n, o, "process_group", 0)
  c.umask = checkoptint(n, o, "umask", -1)
  checktype(n, o, "text", "boolean")
  checkoptint(n, o, "bufsize", -1)
  for _, key in ipairs({"stdin", "stdout", "stderr"}) do
    c[key] = checkstream(n, key, o[key])
  end
  return c
end

-- ---- Popen ------------------------------------------------------------------

local Popen = {}
Popen.__index = Popen
Popen.__name = "pyos.subprocess.Popen"

-- The child's argv and the program to run, as Popen._execute_child.
local function program(c)
  local args = c.args
  local argv = {}
  if type(args) == "string" then args = {args} end
  if c.shell then
    argv[1], argv[2] = "/bin/sh", "-c"
    for i = 1, #args do argv[i + 2] = args[i] end
    if c.executable then argv[1] = c.executable end
  else
    for i = 1, #args do argv[i] = args[i] end
  end
  return c.executable or argv[1], argv
end

local function closeall(fds)
  for i = 1, #fds do close(fds[i]) end
end

-- The source of the child's fd for one stream spec; pipe ends are added to
-- ours (the parent's) and theirs (closed after the spawn).
local function source(v, parentreads, ours, theirs, slot)
  if v == nil then return -1 end
  if v == STDOUT then return -2 end
  if v == DEVNULL then
    local fd, msg, code, err = open("/dev/null", fdm.O_RDWR)
    if not fd then return nil, msg, code, err end
    theirs[#theirs + 1] = fd
    return fd
  end
  if v == PIPE then
    local r, w, code, err = pipe()
    if not r then return nil, w, code, err end
    if parentreads then ours[slot], theirs[#theirs + 1] = r, w; return w end
    ours[slot], theirs[#theirs + 1] = w, r
    return r
  end
  if type(v) == "number" then return v end
  v:flush()                                   -- a Lua file: its fd, flushed
  return fileno(v)
end

local function popen(args, o, n)
  local c = checkpopen(n, args, o)
  local exe, argv = program(c)
  local closefds = c.close_fds ~= false
  if c.pass_fds and #c.pass_fds > 0 then closefds = true end
  cleanup()
  local ours, theirs, src = {}, {}, {}
  for i, key in ipairs({"stdin", "stdout", "stderr"}) do
    local fd, msg, code, err = source(c[key], i > 1, ours, theirs, key)
    if not fd then
      closeall(theirs); for _, f in pairs(ours) do close(f) end
      return nil, msg, code, err
    end
    src[i] = fd
  end
  local child, msg, code, err = spawn(exe, argv, c.env, c.cwd, src[1], src[2],
    src[3], closefds, c.pass_fds, c.umask, c.start_new_session, c.process_group,
    M._reaper)
  closeall(theirs)
  if not child then
    for _, f in pairs(ours) do close(f) end
    return nil, msg, code, err
  end
  local p = setmetatable({args = args, pid = child:pid(), _child = child,
                          _fds = ours}, Popen)
  if ours.stdin then p.stdin = assert(fdopen(ours.stdin, "w")) end
  if ours.stdout then p.stdout = assert(fdopen(ours.stdout, "r")) end
  if ours.stderr then p.stderr = assert(fdopen(ours.stderr, "r")) end
  return p
end

function M.Popen(args, opts, ...)
  aux.checknargs(2, args, opts, ...)
  return results(popen(args, copyopts(2, opts, POPEN_KEYS), 2))
end

local function isopen(f)
  return f ~= nil and iotype(f) == "file"
end

local function checkself(self)
  if getmetatable(self) ~= Popen then aux.typeerror(1, self, "pyos.subprocess.Popen") end
  return self
end

function Popen:poll()
  checkself(self)
  if self.returncode == nil then self.returncode = self._child:poll() end
  return self.returncode
end

local function wait(self, timeout)
  if self.returncode ~= nil then return self.returncode end
  local rc, msg, code, err = self._child:wait(timeout)
  if rc == false then return timedout(self.args, timeout) end
  if rc == nil then return nil, msg, code, err end
  self.returncode = rc
  return rc
end

function Popen:wait(timeout, ...)
  checkself(self)
  aux.checknargs(2, self, timeout, ...)
  return results(wait(self, checktimeout(2, timeout)))
end

function Popen:send_signal(sig, ...)
  checkself(self)
  aux.checknargs(2, self, sig, ...)
  sig = aux.checkint(2, sig, 0, 64)
  if self.returncode ~= nil then return true end
  return self._child:signal(sig)
end

function Popen:terminate()
  return self:send_signal(SIGTERM)
end

function Popen:kill()
  return self:send_signal(SIGKILL)
end

local function closefile(self, key)
  local f = self[key]
  if isopen(f) then f:close() end
end

-- communicate: the state lives in self._comm between calls, so a call
-- after a time-out goes on where the last stopped (Python's
-- _fileobj2output), with the output read so far.
local function communicate(self, input, timeout)
  local st = self._comm
  if st == nil then
    st = {out = buffer(), err = buffer(), inoff = 0, input = input or ""}
    self._comm = st
    if isopen(self.stdin) then
      self.stdin:flush()
      if input == nil or input == "" then closefile(self, "stdin") end
    end
  end
  local deadline = timeout and monotonic() + timeout
  while true do
    local infd = isopen(self.stdin) and self._fds.stdin or -1
    local outfd = isopen(self.stdout) and self._fds.stdout or -1
    local errfd = isopen(self.stderr) and self._fds.stderr or -1
    if infd == -1 and outfd == -1 and errfd == -1 then break end
    local left = deadline and deadline - monotonic()
    if left and left < 0 then left = 0 end
    local off, outopen, erropen, late = pump(infd, st.input, st.inoff, outfd,
                                             errfd, st.out, st.err, left)
    if off == nil then return nil, outopen, erropen, late end
    st.inoff = off
    if infd ~= -1 and off >= #st.input then closefile(self, "stdin") end
    if outfd ~= -1 and not outopen then closefile(self, "stdout") end
    if errfd ~= -1 and not erropen then closefile(self, "stderr") end
    if late then return timedout(self.args, timeout) end
  end
  local left = deadline and deadline - monotonic()
  if left and left < 0 then left = 0 end
  local rc, msg, code, err = wait(self, left)
  if rc == nil then
    if err and err.name == "TimeoutExpired" then return timedout(self.args, timeout) end
    return nil, msg, code, err
  end
  -- The buffers become strings once (a later call gives the same ones).
  if not st.done then
    st.done = true
    st.out, st.err = st.out:take(), st.err:take()
  end
  local out = self._fds.stdout and st.out or nil
  local errout = self._fds.stderr and st.err or nil
  return out, errout
end

function Popen:communicate(input, timeout, ...)
  checkself(self)
  aux.checknargs(3, self, input, timeout, ...)
  if input ~= nil and type(input) ~= "string" then aux.typeerror(2, input, "string") end
  checktimeout(3, timeout)
  if self._comm and input ~= nil and input ~= "" then
    aux.argerror(2, "Cannot send input after starting communication")
  end
  return results(communicate(self, input, timeout))
end

-- close(): Python's __exit__: close the pipes, then wait for the child.
function Popen:close()
  checkself(self)
  closefile(self, "stdout")
  closefile(self, "stderr")
  if isopen(self.stdin) then
    local f = self.stdin
    pcall(f.close, f)                  -- a broken pipe is no error here
  end
  return wait(self)
end

Popen.__close = function(self) self:close() end

function Popen.__tostring(self)
  return format("<Popen: returncode: %s args: %s>",
                self.returncode == nil and "None" or tostring(self.returncode),
                type(self.args) == "table" and cmdtext(self.args) or repr(self.args))
end

-- ---- run and friends --------------------------------------------------------

local CompletedProcess = {}
CompletedProcess.__index = CompletedProcess
CompletedProcess.__name = "pyos.subprocess.CompletedProcess"

local function strrepr(s)
  return s == nil and "None" or repr(s)
end

function CompletedProcess.__tostring(cp)
  local parts = {"args=" .. (type(cp.args) == "table" and cmdtext(cp.args) or repr(cp.args)),
                 "returncode=" .. cp.returncode}
  if cp.stdout ~= nil then parts[#parts + 1] = "stdout=" .. strrepr(cp.stdout) end
  if cp.stderr ~= nil then parts[#parts + 1] = "stderr=" .. strrepr(cp.stderr) end
  return "CompletedProcess(" .. concat(parts, ", ") .. ")"
end

function CompletedProcess:check_returncode()
  if self.returncode ~= 0 then
    raise(newcpe(self.returncode, self.args, self.stdout, self.stderr))
  end
  return true
end

function M.CompletedProcess(args, returncode, stdout, stderr)
  return setmetatable({args = args, returncode = returncode, stdout = stdout,
                       stderr = stderr}, CompletedProcess)
end

local function run(args, o, n)
  local input, timeout, check = o.input, o.timeout, o.check
  if input ~= nil and type(input) ~= "string" then
    aux.typeerror(n, input, "string", "option 'input'")
  end
  checktimeout(n, timeout, "timeout")
  checktype(n, o, "check", "boolean")
  checktype(n, o, "capture_output", "boolean")
  local po = {}
  for k, v in pairs(o) do if POPEN_KEYS[k] then po[k] = v end end
  if input ~= nil then
    if po.stdin ~= nil then aux.argerror(n, "stdin and input arguments may not both be used.") end
    po.stdin = PIPE
  end
  if o.capture_output then
    if po.stdout ~= nil or po.stderr ~= nil then
      aux.argerror(n, "stdout and stderr arguments may not be used with capture_output.")
    end
    po.stdout, po.stderr = PIPE, PIPE
  end
  local p, msg, code, err = popen(args, po, n)
  if not p then return nil, msg, code, err end
  local out, errout
  out, errout, code, err = p:communicate(input, timeout)
  if err then
    p:kill()
    if err.name == "TimeoutExpired" then  -- the whole output, as Python's run
      local o2, e2 = p:communicate()
      err.output, err.stdout, err.stderr = o2, o2, e2
      err.timeout = timeout
    end
    p:close()
    return nil, tostring(err), code, err
  end
  local rc = p:close()
  if check and rc ~= 0 then raise(newcpe(rc, args, out, errout)) end
  return M.CompletedProcess(args, rc, out, errout)
end

function M.run(args, opts, ...)
  aux.checknargs(2, args, opts, ...)
  return results(run(args, copyopts(2, opts, POPEN_KEYS, RUN_KEYS), 2))
end

local CALL_KEYS = {timeout = true}

local function call(args, o, n)
  local timeout = checktimeout(n, o.timeout, "timeout")
  o.timeout = nil
  local p, msg, code, err = popen(args, o, n)
  if not p then return nil, msg, code, err end
  local rc
  rc, msg, code, err = wait(p, timeout)
  if rc == nil then
    p:kill()
    p:close()
    return nil, msg, code, err
  end
  p:close()
  return rc
end

function M.call(args, opts, ...)
  aux.checknargs(2, args, opts, ...)
  return results(call(args, copyopts(2, opts, POPEN_KEYS, CALL_KEYS), 2))
end

function M.check_call(args, opts, ...)
  aux.checknargs(2, args, opts, ...)
  local rc, msg, code, err = call(args, copyopts(2, opts, POPEN_KEYS, CALL_KEYS), 2)
  if rc == nil then return nil, msg, code, err end
  if rc ~= 0 then raise(newcpe(rc, args)) end
  return 0
end

function M.check_output(args, opts, ...)
  aux.checknargs(2, args, opts, ...)
  local o = copyopts(2, opts, POPEN_KEYS, RUN_KEYS)
  if o.stdout ~= nil then aux.argerror(2, "stdout argument not allowed, it will be overridden.") end
  o.stdout, o.check = PIPE, true
  local cp, msg, code, err = run(args, o, 2)
  if not cp then return nil, msg, code, err end
  return cp.stdout
end

local function statusoutput(cmd, n)
  if type(cmd) ~= "string" then checkargs(n, cmd) end
  local cp, msg, code, err = run(cmd, {shell = true, stdout = PIPE, stderr = STDOUT}, n)
  if not cp then return nil, msg, code, err end
  local data = cp.stdout
  if byte(data, -1) == 10 then data = sub(data, 1, -2) end
  return cp.returncode, data
end

function M.getstatusoutput(cmd, ...)
  aux.checknargs(1, cmd, ...)
  return results(statusoutput(cmd, 1))
end

function M.getoutput(cmd, ...)
  aux.checknargs(1, cmd, ...)
  local rc, data, code, err = statusoutput(cmd, 1)
  if rc == nil then return nil, data, code, err end
  return data
end

aux.setnames(M, "pyos.subprocess.")
aux.setnames(Popen, "pyos.subprocess.Popen:")
aux.setnames(CompletedProcess, "pyos.subprocess.CompletedProcess:")

return M
