-- copy.lua IMPL SRC DST CHUNK: read/write copy in CHUNK-byte pieces over
-- the existing DST (no O_TRUNC, as bench/c/copy.c); prints ns per MiB and the bytes copied.
local B = require "benchlib"
local impl, src, dst, chunk = arg[1], arg[2], arg[3], tonumber(arg[4])

local impls = {}

-- A read/write loop over integer fds with read(fd, n) -> string ("" at end).
local function fdcopy(open, read, write, close, rdonly, wrflags)
  return function()
    local total = 0
    local fin = assert(open(src, rdonly))
    local fout = assert(open(dst, wrflags, 420))
    while true do
      local s = assert(read(fin, chunk))
      local len = #s
      if len == 0 then break end
      assert(write(fout, s) == len, "short write")
      total = total + len
    end
    close(fin)
    close(fout)
    return total
  end
end

function impls.pyos()
  local p = B.pyos("open", "read", "write", "close")
  return fdcopy(p.open, p.read, p.write, p.close, p.O_RDONLY,
                p.O_WRONLY + p.O_CREAT)
end

-- readinto one pyos.buffer and write it (a view of it after a short
-- read): no allocation per chunk, as the C loop.
function impls.pyos_buffer()
  local p = B.pyos("open", "readinto", "write", "close", "buffer")
  local readinto, write = p.readinto, p.write
  return function()
    local total = 0
    local buf = p.buffer(chunk)
    local fin = assert(p.open(src, p.O_RDONLY))
    local fout = assert(p.open(dst, p.O_WRONLY + p.O_CREAT, 420))
    while true do
      local n = assert(readinto(fin, buf))
      if n == 0 then break end
      assert(write(fout, n == chunk and buf or buf:view(1, n)) == n, "short write")
      total = total + n
    end
    p.close(fin)
    p.close(fout)
    return total
  end
end

function impls.posix()
  local fcntl, unistd = B.need("posix.fcntl"), B.need("posix.unistd")
  return fdcopy(fcntl.open, unistd.read, unistd.write, unistd.close,
                fcntl.O_RDONLY, fcntl.O_WRONLY + fcntl.O_CREAT)
end

function impls.io()
  return function()
    local total = 0
    local fin = assert(io.open(src, "rb"))
    local fout = assert(io.open(dst, "r+b"))
    fout:setvbuf("no")
    while true do
      local s = fin:read(chunk)
      if s == nil then break end
      assert(fout:write(s))
      total = total + #s
    end
    fin:close()
    fout:close()
    return total
  end
end

-- The same io loop in a state that has loaded pyos, as a pyos user's has:
-- each collection the 1 MiB strings start then traverses pyos's ~250 KB
-- of functions and tables too (on 5.4 that is the whole gap between the
-- two rows above; bench/README.md).
function impls.io_pyos()
  B.pyos("open")
  return impls.io()
end

local f = assert(impls[impl], "unknown impl " .. tostring(impl))()
local t0 = B.ns()
local total = f()
local t = B.ns() - t0
B.report(t / (total / 1048576), string.format("%d", total))
