-- saferm: remove a directory tree without ever following a symlink, even
-- one swapped in while it runs: fwalk bottom-up, every unlink and rmdir
-- relative to the directory fd it walked into (dir_fd).
-- Usage: lua saferm.lua PATH...
local pyos = require "pyos"
local Progress = require "progress"

-- Report a failure: a call's msg, or the OSError that fwalk's onerror gets.
local function fail(e)
  io.stderr:write("saferm: ", tostring(e), "\n")
  return false
end

-- Remove one name inside rootfd: directories with rmdir, anything else
-- (files, symlinks, even symlinks to directories) with unlink.
local function remove(name, rootfd)
  local st, msg = pyos.stat(name, {dir_fd = rootfd, follow_symlinks = false})
  if not st then return fail(msg) end
  local ok
  if pyos.S_ISDIR(st.st_mode) then
    ok, msg = pyos.rmdir(name, {dir_fd = rootfd})
  else
    ok, msg = pyos.unlink(name, {dir_fd = rootfd})
  end
  return ok or fail(msg)
end

local function saferm(top, progress)
  local st, msg = pyos.lstat(top)
  if not st then return fail(msg) end
  if not pyos.S_ISDIR(st.st_mode) then
    local ok, umsg = pyos.unlink(top)
    return ok or fail(umsg)
  end
  local good, count = true, 0
  for _, dirs, files, rootfd in pyos.fwalk(top, {topdown = false, onerror = fail}) do
    for _, name in ipairs(files) do
      good = remove(name, rootfd) and good
      count = count + 1
    end
    for _, name in ipairs(dirs) do
      good = remove(name, rootfd) and good
    end
    progress:update(count .. " files removed")
  end
  local ok, rmsg = pyos.rmdir(top)
  return (ok or fail(rmsg)) and good
end

local function main(argv)
  local progress = Progress.new("saferm")
  local failed = 0
  for _, top in ipairs(argv) do
    if not saferm(top, progress) then failed = failed + 1 end
  end
  progress:done()
  os.exit(failed == 0 and 0 or 1)
end

main(arg)
