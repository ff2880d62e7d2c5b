-- tree: print a directory tree (scandir), names sorted, like `tree`.
-- Usage: lua tree.lua [-a] [-L LEVEL] [PATH]
local pyos = require "pyos"

local function entries(dir, all)
  local list = {}
  local it, msg = pyos.scandir(dir)
  if not it then return nil, msg end
  for e in it do
    if all or e.name:sub(1, 1) ~= "." then
      list[#list + 1] = {name = e.name, path = e.path,
                         isdir = e:is_dir({follow_symlinks = false}),
                         islink = e:is_symlink()}
    end
  end
  table.sort(list, function(a, b) return a.name < b.name end)
  return list
end

local function tree(dir, prefix, level, opts, counts)
  if level > opts.level then return end
  local list, msg = entries(dir, opts.all)
  if not list then
    io.write(prefix, "[error: ", msg, "]\n")
    return
  end
  for i, e in ipairs(list) do
    local last = i == #list
    local label = e.name
    if e.islink then
      label = label .. " -> " .. (pyos.readlink(e.path) or "?")
    end
    io.write(prefix, last and "└── " or "├── ", label, "\n")
    if e.isdir then
      counts.dirs = counts.dirs + 1
      tree(e.path, prefix .. (last and "    " or "│   "), level + 1, opts, counts)
    else
      counts.files = counts.files + 1
    end
  end
end

local function main(argv)
  local opts = {all = false, level = math.huge, top = "."}
  local i = 1
  while i <= #argv do
    if argv[i] == "-a" then opts.all = true
    elseif argv[i] == "-L" then i = i + 1; opts.level = tonumber(argv[i])
    else opts.top = argv[i] end
    i = i + 1
  end
  local counts = {dirs = 0, files = 0}
  io.write(opts.top, "\n")
  tree(opts.top, "", 1, opts, counts)
  io.write(string.format("\n%d director%s, %d file%s\n",
           counts.dirs, counts.dirs == 1 and "y" or "ies",
           counts.files, counts.files == 1 and "" or "s"))
end

main(arg)
