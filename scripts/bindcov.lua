-- List the functions and data of Python's os (shared/reference/os.rst)
-- that this platform should have and pyos does not export, and the other
-- way round. Usage (from the repo root, after make):
--   LUA_CPATH='build/5.4/?.so;;' LUA_PATH='lua/?.lua;lua/?/init.lua;;' \
--     lua5.4 scripts/bindcov.lua [path/to/os.rst]
local pyos = require "pyos"

local rst = arg[1] or "../shared/reference/os.rst"
local f = assert(io.open(rst))
local text = f:read("*a")
f:close()

-- Names documented under an availability line that excludes Linux.
local function linuxok(avail)
  if not avail then return true end
  return avail:find("Linux") or avail:find("Unix") or avail:find("POSIX")
end

local wanted, order = {}, {}
local current = {}
local function flush(avail)
  for _, name in ipairs(current) do
    if wanted[name] == nil then order[#order + 1] = name end
    wanted[name] = wanted[name] or linuxok(avail) and true or false
  end
  current = {}
end

local indirective = false
for line in (text .. "\n"):gmatch("(.-)\n") do
  local kind, rest = line:match("^%.%. (%a+)::%s*(.*)$")
  if kind then
    flush(nil)
    indirective = (kind == "function" or kind == "data")
    if indirective then
      current[#current + 1] = rest:match("^([%w_]+)")
    end
  elseif indirective and line:match("^%s+[%w_]+[%(%s]?") and not line:match(":") and #current > 0
         and not line:match("^%s*$") and line:match("^%s%s%s%s%s%s%s%s+[%u_][%w_]*%s*$") then
    current[#current + 1] = line:match("([%w_]+)")
  elseif line:match("^%s+%.%. availability::") then
    local avail = line:match("availability::%s*(.*)")
    flush(avail)
    indirective = false
  elseif line:match("^%S") then
    flush(nil)
    indirective = false
  end
end
flush(nil)

-- What CPython 3.11 has on this machine decides; names newer than 3.11
-- are wanted when their availability line allows Linux.
local p = assert(io.popen("python3 -c 'import os, sys; print(\" \".join(n for n in sys.argv[1:] if hasattr(os, n)))' "
                          .. table.concat(order, " ")))
local inpython = {}
for name in p:read("*a"):gmatch("%S+") do inpython[name] = true end
p:close()
local py311 = assert(io.popen("python3 -c 'import os; print(\" \".join(dir(os)))'"))
local known311 = {}
for name in py311:read("*a"):gmatch("%S+") do known311[name] = true end
py311:close()

local missing, extra = {}, {}
for _, name in ipairs(order) do
  local want = inpython[name] or (not known311[name] and wanted[name])
  if name == "readinto" then want = false end   -- left out: see doc/fd.md
  if want and rawget(pyos, name) == nil then missing[#missing + 1] = name end
end
local documented = {}
for _, name in ipairs(order) do documented[name] = true end
for k in pairs(pyos) do
  if type(k) == "string" and not documented[k] then extra[#extra + 1] = k end
end
table.sort(extra)
print(("%d names in os.rst for Linux, %d missing from pyos:"):format(#order, #missing))
print("  " .. table.concat(missing, " "))
print(("%d pyos names not in os.rst (stat module, errno, Lua layer, ...):"):format(#extra))
print("  " .. table.concat(extra, " "))
