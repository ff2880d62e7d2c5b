-- saferm: remove files and directory trees as `rm -rf` does, without ever
-- following a symlink, even one swapped in while it runs: pyos.shutil's
-- rmtree walks by directory fd (openat with O_NOFOLLOW, the lstat and the
-- fstat of each directory compared) and unlinks relative to it. Every
-- failure is reported and the rest is still removed.
-- Usage: lua saferm.lua PATH...
local pyos = require "pyos"
local shutil = require "pyos.shutil"

local function report(msg)
  io.stderr:write("saferm: ", tostring(msg), "\n")
end

-- Remove one path: the name itself when it is not a directory (a symlink
-- to a directory included), else the tree.
local function saferm(top)
  local st, msg = pyos.lstat(top)
  if not st then report(msg) return false end
  if not pyos.S_ISDIR(st.st_mode) then
    local ok, umsg = pyos.unlink(top)
    if not ok then report(umsg) end
    return ok ~= nil
  end
  local good = true
  shutil.rmtree(top, {onexc = function(_, _, err)
    report(err)
    good = false
  end})
  return good
end

local function main(argv)
  local failed = 0
  for _, top in ipairs(argv) do
    if not saferm(top) then failed = failed + 1 end
  end
  os.exit(failed == 0 and 0 or 1)
end

main(arg)
