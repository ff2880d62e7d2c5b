-- pipe.lua IMPL N: N round trips of a 1-byte write then a 1-byte read.
local B = require "benchlib"
local impl, n = arg[1], tonumber(arg[2] or 1000000)

local impls = {}

function impls.pyos()
  local pyos = B.pyos("pipe", "read", "write", "close")
  local read, write = pyos.read, pyos.write
  local r, w = assert(pyos.pipe())
  return function(count)
    local s
    for _ = 1, count do
      write(w, "x")
      s = read(r, 1)
    end
    pyos.close(r)
    pyos.close(w)
    assert(s == "x")
  end
end

function impls.posix()
  local unistd = B.need("posix.unistd")
  local read, write = unistd.read, unistd.write
  local r, w = assert(unistd.pipe())
  return function(count)
    local s
    for _ = 1, count do
      write(w, "x")
      s = read(r, 1)
    end
    unistd.close(r)
    unistd.close(w)
    assert(s == "x")
  end
end

local f = assert(impls[impl], "unknown impl " .. tostring(impl))()
B.time(f, n)
