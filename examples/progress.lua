-- A progress line on stderr, shown only when stderr is a terminal.
-- Shared by the example tools.
local pyos = require "pyos"

local Progress = {}
Progress.__index = Progress

function Progress.new(label)
  local tty = pyos.isatty and pyos.isatty(2) or false
  return setmetatable({label = label, tty = tty, last = 0}, Progress)
end

-- Show `text` (at most ten times a second).
function Progress:update(text)
  if not self.tty then return end
  local now = os.clock()
  if now - self.last < 0.1 then return end
  self.last = now
  io.stderr:write("\r\27[K", self.label, ": ", text)
end

function Progress:done()
  if self.tty then io.stderr:write("\r\27[K") end
end

return Progress
