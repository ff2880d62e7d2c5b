---@meta pyos
-- LuaLS annotations for pyos: the shared classes and the namespace.
-- Every area's functions and constants are annotated in types/AREA.lua.
-- Point Neovim's lua-language-server at this directory:
--   settings.Lua.workspace.library = { "/path/to/pyos/types" }

---A value usable as a path: a string, or any value whose metatable has
---`__fspath` (returning a string). DirEntry has one.
---@alias pyos.PathLike string|{__fspath: fun(self): string}

---The error object of a failed call: `nil, err, errno` is returned.
---`tostring(err)` prints exactly what Python's `str(OSError)` prints.
---@class pyos.OSError
---@field errno integer the error number (`pyos.errno.ENOENT`, ...)
---@field strerror string the system's message for errno
---@field filename? string|integer the file name (or fd) the call used
---@field filename2? string the second file name (rename, link, ...)
---@field name string Python's exception class, e.g. "FileNotFoundError"
---@operator concat(string): string

---The result of stat, lstat, fstat and DirEntry:stat(). Fields are
---computed on access; `st[1..10]` is Python's tuple, `#st == 10`.
---@class pyos.stat_result
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
---@field [integer] integer

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

return pyos
