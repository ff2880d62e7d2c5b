-- copy: copy files as `cp` does: the data in the kernel
-- (pyos.shutil.copy: copy_file_range, then sendfile, then a read/write
-- loop) and the mode bits; with -p also the times (to the nanosecond on
-- Lua 5.3 and 5.4, within 256 ns where numbers are doubles) and
-- the extended attributes (shutil.copy2). A directory as DST receives each
-- file under its own name.
-- Usage: lua copy.lua [-p] SRC... DST
local pyos = require "pyos"
local shutil = require "pyos.shutil"

local function main(argv)
  io.stdout:setvbuf("line")           -- in step with the errors on stderr
  local keep, paths = false, {}
  for _, a in ipairs(argv) do
    if a == "-p" then keep = true else paths[#paths + 1] = a end
  end
  if #paths < 2 then
    io.stderr:write("usage: copy.lua [-p] SRC... DST\n")
    os.exit(2)
  end
  local dst = table.remove(paths)
  if #paths > 1 and not pyos.path.isdir(dst) then
    io.stderr:write("copy: target '", dst, "' is not a directory\n")
    os.exit(1)
  end
  local copy = keep and shutil.copy2 or shutil.copy
  local failed = 0
  for _, src in ipairs(paths) do
    local to, msg = copy(src, dst)
    if to then
      io.write(string.format("%s -> %s (%d bytes)\n", src, to, pyos.stat(to).st_size))
    else
      io.stderr:write("copy: ", msg, "\n")
      failed = failed + 1
    end
  end
  os.exit(failed == 0 and 0 or 1)
end

main(arg)
