-- pyos: Python's os module for Lua. One flat namespace over the C areas
-- (pyos.fs, pyos.fd, pyos.proc, pyos.sched, pyos.xattr, pyos.sys) and the
-- Lua layer of each area (lua/pyos/_AREA.lua).

local M = {}
package.loaded["pyos"] = M     -- the Lua layer and pyos.path may require it

local AREAS = {"fs", "fd", "proc", "sched", "xattr", "sys"}

-- Names of Lua's os that Python's lacks resolve to Lua's own, so that
-- `local os = require "pyos"` takes nothing away.
local luaos = os
local LUA_OS_NAMES = {"exit", "time", "clock", "date", "difftime",
                      "tmpname", "execute", "setlocale"}

local function merge(area, t)
  for k, v in pairs(t) do
    if M[k] ~= nil then
      error("pyos namespace clash: " .. area .. "." .. tostring(k), 2)
    end
    M[k] = v
  end
end

-- supports_* sets are keyed by the very function values of the namespace.
local function addsupports(sets, names)
  for set, list in pairs(names) do
    for _, name in ipairs(list) do
      local fn = M[name]
      assert(type(fn) == "function", "supports_" .. set .. ": no function " .. name)
      sets[set][fn] = true
    end
  end
end

local tables = {}
for _, area in ipairs(AREAS) do
  local t = require("pyos." .. area)
  tables[area] = t
  merge(area, t)
end

-- The Lua layer of each area adds its functions to the area's table; it
-- may use every C function through M. It returns the names of its area's
-- functions that belong in the supports_* sets.
local sets = {dir_fd = {}, fd = {}, follow_symlinks = {}, effective_ids = {}}
local layers = {}
for _, area in ipairs(AREAS) do
  local t = tables[area]
  local before = {}
  for k in pairs(t) do before[k] = true end
  layers[area] = require("pyos._" .. area)(t, M)
  local added = {}
  for k, v in pairs(t) do
    if not before[k] then added[k] = v end
  end
  merge(area, added)
end
for _, area in ipairs(AREAS) do
  if layers[area] then addsupports(sets, layers[area]) end
end

for _, area in ipairs(AREAS) do
  M[area] = tables[area]
end
M.supports_dir_fd = sets.dir_fd
M.supports_fd = sets.fd
M.supports_follow_symlinks = sets.follow_symlinks
M.supports_effective_ids = sets.effective_ids
M.path = require "pyos.path"
M._VERSION = "pyos 0.1.0"

-- Misuse errors name the public function ('pyos.makedirs'), whichever
-- table it was reached through: every function of the namespace, the
-- Lua layer's included, gets its name.
require("pyos._aux").setnames(M, "pyos.")

local fallback = {}
for _, name in ipairs(LUA_OS_NAMES) do fallback[name] = luaos[name] end

-- Python's neighbouring modules are sub-modules (pyos.glob, ...), each
-- loaded on first use and then kept in the namespace.
local SUBMODULES = {glob = "pyos.glob", fnmatch = "pyos.fnmatch",
                    shutil = "pyos.shutil", tempfile = "pyos.tempfile",
                    subprocess = "pyos.subprocess"}
setmetatable(fallback, {__index = function(_, k)
  local name = SUBMODULES[k]
  if name == nil then return nil end
  local t = require(name)
  rawset(M, k, t)
  return t
end})
return setmetatable(M, {__index = fallback})
