-- copy: copy a file in the kernel (copy_file_range, then sendfile), with a
-- readinto/write loop over one Buffer as the last fallback; keeps the
-- source's mode.
-- Usage: lua copy.lua [--method=auto|copy_file_range|sendfile|readwrite] SRC DST
local pyos = require "pyos"
local Progress = require "progress"

local CHUNK = 1024 * 1024

local function copy_file_range(src, dst, size, progress)
  local done = 0
  while done < size do
    local n, err = pyos.copy_file_range(src, dst, math.min(size - done, 2^30))
    if not n then return nil, err end
    if n == 0 then break end
    done = done + n
    progress:update(done .. "/" .. size .. " bytes")
  end
  return done
end

local function sendfile(src, dst, size, progress)
  local done = 0
  while done < size do
    local n, err = pyos.sendfile(dst, src, nil, math.min(size - done, 2^30))
    if not n then return nil, err end
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
    local got, err = pyos.readinto(src, buf)
    if not got then return nil, err end
    if got == 0 then break end
    local off = 0
    while off < got do
      local chunk = (off == 0 and got == #buf) and buf or buf:view(off + 1, got)
      local n, werr = pyos.write(dst, chunk)
      if not n then return nil, werr end
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

local function copy(srcpath, dstpath, method)
  local src = assert(pyos.open(srcpath, pyos.O_RDONLY))
  local st = assert(pyos.fstat(src))
  local dst, err = pyos.open(dstpath, pyos.O_WRONLY + pyos.O_CREAT + pyos.O_TRUNC,
                             pyos.S_IMODE(st.st_mode))
  if not dst then
    pyos.close(src)
    return nil, err
  end
  local progress = Progress.new("copy")
  local n, used
  for _, name in ipairs(method == "auto" and ORDER or {method}) do
    used = name
    n, err = METHODS[name](src, dst, st.st_size, progress)
    if n or not FALLBACK[pyos.errno.errorcode[err.errno]] then break end
    pyos.lseek(src, 0, pyos.SEEK_SET)
    pyos.lseek(dst, 0, pyos.SEEK_SET)
  end
  progress:done()
  pyos.close(src)
  pyos.close(dst)
  return n, err, used
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
  local n, err, used = copy(paths[1], paths[2], method)
  if not n then
    io.stderr:write("copy: ", tostring(err), "\n")
    os.exit(1)
  end
  io.write(string.format("copied %d bytes with %s\n", n, used))
end

main(arg)
