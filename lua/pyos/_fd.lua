-- The Lua layer of pyos.fd: functions written in Lua over the C ones.
-- Called once by pyos/init.lua with the area's table and the namespace;
-- returns the names that belong in the supports_* sets.

local select, type, error = select, type, error

-- An integer fd argument, checked the way the C layer would.
local function checkfd(name, fd)
  if type(fd) ~= "number" or fd ~= fd or fd % 1 ~= 0 then
    error(("bad argument #1 to '%s' (integer expected, got %s)")
          :format(name, type(fd) == "number" and "non-integer" or type(fd)), 3)
  end
end

local function checknargs(name, n, ...)
  if select("#", ...) > n then
    error(("bad argument #%d to '%s' (too many arguments)"):format(n + 1, name), 3)
  end
end

local failure = require("pyos._aux").failure

-- Python names no file in the errors of the f* variants: the failure is
-- made again from the object without it.
local function nofilename(r, ...)
  if r ~= nil then return r, ... end
  local err = select(3, ...)
  err.filename = nil
  return failure(err)
end

return function(fd, pyos)
  -- fstatvfs(fd): statvfs of the file open as fd (pyos.statvfs's result).
  function fd.fstatvfs(...)
    checknargs("fstatvfs", 1, ...)
    local f = ...
    checkfd("fstatvfs", f)
    return nofilename(pyos.statvfs(f))
  end

  -- fpathconf(fd, name): name an integer or a key of pathconf_names.
  function fd.fpathconf(...)
    checknargs("fpathconf", 2, ...)
    local f, name = ...
    checkfd("fpathconf", f)
    return nofilename(pyos.pathconf(f, name))
  end

  return {dir_fd = {"open"}}
end
