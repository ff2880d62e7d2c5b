-- path_bench.lua [IMPL [N]]: N calls (default 1,000,000) of each hot
-- pyos.path function; prints one line per case: NAME NS_PER_CALL.
-- IMPL is "pyos" (default) or "penlight" (pl.path, for comparison; see
-- path_bench_penlight.lua). CPython: path_bench.py, same cases.
--   LUA_CPATH='build/5.4/?.so;;' LUA_PATH='lua/?.lua;lua/?/init.lua;;' \
--     lua5.4 bench/path_bench.lua
-- The clock is os.clock (CPU time; path_bench.py uses process_time too).
-- Each case cycles through 4 inputs and sums the result lengths, so no
-- runtime can hoist the call out of the loop or drop it.
local impl = arg and arg[1] or "pyos"
local n = tonumber(arg and arg[2]) or 1000000

local F
if impl == "pyos" then
  F = require "pyos.path"
elseif impl == "penlight" then
  local pl = require "pl.path"
  F = {join = pl.join, normpath = pl.normpath, split = pl.splitpath,
       splitext = pl.splitext, basename = pl.basename, dirname = pl.dirname}
else
  error("unknown implementation " .. tostring(impl))
end

local LONG = {"/usr/local/lib/python3.11/site-packages/foo.py",
              "/usr/local/lib/python3.11/site-packages/bar.py",
              "/usr/local/lib/python3.11/dist-packages/baz.py",
              "/usr/local/lib/python3.11/dist-packages/qux.py"}
local EXT = {"/home/user/src/archive.tar.gz", "/home/user/src/photo.jpeg",
             "/home/user/src/notes.txt", "/home/user/src/main.c"}
local CLEAN = {"/usr/local/lib/python3.11/site-packages",
               "/usr/local/lib/python3.11/dist-packages",
               "/usr/lib/python3/dist-packages/foo",
               "src/lua/pyos/path.lua"}
local DIRTY = {"/usr/local/./lib/../lib//python3.11/",
               "/usr/./local/lib/../share//doc/",
               "a/b/../c/./d//e/",
               "../x/./y/../z"}
local HEADS = {"/usr/local", "/home/user", "src", "/opt/"}
local TAILS = {"lib", "bin", "python3.11", "share"}

-- name, function(f, inputs, count) -> checksum
local function one(name)
  return function(F, inputs, count)
    local f, acc = F[name], 0
    for i = 1, count do acc = acc + #f(inputs[i % 4 + 1]) end
    return acc
  end
end
local function two(name)
  return function(F, inputs, count)
    local f, acc = F[name], 0
    for i = 1, count do
      local a, b = f(inputs[i % 4 + 1])
      acc = acc + #a + #b
    end
    return acc
  end
end

local CASES = {
  {"join2", HEADS, function(F, _, count)
    local join, acc = F.join, 0
    for i = 1, count do acc = acc + #join(HEADS[i % 4 + 1], TAILS[i % 3 + 1]) end
    return acc
  end},
  {"join3", HEADS, function(F, _, count)
    local join, acc = F.join, 0
    for i = 1, count do
      acc = acc + #join(HEADS[i % 4 + 1], TAILS[i % 3 + 1], TAILS[i % 4 + 1])
    end
    return acc
  end},
  {"normpath_clean", CLEAN, one("normpath")},
  {"normpath_dirty", DIRTY, one("normpath")},
  {"split", LONG, two("split")},
  {"splitext", EXT, two("splitext")},
  {"basename", LONG, one("basename")},
  {"dirname", LONG, one("dirname")},
}

local only = arg and arg[3]
for _, case in ipairs(CASES) do
  if not only or only == case[1] then
    local name, inputs, run = case[1], case[2], case[3]
    run(F, inputs, 1000)                  -- warm up (LuaJIT traces)
    local t0 = os.clock()
    run(F, inputs, n)
    local t = os.clock() - t0
    print(string.format("%-16s %8.1f", name, t / n * 1e9))
  end
end
