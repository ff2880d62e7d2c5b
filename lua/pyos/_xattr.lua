-- The Lua layer of pyos.xattr: functions written in Lua over the C ones.
-- Called once by pyos/init.lua with the area's table and the namespace;
-- returns the names that belong in the supports_* sets.
-- getxattr, setxattr, listxattr and removexattr take an fd and
-- follow_symlinks, but Python's supports_fd / supports_follow_symlinks
-- leave them out (CPython 3.11 on Linux), and so does pyos.
return function(xattr, pyos)
  return {}
end
