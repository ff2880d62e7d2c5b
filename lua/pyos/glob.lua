-- pyos.glob: Python 3.14's glob for Lua (glob, iglob, escape, translate).
--
-- The same walk as Python's glob.py (_iglob, _glob0/1/2, _rlistdir), over
-- pyos.listdir and walk's directory reader (one C call per directory):
-- d_type tells directories apart, so an entry is stat'ed only where
-- Python's would be (a symlink when only directories are wanted, a
-- literal name, a `dir/` pattern). Results come in directory order, as
-- Python's. Errors reading a directory are ignored, as Python's glob
-- ignores them. glob() collects through a callback; iglob() runs the same
-- walk in a coroutine, one directory listing at a time, as Python's
-- generators do.

local fs = require "pyos.fs"
local fd = require "pyos.fd"
local path = require "pyos.path"
local fnmatch = require "pyos.fnmatch"
local aux = require "pyos._aux"

local type, pcall, getmetatable = type, pcall, getmetatable
local find, sub, byte, gsub = string.find, string.sub, string.byte, string.gsub
local concat = table.concat
local cocreate, coresume, coyield, costatus =
  coroutine.create, coroutine.resume, coroutine.yield, coroutine.status

local listnames, lstat, stat, S_ISDIR = fs.listdir, fs.lstat, fs.stat, fs.S_ISDIR
local readdir = require("pyos._fsdir").readdir
local open, close = fd.open, fd.close
local split = path.split
local matcher, translateparts = fnmatch._matcher, fnmatch._translate
local DIR_OPEN_FLAGS = fd.O_RDONLY + (fd.O_DIRECTORY or 0)

local M = {}

-- ---- Helpers (glob.py's) ----------------------------------------------------

local function has_magic(s)
  return find(s, "[%*%?%[]") ~= nil
end

local function ishidden(s)
  return byte(s, 1) == 46              -- '.'
end

-- os.path.join(a, b) for a relative b.
local function pjoin(a, b)
  if a == "" or byte(a, -1) == 47 then return a .. b end
  return a .. "/" .. b
end

-- _join: either side may be empty.
local function join(a, b)
  if a == "" or b == "" then return a ~= "" and a or b end
  return pjoin(a, b)
end

local function lexists(p, dir_fd)
  if dir_fd == nil then return lstat(p) ~= nil end
  return lstat(p, {dir_fd = dir_fd}) ~= nil
end

local function isdir(p, dir_fd)
  local st
  if dir_fd == nil then st = stat(p) else st = stat(p, {dir_fd = dir_fd}) end
  return st ~= nil and S_ISDIR(st.st_mode)
end

-- _listdir: the names in dirname (only directories, symlinks to them
-- included, when dironly), {} on any error. Both are one C call that
-- builds the whole list: listdir's names in directory order, or
-- readdir's directories (walk's reader: d_type, a stat only for a
-- symlink or DT_UNKNOWN, an entry whose stat fails is no directory, as
-- Python's entry.is_dir() inside its try).
local function listdir(dirname, dir_fd, dironly)
  local arg, owned = dirname, nil
  if dir_fd ~= nil then
    if dirname ~= "" then
      owned = open(dirname, DIR_OPEN_FLAGS, {dir_fd = dir_fd})
      if not owned then return {} end
      arg = owned
    else
      arg = dir_fd
    end
  elseif dirname == "" then
    arg = "."
  end
  local names
  if dironly then names = readdir(arg, false) else names = listnames(arg) end
  if owned then close(owned) end
  return names or {}
end

-- ---- The walk: each function calls emit(name) for each result -----------

local function glob1(dirname, pattern, dir_fd, dironly, hidden, emit)
  local names = listdir(dirname, dir_fd, dironly)
  local skiphidden = not (hidden or ishidden(pattern))
  local m = matcher(pattern)
  for i = 1, #names do
    local x = names[i]
    if not (skiphidden and ishidden(x)) and m(x) then emit(x) end
  end
end

local function glob0(dirname, basename, dir_fd, _, _, emit)
  if basename ~= "" then
    if lexists(join(dirname, basename), dir_fd) then emit(basename) end
  elseif isdir(dirname, dir_fd) then
    emit(basename)
  end
end

local function rlistdir(dirname, dir_fd, dironly, hidden, prefix, emit)
  local names = listdir(dirname, dir_fd, dironly)
  for i = 1, #names do
    local x = names[i]
    if hidden or not ishidden(x) then
      local rel = prefix == "" and x or prefix .. "/" .. x
      emit(rel)
      rlistdir(dirname ~= "" and join(dirname, x) or x, dir_fd, dironly, hidden, rel, emit)
    end
  end
end

local function glob2(dirname, _, dir_fd, dironly, hidden, emit)
  if dirname == "" or isdir(dirname, dir_fd) then emit("") end
  rlistdir(dirname, dir_fd, dironly, hidden, "", emit)
end

local function iglob(pathname, root_dir, dir_fd, recursive, dironly, hidden, emit)
  local dirname, basename = split(pathname)
  if not has_magic(pathname) then
    if basename ~= "" then
      if lexists(join(root_dir, pathname), dir_fd) then emit(pathname) end
    elseif isdir(join(root_dir, dirname), dir_fd) then
      emit(pathname)
    end
    return
  end
  if dirname == "" then
    if recursive and basename == "**" then
      glob2(root_dir, basename, dir_fd, dironly, hidden, emit)
    else
      glob1(root_dir, basename, dir_fd, dironly, hidden, emit)
    end
    return
  end
  local inDir
  if has_magic(basename) then
    inDir = (recursive and basename == "**") and glob2 or glob1
  else
    inDir = glob0
  end
  local function eachdir(d)
    inDir(join(root_dir, d), basename, dir_fd, dironly, hidden,
          function(name) emit(pjoin(d, name)) end)
  end
  if dirname ~= pathname and has_magic(dirname) then
    iglob(dirname, root_dir, dir_fd, recursive, true, hidden, eachdir)
  else
    eachdir(dirname)
  end
end

-- ---- Arguments ----------------------------------------------------------

local globargs = aux.args({"pathname:string"},
                          {"root_dir:any", "dir_fd:fd?", "recursive:bool?",
                           "include_hidden:bool?"})

-- root_dir: a string or path-like, no NUL (argument 2 is the options).
local function rootdir(v)
  if v == nil then return "" end
  if type(v) ~= "string" then
    local mt = getmetatable(v)
    if type(mt) ~= "table" or mt.__fspath == nil then
      aux.typeerror(2, v, "string or path-like", "option 'root_dir'")
    end
    v = aux.fspath(2, v)
  end
  if find(v, "\0", 1, true) then aux.argerror(2, "option 'root_dir': embedded null byte") end
  return v
end

local function checkpattern(p)
  if find(p, "\0", 1, true) then aux.argerror(1, "embedded null byte") end
end

-- Runs the walk, calling out(path) for each result; the first result is
-- dropped when it is "" and the pattern is empty or starts with "**"
-- (recursive), as Python's iglob drops it.
local function run(pathname, root_dir, dir_fd, recursive, hidden, out)
  local skipfirst = pathname == "" or (recursive and sub(pathname, 1, 2) == "**")
  local emit = out
  if skipfirst then
    emit = function(s)
      emit = out
      if s ~= "" then out(s) end
    end
  end
  iglob(pathname, root_dir, dir_fd, recursive, false, hidden, function(s) emit(s) end)
end

-- ---- The functions ------------------------------------------------------

function M.glob(...)
  local pathname, root_dir, dir_fd, recursive, hidden = globargs(...)
  checkpattern(pathname)
  root_dir = rootdir(root_dir)
  local out = {}
  run(pathname, root_dir, dir_fd, recursive or false, hidden or false,
      function(s) out[#out + 1] = s end)
  return out
end

-- An iterator over the same results, walking as it goes (one directory
-- listing at a time). Each call gives the next path, nil at the end.
function M.iglob(...)
  local pathname, root_dir, dir_fd, recursive, hidden = globargs(...)
  checkpattern(pathname)
  root_dir = rootdir(root_dir)
  local co = cocreate(function()
    run(pathname, root_dir, dir_fd, recursive or false, hidden or false, coyield)
  end)
  return function()
    if costatus(co) == "dead" then return nil end
    local ok, v = coresume(co)
    if not ok then error(v, 0) end
    return v
  end
end

local escapeargs = aux.args({"pathname:fspath"})

function M.escape(...)
  local pathname = escapeargs(...)
  return (gsub(pathname, "([%*%?%[])", "[%1]"))
end

local translateargs = aux.args({"pat:string"},
                               {"recursive:bool?", "include_hidden:bool?", "seps:any"})

-- re.escape of one separator character.
local SPECIAL = {}
for c in ("()[]{}?*+-|^$\\.&~# \t\n\r\v\f"):gmatch(".") do SPECIAL[c] = true end

function M.translate(...)
  local pat, recursive, hidden, seps = translateargs(...)
  if seps ~= nil and type(seps) ~= "string" then    -- (options are not typed by aux.args)
    aux.typeerror(2, seps, "string", "option 'seps'")
  end
  if seps == nil or seps == "" then seps = "/" end
  local esc, isSep = {}, {}
  for i = 1, #seps do
    local c = sub(seps, i, i)
    esc[#esc + 1] = SPECIAL[c] and "\\" .. c or c
    isSep[byte(c)] = true
  end
  local escaped = concat(esc)
  local any_sep = #seps > 1 and "[" .. escaped .. "]" or escaped
  local not_sep = "[^" .. escaped .. "]"
  local one_last, one_seg, any_segs, any_last
  if hidden then
    one_last = not_sep .. "+"
    one_seg = one_last .. any_sep
    any_segs = "(?:.+" .. any_sep .. ")?"
    any_last = ".*"
  else
    one_last = "[^" .. escaped .. ".]" .. not_sep .. "*"
    one_seg = one_last .. any_sep
    any_segs = "(?:" .. one_seg .. ")*"
    any_last = any_segs .. "(?:" .. one_last .. ")?"
  end
  local parts, from = {}, 1
  for i = 1, #pat + 1 do
    if i > #pat or isSep[byte(pat, i)] then
      parts[#parts + 1] = sub(pat, from, i - 1)
      from = i + 1
    end
  end
  local res, last = {}, #parts
  for idx, part in ipairs(parts) do
    if part == "*" then
      res[#res + 1] = idx < last and one_seg or one_last
    elseif recursive and part == "**" then
      if idx < last then
        if parts[idx + 1] ~= "**" then res[#res + 1] = any_segs end
      else
        res[#res + 1] = any_last
      end
    else
      if part ~= "" then
        local c = byte(part, 1)
        if not hidden and (c == 42 or c == 63) then res[#res + 1] = "(?!\\.)" end
        local tparts = translateparts(part, not_sep .. "*", not_sep)
        for k = 1, #tparts do res[#res + 1] = tparts[k] end
      end
      if idx < last then res[#res + 1] = any_sep end
    end
  end
  return "(?s:" .. concat(res) .. ")\\z"
end

-- Misuse errors name these functions 'pyos.glob.NAME'.
aux.setnames(M, "pyos.glob.")

return M
