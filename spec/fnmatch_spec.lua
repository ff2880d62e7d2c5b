-- pyos.fnmatch against Python's fnmatch: a generated corpus of patterns
-- (classes, negation, `]` first, ranges, empty ranges, escapes, set
-- operators, `*`/`?` with `/` and dots, bytes beyond ASCII) and names,
-- several thousand pairs answered by ONE python3 process.
--
-- Python 3.11 is the oracle where it agrees with 3.14: matching (bytes
-- patterns, as pyos's are byte strings) and translate(), whose only
-- change since is the final `\Z` written `\z` (3.14).
local support = require "support"
local pyos = require "pyos"
local fnmatch = require "pyos.fnmatch"

local byte, char, format = string.byte, string.char, string.format
local concat = table.concat

local seed = 20251203
local function rnd(n)
  seed = (seed * 16807) % 2147483647
  return seed % n + 1
end

local ATOMS = {
  "a", "b", "c", "ab", ".", "/", "-", "!", "^", "]", "[", "\\", "&", "~",
  "|", "*", "*", "**", "?", "?", "x.c", ".h", "\255", "\195\169", "z", "0",
  "[abc]", "[!a]", "[]a]", "[!]a]", "[a-c]", "[c-a]", "[a-]", "[-a]", "[!-]",
  "[a-c-e]", "[\\]", "[&&~]", "[^a]", "[[]", "[a", "[!", "[", "[]", "[!]",
  "[]]", "[!]]", "[*]", "[?]", "[/]", "[.]", "[a-a]", "[b-a-c]", "[z-ab-c]",
  "[!b-a]", "[--/]", "[a--]", "[%-]", "[\128-\255]", "[\\-a]", "[a-\\]",
  "[|]", "[~~]", "[!!]", "[!^]",
}
local NAMECH = {"a", "b", "c", ".", "/", "-", "!", "^", "]", "[", "\\",
                "&", "~", "|", "x", "z", "0", "\n", "\255", "\195", "\169", "*", "?"}

-- A pattern and, for each of its atoms, a sample that often matches it
-- (a class gives one of its own characters), so many pairs match.
local function sample(atom)
  if atom == "*" or atom == "**" then
    local t = {}
    for _ = 1, rnd(3) - 1 do t[#t + 1] = NAMECH[rnd(#NAMECH)] end
    return concat(t)
  elseif atom == "?" then
    return NAMECH[rnd(#NAMECH)]
  elseif atom:find("^%[.+%]$") then
    local inner = atom:sub(2, -2)
    if rnd(4) == 1 then return NAMECH[rnd(#NAMECH)] end
    local k = rnd(#inner)
    return inner:sub(k, k)
  end
  return atom
end

local function genpattern()
  local t, names = {}, {}
  for _ = 1, rnd(5) do t[#t + 1] = ATOMS[rnd(#ATOMS)] end
  for k = 1, 4 do
    local n = {}
    for i, a in ipairs(t) do n[i] = sample(a) end
    names[k] = concat(n)
  end
  return concat(t), names
end

local function randname()
  local t = {}
  for _ = 1, rnd(6) - 1 do t[#t + 1] = NAMECH[rnd(#NAMECH)] end
  return concat(t)
end

local FIXED = {
  {"*.txt", "a.txt"}, {"*.txt", ".txt"}, {"a*b*c", "abxbc"}, {"a*b*c", "ab"},
  {"[!]x]*", "y"}, {"[!]x]*", "]"}, {"[]-]", "-"}, {"[]-]", "]"}, {"*", "a/b"},
  {"?", "/"}, {"?", "\n"}, {"*a", "a\n"}, {"[!a]", "\n"}, {"[z-a]", "z"},
  {"[!z-a]", "q"}, {"a\\b", "a\\b"}, {"[^x]", "^"}, {"[^x]", "y"},
  {"", ""}, {"", "a"}, {"*", ""}, {"**", "x"}, {"[!]", "[!]"}, {"[", "["},
}

local PATS, PAIRS = {}, {}
for _, f in ipairs(FIXED) do
  PATS[#PATS + 1] = f[1]
  PAIRS[#PAIRS + 1] = f
end
while #PATS < 600 do
  local p, near = genpattern()
  PATS[#PATS + 1] = p
  for k = 1, 4 do PAIRS[#PAIRS + 1] = {p, near[k]} end
  for _ = 1, 2 do PAIRS[#PAIRS + 1] = {p, randname()} end
end

local function hex(s)
  return (s:gsub(".", function(c) return format("%02x", byte(c)) end))
end

local PY = [[
import sys, fnmatch
def tr(p):
    r = fnmatch.translate(p.decode("latin-1"))
    assert r.endswith("\\Z")
    return (r[:-2] + "\\z").encode("latin-1")
out = []
with open(sys.argv[1]) as f:
    for line in f:
        kind, _, rest = line.rstrip("\n").partition("\t")
        args = [bytes.fromhex(x) for x in rest.split(",")]
        try:
            if kind == "T":
                out.append("b" + tr(args[0]).hex())
            else:
                out.append("T" if fnmatch.fnmatchcase(args[1], args[0]) else "F")
        except Exception as e:
            out.append("E" + type(e).__name__)
sys.stdout.write("\n".join(out) + "\n")
]]

local function pyanswers()
  local dir = support.tmpdir()
  local f = assert(io.open(dir .. "/batch", "wb"))
  for _, p in ipairs(PATS) do f:write("T\t", hex(p), "\n") end
  for _, pr in ipairs(PAIRS) do f:write("M\t", hex(pr[1]), ",", hex(pr[2]), "\n") end
  f:close()
  local out = support.python(PY, dir .. "/batch")
  local lines = {}
  for l in (out .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = l end
  return lines
end

describe("pyos.fnmatch against python3", function()
  local lines

  it("translate() gives Python's regex for every pattern", function()
    lines = lines or pyanswers()
    local bad = {}
    for i, p in ipairs(PATS) do
      local ok, r = pcall(fnmatch.translate, p)
      local mine = ok and "b" .. hex(r) or "E"
      if mine ~= lines[i] then
        bad[#bad + 1] = format("%q: pyos %s, python %s", p, ok and r or "error", lines[i])
      end
    end
    support.cleanup()
    assert.same({}, bad)
    assert.is_true(#PATS >= 600)
  end)

  it("fnmatchcase() answers as Python for every pair", function()
    lines = lines or pyanswers()
    local bad, yes = {}, 0
    for i, pr in ipairs(PAIRS) do
      local ok, r = pcall(fnmatch.fnmatchcase, pr[2], pr[1])
      local mine = ok and (r and "T" or "F") or "E"
      if r == true then yes = yes + 1 end
      local theirs = lines[#PATS + i]
      if mine ~= theirs then
        bad[#bad + 1] = format("name %q pat %q: pyos %s, python %s", pr[2], pr[1], mine, theirs)
      end
      assert(fnmatch.fnmatch(pr[2], pr[1]) == r)
    end
    support.cleanup()
    assert.same({}, bad)
    assert.is_true(#PAIRS >= 3000)
    assert.is_true(yes > #PAIRS / 10, "too few matching pairs: " .. yes)
  end)
end)

describe("pyos.fnmatch", function()
  it("matches as documented", function()
    assert.is_true(fnmatch.fnmatch("main.c", "*.c"))
    assert.is_true(fnmatch.fnmatch(".profile", "*"))       -- no dot rule
    assert.is_true(fnmatch.fnmatch("a/b", "a*"))           -- '*' crosses '/'
    assert.is_false(fnmatch.fnmatch("A.C", "*.c"))         -- Linux: case counts
    assert.is_true(fnmatch.fnmatchcase("b", "[!a]"))
    assert.is_true(fnmatch.fnmatchcase("]", "[]]"))
    assert.is_true(fnmatch.fnmatchcase("x", "[!]]"))
    assert.is_true(fnmatch.fnmatchcase("\195\169", "??"))  -- bytes
  end)

  it("filter and filterfalse keep the order of names", function()
    local names = {"a.c", "b.h", "c.c", ".d.c"}
    assert.same({"a.c", "c.c", ".d.c"}, fnmatch.filter(names, "*.c"))
    assert.same({"b.h"}, fnmatch.filterfalse(names, "*.c"))
    assert.same({}, fnmatch.filter({}, "*"))
  end)

  it("accepts path-like values where Python's normcase does", function()
    local p = setmetatable({}, {__fspath = function() return "x.c" end})
    assert.is_true(fnmatch.fnmatch(p, "*.c"))
    assert.same({"x.c"}, fnmatch.filter({"x.c"}, p))
  end)

  it("matches long names without backtracking blow-up", function()
    local name = string.rep("a", 5000)
    assert.is_false(fnmatch.fnmatchcase(name, string.rep("*a", 50) .. "b"))
    assert.is_true(fnmatch.fnmatchcase(name, string.rep("*a", 50)))
  end)

  it("keeps a bounded cache of compiled patterns", function()
    for i = 1, 40000 do assert(fnmatch.fnmatchcase("x" .. i, "x" .. i)) end
    assert.is_true(fnmatch.fnmatchcase("x1", "x1"))
  end)

  it("raises on misuse, naming the function", function()
    local function raises(text, f, ...)
      local ok, err = pcall(f, ...)
      assert.is_false(ok)
      assert.matches(text, err, 1, true)
    end
    raises("bad argument #1 to 'pyos.fnmatch.fnmatch' (string or path-like expected, got number)",
           fnmatch.fnmatch, 1, "x")
    raises("bad argument #2 to 'pyos.fnmatch.fnmatchcase' (string expected, got nil)",
           fnmatch.fnmatchcase, "x")
    raises("bad argument #1 to 'pyos.fnmatch.filter' (names[2]: string expected, got number)",
           fnmatch.filter, {"a", 3}, "x")
    raises("bad argument #1 to 'pyos.fnmatch.filter' (table expected, got string)",
           fnmatch.filter, "a", "x")
    raises("bad argument #2 to 'pyos.fnmatch.translate' (too many arguments)",
           fnmatch.translate, "a", "b")
  end)

  it("is pyos.fnmatch", function()
    assert.equal(fnmatch, pyos.fnmatch)
  end)
end)
