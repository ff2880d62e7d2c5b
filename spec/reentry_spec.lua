-- The reentrancy fuzzer's regression list (issue 14; the fuzzer is
-- fuzz/reentry.lua, run by scripts/reentry.sh). One deterministic test per
-- class of bug it found: Lua code that runs inside a binding -- a __gc
-- finalizer run by an allocation, a metamethod of an argument (__fspath,
-- an options table's __index), a callback (onerror) -- changes what the C
-- code holds a raw pointer to. Each test asserts the right result (what a
-- child really receives, the bytes a read returns, a consistent environ()
-- snapshot); on a build with the bug it fails or the process crashes
-- (SIGSEGV; an ASan report under make check).
--
-- Finalizers are made to run at the binding's first allocation: the
-- collector is stopped with a batch of finalizers pending (pendfinalizers
-- below), then restarted right before the call, so that the next
-- allocation steps it. `armed` keeps them quiet anywhere else.
local pyos = require "pyos"
local support = require "support"

local unpack = table.unpack or unpack
local V = _VERSION
local isjit = type(jit) == "table"

-- Repetitions: each one costs a collection cycle of the whole heap (tens
-- of MB in a full busted run: pendfinalizers() must not step through it one
-- object at a time, which made the suite crawl), and each one triggers
-- the bug on a build that has it (3eb9f67, before the fixes, crashes in
-- the first rounds). make test runs a fifth of them (5.1-5.3 collect more
-- slowly: a twentieth); PYOS_REENTRY_FULL=1 runs them all.
local FULL = os.getenv("PYOS_REENTRY_FULL") == "1"
local function rounds(n)
  if FULL then return n end
  if isjit or V == "Lua 5.4" then return math.ceil(n / 5) end
  return math.ceil(n / 20)
end

-- ---- Finalizers at the binding's first allocation -------------------------

local armed, action, seen, hits, callhits = false, nil, 0, 0, 0

local newgc
if newproxy then          -- 5.1 and LuaJIT: __gc only on userdata
  newgc = function(f) local u = newproxy(true); getmetatable(u).__gc = f; return u end
else
  newgc = function(f) return setmetatable({}, {__gc = f}) end
end

local function fin()
  if armed and action then
    hits = hits + 1
    callhits = callhits + 1
    action(callhits)          -- the how-manieth finalizer of this call
  else
    seen = seen + 1
  end
end

local gcdefaults

-- The collector's default parameters.
local function gcparams()
  if V == "Lua 5.4" then collectgarbage("incremental", 200, 100, 13)
  else collectgarbage("setpause", 200); collectgarbage("setstepmul", 200) end
end

-- Leave finalizers pending and the collector about to step, at the cost
-- of one or two collection cycles (busted's heap, with every spec loaded,
-- is tens of MB; stepping through it one object at a time was what made
-- the whole suite crawl):
-- * 5.4: moderate steps until the atomic phase has cleared a weak table
--   made with the finalizers (they are queued then), then the smallest
--   steps through the sweep until the first ran: each allocation then
--   runs 10-20 (on a small heap one moderate step runs the whole cycle:
--   then a full cycle and the smallest steps, cheap there);
-- * LuaJIT and 5.1-5.3: a full cycle, then default steps until the first
--   finalizer ran, then the smallest: the next allocation runs one more
--   (on LuaJIT, lua_pushlstring's, before it copies).
local function pendfinalizers()
  gcparams()
  local k = 0
  if V == "Lua 5.4" then
    collectgarbage("incremental", 200, 100, 10)
    collectgarbage("stop")
    for _ = 1, 200 do newgc(fin) end
    local weak = setmetatable({}, {__mode = "v"})
    weak[1] = {}
    seen = 0
    while weak[1] ~= nil and k < 1000000 do collectgarbage("step", 0); k = k + 1 end
    if seen > 150 then
      -- a small heap: one step went through the whole cycle; a full one,
      -- then the smallest steps (cheap on a small heap)
      collectgarbage("collect")
      collectgarbage("stop")
      for _ = 1, 200 do newgc(fin) end
      seen = 0
    end
    collectgarbage("incremental", 1, 100, 1)
    while seen == 0 and k < 1000000 do collectgarbage("step", 0); k = k + 1 end
  else
    collectgarbage("collect")
    collectgarbage("stop")
    for _ = 1, 60 do newgc(fin) end
    seen = 0
    while seen == 0 and k < 1000000 do collectgarbage("step", 0); k = k + 1 end
    collectgarbage("setpause", 1)
    collectgarbage("setstepmul", (isjit or V == "Lua 5.1") and 1 or 1000)
  end
  collectgarbage("restart")
end

function gcdefaults()
  armed, action = false, nil
  gcparams()
end

-- Call fn(...) with the finalizers armed to run act at its first
-- allocation: fn's results in a table.
local function finish(...)
  gcdefaults()              -- disarms; the rest of the test runs normally
  return {...}
end

local function withfinalizers(act, fn, ...)
  action = act
  callhits = 0
  pendfinalizers()
  armed = true
  -- nothing allocates between here and fn (a {pcall(...)} would make its
  -- table first, and run the finalizers there)
  return finish(pcall(fn, ...))
end

-- ---- Helpers ------------------------------------------------------------------

local function readfile(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

local function writefile(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local function waitcode(pid)
  local _, st = assert(pyos.waitpid(pid, 0))
  return pyos.waitstatus_to_exitcode(st)
end

local function inchild(fn) return support.inchild(pyos, fn) end

local OPENW = pyos.O_WRONLY + pyos.O_CREAT + pyos.O_TRUNC

-- Garbage of many sizes: freed strings' memory gets reused.
local function junk()
  local t = {}
  for i = 1, 300 do t[i] = ("z"):rep(i % 90 + 1) .. i end
  return t
end

-- A path-like whose __fspath runs f first.
local function pathlike(s, f)
  return setmetatable({}, {__fspath = function()
    if f then f() end
    return s
  end})
end

-- The variables sh and env add to a child's environment.
local SHELLVARS = {PWD = true, SHLVL = true, _ = true, OLDPWD = true}

-- Check `env` output against the table it was given: every entry there
-- with its value, anything else only from extra(name, value).
local function checkenvout(text, want, extra)
  assert(text, "the child wrote no environment")
  local got = {}
  for line in text:gmatch("[^\n]+") do
    local k, v = line:match("^([^=]+)=(.*)$")
    assert(k, ("the child's environment has a line %q"):format(line))
    got[k] = v
    if want[k] == nil and not SHELLVARS[k] and not (extra and extra(k, v)) then
      error(("the child's environment has %s=%q"):format(k, v:sub(1, 60)), 2)
    end
  end
  for k, v in pairs(want) do
    assert(got[k] == v, ("the child's %s is %q, expected %q")
           :format(k, tostring(got[k]):sub(1, 60), v:sub(1, 60)))
  end
end

-- Under valgrind (make check's second half) each collection cycle of the
-- whole heap costs seconds; the ASan half runs this file.
-- (A local: busted gives each describe block its own environment.)
local it = it
if support.valgrind then
  local busted_it = it
  it = function(name)
    busted_it(name, function() pending("valgrind: the ASan run has it") end)
  end
end

describe("reentrancy regressions (issue 14)", function()
  local dir
  before_each(function()
    dir = support.tmpdir()
  end)
  after_each(function()
    gcdefaults()
    support.cleanup()
  end)

  -- ---- posix_spawn with 32+ argv entries and env left out --------------

  describe("32 or more argv entries, env left out", function()
    for _, name in ipairs{"posix_spawn", "posix_spawnp"} do
      for _, n in ipairs{31, 32, 33, 40} do
        it(name .. " runs the program with " .. n .. " entries", function()
          local out = dir .. "/out"
          local argv = {"sh", "-c", 'printf "%s\\n" "$0" "$@" > ' .. out}
          for i = 4, n do argv[i] = "a" .. i end
          local prog = name == "posix_spawn" and "/bin/sh" or "sh"
          local pid, msg = pyos[name](prog, argv)
          assert(pid, msg)
          assert.are.equal(0, waitcode(pid))
          local want = {}
          for i = 4, n do want[#want + 1] = "a" .. i end
          assert.are.equal(table.concat(want, "\n") .. "\n", readfile(out))
        end)
      end

      it(name .. " runs it when a path-like entry comes after the 32nd", function()
        local out = dir .. "/out"
        local argv = {"sh", "-c", 'printf "%s\\n" "$0" "$@" > ' .. out}
        for i = 4, 34 do argv[i] = "a" .. i end
        argv[35] = pathlike("last")
        local prog = name == "posix_spawn" and "/bin/sh" or "sh"
        local pid, msg = pyos[name](prog, argv)
        assert(pid, msg)
        assert.are.equal(0, waitcode(pid))
        local lines = {}
        for l in readfile(out):gmatch("[^\n]+") do lines[#lines + 1] = l end
        assert.are.equal(32, #lines)
        assert.are.equal("last", lines[32])
      end)
    end

    it("spawnve without env names the missing table, not pyos's own userdata", function()
      local argv = {"sh", "-c", "exit 7"}
      for i = 4, 40 do argv[i] = "a" .. i end
      local ok, msg = pcall(pyos.spawnve, pyos.P_WAIT, "/bin/sh", argv)
      assert.is_false(ok)
      msg = tostring(msg)
      assert.is_truthy(msg:find("table expected", 1, true), msg)
      assert.is_falsy(msg:find("userdata", 1, true), msg)
    end)

    for _, name in ipairs{"execve", "execvpe"} do
      it(name .. " without env names the missing table (in a child)", function()
        local code = inchild(function()
          local argv = {"sh", "-c", "exit 7"}
          for i = 4, 40 do argv[i] = "a" .. i end
          local ok, msg = pcall(pyos[name], name == "execve" and "/bin/sh" or "sh", argv)
          msg = tostring(msg)
          if ok then return 3 end
          if not msg:find("table expected", 1, true) or msg:find("userdata", 1, true) then
            io.stderr:write(name, ": ", msg, "\n")
            return 4
          end
          return 0
        end)
        assert.are.equal(0, code)   -- 7: it exec'd; 4: the message named userdata
      end)
    end
  end)

  -- ---- argv and file_actions strings held only by a user table ---------

  describe("argv strings held only by the argv table", function()
    local D = ("d"):rep(50)
    local expected, pid

    -- argv {"sh", "-c", script, "dynamic-<pid>-ddd...", <path-like>}:
    -- the fourth string lives only in the table (built here, so that no
    -- register of the test keeps it); the path-like's __fspath drops it
    -- from the table, collects, and allocates over its memory.
    local function makeargv(out)
      local argv
      argv = {"sh", "-c", 'printf "%s %s\\n" "$0" "$1" > ' .. out,
              "dynamic-" .. pid .. "-" .. D,
              pathlike("third", function()
                argv[4] = nil
                collectgarbage()
                junk()
              end)}
      return argv
    end

    before_each(function()
      pid = pyos.getpid()
      expected = "dynamic-" .. pid .. "-" .. D .. " third\n"
    end)

    local spawners = {
      posix_spawn = function(argv) local pid = assert(pyos.posix_spawn("/bin/sh", argv)); return waitcode(pid) end,
      posix_spawnp = function(argv) local pid = assert(pyos.posix_spawnp("sh", argv)); return waitcode(pid) end,
      spawnv = function(argv) return assert(pyos.spawnv(pyos.P_WAIT, "/bin/sh", argv)) end,
      spawnvp = function(argv) return assert(pyos.spawnvp(pyos.P_WAIT, "sh", argv)) end,
      spawnve = function(argv) return assert(pyos.spawnve(pyos.P_WAIT, "/bin/sh", argv, {A = "1"})) end,
      spawnvpe = function(argv) return assert(pyos.spawnvpe(pyos.P_WAIT, "sh", argv, {A = "1"})) end,
    }
    for _, name in ipairs{"posix_spawn", "posix_spawnp", "spawnv", "spawnvp", "spawnve", "spawnvpe"} do
      it(name .. ": the child receives dynamic-<pid> third, 5 of 5", function()
        for i = 1, 5 do
          local out = dir .. "/out" .. i
          local code = spawners[name](makeargv(out))
          assert.are.equal(0, code)
          assert.are.equal(expected, readfile(out))
        end
      end)
    end

    for _, name in ipairs{"execv", "execve", "execvp", "execvpe"} do
      it(name .. " (in a child): it receives dynamic-<pid> third, 3 of 3", function()
        for i = 1, 3 do
          local out = dir .. "/out" .. i
          local code = inchild(function()
            local argv = makeargv(out)
            if name == "execv" then pyos.execv("/bin/sh", argv)
            elseif name == "execve" then pyos.execve("/bin/sh", argv, {A = "1"})
            elseif name == "execvp" then pyos.execvp("sh", argv)
            else pyos.execvpe("sh", argv, {PATH = "/bin:/usr/bin"}) end
            return 5                -- exec failed
          end)
          assert.are.equal(0, code)
          assert.are.equal(expected, readfile(out))
        end
      end)
    end

    it("posix_spawn: argv dropped by the options table's __index, 5 of 5", function()
      for i = 1, 5 do
        local out = dir .. "/out" .. i
        local argv = makeargv(out)
        argv[5] = "third"
        local opts = setmetatable({}, {__index = function()
          argv[4] = nil
          collectgarbage()
          junk()
        end})
        local pid, msg = pyos.posix_spawn("/bin/sh", argv, nil, opts)
        assert(pid, msg)
        assert.are.equal(0, waitcode(pid))
        assert.are.equal(expected, readfile(out))
      end
    end)

    it("posix_spawn: a file_actions path dropped by the options table's __index, 5 of 5", function()
      for i = 1, 5 do
        local action
        -- the path lives only in the action table
        local function build()
          action = {pyos.POSIX_SPAWN_OPEN, 1, dir .. "/fa-" .. i .. "-" .. D, OPENW, 420}
          return setmetatable({file_actions = {action}}, {__index = function()
            action[3] = nil
            collectgarbage()
            junk()
          end})
        end
        local pid, msg = pyos.posix_spawn("/bin/sh", {"sh", "-c", "echo ok" .. i}, nil, build())
        assert(pid, msg)
        assert.are.equal(0, waitcode(pid))
        assert.are.equal("ok" .. i .. "\n", readfile(dir .. "/fa-" .. i .. "-" .. D))
      end
    end)
  end)

  -- ---- the current environment, changed under posix_spawn -------------

  describe("posix_spawn with env nil while the options' __index calls putenv", function()
    local added = 0
    after_each(function()
      for i = 1, added do pyos.unsetenv("PYOS_RE_ADD" .. i) end
      pyos.unsetenv("PYOS_RE_MARK")
      added = 0
    end)

    for _, name in ipairs{"posix_spawn", "posix_spawnp"} do
      it(name .. ": the child gets a valid environment, 20 of 20", function()
        pyos.putenv("PYOS_RE_MARK", "mark")
        for i = 1, 20 do
          local out = dir .. "/out" .. i
          local opts = setmetatable({}, {__index = function()
            for _ = 1, 3 do        -- new names: setenv reallocates environ
              added = added + 1
              pyos.putenv("PYOS_RE_ADD" .. added, ("y"):rep(30))
            end
          end})
          local prog = name == "posix_spawn" and "/bin/sh" or "sh"
          local pid, msg = pyos[name](prog, {"sh", "-c", 'echo "$PYOS_RE_MARK" > ' .. out}, nil, opts)
          assert(pid, msg)          -- EFAULT: environ was freed under it
          assert.are.equal(0, waitcode(pid))
          assert.are.equal("mark\n", readfile(out))
        end
      end)
    end
  end)

  -- ---- an env table grown between the counting and the copying pass ----

  describe("an env table that a finalizer grows during the conversion", function()
    -- 70 short entries (the pointer array on the heap, the strings on the
    -- C stack) and 10 long ones (the other way round)
    local shapes = {{70, 4}, {10, 500}}

    local function makeenv(n, size)
      local env = {}
      for i = 1, n do env["E" .. i] = ("v" .. i):rep(size):sub(1, size) end
      return env
    end

    local function copy(t)
      local c = {}
      for k, v in pairs(t) do c[k] = v end
      return c
    end

    local function isgrown(k, v) return k:find("^GROW_") and v == ("g"):rep(100) end

    -- the first finalizer of the call adds 100 entries
    local function grow(env)
      return function(n)
        if n == 1 then
          for i = 1, 100 do env["GROW_" .. hits .. "_" .. i] = ("g"):rep(100) end
        end
      end
    end

    -- The binding is called directly with every argument built before,
    -- so that its own first allocation (the copy of the env table) is
    -- where the finalizers run. (The l variants build an argv table in
    -- the Lua layer first and then use the same conversion.)
    local calls = {
      posix_spawn = function(argv) return pyos.posix_spawn, "/bin/sh", argv end,
      posix_spawnp = function(argv) return pyos.posix_spawnp, "sh", argv end,
      spawnve = function(argv) return pyos.spawnve, pyos.P_WAIT, "/bin/sh", argv end,
      spawnvpe = function(argv) return pyos.spawnvpe, pyos.P_WAIT, "sh", argv end,
    }

    -- Run it: the exit code of the child.
    local function run(name, act, out, env)
      local argv = {"sh", "-c", "/usr/bin/env > " .. out}
      local call = {calls[name](argv)}
      call[#call + 1] = env
      local r = withfinalizers(act, unpack(call))
      assert(r[1], r[2])
      assert(r[2], r[3])
      if name:find("^posix") then return waitcode(r[2]) end
      return r[2]
    end

    for _, name in ipairs{"posix_spawn", "posix_spawnp", "spawnve", "spawnvpe"} do
      for _, shape in ipairs(shapes) do
        it(("%s, %d entries of %d bytes: the child gets them all, 5 of 5"):format(name, shape[1], shape[2]), function()
          for i = 1, 5 do
            local out = dir .. "/env" .. i
            local env = makeenv(shape[1], shape[2])
            local want = copy(env)
            assert.are.equal(0, run(name, grow(env), out, env))
            checkenvout(readfile(out), want, isgrown)
          end
        end)
      end
    end

    for _, name in ipairs{"execve", "execvpe"} do
      for _, shape in ipairs(shapes) do
        it(("%s (in a child), %d entries of %d bytes: the program gets them all, 3 of 3")
           :format(name, shape[1], shape[2]), function()
          for i = 1, 3 do
            local out = dir .. "/env" .. i
            local env = makeenv(shape[1], shape[2])
            local want = copy(env)
            local code = inchild(function()
              local argv = {"sh", "-c", "/usr/bin/env > " .. out}
              if name == "execve" then
                withfinalizers(grow(env), pyos.execve, "/bin/sh", argv, env)
              else
                withfinalizers(grow(env), pyos.execvpe, "sh", argv, env)
              end
              return 5               -- exec failed
            end)
            assert.are.equal(0, code)   -- 1: a sanitizer report in the child
            checkenvout(readfile(out), want, isgrown)
          end
        end)
      end
    end

    it("posix_spawn: a value replaced by a table during the conversion raises or is left out, 5 of 5", function()
      for i = 1, 5 do
        local out = dir .. "/env" .. i
        local env = makeenv(70, 4)
        local want = copy(env)
        local argv = {"sh", "-c", "/usr/bin/env > " .. out}
        local r = withfinalizers(function() env.E1 = {} end, pyos.posix_spawn, "/bin/sh", argv, env)
        if r[1] then
          assert(r[2], r[3])
          assert.are.equal(0, waitcode(r[2]))
          want.E1 = nil
          checkenvout(readfile(out), want, function(k, v) return k == "E1" and v == ("v1"):rep(4):sub(1, 4) end)
        else
          assert.is_truthy(tostring(r[2]):find("string", 1, true), tostring(r[2]))
        end
      end
    end)
  end)

  -- ---- pread / read through the shared buffer --------------------------

  describe("read and pread while a finalizer reads more through the same buffer", function()
    local A, B
    local fda, fdb

    before_each(function()
      local unit = {}
      for i = 1, 251 do unit[i] = string.char(33 + (i * 7) % 90) end
      A = table.concat(unit):rep(400):sub(1, 100000)
      B = ("B"):rep(300000)
      writefile(dir .. "/a", A)
      writefile(dir .. "/b", B)
      fda = assert(pyos.open(dir .. "/a", pyos.O_RDONLY))
      fdb = assert(pyos.open(dir .. "/b", pyos.O_RDONLY))
    end)
    after_each(function()
      pyos.close(fda)
      pyos.close(fdb)
    end)

    -- the finalizer reads more (a new, bigger buffer) or as much (the same
    -- buffer, other bytes)
    local function otherread(n)
      if n > 1 then return end
      local big = hits % 2 == 1
      local s = pyos.pread(fdb, big and 300000 or 100000, 0)
      assert(s == B:sub(1, big and 300000 or 100000))
    end

    it("pread returns the file's bytes, 50 of 50", function()
      local right, n = 0, rounds(50)
      for _ = 1, n do
        local r = withfinalizers(otherread, pyos.pread, fda, 100000, 0)
        if r[1] and r[2] == A then right = right + 1 end
      end
      assert.are.equal(n, right)
    end)

    it("read returns the file's bytes, 50 of 50", function()
      local right, n = 0, rounds(50)
      for _ = 1, n do
        assert(pyos.lseek(fda, 0, pyos.SEEK_SET))
        local r = withfinalizers(otherread, pyos.read, fda, 100000)
        if r[1] and r[2] == A then right = right + 1 end
      end
      assert.are.equal(n, right)
    end)
  end)

  -- ---- scandir called again while it makes a DirEntry ------------------

  describe("scandir while a finalizer calls the same iterator", function()
    -- 300 entries of 224 bytes: more than one 32 KiB getdents64 read, so
    -- that the inner calls refill the buffer the outer one reads from
    it("gives each name once and only real names, 20 of 20", function()
      local names = {}
      for i = 1, 300 do
        local name = ("entry-%03d-"):format(i) .. ("n"):rep(190)
        names[name] = true
        writefile(dir .. "/" .. name, "")
      end
      for round = 1, 20 do
        local iter = assert(pyos.scandir(dir))
        local got, bad, calls = {}, nil, 0
        local function take(e)
          if e == nil then return end
          if not names[e.name] or e.path ~= dir .. "/" .. e.name then
            bad = bad or ("a DirEntry named %q"):format(e.name:sub(1, 40))
          elseif got[e.name] then
            bad = bad or (e.name:sub(1, 9) .. " twice")
          end
          got[e.name] = true
        end
        while true do
          calls = calls + 1
          local r
          if calls == round * 7 then
            -- one call with finalizers that drain the batch it reads from
            r = withfinalizers(function(n)
              if n == 1 then
                for _ = 1, 150 do
                  local ok, e = pcall(iter)
                  if not ok or e == nil then break end
                  take(e)
                end
              end
            end, iter)
          else
            r = {pcall(iter)}
          end
          assert(r[1], r[2])
          if r[2] == nil then break end
          take(r[2])
        end
        iter:close()
        assert(bad == nil, bad)
      end
    end)
  end)

  -- ---- walk / fwalk re-entered from onerror ------------------------------

  describe("the walk iterator called again from its own onerror", function()
    -- top/{a,b}: the loop removes the directory not yet visited, so that
    -- opening it fails and onerror runs; onerror calls the iterator.
    for _, kind in ipairs{"walk", "fwalk"} do
      for _, topdown in ipairs{true, false} do
        it(("%s (topdown %s) raises 'generator already executing' and goes on")
           :format(kind, tostring(topdown)), function()
          local top = dir .. "/top"
          assert(pyos.mkdir(top))
          assert(pyos.mkdir(top .. "/a"))
          assert(pyos.mkdir(top .. "/b"))
          local it, inner = nil, {}
          local function onerror()
            inner[#inner + 1] = {pcall(it)}
          end
          it = pyos[kind](top, topdown, onerror)
          local roots, removed = {}, false
          local ok, err = pcall(function()
            for root, dirs in it do
              roots[#roots + 1] = root
              if not removed then
                -- the first yield: top-down, top itself (remove its last
                -- child); bottom-up, a leaf (remove its sibling)
                local victim
                if topdown then victim = top .. "/" .. dirs[#dirs]
                else victim = top .. "/" .. (root:sub(-1) == "a" and "b" or "a") end
                assert(pyos.rmdir(victim))
                removed = true
              end
            end
          end)
          assert(ok, err)
          assert.are.equal(1, #inner)
          assert.is_false(inner[1][1], "the iterator ran again inside onerror")
          assert.is_truthy(tostring(inner[1][2]):find("already executing", 1, true),
                           tostring(inner[1][2]))
          -- the walk itself went on: top and the directory left
          local seenroots = {}
          for _, r in ipairs(roots) do seenroots[r] = true end
          assert.is_true(seenroots[top])
          assert.are.equal(2, #roots)
        end)
      end
    end
  end)

  -- ---- environ() and pairs(environ) while finalizers change it ---------
  -- (last: on a build with the bug this crashes the process)

  describe("environ() while finalizers call putenv and unsetenv", function()
    local added = 0
    before_each(function()
      for i = 1, 20 do pyos.putenv("PYOS_RE_BASE" .. i, "base-" .. i) end
    end)
    after_each(function()
      for i = 1, 20 do pyos.unsetenv("PYOS_RE_BASE" .. i) end
      for i = 1, added do pyos.unsetenv("PYOS_RE_ADD" .. i) end
      added = 0
    end)

    -- the first 30 finalizers of a call add names (setenv reallocates
    -- environ) and remove one
    local values = {}
    local function churn(n)
      if n > 30 then return end
      for _ = 1, 4 do
        added = added + 1
        local v = ("w" .. added):rep(5)
        values["PYOS_RE_ADD" .. added] = v
        pyos.putenv("PYOS_RE_ADD" .. added, v)
      end
      pyos.unsetenv("PYOS_RE_ADD" .. (added - 3))
    end

    local function check(snap)
      for i = 1, 20 do
        local v = snap["PYOS_RE_BASE" .. i]
        if v ~= "base-" .. i then
          error(("PYOS_RE_BASE%d is %q in the snapshot"):format(i, tostring(v)), 2)
        end
      end
      for k, v in pairs(snap) do
        if type(k) ~= "string" or type(v) ~= "string" then
          error("a snapshot entry " .. type(k) .. " = " .. type(v), 2)
        end
        if k:find("^PYOS_RE_ADD") and values[k] ~= v then
          error(("%s is %q in the snapshot, was set to %q"):format(k, v, tostring(values[k])), 2)
        end
      end
    end

    -- every 25 rounds the names added go (the environment stays small)
    local function tidy(round)
      if round % 10 == 0 then
        for i = 1, added do pyos.unsetenv("PYOS_RE_ADD" .. i) end
      end
    end

    it("environ() is a consistent snapshot, 50 of 50", function()
      for round = 1, rounds(50) do
        local r = withfinalizers(churn, pyos.environ)
        assert(r[1], r[2])
        check(r[2])
        tidy(round)
      end
    end)

    it("__pairs(environ) iterates a consistent snapshot, 50 of 50", function()
      local mt = getmetatable(pyos.environ)
      for round = 1, rounds(50) do
        local r = withfinalizers(churn, function()
          local t = {}
          for k, v in mt.__pairs(pyos.environ) do t[k] = v end
          return t
        end)
        assert(r[1], r[2])
        check(r[2])
        tidy(round)
      end
    end)
  end)
end)
