-- threadstat.lua: the workload of the thread host's scaling rows
-- (bench/threads.sh): function(tid, count, path) making count stat calls
-- on path.<tid>, a file of each thread's own (one shared file would make
-- the kernel's dentry refcount the contended line, not pyos).
local pyos = require "pyos"

return function(tid, count, path)
  local stat = pyos.stat
  local st
  path = path .. "." .. tid
  for _ = 1, count do st = stat(path) end
  assert(st and st.st_size >= 0, "stat failed")
end
