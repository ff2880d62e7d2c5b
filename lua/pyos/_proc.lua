-- The Lua layer of pyos.proc: functions written in Lua over the C ones.
-- Called once by pyos/init.lua with the area's table and the namespace;
-- returns the names that belong in the supports_* sets.
return function(proc, pyos)
  return {}
end
