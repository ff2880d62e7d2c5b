-- Seeded differential test: random sequences of file system and fd
-- operations, each run once through pyos (in this process) and once
-- through python3's os module (ONE python3 process runs every sequence),
-- compared operation by operation: the value returned, or the error
-- (Python's exception class, the errno name, and str(e) with the sequence
-- directory replaced by "@"); then the tree each sequence left behind.
--
-- Reproduce a failure with the seed it reports:
--   PYOS_DIFF_SEED=<seed> SPECS=spec/diff_ops_spec.lua sh scripts/test.sh lua5.4
-- PYOS_DIFF_CASES sets the number of sequences (default 300). Sequence i
-- depends only on the seed and i, so a smaller or larger count replays the
-- same first sequences. PYOS_DIFF_VERBOSE=1 prints the op/error mix to
-- stderr; PYOS_DIFF_DUMP=<file> writes every op with pyos's result.
--
-- Every sequence has its own fresh directory: A/<i> for pyos, B/<i> for
-- python3, both under one support.tmpdir(). Paths in the op language are
-- relative to it; both sides call with dir .. "/" .. rel (nothing does a
-- chdir). Open fds live in numbered slots; an fd op on a slot whose open
-- failed, or that was closed, uses BADFD on both sides (EBADF).
local pyos = require "pyos"
local support = require "support"

local format, concat, byte = string.format, table.concat, string.byte
local floor = math.floor

local function envnum(name, default)
  local v = tonumber(os.getenv(name) or "")
  if not v then return default end
  return floor(v)
end

local SEED = envnum("PYOS_DIFF_SEED", 20240917)
local CASES = envnum("PYOS_DIFF_CASES", 300)
local BATCH = 50
local BADFD = 1000000            -- far above any fd this process has open

-- Integer formatting that is the same on every runtime (5.1's tostring
-- gives 1e+15 for large doubles).
local num
if math.type then
  num = function(x) return format("%d", x) end
else
  num = function(x) return format("%.0f", x) end
end

-- A Park-Miller generator: the state stays below 2^31, the product below
-- 2^46, exact in doubles and in integers alike.
local state = 1
local function reseed(s) state = s % 2147483646 + 1 end
local function rnd(n)
  state = (state * 16807) % 2147483647
  return state % n + 1
end
local function pick(t) return t[rnd(#t)] end

---------------------------------------------------------------------------
-- The op language. An op is a list of strings, written to the python3
-- program as one tab-separated line.

local NAMES = {"a", "a", "a", "b", "b", "b", "c", "c", "d", "d", "d", "d/e",
               "d/e", "d/a", "d/e/f", "a/b", "l", "l", "d/l", "a/", "d/", "."}
local FILES = {"a", "a", "b", "b", "c", "c", "d/a", "d/e/f", "l", "d", "a/"}
-- makedirs also gets deeper and odder paths (its parent logic is Lua).
local DIRPATHS = {"d/e/.", "x/y/z", "x/y/", "l/x", "d/l/x", "x//y", "x/./y",
                  "x/../y", "d/e/f/g", "a/b/c"}
local TARGETS = {"a", "b", "d", "d/e", "e", "l", "nowhere", "f", "a/"}
local MODES = {"755", "700", "644", "600", "444", "000", "777", "555",
               "1777", "2755", "4755"}
local UMASKS = {"022", "077", "002", "000", "027"}
local OPENFLAGS = {"W", "W", "W", "RC", "X", "X", "R", "R", "A", "RW"}
local WHENCES = {"S", "C", "E"}
local ACCESSMODES = {"F", "R", "W", "X", "RW"}
local LETTERS = "abcdefxyz"

local function text()
  local t = {}
  for i = 1, rnd(7) - 1 do
    local k = rnd(#LETTERS)
    t[i] = LETTERS:sub(k, k)
  end
  return concat(t)
end

-- Generators by op name; `s` is the sequence's slot counter.
local GEN = {}
local function slotof(s)
  if s.n == 0 then return "0" end
  local back = rnd(s.n < 3 and s.n or 3) - 1   -- mostly the newest fds
  return num(s.n - back)
end
-- A path, or now and then "#<slot>": the slot's fd, for the functions
-- that take an fd as the path.
local function pathorfd(s)
  if s.n > 0 and rnd(6) == 1 then return "#" .. slotof(s) end
  return pick(NAMES)
end
GEN.mkdir = function() return {"mkdir", pick(NAMES), pick(MODES)} end
GEN.rmdir = function() return {"rmdir", pick(NAMES)} end
GEN.makedirs = function()
  local p = rnd(3) == 1 and pick(DIRPATHS) or pick(NAMES)
  return {"makedirs", p, pick(MODES), pick({"0", "1"}), pick({"p", "t"})}
end
GEN.open = function(s, creating)
  s.n = s.n + 1
  return {"open", num(s.n), pick(FILES), creating and "W" or pick(OPENFLAGS), pick(MODES)}
end
GEN.write = function(s) return {"write", slotof(s), text()} end
GEN.read = function(s) return {"read", slotof(s), num(rnd(9) - 1)} end
GEN.lseek = function(s) return {"lseek", slotof(s), num(rnd(14) - 4), pick(WHENCES)} end
GEN.ftruncate = function(s) return {"ftruncate", slotof(s), num(rnd(13) - 1)} end
GEN.fstat = function(s) return {"fstat", slotof(s)} end
GEN.close = function(s) return {"close", slotof(s)} end
GEN.rename = function() return {"rename", pick(NAMES), pick(NAMES)} end
GEN.replace = function() return {"replace", pick(NAMES), pick(NAMES)} end
GEN.unlink = function() return {"unlink", pick(NAMES)} end
GEN.remove = function() return {"remove", pick(NAMES)} end
GEN.symlink = function() return {"symlink", pick(TARGETS), pick(NAMES)} end
GEN.link = function() return {"link", pick(FILES), pick(NAMES)} end
GEN.readlink = function() return {"readlink", pick(FILES)} end
GEN.chmod = function(s) return {"chmod", pathorfd(s), pick(MODES)} end
GEN.truncate = function(s)
  return {"truncate", rnd(6) == 1 and pathorfd(s) or pick(FILES), num(rnd(13) - 1)}
end
GEN.stat = function(s) return {"stat", pathorfd(s)} end
GEN.lstat = function() return {"lstat", pick(NAMES)} end
GEN.access = function() return {"access", pick(NAMES), pick(ACCESSMODES)} end
GEN.listdir = function(s) return {"listdir", pathorfd(s)} end
GEN.scandir = function(s) return {"scandir", pathorfd(s)} end
GEN.utime = function(s)
  -- below 2^53 ns, so exact in 5.1's and LuaJIT's doubles too
  return {"utime", pathorfd(s), num(rnd(1000000) * 1000000000 + rnd(1000000000) - 1),
          num(rnd(1000000) * 1000000000 + rnd(1000000000) - 1)}
end

-- How often each op is drawn (creation ops more often, so that the
-- others find something).
local KINDS = {
  "mkdir", "mkdir", "rmdir", "makedirs", "open", "open", "open", "open",
  "open", "write", "write", "write", "write", "read", "read", "lseek",
  "ftruncate", "fstat", "close", "close", "rename", "replace", "unlink",
  "remove", "symlink", "symlink", "link", "link", "readlink", "chmod",
  "truncate", "stat", "lstat", "access", "listdir", "scandir", "utime",
}
-- The first ops of a sequence create things.
local CREATE = {"mkdir", "makedirs", "open", "open", "open", "symlink"}
local OPNAMES = {}
for name in pairs(GEN) do OPNAMES[#OPNAMES + 1] = name end
table.sort(OPNAMES)

-- Sequence i: {umask = "022", ops = {op, ...}}, from the seed and i only.
local function generate(i)
  reseed(SEED * 7919 + i * 104729)
  local s = {n = 0}
  local seq = {umask = pick(UMASKS), ops = {}}
  for j = 1, 14 + rnd(22) do
    seq.ops[j] = GEN[pick(j <= 4 and CREATE or KINDS)](s, j <= 4)
  end
  return seq
end

local SEQS = {}
for i = 1, CASES do SEQS[i] = generate(i) end

---------------------------------------------------------------------------
-- pyos's side.

local function hex(s)
  return (s:gsub(".", function(c) return format("%02x", byte(c)) end))
end

-- s with every occurrence of dir replaced by "@" (plain, no patterns).
local function relmsg(s, dir)
  local out, i = {}, 1
  while true do
    local a, b = s:find(dir, i, true)
    if not a then break end
    out[#out + 1] = s:sub(i, a - 1) .. "@"
    i = b + 1
  end
  out[#out + 1] = s:sub(i)
  return concat(out)
end

local function failure(dir, msg, code, err)
  if getmetatable(err) ~= pyos.OSError then
    return "X " .. tostring(msg)           -- never expected: a Lua error
  end
  if type(msg) ~= "string" or msg ~= tostring(err) then
    return "X second value " .. tostring(msg) .. " is not tostring(err)"
  end
  if code ~= err.errno then
    return "X third value " .. tostring(code) .. " is not errno " .. tostring(err.errno)
  end
  return "E " .. err.name .. " " .. (pyos.errno.errorcode[err.errno] or num(err.errno))
    .. " " .. relmsg(msg, dir)
end

local function OK() return "= ok" end
local function NUM(v) return "= " .. num(v) end
local function STAT(st)
  local size = pyos.S_ISDIR(st.st_mode) and "-" or num(st.st_size)
  return format("= %o %s %s", st.st_mode, size, num(st.st_nlink))
end

-- fmt(v) when the call succeeded (v ~= nil), else the error.
local function result(dir, fmt, v, msg, code, err)
  if v == nil then return failure(dir, msg, code, err) end
  return fmt(v)
end

local FLAGS = {
  W = pyos.O_WRONLY + pyos.O_CREAT + pyos.O_TRUNC,
  X = pyos.O_RDWR + pyos.O_CREAT + pyos.O_EXCL,
  R = pyos.O_RDONLY,
  A = pyos.O_WRONLY + pyos.O_APPEND,
  RW = pyos.O_RDWR,
  RC = pyos.O_RDWR + pyos.O_CREAT,
}
local WHENCE = {S = pyos.SEEK_SET, C = pyos.SEEK_CUR, E = pyos.SEEK_END}
local ACCESS = {F = pyos.F_OK, R = pyos.R_OK, W = pyos.W_OK, X = pyos.X_OK,
                RW = pyos.R_OK + pyos.W_OK}

local function oct(s) return tonumber(s, 8) end
local function int(s) return tonumber(s) end

local function flagstr(e)
  return (e:is_dir() and "d" or "-") .. (e:is_file() and "f" or "-")
    .. (e:is_symlink() and "l" or "-")
end

-- name -> function(dir, op, slots) -> result string
local LUA = {}
local function fd(slots, k) return slots[k] or BADFD end
local function P(dir, rel, slots)
  if rel:sub(1, 1) == "#" then return fd(slots, rel:sub(2)) end
  return dir .. "/" .. rel
end
LUA.mkdir = function(d, o) return result(d, OK, pyos.mkdir(P(d, o[2]), oct(o[3]))) end
LUA.rmdir = function(d, o) return result(d, OK, pyos.rmdir(P(d, o[2]))) end
LUA.makedirs = function(d, o)
  local exist_ok = o[4] == "1"
  if o[5] == "t" then
    return result(d, OK, pyos.makedirs(P(d, o[2]), {mode = oct(o[3]), exist_ok = exist_ok}))
  end
  return result(d, OK, pyos.makedirs(P(d, o[2]), oct(o[3]), exist_ok))
end
LUA.open = function(d, o, slots)
  local fd, msg, code, err = pyos.open(P(d, o[3]), FLAGS[o[4]], oct(o[5]))
  if fd == nil then return failure(d, msg, code, err) end
  slots[o[2]] = fd
  return "= fd"
end
LUA.write = function(d, o, s) return result(d, NUM, pyos.write(fd(s, o[2]), o[3])) end
LUA.read = function(d, o, s)
  return result(d, function(v) return "= " .. hex(v) end, pyos.read(fd(s, o[2]), int(o[3])))
end
LUA.lseek = function(d, o, s)
  return result(d, NUM, pyos.lseek(fd(s, o[2]), int(o[3]), WHENCE[o[4]]))
end
LUA.ftruncate = function(d, o, s) return result(d, OK, pyos.ftruncate(fd(s, o[2]), int(o[3]))) end
LUA.fstat = function(d, o, s) return result(d, STAT, pyos.fstat(fd(s, o[2]))) end
LUA.close = function(d, o, s)
  local n = fd(s, o[2])
  s[o[2]] = nil
  return result(d, OK, pyos.close(n))
end
LUA.rename = function(d, o) return result(d, OK, pyos.rename(P(d, o[2]), P(d, o[3]))) end
LUA.replace = function(d, o) return result(d, OK, pyos.replace(P(d, o[2]), P(d, o[3]))) end
LUA.unlink = function(d, o) return result(d, OK, pyos.unlink(P(d, o[2]))) end
LUA.remove = function(d, o) return result(d, OK, pyos.remove(P(d, o[2]))) end
LUA.symlink = function(d, o) return result(d, OK, pyos.symlink(o[2], P(d, o[3]))) end
LUA.link = function(d, o) return result(d, OK, pyos.link(P(d, o[2]), P(d, o[3]))) end
LUA.readlink = function(d, o)
  return result(d, function(v) return "= " .. v end, pyos.readlink(P(d, o[2])))
end
LUA.chmod = function(d, o, s) return result(d, OK, pyos.chmod(P(d, o[2], s), oct(o[3]))) end
LUA.truncate = function(d, o, s) return result(d, OK, pyos.truncate(P(d, o[2], s), int(o[3]))) end
LUA.stat = function(d, o, s) return result(d, STAT, pyos.stat(P(d, o[2], s))) end
LUA.lstat = function(d, o) return result(d, STAT, pyos.lstat(P(d, o[2]))) end
LUA.access = function(d, o)
  local v = pyos.access(P(d, o[2]), ACCESS[o[3]])
  if type(v) ~= "boolean" then return "X access gave " .. tostring(v) end
  return v and "= T" or "= F"
end
LUA.listdir = function(d, o, s)
  return result(d, function(names)
    table.sort(names)
    return "= " .. concat(names, ",")
  end, pyos.listdir(P(d, o[2], s)))
end
LUA.scandir = function(d, o, s)
  local it, msg, code, err = pyos.scandir(P(d, o[2], s))
  if not it then return failure(d, msg, code, err) end
  local entries = {}
  for e in it do entries[#entries + 1] = e end       -- the end closes it
  table.sort(entries, function(x, y) return x.name < y.name end)
  local items = {}
  for k, e in ipairs(entries) do
    local ok, flags = pcall(flagstr, e)             -- raises like Python
    if not ok then
      local err = pyos.OSError.of(flags)               -- raised mid-loop
      if not err then return failure(d, flags) end
      return failure(d, tostring(err), err.errno, err)
    end
    items[k] = e.name .. ":" .. flags
  end
  return "= " .. concat(items, ",")
end
LUA.utime = function(d, o, s)
  local p = P(d, o[2], s)
  local ok, msg, code, err = pyos.utime(p, nil, {ns = {int(o[3]), int(o[4])}})
  if not ok then return failure(d, msg, code, err) end
  return result(d, function(st)
    return "= ok " .. num(st.st_atime_ns) .. " " .. num(st.st_mtime_ns)
  end, pyos.stat(p))
end

-- An error about an fd given as the path ends with the fd's number, which
-- differs between the two processes: both sides show the slot instead.
local function runop(dir, op, slots)
  local slot = op[1] ~= "open" and op[1] ~= "close" and op[2]:match("^#(%d+)$")
  local fdnum = slot and fd(slots, slot)
  local ok, r = pcall(LUA[op[1]], dir, op, slots)
  if not ok then return "X raised: " .. tostring(r) end
  if fdnum and r:sub(1, 2) == "E " and r:sub(-#num(fdnum) - 2) == ": " .. num(fdnum) then
    r = r:sub(1, -#num(fdnum) - 1) .. "#" .. slot
  end
  return r
end

-- The tree under dir as one line, read through pyos: depth first, names
-- sorted; "rel kind S_IMODE ..." per entry.
local function errname(code)
  return "!" .. (pyos.errno.errorcode[code] or tostring(code))
end

local function contents(path)
  local fd, _, code = pyos.open(path, pyos.O_RDONLY)
  if not fd then return errname(code) end
  local parts = {}
  while true do
    local s, _, rcode = pyos.read(fd, 65536)
    if not s then parts = {errname(rcode)} break end
    if s == "" then break end
    parts[#parts + 1] = hex(s)
  end
  pyos.close(fd)
  return concat(parts)
end

local function snapshot(top)
  local out = {}
  local function entry(rel, full)
    local st, _, code = pyos.lstat(full)
    if not st then out[#out + 1] = rel .. " " .. errname(code) return end
    local mode = st.st_mode
    local imode = format("%o", pyos.S_IMODE(mode))
    if pyos.S_ISLNK(mode) then
      local target, _, lcode = pyos.readlink(full)
      out[#out + 1] = rel .. " l " .. imode .. " -> " .. (target or errname(lcode))
    elseif pyos.S_ISDIR(mode) then
      local names, _, dcode = pyos.listdir(full)
      if not names then
        out[#out + 1] = rel .. " d " .. imode .. " " .. errname(dcode)
        return
      end
      out[#out + 1] = rel .. " d " .. imode
      table.sort(names)
      for _, n in ipairs(names) do
        entry(rel == "." and n or rel .. "/" .. n, full .. "/" .. n)
      end
    elseif pyos.S_ISREG(mode) then
      local c = contents(full)
      out[#out + 1] = rel .. " f " .. imode .. " " .. num(st.st_size) .. " " .. (c == "" and "-" or c)
    else
      out[#out + 1] = rel .. " o " .. format("%o", mode)
    end
  end
  entry(".", top)
  return concat(out, " | ")
end

---------------------------------------------------------------------------
-- python3's side: every sequence, in one process. Input: one line per op,
-- "S\t<i>\t<umask>" before each sequence. Output: one line per op, then
-- "T <tree of B/i>" and "U <tree of A/i>" (A as pyos left it).

local PY = [==[
import os, sys, errno, stat
root, opsfile, outfile, numbers = sys.argv[1:5]
# Lua 5.1, 5.2 and LuaJIT see every number as a double: an offset above
# 2^53 (lseek SEEK_END on an ext4 directory gives 2^63 - 4) arrives
# rounded, as pyos's documentation says. Round it the same way here.
if numbers == "integers":
    num = lambda v: "%d" % v
else:
    num = lambda v: "%.0f" % float(v)
BADFD = 1000000
FLAGS = {
    "W": os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
    "X": os.O_RDWR | os.O_CREAT | os.O_EXCL,
    "R": os.O_RDONLY,
    "A": os.O_WRONLY | os.O_APPEND,
    "RW": os.O_RDWR,
    "RC": os.O_RDWR | os.O_CREAT,
}
WHENCE = {"S": os.SEEK_SET, "C": os.SEEK_CUR, "E": os.SEEK_END}
ACCESS = {"F": os.F_OK, "R": os.R_OK, "W": os.W_OK, "X": os.X_OK,
          "RW": os.R_OK | os.W_OK}

def st(s):
    size = "-" if stat.S_ISDIR(s.st_mode) else s.st_size
    return "= %o %s %d" % (s.st_mode, size, s.st_nlink)

def flagstr(e):
    return (("d" if e.is_dir() else "-") + ("f" if e.is_file() else "-")
            + ("l" if e.is_symlink() else "-"))

def op_open(d, o, slots):
    slots[o[1]] = os.open(d + "/" + o[2], FLAGS[o[3]], int(o[4], 8))
    return "= fd"

def op_close(d, o, slots):
    os.close(slots.pop(o[1], BADFD))
    return "= ok"

def op_utime(d, o, slots):
    p = P(d, o[1], slots)
    try:
        os.utime(p, ns=(int(o[2]), int(o[3])))
    except OSError as e:      # 3.13+ names the file (or fd); this is 3.11
        if e.filename is None:
            e.filename = p
        raise
    s = os.stat(p)
    return "= ok %d %d" % (s.st_atime_ns, s.st_mtime_ns)

def op_makedirs(d, o, slots):
    os.makedirs(d + "/" + o[1], int(o[2], 8), o[3] == "1")
    return "= ok"

def fd(slots, k):
    return slots.get(k, BADFD)

def P(d, rel, slots=None):
    if rel.startswith("#"):
        return fd(slots, rel[1:])
    return d + "/" + rel

OPS = {
    "mkdir": lambda d, o, s: os.mkdir(P(d, o[1]), int(o[2], 8)) or "= ok",
    "rmdir": lambda d, o, s: os.rmdir(P(d, o[1])) or "= ok",
    "makedirs": op_makedirs,
    "open": op_open,
    "write": lambda d, o, s: "= %d" % os.write(fd(s, o[1]), o[2].encode()),
    "read": lambda d, o, s: "= " + os.read(fd(s, o[1]), int(o[2])).hex(),
    "lseek": lambda d, o, s: "= " + num(os.lseek(fd(s, o[1]), int(o[2]), WHENCE[o[3]])),
    "ftruncate": lambda d, o, s: os.ftruncate(fd(s, o[1]), int(o[2])) or "= ok",
    "fstat": lambda d, o, s: st(os.fstat(fd(s, o[1]))),
    "close": op_close,
    "rename": lambda d, o, s: os.rename(P(d, o[1]), P(d, o[2])) or "= ok",
    "replace": lambda d, o, s: os.replace(P(d, o[1]), P(d, o[2])) or "= ok",
    "unlink": lambda d, o, s: os.unlink(P(d, o[1])) or "= ok",
    "remove": lambda d, o, s: os.remove(P(d, o[1])) or "= ok",
    "symlink": lambda d, o, s: os.symlink(o[1], P(d, o[2])) or "= ok",
    "link": lambda d, o, s: os.link(P(d, o[1]), P(d, o[2])) or "= ok",
    "readlink": lambda d, o, s: "= " + os.readlink(P(d, o[1])),
    "chmod": lambda d, o, s: os.chmod(P(d, o[1], s), int(o[2], 8)) or "= ok",
    "truncate": lambda d, o, s: os.truncate(P(d, o[1], s), int(o[2])) or "= ok",
    "stat": lambda d, o, s: st(os.stat(P(d, o[1], s))),
    "lstat": lambda d, o, s: st(os.lstat(P(d, o[1]))),
    "access": lambda d, o, s: "= T" if os.access(P(d, o[1]), ACCESS[o[2]]) else "= F",
    "listdir": lambda d, o, s: "= " + ",".join(sorted(os.listdir(P(d, o[1], s)))),
    "scandir": lambda d, o, s: "= " + ",".join(
        e.name + ":" + flagstr(e)
        for e in sorted(os.scandir(P(d, o[1], s)), key=lambda e: e.name)),
    "utime": op_utime,
}

def failure(d, e):
    if isinstance(e, OSError) and e.errno is not None:
        return "E %s %s %s" % (type(e).__name__,
                               errno.errorcode.get(e.errno, str(e.errno)),
                               str(e).replace(d, "@"))
    return "X %s: %s" % (type(e).__name__, e)

def errname(e):
    return "!" + errno.errorcode.get(e.errno, str(e.errno))

def contents(path):
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as e:
        return errname(e)
    parts = []
    try:
        while True:
            b = os.read(fd, 65536)
            if not b:
                break
            parts.append(b.hex())
    except OSError as e:
        parts = [errname(e)]
    os.close(fd)
    return "".join(parts)

def snapshot(top):
    out = []
    def entry(rel, full):
        try:
            s = os.lstat(full)
        except OSError as e:
            out.append(rel + " " + errname(e))
            return
        m = s.st_mode
        imode = "%o" % stat.S_IMODE(m)
        if stat.S_ISLNK(m):
            try:
                target = os.readlink(full)
            except OSError as e:
                target = errname(e)
            out.append("%s l %s -> %s" % (rel, imode, target))
        elif stat.S_ISDIR(m):
            try:
                names = sorted(os.listdir(full))
            except OSError as e:
                out.append("%s d %s %s" % (rel, imode, errname(e)))
                return
            out.append("%s d %s" % (rel, imode))
            for n in names:
                entry(n if rel == "." else rel + "/" + n, full + "/" + n)
        elif stat.S_ISREG(m):
            out.append("%s f %s %d %s" % (rel, imode, s.st_size, contents(full) or "-"))
        else:
            out.append("%s o %o" % (rel, m))
    entry(".", top)
    return " | ".join(out)

out = []
def finish(i, slots):
    if i is None:
        return
    for k in list(slots):
        os.close(slots.pop(k))
    out.append("T " + snapshot(root + "/B/" + i))
    out.append("U " + snapshot(root + "/A/" + i))

with open(opsfile) as f:
    seq, slots, d = None, {}, None
    for line in f:
        o = line.rstrip("\n").split("\t")
        if o[0] == "S":
            finish(seq, slots)
            seq, slots, d = o[1], {}, root + "/B/" + o[1]
            os.umask(int(o[2], 8))
            continue
        slot = o[1][1:] if o[0] not in ("open", "close") and o[1].startswith("#") else None
        fdnum = fd(slots, slot) if slot else None
        try:
            r = OPS[o[0]](d, o, slots)
        except Exception as e:
            r = failure(d, e)
        if fdnum is not None and r.startswith("E ") and r.endswith(": %d" % fdnum):
            r = r[:-len(str(fdnum))] + "#" + slot
        out.append(r)
    finish(seq, slots)

with open(outfile, "w") as f:
    f.write("\n".join(out) + "\n")
]==]

---------------------------------------------------------------------------
-- Running both, once.

local data        -- {lua = {[i] = {results..., snap = s}}, py = {[i] = {...}}}
local failed      -- the error of the one run, if it failed

local function closeall(slots)
  for k, fdn in pairs(slots) do
    slots[k] = nil
    pyos.close(fdn)
  end
end

local function runall()
  local root = support.tmpdir()
  local _, ok = support.sh("cd " .. support.quote(root) .. " && mkdir A B && cd A && mkdir $(seq 1 "
                           .. num(CASES) .. ") && cd ../B && mkdir $(seq 1 " .. num(CASES) .. ")")
  assert(ok, "could not make the sequence directories")

  -- pyos's side, under each sequence's umask; every fd closed at the end
  local lua, slots = {}, {}
  local saved = pyos.umask(oct("022"))
  local ok2, err = pcall(function()
    for i, seq in ipairs(SEQS) do
      local dir = root .. "/A/" .. num(i)
      pyos.umask(oct(seq.umask))
      local res = {}
      for j, op in ipairs(seq.ops) do res[j] = runop(dir, op, slots) end
      closeall(slots)
      res.snap = snapshot(dir)
      lua[i] = res
    end
  end)
  closeall(slots)
  pyos.umask(saved)
  if not ok2 then error(err, 0) end

  local lines = {}
  for i, seq in ipairs(SEQS) do
    lines[#lines + 1] = "S\t" .. num(i) .. "\t" .. seq.umask
    for _, op in ipairs(seq.ops) do lines[#lines + 1] = concat(op, "\t") end
  end
  support.writefile(root .. "/ops", concat(lines, "\n") .. "\n")
  support.python(PY, root, root .. "/ops", root .. "/out",
                 support.hasintegers and "integers" or "doubles")
  local outs = {}
  for line in (support.readfile(root .. "/out")):gmatch("([^\n]*)\n") do
    outs[#outs + 1] = line
  end
  local py, k = {}, 0
  for i, seq in ipairs(SEQS) do
    local res = {}
    for j = 1, #seq.ops do k = k + 1; res[j] = outs[k] end
    k = k + 1; res.snapB = outs[k]
    k = k + 1; res.snapA = outs[k]
    py[i] = res
  end
  assert(k == #outs, "python3 gave " .. #outs .. " lines, expected " .. k)
  return {lua = lua, py = py}
end

-- Both sides run once, in the first test that asks.
local function run()
  if failed then error(failed, 0) end
  if not data then
    local ok, res = pcall(runall)
    if not ok then
      failed = "the run failed: " .. tostring(res)
      error(failed, 0)
    end
    data = res
  end
  return data
end

---------------------------------------------------------------------------
-- Comparing.

local function showop(op) return concat(op, " ") end

-- The mismatches of sequences first..last (the first one of each
-- sequence: the rest follows from it).
local function compare(d, first, last)
  local bad = {}
  for i = first, last do
    local seq, l, p = SEQS[i], d.lua[i], d.py[i]
    local head = format("seed %s, sequence %d (umask %s)", num(SEED), i, seq.umask)
    local msg
    for j, op in ipairs(seq.ops) do
      if l[j] ~= p[j] then
        local prior = {}
        for m = 1, j - 1 do
          prior[m] = "    " .. num(m) .. ": " .. showop(seq.ops[m]) .. "  -> " .. l[m]
        end
        msg = format("%s, op %d: %s\n  pyos:    %s\n  python3: %s\n  the ops before it:\n%s",
                     head, j, showop(op), l[j], tostring(p[j]),
                     j == 1 and "    (none)" or concat(prior, "\n"))
        break
      end
    end
    if not msg and l.snap ~= p.snapB:sub(3) then
      msg = format("%s, the tree at the end\n  pyos's view of A:    %s\n  python3's view of B: %s",
                   head, l.snap, p.snapB:sub(3))
    end
    if not msg and p.snapA ~= "U " .. p.snapB:sub(3) then
      msg = format("%s, the tree at the end\n  python3's view of A: %s\n  python3's view of B: %s",
                   head, p.snapA:sub(3), p.snapB:sub(3))
    end
    if msg then bad[#bad + 1] = msg end
  end
  return bad
end

local function report(bad)
  if #bad == 0 then return end
  local shown = {}
  for i = 1, math.min(#bad, 5) do shown[i] = bad[i] end
  error(format("%d sequence(s) differ between pyos and python3 (rerun with PYOS_DIFF_SEED=%s):\n%s",
               #bad, num(SEED), concat(shown, "\n\n")), 0)
end

-- What the ops did: successes, errors by name and errno, per op.
local function tally(d)
  local t = {ops = 0, ok = 0, err = 0, names = {}, errnos = {}, okby = {}, errby = {}, x = 0}
  for i, seq in ipairs(SEQS) do
    for j, op in ipairs(seq.ops) do
      local r = d.lua[i][j]
      t.ops = t.ops + 1
      local name, eno = r:match("^E (%S+) (%S+)")
      if name then
        t.err = t.err + 1
        t.names[name] = (t.names[name] or 0) + 1
        t.errnos[eno] = (t.errnos[eno] or 0) + 1
        t.errby[op[1]] = (t.errby[op[1]] or 0) + 1
      elseif r:sub(1, 1) == "=" then
        t.ok = t.ok + 1
        t.okby[op[1]] = (t.okby[op[1]] or 0) + 1
      else
        t.x = t.x + 1
      end
    end
  end
  return t
end

local function counts(m)
  local keys, parts = {}, {}
  for k in pairs(m) do keys[#keys + 1] = k end
  table.sort(keys)
  for i, k in ipairs(keys) do parts[i] = k .. "=" .. m[k] end
  return concat(parts, " ")
end

describe("file system ops: pyos against python3's os (seed " .. num(SEED) .. ")", function()
  for first = 1, CASES, BATCH do
    local last = math.min(first + BATCH - 1, CASES)
    it(format("sequences %d..%d give the same results and trees", first, last), function()
      finally(support.cleanup)
      report(compare(run(), first, last))
    end)
  end

  it("the ops made a real mix of successes and errors", function()
    finally(support.cleanup)
    local t = tally(run())
    local dump = os.getenv("PYOS_DIFF_DUMP")
    if dump and dump ~= "" then                 -- every op and result, for reading
      local d, f = run(), assert(io.open(dump, "w"))
      for i, seq in ipairs(SEQS) do
        f:write(format("sequence %d (umask %s)\n", i, seq.umask))
        for j, op in ipairs(seq.ops) do
          f:write(format("  %d: %s  -> %s\n", j, showop(op), d.lua[i][j]))
        end
        f:write("  tree: ", d.lua[i].snap, "\n")
      end
      f:close()
    end
    if os.getenv("PYOS_DIFF_VERBOSE") then
      io.stderr:write(format("\n%d sequences, %d ops: %d ok, %d errors\n  by name: %s\n"
        .. "  by errno: %s\n  ok by op: %s\n  errors by op: %s\n",
        CASES, t.ops, t.ok, t.err, counts(t.names), counts(t.errnos),
        counts(t.okby), counts(t.errby)))
    end
    assert.equal(0, t.x, "some calls raised or gave malformed results")
    assert.is_true(t.ops >= 14 * CASES)
    if CASES < 100 then return end            -- too few to ask for a mix
    assert.is_true(t.ok >= t.ops / 3, "too few successes: " .. t.ok .. " of " .. t.ops)
    assert.is_true(t.err >= t.ops / 6, "too few errors: " .. t.err .. " of " .. t.ops)
    for _, name in ipairs({"FileExistsError", "FileNotFoundError", "IsADirectoryError",
                           "NotADirectoryError", "OSError"}) do
      assert.is_true((t.names[name] or 0) >= CASES / 30, name .. ": " .. counts(t.names))
    end
    for _, eno in ipairs({"EEXIST", "ENOENT", "EISDIR", "ENOTDIR", "ENOTEMPTY",
                          "EBADF", "EINVAL", "ELOOP", "EPERM"}) do
      assert.is_true((t.errnos[eno] or 0) >= CASES / 60, eno .. ": " .. counts(t.errnos))
    end
    for _, op in ipairs(OPNAMES) do
      assert.is_true((t.okby[op] or 0) >= CASES / 60, op .. " rarely succeeded: " .. counts(t.okby))
    end
  end)

  it("a wrong answer on either side is caught", function()
    finally(support.cleanup)
    local d = run()
    assert.same({}, compare(d, 1, 1))
    -- sequence 1 with one answer changed on one side
    local function broken(side, field, value)
      local copy = {lua = {}, py = {}}
      for k, v in pairs(d.lua[1]) do copy.lua[k] = v end
      for k, v in pairs(d.py[1]) do copy.py[k] = v end
      copy[side][field] = value
      return compare({lua = {copy.lua}, py = {copy.py}}, 1, 1)
    end
    local last = #SEQS[1].ops
    assert.equal(1, #broken("py", 3, "E OSError EIO [Errno 5] Input/output error"))
    assert.equal(1, #broken("py", last, d.py[1][last] .. "x"))
    assert.equal(1, #broken("lua", 1, "= ok" .. d.lua[1][1]))
    assert.equal(1, #broken("lua", "snap", d.lua[1].snap .. " | z f 644 0 -"))
    assert.equal(1, #broken("py", "snapB", d.py[1].snapB .. " | z f 644 0 -"))
    assert.equal(1, #broken("py", "snapA", "U ."))
  end)
end)
