-- listdir.lua IMPL DIR REPS: list DIR REPS times; ns per entry, count.
local B = require "benchlib"
local impl, path, reps = arg[1], arg[2], tonumber(arg[3] or 5)

local impls = {}

function impls.pyos()
  local listdir = B.pyos("listdir").listdir
  return function() return #assert(listdir(path)) end
end

-- The scandir loop of Python's idiom: is_dir() on each entry.
local function isdirloop(scandir)
  return function()
    local count, ndirs = 0, 0
    for e in assert(scandir(path)) do
      count = count + 1
      if e:is_dir() then ndirs = ndirs + 1 end
    end
    return count
  end
end

function impls.pyos_scandir()
  return isdirloop(B.pyos("scandir").scandir)
end

-- The floor (bench/benchfloor.c): one string and one table slot per
-- name, nothing else; and one minimal object and method call per entry.
function impls.floor()
  local listdir = B.need("benchfloor").listdir
  return function() return #listdir(path) end
end

function impls.floor_scandir()
  return isdirloop(B.need("benchfloor").scandir)
end

function impls.lfs()
  local dir = B.need("lfs").dir
  return function()
    local t = {}
    for name in dir(path) do
      if name ~= "." and name ~= ".." then t[#t + 1] = name end
    end
    return #t
  end
end

function impls.posix()
  local dir = B.need("posix.dirent").dir
  return function()
    local t = {}
    for _, name in ipairs(dir(path)) do
      if name ~= "." and name ~= ".." then t[#t + 1] = name end
    end
    return #t
  end
end

-- luv lists the directory in C (scandir(3), sorted), then hands out one
-- entry per fs_scandir_next call.
function impls.luv()
  local uv = B.need("luv")
  local scandir, nextentry = uv.fs_scandir, uv.fs_scandir_next
  return function()
    local t = {}
    local req = assert(scandir(path))
    while true do
      local name = nextentry(req)
      if name == nil then break end
      t[#t + 1] = name
    end
    return #t
  end
end

function impls.luv_types()
  local uv = B.need("luv")
  local scandir, nextentry = uv.fs_scandir, uv.fs_scandir_next
  return function()
    local count, ndirs = 0, 0
    local req = assert(scandir(path))
    while true do
      local name, kind = nextentry(req)
      if name == nil then break end
      count = count + 1
      if kind == "directory" then ndirs = ndirs + 1 end
    end
    return count
  end
end

local f = assert(impls[impl], "unknown impl " .. tostring(impl))()
local t0 = B.ns()
local count
for _ = 1, reps do count = f() end
local t = B.ns() - t0
B.report(t / (count * reps), count)
