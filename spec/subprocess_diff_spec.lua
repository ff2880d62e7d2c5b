-- pyos.subprocess against python3's subprocess: 156 seeded scenarios
-- (exit codes, signals, both streams, stdin, binary data, time-outs,
-- missing and non-executable programs, cwd, env, umask, pass_fds /
-- close_fds, shell, executable; run, call, check_call, check_output,
-- getstatusoutput), all run by ONE python3 process, then by pyos; the
-- return code, the bytes captured, the exception class and its message
-- must be the same.
--
-- Python 3.11 is the oracle; for what these scenarios touch, 3.14 does
-- the same. Not compared: the output a time-out caught before the kill
-- (it depends on how fast the child ran; spec/subprocess_spec.lua checks
-- it with a child that writes first).
local support = require "support"
local pyos = require "pyos"
local sp = require "pyos.subprocess"

local format, byte, char, rep = string.format, string.byte, string.char, string.rep
local concat = table.concat

local seed = 20251203
local function rnd(n)
  seed = (seed * 16807) % 2147483647
  return seed % n + 1
end

local function hex(s)
  return (s:gsub(".", function(c) return format("%02x", byte(c)) end))
end

local function randbytes(n)
  local t = {}
  for i = 1, n do t[i] = char(rnd(256) - 1) end
  return concat(t)
end

-- printf's octal escapes: the exact bytes, whatever they are.
local function printf(s)
  return "printf '" .. s:gsub(".", function(c) return format("\\%03o", byte(c)) end) .. "'"
end

local SIGS = {1, 2, 3, 6, 9, 10, 13, 14, 15, 31, 34, 40}

-- The scenarios: {fn = name, args = string or list, opts = table}.
local function scenarios(dir)
  local S = {}
  local function add(fn, args, opts) S[#S + 1] = {fn = fn, args = args, opts = opts or {}} end
  for _ = 1, 25 do                                    -- exit codes, maybe checked
    local code = rnd(256) - 1
    add("run", {"sh", "-c", "exit " .. code}, {check = rnd(2) == 1})
  end
  for _, sig in ipairs(SIGS) do                       -- killed by a signal
    add("run", {"sh", "-c", "kill -" .. sig .. " $$"}, {check = true})
  end
  for _ = 1, 30 do                                    -- both streams
    local o, e = randbytes(rnd(300) - 1), randbytes(rnd(300) - 1)
    local how = rnd(4)
    local opts = ({{capture_output = true}, {stdout = sp.PIPE, stderr = sp.STDOUT},
                   {stdout = sp.PIPE, stderr = sp.DEVNULL}, {stdout = sp.DEVNULL, stderr = sp.PIPE}})[how]
    opts.check = rnd(3) == 1
    add("run", {"sh", "-c", printf(o) .. "; " .. printf(e) .. " >&2; exit " .. (rnd(3) - 1)}, opts)
  end
  for _ = 1, 16 do                                    -- stdin
    local input = randbytes(rnd(4) == 1 and 300000 + rnd(100000) or rnd(2000) - 1)
    local cmd = ({"cat", "cat >&2", "wc -c", "head -c 100; exit 4", "exec 0<&-; exit 0"})[rnd(5)]
    add("run", {"sh", "-c", cmd}, {input = input, capture_output = true})
  end
  for _ = 1, 8 do                                     -- time-outs
    local t = ({0.05, 0.1, 0.15, 0.2, 0.125})[rnd(5)]
    -- run without a pipe is left out: Python's message then shows the
    -- time that was left (communicate's wait(remaining)), not the timeout
    local fn = ({"run", "call"})[rnd(2)]
    add(fn, {"sh", "-c", "printf x; exec sleep 3"},
        {timeout = t, stdout = (fn == "run" or rnd(2) == 1) and sp.PIPE or sp.DEVNULL})
  end
  local progs = {"nope-" .. rnd(1000), dir .. "/missing", dir .. "/noexec",
                 dir .. "/sub/x", "./noexec", dir}
  for i = 1, 12 do                                    -- programs that cannot run
    local prog = progs[(i - 1) % #progs + 1]
    local opts = {}
    if prog == "./noexec" then opts.cwd = dir end
    add(({"run", "call", "check_call", "check_output"})[rnd(4)], {prog, "a"}, opts)
  end
  add("run", {"true"}, {cwd = dir .. "/none"})
  add("run", {"true"}, {cwd = dir .. "/noexec"})
  add("run", {"prog"}, {executable = dir .. "/none"})
  add("run", "exit 3", {shell = true, check = true})
  add("run", {"nope-" .. rnd(100)}, {shell = true, stderr = sp.DEVNULL})
  for _ = 1, 8 do                                     -- cwd
    add("run", {"pwd"}, {cwd = rnd(2) == 1 and dir or "/", stdout = sp.PIPE})
  end
  for _ = 1, 10 do                                    -- env (sorted by the child)
    local env = {}
    for k = 1, rnd(4) do env["V" .. k .. rnd(9)] = randbytes(rnd(10)):gsub("%z", "") end
    add("run", {"sh", "-c", "env | LC_ALL=C sort"}, {env = env, stdout = sp.PIPE})
  end
  for _ = 1, 10 do                                    -- umask
    add("run", {"sh", "-c", "umask"}, {umask = rnd(512) - 1, stdout = sp.PIPE})
  end
  for _ = 1, 10 do                                    -- fds 50 (inheritable) and 51 (not)
    local opts = {stdout = sp.PIPE}
    local k = rnd(4)
    if k == 1 then opts.close_fds = false
    elseif k == 2 then opts.pass_fds = {51}
    elseif k == 3 then opts.pass_fds = {50, 51} end
    add("run", {"sh", "-c", "for f in 50 51; do [ -e /proc/self/fd/$f ] && echo $f; done; true"}, opts)
  end
  for _ = 1, 10 do                                    -- shell strings and the helpers
    local o = {}                                      -- text: Python decodes it
    for j = 1, rnd(50) do o[j] = char(96 + rnd(26)) end
    o = concat(o) .. (rnd(2) == 1 and "\n" or "")
    local code = rnd(4) - 1
    local cmd = printf(o) .. "; " .. printf("E") .. " >&2; exit " .. code
    add(({"getstatusoutput", "check_output", "run"})[rnd(3)], cmd,
        {shell = true, stdout = sp.PIPE, stderr = sp.PIPE})
  end
  return S
end

-- Python source: every string as hex (args as str via surrogateescape).
local function pystr(s) return "h('" .. hex(s) .. "')" end
local function pyval(k, v)
  if k == "input" then return "bytes.fromhex('" .. hex(v) .. "')" end
  if k == "stdout" or k == "stderr" or k == "stdin" then
    return ({[-1] = "sp.PIPE", [-2] = "sp.STDOUT", [-3] = "sp.DEVNULL"})[v]
  end
  if type(v) == "boolean" then return v and "True" or "False" end
  if type(v) == "number" then return tostring(v) end
  if type(v) == "string" then return pystr(v) end
  local parts = {}
  if k == "env" then
    for name, val in pairs(v) do parts[#parts + 1] = pystr(name) .. ": " .. pystr(val) end
    return "{" .. concat(parts, ", ") .. "}"
  end
  for i = 1, #v do parts[i] = tostring(v[i]) end
  return "[" .. concat(parts, ", ") .. "]"
end

local function pysource(S)
  local lines = {}
  for i, s in ipairs(S) do
    local args
    if type(s.args) == "string" then args = pystr(s.args)
    else
      local a = {}
      for j = 1, #s.args do a[j] = pystr(s.args[j]) end
      args = "[" .. concat(a, ", ") .. "]"
    end
    local kw = {}
    for k, v in pairs(s.opts) do kw[#kw + 1] = k .. "=" .. pyval(k, v) end
    lines[i] = format("  (%q, %s, dict(%s)),", s.fn, args, concat(kw, ", "))
  end
  return concat(lines, "\n")
end

local PY = [[
import os, sys, subprocess as sp
def h(x): return bytes.fromhex(x).decode('utf-8', 'surrogateescape')
def x(b): return '-' if b is None else b.hex() if isinstance(b, bytes) else b.encode('utf-8', 'surrogateescape').hex()
os.umask(0o22)
fd = os.open('/dev/null', os.O_RDONLY); os.dup2(fd, 50); os.dup2(fd, 51, inheritable=False); os.close(fd)
S = [
%s
]
resf = open(sys.argv[1], 'w')
for fn, args, kw in S:
    try:
        if fn == 'run':
            r = sp.run(args, **kw); res = 'ok %%d %%s %%s' %% (r.returncode, x(r.stdout), x(r.stderr))
        elif fn == 'check_output':
            kw.pop('stdout', None); res = 'ok %%s' %% x(sp.check_output(args, **kw))
        elif fn == 'getstatusoutput':
            rc, out = sp.getstatusoutput(args); res = 'ok %%d %%s' %% (rc, x(out))
        else:
            res = 'ok %%d' %% getattr(sp, fn)(args, **kw)
    except sp.TimeoutExpired as e:
        res = 'exc TimeoutExpired %%s' %% x(str(e))
    except sp.CalledProcessError as e:
        res = 'exc CalledProcessError %%s %%d %%s %%s' %% (x(str(e)), e.returncode, x(e.output), x(e.stderr))
    except OSError as e:
        res = 'exc %%s %%s %%d' %% (type(e).__name__, x(str(e)), e.errno)
    print(res, file=resf, flush=True)
]]

local function x(s)
  if s == nil then return "-" end
  return hex(s)
end

local function ours(s)
  local opts = {}
  for k, v in pairs(s.opts) do opts[k] = v end
  local fn = s.fn
  local ok, a, b, c, d = pcall(function()
    if fn == "run" then return sp.run(s.args, opts) end
    if fn == "check_output" then opts.stdout = nil; return sp.check_output(s.args, opts) end
    if fn == "getstatusoutput" then return sp.getstatusoutput(s.args) end
    return sp[fn](s.args, opts)
  end)
  local e = not ok and a or d
  if e then
    if e.name == "TimeoutExpired" then return "exc TimeoutExpired " .. x(tostring(e)) end
    if e.name == "CalledProcessError" then
      return format("exc CalledProcessError %s %d %s %s", x(tostring(e)), e.returncode,
                    x(e.output), x(e.stderr))
    end
    return format("exc %s %s %d", e.name, x(tostring(e)), e.errno)
  end
  if fn == "run" then return format("ok %d %s %s", a.returncode, x(a.stdout), x(a.stderr)) end
  if fn == "check_output" then return "ok " .. x(a) end
  if fn == "getstatusoutput" then return format("ok %d %s", a, x(b)) end
  return format("ok %d", a)
end

describe("pyos.subprocess against python3", function()
  it("gives Python's results in 156 seeded scenarios", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    assert(pyos.mkdir(dir .. "/sub"))
    support.writefile(dir .. "/noexec", "#!/bin/sh\n")
    support.writefile(dir .. "/sub/x", "#!/bin/sh\n")
    assert(pyos.chmod(dir .. "/sub", 0))           -- x behind a closed door
    local S = scenarios(dir)
    assert.is_true(#S >= 150)
    local script = dir .. "/oracle.py"
    support.writefile(script, format(PY, pysource(S)))
    assert(os.execute("cd " .. support.quote(dir) .. " && env -u LD_PRELOAD "
                      .. support.PYTHON .. " " .. script .. " results"))
    local expected = {}
    for line in io.lines(dir .. "/results") do expected[#expected + 1] = line end
    assert(pyos.chmod(dir .. "/sub", 448))
    assert.equal(#S, #expected)

    -- the same world: fd 50 inheritable, fd 51 not, umask 022, cwd dir
    local null = assert(pyos.open("/dev/null", pyos.O_RDONLY))
    assert(pyos.dup2(null, 50))
    assert(pyos.dup2(null, 51, false))
    pyos.close(null)
    local oldmask = pyos.umask(18)
    local oldcwd = pyos.getcwd()
    assert(pyos.chmod(dir .. "/sub", 0))
    assert(pyos.chdir(dir))
    local got = {}
    -- under valgrind (make check) one scenario in four runs through pyos
    local step = support.valgrind and 4 or 1
    for i, s in ipairs(S) do
      if (i - 1) % step == 0 then got[i] = ours(s) else got[i] = expected[i] end
    end
    pyos.chdir(oldcwd)
    pyos.umask(oldmask)
    pyos.close(50)
    pyos.close(51)
    assert(pyos.chmod(dir .. "/sub", 448))
    local bad = {}
    for i = 1, #S do
      if got[i] ~= expected[i] then
        bad[#bad + 1] = format("#%d %s %s\n  python: %s\n  pyos:   %s", i, S[i].fn,
                               type(S[i].args) == "table" and concat(S[i].args, " ") or S[i].args,
                               expected[i]:sub(1, 300), got[i]:sub(1, 300))
      end
    end
    assert(#bad == 0, #bad .. " differences:\n" .. concat(bad, "\n"))
  end)
end)
