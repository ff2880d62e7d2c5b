-- benchlib: the clock and the result line shared by the Lua benchmarks.
-- A benchmark prints one line: "NS_PER_OP [CHECK]", or "skip REASON".
local M = {}

-- A monotonic clock in nanoseconds: bench/benchclock.c, else luaposix's
-- clock_gettime, else luv's hrtime; os.clock (CPU time) as a last resort.
local function findclock()
  local ok, bc = pcall(require, "benchclock")
  if ok then return bc.ns end
  local okp, ptime = pcall(require, "posix.time")
  if okp and ptime.clock_gettime then
    local id = ptime.CLOCK_MONOTONIC
    return function()
      local t = ptime.clock_gettime(id)
      return t.tv_sec * 1e9 + t.tv_nsec
    end
  end
  local oku, uv = pcall(require, "luv")
  if oku then return function() return uv.hrtime() end end
  io.stderr:write("benchlib: no monotonic clock, using os.clock\n")
  return function() return os.clock() * 1e9 end
end

M.ns = findclock()

function M.skip(reason)
  print("skip " .. reason)
  os.exit(0)
end

-- require a module, or skip the benchmark when it does not load.
function M.need(name)
  local ok, mod = pcall(require, name)
  if not ok then
    local msg = tostring(mod)
    local why = msg:find("module '" .. name .. "' not found", 1, true) and "not installed"
                or "does not load: " .. msg:match("[^\n]*"):sub(1, 50)
    M.skip(name .. " " .. why)
  end
  return mod
end

-- pyos, skipping unless every named function exists yet.
function M.pyos(...)
  local pyos = M.need("pyos")
  for _, name in ipairs({...}) do
    if pyos[name] == nil then M.skip("pyos." .. name .. " not implemented yet") end
  end
  return pyos
end

function M.report(ns, check)
  if check ~= nil then
    print(string.format("%.2f %s", ns, tostring(check)))
  else
    print(string.format("%.2f", ns))
  end
end

-- Time f(n) and report ns per op (ops defaults to n).
function M.time(f, n, ops, check)
  local t0 = M.ns()
  local c = f(n)
  local t = M.ns() - t0
  M.report(t / (ops or n), check or c)
end

return M
