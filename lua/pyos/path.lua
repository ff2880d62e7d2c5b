-- pyos.path: Python's os.path (posixpath, Python 3.11) for Lua.
--
-- Lua, but for normpath (one C pass in src/fs_path.c). Paths are byte
-- strings; every function also takes a value whose metatable has
-- __fspath. The string functions (join, split,
-- normpath, ...) never touch the file system and never check for NUL
-- bytes, as Python's do not. The file-system ones go through the C area
-- pyos.fs (stat, lstat, fstat, getcwd, readlink) and pyos.sys (the pwd
-- look-ups of expanduser), required directly:
-- `require "pyos"` may be loading this very module.
--
-- The hot functions find the last '/' with one plain find in the
-- reversed string (Lua has no rfind): no per-character loop.

local fs = require "pyos.fs"
local sys = require "pyos.sys"          -- getpwnam, getpwuid for expanduser
local cnormpath = require("pyos._path").normpath   -- set up by pyos.fs

local type, select, error, getmetatable, tostring = type, select, error, getmetatable, tostring
local ipairs, pairs = ipairs, pairs
local find, sub, byte, rep = string.find, string.sub, string.byte, string.rep
local reverse, match, format = string.reverse, string.match, string.format
local concat = table.concat
local getenv, open = os.getenv, io.open
local tonumber = tonumber

local M = {}

M.curdir = "."
M.pardir = ".."
M.extsep = "."
M.sep = "/"
M.pathsep = ":"
M.defpath = "/bin:/usr/bin"
M.altsep = nil
M.devnull = "/dev/null"
M.supports_unicode_filenames = false

-- ---- Arguments -----------------------------------------------------------

-- Checked by the C layer (pyos._aux), so a mistake reads as it does from
-- a C function: "bad argument #n to 'pyos.path.NAME' (...)" at the
-- caller's line. Only the error paths call them: a string argument costs
-- one type() test.
local aux = require "pyos._aux"
local argerror, typeerror = aux.argerror, aux.typeerror
local fspath, checkpath = aux.fspath, aux.checkpath    -- (n, v [, fdok])

local function toomany(n)
  argerror(n, "too many arguments")
end

local function hasnul(s)
  return find(s, "\0", 1, true) ~= nil
end

-- ---- Pure functions ------------------------------------------------------

function M.normcase(s, extra)
  if type(s) ~= "string" then s = fspath(1, s) end
  if extra ~= nil then toomany(2) end
  return s
end

function M.isabs(s, extra)
  if type(s) ~= "string" then s = fspath(1, s) end
  if extra ~= nil then toomany(2) end
  return byte(s, 1) == 47
end

-- join(a, ...): a '/' between parts unless the path so far is empty or
-- ends with '/'; an absolute part discards everything before it.
local function joinmany(a, n, args)
  local buf, k = {a}, 1
  local empty, last = a == "", byte(a, -1)
  for i = 1, n do
    local b = args[i]
    if type(b) ~= "string" then b = fspath(i + 1, b) end
    if byte(b, 1) == 47 then
      buf[1], k = b, 1
      empty, last = false, byte(b, -1)
    elseif empty or last == 47 then
      k = k + 1
      buf[k] = b
      if b ~= "" then empty, last = false, byte(b, -1) end
    else
      buf[k + 1], buf[k + 2] = "/", b
      k = k + 2
      empty, last = false, byte(b, -1) or 47
    end
  end
  return concat(buf, "", 1, k)
end

-- a .. b with Python's rule (b is not absolute).
local function join2(a, b)
  if a == "" or byte(a, -1) == 47 then return a .. b end
  return a .. "/" .. b
end

function M.join(a, ...)
  if type(a) ~= "string" then a = fspath(1, a) end
  local n = select("#", ...)
  if n == 1 then
    local b = ...
    if type(b) ~= "string" then b = fspath(2, b) end
    if byte(b, 1) == 47 then return b end
    return join2(a, b)
  elseif n == 2 then
    local b, c = ...
    if type(b) ~= "string" then b = fspath(2, b) end
    if type(c) ~= "string" then c = fspath(3, c) end
    if byte(c, 1) == 47 then return c end
    if byte(b, 1) == 47 then return join2(b, c) end
    local sep1 = (a == "" or byte(a, -1) == 47) and "" or "/"
    local sep2 = "/"
    if b ~= "" then
      if byte(b, -1) == 47 then sep2 = "" end
    elseif sep1 == "/" or a == "" or byte(a, -1) == 47 then
      sep2 = ""
    end
    return a .. sep1 .. b .. sep2 .. c
  elseif n == 0 then
    return a
  end
  return (joinmany(a, n, {...}))      -- not a tail call: errors name join
end
local join = M.join

-- Lua has no rfind. The last '/' of p is found so (split, basename and
-- dirname call this; inlining it in each measured no faster):
--   if n > 40 then                      -- a long string: hop from 12
--     local i = find(p, "/", n - 11, true)     -- bytes before the end
--     ... while find(p, "/", i + 1, true) do ... end
--   end
--   find(reverse(p), "/", 1, true)      -- else (or no '/' in the last 12):
-- short strings are interned, so reversing them is cheap; a long string
-- is reversed only when its last component is longer than 12 bytes.
local function lastslash(p, n)
  if n > 40 then
    local i = find(p, "/", n - 11, true)
    if i then
      local j = find(p, "/", i + 1, true)
      while j do
        i = j
        j = find(p, "/", i + 1, true)
      end
      return i
    end
  end
  local r = find(reverse(p), "/", 1, true)
  return r and n - r + 1
end

-- The head of p up to its last slash at index i when the byte before
-- it is a slash too (or i == 1): without its trailing slashes unless it
-- is all slashes.
local function slashyhead(p, i)
  local h = sub(p, 1, i)
  local stripped = match(h, "^(.-)/*$")
  if stripped == "" then return h end
  return stripped
end

function M.split(p, extra)
  if type(p) ~= "string" then p = fspath(1, p) end
  if extra ~= nil then toomany(2) end
  local i = lastslash(p, #p)
  if not i then return "", p end
  if i > 1 and byte(p, i - 1) ~= 47 then return sub(p, 1, i - 1), sub(p, i + 1) end
  return slashyhead(p, i), sub(p, i + 1)
end
local split = M.split

function M.basename(p, extra)
  if type(p) ~= "string" then p = fspath(1, p) end
  if extra ~= nil then toomany(2) end
  local i = lastslash(p, #p)
  if i then return sub(p, i + 1) end
  return p
end

function M.dirname(p, extra)
  if type(p) ~= "string" then p = fspath(1, p) end
  if extra ~= nil then toomany(2) end
  local i = lastslash(p, #p)
  if not i then return "" end
  if i > 1 and byte(p, i - 1) ~= 47 then return sub(p, 1, i - 1) end
  return slashyhead(p, i)
end

-- The extension is everything from the last dot of the last component,
-- unless the component is only dots up to it. A short string is reversed
-- once for both searches.
function M.splitext(p, extra)
  if type(p) ~= "string" then p = fspath(1, p) end
  if extra ~= nil then toomany(2) end
  local n = #p
  local s, d                          -- the last '/' (or 0), the last '.'
  if n > 40 then
    s = lastslash(p, n) or 0
    d = find(p, ".", s + 1, true)
    if not d then return p, "" end
    local e = find(p, ".", d + 1, true)
    while e do
      d = e
      e = find(p, ".", d + 1, true)
    end
  else
    local rp = reverse(p)
    d = find(rp, ".", 1, true)
    if not d then return p, "" end
    s = find(rp, "/", 1, true)
    if s and s < d then return p, "" end
    s = s and n - s + 1 or 0
    d = n - d + 1
  end
  if d > s + 1 and (byte(p, s + 1) ~= 46 or (find(p, "[^.]", s + 1) or d) < d) then
    return sub(p, 1, d - 1), sub(p, d)
  end
  return p, ""
end

function M.splitdrive(p, extra)
  if type(p) ~= "string" then p = fspath(1, p) end
  if extra ~= nil then toomany(2) end
  return "", p
end

-- normpath is one C pass (src/fs_path.c), arguments checked there too:
-- on Lua 5.4 a Lua wrapper around it cost a third of the call.
M.normpath = cnormpath
local normpath = M.normpath

-- commonprefix(list): the longest common leading string of the strings
-- (or, for an array of arrays, the longest common leading array).
local function prefixlen(a, b, n)
  if #b < n then n = #b end
  if sub(a, 1, n) == sub(b, 1, n) then return n end
  local lo, hi = 0, n          -- a[1..lo] == b[1..lo], a[1..hi] ~= b[1..hi]
  while hi - lo > 1 do
    local mid = lo + (hi - lo - (hi - lo) % 2) / 2
    if sub(a, 1, mid) == sub(b, 1, mid) then lo = mid else hi = mid end
  end
  return lo
end

local function ispathlike(v)
  local mt = getmetatable(v)
  return type(mt) == "table" and mt.__fspath ~= nil
end

local function listprefix(m)
  local first = m[1]
  local n = #first
  for i = 2, #m do
    local t = m[i]
    if type(t) ~= "table" then
      typeerror(1, t, "table", "m[" .. i .. "]")
    end
    if #t < n then n = #t end
    for j = 1, n do
      if t[j] ~= first[j] then n = j - 1; break end
    end
  end
  local r = {}
  for j = 1, n do r[j] = first[j] end
  return r
end

function M.commonprefix(m, extra)
  if type(m) ~= "table" or ispathlike(m) then
    typeerror(1, m, "table")
  end
  if extra ~= nil then toomany(2) end
  local first = m[1]
  if first == nil then return "" end
  if type(first) == "table" and not ispathlike(first) then return (listprefix(m)) end
  if type(first) ~= "string" then first = fspath(1, first) end
  local n = #first
  for i = 2, #m do
    local s = m[i]
    if type(s) ~= "string" then s = fspath(1, s) end
    n = prefixlen(first, s, n)
  end
  return sub(first, 1, n)
end

-- The non-empty components of p other than ".", into the array t.
local function components(p, t, dropdot)
  local k, pos, n = 0, 1, #p
  while pos <= n do
    local e = find(p, "/", pos, true) or n + 1
    if e > pos then
      local c = sub(p, pos, e - 1)
      if not (dropdot and c == ".") then
        k = k + 1
        t[k] = c
      end
    end
    pos = e + 1
  end
  return t, k
end

function M.commonpath(paths, extra)
  if type(paths) ~= "table" or ispathlike(paths) then
    typeerror(1, paths, "table")
  end
  if extra ~= nil then toomany(2) end
  local count = #paths
  if count == 0 then
    argerror(1, "commonpath() arg is an empty sequence")
  end
  local ps = {}
  for i = 1, count do
    local p = paths[i]
    if type(p) ~= "string" then p = fspath(1, p) end
    ps[i] = p
  end
  local abs = byte(ps[1], 1) == 47
  for i = 2, count do
    if (byte(ps[i], 1) == 47) ~= abs then
      argerror(1, "Can't mix absolute and relative paths")
    end
  end
  local common, n = components(ps[1], {}, true)
  for i = 2, count do
    local c, k = components(ps[i], {}, true)
    if k < n then n = k end
    for j = 1, n do
      if c[j] ~= common[j] then n = j - 1; break end
    end
  end
  return (abs and "/" or "") .. concat(common, "/", 1, n)
end

-- ---- expanduser, expandvars ----------------------------------------------

-- The home directory of a struct_passwd (pyos.sys's getpwnam/getpwuid);
-- nil for a failed look-up (not found, or an error: Python's expanduser
-- sees KeyError for both and leaves the path alone).
local function pwdir(pw)
  return pw and pw.pw_dir
end

-- The real user id: pyos.getuid when pyos has it, else /proc.
local function getuid()
  local pyos = package.loaded["pyos"]
  local f = type(pyos) == "table" and pyos.getuid
  if f then return f() end
  local st = open("/proc/self/status", "rb")
  if not st then return nil end
  local text = st:read("*a")
  st:close()
  return tonumber(match(text, "\nUid:%s*(%d+)"))
end

function M.expanduser(p, extra)
  if type(p) ~= "string" then p = fspath(1, p) end
  if extra ~= nil then toomany(2) end
  if byte(p, 1) ~= 126 then return p end
  local i = find(p, "/", 2, true) or #p + 1
  local home
  if i == 2 then
    home = getenv("HOME")
    if home == nil then
      local uid = getuid()
      home = uid and pwdir(sys.getpwuid(uid))
    end
  else
    local name = sub(p, 2, i - 1)
    if hasnul(name) then argerror(1, "embedded null byte") end
    home = pwdir(sys.getpwnam(name))
  end
  if home == nil then return p end
  home = match(home, "^(.-)/*$")
  local r = home .. sub(p, i)
  if r == "" then return "/" end
  return r
end

-- A variable's value, as Python's os.environb[name]: names holding '=' or
-- NUL, and the empty name, are never set.
local function envvalue(name)
  if name == "" or find(name, "=", 1, true) or hasnul(name) then return nil end
  return getenv(name)
end

-- $name (ASCII letters, digits, '_') and ${anything but '}'}; unknown
-- variables are left alone, values are not rescanned.
function M.expandvars(p, extra)
  if type(p) ~= "string" then p = fspath(1, p) end
  if extra ~= nil then toomany(2) end
  local i = find(p, "$", 1, true)
  while i do
    local name, j
    if byte(p, i + 1) == 123 then
      j = find(p, "}", i + 2, true)
      if j then name = sub(p, i + 2, j - 1) end
    else
      local _
      _, j = find(p, "^[A-Za-z0-9_]+", i + 1)
      if j then name = sub(p, i + 1, j) end
    end
    local next = i + 1
    if name then
      local value = envvalue(name)
      if value then
        p = sub(p, 1, i - 1) .. value .. sub(p, j + 1)
        next = i + #value
      else
        next = j + 1
      end
    end
    i = find(p, "$", next, true)
  end
  return p
end

-- ---- The file system -----------------------------------------------------

local S_IFMT_LO, S_IFLNK, S_IFDIR, S_IFREG = 4096, 40960, 16384, 32768
local function filetype(mode)
  return mode % 65536 - mode % S_IFMT_LO
end

-- abspath(p) -> string | nil, msg, errno, err (only when getcwd fails).
local function abspath(p)
  if byte(p, 1) ~= 47 then
    local cwd, msg, errno, err = fs.getcwd()
    if not cwd then return nil, msg, errno, err end
    p = join(cwd, p)
  end
  return normpath(p)
end

function M.abspath(p, extra)
  if type(p) ~= "string" then p = fspath(1, p) end
  if extra ~= nil then toomany(2) end
  return abspath(p)
end

-- Python 3.11's _joinrealpath: join rest to path, resolving symlinks.
-- Returns path, ok (ok false: a loop stopped resolution), or nil, msg,
-- errno, err when strict (or readlink) fails. seen[link] is false while the
-- link is being resolved, then its resolution.
local function joinrealpath(path, rest, strict, seen)
  if byte(rest, 1) == 47 then
    rest = sub(rest, 2)
    path = "/"
  end
  while rest ~= "" do
    local name
    local s = find(rest, "/", 1, true)
    if s then
      name, rest = sub(rest, 1, s - 1), sub(rest, s + 1)
    else
      name, rest = rest, ""
    end
    if name == ".." then
      if path ~= "" then
        local tail
        path, tail = split(path)
        if tail == ".." then path = join(path, "..", "..") end
      else
        path = ".."
      end
    elseif name ~= "" and name ~= "." then
      local newpath = join(path, name)
      local st, msg, errno, err = fs.lstat(newpath)
      if not st and strict then return nil, msg, errno, err end
      if not (st and filetype(st.st_mode) == S_IFLNK) then
        path = newpath
      else
        local resolved = seen[newpath]
        local again = false
        if resolved then
          path = resolved
          again = true
        elseif resolved == false then
          -- A symlink loop.
          if not strict then return join(newpath, rest), false end
          local ok, msg2, errno2, err2 = fs.stat(newpath)
          if not ok then return nil, msg2, errno2, err2 end
        end
        if not again then
          seen[newpath] = false
          local target, msg3, errno3, err3 = fs.readlink(newpath)
          if not target then return nil, msg3, errno3, err3 end
          local p, ok, errno4, err4 = joinrealpath(path, target, strict, seen)
          if not p then return nil, ok, errno4, err4 end   -- ok: the message
          if not ok then return join(p, rest), false end
          path = p
          seen[newpath] = p
        end
      end
    end
  end
  return path, true
end

-- realpath(path, {strict = false}): a NUL byte raises at once (Python's
-- lstat raises it on the way).
local realpathargs = aux.args({"path:path"}, {"strict:bool?"})
local function realpath(p, strict)
  local r, msg, errno, err = joinrealpath("", p, strict, {})
  if not r then return nil, msg, errno, err end
  return abspath(r)
end

function M.realpath(...)
  local p, strict = realpathargs(...)
  return realpath(p, strict)
end

function M.relpath(p, start, extra)
  if p == "" then argerror(1, "no path specified") end
  if type(p) ~= "string" then p = fspath(1, p) end
  if start == nil then
    start = "."
  elseif type(start) ~= "string" then
    start = fspath(2, start)
  end
  if extra ~= nil then toomany(3) end
  local a, msg, errno, err = abspath(start)
  if not a then return nil, msg, errno, err end
  local b
  b, msg, errno, err = abspath(p)
  if not b then return nil, msg, errno, err end
  local sl, sn = components(a, {}, false)
  local pl, pn = components(b, {}, false)
  local i = 0
  while i < sn and i < pn and sl[i + 1] == pl[i + 1] do i = i + 1 end
  local up = sn - i
  if up == 0 and i == pn then return "." end
  local r = rep("../", up) .. concat(pl, "/", i + 1, pn)
  if i == pn then r = sub(r, 1, -2) end
  return r
end

-- A path argument of a function over stat: a string (NUL raises), an
-- integer fd (given to stat, which checks it), or a path-like value.
local function statarg(p, n)
  if type(p) ~= "string" then return checkpath(n, p, true) end
  if hasnul(p) then argerror(n, "embedded null byte") end
  return p
end

-- A predicate's argument: the path, or nil when it holds a NUL byte.
local function predarg(p, fd)
  if type(p) ~= "string" then
    if fd and type(p) == "number" then return checkpath(1, p, true) end
    p = fspath(1, p, fd)
  end
  if hasnul(p) then return nil end
  return p
end

function M.exists(p, extra)
  p = predarg(p, true)
  if extra ~= nil then toomany(2) end
  return p ~= nil and fs.stat(p) ~= nil
end

function M.lexists(p, extra)
  p = predarg(p, false)
  if extra ~= nil then toomany(2) end
  return p ~= nil and fs.lstat(p) ~= nil
end

function M.isdir(p, extra)
  p = predarg(p, true)
  if extra ~= nil then toomany(2) end
  local st = p ~= nil and fs.stat(p)
  return st and filetype(st.st_mode) == S_IFDIR or false
end

function M.isfile(p, extra)
  p = predarg(p, true)
  if extra ~= nil then toomany(2) end
  local st = p ~= nil and fs.stat(p)
  return st and filetype(st.st_mode) == S_IFREG or false
end

function M.islink(p, extra)
  p = predarg(p, false)
  if extra ~= nil then toomany(2) end
  local st = p ~= nil and fs.lstat(p)
  return st and filetype(st.st_mode) == S_IFLNK or false
end

-- Python 3.12's isjunction: there are no junctions on Linux.
function M.isjunction(p, extra)
  if type(p) ~= "string" then fspath(1, p) end
  if extra ~= nil then toomany(2) end
  return false
end

function M.ismount(p, extra)
  p = predarg(p, false)
  if extra ~= nil then toomany(2) end
  if p == nil then return false end
  local s1 = fs.lstat(p)
  if not s1 or filetype(s1.st_mode) == S_IFLNK then return false end
  local parent = realpath(join(p, ".."), false)
  if not parent then return false end
  local s2 = fs.lstat(parent)
  if not s2 then return false end
  return s1.st_dev ~= s2.st_dev or s1.st_ino == s2.st_ino
end

local function statfield(fname, field)
  M[fname] = function(p, extra)
    p = statarg(p, 1)
    if extra ~= nil then toomany(2) end
    local st, msg, errno, err = fs.stat(p)
    if not st then return nil, msg, errno, err end
    return st[field]
  end
end
statfield("getsize", "st_size")
statfield("getmtime", "st_mtime")
statfield("getatime", "st_atime")
statfield("getctime", "st_ctime")

local function samestat(s1, s2)
  return s1.st_ino == s2.st_ino and s1.st_dev == s2.st_dev
end

function M.samestat(s1, s2, extra)
  if extra ~= nil then toomany(3) end
  local t1, t2 = type(s1), type(s2)
  if t1 ~= "table" and t1 ~= "userdata" then typeerror(1, s1, "stat_result") end
  if t2 ~= "table" and t2 ~= "userdata" then typeerror(2, s2, "stat_result") end
  return samestat(s1, s2)
end

function M.samefile(f1, f2, extra)
  f1 = statarg(f1, 1)
  f2 = statarg(f2, 2)
  if extra ~= nil then toomany(3) end
  local s1, msg, errno, err = fs.stat(f1)
  if not s1 then return nil, msg, errno, err end
  local s2
  s2, msg, errno, err = fs.stat(f2)
  if not s2 then return nil, msg, errno, err end
  return samestat(s1, s2)
end

local sameopenfileargs = aux.args({"fd1:fd", "fd2:fd"})
function M.sameopenfile(...)
  local fd1, fd2 = sameopenfileargs(...)
  local s1, msg, errno, err = fs.fstat(fd1)
  if not s1 then return nil, msg, errno, err end
  local s2
  s2, msg, errno, err = fs.fstat(fd2)
  if not s2 then return nil, msg, errno, err end
  return samestat(s1, s2)
end

-- Misuse errors name these functions 'pyos.path.NAME'.
aux.setnames(M, "pyos.path.")

return M
