---@meta pyos.tempfile
-- LuaLS annotations for pyos.tempfile: Python 3.14's tempfile. The module
-- is its own class (pyos.tempfilelib), reached as `require "pyos.tempfile"`
-- or `pyos.tempfile` (declared as a field of `pyos` below: it loads on
-- first use and is not part of the flat namespace). Every parameter may
-- also be given by name in a trailing options table.

---@class pyos.tempfileopts
---@field suffix? string end of the name (default "")
---@field prefix? string start of the name (default "tmp")
---@field dir? string|pyos.PathLike directory (default gettempdir())

---@class pyos.mkstempopts: pyos.tempfileopts
---@field text? boolean accepted and ignored

---@class pyos.tempdiropts: pyos.tempfileopts
---@field ignore_cleanup_errors? boolean cleanup ignores errors it cannot fix
---@field delete? boolean `<close>` and the collector remove it (default true)

---@class pyos.tempfileopenopts: pyos.tempfileopts
---@field mode? string Python's mode: one of r w x a, optional +, optional b or t (default "w+b")
---@field buffering? integer 0, 1, a size, or -1 (default)
---@field encoding? string accepted in text modes, ignored
---@field newline? string accepted in text modes, ignored
---@field errors? string accepted in text modes, ignored

---@class pyos.namedtempopts: pyos.tempfileopenopts
---@field delete? boolean remove the file at all (default true)
---@field delete_on_close? boolean remove it at close() (default true), else at `<close>` or collection

---A temporary directory removed by cleanup(), `<close>` or the collector.
---@class pyos.TemporaryDirectory
---@field name string the directory's absolute name
local TemporaryDirectory = {}

---Remove the directory and everything in it (even with delete = false).
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function TemporaryDirectory:cleanup() end

---A named temporary file; the Lua file's methods are available on it.
---@class pyos.NamedTemporaryFile: file*
---@field name string the file's absolute name
---@field file file* the Lua file
local NamedTemporaryFile = {}

---Close the file; remove it when delete and delete_on_close are true.
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function NamedTemporaryFile:close() end

---Python's tempfile (3.14) over byte strings.
---@class pyos.tempfilelib
---@field TMP_MAX integer names tried before giving up (238328)
---@field tempdir string? gettempdir()'s answer; set it to change the default
---@field template string the default prefix ("tmp")
local tempfile = {}

---Create a 0600 file (O_EXCL, O_CLOEXEC); its fd and absolute name.
---@param suffix? string|pyos.mkstempopts
---@param prefix? string|pyos.mkstempopts
---@param dir? string|pyos.PathLike|pyos.mkstempopts
---@param text? boolean|pyos.mkstempopts
---@return integer|nil fd
---@return string name_or_msg
---@return integer? errno
---@return pyos.OSError? err
function tempfile.mkstemp(suffix, prefix, dir, text) end

---Create a 0700 directory; its absolute name.
---@param suffix? string|pyos.tempfileopts
---@param prefix? string|pyos.tempfileopts
---@param dir? string|pyos.PathLike|pyos.tempfileopts
---@return string|nil name
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function tempfile.mkdtemp(suffix, prefix, dir) end

---A name that did not exist when checked (unsafe: nothing is created).
---@param suffix? string|pyos.tempfileopts
---@param prefix? string|pyos.tempfileopts
---@param dir? string|pyos.PathLike|pyos.tempfileopts
---@return string|nil name
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function tempfile.mktemp(suffix, prefix, dir) end

---The default directory for temporary files (cached in tempfile.tempdir).
---@return string|nil dir
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function tempfile.gettempdir() end

---The same function as gettempdir (Lua strings are bytes).
---@return string|nil dir
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function tempfile.gettempdirb() end

---The default prefix, "tmp".
---@return string
function tempfile.gettempprefix() end

---The same function as gettempprefix.
---@return string
function tempfile.gettempprefixb() end

---A directory removed with its contents by cleanup(), `<close>` or the collector.
---@param suffix? string|pyos.tempdiropts
---@param prefix? string|pyos.tempdiropts
---@param dir? string|pyos.PathLike|pyos.tempdiropts
---@param ignore_cleanup_errors? boolean|pyos.tempdiropts
---@param opts? pyos.tempdiropts
---@return pyos.TemporaryDirectory|nil td
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function tempfile.TemporaryDirectory(suffix, prefix, dir, ignore_cleanup_errors, opts) end

---A named file, removed at close() (or `<close>`, or collection).
---@param mode? string|pyos.namedtempopts
---@param buffering? integer|pyos.namedtempopts
---@param encoding? string|pyos.namedtempopts
---@param newline? string|pyos.namedtempopts
---@param suffix? string|pyos.namedtempopts
---@param prefix? string|pyos.namedtempopts
---@param dir? string|pyos.PathLike|pyos.namedtempopts
---@param delete? boolean|pyos.namedtempopts
---@param opts? pyos.namedtempopts
---@return pyos.NamedTemporaryFile|nil f
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function tempfile.NamedTemporaryFile(mode, buffering, encoding, newline, suffix, prefix, dir, delete, opts) end

---A Lua file with no name (O_TMPFILE, else created and unlinked).
---@param mode? string|pyos.tempfileopenopts
---@param buffering? integer|pyos.tempfileopenopts
---@param encoding? string|pyos.tempfileopenopts
---@param newline? string|pyos.tempfileopenopts
---@param suffix? string|pyos.tempfileopenopts
---@param prefix? string|pyos.tempfileopenopts
---@param dir? string|pyos.PathLike|pyos.tempfileopenopts
---@param opts? pyos.tempfileopenopts
---@return file*|nil f
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function tempfile.TemporaryFile(mode, buffering, encoding, newline, suffix, prefix, dir, opts) end

---@class pyos
---@field tempfile pyos.tempfilelib Python's tempfile; also `require "pyos.tempfile"`.

return tempfile
