-- The Lua layer of pyos.xattr: functions written in Lua over the C ones.
-- Called once by pyos/init.lua with the area's table and the namespace;
-- returns the names that belong in the supports_* sets.
return function(xattr, pyos)
  return {}
end
