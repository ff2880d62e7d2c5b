-- ops.lua OP COUNT DIR: run one operation COUNT times, for perf-check
-- (scripts/perfcheck.sh), which counts the instructions of two runs, COUNT
-- and 2*COUNT, under cachegrind: start-up and set-up cancel in the
-- difference. `ops.lua setup - DIR` makes the fixtures first (outside
-- valgrind), so both counted runs find the same files. Each operation
-- prints its unit count per repetition (entries listed, ...) on the last
-- line, "units N", for the per-unit figure. Everything runs in DIR with
-- relative paths: the counts must not depend on where DIR is (a longer
-- path costs more to copy, and a DirEntry over 120 bytes leaves malloc's
-- fast bins).
local op, count, dir = arg[1], tonumber(arg[2]), arg[3]
local pyos = require "pyos"
assert(dir, "ops.lua: DIR")
assert(pyos.chdir(dir))
dir = "."

local NFILES = 1000                 -- entries of the listing directory
local WALK_DIRS, WALK_FILES = 20, 49  -- walk tree: 20 dirs of 49 files

local function writefile(path)
  local f = assert(io.open(path, "w"))
  f:write("x")
  f:close()
end

-- The fixtures: DIR/file, DIR/list/ (NFILES files, a tenth of them
-- directories), DIR/tree/ (WALK_DIRS dirs of WALK_FILES files). Paths are
-- "./list/entry00001" and the like.
local function setup()
  writefile(dir .. "/file")
  assert(pyos.mkdir(dir .. "/list"))
  for i = 1, NFILES do
    local p = string.format("%s/list/entry%05d", dir, i)
    if i % 10 == 0 then assert(pyos.mkdir(p)) else writefile(p) end
  end
  assert(pyos.mkdir(dir .. "/tree"))
  for d = 1, WALK_DIRS do
    local sub = string.format("%s/tree/d%03d", dir, d)
    assert(pyos.mkdir(sub))
    for i = 1, WALK_FILES do writefile(string.format("%s/f%03d", sub, i)) end
  end
end

local ops = {}

function ops.stat(n)
  local stat, p = pyos.stat, dir .. "/file"
  for _ = 1, n do stat(p) end
  return 1
end

function ops.fstat(n)
  local fstat = pyos.fstat
  local fd = assert(pyos.open(dir .. "/file", pyos.O_RDONLY))
  for _ = 1, n do fstat(fd) end
  pyos.close(fd)
  return 1
end

-- The failure path as callers write it: test the errno.
function ops.lstat_missing(n)
  local lstat, p, ENOENT = pyos.lstat, dir .. "/missing", pyos.errno.ENOENT
  for _ = 1, n do
    local st, _, code = lstat(p)
    if st or code ~= ENOENT then error("lstat of a missing file") end
  end
  return 1
end

function ops.pipe(n)
  local read, write = pyos.read, pyos.write
  local r, w = assert(pyos.pipe())
  for _ = 1, n do
    write(w, "x")
    read(r, 1)
  end
  pyos.close(r)
  pyos.close(w)
  return 1
end

function ops.listdir(n)
  local listdir, p = pyos.listdir, dir .. "/list"
  for _ = 1, n do assert(#listdir(p) == NFILES) end
  return NFILES
end

function ops.scandir(n)
  local scandir, p = pyos.scandir, dir .. "/list"
  for _ = 1, n do
    local ndirs = 0
    for e in scandir(p) do
      if e:is_dir() then ndirs = ndirs + 1 end
    end
    assert(ndirs == NFILES / 10)
  end
  return NFILES
end

function ops.walk(n)
  local walk, p = pyos.walk, dir .. "/tree"
  local total = WALK_DIRS * (WALK_FILES + 1)
  for _ = 1, n do
    local c = 0
    for _, dirs, files in walk(p) do c = c + #dirs + #files end
    assert(c == total)
  end
  return total
end

-- Four inputs in turn, and the results used: LuaJIT would otherwise
-- hoist or drop a call on constant arguments.
local JOIN = {{"/usr/lib", "python3", "os.py"}, {"a", "b", "c"},
              {"/x/", "y/", "/z"}, {"", "name", "ext"}}

function ops.path_join(n)
  local join, len = pyos.path.join, 0
  for i = 1, n do
    local a = JOIN[i % 4 + 1]
    len = len + #join(a[1], a[2], a[3])
  end
  assert(len > 0)
  return 1
end

local NORM = {"/usr//lib/./python3/../lua/x.lua", "a/b/c", "./x/../../y",
              "/clean/path/to/file"}

function ops.path_normpath(n)
  local normpath, len = pyos.path.normpath, 0
  for i = 1, n do len = len + #normpath(NORM[i % 4 + 1]) end
  assert(len > 0)
  return 1
end

-- The parent's side only: cachegrind does not follow the child.
function ops.posix_spawn(n)
  local spawn, waitpid, argv = pyos.posix_spawn, pyos.waitpid, {"/bin/true"}
  for _ = 1, n do
    local pid = assert(spawn("/bin/true", argv))
    local _, status = assert(waitpid(pid, 0))
    assert(status == 0)
  end
  return 1
end

if op == "setup" then
  setup()
else
  local f = assert(ops[op], "ops.lua: unknown operation " .. tostring(op))
  print("units " .. f(assert(count, "ops.lua: COUNT")))
end
