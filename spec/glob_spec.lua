-- pyos.glob against Python's glob on seeded trees (files, directories,
-- hidden names, symlinks to directories and files, dangling links,
-- non-UTF-8 names): every pattern with each combination of
-- recursive / include_hidden, from the current directory, with root_dir
-- and with dir_fd, all answered by ONE python3 process per tree. Both
-- read the same directories, so the order must be the same too.
--
-- Python 3.11 is the oracle, patched where 3.14 differs: since 3.13
-- `X/**` yields "X/" only when X is a directory (_glob2).
local support = require "support"
local pyos = require "pyos"
local glob = require "pyos.glob"

local byte, char, format = string.byte, string.char, string.format
local concat = table.concat

local seed = 20251203
local function rnd(n)
  seed = (seed * 16807) % 2147483647
  return seed % n + 1
end

local NAMES = {"a", "b", "ab", "x.c", "y.c", "z.txt", ".h", ".hd", "d", "e",
               "[x]", "q?", "s*", "\255n", "\195\169", "-", "a.b.c"}

-- A random tree under root: a few levels of files, directories and links.
local function maketree(root)
  local dirs = {root}
  local made = {}
  -- t: the directory the links to directories point to; it holds files
  -- only, so a recursive walk never loops (Python's would not end either)
  assert(pyos.mkdir(root .. "/t"))
  support.writefile(root .. "/t/x.c", "")
  support.writefile(root .. "/t/.h", "")
  for _ = 1, 24 + rnd(12) do
    local parent = dirs[rnd(#dirs)]
    local p = parent .. "/" .. NAMES[rnd(#NAMES)]
    if not made[p] then
      made[p] = true
      local kind = rnd(10)
      if kind <= 4 then
        support.writefile(p, "x")
      elseif kind <= 7 then
        assert(pyos.mkdir(p))
        dirs[#dirs + 1] = p
      elseif kind == 8 then
        assert(pyos.symlink(root .. "/t", p))          -- to a dir (no loop)
      elseif kind == 9 then
        assert(pyos.symlink("nowhere", p))             -- dangling
      else
        assert(pyos.symlink("x.c", p))                 -- maybe dangling
      end
    end
  end
end

local PATTERNS = {
  "*", "*/", "**", "**/", "**/*", "**/*.c", "*/*", "*/*/*", "d*/**/x*", "[ab]*",
  ".*", "*/.*", "?", "??", "a", "a/", "d", "d/", "d/*", "d/**", "d/**/", "nope/**",
  "nope/*", "a/**", "x.c/**", "**/d/**", "**/**/*.c", "*/**/*.c", "**/[!.]*",
  "\\[x]", "[[]x]", "q[?]", "s[*]", "*\255*", "\195*", "*/../*", "./*", "d/./*",
  "**/-", "", "**/.h*", "*.c/", "[!a-c]*", "*/e/*", "d/e/**/*", "[.]*",
}

local function hex(s)
  return (s:gsub(".", function(c) return format("%02x", byte(c)) end))
end

local PY = [[
import sys, os, glob
_orig = glob._glob2
def _glob2(dirname, pattern, dir_fd, dironly, include_hidden=False):
    it = _orig(dirname, pattern, dir_fd, dironly, include_hidden=include_hidden)
    first = next(it)
    if not dirname or glob._isdir(dirname, dir_fd):
        yield first
    yield from it
glob._glob2 = _glob2
root = os.fsencode(sys.argv[2])
os.chdir(root)
fd = os.open(root, os.O_RDONLY)
out = []
with open(sys.argv[1]) as f:
    for line in f:
        mode, pat, rec, hid = line.rstrip("\n").split("\t")
        pat = bytes.fromhex(pat)
        kw = dict(recursive=rec == "T", include_hidden=hid == "T")
        if mode == "root": kw["root_dir"] = root
        if mode == "fd": kw["dir_fd"] = fd
        if mode == "abs": pat = root + b"/" + pat
        try:
            out.append(",".join(x.hex() for x in glob.glob(pat, **kw)))
        except Exception as e:
            out.append("E" + type(e).__name__)
sys.stdout.write("\n".join(out) + "\n")
]]

local MODES = {"cwd", "root", "fd", "abs"}

local function cases()
  local list = {}
  for _, pat in ipairs(PATTERNS) do
    for _, mode in ipairs(MODES) do
      for _, rec in ipairs({false, true}) do
        for _, hid in ipairs({false, true}) do
          list[#list + 1] = {mode = mode, pat = pat, rec = rec, hid = hid}
        end
      end
    end
  end
  return list
end

local function run(root, fd, c)
  local opts = {recursive = c.rec, include_hidden = c.hid}
  local pat = c.pat
  if c.mode == "root" then opts.root_dir = root end
  if c.mode == "fd" then opts.dir_fd = fd end
  if c.mode == "abs" then pat = root .. "/" .. pat end
  local ok, r = pcall(glob.glob, pat, opts)
  if not ok then return "E" .. tostring(r) end
  local h = {}
  for i, s in ipairs(r) do h[i] = hex(s) end
  local it = {}
  for s in glob.iglob(pat, opts) do it[#it + 1] = hex(s) end
  assert(concat(it, ",") == concat(h, ","), "iglob differs from glob for " .. pat)
  return concat(h, ",")
end

local function sorted(line)
  local t = {}
  for x in line:gmatch("[^,]+") do t[#t + 1] = x end
  table.sort(t)
  return concat(t, ",")
end

describe("pyos.glob against python3", function()
  local cwd
  before_each(function() cwd = assert(pyos.getcwd()) end)
  after_each(function()
    assert(pyos.chdir(cwd))
    support.cleanup()
  end)

  for tree = 1, 6 do
    it("gives Python's results, in Python's order, on seeded tree " .. tree, function()
      seed = 7919 * tree
      local root = support.tmpdir()
      maketree(root)
      local list = cases()
      local batch = support.tmpdir() .. "/batch"
      local f = assert(io.open(batch, "wb"))
      for _, c in ipairs(list) do
        f:write(c.mode, "\t", hex(c.pat), "\t", c.rec and "T" or "F", "\t", c.hid and "T" or "F", "\n")
      end
      f:close()
      local out = support.python(PY, batch, root)
      local lines = {}
      for l in (out .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = l end
      local fd = assert(pyos.open(root, pyos.O_RDONLY))
      assert(pyos.chdir(root))
      local bad, order, nonempty = {}, {}, 0
      for i, c in ipairs(list) do
        local mine = run(root, fd, c)
        if mine ~= "" then nonempty = nonempty + 1 end
        local what = format("%s %q rec=%s hid=%s", c.mode, c.pat, tostring(c.rec), tostring(c.hid))
        if sorted(mine) ~= sorted(lines[i]) then
          bad[#bad + 1] = what .. ": pyos " .. mine .. " python " .. lines[i]
        elseif mine ~= lines[i] then
          order[#order + 1] = what
        end
      end
      assert(pyos.chdir(cwd))
      pyos.close(fd)
      assert.same({}, bad)
      assert.same({}, order, "same results, another order")
      assert.is_true(nonempty > #list / 3)
    end)
  end
end)

describe("pyos.glob", function()
  local cwd
  before_each(function() cwd = assert(pyos.getcwd()) end)
  after_each(function()
    assert(pyos.chdir(cwd))
    support.cleanup()
  end)

  local function tree()
    local root = support.tmpdir()
    assert(pyos.mkdir(root .. "/src"))
    support.writefile(root .. "/src/a.c", "")
    support.writefile(root .. "/src/.b.c", "")
    support.writefile(root .. "/README", "")
    return root
  end

  it("ignores unreadable and missing directories", function()
    local root = tree()
    assert.same({}, glob.glob(root .. "/nope/*"))
    assert.same({}, glob.glob("*", {root_dir = root .. "/README"}))
    assert.same({}, glob.glob("*", {dir_fd = 1000000 - 1}))
    if not support.isroot then
      assert(pyos.chmod(root .. "/src", 0))
      assert.same({}, glob.glob(root .. "/src/*"))
      assert(pyos.chmod(root .. "/src", 493))
    end
  end)

  it("iglob walks lazily and leaks no descriptor when abandoned", function()
    local root = tree()
    local it = glob.iglob("**", {root_dir = root, recursive = true})
    local first = it()
    assert.is_string(first)
    local fd = assert(pyos.open("/dev/null", pyos.O_RDONLY))
    local it2 = glob.iglob("*", {dir_fd = fd})
    assert.is_nil(it2())
    assert.is_nil(it2())
    pyos.close(fd)
    local n = 1
    for _ in it do n = n + 1 end
    assert.equal(3, n)                       -- src, src/a.c, README
  end)

  it("escape() quotes the magic characters", function()
    assert.equal("a[*]b[?][[]c]", glob.escape("a*b?[c]"))
    local root = tree()
    support.writefile(root .. "/w*[x]?", "")
    assert.same({root .. "/w*[x]?"}, glob.glob(glob.escape(root .. "/w*[x]?")))
  end)

  it("translate() gives Python 3.14's regex", function()
    assert.equal([[(?s:(?:.+/)?[^/]*\.txt)\z]],
                 glob.translate("**/*.txt", {recursive = true, include_hidden = true}))
    assert.equal([[(?s:(?!\.)[^/]*\.txt)\z]], glob.translate("*.txt"))
    assert.equal([[(?s:[^/.][^/]*/(?:[^/.][^/]*/)*(?:[^/.][^/]*)?)\z]],
                 glob.translate("*/**", {recursive = true}))
    assert.equal([[(?s:a[\\/][^\\/]+)\z]],
                 glob.translate("a/*", {seps = "\\/", include_hidden = true}))
    assert.equal([[(?s:(?!\.)[^/]*[^/]/(?!\.)[^/]\.c)\z]], glob.translate("**?/?.c"))
  end)

  it("raises on misuse, naming the function", function()
    local function raises(text, f, ...)
      local ok, err = pcall(f, ...)
      assert.is_false(ok)
      assert.matches(text, err, 1, true)
    end
    raises("bad argument #1 to 'pyos.glob.glob' (string expected, got nil)", glob.glob)
    raises("bad argument #2 to 'pyos.glob.glob' (unknown option 'recurse')",
           glob.glob, "*", {recurse = true})
    raises("bad argument #2 to 'pyos.glob.iglob' (option 'root_dir': string or path-like expected, got number)",
           glob.iglob, "*", {root_dir = 1})
    raises("bad argument #2 to 'pyos.glob.glob' (option 'recursive': boolean expected, got number)",
           glob.glob, "*", {recursive = 1})
    raises("bad argument #1 to 'pyos.glob.glob' (embedded null byte)", glob.glob, "a\0")
    raises("bad argument #1 to 'pyos.glob.escape' (string or path-like expected, got nil)",
           glob.escape)
    raises("bad argument #2 to 'pyos.glob.translate' (option 'seps': string expected, got number)",
           glob.translate, "*", {seps = 1})
  end)

  it("is pyos.glob", function()
    assert.equal(glob, pyos.glob)
  end)
end)
