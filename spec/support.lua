-- Utilities shared by the specs: temp dirs, shell and python3 helpers,
-- and assertions for pyos's error conventions. No pyos inside: setup and
-- cross-checks go through the shell or python3, never through the code
-- under test.
local support = {}

-- Running under valgrind (make check): it emulates vfork and pidfds its
-- own way, so the few specs that depend on them say so and step aside.
support.valgrind = (os.getenv("LD_PRELOAD") or ""):find("vgpreload", 1, true) ~= nil

-- The command of this runtime (lua5.1 ... lua5.4, luajit), for children.
support.runtime = os.getenv("PYOS_TEST_RUNTIME")
  or (jit and "luajit" or "lua" .. _VERSION:match("%d+%.%d+"))
support.hasintegers = math.type ~= nil          -- Lua 5.3 and 5.4
support.isroot = require("pyos_testkit").isroot()

-- Quote s for /bin/sh.
function support.quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end
local quote = support.quote

-- Children get an environment without the sanitizer preload of make check.
local CLEAN = "env -u LD_PRELOAD ASAN_OPTIONS=detect_leaks=0 "

-- Run cmd under /bin/sh; return its output (stdout and stderr) and its
-- exit status. The status travels on a last line of its own, because
-- Lua 5.1's and LuaJIT's popen close() does not report it.
local function popen_status(cmd)
  local p = assert(io.popen("(" .. cmd .. ") 2>&1; printf '\\n#rc=%d\\n' $?", "r"))
  local out = p:read("*a")
  p:close()
  local body, rc = out:match("^(.*)\n#rc=(%d+)\n$")
  return body, tonumber(rc)
end

-- The shell words that start this runtime as a child that loads pyos:
-- under make check it needs the same preload (the ASan runtime first),
-- which sh() strips for every other command.
function support.luacmd()
  local preload = os.getenv("LD_PRELOAD")
  if preload and preload ~= "" then
    return "LD_PRELOAD=" .. quote(preload) .. " " .. support.runtime
  end
  return support.runtime
end

-- Run a shell command; return its stdout and whether it exited 0.
function support.sh(cmd)
  local out, rc = popen_status(CLEAN .. "sh -c " .. quote(cmd))
  return out, rc == 0
end

-- The interpreter itself, found once: a version manager's python3 shim
-- (pyenv's is a shell script) would double the cost of every call.
local PYTHON = "python3"
do
  local p = io.popen("python3 -c 'import sys; print(sys.executable)' 2>/dev/null")
  local exe = p and p:read("*l")
  if p then p:close() end
  if exe and exe ~= "" then PYTHON = quote(exe) end
end
support.PYTHON = PYTHON

-- Run python3 code with extra arguments (in sys.argv[1:]); return stdout
-- without its final newline. Raises when python3 fails.
function support.python(code, ...)
  local args = {}
  for i = 1, select("#", ...) do args[i] = quote(select(i, ...)) end
  local cmd = CLEAN .. PYTHON .. " -c " .. quote(code) .. " " .. table.concat(args, " ")
  local out, rc = popen_status(cmd)
  if rc ~= 0 then
    error("python3 failed: " .. out, 2)
  end
  return (out:gsub("\n$", ""))
end

-- A fresh empty directory, removed with everything in it by cleanup().
local made = {}
function support.tmpdir()
  local p = assert(io.popen("mktemp -d /tmp/pyos-spec.XXXXXX"))
  local dir = p:read("*l")
  p:close()
  made[#made + 1] = dir
  return dir
end

-- Closers for what a test opened: cleanup() runs them (last first) before
-- it removes the temp dirs, so a test does finally(support.cleanup) once.
local deferred = {}
function support.defer(fn)
  deferred[#deferred + 1] = fn
end

-- Close an array of fds.
function support.closeall(pyos, list)
  for _, fd in ipairs(list) do pyos.close(fd) end
end

-- Run fn in a child forked with pyos; its result is the exit code (true
-- 0, false 1); an error exits 99 with the message on stderr.
function support.inchild(pyos, fn)
  local pid = assert(pyos.fork())
  if pid == 0 then
    local ok, r = pcall(fn)
    if not ok then
      io.stderr:write("child error: ", tostring(r), "\n")
      pyos._exit(99)
    end
    pyos._exit(r == true and 0 or r == false and 1 or r or 0)
  end
  local _, st = assert(pyos.waitpid(pid, 0))
  return pyos.waitstatus_to_exitcode(st)
end

-- A pipe and a shell child that writes "x\n" to its write end after
-- 0.3 s (for the EINTR specs): the read end and the popen handle.
function support.latewriter(pyos)
  local r, w = assert(pyos.pipe())
  assert(pyos.set_inheritable(w, true))
  local p = assert(io.popen("sleep 0.3; echo x >&" .. w, "r"))
  pyos.close(w)
  return r, p
end

-- Replace the value a pyos userdata keeps alive (a view's buffer, a
-- DirEntry's stat cache) behind pyos's back, as only the debug library
-- can: the user value on 5.3 and 5.4, a one-slot table on 5.1, 5.2 and
-- LuaJIT (pyos's own layout there).
function support.setref(u, value)
  if _VERSION == "Lua 5.4" then
    debug.setuservalue(u, value, 1)
  elseif _VERSION == "Lua 5.3" then
    debug.setuservalue(u, value)
  elseif debug.setuservalue then
    debug.setuservalue(u, {value})
  else
    debug.setfenv(u, {value})
  end
end

function support.cleanup()
  for i = #deferred, 1, -1 do
    local fn = deferred[i]
    deferred[i] = nil
    fn()
  end
  for i = #made, 1, -1 do
    os.execute("chmod -R u+rwx " .. quote(made[i]) .. " 2>/dev/null; rm -rf " .. quote(made[i]))
    made[i] = nil
  end
end

-- Write a file with the given content.
function support.writefile(path, content)
  local f = assert(io.open(path, "wb"))
  f:write(content or "")
  f:close()
end

function support.readfile(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- Assert that a call failed the pyos way: nil, msg, errno, err, where msg
-- is a string equal to tostring(err), errno the integer and err the
-- OSError; with the expected errno name (e.g. "ENOENT"), exception name,
-- and exact message. Returns err.
function support.assert_oserror(expect, ok, msg, code, err, ...)
  local pyos = require "pyos"
  assert(ok == nil, "expected nil, got " .. tostring(ok))
  assert(select("#", ...) == 0, "more than four values")
  assert(type(msg) == "string", "expected a message string, got " .. type(msg))
  assert(getmetatable(err) == pyos.OSError, "expected an OSError as the fourth value, got " .. tostring(err))
  assert(tostring(err) == msg, "tostring(err) ~= msg:\n" .. tostring(err) .. "\n" .. msg)
  assert(math.type == nil or math.type(code) == "integer", "errno is not an integer")
  assert(code == err.errno, "third value " .. tostring(code) .. ", err.errno " .. tostring(err.errno))
  if expect.errno then
    local n = pyos.errno[expect.errno]
    assert(err.errno == n, "errno " .. tostring(err.errno) .. ", expected " .. expect.errno)
  end
  if expect.name then
    assert(err.name == expect.name, "name " .. tostring(err.name) .. ", expected " .. expect.name)
  end
  if expect.str then
    assert(msg == expect.str,
           "message was " .. msg .. "\nexpected    " .. expect.str)
  end
  if expect.filename ~= nil then
    assert(err.filename == expect.filename, "filename " .. tostring(err.filename))
  end
  return err
end

-- Assert that f(...) raises an error whose message matches pattern.
function support.assert_raises(pattern, f, ...)
  local ok, msg = pcall(f, ...)
  assert(not ok, "expected an error matching " .. pattern .. ", got success")
  msg = tostring(msg)
  assert(msg:find(pattern), "error was: " .. msg .. "\nexpected a match for: " .. pattern)
  return msg
end

return support
