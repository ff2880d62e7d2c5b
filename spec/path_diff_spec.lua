-- pyos.path against Python 3.11's posixpath: a few thousand generated
-- byte strings through every pure function (and the predicates), all
-- answered by ONE python3 process, compared result by result.
local support = require "support"
local pyos = require "pyos"
local path = pyos.path

local byte, char, format = string.byte, string.char, string.format
-- (PATH is not among the variables: python3 may be a pyenv shim that
-- changes it.)
local concat = table.concat

-- A deterministic generator (Park-Miller; exact in doubles and integers).
local seed = 20240611
local function rnd(n)
  seed = (seed * 16807) % 2147483647
  return seed % n + 1
end

local ATOMS = {
  "", "/", "//", "///", ".", "..", "...", "a", "b", "abc", "x.y", "a.b.c",
  ".hidden", "..a", "a.", "tar.gz", ".a.b", "~", "~root", "~nobody",
  "~daemon", "~nosuchuser", "~\195\169", "~\255", "$HOME", "${HOME}",
  "$LUA_CPATH", "${LUA_CPATH}", "$LUA_PATH", "$PYOS_TEST_RUNTIME", "$NOPE_PYOS",
  "${NOPE_PYOS}", "${", "$", "$$", "}", "{", "${a/b}", "${A=B}", "${}",
  "$9", "$_x", "$H\195\169", "\0", "a\0b", "\255\254", "\195\169",
  "\230\151\165\230\156\172", " ", "a b", "\n", "=", "-", "\\", ":",
  "proc", "tmp", "etc", "usr", "/bin", "/lib", "README.md", "/etc/passwd",
}
local SEPS = {"", "/", "/", "/", "//", "///"}

local function genpath()
  local parts = {}
  for i = 1, rnd(6) - 1 do
    parts[#parts + 1] = ATOMS[rnd(#ATOMS)]
    if i < 6 then parts[#parts + 1] = SEPS[rnd(#SEPS)] end
  end
  return concat(parts)
end

local FIXED = {
  "", "/", "//", "///", "////", "///a", "//a", "//a/b", "/a/", "a/", "a//",
  ".", "..", "./", "../", "./.", "/.", "/..", "/../..", "../..", "a/..",
  "a/../..", "/a/../..", "a/./b", "a/b/../../..", "..//..", "//..", "//.",
  "~", "~/", "~/x", "~//x", "~root", "~root/", "~root/x", "~nosuchuser/x",
  "~\0x/y", "$HOME", "${HOME}", "$HOME/x", "${HOME}x", "$HOMEx", "$", "${",
  "${}", "$$HOME", "x$", "a.b", ".a", "..a", "...", "a..", "/a/.b", "a/b.c/",
  "a.b/c", "/.bashrc", "f.tar.gz", "\255.\254", "a\0b/../c", "/proc",
  "/proc/", "/dev", "/sys/", "/nonexistent/x", "/bin", "/bin/", "/bin/sh",
  "/lib/..", "/etc/localtime", "/etc/passwd", "/dev/null", "README.md",
  "Makefile/", "/proc/self/cwd/README.md", "/proc/self/cwd/..",
}

local N = 3000
local inputs = {}
for i, s in ipairs(FIXED) do inputs[i] = s end
while #inputs < N do inputs[#inputs + 1] = genpath() end

local function hex(s)
  return (s:gsub(".", function(c) return format("%02x", byte(c)) end))
end

local function unhex(h)
  return (h:gsub("..", function(x) return char(tonumber(x, 16)) end))
end

-- Encode one call's results as the python side does.
local function enc(ok, ...)
  if not ok then return "E" end
  local n = select("#", ...)
  local first = ...
  if first == nil and n >= 2 then return "E" end      -- nil, err, errno
  local out = {}
  for i = 1, n do
    local v = select(i, ...)
    if type(v) == "boolean" then
      out[i] = v and "T" or "F"
    elseif type(v) == "string" then
      out[i] = "b" .. hex(v)
    else
      out[i] = "?" .. tostring(v)
    end
  end
  return concat(out, ",")
end

-- name -> function(args) calling pyos.path.
local CALLS = {}
local function unary(name)
  CALLS[name] = function(a) return path[name](a[1]) end
end
for _, name in ipairs({"basename", "dirname", "split", "splitext",
                       "splitdrive", "normcase", "normpath", "isabs",
                       "expanduser", "expandvars", "abspath", "relpath",
                       "realpath", "exists", "lexists", "isdir", "isfile",
                       "islink", "ismount"}) do
  unary(name)
end
local unpack = table.unpack or unpack
CALLS.join = function(a) return path.join(unpack(a)) end
CALLS.relpath2 = function(a) return path.relpath(a[1], a[2]) end
CALLS.realpath_strict = function(a) return path.realpath(a[1], {strict = true}) end
CALLS.commonprefix = function(a) return path.commonprefix(a) end
CALLS.commonpath = function(a) return path.commonpath(a) end

local PY = [[
import sys, os, posixpath as P
def enc(r):
    if isinstance(r, bool): return "T" if r else "F"
    if isinstance(r, bytes): return "b" + r.hex()
    if isinstance(r, str): return "b" + os.fsencode(r).hex()
    if isinstance(r, tuple): return ",".join(enc(x) for x in r)
    return "?" + repr(r)
def expanduser(p):
    # Python's bytes form refuses non-ASCII user names; pyos looks them
    # up as bytes, as the str form does.
    return os.fsencode(P.expanduser(os.fsdecode(p)))
F = {
    "join": P.join, "relpath2": P.relpath,
    "realpath_strict": lambda p: P.realpath(p, strict=True),
    "commonprefix": lambda *a: P.commonprefix(list(a)),
    "commonpath": lambda *a: P.commonpath(list(a)),
    "expanduser": expanduser,
}
out = []
with open(sys.argv[1]) as f:
    for line in f:
        name, _, args = line.rstrip("\n").partition("\t")
        args = [bytes.fromhex(x) for x in args.split(",")]
        try:
            out.append(enc((F.get(name) or getattr(P, name))(*args)))
        except Exception as e:
            out.append("E")
sys.stdout.write("\n".join(out) + "\n")
]]

-- The batch: {name, args} for every call.
local batch = {}
local function add(name, args) batch[#batch + 1] = {name, args} end
for _, s in ipairs(inputs) do
  for _, name in ipairs({"basename", "dirname", "split", "splitext",
                         "splitdrive", "normcase", "normpath", "isabs",
                         "expanduser", "expandvars", "abspath", "relpath"}) do
    add(name, {s})
  end
end
-- Functions that touch the file system (relative to the current
-- directory, the same for python3): a share of the inputs.
for i = 1, #inputs, 3 do
  local s = inputs[i]
  for _, name in ipairs({"realpath", "realpath_strict", "exists", "lexists",
                         "isdir", "isfile", "islink", "ismount"}) do
    add(name, {s})
  end
end
for i = 1, #inputs do
  add("join", {inputs[i], inputs[(i * 7) % #inputs + 1]})
  if i % 2 == 0 then
    add("join", {inputs[i], inputs[(i * 3) % #inputs + 1], inputs[(i * 11) % #inputs + 1]})
  end
  if i % 3 == 0 then
    add("relpath2", {inputs[i], inputs[(i * 5) % #inputs + 1]})
  end
end
-- commonprefix and commonpath: groups of related paths.
for i = 1, 1500 do
  local a = inputs[rnd(#inputs)]
  local group = {a}
  for j = 2, rnd(3) do
    group[j] = (rnd(2) == 1) and (a .. inputs[rnd(#inputs)]) or inputs[rnd(#inputs)]
  end
  add(i % 2 == 0 and "commonprefix" or "commonpath", group)
end

local results                   -- python3's answers, one line per call
local function python()
  if results then return results end
  local tmp = support.tmpdir()
  local file = tmp .. "/inputs"
  local lines = {}
  for i, call in ipairs(batch) do
    local hs = {}
    for j, a in ipairs(call[2]) do hs[j] = hex(a) end
    lines[i] = call[1] .. "\t" .. concat(hs, ",")
  end
  support.writefile(file, concat(lines, "\n") .. "\n")
  local out = support.python(PY, file)
  support.cleanup()
  results = {}
  for line in (out .. "\n"):gmatch("([^\n]*)\n") do results[#results + 1] = line end
  assert(#results == #batch, "python3 answered " .. #results .. " of " .. #batch)
  return results
end

local function show(v)
  return (v:gsub("b(%x*)", function(h) return format("%q", unhex(h)) end))
end

local function compare(name)
  local want = python()
  local bad, count, answers, distinct = {}, 0, {}, 0
  for i, call in ipairs(batch) do
    if call[1] == name then
      count = count + 1
      if not answers[want[i]] then answers[want[i]], distinct = true, distinct + 1 end
      local got = enc(pcall(CALLS[name], call[2]))
      if got ~= want[i] and #bad < 10 then
        local shown = {}
        for j, a in ipairs(call[2]) do shown[j] = format("%q", a) end
        bad[#bad + 1] = name .. "(" .. concat(shown, ", ") .. ") = "
          .. show(got) .. ", python: " .. show(want[i])
      end
    end
  end
  assert(distinct > 1, "python3 gave one answer to every input of " .. name)
  assert.same({}, bad)
end

describe("pyos.path against python3's posixpath", function()
  it("generated " .. #inputs .. " distinct enough inputs", function()
    local seen, n = {}, 0
    for _, s in ipairs(inputs) do
      if not seen[s] then seen[s], n = true, n + 1 end
    end
    assert.is_true(n > 1000)
  end)

  for _, name in ipairs({"basename", "dirname", "split", "splitext",
                         "splitdrive", "normcase", "normpath", "isabs",
                         "join", "commonprefix", "commonpath", "expanduser",
                         "expandvars", "abspath", "relpath", "relpath2",
                         "realpath", "realpath_strict", "exists", "lexists",
                         "isdir", "isfile", "islink", "ismount"}) do
    it(name, function() compare(name) end)
  end
end)
