-- fuzz/reentry.lua: the reentrancy fuzzer (issue 14).
--
-- Lua code runs inside a pyos binding whenever the binding allocates (a GC
-- step may call __gc finalizers; on LuaJIT lua_pushlstring runs them before
-- it copies), calls a metamethod of an argument (__fspath of a path-like,
-- __index of an options table, __index/__len/__pairs of argv and env
-- tables, __tostring), or calls a user callback (walk/fwalk onerror,
-- register_at_fork handlers). This fuzzer makes that Lua code hostile: for
-- every exported function that takes a table, a path, an options table or a
-- callback, it builds arguments whose metamethods call random pyos
-- functions, collect garbage and mutate the other arguments of the same
-- call, keeps finalizer-armed garbage on the heap (objects whose __gc does
-- the same: putenv/unsetenv, environ(), reads of large sizes through the
-- shared read buffer, ...), and varies the collector's parameters
-- (setpause/setstepmul; on 5.4 also incremental/generational). Half the
-- calls are made right after the collector was "positioned": stopped with a
-- batch of finalizers pending, so that the binding's first allocation runs
-- them.
--
-- Results are checked where an oracle exists: read/pread/readv/preadv of a
-- file with known bytes, the argv and env a spawned or exec'd child really
-- receives (it prints them), environ() snapshots against the values the
-- fuzzer set, writes read back. Any Lua runtime error raised from inside
-- pyos's Lua layer ("attempt to index a nil value" in lua/pyos/...), a
-- failure with EFAULT, a raise on arguments that were valid, a child that
-- dies, and the walk iterator re-entered from its own onerror without
-- Python's "generator already executing" are findings. Memory errors are
-- left to ASan+UBSan (scripts/reentry.sh runs this under them).
--
-- Usage: lua fuzz/reentry.lua [seed] [iterations] [seconds] [--options]
-- (scripts/reentry.sh sets up the ASan build and preload and runs it).
-- Each setting is also an environment variable, REENTRY_<NAME>:
--   SEED        default: from the clock
--   ITERATIONS  default: no limit
--   SECONDS     default: 60 (checked between iterations)
--   FROM        first iteration (default 1)
--   ONLY        comma list of targets to fuzz (--list prints them)
--   SKIP        targets left out, also as nested calls
--   NOHOSTILE   hostile actions left out: envchurn, envread, bigread, gc,
--               mutate, garbage, nested
--   TRACE=1     each call and hostile action on stderr before it happens
--   VERBOSE=1   every finding, not only the first three of a kind
--   TRAIL       a file that always holds "seed iteration target runtime"
--               (what scripts/reentry.sh reports after a sanitizer abort)
--   JIT=1       LuaJIT: keep the JIT compiler on (see below)
--   LIST=1      print the targets and the exclusions, then exit
-- Options: --seed= --iterations= --seconds= --from= --only= --skip=
-- --nohostile= --trail= --trace --verbose --jit --list
-- Each iteration reseeds the generator from (seed, iteration), so
-- REENTRY_SEED=S REENTRY_FROM=I REENTRY_ITERATIONS=1 replays iteration I
-- alone (the heap differs from the full run, so a GC-timing finding may
-- need the iterations before it: REENTRY_ITERATIONS=I from 1).
-- Ends with one line:
--   reentry: RUNTIME seed=S iterations=N calls=C hostile=H (...) findings=F time=Ts
-- Exit status: 0 without findings, 1 with.
--
-- Safety: the test process is never killed, exited or exec'd over; it never
-- closes an fd it did not open, never changes its uid/gid/groups, root,
-- namespaces, session or scheduler (those calls run only in a forked child
-- that then _exits); every child is reaped; cwd, umask and the environment
-- are restored (only PYOS_FZ_* variables are ever set); all files live
-- under one temp dir (in $TMPDIR) removed at the end. See EXCLUDED below.

local pyos = require "pyos"

local unpack = table.unpack or unpack
local V = _VERSION
local isjit = type(jit) == "table"
local RT = isjit and "luajit" or ("lua" .. V:match("%d+%.%d+"))
local floor = math.floor
local rawlen = rawlen or function(t) return #t end   -- 5.1/LuaJIT ignore __len on tables

-- ---- Arguments -------------------------------------------------------------

local opt = {}
do
  local pos = {}
  for i = 1, #(arg or {}) do
    local a = arg[i]
    local k, v = a:match("^%-%-([%w_]+)=(.*)$")
    if k then opt[k] = v
    elseif a:match("^%-%-[%w_]+$") then opt[a:sub(3)] = "1"
    else pos[#pos + 1] = a end
  end
  local function get(name, envname, p)
    return opt[name] or pos[p] or os.getenv(envname)
  end
  opt.seed = tonumber(get("seed", "REENTRY_SEED", 1) or "") or (os.time() % 1000000)
  opt.iterations = tonumber(get("iterations", "REENTRY_ITERATIONS", 2) or "")
  opt.seconds = tonumber(get("seconds", "REENTRY_SECONDS", 3) or "")
  if not opt.seconds then opt.seconds = 60 end
  if not opt.iterations then opt.iterations = 2 ^ 40 end
  opt.from = tonumber(opt.from or os.getenv("REENTRY_FROM") or "1")
  opt.only = opt.only or os.getenv("REENTRY_ONLY")
  opt.skip = opt.skip or os.getenv("REENTRY_SKIP")
  opt.trace = (opt.trace or os.getenv("REENTRY_TRACE") or "") ~= ""
  opt.verbose = (opt.verbose or os.getenv("REENTRY_VERBOSE") or "") ~= ""
  opt.trail = opt.trail or os.getenv("REENTRY_TRAIL")
  opt.list = (opt.list or os.getenv("REENTRY_LIST") or "") ~= ""
  opt.jit = (opt.jit or os.getenv("REENTRY_JIT") or "") ~= ""
end

-- LuaJIT: the JIT compiler off unless REENTRY_JIT=1. With it on, runs
-- stop making progress after a few dozen iterations: the fuzzer's own
-- checking loop over an environ() snapshot, run from a __gc finalizer
-- nested in hostile code, spins in one trace exit for ever (seen with and
-- without pyos's reentrancy fixes; the same seeds run clean with -joff, so
-- it is not in pyos's C code, which the JIT does not change; not reduced
-- further).
if isjit and not opt.jit then
  jit.off()
  jit.flush()
end

-- ---- Deterministic random numbers (the same on every runtime) --------------

local rstate = 1
local function rseed(iter)
  rstate = (opt.seed * 1000003 + iter * 7919) % 2147483646 + 1
end
local function rnext()
  rstate = (rstate * 48271) % 2147483647
  return rstate
end
local function rnd(n) return rnext() % n + 1 end              -- 1 .. n
local function chance(p) return rnext() < p * 2147483647 end
local function pick(list) return list[rnd(#list)] end

-- ---- State -----------------------------------------------------------------

local stats = {iterations = 0, calls = 0, meta = 0, fin = 0, cb = 0,
               children = 0, positioned = 0, raised = 0, nested = 0}
local findings, seenfinding = 0, {}
local armed = false        -- true while a fuzzed call is in progress
local cur = nil            -- the innermost call's context
local depth = 0            -- hostile code nesting
local hbudget, nbudget = 0, 0  -- hostile runs and nested calls left for this call
local MAXDEPTH = 2
local iteration, target = 0, "-"
local MAINPID = pyos.getpid()
local stopping = false

local TMP, W, RO, OUT          -- temp root, scratch dir, read-only fixtures, outputs
local SD, SDNAMES = nil, {}    -- a directory only scandir reads, its names
local CWD0, UMASK0
local BASEENV = {}             -- the environment at start (names not ours)
local envvals = {}             -- PYOS_FZ_* name -> set of values ever set
local extranames = 0           -- PYOS_FZ_X<n> names set so far
local MARK = "PYOS_FZ_MARK"

local CONTENT_A, CONTENT_B     -- the oracle files' bytes
local fdA, fdB                 -- read-only fds: A for the read oracle, B for hostile reads

local O = {
  RDONLY = pyos.O_RDONLY, WRONLY = pyos.O_WRONLY, RDWR = pyos.O_RDWR,
  CREAT = pyos.O_CREAT, TRUNC = pyos.O_TRUNC, APPEND = pyos.O_APPEND,
  NONBLOCK = pyos.O_NONBLOCK, DIRECTORY = pyos.O_DIRECTORY,
}
local function bor(...)
  local r = 0
  for i = 1, select("#", ...) do
    local v, bit, acc = select(i, ...), 1, 0
    local a, b = r, v
    while a > 0 or b > 0 do
      local x, y = a % 2, b % 2
      if x == 1 or y == 1 then acc = acc + bit end
      a, b, bit = (a - x) / 2, (b - y) / 2, bit * 2
    end
    r = acc
  end
  return r
end

local function say(...)
  io.stderr:write(table.concat({...}), "\n")
end

-- The command that replays iteration `iteration` alone (scripts/reentry.sh
-- sets up the build and the sanitizer preload).
local function reproducer(name)
  local extra = ""
  local nh = opt.nohostile or os.getenv("REENTRY_NOHOSTILE") or ""
  if nh ~= "" then extra = extra .. " REENTRY_NOHOSTILE=" .. nh end
  return ("REENTRY_SEED=%d REENTRY_FROM=%d REENTRY_ITERATIONS=1 REENTRY_ONLY=%s%s sh scripts/reentry.sh %s")
         :format(opt.seed, iteration, name, extra, RT)
end

local function finding(kind, name, detail)
  findings = findings + 1
  local norm = detail:gsub('"[^"]*"', "S"):gsub("'[^']*'", "S"):gsub("%d+", "#")
  local key = kind .. "|" .. name .. "|" .. norm:sub(1, 80)
  local n = (seenfinding[key] or 0) + 1
  seenfinding[key] = n
  if n <= 3 or opt.verbose then
    say(("FINDING [%s] %s (iteration %d, seed %d): %s\n  reproduce: %s")
        :format(kind, name, iteration, opt.seed, detail, reproducer(name)))
  elseif n == 4 then
    say(("FINDING [%s] %s: more of the same, not shown"):format(kind, name))
  end
end

-- ---- Finalizer-armed garbage -----------------------------------------------

local newgc
if newproxy then             -- 5.1, LuaJIT: only userdata have __gc
  newgc = function(f) local u = newproxy(true); getmetatable(u).__gc = f; return u end
else
  newgc = function(f) return setmetatable({}, {__gc = f}) end
end

local hostile                  -- defined below
local finpop, fintarget = 0, 64

local function fin()
  finpop = finpop - 1
  if armed and cur and depth < MAXDEPTH and not stopping then
    cur.reentered = true
    -- 5.4 turns an error in __gc into a warning: keep it visible
    local ok, e = pcall(hostile, cur, "finalizer")
    if not ok and not tostring(e):find("fuzz: injected", 1, true) then
      finding("harness", cur.name, "error in finalizer: " .. tostring(e))
    end
  end
  if not stopping and finpop < fintarget then   -- a perpetual population
    finpop = finpop + 1
    newgc(fin)
  end
end

local function armheap(n)
  for _ = 1, n do finpop = finpop + 1; newgc(fin) end
end

-- Collector parameters: defaults to restore, and a random setting.
local function gcdefaults()
  if V == "Lua 5.4" then collectgarbage("incremental", 200, 100, 13)
  else collectgarbage("setpause", 200); collectgarbage("setstepmul", 200) end
end

local function gcrandom()
  if V == "Lua 5.4" and chance(0.15) then
    collectgarbage("generational", rnd(40), rnd(200))
  elseif V == "Lua 5.4" then
    collectgarbage("incremental", pick{1, 10, 50, 100, 200, 300}, pick{1, 50, 100, 400, 1000},
                   pick{1, 2, 8, 13})
  else
    collectgarbage("setpause", pick{0, 1, 10, 50, 100, 200, 300})
    collectgarbage("setstepmul", pick{1, 2, 50, 100, 200, 400, 1000})
  end
end

-- Stop the collector with a batch of finalizers pending and restart it so
-- that the next allocation steps (and runs some of them): set before a
-- call, the binding's first allocation runs hostile code.
local seen = 0
local function positionfin()
  seen = seen + 1
  finpop = finpop - 1
end
local function position(n)
  stats.positioned = stats.positioned + 1
  -- as fuzz/reentry_spec.lua's pending(), which says why
  gcdefaults()
  local k = 0
  if V == "Lua 5.4" then
    collectgarbage("incremental", 200, 100, 10)
    collectgarbage("stop")
    newgc(positionfin)
    for _ = 1, n do finpop = finpop + 1; newgc(fin) end
    local weak = setmetatable({}, {__mode = "v"})
    weak[1] = {}
    seen = 0
    while weak[1] ~= nil and k < 200000 do collectgarbage("step", 0); k = k + 1 end
    if seen > 0 then                              -- the whole cycle in one step
      collectgarbage("collect")
      collectgarbage("stop")
      newgc(positionfin)
      for _ = 1, n do finpop = finpop + 1; newgc(fin) end
      seen = 0
    end
    collectgarbage("incremental", 1, 100, 1)      -- 10-20 finalizers per allocation
    while seen == 0 and k < 200000 do collectgarbage("step", 0); k = k + 1 end
  else
    collectgarbage("collect")
    collectgarbage("stop")
    newgc(positionfin)
    for _ = 1, n do finpop = finpop + 1; newgc(fin) end
    seen = 0
    while seen == 0 and k < 200000 do collectgarbage("step", 0); k = k + 1 end
    collectgarbage("setpause", 1)
    collectgarbage("setstepmul", (isjit or V == "Lua 5.1") and 1 or 1000)
  end
  collectgarbage("restart")
end

-- ---- Files and fds -----------------------------------------------------------

local function pattern(seedch, n)
  local parts, unit = {}, {}
  for i = 1, 251 do unit[i] = string.char(33 + (i * seedch) % 90) end
  unit = table.concat(unit)
  local reps = floor(n / 251) + 1
  return (unit:rep(reps)):sub(1, n)
end

local function writefile(path, s)
  local f = io.open(path, "wb")     -- (a hostile chdir/unlink may be in the way)
  if not f then return false end
  f:write(s)
  f:close()
  return true
end

local function readfile(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

-- Remove a tree (unarmed; plain pyos calls).
local function rmtree(p)
  local st = pyos.lstat(p)
  if not st then return end
  if pyos.S_ISDIR(st.st_mode) then
    local names = pyos.listdir(p) or {}
    for _, n in ipairs(names) do rmtree(p .. "/" .. n) end
    pyos.rmdir(p)
  else
    pyos.unlink(p)
  end
end

local SCRATCH = {"f1", "f2", "f3", "d1", "d2", "d1/s1", "d1/f4", "l1", "l2", "nx",
                 "nx/ny", "d2/s2", "d1/s1/f5", "new1", "new2", "fifo1"}

local function resetscratch(full)
  if full then rmtree(W) end
  pyos.mkdir(W)
  local n = #(pyos.listdir(W) or {})
  if n > 60 then rmtree(W); pyos.mkdir(W) end
  for _, d in ipairs{"d1", "d2", "d1/s1", "d2/s2"} do pyos.mkdir(W .. "/" .. d) end
  for _, f in ipairs{"f1", "f2", "f3", "d1/f4", "d1/s1/f5"} do
    if not pyos.lstat(W .. "/" .. f) then writefile(W .. "/" .. f, "scratch " .. f .. "\n") end
  end
  if not pyos.lstat(W .. "/l1") then pyos.symlink("f1", W .. "/l1") end
  if not pyos.lstat(W .. "/l2") then pyos.symlink("d1", W .. "/l2") end
end

-- ---- Contexts ------------------------------------------------------------------

local Ctx = {}
Ctx.__index = Ctx

local function newctx(name, parent)
  local root = parent and parent.root or nil
  local c = setmetatable({name = name, parent = parent, mut = {}, invalid = false,
                          injected = false, reentered = false}, Ctx)
  c.root = root or c
  if not root then c.fds, c.kids, c.closers = {}, {}, {} end
  return c
end

function Ctx:own(fd)
  if type(fd) == "number" and fd >= 0 then
    local l = self.root.fds
    l[#l + 1] = fd
  end
  return fd
end

function Ctx:kid(pid)
  if type(pid) == "number" and pid > 0 then
    local l = self.root.kids
    l[#l + 1] = pid
  end
  return pid
end

function Ctx:closer(f)
  local l = self.root.closers
  l[#l + 1] = f
end

function Ctx:mutator(f)
  self.mut[#self.mut + 1] = f
end

-- Reap a child: its exit code (or -signal), once.
local function reap(ctx, pid)
  local l = ctx.root.kids
  for i = #l, 1, -1 do if l[i] == pid then table.remove(l, i) end end
  local r, st
  repeat r, st = pyos.waitpid(pid, 0) until r ~= nil or st == nil or not tostring(st):find("Interrupted")
  if not r then return nil end
  return pyos.waitstatus_to_exitcode(st)
end

function Ctx:cleanup()
  for i = #self.closers, 1, -1 do pcall(self.closers[i]) end
  for _, fd in ipairs(self.fds) do pyos.close(fd) end
  for _, pid in ipairs(self.kids) do pyos.waitpid(pid, 0) end
  self.fds, self.kids, self.closers = {}, {}, {}
end

-- A fresh scratch fd of some kind, owned by the iteration.
local fdcount = 0
local function scratchfd(ctx, kind)
  kind = kind or pick{"file", "file", "dir", "pipe", "devnull", "eventfd"}
  fdcount = fdcount + 1
  if kind == "file" then
    return ctx:own(pyos.open(W .. "/fd" .. (fdcount % 4),
                             bor(O.RDWR, O.CREAT, O.NONBLOCK), 420))
  elseif kind == "dir" then
    return ctx:own(pyos.open(W, bor(O.RDONLY, O.DIRECTORY)))
  elseif kind == "pipe" then
    local r, w = pyos.pipe2(O.NONBLOCK)
    ctx:own(r); ctx:own(w)
    return chance(0.5) and r or w
  elseif kind == "eventfd" then
    return ctx:own(pyos.eventfd(1, pyos.EFD_NONBLOCK))
  else
    return ctx:own(pyos.open("/dev/null", O.RDWR))
  end
end

-- ---- Hostile code --------------------------------------------------------------

local genericlist = {}           -- generic targets, for nested calls
local acall                      -- defined below

local function junk()
  local t = {}
  for i = 1, rnd(60) do t[i] = ("j"):rep(rnd(120)) .. i end
  if chance(0.3) then t.big = ("J"):rep(rnd(200000)) end
  return t
end

-- A value is known before it is set: hostile code may look at the
-- environment before the setter returns.
local function known(name, value)
  local s = envvals[name]
  if not s then s = {}; envvals[name] = s end
  s[value] = true
end

local function setfz(name, value)
  known(name, value)
  pyos.putenv(name, value)
end

local function fzvalue()
  local n = pick{0, 1, 8, 40, 100, 300, 2000}
  return ("v" .. rnd(1000)):rep(floor(n / 4) + 1):sub(1, n)
end

-- Check an environ() snapshot (or pairs) against what is known.
local function checkenvsnap(ctx, where, t)
  for k, v in pairs(t) do
    if type(k) ~= "string" or type(v) ~= "string" then
      finding("wrong-result", ctx.name, where .. ": non-string entry " .. type(k) .. "=" .. type(v))
      return
    end
    if k:sub(1, 8) == "PYOS_FZ_" then
      local s = envvals[k]
      if not (s and s[v]) then
        finding("wrong-result", ctx.name, ("%s: %s has a value never set: %q")
                :format(where, k, v:sub(1, 60)))
        return
      end
    elseif BASEENV[k] ~= v then
      finding("wrong-result", ctx.name, ("%s: %s=%q, expected %q")
              :format(where, k:sub(1, 40), v:sub(1, 60), tostring(BASEENV[k]):sub(1, 60)))
      return
    end
  end
  for k, v in pairs(BASEENV) do
    if t[k] ~= v then
      finding("wrong-result", ctx.name, where .. ": " .. k .. " missing from the snapshot")
      return
    end
  end
end

local hostileactions = {
  -- the process environment: new names (setenv reallocates environ),
  -- replacements, removals
  {"envchurn", 4, function(ctx)
    for _ = 1, rnd(6) do
      local r = rnd(10)
      if r <= 5 then
        extranames = extranames + 1
        setfz("PYOS_FZ_X" .. extranames, fzvalue())
      elseif r <= 8 then
        setfz("PYOS_FZ_" .. rnd(12), fzvalue())
      else
        pyos.unsetenv("PYOS_FZ_" .. (chance(0.5) and rnd(12) or ("X" .. rnd(extranames + 1))))
      end
    end
  end},
  {"envread", 2, function(ctx)
    local r = rnd(4)
    if r == 1 then checkenvsnap(ctx, "environ() in hostile code", pyos.environ())
    elseif r == 2 then
      local f, s, k = getmetatable(pyos.environ).__pairs(pyos.environ)
      local t = {}
      for name, value in f, s, k do t[name] = value end
      checkenvsnap(ctx, "__pairs(environ) in hostile code", t)
    elseif r == 3 then local _ = pyos.environ["PYOS_FZ_" .. rnd(12)]
    else local _ = pyos.getenv(MARK) end
  end},
  -- big reads through the shared read buffer (pread of fdB, checked)
  {"bigread", 3, function(ctx)
    local n = pick{100, 9000, 50000, 100000, 150000, 300000, 600000, 1100000}
    local off = pick{0, 0, 1, 4096, 77777}
    local s = pyos.pread(fdB, n, off)
    if type(s) == "string" and s ~= CONTENT_B:sub(off + 1, off + n) then
      finding("wrong-result", ctx.name, ("pread(%d, %d) in hostile code returned wrong bytes"):format(n, off))
    end
  end},
  {"gc", 3, function(ctx)
    local r = rnd(4)
    if r == 1 then collectgarbage("collect")
    elseif r == 2 then collectgarbage("step", rnd(64))
    elseif r == 3 then gcrandom()
    else collectgarbage("step", 0) end
  end},
  {"mutate", 6, function(ctx)
    local c = ctx
    -- mutators of the call in progress or of an enclosing one
    while c and #c.mut == 0 do c = c.parent end
    if c then
      pick(c.mut)()
      if chance(0.5) then collectgarbage("collect") end
      if chance(0.5) then local _ = junk() end
    end
  end},
  {"garbage", 2, function(ctx)
    local _ = junk()
    armheap(rnd(20))
  end},
  {"nested", 2, function(ctx)
    if depth < 2 and #genericlist > 0 and nbudget > 0 then
      nbudget = nbudget - 1
      stats.nested = stats.nested + 1
      local t = pick(genericlist)
      local c = newctx(t.name, ctx)
      c.nested = true
      t.run(c)
    end
  end},
}

-- REENTRY_NOHOSTILE=envread,bigread drops actions (to bisect a finding)
do
  local drop = {}
  for n in (opt.nohostile or os.getenv("REENTRY_NOHOSTILE") or ""):gmatch("[^,%s]+") do drop[n] = true end
  for i = #hostileactions, 1, -1 do
    if drop[hostileactions[i][1]] then table.remove(hostileactions, i) end
  end
end
local hostileweights, hostiletotal = {}, 0
for i, a in ipairs(hostileactions) do
  hostiletotal = hostiletotal + a[2]
  hostileweights[i] = hostiletotal
end

function hostile(ctx, where)
  if hbudget <= 0 then return end
  hbudget = hbudget - 1
  if where == "finalizer" then stats.fin = stats.fin + 1
  elseif where == "callback" then stats.cb = stats.cb + 1
  else stats.meta = stats.meta + 1 end
  depth = depth + 1
  local ok, e = pcall(function()
    for _ = 1, rnd(3) do
      local x, a = rnd(hostiletotal), nil
      for i, w in ipairs(hostileweights) do if x <= w then a = hostileactions[i]; break end end
      if opt.trace then say(("  [%d] %s~ %s (%s)"):format(iteration, ("  "):rep(depth), a[1], where)) end
      a[3](ctx)
    end
  end)
  depth = depth - 1
  if not ok then error(e, 0) end
end

-- Lua code run from a metamethod or callback of a call in progress.
local function reenter(ctx, where, mayraise)
  if not armed or depth >= MAXDEPTH then return end
  ctx = cur or ctx
  ctx.reentered = true
  hostile(ctx, where)
  if mayraise and chance(0.02) then
    ctx.injected = true
    error("fuzz: injected error", 0)
  end
end

-- ---- Argument generators ---------------------------------------------------------

-- A path-like value: __fspath runs hostile code and returns a fresh string.
local PLMT = {}
PLMT.__fspath = function(self)
  reenter(self.ctx, "__fspath", true)
  local s = self.a .. self.b     -- a new string each time
  self.got = s
  return s
end
PLMT.__tostring = function(self)
  reenter(self.ctx, "__tostring", true)
  return "<path-like " .. self.a .. self.b .. ">"
end
PLMT.__name = "fuzz.PathLike"

local function pathlike(ctx, s)
  local cut = rnd(#s + 1) - 1
  return setmetatable({ctx = ctx, a = s:sub(1, cut), b = s:sub(cut + 1)}, PLMT)
end

-- A DirEntry of the scratch dir (its __fspath is pyos's own).
local function direntry(ctx)
  local it = pyos.scandir(W)
  if not it then return W .. "/f1" end
  local e = it()
  it:close()
  return e or (W .. "/f1")
end

-- A path in some form: constant, fresh string, path-like, or (not
-- plain) a DirEntry of the scratch dir.
local function pathform(ctx, s, plain)
  local r = rnd(plain and 9 or 10)
  if r <= 3 then return s
  elseif r <= 5 then return (s .. "/"):sub(1, #s) -- a fresh copy
  elseif r <= 9 then return pathlike(ctx, s)
  else return direntry(ctx) end
end

-- A scratch path (functions that change the file system get only these).
local function P(ctx)
  local name = pick(SCRATCH)
  if chance(0.5) then name = W .. "/" .. name end
  return pathform(ctx, name)
end

-- Any path: scratch, the read-only fixtures, system paths that exist.
local function Q(ctx)
  if chance(0.6) then return P(ctx) end
  return pathform(ctx, pick{RO, RO .. "/a", RO .. "/b", "/", "/proc/self", "/dev/null",
                            "/nonexistent/x", ".", "", "/etc/passwd"})
end

local function D(ctx) return pathform(ctx, pick{W, W .. "/d1", W .. "/d2", "d1", "d1/s1", RO}) end
local function BOOL() return chance(0.5) end
local function MODE() return pick{0, 420, 448, 493, 511} end
local function UID() return pick{-1, 0} end
local function NIL() return nil end
local function DIRFD(ctx)
  if chance(0.5) then return nil end
  if chance(0.2) then return -100 end      -- AT_FDCWD
  return scratchfd(ctx, "dir")
end
local function FD(ctx) return scratchfd(ctx) end
local function FDFILE(ctx) return scratchfd(ctx, "file") end
local function SMALL() return pick{0, 1, 100, 4096, 65536} end
local function ATTR(ctx) return pathform(ctx, pick{"user.fz", "user.fz2", "user." .. ("x"):rep(rnd(60)), "trusted.x"}) end

-- An options table: some keys set, a metatable whose __index runs hostile
-- code (and sometimes answers with a valid value), mutators that toggle
-- keys. spec: array of {key, generator}.
local function OPTS(spec)
  return function(ctx)
    local t = {}
    for _, kv in ipairs(spec) do
      if chance(0.4) then t[kv[1]] = kv[2](ctx) end
    end
    if chance(0.8) then
      setmetatable(t, {__index = function(_, k)
        reenter(ctx, "__index", true)
        if chance(0.05) then
          for _, kv in ipairs(spec) do if kv[1] == k then return kv[2](ctx) end end
        end
        return nil
      end})
    end
    if #spec > 0 then
      ctx:mutator(function()
        local kv = pick(spec)
        rawset(t, kv[1], chance(0.5) and kv[2](ctx) or nil)
      end)
    end
    return t
  end
end

-- ---- Calling ------------------------------------------------------------------------

local function describe(v)
  local ty = type(v)
  if ty == "string" then return ("%q"):format(#v > 40 and v:sub(1, 40) .. "..." or v) end
  if ty == "table" then
    local mt = getmetatable(v)
    if mt == PLMT then return "pathlike(" .. v.a .. v.b .. ")" end
    return "table"
  end
  return tostring(ty == "userdata" and ty or v)
end

-- Runtime errors of Lua code inside pyos (never its argument errors).
local function classify(ctx, fname, e)
  local msg = tostring(e)
  if msg:find("fuzz: injected", 1, true) then return end
  if msg:find("fuzz/reentry.lua", 1, true) then
    finding("harness", ctx.name, "error in the fuzzer's own code: " .. msg)
    return
  end
  if msg:find("attempt to %a+ a") or msg:find("invalid key to 'next'")
     or msg:find("stack overflow") or msg:find("C stack") then
    finding("runtime-error", ctx.name, fname .. " raised " .. msg)
  end
end

local function pack(...) return {...} end

-- Call fn(...) as a fuzzed call: positioned collector (sometimes), armed.
function acall(ctx, fname, fn, ...)
  local n = select("#", ...)
  stats.calls = stats.calls + 1
  if opt.trace then
    local d = {}
    for i = 1, n do d[i] = describe((select(i, ...))) end
    say(("  [%d] %s%s(%s)"):format(iteration, ("  "):rep(depth), fname, table.concat(d, ", ")))
  end
  local top = depth == 0 and not ctx.nested
  if top then
    hbudget = pick{1, 2, 4, 8, 16}
    nbudget = pick{0, 0, 1, 2}
  end
  local pos = top and chance(ctx.root.posprob or 0.5)
  if pos then position(40 + rnd(160)) end
  local saved, savedarmed = cur, armed
  cur = ctx
  armed = true
  -- nothing may allocate between the positioning and fn: {pcall(...)}
  -- would make its table first (and run the finalizers there)
  local r = pack(pcall(fn, ...))
  armed = savedarmed
  cur = saved
  if pos then gcrandom() end
  if not r[1] then
    stats.raised = stats.raised + 1
    classify(ctx, fname, r[2])
  end
  return r
end

-- ---- Generic targets ------------------------------------------------------------------

local targets = {}

-- Returned values: "fd", "fd2" (two fds), "handle" (close()).
local function T(name, fn, gens, ret, weight)
  local t = {name = name, weight = weight or 1}
  t.run = function(ctx)
    local args, n = {}, #gens
    for i = 1, n do args[i] = gens[i](ctx) end
    -- trailing optional arguments may be left out
    while n > 0 and args[n] == nil do n = n - 1 end
    local r = acall(ctx, name, fn, unpack(args, 1, n))
    if r[1] then
      if ret == "fd" then ctx:own(r[2])
      elseif ret == "fd2" then ctx:own(r[2]); ctx:own(r[3])
      elseif ret == "handle" and r[2] then
        local h = r[2]
        ctx:closer(function() h:close() end)
      end
    end
  end
  targets[#targets + 1] = t
  genericlist[#genericlist + 1] = t
  return t
end

local function opt_(g) return function(ctx) if chance(0.5) then return g(ctx) end end end
local function K(v) return function() return v end end

-- fd (pyos.fd)
T("open", pyos.open, {P, function() return pick{bor(O.RDONLY, O.NONBLOCK), bor(O.RDWR, O.CREAT, O.NONBLOCK),
  bor(O.WRONLY, O.CREAT, O.APPEND, O.NONBLOCK), bor(O.RDONLY, O.DIRECTORY)} end, opt_(MODE),
  OPTS{{"dir_fd", DIRFD}}}, "fd")
T("memfd_create", pyos.memfd_create, {function(ctx) return pathform(ctx, "fz" .. rnd(9)) end,
  opt_(K(pyos.MFD_CLOEXEC)), OPTS{}}, "fd")
T("eventfd", pyos.eventfd, {K(0), K(pyos.EFD_NONBLOCK), OPTS{}}, "fd")
T("timerfd_create", pyos.timerfd_create, {K(1), OPTS{{"flags", K(pyos.TFD_NONBLOCK or 0)}}}, "fd")
for _, ns in ipairs{"", "_ns"} do
  local f = pyos["timerfd_settime" .. ns]
  local t = {name = "timerfd_settime" .. ns, weight = 1}
  t.run = function(ctx)
    local fd = ctx:own(pyos.timerfd_create(1, {flags = pyos.TFD_NONBLOCK or 0}))
    local o = OPTS{{"flags", K(0)}, {"initial", K(0)}, {"interval", K(0)}}(ctx)
    acall(ctx, t.name, f, fd, o)
  end
  targets[#targets + 1] = t
  genericlist[#genericlist + 1] = t
end
T("dup2", pyos.dup2, {FD, FD, opt_(BOOL), OPTS{}})
T("copy_file_range", pyos.copy_file_range, {FDFILE, FDFILE, SMALL, opt_(K(0)), opt_(K(0)), OPTS{}})
T("sendfile", pyos.sendfile, {FD, FDFILE, opt_(K(0)), SMALL, OPTS{}})
T("splice", pyos.splice, {FD, FD, SMALL, NIL, NIL, opt_(K(pyos.SPLICE_F_NONBLOCK or 0)), OPTS{}})
do
  local t = {name = "fdopen", weight = 1}
  t.run = function(ctx)
    local fd = pyos.open(W .. "/f1", bor(O.RDWR, O.NONBLOCK))
    if not fd then return end
    local r = acall(ctx, "fdopen", pyos.fdopen, fd, pick{"r", "w", "r+", "rb"}, opt_(K(-1))(ctx), OPTS{}(ctx))
    if r[1] and r[2] then r[2]:close() else pyos.close(fd) end
  end
  targets[#targets + 1] = t
  genericlist[#genericlist + 1] = t
end
T("write", pyos.write, {FD, function(ctx) return pick{"data", ("w"):rep(rnd(20000)), pyos.buffer(rnd(100)), 42} end})
T("pwrite", pyos.pwrite, {FDFILE, function(ctx) return pick{"data", ("w"):rep(rnd(20000)), pyos.buffer(rnd(100))} end, SMALL})
T("buffer", pyos.buffer, {function(ctx) return pick{rnd(100000), "abc" .. rnd(9), pyos.buffer(rnd(300))} end})
T("readinto", pyos.readinto, {FD, function() return pyos.buffer(rnd(70000)) end})

-- fs (pyos.fs)
T("access", pyos.access, {Q, K(0), OPTS{{"dir_fd", DIRFD}, {"effective_ids", K(false)}, {"follow_symlinks", BOOL}}})
T("chmod", pyos.chmod, {P, MODE, OPTS{{"dir_fd", DIRFD}, {"follow_symlinks", K(true)}}})
T("chown", pyos.chown, {P, UID, UID, OPTS{{"dir_fd", DIRFD}, {"follow_symlinks", BOOL}}})
T("lchown", pyos.lchown, {P, UID, UID})
T("link", pyos.link, {P, P, OPTS{{"src_dir_fd", DIRFD}, {"dst_dir_fd", DIRFD}, {"follow_symlinks", BOOL}}})
T("mkdir", pyos.mkdir, {P, opt_(MODE), OPTS{{"dir_fd", DIRFD}}})
T("mkfifo", pyos.mkfifo, {function(ctx) return pathform(ctx, W .. "/fifo" .. rnd(3)) end, opt_(MODE), OPTS{{"dir_fd", DIRFD}}})
T("mknod", pyos.mknod, {function(ctx) return pathform(ctx, W .. "/node" .. rnd(3)) end,
  function() return bor(pyos.S_IFREG, 420) end, opt_(K(0)), OPTS{{"dir_fd", DIRFD}}})
T("readlink", pyos.readlink, {Q, OPTS{{"dir_fd", DIRFD}}})
T("remove", pyos.remove, {P, OPTS{{"dir_fd", DIRFD}}})
T("unlink", pyos.unlink, {P, OPTS{{"dir_fd", DIRFD}}})
T("rename", pyos.rename, {P, P, OPTS{{"src_dir_fd", DIRFD}, {"dst_dir_fd", DIRFD}}})
T("replace", pyos.replace, {P, P, OPTS{{"src_dir_fd", DIRFD}, {"dst_dir_fd", DIRFD}}})
T("rmdir", pyos.rmdir, {P, OPTS{{"dir_fd", DIRFD}}})
T("statvfs", pyos.statvfs, {Q})
T("symlink", pyos.symlink, {function(ctx) return pathform(ctx, pick{"f1", "d1", "nowhere"}) end, P, opt_(BOOL), OPTS{{"dir_fd", DIRFD}}})
T("truncate", pyos.truncate, {function(ctx) return pathform(ctx, W .. "/" .. pick{"f1", "f2", "f3"}) end, SMALL})
do
  local function times(ctx)
    if chance(0.5) then return nil end
    local t = {1000000 + rnd(1000), 2000000 + rnd(1000)}
    if chance(0.5) then
      setmetatable(t, {__index = function() reenter(ctx, "__index", true) end,
                       __len = function() reenter(ctx, "__len", true); return 2 end})
    end
    ctx:mutator(function() rawset(t, rnd(2), chance(0.5) and 5 or nil) end)
    return t
  end
  local function ns(ctx)
    local t = {1000000000 + rnd(1000), 2000000000 + rnd(1000)}
    ctx:mutator(function() rawset(t, rnd(2), chance(0.5) and 7 or nil) end)
    return t
  end
  T("utime", pyos.utime, {P, times, OPTS{{"ns", ns}, {"dir_fd", DIRFD}, {"follow_symlinks", BOOL}}})
end
T("makedirs", pyos.makedirs, {function(ctx) return pathform(ctx, pick{"md/a/b", "d1/x/y", W .. "/md2/c"}) end,
  opt_(MODE), opt_(BOOL), OPTS{}})
T("removedirs", pyos.removedirs, {function(ctx) return pathform(ctx, pick{"md/a/b", "d1/x/y", "nx/ny"}) end})
T("renames", pyos.renames, {function(ctx) return pathform(ctx, pick{"md/a/b", "f2", "d1/x/y"}) end,
  function(ctx) return pathform(ctx, pick{"rn/a/b", "f3", "md/z"}) end})
T("stat", pyos.stat, {Q, OPTS{{"dir_fd", DIRFD}, {"follow_symlinks", BOOL}}})
T("lstat", pyos.lstat, {Q, OPTS{{"dir_fd", DIRFD}}})
T("listdir", pyos.listdir, {function(ctx) return chance(0.8) and D(ctx) or nil end})
T("pathconf", pyos.pathconf, {Q, function() return pick{"PC_NAME_MAX", "PC_PATH_MAX", 3} end})
T("chdir", pyos.chdir, {D})        -- cwd restored after every iteration
T("getxattr", pyos.getxattr, {P, ATTR, OPTS{{"follow_symlinks", BOOL}}})
T("setxattr", pyos.setxattr, {P, ATTR, function() return ("x"):rep(rnd(300)) end, opt_(K(0)), OPTS{{"follow_symlinks", BOOL}}})
T("listxattr", pyos.listxattr, {function(ctx) return chance(0.8) and P(ctx) or nil end, OPTS{{"follow_symlinks", BOOL}}})
T("removexattr", pyos.removexattr, {P, ATTR, OPTS{{"follow_symlinks", BOOL}}})

-- proc (pyos.proc)
local function anyfs(ctx) return chance(0.7) and pathform(ctx, "fs" .. rnd(99)) or pick{1, {}, true} end
T("fspath", pyos.fspath, {anyfs})
T("fsencode", pyos.fsencode, {anyfs})
T("fsdecode", pyos.fsdecode, {anyfs})
local function FZNAME(ctx) return pathform(ctx, "PYOS_FZ_" .. rnd(12), true) end
T("getenv", pyos.getenv, {function() return "PYOS_FZ_" .. rnd(12) end, opt_(K("dflt"))})
do
  local t = {name = "putenv", weight = 2}
  t.run = function(ctx)
    local name, value = "PYOS_FZ_" .. rnd(12), fzvalue()
    known(name, value)
    acall(ctx, "putenv", pyos.putenv, pathform(ctx, name, true), pathform(ctx, value, true))
  end
  targets[#targets + 1] = t
  genericlist[#genericlist + 1] = t
end
T("unsetenv", pyos.unsetenv, {FZNAME})
T("getenvb", pyos.getenvb, {function() return "PYOS_FZ_" .. rnd(12) end, opt_(K("dflt"))})
T("OSError", function(...)
  local e = pyos.OSError(...)
  return tostring(e), e.filename
end, {function() return pick{2, 13, 17} end, K("message"), P, opt_(P)})
do
  local function envtable(ctx)
    local t = {PATH = pick{"/bin:/usr/bin", "", "/nonexistent"}, X = "y"}
    if chance(0.6) then
      setmetatable(t, {__index = function(_, k) reenter(ctx, "__index", true) end})
    end
    ctx:mutator(function() rawset(t, "PATH", chance(0.5) and "/sbin" or nil) end)
    return t
  end
  T("get_exec_path", pyos.get_exec_path, {function(ctx) return chance(0.8) and envtable(ctx) or nil end})
end
T("getgrouplist", pyos.getgrouplist, {function(ctx) return pathform(ctx, "root", true) end, K(0)})
T("pidfd_open", pyos.pidfd_open, {function() return MAINPID end, opt_(K(0)), OPTS{}}, "fd")
do
  -- wait4 on a child of its own (wait/wait3/waitid are excluded)
  local t = {name = "wait4", weight = 1}
  t.run = function(ctx)
    local pid = pyos.posix_spawn("/bin/sh", {"sh", "-c", "exit 3"})
    if not pid then return end
    ctx:kid(pid)
    local r = acall(ctx, "wait4", pyos.wait4, pid, 0, OPTS{}(ctx))
    if r[1] and r[2] == pid then
      local l = ctx.root.kids
      for i = #l, 1, -1 do if l[i] == pid then table.remove(l, i) end end
      if pyos.waitstatus_to_exitcode(r[3]) ~= 3 then
        finding("wrong-result", ctx.name, "wait4 gave status " .. tostring(r[3]) .. " for exit 3")
      end
    end
  end
  targets[#targets + 1] = t
  genericlist[#genericlist + 1] = t
end
T("waitstatus_to_exitcode", pyos.waitstatus_to_exitcode, {function() return pick{0, 256, 9} end, OPTS{}})
T("system", pyos.system, {function(ctx) return pathform(ctx, pick{"true", ": x", "exit 3"}, true) end})
T("umask", pyos.umask, {function() return pick{18, 63, 0} end})   -- restored after every iteration

-- sched, sys
T("sched_param", pyos.sched_param, {K(0), OPTS{}})
T("getrandom", pyos.getrandom, {function() return pick{0, 16, 300000} end, opt_(K(pyos.GRND_NONBLOCK or 0)), OPTS{}})
T("urandom", pyos.urandom, {function() return pick{0, 16, 300000} end})
T("confstr", pyos.confstr, {function(ctx) return pick{"CS_PATH", "CS_GNU_LIBC_VERSION"} end})
T("sysconf", pyos.sysconf, {function(ctx) return pick{"SC_PAGESIZE", "SC_OPEN_MAX", 30} end})

-- pyos.path: every function, path-like arguments
do
  local path = pyos.path
  local one = {"split", "basename", "dirname", "splitext", "splitdrive", "normpath", "normcase",
               "isabs", "expanduser", "expandvars", "abspath", "exists", "lexists", "isdir",
               "isfile", "islink", "isjunction", "ismount", "getsize", "getmtime", "getatime",
               "getctime"}
  for _, name in ipairs(one) do
    if path[name] then
      T("path." .. name, path[name], {function(ctx)
        if name == "expandvars" then return pathform(ctx, "$PYOS_FZ_" .. rnd(12) .. "/${PYOS_FZ_X" .. rnd(20) .. "}/x", true) end
        if name == "expanduser" then return pathform(ctx, pick{"~", "~root/x", "~/y"}, true) end
        return Q(ctx)
      end})
    end
  end
  T("path.join", path.join, {Q, P, P})
  T("path.realpath", path.realpath, {Q, OPTS{{"strict", BOOL}}})
  T("path.relpath", path.relpath, {Q, opt_(Q)})
  T("path.samefile", path.samefile, {Q, Q})
  local function list(ctx)
    local t = {}
    for i = 1, rnd(5) do t[i] = P(ctx) end
    if chance(0.5) then
      setmetatable(t, {__index = function() reenter(ctx, "__index", true) end,
                       __len = function(self) reenter(ctx, "__len", true); return rawlen(self) end})
    end
    ctx:mutator(function() rawset(t, rnd(#t + 1), chance(0.5) and W or nil) end)
    return t
  end
  T("path.commonpath", path.commonpath, {list})
  local function statlike(ctx)
    if chance(0.3) then return pyos.stat(W) end
    local t = {st_ino = rnd(3), st_dev = 1}
    if chance(0.7) then
      setmetatable(t, {__index = function() reenter(ctx, "__index", true) end})
    end
    ctx:mutator(function() rawset(t, "st_ino", chance(0.5) and 9 or nil) end)
    return t
  end
  T("path.samestat", path.samestat, {statlike, statlike})
  T("path.commonprefix", path.commonprefix, {list})
end

-- ---- Custom targets: oracles --------------------------------------------------------

local function custom(name, weight, run, nongeneric)
  local t = {name = name, weight = weight, run = run}
  targets[#targets + 1] = t
  if not nongeneric then genericlist[#genericlist + 1] = t end
  return t
end

-- environ: snapshots and pairs while hostile code churns the environment
custom("environ", 4, function(ctx)
  local r = rnd(5)
  if r <= 2 then
    local res = acall(ctx, "environ()", pyos.environ)
    if res[1] then checkenvsnap(ctx, "environ()", res[2]) end
  elseif r == 3 then
    local res = acall(ctx, "__pairs(environ)", function()
      local f, s, k = getmetatable(pyos.environ).__pairs(pyos.environ)
      local t = {}
      for name, value in f, s, k do t[name] = value end
      return t
    end)
    if res[1] then checkenvsnap(ctx, "__pairs(environ)", res[2]) end
  elseif r == 4 then
    local name = "PYOS_FZ_" .. rnd(12)
    local res = acall(ctx, "environ[k]", function() return pyos.environ[name] end)
    local v = res[2]
    if res[1] and v ~= nil and not (envvals[name] and envvals[name][v]) then
      finding("wrong-result", ctx.name, "environ[" .. name .. "] has a value never set")
    end
  else
    local name, value = "PYOS_FZ_" .. rnd(12), fzvalue()
    known(name, value)
    acall(ctx, "environ[k]=v", function() pyos.environ[name] = value end)
  end
end)

-- read, pread, readv, preadv of fdA against CONTENT_A
custom("read", 4, function(ctx)   -- not nested: it moves fdA's offset
  local n = pick{1, 100, 8192, 8193, 50000, 100000, 150000, 262144, 400000}
  local off = pick{0, 0, 1, 1000, 100000, 262000}
  local which = rnd(4)
  local res
  if which == 1 then
    res = acall(ctx, "pread", pyos.pread, fdA, n, off)
  elseif which == 2 then
    pyos.lseek(fdA, off, 0)
    res = acall(ctx, "read", pyos.read, fdA, n)
  else
    local sizes = {}
    local k = rnd(4) == 1 and 70 or rnd(5)
    for i = 1, k do sizes[i] = pick{0, 1, 100, 5000, 70000} end
    if chance(0.5) then
      setmetatable(sizes, {__index = function() reenter(ctx, "__index", true) end})
    end
    ctx:mutator(function() rawset(sizes, rnd(k), pick{1, 200000, 3}) end)
    if which == 3 then
      pyos.lseek(fdA, off, 0)
      res = acall(ctx, "readv", pyos.readv, fdA, sizes)
    else
      res = acall(ctx, "preadv", pyos.preadv, fdA, sizes, off)
    end
    if res[1] and type(res[2]) == "table" then
      local s = table.concat(res[2])
      if #s ~= res[3] then
        finding("wrong-result", ctx.name, ("readv/preadv: total %s but %d bytes"):format(tostring(res[3]), #s))
      end
      res = {true, s}
      n = #s
    end
  end
  if res[1] and type(res[2]) == "string" then
    local want = CONTENT_A:sub(off + 1, off + n)
    if res[2] ~= want:sub(1, #res[2]) or (#res[2] < #want and #res[2] < n and which <= 2) then
      local at = 1
      while at <= #res[2] and res[2]:byte(at) == want:byte(at) do at = at + 1 end
      finding("wrong-result", ctx.name, ("%s(fd, %d, off %d) returned wrong bytes (first difference at byte %d of %d)")
              :format(({"pread", "read", "readv", "preadv"})[which], n, off, at, #res[2]))
    end
  end
end, true)

-- writev/pwritev/pwrite of a table of strings and Buffers, read back
custom("writev", 2, function(ctx)
  local path = W .. "/wv" .. rnd(3)
  local fd = ctx:own(pyos.open(path, bor(O.RDWR, O.CREAT, O.TRUNC), 420))
  if not fd then return end
  local parts, want = {}, {}
  for i = 1, (rnd(4) == 1 and 70 or rnd(6)) do
    local s = ("p" .. i):rep(rnd(2000))
    if chance(0.3) then
      local b = pyos.buffer(#s)
      b:set(1, s)
      parts[i] = b
    else
      parts[i] = s
    end
    want[i] = s
  end
  if chance(0.5) then setmetatable(parts, {__index = function() reenter(ctx, "__index", true) end}) end
  ctx:mutator(function() ctx.invalid = true; rawset(parts, rnd(#want), chance(0.5) and "zz" or nil) end)
  local res
  if chance(0.5) then res = acall(ctx, "pwritev", pyos.pwritev, fd, parts, 0)
  else res = acall(ctx, "writev", pyos.writev, fd, parts) end
  if res[1] and type(res[2]) == "number" and not ctx.invalid then
    local got = readfile(path) or ""
    local w = table.concat(want)
    if got ~= w:sub(1, res[2]) then
      finding("wrong-result", ctx.name, "writev/pwritev wrote other bytes than given")
    end
  end
end)

-- scandir, and DirEntry methods with hostile options
custom("scandir", 3, function(ctx)
  -- SD: a directory nothing else touches, 300 files with known names; the
  -- iterator may be called again from hostile code (a mutator), so the
  -- outer loop misses entries, but never sees a name twice or one not there
  local stable = chance(0.5)
  if stable then ctx.posprob = 0.05 end     -- 300 calls of the iterator
  local res = acall(ctx, "scandir", pyos.scandir,
                    stable and pathform(ctx, SD, true) or (chance(0.8) and D(ctx) or nil))
  if not (res[1] and res[2]) then return end
  local it = res[2]
  ctx:closer(function() it:close() end)
  local got = {}
  local function check(e, where)
    if not stable or type(e) ~= "userdata" then return end
    local name, path = e.name, e.path
    if not SDNAMES[name] or path ~= SD .. "/" .. name then
      finding("wrong-result", ctx.name, ("%s: a DirEntry name %q path %q"):format(where, tostring(name), tostring(path)))
    elseif got[name] then
      finding("wrong-result", ctx.name, where .. ": the iterator gave " .. name .. " twice")
    end
    got[name] = true
  end
  ctx:mutator(function()
    -- sometimes far enough that the iterator reads the next batch
    for _ = 1, pick{1, 1, 20, 150, 300} do
      local ok, e = pcall(it)
      if not ok or not e then break end
      check(e, "scandir re-entered from hostile code")
    end
  end)
  for _ = 1, (stable and 320 or rnd(8)) do
    local r = acall(ctx, "scandir-next", it)
    local e = r[2]
    if not (r[1] and e) then break end
    check(e, "scandir")
    local o = OPTS{{"follow_symlinks", BOOL}}(ctx)
    local m = rnd(stable and 14 or 7)
    if m == 1 then acall(ctx, "DirEntry:is_dir", e.is_dir, e, o)
    elseif m == 2 then acall(ctx, "DirEntry:is_file", e.is_file, e, o)
    elseif m == 3 then acall(ctx, "DirEntry:stat", e.stat, e, o)
    elseif m == 4 then acall(ctx, "DirEntry:is_symlink", e.is_symlink, e)
    elseif m == 5 then acall(ctx, "DirEntry:inode", e.inode, e)
    elseif m == 6 then acall(ctx, "fspath(DirEntry)", pyos.fspath, e)
    elseif m == 7 then acall(ctx, "stat(DirEntry)", pyos.stat, e, o) end
  end
  if chance(0.5) then it:close() end
end)

-- walk and fwalk: onerror runs hostile code and re-enters the iterator;
-- the loop body removes directories not yet visited (so errors happen)
for _, kind in ipairs{"walk", "fwalk"} do
  custom(kind, 3, function(ctx)
    local top = TMP .. "/t" .. (iteration % 3)
    rmtree(top)
    pyos.mkdir(top)
    for _, a in ipairs{"a", "b", "c"} do
      pyos.mkdir(top .. "/" .. a)
      for _, b in ipairs{"x", "y"} do
        if chance(0.7) then pyos.mkdir(top .. "/" .. a .. "/" .. b) end
      end
      writefile(top .. "/" .. a .. "/file", "f")
    end
    local it
    local function onerror(err)
      reenter(ctx, "callback")
      if chance(0.6) and it then
        local r = {pcall(it)}
        if r[1] then
          finding("wrong-result", ctx.name, kind .. " iterator called again from its own onerror returned "
                  .. describe(r[2]) .. " (Python raises ValueError: generator already executing)")
        elseif not tostring(r[2]):find("already executing", 1, true) then
          classify(ctx, kind .. " re-entered from onerror", r[2])
          if not tostring(r[2]):find("fuzz: injected", 1, true) then
            finding("wrong-result", ctx.name, kind .. " iterator called again from its own onerror raised "
                    .. tostring(r[2]) .. " (Python: ValueError: generator already executing)")
          end
        end
      end
    end
    local topdown = pick{true, false, nil}
    local res
    if kind == "walk" then
      if chance(0.5) then
        res = acall(ctx, "walk", pyos.walk, pathform(ctx, top), topdown, onerror, opt_(BOOL)(ctx))
      else
        local o = OPTS{{"topdown", K(topdown)}, {"followlinks", BOOL}}(ctx)
        rawset(o, "onerror", onerror)
        res = acall(ctx, "walk", pyos.walk, pathform(ctx, top), o)
      end
    else
      local o = OPTS{{"follow_symlinks", BOOL}}(ctx)
      res = acall(ctx, "fwalk", pyos.fwalk, pathform(ctx, top), topdown, onerror, o)
    end
    if not (res[1] and res[2]) then return end
    it = res[2]
    local closer = res[5]
    if closer ~= nil then
      ctx:closer(function()
        local mt = getmetatable(closer)
        if mt and mt.__close then mt.__close(closer) end
      end)
    end
    for _ = 1, 30 do
      local r = acall(ctx, kind .. "-next", it)
      if not r[1] or r[2] == nil then break end
      local root, dirs = r[2], r[3]
      if type(dirs) == "table" then
        -- remove a directory not yet visited
        if chance(0.6) then
          local victim = pick{"a", "b", "c", "a/x", "b/y", "c/x"}
          if not root:find(victim, 1, true) then rmtree(top .. "/" .. victim) end
        end
        if chance(0.2) then dirs[#dirs + 1] = "ghost" .. rnd(3) end
      end
    end
  end)
end

-- ---- Spawned and exec'd children: what they really receive ---------------------------

local outn = 0
local function outfile()
  outn = outn + 1
  return OUT .. "/o" .. (outn % 50)
end

-- An argv {"sh", "-c", script, a0, a1, ...}: elements strings or
-- path-likes (whose __fspath may clear earlier elements and collect);
-- expect[i] is the set of acceptable lines for $0, $1, ... ("=" .. value:
-- the expected values are never the same string objects as the argv's).
local function genargv(ctx, shname, script, pl)
  local extra = rnd(4) == 1 and (27 + rnd(14)) or (rnd(6) - 1)
  pl = pl and chance(0.7)            -- else strings only
  local argv, expect = {}, {}
  local head = {shname, "-c", script}
  for i = 1, 3 do
    local s = head[i]
    argv[i] = (pl and chance(0.2)) and pathlike(ctx, s) or (s .. "/"):sub(1, #s)
  end
  for i = 4, 4 + extra do
    local s = "arg" .. (i - 3) .. "-" .. ("x"):rep(pick{1, 5, 30, 60}) .. rnd(99999)
    local set = {["=" .. s] = true}
    expect[i - 3] = set
    if pl and chance(0.3) then
      local obj = pathlike(ctx, s)
      local mt = {__index = PLMT, __name = "fuzz.PathLike"}
      mt.__fspath = function(self)
        -- the classic: drop an element already converted, collect, reuse
        if armed and chance(0.5) and i > 4 then
          local j = 3 + rnd(i - 4)
          if rawget(argv, j) ~= nil and type(argv[j]) == "string" then
            argv[j] = nil
            ctx.cleared = true
            collectgarbage("collect")
            local _ = junk()
          end
        end
        return PLMT.__fspath(self)
      end
      argv[i] = setmetatable(obj, mt)
    else
      argv[i] = s
    end
  end
  ctx:mutator(function()
    local j = 3 + rnd(extra + 1)
    if rnd(2) == 1 then
      argv[j] = nil
      ctx.cleared = true
    else
      argv[j] = "repl-" .. rnd(99999) .. ("r"):rep(50)   -- checkargv knows the form
    end
  end)
  return argv, expect
end

-- A forked child's mutations are not seen here: lenient = the count may
-- be short (elements cleared before they were read).
local function checkargv(ctx, fname, lines, expect, lenient)
  -- argv cut to {"sh", "-c", script} by a clear before it was read: $0 is "sh"
  if (ctx.cleared or lenient) and #lines == 1 and lines[1] == "sh" then return end
  if #lines ~= #expect then
    if not ((ctx.cleared or lenient) and #lines < #expect) then
      finding("wrong-result", ctx.name, ("%s: the child got %d arguments, expected %d"):format(fname, #lines, #expect))
      return
    end
  end
  for i, l in ipairs(lines) do
    if not expect[i]["=" .. l] and not l:find("^repl%-%d+r+$") then
      finding("wrong-result", ctx.name, ("%s: the child got argv[%d] = %q"):format(fname, i + 3, l:sub(1, 60)))
      return
    end
  end
end

-- An env table FZE_<i> = value: around PYOS_SMALLENV entries and
-- PYOS_ENVBUF bytes; mutators grow it, clear entries, replace values,
-- put a non-string value in.
local function genenv(ctx)
  -- sizes around PYOS_SMALLENV (64 entries) and PYOS_ENVBUF (4096 bytes):
  -- mostly a small total, so that growth overflows a buffer on the C stack
  -- (visible to ASan on LuaJIT too, whose own heap ASan does not see)
  local n = pick{0, 1, 5, 20, 63, 64, 65, 90}
  local big = chance(0.25)
  local env, expect, cleared = {}, {}, {}
  for i = 1, n do
    local v = ("e" .. i):rep(big and rnd(200) or rnd(4))
    env["FZE_" .. i] = v
    expect["FZE_" .. i] = {["=" .. v] = true}
  end
  local grown = 0
  ctx:mutator(function()
    local r = rnd(6)
    if r <= 3 then
      for _ = 1, pick{5, 30, 100} do        -- checkenv knows the form
        grown = grown + 1
        env["FZE_G" .. grown] = ("g"):rep(60 + rnd(120))
      end
    elseif r == 4 then
      local k = "FZE_" .. rnd(n + 1)
      if env[k] then env[k] = nil; cleared[k] = true end
    elseif r == 5 then
      local k = "FZE_" .. rnd(n + 1)
      if env[k] then env[k] = "new" .. rnd(999) end      -- checkenv knows the form
    else
      local k = "FZE_" .. rnd(n + 1)
      if env[k] then env[k] = {}; cleared[k] = true; ctx.invalid = true end
    end
  end)
  if chance(0.3) then
    setmetatable(env, {__index = function() reenter(ctx, "__index", true) end,
                       __pairs = function(t) reenter(ctx, "__pairs", true); return next, t, nil end})
  end
  return env, expect, cleared
end

local function checkenv(ctx, fname, text, expect, cleared, lenient)
  local got = {}
  for line in (text or ""):gmatch("[^\n]+") do
    local k, v = line:match("^(FZE_[%w_]*)=(.*)$")
    if k then
      got[k] = true
      local known = expect[k] and expect[k]["=" .. v]
      if not known and k:find("^FZE_G%d+$") then known = v:find("^g*$") end
      if not known and expect[k] then known = v:find("^new%d+$") end
      if not known then
        finding("wrong-result", ctx.name, ("%s: the child's environment has %s=%q"):format(fname, k, v:sub(1, 40)))
        return
      end
    elseif line:find("FZE_", 1, true) or line:find("[%z\1-\8\14-\31]") then
      finding("wrong-result", ctx.name, ("%s: the child's environment has a line %q"):format(fname, line:sub(1, 60)))
      return
    end
  end
  for k in pairs(expect) do
    if not got[k] and not cleared[k] and not lenient then
      finding("wrong-result", ctx.name, fname .. ": the child's environment lacks " .. k)
      return
    end
  end
end

local function lines(text)
  local t = {}
  for l in (text or ""):gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

-- Check a spawn's return: a pid (or exit code) on valid arguments.
local function spawnfailed(ctx, fname, res)
  if not res[1] then
    if not (ctx.invalid or ctx.cleared or ctx.injected) then
      finding("raise-on-valid", ctx.name, fname .. " raised on valid arguments: " .. tostring(res[2]))
    end
    return true
  end
  if res[2] == nil then
    if res[4] == 14 then   -- EFAULT: a pointer the kernel could not read
      finding("wrong-result", ctx.name, fname .. " failed: " .. tostring(res[3]))
    elseif not (ctx.invalid or ctx.cleared or ctx.injected) then
      finding("wrong-result", ctx.name, fname .. " failed on valid arguments: " .. tostring(res[3]))
    end
    return true
  end
  return false
end

local SCRIPT = 'printf "%s\\n" "$0" "$@"'

local spawnkinds = {
  -- name, takes env, p variant, l variant, posix
  {"posix_spawn", "opt", false, false, true},
  {"posix_spawnp", "opt", true, false, true},
  {"spawnv", false, false, false},
  {"spawnve", true, false, false},
  {"spawnvp", false, true, false},
  {"spawnvpe", true, true, false},
  {"spawnl", false, false, true},
  {"spawnle", true, false, true},
  {"spawnlp", false, true, true},
  {"spawnlpe", true, true, true},
}

for _, k in ipairs(spawnkinds) do
  local name, takesenv, isp, isl, isposix = k[1], k[2], k[3], k[4], k[5]
  custom(name, 2, function(ctx)
    local out = outfile()
    os.remove(out); os.remove(out .. ".env")
    local useenv = takesenv == true or (takesenv == "opt" and chance(0.5))
    local usefa = isposix and chance(0.5)
    local script = usefa and SCRIPT or (SCRIPT .. " > " .. out)
    script = script .. "; /usr/bin/env > " .. out .. ".env"
    local argv, expect = genargv(ctx, "sh", script, true)
    local env, envexpect, cleared
    if useenv then env, envexpect, cleared = genenv(ctx) end
    local prog = isp and "sh" or "/bin/sh"
    prog = chance(0.3) and pathlike(ctx, prog) or prog
    local res
    if isposix then
      local o
      if usefa or chance(0.5) then
        o = OPTS{{"setsigmask", function() return {} end}, {"resetids", K(false)}, {"setpgroup", K(0)}}(ctx)
        if usefa then
          local p = out .. ""             -- held only by the action table
          p = (p .. "/"):sub(1, #p)
          local action = {pyos.POSIX_SPAWN_OPEN, 1, p, bor(O.WRONLY, O.CREAT, O.TRUNC), 420}
          rawset(o, "file_actions", {action})
          ctx:mutator(function()
            action[3] = nil
            ctx.cleared = true
            collectgarbage("collect")
            local _ = junk()
          end)
        end
      end
      if o then
        res = acall(ctx, name, pyos[name], prog, argv, env, o)
      elseif env then
        res = acall(ctx, name, pyos[name], prog, argv, env)
      else
        res = acall(ctx, name, pyos[name], prog, argv)
      end
      if spawnfailed(ctx, name, res) then return end
      local st = reap(ctx, ctx:kid(res[2]))
      if st ~= 0 and not ctx.cleared then
        finding("wrong-result", ctx.name, name .. ": the child exited with " .. tostring(st))
        return
      end
    else
      local mode = chance(0.7) and pyos.P_WAIT or pyos.P_NOWAIT
      if isl then
        local args = {}
        for i = 1, #argv do args[i] = argv[i] end
        if env then args[#args + 1] = env end
        res = acall(ctx, name, pyos[name], mode, prog, unpack(args, 1, #args))
      elseif env then
        res = acall(ctx, name, pyos[name], mode, prog, argv, env)
      else
        res = acall(ctx, name, pyos[name], mode, prog, argv)
      end
      if spawnfailed(ctx, name, res) then return end
      local st = res[2]
      if mode == pyos.P_NOWAIT then st = reap(ctx, ctx:kid(res[2])) end
      if st ~= 0 and not ctx.cleared then
        finding("wrong-result", ctx.name, name .. ": the child exited with " .. tostring(st))
        return
      end
    end
    stats.children = stats.children + 1
    if not ctx.cleared or readfile(out) then
      checkargv(ctx, name, lines(readfile(out)), expect)
    end
    local envtext = readfile(out .. ".env")
    if env then
      checkenv(ctx, name, envtext, envexpect, cleared)
    elseif envtext and not envtext:find("\n" .. MARK .. "=mark\n", 1, true)
           and not envtext:find("^" .. MARK .. "=mark\n") then
      finding("wrong-result", ctx.name, name .. ": the child did not inherit " .. MARK)
    end
  end, true)
end

-- exec* in a forked child (the test process is never exec'd over)
local execkinds = {
  {"execv", false, false, false}, {"execve", true, false, false},
  {"execvp", false, true, false}, {"execvpe", true, true, false},
  {"execl", false, false, true}, {"execle", true, false, true},
  {"execlp", false, true, true}, {"execlpe", true, true, true},
}
for _, k in ipairs(execkinds) do
  local name, useenv, isp, isl = k[1], k[2], k[3], k[4]
  custom(name, 1, function(ctx)
    local out = outfile()
    os.remove(out); os.remove(out .. ".env"); os.remove(out .. ".err")
    local script = SCRIPT .. " > " .. out .. "; /usr/bin/env > " .. out .. ".env"
    local argv, expect = genargv(ctx, "sh", script, true)
    local env, envexpect, cleared
    if useenv then env, envexpect, cleared = genenv(ctx) end
    local prog = isp and "sh" or "/bin/sh"
    prog = chance(0.3) and pathlike(ctx, prog) or prog
    local pid = pyos.fork()
    if pid == 0 then
      local res
      if isl then
        local args = {}
        for i = 1, #argv do args[i] = argv[i] end
        if env then args[#args + 1] = env end
        res = acall(ctx, name, pyos[name], prog, unpack(args, 1, #args))
      elseif env then
        res = acall(ctx, name, pyos[name], prog, argv, env)
      else
        res = acall(ctx, name, pyos[name], prog, argv)
      end
      -- only reached when exec failed or raised
      local f = io.open(out .. ".err", "wb")
      if f then
        f:write(tostring(res[1]), "\t", tostring(res[2]), "\t", tostring(res[3]), "\t",
                tostring(res[4]), "\t", tostring(ctx.invalid or ctx.cleared or ctx.injected), "\n")
        f:close()
      end
      pyos._exit(4)
    end
    local st = reap(ctx, ctx:kid(pid))
    stats.children = stats.children + 1
    if st == 4 then
      local err = readfile(out .. ".err") or ""
      local ok, a, msg, errno, excused = err:match("^(%S+)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(%S+)")
      if excused ~= "true" then
        if ok == "false" then
          finding("raise-on-valid", ctx.name, name .. " raised on valid arguments: " .. tostring(a))
        else
          finding("wrong-result", ctx.name, name .. " failed on valid arguments: " .. tostring(msg))
        end
      end
      return
    elseif st ~= 0 then
      finding("child-died", ctx.name, name .. ": the child exited with " .. tostring(st)
              .. " (1: a sanitizer report above; negative: a signal)")
      return
    end
    if readfile(out) then
      checkargv(ctx, name, lines(readfile(out)), expect, true)
    end
    if env then checkenv(ctx, name, readfile(out .. ".env"), envexpect, cleared, true) end
  end, true)
end

-- system() with a path-like command, and popen
custom("popen", 1, function(ctx)
  local word = "out" .. rnd(999)
  local cmd = ("echo " .. word .. "/"):sub(1, 5 + #word)
  local res = acall(ctx, "popen", pyos.popen, cmd, opt_(K("r"))(ctx), OPTS{}(ctx))
  if not (res[1] and res[2]) then return end
  local h = res[2]
  local r = acall(ctx, "popen:read", function() return h:read("*a") end)
  local c = acall(ctx, "popen:close", function() return h:close() end)
  if r[1] and r[2] ~= word .. "\n" then
    finding("wrong-result", ctx.name, "popen read " .. describe(r[2]))
  end
end, true)

-- register_at_fork (permanent: a few), fork and forkpty
local registered = 0
local function forkhook()
  if pyos.getpid() == MAINPID then
    reenter(cur, "callback")
  else
    pyos.putenv("PYOS_FZ_CHILD", "1")       -- the child: something small
    collectgarbage("step", 0)
  end
end
custom("register_at_fork", 1, function(ctx)
  if registered >= 6 then return end
  registered = registered + 1
  local o = OPTS{}(ctx)
  for _, key in ipairs{"before", "after_in_parent", "after_in_child"} do
    if chance(0.6) then rawset(o, key, forkhook) end
  end
  if next(o) == nil then rawset(o, "before", forkhook) end
  acall(ctx, "register_at_fork", pyos.register_at_fork, o)
end, true)

for _, name in ipairs{"fork", "forkpty"} do
  custom(name, 1, function(ctx)
    local res = acall(ctx, name, pyos[name])
    if pyos.getpid() ~= MAINPID then pyos._exit(res[1] and 0 or 3) end   -- the child
    if not (res[1] and res[2]) then return end
    if name == "forkpty" then ctx:own(res[3]) end
    local st = reap(ctx, ctx:kid(res[2]))
    stats.children = stats.children + 1
    if st ~= 0 then
      finding("child-died", ctx.name, name .. ": the child exited with " .. tostring(st))
    end
  end, true)
end

-- Calls that change what a process is (ids, groups, root, namespaces,
-- scheduler, session): only in a forked child, which then _exits.
local function inchild(ctx, name, fn)
  local errf = outfile() .. ".child"
  os.remove(errf)
  local pid = pyos.fork()
  if pid == 0 then
    local before = findings
    local ok, e = pcall(fn)
    if not ok or findings ~= before then
      local f = io.open(errf, "wb")
      if f then f:write(ok and "finding" or tostring(e)); f:close() end
      pyos._exit(3)
    end
    pyos._exit(0)
  end
  local st = reap(ctx, ctx:kid(pid))
  stats.children = stats.children + 1
  if st == 3 then
    finding("in-child", ctx.name, name .. ": " .. (readfile(errf) or "?") .. " (details above)")
  elseif st ~= 0 then
    finding("child-died", ctx.name, name .. ": the child exited with " .. tostring(st)
            .. " (1: a sanitizer report above; negative: a signal)")
  end
end

local function intlist(ctx, gen)
  local t = {}
  for i = 1, rnd(40) do t[i] = gen() end
  if chance(0.4) then
    setmetatable(t, {__index = function() reenter(ctx, "__index", true) end,
                     __len = function(self) reenter(ctx, "__len", true); return rawlen(self) end})
  end
  ctx:mutator(function() rawset(t, rnd(#t + 1), chance(0.5) and 0 or nil) end)
  return t
end

local childonly = {
  {"setgroups", function(ctx) return pyos.setgroups, {intlist(ctx, function() return pick{0, 1, 2} end)} end},
  {"sched_setaffinity", function(ctx)
    local m = intlist(ctx, function() return 0 end)
    if chance(0.3) then m = {[0] = true} end
    return pyos.sched_setaffinity, {0, m}
  end},
  {"sched_setscheduler", function(ctx)
    local p = {sched_priority = 0}
    if chance(0.5) then setmetatable(p, {__index = function() reenter(ctx, "__index", true) end}) end
    return pyos.sched_setscheduler, {0, pyos.SCHED_OTHER or 0, chance(0.5) and p or pyos.sched_param(0)}
  end},
  {"sched_setparam", function(ctx)
    local p = setmetatable({}, {__index = function(_, k) reenter(ctx, "__index", true); if k == "sched_priority" then return 0 end end})
    return pyos.sched_setparam, {0, p}
  end},
  {"chroot", function(ctx) return pyos.chroot, {pathform(ctx, "/")} end},   -- the same root
  {"initgroups", function(ctx) return pyos.initgroups, {pathform(ctx, "root", true), 0} end},
  {"unshare", function(ctx) return pyos.unshare, {0, OPTS{}(ctx)} end},
  {"setns", function(ctx) return pyos.setns, {scratchfd(ctx, "devnull"), 0, OPTS{}(ctx)} end},
  {"setuid", function(ctx) return pyos.setuid, {0} end},
  {"login_tty", function(ctx)
    local m, s = pyos.openpty()
    return pyos.login_tty, {s}
  end},
}
for _, c in ipairs(childonly) do
  local name, make = c[1], c[2]
  if pyos[name] then
    custom(name, 0.5, function(ctx)
      inchild(ctx, name, function()
        local fn, args = make(ctx)
        acall(ctx, name, fn, unpack(args, 1, #args))
      end)
    end, true)
  end
end

-- ---- Exclusions ----------------------------------------------------------------------

local EXCLUDED = {
  abort = "ends the test process",
  _exit = "ends the test process (used only in forked children)",
  kill = "could signal the test process or its group",
  killpg = "could signal the test process group",
  closerange = "would close fds the fuzzer did not open",
  close = "an integer only; the fuzzer closes only its own fds, in cleanup",
  sync = "flushes every file system: slow, no argument to fuzz",
  wait = "reaps any child: one another part of the run waits for",
  wait3 = "reaps any child: one another part of the run waits for",
  waitid = "reaps any child (P_ALL); integers only",
  tcsetpgrp = "changes the terminal's foreground process group",
  setsid = "changes the session (integers only: no reentrancy surface)",
  setpgid = "changes the process group (integers only)",
  setpgrp = "changes the process group (no arguments)",
  nice = "changes the scheduling priority (integers only)",
  setpriority = "changes the scheduling priority (integers only)",
  seteuid = "changes ids (setuid covers the family, in a child)",
  setegid = "changes ids", setgid = "changes ids", setreuid = "changes ids",
  setregid = "changes ids", setresuid = "changes ids", setresgid = "changes ids",
}
local CHILDONLY_NOTE = "exec*, setgroups, setuid, initgroups, chroot, unshare, setns, login_tty, "
  .. "sched_setaffinity/setscheduler/setparam: run only in a forked child that then _exits"

if opt.list then
  local names = {}
  for _, t in ipairs(targets) do names[#names + 1] = t.name end
  print("targets (" .. #names .. "): " .. table.concat(names, " "))
  print("child-only: " .. CHILDONLY_NOTE)
  local ex = {}
  for k, v in pairs(EXCLUDED) do ex[#ex + 1] = k .. ": " .. v end
  table.sort(ex)
  print("excluded:\n  " .. table.concat(ex, "\n  "))
  os.exit(0)
end

-- ---- Setup ---------------------------------------------------------------------------

local active = targets
if opt.only and opt.only ~= "" then
  local want = {}
  for n in opt.only:gmatch("[^,%s]+") do want[n] = true end
  active = {}
  for _, t in ipairs(targets) do if want[t.name] then active[#active + 1] = t end end
  if #active == 0 then
    say("reentry: no target matches " .. opt.only .. " (--list shows them)")
    os.exit(2)
  end
end
if opt.skip and opt.skip ~= "" then
  local drop = {}
  for n in opt.skip:gmatch("[^,%s]+") do drop[n] = true end
  for i = #active, 1, -1 do
    if drop[active[i].name] then
      if active == targets then active = {unpack(targets)} end
      table.remove(active, i)
    end
  end
  for i = #genericlist, 1, -1 do
    if drop[genericlist[i].name] then table.remove(genericlist, i) end
  end
end
local weights, wtotal = {}, 0
for i, t in ipairs(active) do
  wtotal = wtotal + t.weight
  weights[i] = wtotal
end
local function picktarget()
  local x = (rnext() % 1000000) / 1000000 * wtotal
  for i, w in ipairs(weights) do if x < w then return active[i] end end
  return active[#active]
end

do
  local base = os.getenv("TMPDIR") or "/tmp"
  TMP = base .. "/pyos-reentry." .. MAINPID .. "." .. opt.seed
  rmtree(TMP)
  assert(pyos.mkdir(TMP, 448))
  W, RO, OUT, SD = TMP .. "/w", TMP .. "/ro", TMP .. "/out", TMP .. "/sd"
  assert(pyos.mkdir(RO)); assert(pyos.mkdir(OUT)); assert(pyos.mkdir(SD))
  for i = 1, 300 do     -- 300 dirents of 224 bytes: more than one 32 KiB read
    local name = ("entry-%03d-"):format(i) .. ("n"):rep(190)
    SDNAMES[name] = true
    writefile(SD .. "/" .. name, "")
  end
  CONTENT_A = pattern(7, 400000)
  CONTENT_B = pattern(13, 1200000)
  writefile(RO .. "/a", CONTENT_A)
  writefile(RO .. "/b", CONTENT_B)
  fdA = assert(pyos.open(RO .. "/a", O.RDONLY))
  fdB = assert(pyos.open(RO .. "/b", O.RDONLY))
  resetscratch(true)
  CWD0 = assert(pyos.getcwd())
  UMASK0 = pyos.umask(18)
  pyos.umask(UMASK0)
  assert(pyos.putenv(MARK, "mark"))
  envvals[MARK] = {mark = true}
  envvals.PYOS_FZ_CHILD = {["1"] = true}     -- set by the at-fork hook in children
  for k, v in pairs(pyos.environ()) do
    if k:sub(1, 8) ~= "PYOS_FZ_" then BASEENV[k] = v end
  end
  assert(pyos.chdir(W))
end

local trailf = opt.trail and io.open(opt.trail, "w")
local function trail(i, name)
  if trailf then
    trailf:seek("set")
    local line = ("%d %d %s %s"):format(opt.seed, i, name, RT)
    trailf:write(line, (" "):rep(120 - #line), "\n")
    trailf:flush()
  end
end

local function restore()
  pyos.chdir(W)
  pyos.umask(UMASK0)
  if extranames > 200 then
    for i = 1, extranames do pyos.unsetenv("PYOS_FZ_X" .. i) end
    extranames = 0
  end
end

-- ---- Main loop -----------------------------------------------------------------------

-- The fds open now: the same set must be open at the end.
local function openfds()
  local set = {}
  for _, n in ipairs(pyos.listdir("/proc/self/fd") or {}) do set[n] = true end
  return set
end
local fds0 = openfds()

local started = os.time()
local deadline = started + opt.seconds
armheap(fintarget)
local last = opt.from + opt.iterations - 1
for i = opt.from, last do
  if os.time() >= deadline then break end
  if pyos.getpid() ~= MAINPID then pyos._exit(70) end   -- a forked child never goes on
  iteration = i
  rseed(i)
  local t = picktarget()
  target = t.name
  trail(i, t.name)
  if opt.trace then say(("[%d] %s"):format(i, t.name)) end
  fintarget = pick{8, 32, 64, 200}
  if chance(0.5) then gcrandom() end
  if i % 20 == 0 then resetscratch(false) end
  local ctx = newctx(t.name)
  local ok, e = pcall(t.run, ctx)
  if not ok then
    if tostring(e):find("fuzz/reentry.lua", 1, true) then
      finding("harness", t.name, "the fuzzer's own code: " .. tostring(e))
    else
      classify(ctx, t.name, e)
    end
  end
  ctx:cleanup()
  restore()
  -- a stepmul of 1 lets the heap outgrow the collector: catch up
  if collectgarbage("count") > 256 * 1024 then gcdefaults(); collectgarbage("collect") end
  stats.iterations = stats.iterations + 1
end

-- ---- Teardown ------------------------------------------------------------------------

stopping = true
armed = false
gcdefaults()
collectgarbage("collect")
collectgarbage("collect")
pyos.chdir(CWD0)
pyos.umask(UMASK0)
for k in pairs(pyos.environ()) do
  if k:sub(1, 8) == "PYOS_FZ_" then pyos.unsetenv(k) end
end
pyos.close(fdA)
pyos.close(fdB)
if trailf then trailf:close(); trailf = nil end
do
  local left = {}
  for n in pairs(openfds()) do
    local target = not fds0[n] and pyos.readlink("/proc/self/fd/" .. n)
    if target then        -- (listdir's own fd is closed by now)
      left[#left + 1] = n .. " -> " .. target
    end
  end
  if #left > 0 then
    finding("fd-leak", "-", #left .. " fd(s) left open at the end: " .. table.concat(left, ", "))
  end
end
rmtree(TMP)
-- children left over would be a fuzzer bug: reap and say so
while true do
  local pid = pyos.waitpid(-1, pyos.WNOHANG)
  if not pid or pid == 0 then break end
  finding("harness", "-", "a child was left unreaped: " .. pid)
end
if opt.trail then os.remove(opt.trail) end

print(("reentry: %s seed=%d iterations=%d calls=%d hostile=%d (from metamethods %d, finalizers %d, callbacks %d) "
       .. "positioned=%d nested=%d children=%d raised=%d findings=%d time=%ds")
      :format(RT, opt.seed, stats.iterations, stats.calls, stats.meta + stats.fin + stats.cb,
              stats.meta, stats.fin, stats.cb, stats.positioned, stats.nested, stats.children,
              stats.raised, findings, os.time() - started))
os.exit(findings == 0 and 0 or 1)
