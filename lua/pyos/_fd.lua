-- The Lua layer of pyos.fd: functions written in Lua over the C ones.
-- Called once by pyos/init.lua with the area's table and the namespace;
-- returns the names that belong in the supports_* sets.

local select = select

-- Arguments are checked by the C layer (pyos._aux), as a C function's.
local aux = require "pyos._aux"
local failure = aux.failure
local fdargs = aux.args({"fd:fd"})
local fpathconfargs = aux.args({"fd:fd", "name:any"})

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
    local f = fdargs(...)
    return nofilename(pyos.statvfs(f))
  end

  -- fpathconf(fd, name): name an integer or a key of pathconf_names.
  function fd.fpathconf(...)
    local f, name = fpathconfargs(...)
    return nofilename(pyos.pathconf(f, name))   -- name is checked there
  end

  return {dir_fd = {"open"}}
end
