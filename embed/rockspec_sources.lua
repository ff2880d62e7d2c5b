-- lua5.4 embed/rockspec_sources.lua ROCKSPEC SRC...
-- Prints each C source of the Makefile's build (src/AREA.c, src/AREA_*.c,
-- src/aux.c per area) that the rockspec does not list for pyos.AREA, as
-- "pyos.AREA: src/x.c", and every listed source that does not exist.
local rockspec = assert(arg[1], "usage: rockspec_sources.lua ROCKSPEC SRC...")
local spec = {}
assert(loadfile(rockspec, "t", spec))()
local modules = spec.build.modules

local exists, bad = {}, {}
for i = 2, #arg do exists[arg[i]] = true end

for name, mod in pairs(modules) do
  local area = name:match("^pyos%.(%w+)$")
  if area and type(mod) == "table" then
    local listed = {}
    for _, src in ipairs(mod.sources) do
      listed[src] = true
      if not exists[src] then bad[#bad + 1] = name .. ": lists missing " .. src end
    end
    for src in pairs(exists) do
      local base = src:match("^src/([%w_]+)%.c$")
      local wanted = base == area or base == "aux"
                     or (base and base:sub(1, #area + 1) == area .. "_")
      if wanted and not listed[src] then bad[#bad + 1] = name .. ": " .. src end
    end
  end
end
table.sort(bad)
for _, line in ipairs(bad) do print(line) end
