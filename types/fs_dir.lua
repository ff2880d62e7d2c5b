---@meta
-- scandir, DirEntry, listdir (src/fs_dir.c); walk and fwalk
-- (lua/pyos/_walk.lua). Part of pyos.fs.

---@class pyos
local pyos = {}

---One entry of a directory, from `pyos.scandir`. d_type and the stat
---results are cached, as in Python.
---@class pyos.DirEntry
---@field name string the entry's file name
---@field path string the scandir path joined with name (the bare name when scandir was given an fd)
local DirEntry = {}

---The inode number from the directory entry (no system call).
---@return integer
function DirEntry:inode() end

---True for a directory (or, by default, a symlink to one). False when the
---entry has vanished; other errors raise the OSError.
---@param opts? {follow_symlinks?: boolean}
---@return boolean
function DirEntry:is_dir(opts) end

---True for a regular file (or, by default, a symlink to one).
---@param opts? {follow_symlinks?: boolean}
---@return boolean
function DirEntry:is_file(opts) end

---True for a symlink.
---@return boolean
function DirEntry:is_symlink() end

---Always false on Linux.
---@return boolean
function DirEntry:is_junction() end

---The cached stat (or lstat with follow_symlinks = false) of the entry.
---@param opts? {follow_symlinks?: boolean}
---@return pyos.stat_result|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function DirEntry:stat(opts) end

---The iterator of `pyos.scandir`: call it for the next DirEntry (nil at
---the end); it is its own closing value.
---@class pyos.ScandirIterator
---@overload fun(): pyos.DirEntry|nil
local ScandirIterator = {}

---Release the directory now (also done at the end, on Lua 5.4's closing
---of a `for`, and on collection). Returns true.
---@return true
function ScandirIterator:close() end

---Iterate over the entries of a directory (default "."; may be an fd).
---@param path? string|integer|pyos.PathLike
---@return pyos.ScandirIterator|nil iterator
---@return string? msg
---@return integer? errno
---@return pyos.ScandirIterator|pyos.OSError|nil closing_or_err
function pyos.scandir(path) end

---The names in a directory (default "."; may be an fd), in directory order.
---@param path? string|integer|pyos.PathLike
---@return string[]|nil names
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.listdir(path) end

---Walk a directory tree: `for root, dirs, files in pyos.walk(top) do`.
---@param top string|pyos.PathLike
---@param topdown? boolean
---@param onerror? function called with the pyos.OSError
---@param followlinks? boolean
---@param opts? {topdown?: boolean, onerror?: fun(err: pyos.OSError), followlinks?: boolean}
---@return fun(): string, string[], string[]
function pyos.walk(top, topdown, onerror, followlinks, opts) end

---Walk a directory tree through fds: `for root, dirs, files, rootfd in
---pyos.fwalk(top) do`.
---@param top? string|pyos.PathLike
---@param topdown? boolean
---@param onerror? function called with the pyos.OSError
---@param opts? {topdown?: boolean, onerror?: fun(err: pyos.OSError), follow_symlinks?: boolean, dir_fd?: integer}
---@return (fun(): string, string[], string[], integer)|nil iterator
---@return string? msg
---@return integer? errno
---@return any closing_or_err the closing value, or the pyos.OSError
function pyos.fwalk(top, topdown, onerror, opts) end
