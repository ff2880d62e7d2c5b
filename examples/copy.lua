-- copy: copy a file in the kernel (copy_file_range, then sendfile), with a
-- readinto/write loop over one Buffer as the last fallback; keeps the
-- source's mode.
-- Usage: lua copy.lua [--method=auto|copy_file_range|sendfile|readwrite] SRC DST
local pyos = require "pyos"
local Progress = require "progress"

local CHUNK = 1024 * 1024

-- Each method returns the bytes copied, or pyos's failure values
-- nil, msg, errno (the fourth, the OSError, is not needed here).

local function copy_file_range(src, dst, size, progress)
  local done = 0
  while done < size do
    local n, msg, errno = pyos.copy_file_range(src, dst, math.min(size - done, 2^30))
    if not n then return nil, msg, errno end
    if n == 0 then break end
    done = done + n
    progress:update(done .. "/" .. size .. " bytes")
  end
  return done
end

local function sendfile(src, dst, size, progress)
  local done = 0
  while done < size do
    local n, msg, errno = pyos.sendfile(dst, src, nil, math.min(size - done, 2^30))
    if not n then return nil, msg, errno end
    if n == 0 then break end
    done = done + n
    progress:update(done .. "/" .. size .. " bytes")
  end
  return done
end

-- readinto one reusable Buffer and write what came (a view of it after a
-- short read or a partial write): no allocation per chunk.
local function readwrite(src, dst, size, progress)
  local buf, done = pyos.buffer(CHUNK), 0
  while true do
    local got, msg, errno = pyos.readinto(src, buf)
    if not got then return nil, msg, errno end
    if got == 0 then break end
    local off = 0
    while off < got do
      local chunk = (off == 0 and got == #buf) and buf or buf:view(off + 1, got)
      local n, wmsg, werrno = pyos.write(dst, chunk)
      if not n then return nil, wmsg, werrno end
      off = off + n
    end
    done = done + got
    progress:update(done .. "/" .. size .. " bytes")
  end
  return done
end

local METHODS = {copy_file_range = copy_file_range, sendfile = sendfile,
                 readwrite = readwrite}
local ORDER = {"copy_file_range", "sendfile", "readwrite"}

-- Errors that mean "this method cannot do it here": try the next one.
local FALLBACK = {EXDEV = true, EINVAL = true, ENOSYS = true, EOPNOTSUPP = true,
                  ENOTSUP = true, EBADF = true}

-- Copy srcpath to dstpath: the bytes copied and the method that did it,
-- or nil, msg, errno.
local function copy(srcpath, dstpath, method)
  local src, msg, errno = pyos.open(srcpath, pyos.O_RDONLY)
  if not src then return nil, msg, errno end
  local st = assert(pyos.fstat(src))
  local dst
  dst, msg, errno = pyos.open(dstpath, pyos.O_WRONLY + pyos.O_CREAT + pyos.O_TRUNC,
                              pyos.S_IMODE(st.st_mode))
  if not dst then
    pyos.close(src)
    return nil, msg, errno
  end
  local progress = Progress.new("copy")
  local n, used
  for _, name in ipairs(method == "auto" and ORDER or {method}) do
    used = name
    n, msg, errno = METHODS[name](src, dst, st.st_size, progress)
    if n or not FALLBACK[pyos.errno.errorcode[errno]] then break end
    pyos.lseek(src, 0, pyos.SEEK_SET)
    pyos.lseek(dst, 0, pyos.SEEK_SET)
  end
  progress:done()
  pyos.close(src)
  pyos.close(dst)
  if not n then return nil, msg, errno end
  return n, used
end

local function main(argv)
  local method, paths = "auto", {}
  for _, a in ipairs(argv) do
    local m = a:match("^%-%-method=(.+)$")
    if m then method = m else paths[#paths + 1] = a end
  end
  if #paths ~= 2 or (method ~= "auto" and not METHODS[method]) then
    io.stderr:write("usage: copy.lua [--method=auto|copy_file_range|sendfile|readwrite] SRC DST\n")
    os.exit(2)
  end
  local n, used = copy(paths[1], paths[2], method)
  if not n then
    io.stderr:write("copy: ", used, "\n")        -- failed: used is the message
    os.exit(1)
  end
  io.write(string.format("copied %d bytes with %s\n", n, used))
end

main(arg)
