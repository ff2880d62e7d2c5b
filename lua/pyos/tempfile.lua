-- pyos.tempfile: Python 3.14's tempfile for Lua (mkstemp, mkdtemp,
-- gettempdir, TemporaryDirectory, NamedTemporaryFile, TemporaryFile).
--
-- Over pyos's primitives, as tempfile.py is over os: files are opened
-- O_RDWR|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC with mode 0600, directories
-- made 0700, and an existing name (EEXIST) means "draw another". Names
-- are 8 characters of Python's alphabet, drawn from urandom on every call
-- (so a forked child never repeats its parent's names, which Python
-- ensures by reseeding per pid). Files are real Lua files (pyos.fdopen).

local pyos = require "pyos"
local path = require "pyos.path"
local aux = require "pyos._aux"

local type, pcall, error, select, next = type, pcall, error, select, next
local setmetatable, getmetatable, rawget = setmetatable, getmetatable, rawget
local tostring, iotype = tostring, io.type
local byte, sub, find, match = string.byte, string.sub, string.find, string.match
local concat = table.concat
local newproxy = newproxy        -- Lua 5.1 and LuaJIT only

local open, close, write, unlink = pyos.open, pyos.close, pyos.write, pyos.unlink
local mkdir, rmdir, chmod, lstat = pyos.mkdir, pyos.rmdir, pyos.chmod, pyos.lstat
local scandir, fdopen, urandom, getcwd = pyos.scandir, pyos.fdopen, pyos.urandom, pyos.getcwd
local getenv = pyos.getenv          -- under pyos's environment lock, unlike os.getenv
local S_ISLNK, S_ISDIR, OSError, EEXIST = pyos.S_ISLNK, pyos.S_ISDIR, pyos.OSError, pyos.errno.EEXIST
local abspath, join, dirname, exists = path.abspath, path.join, path.dirname, path.exists
local failure = aux.failure

-- tempfile.py's _bin_openflags (O_CLOEXEC is pyos's default anyway).
local OPENFLAGS = pyos.O_RDWR + pyos.O_CREAT + pyos.O_EXCL + pyos.O_NOFOLLOW + pyos.O_CLOEXEC
local DIRFLAGS = pyos.O_RDONLY + pyos.O_DIRECTORY + pyos.O_NOFOLLOW + pyos.O_CLOEXEC
local O_TMPFILE = pyos.O_TMPFILE

local M = {}

-- Python takes TMP_MAX from os.TMP_MAX, glibc's 238328, where the
-- platform has it (10000 elsewhere). Read at each call, as Python reads
-- its module global.
M.TMP_MAX = 238328
M.template = "tmp"
M.tempdir = nil          -- gettempdir()'s cache; set it to choose the default

-- ---- Names ---------------------------------------------------------------

local CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"

-- 8 characters of CHARS, each uniform: bytes of 222 and above (256 is
-- not a multiple of 37) are dropped and more are drawn.
local function randomname()
  local out = {}
  while #out < 8 do
    local bytes = assert(urandom(16))
    for i = 1, 16 do
      local b = byte(bytes, i)
      if b < 222 and #out < 8 then
        local k = b % 37 + 1
        out[#out + 1] = sub(CHARS, k, k)
      end
    end
  end
  return concat(out)
end

-- Python's _get_candidate_names(): each call gives the next name. The
-- specs replace it to force collisions (as CPython's tests mock it).
M._namer = randomname

-- ---- The default directory -------------------------------------------------

-- Python's repr() of a name, as pyos's OSError renders file names.
local repr = aux.repr

local function candidates()
  local list = {}
  for _, var in ipairs({"TMPDIR", "TEMP", "TMP"}) do
    local v = getenv(var)
    if v and v ~= "" then list[#list + 1] = v end
  end
  list[#list + 1] = "/tmp"
  list[#list + 1] = "/var/tmp"
  list[#list + 1] = "/usr/tmp"
  list[#list + 1] = getcwd() or "."
  return list
end

-- A directory is usable when a file can be made, written and removed
-- there (a few names per directory; any error but EEXIST rules it out).
local function usable(dir)
  for _ = 1, 100 do
    local name = join(dir, M._namer())
    local fd, _, code = open(name, OPENFLAGS, 384)
    if fd then
      local ok = write(fd, "blat")
      close(fd)
      local gone = unlink(name)
      return ok and gone
    elseif code ~= EEXIST then
      return false
    end
  end
  return false
end

local function defaulttempdir()
  local list = candidates()
  for _, dir in ipairs(list) do
    if dir ~= "." then dir = abspath(dir) end
    if usable(dir) then return dir end
  end
  local shown = {}
  for i, dir in ipairs(list) do shown[i] = repr(dir) end
  return failure(OSError(pyos.errno.ENOENT, "No usable temporary directory found in ["
                                            .. concat(shown, ", ") .. "]"))
end

local function gettempdir()
  local dir = M.tempdir
  if dir == nil then
    local msg, code, err
    dir, msg, code, err = defaulttempdir()
    if not dir then return nil, msg, code, err end
    M.tempdir = dir
  end
  return dir
end

function M.gettempdir(...)
  aux.checknargs(0, ...)
  return gettempdir()
end

function M.gettempprefix(...)
  aux.checknargs(0, ...)
  return M.template
end

-- Lua strings are bytes: the bytes variants are the same functions.
M.gettempdirb = M.gettempdir
M.gettempprefixb = M.gettempprefix

-- ---- mkstemp, mkdtemp, mktemp ----------------------------------------------

local function nonul(slot, v)
  if v ~= nil and find(v, "\0", 1, true) then return slot, "embedded null byte" end
end

-- Python's _sanitize_params: the defaults of prefix and dir.
local function sanitize(suffix, prefix, dir)
  if dir == nil then
    local msg, code, err
    dir, msg, code, err = gettempdir()
    if not dir then return nil, msg, code, err end
  end
  return suffix or "", prefix or M.template, dir
end

-- Draw names until create(name) does not fail with EEXIST.
local function trynames(dir, pre, suf, create, what)
  for _ = 1, M.TMP_MAX do
    local name = join(dir, pre .. M._namer() .. suf)
    local r, msg, code, err = create(name)
    if r then return r, name end
    if code ~= EEXIST then return nil, msg, code, err end
  end
  return failure(OSError(EEXIST, "No usable temporary " .. what .. " name found"))
end

local function openexcl(name)
  return open(name, OPENFLAGS, 384)
end

local function mkstempinner(dir, pre, suf)
  return trynames(abspath(dir), pre, suf, openexcl, "file")
end

local function nameargs(slot)      -- suffix and prefix: no NUL
  return function(suffix, prefix)
    local s, msg = nonul(slot, suffix)
    if s then return s, msg end
    return nonul(slot + 1, prefix)
  end
end

local mkstempargs = aux.args({"suffix:string?", "prefix:string?", "dir:path?", "text:bool?"},
                             {}, nameargs(1))

-- text is accepted and ignored: Linux opens text and binary alike.
local function mkstemp(suffix, prefix, dir)
  local err
  suffix, prefix, dir, err = sanitize(suffix, prefix, dir)
  if not suffix then return nil, prefix, dir, err end
  return mkstempinner(dir, prefix, suffix)
end

function M.mkstemp(...)
  return mkstemp(mkstempargs(...))
end

local mkdtempargs = aux.args({"suffix:string?", "prefix:string?", "dir:path?"}, {}, nameargs(1))

local function mkdir700(name)
  return mkdir(name, 448)
end

local function mkdtemp(suffix, prefix, dir)
  local err
  suffix, prefix, dir, err = sanitize(suffix, prefix, dir)
  if not suffix then return nil, prefix, dir, err end
  local ok, name, code
  ok, name, code, err = trynames(dir, prefix, suffix, mkdir700, "directory")
  if not ok then return nil, name, code, err end
  return abspath(name)              -- absolute since Python 3.12
end

function M.mkdtemp(...)
  return mkdtemp(mkdtempargs(...))
end

local mktempargs = aux.args({"suffix:string?", "prefix:string?", "dir:path?"}, {}, nameargs(1))

-- Unsafe, as Python says: the name may be taken before it is used.
function M.mktemp(...)
  local suffix, prefix, dir = mktempargs(...)
  if dir == nil then
    local msg, code, err
    dir, msg, code, err = gettempdir()
    if not dir then return nil, msg, code, err end
  end
  suffix, prefix = suffix or "", prefix or M.template
  for _ = 1, M.TMP_MAX do
    local name = join(dir, prefix .. M._namer() .. suffix)
    if not lstat(name) then return name end
  end
  return failure(OSError(EEXIST, "No usable temporary filename found"))
end

-- ---- Finalizers ------------------------------------------------------------
-- Objects are tables: Lua 5.2+ run a table's __gc; 5.1 and LuaJIT do not,
-- so there a userdata (newproxy) that only the object holds runs it.

local PROXY = {}                   -- the private key of that userdata

local function withgc(obj, mt)
  if newproxy then
    local p = newproxy(true)
    getmetatable(p).__gc = function() mt.__gc(obj) end
    obj[PROXY] = p
  end
  return setmetatable(obj, mt)
end

-- ---- Tree removal ----------------------------------------------------------
-- pyos.shutil.rmtree, as Python's TemporaryDirectory uses shutil's: the
-- fd-based walk that never follows a symlink (loaded on first use).

local function rmtree(top, onexc)
  local shutil = require "pyos.shutil"
  return shutil.rmtree(top, {onexc = onexc})
end

-- ---- TemporaryDirectory ------------------------------------------------------

-- Python's _resetperms: mode 0700, never through a symlink.
local function resetperms(p)
  local st, _, _, err = lstat(p)
  if not st then error(err, 0) end
  if S_ISLNK(st.st_mode) then return end
  local ok
  ok, _, _, err = chmod(p, 448)
  if not ok then error(err, 0) end
end

local function isdirpath(p)
  local st = lstat(p)
  return st ~= nil and S_ISDIR(st.st_mode)
end

-- TemporaryDirectory._rmtree: a PermissionError is fixed by giving the
-- path (and its directory) mode 0700 and trying again; FileNotFoundError
-- is ignored; other errors raise unless ignore_errors.
local function tdrmtree(name, ignore_errors, repeated)
  local function onexc(_, p, err)
    if err.name == "PermissionError" then
      if repeated and p == name then
        if ignore_errors then return end
        error(err, 0)
      end
      local ok, e = pcall(function()
        if p ~= name then resetperms(dirname(p)) end
        resetperms(p)
        local done, _, _, uerr = unlink(p)
        if done then return end
        if uerr.name == "IsADirectoryError" then
          tdrmtree(p, ignore_errors)
        elseif uerr.name == "PermissionError" then
          if not isdirpath(p) then
            if ignore_errors then return end
            error(err, 0)
          end
          tdrmtree(p, ignore_errors, p == name)
        else
          error(uerr, 0)
        end
      end)
      if not ok and not (type(e) == "table" and e.name == "FileNotFoundError") then
        error(e, 0)
      end
    elseif err.name ~= "FileNotFoundError" and not ignore_errors then
      error(err, 0)
    end
  end
  rmtree(name, onexc)
end

-- Remove the tree: true, or nil, msg, errno, err.
local function removetree(name, ignore_errors)
  local ok, e = pcall(tdrmtree, name, ignore_errors)
  if ok then return true end
  if type(e) == "table" and e.errno ~= nil then return failure(e) end
  if type(e) == "table" and e.name ~= nil then       -- shutil's errno-less OSError
    return nil, tostring(e), nil, e
  end
  error(e, 0)
end

local TemporaryDirectory = {}
TemporaryDirectory.__index = TemporaryDirectory
TemporaryDirectory.__name = "pyos.tempfile.TemporaryDirectory"

-- Remove the directory and everything in it (even when delete = false).
function TemporaryDirectory.cleanup(...)
  aux.checknargs(1, ...)
  local self = ...
  local first = not self._done
  self._done = true
  if first or exists(self.name) then
    return removetree(self.name, self._ignore)
  end
  return true
end

function TemporaryDirectory.__close(self)
  if self._delete then
    local ok, _, _, err = self:cleanup()
    if not ok then aux.raise(err) end
  end
end

-- The collector's cleanup: errors are dropped (Python prints a warning).
function TemporaryDirectory.__gc(self)
  if not self._done and self._delete then
    self._done = true
    pcall(removetree, self.name, self._ignore)
  end
end

function TemporaryDirectory.__tostring(self)
  return "<TemporaryDirectory " .. repr(self.name) .. ">"
end

local tdargs = aux.args({"suffix:string?", "prefix:string?", "dir:path?",
                         "ignore_cleanup_errors:bool?"}, {"delete:bool?"}, nameargs(1))

function M.TemporaryDirectory(...)
  local suffix, prefix, dir, ignore, delete = tdargs(...)
  local name, msg, code, err = mkdtemp(suffix, prefix, dir)
  if not name then return nil, msg, code, err end
  return withgc({name = name, _ignore = ignore or false, _delete = delete ~= false,
                 _done = false}, TemporaryDirectory)
end

-- ---- Files -----------------------------------------------------------------

-- Python's io.open mode (one of r w x a, at most one +, b or t) as an
-- io.open mode; true when it is binary.
local function luamode(mode)
  local kind, plus, bin, text = nil, false, false, false
  for i = 1, #mode do
    local c = sub(mode, i, i)
    if find("rwxa", c, 1, true) and not kind then kind = c
    elseif c == "+" and not plus then plus = true
    elseif c == "b" and not bin and not text then bin = true
    elseif c == "t" and not text and not bin then text = true
    else return nil end
  end
  if not kind then return nil end
  -- the file exists already: x (exclusive creation) is w
  return (kind == "x" and "w" or kind) .. (plus and "+" or "") .. "b", bin
end

-- The checks of Python's io.open on mode, encoding, errors and newline
-- (those three are accepted and ignored: Lua files are bytes).
-- errors is the 8th value (TemporaryFile's keyword-only one), nil for
-- NamedTemporaryFile (checked by splitopts).
local function fileargs(mode, _, encoding, newline, suffix, prefix, _, errors)
  do
    local lm, bin = luamode(mode or "w+b")
    if not lm then return 1, "invalid mode '" .. mode .. "'" end
    if bin and encoding ~= nil then return 3, "binary mode doesn't take an encoding argument" end
    if bin and newline ~= nil then return 4, "binary mode doesn't take a newline argument" end
    if bin and type(errors) == "string" then
      return 8, "option 'errors': binary mode doesn't take an errors argument"
    end
  end
  local s, msg = nonul(5, suffix)
  if s then return s, msg end
  return nonul(6, prefix)
end

-- fdopen(fd) with the caller's mode; on failure the fd is closed.
local function makefile(fd, mode, buffering)
  local f, msg, code, err = fdopen(fd, (luamode(mode or "w+b")), buffering or -1)
  if not f then
    close(fd)
    return nil, msg, code, err
  end
  return f
end

-- TemporaryFile: unnamed where the kernel has O_TMPFILE (Python's
-- _O_TMPFILE_WORKS; false makes it use mkstemp and unlink).
M._O_TMPFILE_WORKS = O_TMPFILE ~= nil

local function tmpfilefd(dir)
  if M._O_TMPFILE_WORKS then
    local flags = OPENFLAGS - pyos.O_CREAT + O_TMPFILE
    local fd, _, _, err = open(dir, flags, 384)
    if fd then return fd end
    -- kernels before 3.11 read O_TMPFILE as O_DIRECTORY: never again
    if err.name == "IsADirectoryError" then M._O_TMPFILE_WORKS = false end
  end
  return nil
end

local tfargs = aux.args({"mode:string?", "buffering:int?", "encoding:string?",
                         "newline:string?", "suffix:string?", "prefix:string?",
                         "dir:path?"}, {"errors:string?"}, fileargs)

function M.TemporaryFile(...)
  local mode, buffering, _, _, suffix, prefix, dir = tfargs(...)
  local msg, code, err
  suffix, prefix, dir, err = sanitize(suffix, prefix, dir)
  if not suffix then return nil, prefix, dir, err end
  local fd = tmpfilefd(dir)
  if not fd then
    local name
    fd, name, code, err = mkstempinner(dir, prefix, suffix)
    if not fd then return nil, name, code, err end
    local ok
    ok, msg, code, err = unlink(name)
    if not ok then
      close(fd)
      return nil, msg, code, err
    end
  end
  return makefile(fd, mode, buffering)
end

-- NamedTemporaryFile's object: Python's _TemporaryFileWrapper and
-- _TemporaryFileCloser in one.
local NamedFile = {}
NamedFile.__name = "pyos.tempfile.NamedTemporaryFile"
local namedmethods = {}

local function fileresult(self, file, first, ...)
  if first == file then return self, ... end
  return first, ...
end

-- Other keys are the file's: a method is called on the file (and a
-- result that is the file, as write's, becomes the object).
function NamedFile.__index(self, k)
  local m = namedmethods[k]
  if m ~= nil then return m end
  local file = rawget(self, "file")
  local v = file[k]
  if type(v) ~= "function" then return v end
  return function(_, ...)
    return fileresult(self, file, v(file, ...))
  end
end

local function closefile(f)
  if iotype(f) == "file" then return f:close() end
  return true
end

local function removefile(name)
  local ok, msg, code, err = unlink(name)
  if ok or err.name == "FileNotFoundError" then return true end
  return nil, msg, code, err
end

-- Close (when not closed yet) and remove the file when delete is set.
local function cleanupfile(self)
  if self._cleaned then return true end
  self._cleaned = true
  local ok, msg, code, err = true, nil, nil, nil
  if not self._closed then
    self._closed = true
    ok, msg, code, err = closefile(self.file)
  end
  if self.delete then
    local ok2, msg2, code2, err2 = removefile(self.name)
    if ok and not ok2 then ok, msg, code, err = ok2, msg2, code2, err2 end
  end
  if not ok then return nil, msg, code, err end
  return true
end

-- Close the file; remove it when delete and delete_on_close are set.
function namedmethods.close(...)
  aux.checknargs(1, ...)
  local self = ...
  if self._closed then return true end
  self._closed = true
  local ok, msg, code, err = closefile(self.file)
  if self.delete and self._delete_on_close then
    local ok2, msg2, code2, err2 = cleanupfile(self)
    if ok and not ok2 then ok, msg, code, err = ok2, msg2, code2, err2 end
  end
  if not ok then return nil, msg, code, err end
  return true
end

-- Python's __exit__: close, and remove when delete is set (even with
-- delete_on_close = false).
function NamedFile.__close(self)
  local ok, msg, _, err = cleanupfile(self)
  if not ok then
    if type(err) == "table" then aux.raise(err) end
    error(msg, 0)
  end
end

function NamedFile.__gc(self)
  pcall(cleanupfile, self)
end

function NamedFile.__tostring(self)
  return "<NamedTemporaryFile " .. repr(self.name) .. ">"
end

local ntfargs = aux.args({"mode:string?", "buffering:int?", "encoding:string?",
                          "newline:string?", "suffix:string?", "prefix:string?",
                          "dir:path?", "delete:bool?"}, {}, fileargs)

local function ispathlike(v)
  local mt = getmetatable(v)
  return type(mt) == "table" and rawget(mt, "__fspath") ~= nil
end

-- aux.args takes at most 8 parameters and NamedTemporaryFile has 10: its
-- keyword-only errors and delete_on_close are taken out of a copy of the
-- options table, and the rest is checked by ntfargs.
local function splitopts(n, ...)
  local args = {...}
  local last = args[n]
  local errors, doc
  if n >= 1 and n <= 9 and type(last) == "table" and not ispathlike(last) then
    local copy = {}
    for k, v in next, last do copy[k] = v end
    errors, doc = copy.errors, copy.delete_on_close
    copy.errors, copy.delete_on_close = nil, nil
    if errors ~= nil and type(errors) ~= "string" then
      aux.typeerror(n, errors, "string", "option 'errors'")
    end
    if doc ~= nil and type(doc) ~= "boolean" then
      aux.typeerror(n, doc, "boolean", "option 'delete_on_close'")
    end
    args[n] = copy
  end
  return args, errors, doc
end

function M.NamedTemporaryFile(...)
  local n = select("#", ...)
  local args, errors, delete_on_close = splitopts(n, ...)
  local mode, buffering, _, _, suffix, prefix, dir, delete =
    ntfargs((table.unpack or unpack)(args, 1, n))
  if errors ~= nil and select(2, luamode(mode or "w+b")) then
    aux.argerror(n, "option 'errors': binary mode doesn't take an errors argument")
  end
  local msg, code, err
  suffix, prefix, dir, err = sanitize(suffix, prefix, dir)
  if not suffix then return nil, prefix, dir, err end
  local fd, name
  fd, name, code, err = mkstempinner(dir, prefix, suffix)
  if not fd then return nil, name, code, err end
  local f
  f, msg, code, err = makefile(fd, mode, buffering)
  if not f then
    unlink(name)
    return nil, msg, code, err
  end
  return withgc({name = name, file = f, delete = delete ~= false,
                 _delete_on_close = delete_on_close ~= false,
                 _closed = false, _cleaned = false}, NamedFile)
end

-- Misuse errors name these functions 'pyos.tempfile.NAME'.
aux.setnames(M, "pyos.tempfile.")
aux.setnames({cleanup = TemporaryDirectory.cleanup}, "pyos.tempfile.TemporaryDirectory:")
aux.setnames(namedmethods, "pyos.tempfile.NamedTemporaryFile:")

return M
