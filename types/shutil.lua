---@meta pyos.shutil
-- LuaLS annotations for pyos.shutil: Python 3.14's shutil without the
-- archive functions. As pyos.glob, the module is its own class
-- (pyos.shutillib), reached as `require "pyos.shutil"` or `pyos.shutil`.

---A shutil exception that is not pyos's OSError (Error, SameFileError,
---SpecialFileError, LookupError, ...): tostring() is Python's str().
---@class pyos.shutil.Exception
---@field name string Python's class name
---@field args any[] the exception's arguments
---@field errno nil
---@field errors? {[1]: string, [2]: string, [3]: string}[] shutil.Error's list of (src, dst, msg)

---@alias pyos.shutil.err pyos.OSError|pyos.shutil.Exception

---@class pyos.shutil.followopts
---@field follow_symlinks? boolean

---@class pyos.shutil.rmtreeopts
---@field ignore_errors? boolean
---@field onerror? fun(func: function, path: string, exc_info: {[1]: string, [2]: pyos.shutil.err}) deprecated; exc_info = {err.name, err}
---@field onexc? fun(func: function, path: string, err: pyos.shutil.err)
---@field dir_fd? integer

---@class pyos.shutil.copytreeopts
---@field symlinks? boolean
---@field ignore? fun(dir: string, names: string[]): table
---@field copy_function? fun(src: string, dst: string): any
---@field ignore_dangling_symlinks? boolean
---@field dirs_exist_ok? boolean

---@class pyos.shutil.chownopts
---@field user? string|integer
---@field group? string|integer
---@field dir_fd? integer
---@field follow_symlinks? boolean

---@class pyos.shutil.usage
---@field total integer
---@field used integer
---@field free integer
---@field [1] integer
---@field [2] integer
---@field [3] integer

---@class pyos.shutil.terminal_size
---@field columns integer
---@field lines integer
---@field [1] integer
---@field [2] integer

---Python's shutil (3.14) over pyos.
---@class pyos.shutillib
---@field COPY_BUFSIZE integer copyfileobj's default chunk (256 KiB)
---@field rmtree_avoids_symlink_attacks boolean true: rmtree is fd-based
---@field Error table class of shutil.Error objects (callable)
---@field SameFileError table
---@field SpecialFileError table
---@field ExecError table
---@field ReadError table
---@field RegistryError table
local shutil = {}

---Remove a directory tree, symlink-attack-safe (fd-based walk).
---@param path string|pyos.PathLike
---@param ignore_errors? boolean|pyos.shutil.rmtreeopts
---@param onerror? function|pyos.shutil.rmtreeopts
---@param opts? pyos.shutil.rmtreeopts
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.shutil.err? err
function shutil.rmtree(path, ignore_errors, onerror, opts) end

---Copy a directory tree; errors are collected into one shutil.Error.
---@param src string|pyos.PathLike
---@param dst string|pyos.PathLike
---@param symlinks? boolean|pyos.shutil.copytreeopts
---@param ignore? fun(dir: string, names: string[]): table
---@param copy_function? fun(src: string, dst: string): any
---@param ignore_dangling_symlinks? boolean
---@param dirs_exist_ok? boolean
---@return string|nil dst
---@return string? msg
---@return integer? errno
---@return pyos.shutil.err? err
function shutil.copytree(src, dst, symlinks, ignore, copy_function, ignore_dangling_symlinks, dirs_exist_ok) end

---An ignore function for copytree: the names matching any fnmatch pattern.
---@param ... string
---@return fun(dir: string, names: string[]): table<string, true>
function shutil.ignore_patterns(...) end

---Move a file or directory (rename, or copy and remove across file systems).
---@param src string|pyos.PathLike
---@param dst string|pyos.PathLike
---@param copy_function? fun(src: string, dst: string): any
---@return string|true|nil real_dst
---@return string? msg
---@return integer? errno
---@return pyos.shutil.err? err
function shutil.move(src, dst, copy_function) end

---Copy a file's contents (copy_file_range, sendfile, read/write).
---@param src string|pyos.PathLike
---@param dst string|pyos.PathLike
---@param opts? pyos.shutil.followopts
---@return string|nil dst
---@return string? msg
---@return integer? errno
---@return pyos.shutil.err? err
function shutil.copyfile(src, dst, opts) end

---Copy from one file object to another (read(length) / write(chunk)).
---@param fsrc {read: fun(self: any, n: integer): string?}
---@param fdst {write: fun(self: any, s: string): any}
---@param length? integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function shutil.copyfileobj(fsrc, fdst, length) end

---Copy the permission bits.
---@param src string|pyos.PathLike
---@param dst string|pyos.PathLike
---@param opts? pyos.shutil.followopts
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function shutil.copymode(src, dst, opts) end

---Copy permission bits, ns times and extended attributes.
---@param src string|pyos.PathLike
---@param dst string|pyos.PathLike
---@param opts? pyos.shutil.followopts
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function shutil.copystat(src, dst, opts) end

---copyfile then copymode; into dst when it is a directory.
---@param src string|pyos.PathLike
---@param dst string|pyos.PathLike
---@param opts? pyos.shutil.followopts
---@return string|nil path
---@return string? msg
---@return integer? errno
---@return pyos.shutil.err? err
function shutil.copy(src, dst, opts) end

---copyfile then copystat; into dst when it is a directory.
---@param src string|pyos.PathLike
---@param dst string|pyos.PathLike
---@param opts? pyos.shutil.followopts
---@return string|nil path
---@return string? msg
---@return integer? errno
---@return pyos.shutil.err? err
function shutil.copy2(src, dst, opts) end

---Total, used and free bytes of the file system holding path.
---@param path string|pyos.PathLike
---@return pyos.shutil.usage|nil usage
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function shutil.disk_usage(path) end

---Change owner and/or group, by id or name.
---@param path string|pyos.PathLike
---@param user? string|integer|pyos.shutil.chownopts
---@param group? string|integer|pyos.shutil.chownopts
---@param opts? pyos.shutil.chownopts
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.shutil.err? err
function shutil.chown(path, user, group, opts) end

---The path of an executable, searched in path (default $PATH).
---@param cmd string|pyos.PathLike
---@param mode? integer|{mode?: integer, path?: string}
---@param path? string
---@return string|nil
function shutil.which(cmd, mode, path) end

---COLUMNS/LINES, else the terminal's size, else fallback ({80, 24}).
---@param fallback? {[1]: integer, [2]: integer}
---@return pyos.shutil.terminal_size
function shutil.get_terminal_size(fallback) end

---@class pyos
---@field shutil pyos.shutillib Python's shutil; also `require "pyos.shutil"`.

return shutil
