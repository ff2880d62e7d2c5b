-- capture.lua run FILE N: run({"cat", FILE}, {capture_output = true}) N
-- times; ns per run, and the bytes captured as the check.
local B = require "benchlib"
local impl, file, n = arg[1], arg[2], tonumber(arg[3] or 3)
assert(impl == "run", "unknown impl " .. tostring(impl))
B.need("pyos")
local run = require("pyos.subprocess").run
local size
B.time(function(count)
  for _ = 1, count do
    local cp = assert(run({"cat", file}, {capture_output = true}))
    assert(cp.returncode == 0 and cp.stderr == "", "cat failed")
    size = #cp.stdout
  end
  return size
end, n)
