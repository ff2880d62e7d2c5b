-- stat.lua IMPL PATH N: N stat calls on one file.
local B = require "benchlib"
local impl, path, n = arg[1], arg[2], tonumber(arg[3] or 1000000)

local function loop(stat)
  return function(count)
    local st
    for _ = 1, count do st = stat(path) end
    assert(st, "stat failed")
  end
end

local impls = {}

function impls.pyos()
  return loop(B.pyos("stat").stat)
end

-- stat and read one field (pyos fields are computed on access).
function impls.pyos_size()
  local stat = B.pyos("stat").stat
  return function(count)
    local size
    for _ = 1, count do size = stat(path).st_size end
    return size
  end
end

function impls.posix()
  return loop(B.need("posix.sys.stat").stat)
end

function impls.lfs()
  return loop(B.need("lfs").attributes)
end

function impls.lfs_size()
  local attributes = B.need("lfs").attributes
  return function(count)
    local size
    for _ = 1, count do size = attributes(path, "size") end
    return size
  end
end

function impls.luv()
  return loop(B.need("luv").fs_stat)
end

local f = assert(impls[impl], "unknown impl " .. tostring(impl))()
B.time(f, n)
