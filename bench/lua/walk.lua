-- walk.lua IMPL DIR: count the entries below DIR; ns per entry, count.
local B = require "benchlib"
local impl, top = arg[1], arg[2]

local impls = {}

function impls.pyos()
  local walk = B.pyos("walk").walk
  return function()
    local count = 0
    for _, dirs, files in walk(top) do
      count = count + #dirs + #files
    end
    return count
  end
end

function impls.pyos_fwalk()
  local fwalk = B.pyos("fwalk").fwalk
  return function()
    local count = 0
    for _, dirs, files in fwalk(top) do
      count = count + #dirs + #files
    end
    return count
  end
end

-- The floor (bench/benchfloor.c): the strings and tables a walk returns,
-- made by C with no Lua code between.
function impls.floor()
  local walk = B.need("benchfloor").walk
  return function() return walk(top) end
end

function impls.penlight()
  local walk = B.need("pl.dir").walk
  return function()
    local count = 0
    for _, dirs, files in walk(top) do
      count = count + #dirs + #files
    end
    return count
  end
end

-- Recursive fs_scandir: luv gives each entry's type (d_type).
function impls.luv()
  local uv = B.need("luv")
  local scandir, nextentry = uv.fs_scandir, uv.fs_scandir_next
  local function walk(path)
    local count = 0
    local req = assert(scandir(path))
    while true do
      local name, kind = nextentry(req)
      if name == nil then break end
      count = count + 1
      if kind == "directory" then count = count + walk(path .. "/" .. name) end
    end
    return count
  end
  return function() return walk(top) end
end

-- luaposix has no d_type: readdir names, then lstat each entry.
function impls.posix()
  local dirent, pstat = B.need("posix.dirent"), B.need("posix.sys.stat")
  local files, lstat, S_ISDIR = dirent.files, pstat.lstat, pstat.S_ISDIR
  local function walk(path)
    local count = 0
    for name in files(path) do
      if name ~= "." and name ~= ".." then
        count = count + 1
        local full = path .. "/" .. name
        local st = lstat(full)
        if st and S_ISDIR(st.st_mode) ~= 0 then count = count + walk(full) end
      end
    end
    return count
  end
  return function() return walk(top) end
end

local f = assert(impls[impl], "unknown impl " .. tostring(impl))()
local t0 = B.ns()
local count = f()
local t = B.ns() - t0
B.report(t / count, count)
