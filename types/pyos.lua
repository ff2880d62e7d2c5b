---@meta pyos
-- LuaLS annotations for pyos: the shared classes and the namespace.
-- Every area's functions and constants are annotated in types/AREA.lua.
-- Constants carry their value on Linux x86_64 with glibc (where the
-- module was built; spec/meta_spec.lua checks them against it): write
-- their names, as values differ between platforms.
-- Point Neovim's lua-language-server at this directory:
--   settings.Lua.workspace.library = { "/path/to/pyos/types" }

---A value usable as a path: a string, or any value whose metatable has
---`__fspath` (returning a string). DirEntry has one.
---@alias pyos.PathLike string|{__fspath: fun(self): string}

---A failed call returns four values, `nil, msg, errno, err`: `msg` is
---Python's `str()` of the exception (a string, so `assert(pyos.f(x))`
---raises it), `errno` the error number and `err` this object, with
---`tostring(err) == msg`. In the annotations: `@return T|nil`,
---`@return string? msg`, `@return integer? errno`, `@return pyos.OSError? err`.
---@class pyos.OSError
---@field errno integer the error number (`pyos.errno.ENOENT`, ...)
---@field strerror string the system's message for errno
---@field filename? string|integer the file name (or fd) the call used
---@field filename2? string the second file name (rename, link, ...)
---@field name string Python's exception class, e.g. "FileNotFoundError"
---@operator concat(string): string

---The named fields of a stat_result, as `st:totable()` gives them: a
---plain table (no userdata), for what takes only tables.
---@class pyos.stat_fields
---@field st_mode integer
---@field st_ino integer
---@field st_dev integer
---@field st_nlink integer
---@field st_uid integer
---@field st_gid integer
---@field st_size integer
---@field st_atime number seconds, as a float
---@field st_mtime number seconds, as a float
---@field st_ctime number seconds, as a float
---@field st_atime_ns integer nanoseconds (a double on 5.1/5.2/LuaJIT)
---@field st_mtime_ns integer
---@field st_ctime_ns integer
---@field st_blksize integer
---@field st_blocks integer
---@field st_rdev integer

---The result of stat, lstat, fstat and DirEntry:stat(): a userdata whose
---fields are computed on access; `st[1..10]` is Python's tuple,
---`#st == 10`; `pairs(st)` on Lua 5.2+ (5.1 and LuaJIT raise).
---@class pyos.stat_result: pyos.stat_fields
---@field [integer] integer
local stat_result = {}

---A plain table of the named fields (what `pairs(st)` gives on 5.2+):
---crosses `ngx.run_worker_thread`, serializers, and `pairs` on every runtime.
---@return pyos.stat_fields
function stat_result:totable() end

---The OSError type: call it to build one, as Python's OSError(...);
---it is also every error's metatable.
---@class pyos.OSErrorType
---@overload fun(errno: integer, strerror?: string, filename?: string|integer, filename2?: string): pyos.OSError
---@field raise_text boolean raise errors as their text (set inside nginx, whose log shows only strings)
local OSErrorType = {}

---The OSError a value stands for: the object itself, or one parsed back
---from pyos's text of it (as `raise_text` raises it); nil otherwise.
---@param value any
---@return pyos.OSError|nil
function OSErrorType.of(value) end

---The pyos namespace: every function and constant of every area.
---@class pyos
---@field fs table the pyos.fs area table
---@field fd table the pyos.fd area table
---@field proc table the pyos.proc area table
---@field sched table the pyos.sched area table
---@field xattr table the pyos.xattr area table
---@field sys table the pyos.sys area table
local pyos = {}

---"pyos X.Y.Z"
---@type string
pyos._VERSION = "pyos 0.1.0"

---Functions that accept `dir_fd`, keyed by the function value.
---@type table<function, true>
pyos.supports_dir_fd = {}

---Functions that accept an open file descriptor as their path.
---@type table<function, true>
pyos.supports_fd = {}

---Functions that accept `follow_symlinks = false`.
---@type table<function, true>
pyos.supports_follow_symlinks = {}

---Functions that accept `effective_ids = true`.
---@type table<function, true>
pyos.supports_effective_ids = {}

-- Names of Lua's os that Python's lacks: `pyos.exit == os.exit` and so on,
-- through the namespace's metatable, so `local os = require "pyos"` takes
-- nothing away. Each has the type of Lua's own.

---Lua's `os.exit`.
pyos.exit = os.exit
---Lua's `os.time`.
pyos.time = os.time
---Lua's `os.date`.
pyos.date = os.date
---Lua's `os.clock`.
pyos.clock = os.clock
---Lua's `os.difftime`.
pyos.difftime = os.difftime
---Lua's `os.tmpname`.
pyos.tmpname = os.tmpname
---Lua's `os.execute`.
pyos.execute = os.execute
---Lua's `os.setlocale`.
pyos.setlocale = os.setlocale

return pyos
