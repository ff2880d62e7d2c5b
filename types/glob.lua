---@meta pyos.glob
-- LuaLS annotations for pyos.glob and pyos.fnmatch: Python 3.14's glob and
-- fnmatch. As pyos.path, each module is its own class (pyos.globlib,
-- pyos.fnmatchlib), reached as `require "pyos.glob"` or `pyos.glob`
-- (declared as fields of `pyos` below: the sub-modules load on first use
-- and are not part of the flat namespace). `require "pyos.fnmatch"` is
-- typed by annotating its result: `local fnmatch = require "pyos.fnmatch"
-- ---@type pyos.fnmatchlib`.

---@class pyos.globopts
---@field root_dir? string|pyos.PathLike directory the pattern is relative to
---@field dir_fd? integer directory fd the pattern (and root_dir) is relative to
---@field recursive? boolean `**` matches any files and zero or more directories
---@field include_hidden? boolean wildcards match names starting with "."

---@class pyos.globtranslateopts
---@field recursive? boolean
---@field include_hidden? boolean
---@field seps? string separator characters (default "/")

---Python's glob (3.14) over byte strings.
---@class pyos.globlib
local glob = {}

---The paths matching a pattern, in directory order. Never fails on I/O
---errors (unreadable or missing directories give no results).
---@param pathname string
---@param opts? pyos.globopts
---@return string[]
function glob.glob(pathname, opts) end

---The same results as glob, one per call (nil at the end), one directory
---listing at a time.
---@param pathname string
---@param opts? pyos.globopts
---@return fun(): string?
function glob.iglob(pathname, opts) end

---pathname with `*`, `?` and `[` wrapped in brackets.
---@param pathname string|pyos.PathLike
---@return string
function glob.escape(pathname) end

---The regular expression (Python re syntax) Python 3.14 gives for the pattern.
---@param pathname string
---@param opts? pyos.globtranslateopts
---@return string
function glob.translate(pathname, opts) end

---Python's fnmatch (3.14) over byte strings; fnmatch == fnmatchcase on Linux.
---@class pyos.fnmatchlib
local fnmatch = {}

---Whether name matches the shell pattern pat.
---@param name string|pyos.PathLike
---@param pat string|pyos.PathLike
---@return boolean
function fnmatch.fnmatch(name, pat) end

---Whether name matches pat, case-sensitively.
---@param name string
---@param pat string
---@return boolean
function fnmatch.fnmatchcase(name, pat) end

---The names that match pat, in order.
---@param names string[]
---@param pat string|pyos.PathLike
---@return string[]
function fnmatch.filter(names, pat) end

---The names that do not match pat, in order.
---@param names string[]
---@param pat string|pyos.PathLike
---@return string[]
function fnmatch.filterfalse(names, pat) end

---The regular expression (Python re syntax) Python 3.14 gives for pat.
---@param pat string
---@return string
function fnmatch.translate(pat) end

---@class pyos
---@field glob pyos.globlib Python's glob; also `require "pyos.glob"`.
---@field fnmatch pyos.fnmatchlib Python's fnmatch; also `require "pyos.fnmatch"`.

return glob
