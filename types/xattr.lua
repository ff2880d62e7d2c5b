---@meta
-- LuaLS annotations for pyos.xattr: Python's "Linux extended attributes".

---@class pyos
local pyos = {}

---The value (a byte string) of attribute on path (or fd).
---@param path string|integer|pyos.PathLike
---@param attribute string|pyos.PathLike
---@param opts? {follow_symlinks?: boolean}
---@return string|nil value
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getxattr(path, attribute, opts) end

---Set attribute on path (or fd) to value; flags XATTR_CREATE or XATTR_REPLACE.
---@param path string|integer|pyos.PathLike
---@param attribute string|pyos.PathLike
---@param value string
---@param flags? integer
---@param opts? {flags?: integer, follow_symlinks?: boolean}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.setxattr(path, attribute, value, flags, opts) end

---The attribute names of path (or fd; nil: the current directory).
---@param path? string|integer|pyos.PathLike
---@param opts? {follow_symlinks?: boolean}
---@return string[]|nil names
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.listxattr(path, opts) end

---Remove attribute from path (or fd).
---@param path string|integer|pyos.PathLike
---@param attribute string|pyos.PathLike
---@param opts? {follow_symlinks?: boolean}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.removexattr(path, attribute, opts) end

---@type integer
pyos.XATTR_CREATE = 1
---@type integer
pyos.XATTR_REPLACE = 2
---@type integer
pyos.XATTR_SIZE_MAX = 65536

return pyos
