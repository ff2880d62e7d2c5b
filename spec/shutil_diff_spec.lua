-- pyos.shutil (and glob, fnmatch) against python3's shutil on seeded
-- scenarios. Each scenario is a tree (files of various modes, sizes and
-- times, user.* xattrs, empty and read-only directories, symlinks in and
-- out of the tree, dangling and looping links, FIFOs, hidden and
-- non-UTF-8 names) and one call: copytree, rmtree, move, copyfile, copy,
-- copy2, copymode, copystat, which, glob or fnmatch.
--
-- ONE python3 process (spec/shutil_diff.py run) builds three identical
-- copies of every tree, A, B and C, and runs each call on B and on C; a
-- forked child of this process runs it with pyos on A; a second python3
-- (shutil_diff.py list) lists all three trees. Per scenario the test
-- compares pyos's result with Python's (value; or exception class, errno,
-- str(e), shutil.Error's list; rmtree's onexc calls) and A's listing
-- with B's (path, type, mode, mtime and atime where they were preserved,
-- size, content hash, link target, user.* xattrs). C is Python against
-- itself: it proves the comparison is deterministic. Canary scenarios
-- change A on purpose after the call and must be reported as different.
--
-- As root, both sides work as uid 65534, so read-only directories refuse.
-- Python 3.11 is patched to 3.13+/3.14 behaviour in shutil_diff.py.
--
-- Reproduce: PYOS_SHDIFF_SEED=<seed> SPECS=spec/shutil_diff_spec.lua sh scripts/test.sh lua5.4
local support = require "support"
local pyos = require "pyos"

local format, concat, byte, char = string.format, table.concat, string.byte, string.char

local SEED = tonumber(os.getenv("PYOS_SHDIFF_SEED") or "") or 20251203
-- PYOS_SHDIFF_ONLY=s0012,s0040 runs those scenarios only; PYOS_SHDIFF_KEEP=1
-- keeps the trees and prints where; PYOS_SHDIFF_VERBOSE=1 times the phases.
local ONLY = os.getenv("PYOS_SHDIFF_ONLY")
local KEEP = os.getenv("PYOS_SHDIFF_KEEP")
local VERBOSE = os.getenv("PYOS_SHDIFF_VERBOSE")

local state
local function rnd(n)
  state = (state * 16807) % 2147483647
  return state % n + 1
end
local function pick(t) return t[rnd(#t)] end
local function chance(p) return rnd(1000) <= p * 1000 end

local function hex(s)
  return (s:gsub(".", function(c) return format("%02x", byte(c)) end))
end
local function unhex(s)
  return (s:gsub("..", function(h) return char(tonumber(h, 16)) end))
end

-- Replace every occurrence of the plain string `from` by `to`.
local function replace(s, from, to)
  local out, i = {}, 1
  while true do
    local a, b = s:find(from, i, true)
    if not a then break end
    out[#out + 1] = s:sub(i, a - 1)
    out[#out + 1] = to
    i = b + 1
  end
  out[#out + 1] = s:sub(i)
  return concat(out)
end

---------------------------------------------------------------------------
-- Trees. An entry: kind (f d l p), path relative to the scenario root
-- ("%/..." under the root on the other file system), mode, mtime and atime
-- in ns (decimal strings: Lua never computes with them), data (content or
-- link target; "^/..." is under the shared BASE) and xattrs "k=hexv,...".

local NAMES = {"a", "b", "c.txt", "d", ".hid", ".h2", "\255x", "\195\169t",
  "sp ace", "it's", "q\"t", "n\nl", "x.py", "y.pyc", "tmp", "__pycache__",
  "e", "f"}
local FMODES = {"644", "644", "644", "644", "600", "755", "755", "444",
  "400", "666", "700", "4755", "000"}
local DMODES = {"755", "755", "755", "755", "755", "700", "555", "500",
  "000", "300", "1777", "2755", "775"}

local function stamp()
  if chance(0.5) then
    -- below 2^53 ns: exact in a double on every runtime
    return format("%d%09d", 1000000 + rnd(7000000), rnd(999999999))
  end
  -- today's times; the ns part sits mid-microsecond so that a double's
  -- rounding (256 ns here) never changes the microsecond
  return format("%d%06d500", 1700000000 + rnd(60000000), rnd(999999))
end

local function content()
  local n = pick({0, 1, 5, 100, 1000, 4096, 5000, 70000})
  local c = rnd(200)
  -- a unit repeated to n bytes: shutil_diff.py expands it ("*unit:n")
  return {char(c, (c + 7) % 256, (c * 3) % 256, 10, rnd(256) - 1), n}
end

local function xattrs()
  if not chance(0.25) then return "-" end
  local t = {"k=" .. hex("v" .. rnd(99))}
  if chance(0.5) then t[2] = "big=" .. hex(string.rep("z", rnd(300))) end
  return concat(t, ",")
end

local Tree = {}
Tree.__index = Tree

local function newtree()
  return setmetatable({list = {}, kinds = {}, byrel = {}}, Tree)
end

function Tree:add(kind, rel, mode, data, xat)
  if self.byrel[rel] then return false end
  self.byrel[rel] = kind
  local e = {kind, rel, mode or (kind == "d" and "755" or "644"), stamp(), stamp(),
             data or "", xat or ((kind == "f" or kind == "d") and xattrs() or "-")}
  self.list[#self.list + 1] = e
  local k = self.kinds[kind] or {}
  self.kinds[kind] = k
  k[#k + 1] = rel
  return true
end

-- A random tree below top (a directory already added).
function Tree:random(top, n)
  local dirs = {top}
  for _ = 1, n do
    local parent = pick(dirs)
    local rel = parent .. "/" .. pick(NAMES)
    local depth = select(2, rel:gsub("/", "")) - select(2, top:gsub("/", ""))
    local k = rnd(20)
    if k <= 8 then
      self:add("f", rel, pick(FMODES), content())
    elseif k <= 13 then
      if self:add("d", rel, pick(DMODES)) then dirs[#dirs + 1] = rel end
    elseif k <= 19 then
      local up = string.rep("../", depth + 1 + select(2, top:gsub("/", "")))
      local target = pick({pick(NAMES), pick(NAMES), up .. "out/f", up .. "out/d",
        "^/ext/f", "^/ext/d", "nowhere", rel:match("[^/]*$"), "../" .. pick(NAMES)})
      if depth == 0 and target:sub(1, 3) == "../" and not target:find("out") then
        target = pick(NAMES)
      end
      self:add("l", rel, nil, target)
    else
      self:add("p", rel, pick({"644", "600"}))
    end
  end
end

-- What every scenario has: a place outside the tree, the random source
-- tree, single objects of every kind to use as arguments, a read-only
-- directory, a pre-existing destination, executables for which, and a
-- directory on the other file system.
local function scenariotree()
  local t = newtree()
  t:add("d", "out")
  t:add("f", "out/f", "644", "outside\n")
  t:add("d", "out/d")
  t:add("f", "out/d/g", "600", "g")
  t:add("d", "src", pick({"755", "755", "755", "700", "555"}))
  t:random("src", 5 + rnd(14))
  t:add("f", "f1", pick(FMODES), content())
  t:add("d", "d1", pick({"755", "700", "555"}))
  t:add("f", "d1/inner", "644", "inner")
  t:add("l", "l1", nil, "f1")
  t:add("l", "l2", nil, "d1")
  t:add("l", "ld", nil, "nowhere")
  t:add("l", "lp", nil, "lp")
  t:add("p", "p1", "644")
  t:add("d", "ro", "555")
  t:add("f", "ro/f", "644", "ro")
  t:add("d", "dst0", "755")
  t:random("dst0", rnd(5))
  t:add("d", "bin")
  t:add("f", "bin/x1", "755", "#!/bin/sh\n")
  t:add("f", "bin/x2", "644", "")
  t:add("f", "bin/x3", "700", "")
  t:add("f", "bin/x4", "000", "")
  t:add("f", "bin/x6", "444", "")
  t:add("d", "bin/sub", "755")
  t:add("l", "bin/lx", nil, "x1")
  t:add("l", "bin/ldg", nil, "gone")
  t:add("d", "bin2")
  t:add("f", "bin2/x2", "755", "")
  t:add("f", "bin2/x4", "711", "")
  t:add("f", "x5", "755", "")
  t:add("d", "%/sd")
  t:add("f", "%/sd/a", "640", content())
  t:add("l", "%/sd/l", nil, "a")
  t:add("f", "%/sf", pick(FMODES), content())
  return t
end

---------------------------------------------------------------------------
-- Operations: {name, args...}; paths relative to the root, hex-encoded.

local function TF() return chance(0.5) and "T" or "F" end

local function srcentry(t, kind)
  local list = {}
  for _, rel in ipairs(t.kinds[kind] or {}) do
    if rel:sub(1, 4) == "src/" then list[#list + 1] = rel end
  end
  return list[1] and pick(list) or "src"
end

local IGNORE = {"*.pyc", "tmp", "__pycache__", ".*", "*.txt", "[ab]", "\255*", "n*", "*"}

local GEN = {}

function GEN.copytree(t)
  local src = pick({"src", "src", "src", "src", "src", "src", "missing", "out/f", "l2", "ro",
    srcentry(t, "d")})
  local dst = pick({"dst", "dst", "dst", "dst", "dst0", "dst0", "%/dst", "ro/new", "src/cp", "f1"})
  local ign = "-"
  if chance(0.35) then
    local p = {hex(pick(IGNORE))}
    if chance(0.4) then p[2] = hex(pick(IGNORE)) end
    ign = concat(p, ",")
  end
  return {"copytree", hex(src), hex(dst), TF(), ign, chance(0.7) and "copy2" or "copy",
          TF(), dst == "dst0" and (chance(0.8) and "T" or "F") or TF()}
end

function GEN.rmtree(t)
  local path = pick({"src", "src", "src", "src", "src", "missing", "f1", "l2", "ld", "p1", "d1",
    "ro", "dst0", srcentry(t, "d")})
  local how = pick({"plain", "ignore", "onexc", "onexc", "onexc"})
  return {"rmtree", hex(path), how, chance(0.25) and "T" or "F"}
end

function GEN.move(t)
  local src = pick({"f1", "d1", "l1", "l2", "ld", "p1", "src", "missing", "%/sd", "%/sf",
    srcentry(t, "f"), srcentry(t, "l"), "ro/f"})
  local dst = pick({"new", "new", "d1", "f1", "dst0", "%/new", "%/sd", "src/x", "ro/x", "l2",
    "out/f", "d1/inner"})
  return {"move", hex(src), hex(dst), chance(0.7) and "copy2" or "copy"}
end

local COPY = {"copyfile", "copy", "copy2", "copymode", "copystat"}
function GEN.copy(t)
  local src = pick({"f1", "f1", "d1", "l1", "l2", "ld", "lp", "p1", "missing", "out/d/g", "ro/f",
    srcentry(t, "f"), srcentry(t, "l"), "%/sf"})
  local dst = pick({"new", "new", "f1", "d1", "l1", "ld", "ro/f", "ro/new", "%/new", src,
    "p1", "dst0", "missing/x", "f1/x"})
  return {pick(COPY), hex(src), hex(dst), chance(0.7) and "T" or "F"}
end

function GEN.which()
  local cmd = pick({"x1", "x2", "x3", "x4", "x5", "x6", "sub", "lx", "ldg", "none", "sh",
    "bin/x1", "bin//x1", "./bin/x1", "bin/x2", "bin/", "@/bin/x3", "", "bin/sub", "x1/"})
  local mode = pick({"-", "-", "-", "0", "4", "2", "1", "5", "6"})
  local path = pick({"@/bin:@/bin2", "@/bin2:@/bin", "", "@/bin::@/bin2", "@/nope:@/bin", "-", "-"})
  local env = pick({"-", "@/bin2::@/bin", "@/bin"})
  return {"which", hex(cmd), mode, path == "-" and "-" or hex(path), env == "-" and "-" or hex(env)}
end

local GLOBS = {"*", "**", "**/*", "*/", "**/", ".*", "*/*", "[ab]*", "**/*.py*", "?", "*/.*",
  "\255*", "*/**/t*", "n?l", "it*"}
function GEN.glob()
  return {"glob", hex(pick(GLOBS)), hex("src"), TF(), TF()}
end

local FNPATS = {"*", "?", "[!a]*", "*.py*", ".*", "[a-c]", "*[!x]", "\255*", "[]]", "[!]]", "*'*",
  "n?l", "[.]*", "[\195\169]t", "\195?t", "*\n*", "[a-", "[z-a]"}
function GEN.fnmatch()
  local names = {}
  for i = 1, 1 + rnd(6) do names[i] = hex(pick(NAMES)) end
  return {"fnmatch", concat(names, ","), hex(pick(FNPATS))}
end

-- How many of each: the total is visible in busted's count.
local PLAN = {{"copytree", 80}, {"rmtree", 50}, {"move", 40}, {"copy", 50}, {"which", 25},
              {"glob", 12}, {"fnmatch", 12}}

-- Canaries: a plain copytree; afterwards the pyos child changes A (or
-- its answer), and the comparison must notice.
local CANARIES = {"mode", "mtime", "content", "xattr", "result", "onexc"}

local function scenarios()
  local list = {}
  for _, p in ipairs(PLAN) do
    for _ = 1, p[2] do
      local i = #list + 1
      state = (SEED + i * 7919) % 2147483646 + 1
      local t = scenariotree()
      list[i] = {id = format("s%04d", i), tree = t, op = GEN[p[1]](t)}
    end
  end
  if ONLY then
    local keep = {}
    for _, sc in ipairs(list) do
      if ONLY:find(sc.id, 1, true) then keep[#keep + 1] = sc end
    end
    return keep
  end
  -- Under valgrind (make check) one scenario in five: the C code they
  -- reach is the same, and the harness's own Lua is what costs there.
  local planned = #list
  if support.valgrind then
    local keep = {}
    for i, sc in ipairs(list) do
      if i % 5 == 1 then keep[#keep + 1] = sc end
    end
    list = keep
  end
  for k, what in ipairs(CANARIES) do
    local i = planned + k           -- the same ids and trees in either case
    state = (SEED + i * 7919) % 2147483646 + 1
    local t = scenariotree()
    t:add("f", "out/canary", "644", "abc", "k=" .. hex("v"))
    local op = {"copytree", hex("out"), hex("dst"), "T", "-", "copy2", "F", "F"}
    if what == "onexc" then op = {"rmtree", hex("ro"), "onexc", "F"} end
    list[#list + 1] = {id = format("s%04d", i), tree = t, op = op, canary = what}
  end
  return list
end

local function writebatch(list, file)
  local f = assert(io.open(file, "wb"))
  for _, sc in ipairs(list) do
    f:write("S\t", sc.id, "\n")
    for _, e in ipairs(sc.tree.list) do
      local data = e[6]
      if type(data) == "table" then
        data = "*" .. hex(data[1]) .. ":" .. data[2]
      else
        data = data == "" and "-" or hex(data)
      end
      f:write("T\t", e[1], "\t", hex(e[2]), "\t", e[3], "\t", e[4], "\t", e[5], "\t",
              data, "\t", e[7], "\n")
    end
    f:write("O\t", concat(sc.op, "\t"), "\n")
  end
  f:close()
end

---------------------------------------------------------------------------
-- The pyos side, in a forked child.

local num
if math.type then
  num = function(x) return math.type(x) == "integer" and format("%d", x) or tostring(x) end
else
  num = function(x) return format("%.0f", x) end
end

local function Roots(base, shm, side, id)
  local r = {base = base, root = base .. "/" .. side .. "/" .. id, shm = shm .. "/" .. side .. "/" .. id}
  function r.path(rel)
    local c = rel:sub(1, 1)
    if c == "%" then return r.shm .. rel:sub(2) end
    if c == "^" then return r.base .. rel:sub(2) end
    if c == "@" then return r.root .. rel:sub(2) end
    if rel == "" then return r.root end
    return r.root .. "/" .. rel
  end
  function r.norm(s)
    return replace(replace(replace(s, r.root, "@"), r.shm, "%"), r.base, "^")
  end
  return r
end

-- Names of pyos's functions, for onexc's func (Python prints __name__).
local FNAME
local function fname(f)
  if not FNAME then
    FNAME = {}
    for k, v in pairs(pyos.path) do if type(v) == "function" then FNAME[v] = k end end
    for k, v in pairs(pyos) do if type(v) == "function" then FNAME[v] = k end end
  end
  return FNAME[f] or tostring(f)
end

local function errno3(x)
  if x == nil then return "None" end
  return num(x)
end

-- Python's shape of a failure: "E Class errno\nstr(e)" and shutil.Error's
-- list; the pyos-only consistency (tostring(err) == msg, err.errno equal
-- to the third value) is checked on the way.
local function fmterr(msg, code, err)
  if type(err) ~= "table" and type(err) ~= "userdata" then
    return "E ? " .. errno3(code) .. "\n" .. tostring(msg) .. " (no error object: " .. tostring(err) .. ")"
  end
  local s = "E " .. tostring(err.name) .. " " .. errno3(code) .. "\n" .. tostring(msg)
  if tostring(err) ~= msg then s = s .. "\n(tostring(err) differs: " .. tostring(err) .. ")" end
  if err.errno ~= code then s = s .. "\n(err.errno " .. errno3(err.errno) .. ")" end
  if err.name == "Error" then
    local list = err.errors or (err.args and err.args[1])
    if type(list) == "table" then
      for _, e in ipairs(list) do
        s = s .. "\n- " .. tostring(e[1] or e.src) .. " | " .. tostring(e[2] or e.dst) .. " | "
            .. tostring(e[3] or e.msg or e.why)
      end
    end
  end
  return s
end

local function TFb(s) return s == "T" end

local DONE_NONE = {copymode = true, copystat = true, rmtree = true, move = true}

local function runop(shutil, glob, fnmatch, r, op)
  local calls = {}
  local function onexc(func, path, err)
    calls[#calls + 1] = "\nonexc " .. fname(func) .. " " .. tostring(path) .. " "
      .. tostring(err.name) .. " " .. errno3(err.errno) .. " " .. tostring(err)
  end
  local name = op[1]
  local function P(i) return r.path(unhex(op[i + 1])) end
  assert(pyos.chdir(r.root))
  local ok, v, msg, code, err = pcall(function()
    if name == "copytree" then
      local opts = {symlinks = TFb(op[4]), copy_function = shutil[op[6]],
        ignore_dangling_symlinks = TFb(op[7]), dirs_exist_ok = TFb(op[8])}
      if op[5] ~= "-" then
        local pats = {}
        for h in op[5]:gmatch("[^,]+") do pats[#pats + 1] = unhex(h) end
        opts.ignore = shutil.ignore_patterns((table.unpack or unpack)(pats))
      end
      return shutil.copytree(P(1), P(2), opts)
    elseif name == "rmtree" then
      local opts = {}
      if op[3] == "ignore" then opts.ignore_errors = true end
      if op[3] == "onexc" then opts.onexc = onexc end
      if op[4] == "T" then
        local fd = assert(pyos.open(r.root, pyos.O_RDONLY))
        opts.dir_fd = fd
        local a, b, c, d = shutil.rmtree(unhex(op[2]), opts)
        pyos.close(fd)
        return a, b, c, d
      end
      return shutil.rmtree(P(1), opts)
    elseif name == "move" then
      return shutil.move(P(1), P(2), {copy_function = shutil[op[4]]})
    elseif name == "which" then
      local path = op[4] ~= "-" and replace(unhex(op[4]), "@", r.root) or nil
      pyos.environ.PATH = op[5] ~= "-" and replace(unhex(op[5]), "@", r.root) or nil
      local mode = op[3] ~= "-" and tonumber(op[3]) or nil
      return shutil.which(unhex(op[2]), {mode = mode, path = path})
    elseif name == "glob" then
      local list = glob.glob(unhex(op[2]), {root_dir = P(2), recursive = TFb(op[4]),
                                            include_hidden = TFb(op[5])})
      table.sort(list)
      return concat(list, "\n")
    elseif name == "fnmatch" then
      local names, out = {}, {}
      for h in op[2]:gmatch("[^,]+") do names[#names + 1] = unhex(h) end
      local pat = unhex(op[3])
      for i, n in ipairs(names) do
        out[i] = n .. "=" .. (fnmatch.fnmatch(n, pat) and "True" or "False")
      end
      return concat(out, "\n") .. "\n" .. concat(fnmatch.filter(names, pat), ",")
    else
      return shutil[name](P(1), P(2), {follow_symlinks = TFb(op[4])})
    end
  end)
  local s
  if not ok then
    s = "LUA ERROR " .. tostring(v)
  elseif v == nil and msg ~= nil then
    s = fmterr(msg, code, err)
  elseif v == nil or (v == true and DONE_NONE[name]) then
    s = "R None"            -- Python's None: "done" is true, "no value" nil
  else
    s = "R " .. tostring(v)
  end
  return r.norm(s .. concat(calls))
end

-- The canary's change to A after its call.
local function spoil(r, what, s)
  local k = r.root .. "/dst/canary"
  if what == "mode" then assert(pyos.chmod(k, 420 + 64))
  elseif what == "mtime" then
    local st = assert(pyos.lstat(k))
    assert(pyos.utime(k, nil, {ns = {st.st_atime_ns, st.st_mtime_ns + 1000}}))
  elseif what == "content" then support.writefile(k, "abd")
  elseif what == "xattr" then assert(pyos.setxattr(k, "user.k", "w"))
  elseif what == "result" then return s .. " "
  elseif what == "onexc" then return (s:gsub("onexc unlink", "onexc rmdir"))
  end
  return s
end

local function runpyos(list, base, shm, outfile)
  local shutil = pyos.shutil
  local glob, fnmatch = require "pyos.glob", require "pyos.fnmatch"
  if support.isroot then
    assert(pyos.setgroups({}))
    assert(pyos.setgid(65534))
    assert(pyos.setuid(65534))
  end
  pyos.umask(18)
  local out = {}
  for i, sc in ipairs(list) do
    local r = Roots(base, shm, "A", sc.id)
    local s = runop(shutil, glob, fnmatch, r, sc.op)
    if sc.canary then s = spoil(r, sc.canary, s) end
    out[i] = hex(s)
  end
  assert(pyos.chdir("/"))
  support.writefile(outfile, concat(out, "\n") .. "\n")
  return true
end

---------------------------------------------------------------------------
-- One run for all scenarios, on first use.

local LIST = scenarios()
local RESULTS

local function lines(s)
  local t = {}
  for l in (s .. "\n"):gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

local function split(l)
  local t = {}
  for x in (l .. "\t"):gmatch("([^\t]*)\t") do t[#t + 1] = unhex(x) end
  return t
end

local function phase(what)
  if VERBOSE then
    local p = io.popen("date +%s.%N")
    io.stderr:write("shdiff: ", what, " at ", p:read("*l"), "\n")
    p:close()
  end
end

local function runall()
  if RESULTS then return RESULTS end
  RESULTS = {failed = "the batch run failed (seed " .. SEED .. ")"}
  local dir = support.tmpdir()
  if KEEP then
    local p = assert(io.popen("mktemp -d /tmp/pyos-shdiff-keep.XXXXXX"))
    dir = p:read("*l")
    p:close()
    io.stderr:write("shdiff: trees kept in ", dir, "\n")
  end
  local base = dir .. "/t"
  assert(pyos.chmod(dir, 493))          -- the sides may work as uid 65534
  local p = assert(io.popen("mktemp -d /dev/shm/pyos-shdiff.XXXXXX"))
  local shm = p:read("*l")
  p:close()
  if KEEP then
    io.stderr:write("shdiff: and in ", shm, "\n")
  else
    support.defer(function() os.execute("rm -rf " .. support.quote(shm)) end)
  end
  assert(pyos.mkdir(base))
  local batch = dir .. "/batch"
  writebatch(LIST, batch)
  for _, sc in ipairs(LIST) do sc.tree = nil end  -- megabytes: each test runs full GCs
  phase("python run")
  local py = lines(support.python(support.readfile("spec/shutil_diff.py"), "run", batch, base, shm))
  local outfile = base .. "/pyos.out"     -- base belongs to the working uid
  phase("pyos run")
  local rc = support.inchild(pyos, function() return runpyos(LIST, base, shm, outfile) end)
  assert(rc == 0, "the pyos child failed (exit " .. tostring(rc) .. ")")
  local mine = lines(support.readfile(outfile))
  phase("python list")
  local lst = lines(support.python(support.readfile("spec/shutil_diff.py"), "list", batch, base, shm,
                                   support.hasintegers and "exact" or "coarse"))
  phase("compare")
  local res = {}
  for i = 1, #LIST do
    local b = split(py[i])
    local l = split(lst[i])
    res[i] = {pyos = unhex(mine[i] or ""), py = b[1], py2 = b[2], A = l[1], B = l[2], C = l[3]}
  end
  RESULTS = res
  return res
end

-- The differences between two listings, line by line.
local function listdiff(a, b)
  local la, lb, seen, out = lines(a), lines(b), {}, {}
  for _, l in ipairs(lb) do seen[l] = (seen[l] or 0) + 1 end
  for _, l in ipairs(la) do
    if seen[l] and seen[l] > 0 then seen[l] = seen[l] - 1 else out[#out + 1] = "  pyos:   " .. l end
  end
  local seen2 = {}
  for _, l in ipairs(la) do seen2[l] = (seen2[l] or 0) + 1 end
  for _, l in ipairs(lb) do
    if seen2[l] and seen2[l] > 0 then seen2[l] = seen2[l] - 1 else out[#out + 1] = "  python: " .. l end
  end
  return concat(out, "\n")
end

-- nil when pyos agrees with Python, else the report.
local function compare(sc, r)
  local why = {}
  if r.pyos ~= r.py then
    why[#why + 1] = "result differs:\n  pyos:   " .. r.pyos:gsub("\n", "\n          ")
      .. "\n  python: " .. r.py:gsub("\n", "\n          ")
  end
  if r.A ~= r.B then why[#why + 1] = "tree differs:\n" .. listdiff(r.A, r.B) end
  if #why == 0 then return nil end
  local op = {}
  for i, x in ipairs(sc.op) do op[i] = i == 1 and x or (x:match("^%x+$") and #x % 2 == 0 and format("%q", unhex(x)) or x) end
  return format("scenario %s (seed %d): %s\n%s", sc.id, SEED, concat(op, " "), concat(why, "\n"))
end

describe("pyos.shutil against python3", function()
  teardown(function() support.cleanup() end)

  it("ran " .. #LIST .. " seeded scenarios (seed " .. SEED .. ")", function()
    local res = runall()
    assert(not res.failed, res.failed)
    assert.equal(#LIST, #res)
  end)

  it("python3 agrees with itself on every scenario (the comparison is deterministic)", function()
    local res = runall()
    assert(not res.failed, res.failed)
    local bad = {}
    for i, r in ipairs(res) do
      if r.py ~= r.py2 or r.B ~= r.C then
        bad[#bad + 1] = LIST[i].id .. ": " .. (r.py ~= r.py2 and (r.py .. " / " .. r.py2) or listdiff(r.B, r.C))
      end
    end
    assert.same({}, bad)
  end)

  -- One test per function (a test per scenario costs the helper's leak
  -- checks 275 times); each reports every scenario that differs.
  local groups, order = {}, {}
  for i, sc in ipairs(LIST) do
    local g = sc.canary and "canary" or (sc.op[1]:match("^copy[^t]") or sc.op[1] == "copy") and "copy" or sc.op[1]
    if not groups[g] then groups[g] = {}; order[#order + 1] = g end
    local list = groups[g]
    list[#list + 1] = i
  end
  for _, g in ipairs(order) do
    local list = groups[g]
    if g == "canary" then
      it("notices each of " .. #list .. " changes made on purpose (canaries)", function()
        local res = runall()
        assert(not res.failed, res.failed)
        for _, i in ipairs(list) do
          local sc, r = LIST[i], res[i]
          local report = compare(sc, r)
          assert(report, "the comparison missed a changed " .. sc.canary)
          -- the unspoiled part agrees, so the difference is the canary's
          if sc.canary == "result" or sc.canary == "onexc" then
            assert(r.A == r.B and r.pyos ~= r.py, report)
          else
            assert(r.pyos == r.py and r.A ~= r.B, report)
          end
        end
      end)
    else
      local name = g == "copy" and "copyfile/copy/copy2/copymode/copystat" or g
      it(format("%s: %d scenarios agree", name, #list), function()
        local res = runall()
        assert(not res.failed, res.failed)
        local bad = {}
        for _, i in ipairs(list) do
          bad[#bad + 1] = compare(LIST[i], res[i])
        end
        if #bad > 0 then
          error(format("%d of %d scenarios differ:\n\n%s", #bad, #list, concat(bad, "\n\n")), 0)
        end
      end)
    end
  end
end)
