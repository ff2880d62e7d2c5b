-- tree.lua OP IMPL SRC WORK: a whole-tree operation on a copy of the
-- bench's walk tree; ns per entry of SRC, and the entry count.
--   copytree: IMPL pyos (shutil.copytree, symlinks kept) or cmd (cp -a),
--             from SRC to a fresh WORK/dst.N, removed after (not timed);
--   rmtree:   IMPL pyos (shutil.rmtree) or cmd (rm -rf), of a copy of SRC
--             made first with cp -a (not timed);
--   glob:     IMPL pyos (glob.glob(PATTERN, {recursive, root_dir})) or
--             penlight (pl.dir.getallfiles(SRC, PATTERN)); PATTERN is WORK.
local B = require "benchlib"
local op, impl, src, work = arg[1], arg[2], arg[3], arg[4]

local function sh(cmd)
  local ok = os.execute(cmd)
  assert(ok == true or ok == 0, cmd)
end

local function q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function count(top)
  local p = assert(io.popen("find " .. q(top) .. " -mindepth 1 | wc -l"))
  local n = tonumber(p:read("*a"))
  p:close()
  return n
end

local ops = {}

function ops.copytree()
  local dst = work .. "/dst." .. tostring(os.time()) .. math.random(1e6)
  local f
  if impl == "pyos" then
    local copytree = B.pyos("shutil").shutil.copytree
    f = function() assert(copytree(src, dst, {symlinks = true})) end
  else
    f = function() sh("cp -a " .. q(src) .. " " .. q(dst)) end
  end
  local t0 = B.ns()
  f()
  local t = B.ns() - t0
  local n = count(dst)
  sh("rm -rf " .. q(dst))
  return t, n
end

function ops.rmtree()
  local victim = work .. "/rm." .. tostring(os.time()) .. math.random(1e6)
  sh("cp -a " .. q(src) .. " " .. q(victim))
  local n = count(victim)
  local f
  if impl == "pyos" then
    local rmtree = B.pyos("shutil").shutil.rmtree
    f = function() assert(rmtree(victim)) end
  else
    f = function() sh("rm -rf " .. q(victim)) end
  end
  local t0 = B.ns()
  f()
  local t = B.ns() - t0
  assert(io.open(victim) == nil, "the tree is still there")
  return t, n
end

function ops.glob()
  local pattern, found = work, nil
  local t0 = B.ns()
  if impl == "pyos" then
    local glob = B.pyos("glob").glob.glob
    found = #glob("**/" .. pattern, {recursive = true, root_dir = src})
  else
    local getallfiles = B.need("pl.dir").getallfiles
    found = #getallfiles(src, pattern)
  end
  local t = B.ns() - t0
  return t, count(src), found
end

local f = assert(ops[op], "unknown op " .. tostring(op))
math.randomseed(os.time())
local t, n, found = f()
B.report(t / n, found or n)
