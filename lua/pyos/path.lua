-- pyos.path: Python's os.path (posixpath) for Lua.
local M = {}
return M
