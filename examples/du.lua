-- du: disk usage of directory trees, like `du -B1` (walk + lstat).
-- Usage: lua du.lua [-h] [-s] [-d DEPTH] [PATH...]
--   -h        human-readable sizes (1.5K, 23M, ...)
--   -s        only a total for each PATH
--   -d DEPTH  print directories only down to DEPTH below each PATH
-- Each inode is counted once, as GNU du counts hard links.
local pyos = require "pyos"
local path = require "pyos.path"
local Progress = require "progress"

local function human(n)
  local units = {"", "K", "M", "G", "T", "P"}
  local i = 1
  while n >= 1024 and i < #units do
    n = n / 1024
    i = i + 1
  end
  if i == 1 then return tostring(math.floor(n)) end
  return (n < 10 and string.format("%.1f%s", n, units[i])
          or string.format("%d%s", math.ceil(n), units[i]))
end

local function parse(argv)
  local opts = {depth = math.huge, paths = {}}
  local i = 1
  while i <= #argv do
    local a = argv[i]
    if a == "-h" then opts.human = true
    elseif a == "-s" then opts.depth = 0
    elseif a == "-d" then
      i = i + 1
      opts.depth = tonumber(argv[i]) or error("du: -d needs a number")
    else opts.paths[#opts.paths + 1] = a end
    i = i + 1
  end
  if #opts.paths == 0 then opts.paths[1] = "." end
  return opts
end

local function depth_of(root, top)
  if root == top then return 0 end
  local rel = root:sub(#top + 2)
  local _, slashes = rel:gsub("/", "")
  return slashes + 1
end

-- Walk bottom-up, so each directory's total is complete when it is seen.
local function du(top, opts, out, progress)
  local seen, totals, count = {}, {}, 0
  local function size(p)
    local st = pyos.lstat(p)
    if not st then return 0 end
    local key = st.st_dev .. ":" .. st.st_ino
    if seen[key] then return 0 end
    seen[key] = true
    return st.st_blocks * 512
  end
  local function onerror(err)        -- walk passes the OSError object
    io.stderr:write("du: ", tostring(err), "\n")
  end
  for root, dirs, files in pyos.walk(top, {topdown = false, onerror = onerror}) do
    local total = size(root)
    for _, name in ipairs(files) do
      total = total + size(path.join(root, name))
      count = count + 1
    end
    for _, name in ipairs(dirs) do
      total = total + (totals[path.join(root, name)] or size(path.join(root, name)))
    end
    totals[root] = total
    progress:update(count .. " files")
    if depth_of(root, top) <= opts.depth then
      out(opts.human and human(total) or tostring(total), root)
    end
  end
  return totals[top] or size(top)
end

local function main(argv)
  local opts = parse(argv)
  local progress = Progress.new("du")
  local function out(size, p)
    progress:done()
    io.write(size, "\t", p, "\n")
  end
  for _, top in ipairs(opts.paths) do
    local st, msg = pyos.lstat(top)
    if not st then
      io.stderr:write("du: ", msg, "\n")
    elseif not pyos.S_ISDIR(st.st_mode) then
      out(opts.human and human(st.st_blocks * 512) or tostring(st.st_blocks * 512), top)
    else
      du(top, opts, out, progress)
    end
  end
  progress:done()
end

main(arg)
