-- threadstat.lua: the workload of the thread host's scaling rows
-- (bench/threads.sh): function(tid, count, path) making count stat calls.
local pyos = require "pyos"

return function(_, count, path)
  local stat = pyos.stat
  local st
  for _ = 1, count do st = stat(path) end
  assert(st and st.st_size >= 0, "stat failed")
end
