---@meta pyos.path
-- LuaLS annotations for pyos.path: Python's os.path (posixpath).
--
-- The module is its own class, pyos.pathlib, rather than functions
-- declared on `pyos` (`function pyos.path.join(...)`): the same table is
-- reached two ways, `require "pyos".path` and `require "pyos.path"`, and a
-- named class types both (`---@meta pyos.path` + `return path` below makes
-- LuaLS resolve `require "pyos.path"` to it; `pyos.path` is declared with
-- that type at the end). It also keeps path's functions out of the flat
-- `pyos` namespace, which they are not part of (as in Python).

---Python's os.path on POSIX, over byte strings.
---@class pyos.pathlib
local path = {}

---"/"
---@type string
path.sep = "/"
---nil on POSIX (Python's None).
---@type nil
path.altsep = nil
---"."
---@type string
path.extsep = "."
---":"
---@type string
path.pathsep = ":"
---"/bin:/usr/bin"
---@type string
path.defpath = "/bin:/usr/bin"
---"."
---@type string
path.curdir = "."
---".."
---@type string
path.pardir = ".."
---"/dev/null"
---@type string
path.devnull = "/dev/null"
---false, as Python on Linux.
---@type boolean
path.supports_unicode_filenames = false

---Join parts with "/"; an absolute part discards what precedes it.
---@param a string|pyos.PathLike
---@param ... string|pyos.PathLike
---@return string
function path.join(a, ...) end

---Split at the last "/": head (trailing slashes stripped unless all
---slashes) and tail.
---@param p string|pyos.PathLike
---@return string head
---@return string tail
function path.split(p) end

---The part after the last "/".
---@param p string|pyos.PathLike
---@return string
function path.basename(p) end

---The head of split(p).
---@param p string|pyos.PathLike
---@return string
function path.dirname(p) end

---Root and extension (from the last dot of the last component, leading
---dots not counting); root .. ext == p.
---@param p string|pyos.PathLike
---@return string root
---@return string ext
function path.splitext(p) end

---Always "", p on POSIX.
---@param p string|pyos.PathLike
---@return string drive
---@return string path
function path.splitdrive(p) end

---Collapse "//", "." and "x/.." without touching the file system.
---@param p string|pyos.PathLike
---@return string
function path.normpath(p) end

---p unchanged (its string for a path-like value).
---@param p string|pyos.PathLike
---@return string
function path.normcase(p) end

---Whether p starts with "/".
---@param p string|pyos.PathLike
---@return boolean
function path.isabs(p) end

---The longest common leading string (or array, given arrays).
---@param list (string|pyos.PathLike)[]|any[][]
---@return string|any[]
function path.commonprefix(list) end

---The longest common sub-path; raises for an empty array or mixed
---absolute and relative paths.
---@param paths (string|pyos.PathLike)[]
---@return string
function path.commonpath(paths) end

---Expand a leading ~ (HOME, else /etc/passwd) or ~user (/etc/passwd).
---@param p string|pyos.PathLike
---@return string
function path.expanduser(p) end

---Expand $name and ${name} from the environment; unknown ones stay.
---@param p string|pyos.PathLike
---@return string
function path.expandvars(p) end

---normpath(join(getcwd(), p)).
---@param p string|pyos.PathLike
---@return string|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function path.abspath(p) end

---The canonical path, symlinks resolved (Python 3.11's algorithm).
---@param p string|pyos.PathLike
---@param opts? {strict?: boolean}
---@return string|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function path.realpath(p, opts) end

---p relative to start (default ".").
---@param p string|pyos.PathLike
---@param start? string|pyos.PathLike
---@return string|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function path.relpath(p, start) end

---Whether stat(p) succeeds. Never an error triple.
---@param p string|integer|pyos.PathLike
---@return boolean
function path.exists(p) end

---Whether lstat(p) succeeds. Never an error triple.
---@param p string|pyos.PathLike
---@return boolean
function path.lexists(p) end

---Whether p is a directory (following symlinks).
---@param p string|integer|pyos.PathLike
---@return boolean
function path.isdir(p) end

---Whether p is a regular file (following symlinks).
---@param p string|integer|pyos.PathLike
---@return boolean
function path.isfile(p) end

---Whether p is a symbolic link.
---@param p string|pyos.PathLike
---@return boolean
function path.islink(p) end

---Always false (Linux has no junctions).
---@param p string|pyos.PathLike
---@return boolean
function path.isjunction(p) end

---Whether p is a mount point.
---@param p string|pyos.PathLike
---@return boolean
function path.ismount(p) end

---stat(p).st_size.
---@param p string|integer|pyos.PathLike
---@return integer|nil size
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function path.getsize(p) end

---stat(p).st_mtime.
---@param p string|integer|pyos.PathLike
---@return number|nil seconds
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function path.getmtime(p) end

---stat(p).st_atime.
---@param p string|integer|pyos.PathLike
---@return number|nil seconds
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function path.getatime(p) end

---stat(p).st_ctime.
---@param p string|integer|pyos.PathLike
---@return number|nil seconds
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function path.getctime(p) end

---Whether a and b are the same file (st_dev and st_ino, following links).
---@param a string|integer|pyos.PathLike
---@param b string|integer|pyos.PathLike
---@return boolean|nil same
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function path.samefile(a, b) end

---Whether two open fds refer to the same file.
---@param fd1 integer
---@param fd2 integer
---@return boolean|nil same
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function path.sameopenfile(fd1, fd2) end

---Whether two stat results describe the same file.
---@param s1 pyos.stat_result|{st_ino: integer, st_dev: integer}
---@param s2 pyos.stat_result|{st_ino: integer, st_dev: integer}
---@return boolean
function path.samestat(s1, s2) end

---@class pyos
local pyos = {}

---Python's os.path (posixpath); also `require "pyos.path"`.
---@type pyos.pathlib
pyos.path = path

return path
