-- statmiss.lua IMPL PATH N: N stat calls on a missing file; every call
-- fails and the loop reads what a caller would (the message, the errno).
local B = require "benchlib"
local impl, path, n = arg[1], arg[2], tonumber(arg[3] or 1000000)

-- stat returns nil, msg, errno[, err]: count the ENOENT failures.
local function loop(stat, ENOENT)
  return function(count)
    local fails = 0
    for _ = 1, count do
      local st, msg, code = stat(path)
      if st == nil and msg and code == ENOENT then fails = fails + 1 end
    end
    assert(fails == count, "a stat did not fail with ENOENT")
    return fails
  end
end

local impls = {}

function impls.pyos()
  local pyos = B.pyos("stat")
  return loop(pyos.stat, pyos.errno.ENOENT)
end

function impls.posix()
  return loop(B.need("posix.sys.stat").stat, B.need("posix.errno").ENOENT)
end

function impls.lfs()
  return loop(B.need("lfs").attributes, 2)
end

-- luv gives nil, "ENOENT: no such file or directory: PATH", "ENOENT".
function impls.luv()
  return loop(B.need("luv").fs_stat, "ENOENT")
end

local f = assert(impls[impl], "unknown impl " .. tostring(impl))()
B.time(f, n)
