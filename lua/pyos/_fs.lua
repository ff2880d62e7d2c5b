-- The Lua layer of pyos.fs: functions written in Lua over the C ones
-- (makedirs, removedirs, renames here; walk and fwalk in _walk.lua).
-- Called once by pyos/init.lua with the area's table and the namespace;
-- returns the names that belong in the supports_* sets.
return function(fs, pyos)
  require("pyos._walk")(fs, pyos)
  return {
    dir_fd = {"stat", "lstat", "open"},
    fd = {"stat"},
    follow_symlinks = {"stat"},
  }
end
