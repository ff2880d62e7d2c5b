-- kcopy.lua IMPL SRC DST: in-kernel copy with pyos.sendfile or
-- pyos.copy_file_range, over the existing DST, or with
-- pyos.shutil.copyfile (IMPL copyfile: it opens DST with O_TRUNC, as
-- Python's does); prints ns per MiB and the bytes copied.
local B = require "benchlib"
local impl, src, dst = arg[1], arg[2], arg[3]
local CHUNK = 1073741824

if impl == "copyfile" then
  local pyos = B.pyos("shutil", "stat")
  local t0 = B.ns()
  assert(pyos.shutil.copyfile(src, dst))
  local t = B.ns() - t0
  local total = pyos.stat(dst).st_size
  B.report(t / (total / 1048576), string.format("%d", total))
  return
end

local pyos = B.pyos("open", "close", impl)

local calls = {}
function calls.sendfile(o, i) return pyos.sendfile(o, i, nil, CHUNK) end
function calls.copy_file_range(o, i) return pyos.copy_file_range(i, o, CHUNK) end
local call = assert(calls[impl], "unknown impl " .. tostring(impl))

local t0 = B.ns()
local total = 0
local fin = assert(pyos.open(src, pyos.O_RDONLY))
local fout = assert(pyos.open(dst, pyos.O_WRONLY + pyos.O_CREAT, 420))
while true do
  local n = assert(call(fout, fin))
  if n == 0 then break end
  total = total + n
end
pyos.close(fin)
pyos.close(fout)
local t = B.ns() - t0
B.report(t / (total / 1048576), string.format("%d", total))
