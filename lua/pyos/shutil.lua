-- pyos.shutil: Python 3.14's shutil for Lua on Linux (without the archive
-- functions), over pyos's fd-based calls.
--
-- rmtree is Python's _rmtree_safe_fd: an explicit stack, each directory
-- opened relative to its parent's fd with O_NOFOLLOW|O_DIRECTORY after an
-- lstat, its st_dev/st_ino compared with an fstat of what was opened, so
-- a symlink swapped in is never followed; a directory is read in one C
-- call (pyos._fsdir.readdir, walk's, in its "nofollow" mode) that splits
-- names by d_type alone, as entry.is_dir(follow_symlinks=False), so no
-- link in the tree is followed or stat'ed through; entries are unlinked
-- relative to the directory fd. Full paths are built only for error
-- reports.
--
-- copyfile copies in the kernel as Python 3.14 does on Linux:
-- copy_file_range, then sendfile, then a read/write loop. copytree reads
-- each directory once with scandir and reuses the DirEntry's cached stat.
--
-- Python's exceptions that are not OSErrors (Error, SameFileError,
-- SpecialFileError, ...) are tables whose metatable is their class
-- (shutil.Error, ...): `name` is Python's class name, tostring() Python's
-- str(). Failures return `nil, msg, errno, err` as everywhere in pyos.

local pyos = require "pyos"
local path = require "pyos.path"
local fnmatch = require "pyos.fnmatch"
local aux = require "pyos._aux"
local readdir = require("pyos._fsdir").readdir

local type, pairs, ipairs, pcall, error, select, tostring, tonumber =
  type, pairs, ipairs, pcall, error, select, tostring, tonumber
local setmetatable, getmetatable = setmetatable, getmetatable
local byte, sub, format, match = string.byte, string.sub,
  string.format, string.match
local concat = table.concat
local max = math.max

local failure = aux.failure
local lstat, stat, fstat, scandir = pyos.lstat, pyos.stat, pyos.fstat, pyos.scandir
local open, close, unlink, rmdir = pyos.open, pyos.close, pyos.unlink, pyos.rmdir
local read, write, lseek = pyos.read, pyos.write, pyos.lseek
local copy_file_range, sendfile = pyos.copy_file_range, pyos.sendfile
local utime, chmod, readlink, symlink = pyos.utime, pyos.chmod, pyos.readlink, pyos.symlink
local listxattr, getxattr, setxattr = pyos.listxattr, pyos.getxattr, pyos.setxattr
local S_ISDIR, S_ISLNK, S_ISFIFO, S_IMODE = pyos.S_ISDIR, pyos.S_ISLNK, pyos.S_ISFIFO, pyos.S_IMODE
local E = pyos.errno
local OSError = pyos.OSError

local O_RDONLY = pyos.O_RDONLY
local O_WRITE = pyos.O_WRONLY + pyos.O_CREAT + pyos.O_TRUNC
local O_SUBDIR = pyos.O_RDONLY + pyos.O_NOFOLLOW + pyos.O_DIRECTORY + pyos.O_NONBLOCK
-- rmtree's open of a top that is not a directory, as Python's (O_NOCTTY
-- too: a terminal must not become our controlling one)
local O_TOP = pyos.O_RDONLY + pyos.O_NONBLOCK + pyos.O_NOCTTY

local M = {}

M.COPY_BUFSIZE = 256 * 1024          -- Python 3.14's (64 KiB before)
M.rmtree_avoids_symlink_attacks = true

-- ---- Exceptions -----------------------------------------------------------

-- Python's repr() of a string (the shared layer's, as OSError's names).
local auxrepr = aux.repr
local function repr(s)
  if type(s) ~= "string" then return tostring(s) end
  return auxrepr(s)
end
M._repr = repr

-- Python's str() of an exception made with args: one argument is shown as
-- itself (a list of error triples as Python's repr of a list of tuples).
-- An OSError given a filename afterwards reads as OSError.__str__ makes
-- it: "[Errno None] None: 'name'" when made with a message only.
local function excstr(e)
  if e.filename ~= nil and e.isoserror then
    return format("[Errno %s] %s: %s", tostring(e.errno or "None"),
                  tostring(e.strerror or "None"), repr(e.filename))
  end
  local a = e.args
  local v = a[1]
  if type(v) == "table" then
    local items = {}
    for i = 1, #v do
      local t = v[i]
      if type(t) == "table" then
        local parts = {}
        for j = 1, #t do parts[j] = repr(t[j]) end
        items[i] = "(" .. concat(parts, ", ") .. (#t == 1 and ",)" or ")")
      else
        items[i] = repr(t)
      end
    end
    return "[" .. concat(items, ", ") .. "]"
  end
  if v == nil then return "" end
  return tostring(v)
end

local function class(name, isoserror)
  local cls = {name = name, isoserror = isoserror}
  cls.__index = cls
  cls.__tostring = excstr
  cls.__concat = function(a, b)
    if getmetatable(a) == cls then a = excstr(a) end
    if getmetatable(b) == cls then b = excstr(b) end
    return a .. b
  end
  return setmetatable(cls, {__call = function(_, ...)
    local e = setmetatable({args = {...}}, cls)
    if type(e.args[1]) == "table" then e.errors = e.args[1] end
    return e
  end})
end

M.Error = class("Error")
M.SameFileError = class("SameFileError")       -- a subclass of Error
M.SpecialFileError = class("SpecialFileError", true) -- of OSError
M.ExecError = class("ExecError")
M.ReadError = class("ReadError")
M.RegistryError = class("RegistryError")
-- Exceptions Python raises with a message only (errno None).
local PlainOSError = class("OSError", true)
local NotFound = class("FileNotFoundError", true)
local LookupError = class("LookupError")

-- nil, msg, errno, err for an exception object of ours.
local function fail(e)
  return nil, excstr(e), e.errno, e
end

-- The failure values of any error object, ours or pyos's.
local function failwith(e)
  if getmetatable(e) == OSError then return failure(e) end
  return fail(e)
end

-- ---- Small helpers --------------------------------------------------------

-- os.path.join(a, b) for a name b without slashes.
local function join(a, b)
  if a == "" or byte(a, -1) == 47 then return a .. b end
  return a .. "/" .. b
end

local function islink(p)
  local st = lstat(p)
  return st ~= nil and S_ISLNK(st.st_mode)
end

local function isdir(p)
  local st = stat(p)
  return st ~= nil and S_ISDIR(st.st_mode)
end

local function exists(p)
  return stat(p) ~= nil
end

local function samestat(a, b)
  return a.st_ino == b.st_ino and a.st_dev == b.st_dev
end

-- Calls a copy function: ours directly, a user's with (src, dst); a
-- failure is its first value nil with a message.
local function callcopy(fn, src, dst)
  local r, msg, code, err = fn(src, dst)
  if r == nil and msg ~= nil then return nil, msg, code, err end
  return true
end

-- ---- copyfileobj ------------------------------------------------------------

local copyfileobjargs = aux.args({"fsrc:any", "fdst:any", "length:int?"})

-- A Lua file's failure (nil, msg, errno) as pyos's four values.
local function filefailure(msg, code)
  if type(code) == "number" then return failure(OSError(code)) end
  return nil, msg
end

function M.copyfileobj(...)
  local fsrc, fdst, length = copyfileobjargs(...)
  if length == nil or length == 0 then length = M.COPY_BUFSIZE end
  if length < 0 then length = M.COPY_BUFSIZE end   -- Lua's read(n<0) is an error
  while true do
    local buf, msg, code = fsrc:read(length)
    if buf == nil then
      if msg ~= nil then return filefailure(msg, code) end
      return true
    end
    if buf == "" then return true end
    local ok, wmsg, wcode = fdst:write(buf)
    if not ok then return filefailure(wmsg, wcode) end
  end
end

-- ---- copyfile ---------------------------------------------------------------

local BLOCK_MIN = 8 * 1024 * 1024

-- The errors of the fast copies name both files, as Python sets them.
local function named(err, src, dst)
  err.filename, err.filename2 = src, dst
  return failure(err)
end

-- Python's _fastcopy_copy_file_range / _fastcopy_sendfile: false when
-- nothing was copied and the next way should be tried.
local function kernelcopy(fn, infd, outfd, block, src, dst, sendf)
  local offset = 0
  while true do
    local n, _, code, err
    if sendf then
      n, _, code, err = sendfile(outfd, infd, offset, block)
    else
      n, _, code, err = copy_file_range(infd, outfd, block, nil, offset)
    end
    if n == nil then
      if code == E.ENOSPC then return named(err, src, dst) end
      if offset == 0 and lseek(outfd, 0, 1) == 0 then return false end
      return named(err, src, dst)
    end
    if n == 0 then
      if offset == 0 and not sendf then return false end
      return true
    end
    offset = offset + n
  end
end

local function readwrite(infd, outfd)
  local size = M.COPY_BUFSIZE
  while true do
    local buf, msg, code, err = read(infd, size)
    if buf == nil then return nil, msg, code, err end
    if buf == "" then return true end
    local i = 1
    while i <= #buf do
      local n, wmsg, wcode, werr = write(outfd, i == 1 and buf or sub(buf, i))
      if n == nil then return nil, wmsg, wcode, werr end
      i = i + n
    end
  end
end

local function copydata(infd, outfd, size, src, dst)
  local block = max(size or 0, BLOCK_MIN)
  local r, msg, code, err = kernelcopy(copy_file_range, infd, outfd, block, src, dst, false)
  if r == false then
    r, msg, code, err = kernelcopy(sendfile, infd, outfd, block, src, dst, true)
    if r == false then return readwrite(infd, outfd) end
  end
  return r, msg, code, err
end

local function opendata(src, dst, srcst)
  if srcst and S_ISDIR(srcst.st_mode) then     -- Python's open() refuses it
    return failure(OSError(E.EISDIR, nil, src))
  end
  local infd, msg, code, err = open(src, O_RDONLY)
  if not infd then return nil, msg, code, err end
  local outfd
  outfd, msg, code, err = open(dst, O_WRITE, 438)
  if not outfd then
    close(infd)
    if code == E.EISDIR and not exists(dst) then   -- Python's issue 43219
      return fail(NotFound("Directory does not exist: " .. dst))
    end
    return nil, msg, code, err
  end
  local ok
  ok, msg, code, err = copydata(infd, outfd, srcst and srcst.st_size, src, dst)
  close(infd)
  local cok, cmsg, ccode, cerr = close(outfd)
  if not ok then return nil, msg, code, err end
  if not cok then return nil, cmsg, ccode, cerr end
  return true
end

-- copyfile with srcst, src's stat (following links) when known: shared
-- by copyfile, copy, copy2 and copytree (which has it from the DirEntry).
-- dstst likewise (false: known to be missing). entry: copytree's
-- DirEntry for src, which Python's message shows as <DirEntry 'name'>.
local function copyfile(src, dst, follow, srcst, dstst, entry)
  if srcst == nil then srcst = stat(src) end
  if dstst == nil then dstst = stat(dst) end
  if srcst and dstst and samestat(srcst, dstst) then
    local shown = entry and tostring(entry) or repr(src)
    return fail(M.SameFileError(format("%s and %s are the same file", shown, repr(dst))))
  end
  if srcst and S_ISFIFO(srcst.st_mode) then
    return fail(M.SpecialFileError(format("`%s` is a named pipe", src)))
  end
  if dstst and S_ISFIFO(dstst.st_mode) then
    return fail(M.SpecialFileError(format("`%s` is a named pipe", dst)))
  end
  if not follow and islink(src) then
    local to, msg, code, err = readlink(src)
    if not to then return nil, msg, code, err end
    return symlink(to, dst)
  end
  return opendata(src, dst, srcst)
end

local copyargs = aux.args({"src:path", "dst:path"}, {"follow_symlinks:bool?"})

function M.copyfile(...)
  local src, dst, follow = copyargs(...)
  local ok, msg, code, err = copyfile(src, dst, follow ~= false)
  if not ok then return nil, msg, code, err end
  return dst
end

-- ---- copymode, copystat ---------------------------------------------------

local NOFOLLOW = {follow_symlinks = false}
local supports_nofollow = pyos.supports_follow_symlinks

local function copymode(src, dst, follow)
  local st, msg, code, err
  if not follow and islink(src) and islink(dst) then
    if not supports_nofollow[chmod] then return true end   -- Linux: no lchmod
    st, msg, code, err = lstat(src)
    if not st then return nil, msg, code, err end
    return chmod(dst, S_IMODE(st.st_mode), NOFOLLOW)
  end
  st, msg, code, err = stat(src)
  if not st then return nil, msg, code, err end
  return chmod(dst, S_IMODE(st.st_mode))
end

function M.copymode(...)
  local src, dst, follow = copyargs(...)
  return copymode(src, dst, follow ~= false)
end

-- Errors _copyxattr lets pass (EACCES since 3.14: security.* attributes).
local XATTR_LIST_OK = {[E.ENOTSUP] = true, [E.ENODATA] = true, [E.EINVAL] = true}
local XATTR_SET_OK = {[E.EPERM] = true, [E.ENOTSUP] = true, [E.ENODATA] = true,
                      [E.EINVAL] = true, [E.EACCES] = true}

local function copyxattr(src, dst, opts)
  local names, msg, code, err = listxattr(src, opts)
  if not names then
    if XATTR_LIST_OK[code] then return true end
    return nil, msg, code, err
  end
  for i = 1, #names do
    local name = names[i]
    local value
    value, msg, code, err = getxattr(src, name, opts)
    if value then
      value, msg, code, err = setxattr(dst, name, value, 0, opts)
    end
    if not value and not XATTR_SET_OK[code] then return nil, msg, code, err end
  end
  return true
end

-- copystat; st is src's stat when known (following links when follow).
local function copystat(src, dst, follow, st)
  follow = follow or not (islink(src) and islink(dst))
  local opts = not follow and NOFOLLOW or nil
  local msg, code, err, ok
  if st == nil then
    st, msg, code, err = stat(src, opts)
    if not st then return nil, msg, code, err end
  end
  ok, msg, code, err = utime(dst, nil, {ns = {st.st_atime_ns, st.st_mtime_ns},
                                        follow_symlinks = follow})
  if not ok then return nil, msg, code, err end
  -- xattrs before chmod: a read-only mode would refuse setxattr
  ok, msg, code, err = copyxattr(src, dst, opts)
  if not ok then return nil, msg, code, err end
  if follow then return chmod(dst, S_IMODE(st.st_mode)) end
  if supports_nofollow[chmod] then
    ok, msg, code, err = chmod(dst, S_IMODE(st.st_mode), NOFOLLOW)
    if not ok and code ~= E.ENOTSUP then return nil, msg, code, err end
  end
  return true
end

function M.copystat(...)
  local src, dst, follow = copyargs(...)
  return copystat(src, dst, follow ~= false)
end

-- ---- copy, copy2 ------------------------------------------------------------

local function target(src, dst)
  if isdir(dst) then return join(dst, path.basename(src)) end
  return dst
end

local function copy(src, dst, follow, entry)
  dst = target(src, dst)
  local ok, msg, code, err = copyfile(src, dst, follow, nil, nil, entry)
  if not ok then return nil, msg, code, err end
  ok, msg, code, err = copymode(src, dst, follow)
  if not ok then return nil, msg, code, err end
  return dst
end

local function copy2(src, dst, follow, srcst, entry)
  local dstst = stat(dst)           -- once for isdir and copyfile's checks
  if dstst and S_ISDIR(dstst.st_mode) then
    dst = join(dst, path.basename(src))
    dstst = stat(dst)
  end
  local ok, msg, code, err = copyfile(src, dst, follow, srcst, dstst or false, entry)
  if not ok then return nil, msg, code, err end
  ok, msg, code, err = copystat(src, dst, follow, follow and srcst or nil)
  if not ok then return nil, msg, code, err end
  return dst
end

function M.copy(...)
  local src, dst, follow = copyargs(...)
  return copy(src, dst, follow ~= false)
end

function M.copy2(...)
  local src, dst, follow = copyargs(...)
  return copy2(src, dst, follow ~= false)
end

-- ---- copytree ---------------------------------------------------------------

function M.ignore_patterns(...)
  local patterns = {...}
  for i = 1, select("#", ...) do
    if type(patterns[i]) ~= "string" then aux.typeerror(i, patterns[i], "string") end
  end
  local filter = fnmatch.filter
  return function(_, names)
    local ignored = {}
    for i = 1, #patterns do
      local hits = filter(names, patterns[i])
      for j = 1, #hits do ignored[hits[j]] = true end
    end
    return ignored
  end
end

-- What ignore() returned, as a set: a list of names or a {[name] = true} set.
local function nameset(t)
  if type(t) ~= "table" then
    error("pyos.shutil.copytree: ignore must return a table, got " .. type(t), 0)
  end
  local set = {}
  for k, v in pairs(t) do
    if type(k) == "number" then set[v] = true elseif v then set[k] = true end
  end
  return set
end

local function readentries(src)
  local it, msg, code, err = scandir(src)
  if not it then return nil, msg, code, err end
  local entries = {}
  local ok, e = pcall(function()
    for entry in it do entries[#entries + 1] = entry end
  end)
  it:close()
  if not ok then
    local oserr = OSError.of(e)
    if oserr then return failure(oserr) end
    error(e, 0)
  end
  return entries
end

-- An entry's is_dir(): an error (not ENOENT) is returned as an object.
local function entryisdir(e)
  local ok, yes = pcall(e.is_dir, e)
  if ok then return yes end
  local err = OSError.of(yes)
  if not err then error(yes, 0) end
  return nil, err
end

local copytree

-- Add a failure (nil, msg, _, err) of copying src to dst to errors.
local function adderror(errors, src, dst, msg, err)
  local mt = err and getmetatable(err)
  if mt == M.Error and err.errors then
    local list = err.errors
    for i = 1, #list do errors[#errors + 1] = list[i] end
  elseif mt == M.Error or mt == M.SameFileError then
    -- errors.extend(err.args[0]) of a message: one entry per character
    for ch in msg:gmatch("[%z\1-\127\192-\255][\128-\191]*") do
      errors[#errors + 1] = ch
    end
  else
    errors[#errors + 1] = {src, dst, msg}
  end
end

-- One entry of _copytree: true, or the failure values.
local function copyentry(o, e, srcname, dstname)
  local cf = o.copy_function
  local fast = cf == M.copy2 or cf == M.copy
  if e:is_symlink() then
    local linkto, msg, code, err = readlink(srcname)
    if not linkto then return nil, msg, code, err end
    if o.symlinks then
      local ok
      ok, msg, code, err = symlink(linkto, dstname)
      if not ok then return nil, msg, code, err end
      return copystat(srcname, dstname, false)
    end
    if o.ignore_dangling_symlinks and not exists(linkto) then return true end
  end
  local dir, err = entryisdir(e)
  if err then return failure(err) end
  if dir then return copytree(srcname, dstname, o) end
  if cf == M.copy2 then
    return copy2(srcname, dstname, true, e:stat(), e)
  elseif fast then
    return copy(srcname, dstname, true, e)
  end
  return callcopy(cf, srcname, dstname)
end

function copytree(src, dst, o)
  local entries, msg, code, err = readentries(src)
  if not entries then return nil, msg, code, err end
  local ignored
  if o.ignore then
    local names = {}
    for i = 1, #entries do names[i] = entries[i].name end
    ignored = nameset(o.ignore(src, names))
  end
  local ok
  ok, msg, code, err = pyos.makedirs(dst, 511, o.dirs_exist_ok)
  if not ok then return nil, msg, code, err end
  local errors = {}
  for i = 1, #entries do
    local e = entries[i]
    local name = e.name
    if not (ignored and ignored[name]) then
      local srcname, dstname = join(src, name), join(dst, name)
      ok, msg, code, err = copyentry(o, e, srcname, dstname)
      if not ok then adderror(errors, srcname, dstname, msg, err) end
    end
  end
  ok, msg = copystat(src, dst, true)
  if not ok then errors[#errors + 1] = {src, dst, msg} end
  if #errors > 0 then return fail(M.Error(errors)) end
  return dst
end

local copytreeargs = aux.args(
  {"src:path", "dst:path", "symlinks:bool?", "ignore:function?",
   "copy_function:function?", "ignore_dangling_symlinks:bool?",
   "dirs_exist_ok:bool?"}, {})

function M.copytree(...)
  local src, dst, symlinks, ignore, cf, dangling, exist_ok = copytreeargs(...)
  return copytree(src, dst, {symlinks = symlinks or false, ignore = ignore,
                             copy_function = cf or M.copy2,
                             ignore_dangling_symlinks = dangling or false,
                             dirs_exist_ok = exist_ok or false})
end

-- ---- rmtree -----------------------------------------------------------------

-- The walk's stack holds, for each step, its operation (lstat: walk the
-- directory; close; rmdir), the options naming the parent directory fd
-- ({dir_fd = fd}, or the caller's), the parent's path and the name.
-- A report(func, path, err) that returns false stops the walk.

local LSTAT, CLOSE, RMDIR = 1, 2, 3

local function linkerror()
  return PlainOSError("Cannot call rmtree on a symbolic link")
end

-- The path of stack entry i, for error reports only.
local function pathof(parents, names, i)
  local parent = parents[i]
  if parent == nil then return names[i] end
  return join(parent, names[i])
end

-- Report a pyos error for path p: Python sets err.filename = path.
local function reportos(report, func, p, err)
  err.filename = p
  return report(func, p, err)
end

-- The top is not a directory (its lstat st says so): Python opens it,
-- following a symlink, so an unreadable file fails there; a symlink is
-- then refused by the fstat comparison; anything else fails at scandir,
-- and again at rmdir when the handler lets the walk go on.
local function nondir(st, name, opts, p, report)
  local fd, _, _, err = open(name, O_TOP, nil, opts)
  if not fd then return reportos(report, open, p, err) end
  local fst
  fst, _, _, err = fstat(fd)
  close(fd)
  if not fst then return reportos(report, path.islink, p, err) end
  if not samestat(st, fst) then return reportos(report, path.islink, p, linkerror()) end
  if not reportos(report, scandir, p, OSError(E.ENOTDIR)) then return false end
  local ok
  ok, _, _, err = rmdir(name, opts)
  if not ok then return reportos(report, rmdir, p, err) end
  return true
end

-- A failed unlink of full, an entry of the directory dirpath. Python's
-- onexc runs inside the step's try: an OSError it raises (the default
-- handler re-raises) is caught there, renamed to the directory, and
-- reported again as scandir's.
local function reportunlink(report, full, dirpath, err)
  local ok, res = pcall(report, unlink, full, err)
  if ok and res then return true end
  if not ok then
    err = OSError.of(res)
    if not err then error(res, 0) end
  end
  return reportos(report, scandir, dirpath, err)
end

local function rmtree_walk(top, topopts, report)
  local ops, optss, parents, names = {LSTAT}, {topopts}, {false}, {top}
  parents[1] = nil
  local n = 1
  local hook = M._rmtree_hook
  local function step()
    local op, opts, name = ops[n], optss[n], names[n]
    local parent = parents[n]
    local i = n
    n = n - 1
    if op == CLOSE then
      local ok, _, _, err = close(opts)         -- (opts holds the fd here)
      if not ok then return reportos(report, close, pathof(parents, names, i), err) end
      return true
    end
    if op == RMDIR then
      local ok, _, code, err = rmdir(name, opts)
      if not ok and not (code == E.ENOENT and parent ~= nil) then
        return reportos(report, rmdir, pathof(parents, names, i), err)
      end
      return true
    end
    -- LSTAT: walk a directory
    local st, _, code, err = lstat(name, opts)
    if not st then
      if code == E.ENOENT and parent ~= nil then return true end
      return reportos(report, lstat, pathof(parents, names, i), err)
    end
    if not S_ISDIR(st.st_mode) then
      if parent == nil then return nondir(st, name, opts, top, report) end
      -- replaced since the listing: Python would find out at open
    end
    if hook then hook(pathof(parents, names, i)) end
    local fd
    fd, _, code, err = open(name, O_SUBDIR, nil, opts)
    if not fd then
      if code == E.ELOOP or code == E.ENOTDIR then     -- swapped for a link
        return reportos(report, path.islink, pathof(parents, names, i), linkerror())
      end
      if code == E.ENOENT and parent ~= nil then return true end
      return reportos(report, open, pathof(parents, names, i), err)
    end
    local fst
    fst, _, _, err = fstat(fd)
    if not fst or not samestat(st, fst) then
      close(fd)
      if not fst then return reportos(report, path.islink, pathof(parents, names, i), err) end
      return reportos(report, path.islink, pathof(parents, names, i), linkerror())
    end
    -- rmdir after close, after the children
    n = n + 1
    ops[n], optss[n], parents[n], names[n] = RMDIR, opts, parent, name
    n = n + 1
    ops[n], optss[n], parents[n], names[n] = CLOSE, fd, parent, name
    -- by d_type alone (an lstat for DT_UNKNOWN): symlinks are files here,
    -- never followed nor stat'ed through
    local dirs, files, ecode
    dirs, files, ecode, err = readdir(fd, "nofollow")
    if not dirs then
      if ecode == E.ENOENT and parent ~= nil then return true end
      return reportos(report, scandir, pathof(parents, names, i), err)
    end
    local here = {dir_fd = fd}
    local mypath = nil
    for j = 1, #files do
      local f = files[j]
      local ok, _, ucode, uerr = unlink(f, here)
      if not ok and ucode ~= E.ENOENT then
        mypath = mypath or pathof(parents, names, i)
        if not reportunlink(report, join(mypath, f), mypath, uerr) then return false end
      end
    end
    if #dirs > 0 then mypath = mypath or pathof(parents, names, i) end
    for j = 1, #dirs do
      n = n + 1
      ops[n], optss[n], parents[n], names[n] = LSTAT, here, mypath, dirs[j]
    end
    return true
  end
  -- Close the fds still on the stack (after a stop or a raising onexc).
  local function cleanup()
    for j = n, 1, -1 do
      if ops[j] == CLOSE then close(optss[j]) end
    end
    n = 0
  end
  local ok, res = pcall(function()
    while n > 0 do
      if not step() then return false end
    end
    return true
  end)
  cleanup()
  if not ok then error(res, 0) end
  return res
end

local rmtreeargs = aux.args({"path:path", "ignore_errors:bool?", "onerror:function?"},
                            {"onexc:function?", "dir_fd:fd?"})

function M.rmtree(...)
  local p, ignore_errors, onerror, onexc, dir_fd = rmtreeargs(...)
  local first
  local report
  if ignore_errors then
    report = function() return true end
  elseif onexc then
    report = function(func, where, err) onexc(func, where, err) return true end
  elseif onerror then
    report = function(func, where, err)
      onerror(func, where, {err.name, err})
      return true
    end
  else
    report = function(_, _, err) first = err return false end
  end
  local opts = dir_fd ~= nil and {dir_fd = dir_fd} or nil
  rmtree_walk(p, opts, report)
  if first then return failwith(first) end
  return true
end

-- ---- move -------------------------------------------------------------------

-- os.path.basename(path.rstrip(sep))
local function basename(p)
  local stripped = match(p, "^(.-)/*$")
  return path.basename(stripped)
end

local function destinsrc(src, dst)
  src, dst = path.abspath(src), path.abspath(dst)
  if byte(src, -1) ~= 47 then src = src .. "/" end
  if byte(dst, -1) ~= 47 then dst = dst .. "/" end
  return sub(dst, 1, #src) == src
end

local moveargs = aux.args({"src:path", "dst:path", "copy_function:function?"}, {})

function M.move(...)
  local src, dst, cf = moveargs(...)
  cf = cf or M.copy2
  local real = dst
  if isdir(dst) then
    local s1, s2 = stat(src), stat(dst)
    if s1 and s2 and samestat(s1, s2) and not islink(src) then
      local ok, msg, code, err = pyos.rename(src, dst)
      if not ok then return nil, msg, code, err end
      return true
    end
    real = join(dst, basename(src))
    if exists(real) then
      return fail(M.Error(format("Destination path '%s' already exists", real)))
    end
  end
  if pyos.rename(src, real) then return real end
  local ok, msg, code, err
  if islink(src) then
    local to
    to, msg, code, err = readlink(src)
    if not to then return nil, msg, code, err end
    ok, msg, code, err = symlink(to, real)
    if not ok then return nil, msg, code, err end
    ok, msg, code, err = unlink(src)
  elseif isdir(src) then
    if destinsrc(src, dst) then
      return fail(M.Error(format("Cannot move a directory '%s' into itself '%s'.", src, dst)))
    end
    ok, msg, code, err = copytree(src, real, {symlinks = true, copy_function = cf,
                                              ignore_dangling_symlinks = false,
                                              dirs_exist_ok = false})
    if not ok then return nil, msg, code, err end
    ok, msg, code, err = M.rmtree(src)
  else
    ok, msg, code, err = callcopy(cf, src, real)
    if not ok then return nil, msg, code, err end
    ok, msg, code, err = unlink(src)
  end
  if not ok then return nil, msg, code, err end
  return real
end

-- ---- disk_usage, chown, get_terminal_size, which --------------------------

local function ntuple(names, values)
  local t = {}
  for i = 1, #names do
    t[i] = values[i]
    t[names[i]] = values[i]
  end
  return t
end

local diskargs = aux.args({"path:path"})

function M.disk_usage(...)
  local p = diskargs(...)
  local st, msg, code, err = pyos.statvfs(p)
  if not st then return nil, msg, code, err end
  local fr = st.f_frsize
  return ntuple({"total", "used", "free"},
                {st.f_blocks * fr, (st.f_blocks - st.f_bfree) * fr, st.f_bavail * fr})
end

local chownargs = aux.args({"path:path", "user:any", "group:any"},
                           {"dir_fd:fd?", "follow_symlinks:bool?"})

-- A user or group given by name: its id from getpwnam/getgrnam (nil when
-- pyos has no such look-up or the name is unknown, as Python's _get_uid).
local function lookupid(fname, field, name)
  local fn = pyos[fname]
  if fn == nil then return nil end
  local r = fn(name)
  if type(r) ~= "table" and type(r) ~= "userdata" then return nil end
  return r[field] or r[3]
end

local function checkid(n, v, what)
  if v == nil or type(v) == "string" then return v end
  if type(v) ~= "number" then aux.typeerror(n, v, "string or integer", what) end
  return aux.checkint(n, v, -1, 4294967295)
end

function M.chown(...)
  local p, user, group, dir_fd, follow = chownargs(...)
  user = checkid(2, user)
  group = checkid(3, group)
  if user == nil and group == nil then aux.argerror(2, "user and/or group must be set") end
  local uid, gid = -1, -1
  if type(user) == "string" then
    uid = lookupid("getpwnam", "pw_uid", user)
    if uid == nil then return fail(LookupError("no such user: " .. repr(user))) end
  elseif user ~= nil then
    uid = user
  end
  if type(group) == "string" then
    gid = lookupid("getgrnam", "gr_gid", group)
    if gid == nil then return fail(LookupError("no such group: " .. repr(group))) end
  elseif group ~= nil then
    gid = group
  end
  local opts
  if dir_fd ~= nil or follow ~= nil then
    opts = {dir_fd = dir_fd, follow_symlinks = follow}
  end
  return pyos.chown(p, uid, gid, opts)
end

-- Python's int() of an environment value: optional blanks and sign.
local function envint(name)
  local v = pyos.getenv(name)
  if v == nil then return 0 end
  local digits = match(v, "^%s*([+-]?%d+)%s*$")
  return digits and tonumber(digits) or 0
end

local termargs = aux.args({"fallback:table?"})

function M.get_terminal_size(...)
  local fallback = termargs(...) or {80, 24}
  local fc, fl = fallback[1], fallback[2]
  local columns, lines = envint("COLUMNS"), envint("LINES")
  if columns <= 0 or lines <= 0 then
    local size = pyos.get_terminal_size(1)
    local sc, sl = fc, fl
    if size then sc, sl = size.columns, size.lines end
    if columns <= 0 then columns = (sc ~= 0 and sc) or fc end
    if lines <= 0 then lines = (sl ~= 0 and sl) or fl end
  end
  return ntuple({"columns", "lines"}, {columns, lines})
end

local whichargs = aux.args({"cmd:path", "mode:int?", "path:path?"}, {})

local function accesscheck(fn, mode)
  local st = stat(fn)
  return st ~= nil and pyos.access(fn, mode) and not S_ISDIR(st.st_mode)
end

function M.which(...)
  local cmd, mode, p = whichargs(...)
  mode = mode or (pyos.F_OK + pyos.X_OK)
  local dir, base = path.split(cmd)
  if dir ~= "" then        -- looked up as os.path.join(dir, base) (3.12+)
    local name = path.join(dir, base)
    if accesscheck(name, mode) then return name end
    return nil
  end
  if p == nil then
    p = pyos.getenv("PATH")
    if p == nil then p = pyos.confstr("CS_PATH") or pyos.defpath end
  end
  if p == "" then return nil end
  local seen = {}
  for dir in (p .. ":"):gmatch("([^:]*):") do
    if not seen[dir] then
      seen[dir] = true
      local name = dir == "" and cmd or join(dir, cmd)
      if accesscheck(name, mode) then return name end
    end
  end
  return nil
end

-- Misuse errors name these functions 'pyos.shutil.NAME'.
aux.setnames(M, "pyos.shutil.")

return M
