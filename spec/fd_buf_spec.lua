-- pyos.fd: pyos.buffer (the Buffer type: sub, view, byte, set, #, tostring),
-- pyos.readinto, and Buffers given to write, pwrite, writev and pwritev.
-- Positions are checked differentially against string.sub and string.byte;
-- file contents through io.open, python3, /proc and pipe reads.
local pyos = require "pyos"
local support = require "support"
local testkit = require "pyos_testkit"

-- Every test does finally(cleanup) first and registers closers with defer().
local defer, cleanup = support.defer, support.cleanup

local raises = support.assert_raises
local oserror = support.assert_oserror
local python = support.python

local EBADF = "[Errno 9] Bad file descriptor"

-- A file handle in an error message: its __name (FILE* in 5.3 and 5.4),
-- else userdata.
local FILETYPE = getmetatable(io.stdout).__name and "FILE%*" or "userdata"

-- LuaJIT 2.1.0-beta3 (the distributions' build) miscompiles string.sub
-- with negative positions inside traces, and string.sub is the reference
-- here: every function of this file runs in the interpreter.
if jit then jit.off(true, true) end

local function closeall(list) support.closeall(pyos, list) end

-- A temp file with content; returns its path.
local function tmpfile(content, name)
  local dir = support.tmpdir()
  local p = dir .. "/" .. (name or "f")
  support.writefile(p, content or "")
  return p, dir
end

-- The file position of fd, from /proc (not through pyos).
local function fdpos(fd)
  local f = assert(io.open("/proc/self/fdinfo/" .. fd))
  local s = f:read("*a")
  f:close()
  return tonumber(s:match("pos:%s*(%d+)"))
end

-- n pseudo-random bytes (deterministic, not periodic over short spans).
local function noise(n, seed)
  local x, t = seed or 1, {}
  for i = 1, n do
    x = (x * 75 + 74) % 65537
    t[i] = string.char(x % 256)
  end
  return table.concat(t)
end

-- The positions tried: -12 .. 12 and huge values. string.sub and
-- string.byte are asked with huge values clamped to 32 bits (LuaJIT's take
-- int32_t); for strings of at most 10 bytes that changes nothing.
local POS = {}
for i = -12, 12 do POS[#POS + 1] = i end
for _, v in ipairs({2 ^ 31 - 1, -2 ^ 31, 2 ^ 31, -2 ^ 31 - 1, 2 ^ 53, -2 ^ 53,
                    2 ^ 62, -2 ^ 62}) do
  POS[#POS + 1] = v
end
if math.maxinteger then
  POS[#POS + 1] = math.maxinteger
  POS[#POS + 1] = math.mininteger
end
local NPOS = #POS

local function clamp(v)
  if v == nil then return nil end
  if v > 2 ^ 31 - 1 then return 2 ^ 31 - 1 end
  if v < -2 ^ 31 then return -2 ^ 31 end
  return v
end

local function show(v)
  if v == nil then return "nil" end
  if math.type and math.type(v) == "integer" then return tostring(v) end
  return string.format("%.0f", v)
end

local LENGTHS = {0, 1, 5, 10}
local ALPHA = "abcdefghij"        -- distinct bytes: a slice has one place

-- Call fn(s, i, j) for every string length and pair of positions (nil
-- included: index 0 of POS stands for nil; for j, unless jgiven).
local function grid(fn, jgiven)
  for _, len in ipairs(LENGTHS) do
    local s = ALPHA:sub(1, len)
    for a = 0, NPOS do
      for c = jgiven and 1 or 0, NPOS do
        fn(s, POS[a], POS[c])
      end
    end
  end
end

-- Record a mismatch (at most 25, enough to read).
local function recorder()
  local bad = {}
  return bad, function(msg)
    if #bad < 25 then bad[#bad + 1] = msg end
  end
end

local function join(...)
  local t = {...}
  for k = 1, select("#", ...) do t[k] = tostring(t[k]) end
  return "{" .. table.concat(t, ",") .. "}"
end

describe("pyos.buffer", function()
  it("makes n zero bytes", function()
    finally(cleanup)
    for _, n in ipairs({0, 1, 7, 4096, 1048576 + 3}) do
      local b = pyos.buffer(n)
      assert.equal("userdata", type(b))
      assert.equal(n, #b)
      assert.is_true(b:sub() == string.rep("\0", n), "buffer(" .. n .. ") not zeroed")
      assert.equal("<pyos.Buffer of " .. n .. " bytes>", tostring(b))
    end
    assert.equal(0, pyos.buffer(3):byte(2))
  end)

  it("copies a string, bytes 0 and 255 included", function()
    finally(cleanup)
    local s = "a\0b\255\n" .. noise(1000)
    local b = pyos.buffer(s)
    assert.equal(#s, #b)
    assert.is_true(b:sub() == s)
    assert.equal(0, b:byte(2))
    assert.equal(255, b:byte(4))
    assert.equal("<pyos.Buffer of 1005 bytes>", tostring(b))
    local e = pyos.buffer("")
    assert.equal(0, #e)
    assert.equal("", e:sub())
    -- a numeric string is a string: its bytes, not a size
    local d = pyos.buffer("10")
    assert.equal(2, #d)
    assert.equal("10", d:sub())
  end)

  it("copies a Buffer or a view; the copy shares nothing", function()
    finally(cleanup)
    local src = pyos.buffer("0123456789")
    local c = pyos.buffer(src)
    assert.equal(10, #c)
    assert.equal("0123456789", c:sub())
    c:set(1, "xx")
    assert.equal("0123456789", src:sub())
    src:set(10, "y")
    assert.equal("xx23456789", c:sub())
    local v = src:view(3, 6)
    local cv = pyos.buffer(v)
    assert.equal(4, #cv)
    assert.equal("2345", cv:sub())
    cv:set(1, "ZZZZ")
    assert.equal("012345678y", src:sub())
    assert.equal("2345", v:sub())
    src:set(3, "ab")
    assert.equal("ZZZZ", cv:sub())
    assert.equal(0, #pyos.buffer(src:view(5, 4)))
  end)

  it("raises on bad sizes and types, and on too many arguments", function()
    finally(cleanup)
    raises("bad argument #1 to '.-' %(value must not be negative%)", pyos.buffer, -1)
    raises("bad argument #1 to '.-' %(value must not be negative%)", pyos.buffer, -2 ^ 40)
    raises("bad argument #1 to '.-' %(buffer size too large %(at most 0x7ffff000%)%)",
           pyos.buffer, 0x7ffff001)
    raises("bad argument #1 to '.-' %(buffer size too large", pyos.buffer, 2 ^ 40)
    raises("bad argument #1 to '.-' %(value out of range", pyos.buffer, 2 ^ 63)
    raises("bad argument #1 to '.-' %(number has no integer representation%)",
           pyos.buffer, 1.5)
    raises("bad argument #1 to '.-' %(number has no integer representation%)",
           pyos.buffer, 0 / 0)
    raises("bad argument #1 to '.-' %(integer, string or pyos.Buffer expected, got table%)",
           pyos.buffer, {})
    raises("bad argument #1 to '.-' %(integer, string or pyos.Buffer expected, got boolean%)",
           pyos.buffer, true)
    raises("bad argument #1 to '.-' %(integer, string or pyos.Buffer expected, got function%)",
           pyos.buffer, print)
    raises("bad argument #1 to '.-' %(integer, string or pyos.Buffer expected, got nil%)",
           pyos.buffer, nil)
    raises("bad argument #1 to '.-' %(integer, string or pyos.Buffer expected, got nil%)",
           pyos.buffer)
    raises("bad argument #1 to '.-' %(integer, string or pyos.Buffer expected, got " .. FILETYPE .. "%)",
           pyos.buffer, io.stdout)
    raises("bad argument #2 to '.-' %(too many arguments%)", pyos.buffer, 1, 2)
    raises("bad argument #2 to '.-' %(too many arguments%)", pyos.buffer, "x", nil)
  end)

  it("is named pyos.Buffer in the errors of other functions", function()
    finally(cleanup)
    local b = pyos.buffer(4)
    raises("bad argument #2 to '.-' %(integer expected, got pyos.Buffer%)", pyos.read, 0, b)
    raises("bad argument #1 to '.-' %(integer expected, got pyos.Buffer%)",
           pyos.readinto, b, b)
  end)

  it("methods refuse anything but a Buffer as self", function()
    finally(cleanup)
    local m = getmetatable(pyos.buffer(1))
    for _, name in ipairs({"sub", "view", "byte", "set"}) do
      local f = m.__index[name]
      assert.equal("function", type(f), name)
      raises("calling '.-' on bad self %(pyos.Buffer expected, got string%)", f, "abc", 1, "")
      raises("calling '.-' on bad self %(pyos.Buffer expected, got " .. FILETYPE .. "%)", f, io.stdout, 1, "")
      raises("calling '.-' on bad self %(pyos.Buffer expected, got table%)", f, {}, 1, "")
    end
    raises("pyos.Buffer expected, got table", m.__len, {})
    raises("pyos.Buffer expected, got table", m.__tostring, {})
  end)
end)

describe("Buffer:sub", function()
  it("agrees with string.sub on every pair of positions", function()
    finally(cleanup)
    local bad, note = recorder()
    local n = 0
    grid(function(s, i, j)
      local b = pyos.buffer(s)
      local want = s:sub(i == nil and 1 or clamp(i), j == nil and -1 or clamp(j))
      local ok, got = pcall(b.sub, b, i, j)
      n = n + 1
      if not ok or got ~= want then
        note(("(%q):sub(%s, %s): got %s, want %q"):format(s, show(i), show(j),
             ok and ("%q"):format(got) or "error " .. tostring(got), want))
      end
    end)
    assert.same({}, bad)
    assert.equal(#LENGTHS * (NPOS + 1) * (NPOS + 1), n)
  end)

  it("takes i alone, and nothing", function()
    finally(cleanup)
    local bad, note = recorder()
    for _, len in ipairs(LENGTHS) do
      local s = ALPHA:sub(1, len)
      local b = pyos.buffer(s)
      if b:sub() ~= s then note(("(%q):sub()"):format(s)) end
      for a = 1, NPOS do
        local i = POS[a]
        if b:sub(i) ~= s:sub(clamp(i)) then
          note(("(%q):sub(%s): got %q"):format(s, show(i), b:sub(i)))
        end
      end
    end
    assert.same({}, bad)
  end)

  it("returns a copy: later writes do not change it", function()
    finally(cleanup)
    local b = pyos.buffer("abcdef")
    local s = b:sub(2, 4)
    b:set(1, "XXXXXX")
    assert.equal("bcd", s)
    assert.equal("XXX", b:sub(2, 4))
  end)

  it("raises on positions that are not integers and on extra arguments", function()
    finally(cleanup)
    local b = pyos.buffer("abc")
    raises("bad argument #1 to '.-' %(number has no integer representation%)", b.sub, b, 1.5)
    raises("bad argument #2 to '.-' %(number has no integer representation%)",
           b.sub, b, 1, 0 / 0)
    raises("bad argument #1 to '.-' %(integer expected, got table%)", b.sub, b, {})
    raises("bad argument #2 to '.-' %(integer expected, got boolean%)", b.sub, b, 1, true)
    raises("bad argument #3 to '.-' %(too many arguments%)", b.sub, b, 1, 2, 3)
  end)
end)

describe("Buffer:byte", function()
  local function compare(note, s, b, i, j, nargs)
    local want, ok, got
    if nargs == 0 then
      want = join(s:byte())
      ok, got = pcall(function() return join(b:byte()) end)
    elseif nargs == 1 then
      want = join(s:byte(clamp(i)))
      ok, got = pcall(function() return join(b:byte(i)) end)
    else
      want = join(s:byte(clamp(i), clamp(j)))
      ok, got = pcall(function() return join(b:byte(i, j)) end)
    end
    if not ok or got ~= want then
      local args = nargs == 0 and "" or nargs == 1 and show(i) or show(i) .. ", " .. show(j)
      note(("(%q):byte(%s): got %s, want %s"):format(s, args, tostring(got), want))
    end
  end

  it("agrees with string.byte on every pair of positions", function()
    finally(cleanup)
    local bad, note = recorder()
    grid(function(s, i, j)
      compare(note, s, pyos.buffer(s), i, j, 2)
    end, true)                                       -- j nil: the next test
    assert.same({}, bad)
  end)

  it("agrees with string.byte given i alone or j = nil (j = i), or nothing", function()
    finally(cleanup)
    local bad, note = recorder()
    for _, len in ipairs(LENGTHS) do
      local s = ALPHA:sub(1, len)
      local b = pyos.buffer(s)
      compare(note, s, b, nil, nil, 0)
      compare(note, s, b, nil, nil, 2)
      for a = 1, NPOS do
        compare(note, s, b, POS[a], nil, 1)
        compare(note, s, b, POS[a], nil, 2)
      end
    end
    assert.same({}, bad)
  end)

  it("returns every byte value as a non-negative integer", function()
    finally(cleanup)
    local t = {}
    for k = 0, 255 do t[k + 1] = string.char(k) end
    local s = table.concat(t)
    local b = pyos.buffer(s)
    local got = {b:byte(1, -1)}
    assert.equal(256, #got)
    for k = 0, 255 do assert.equal(k, got[k + 1]) end
    assert.same({s:byte(1, -1)}, got)
  end)

  it("returns a long slice, and raises cleanly on one too long for the stack", function()
    finally(cleanup)
    local s = noise(7000)
    local b = pyos.buffer(s)
    local got, want = {b:byte(1, -1)}, {s:byte(1, -1)}
    assert.equal(7000, #got)
    assert.same(want, got)
    local huge = pyos.buffer(2000000)
    raises("buffer slice too long", huge.byte, huge, 1, -1)
    assert.same({0, 0}, {huge:byte(-2, -1)})      -- still usable
  end)

  it("raises on positions that are not integers and on extra arguments", function()
    finally(cleanup)
    local b = pyos.buffer("abc")
    raises("bad argument #1 to '.-' %(number has no integer representation%)", b.byte, b, 0.5)
    raises("bad argument #2 to '.-' %(integer expected, got table%)", b.byte, b, 1, {})
    raises("bad argument #3 to '.-' %(too many arguments%)", b.byte, b, 1, 2, 3)
  end)
end)

describe("Buffer:view", function()
  -- The slice want of s (distinct bytes) starts at s:find(want).
  local function checkview(note, label, root, s, v, want)
    if #v ~= #want or v:sub() ~= want then
      note(("%s: got %q (#%d), want %q"):format(label, v:sub(), #v, want))
      return
    end
    if tostring(v) ~= "<pyos.Buffer of " .. #want .. " bytes>" then
      note(label .. ": tostring " .. tostring(v))
    end
    if #want == 0 then return end
    local at = s:find(want, 1, true)
    local stars = string.rep("*", #want)
    v:set(1, stars)                                    -- view -> root
    local expect = s:sub(1, at - 1) .. stars .. s:sub(at + #want)
    if root:sub() ~= expect then
      note(("%s: write through the view gave root %q, want %q"):format(label, root:sub(), expect))
    end
    root:set(1, s)                                     -- root -> view
    if v:sub() ~= want then
      note(("%s: after a write to the root the view reads %q"):format(label, v:sub()))
    end
  end

  it("covers string.sub's slice on every pair of positions, sharing its bytes", function()
    finally(cleanup)
    local bad, note = recorder()
    grid(function(s, i, j)
      local root = pyos.buffer(s)
      local ok, v = pcall(root.view, root, i, j)
      local label = ("(%q):view(%s, %s)"):format(s, show(i), show(j))
      if not ok then note(label .. ": error " .. tostring(v)) return end
      checkview(note, label, root, s, v,
                s:sub(i == nil and 1 or clamp(i), j == nil and -1 or clamp(j)))
    end)
    assert.same({}, bad)
  end)

  it("of a view covers the slice of the slice, in the root's bytes", function()
    finally(cleanup)
    local bad, note = recorder()
    local s = ALPHA
    local root = pyos.buffer(s)
    local mid = root:view(3, 8)                        -- "cdefgh"
    local ms = s:sub(3, 8)
    for a = 0, NPOS do
      for c = 0, NPOS do
        local i, j = POS[a], POS[c]
        local v = mid:view(i, j)
        checkview(note, ("view(3, 8):view(%s, %s)"):format(show(i), show(j)), root, s, v,
                  ms:sub(i == nil and 1 or clamp(i), j == nil and -1 or clamp(j)))
      end
    end
    assert.same({}, bad)
    -- three levels down, with writes from each level
    local v2 = mid:view(2, -2)                         -- "defg"
    local v3 = v2:view(-2)                             -- "fg"
    assert.equal("fg", v3:sub())
    v3:set(1, "F")
    mid:set(2, "D")
    assert.equal("abcDeFghij", root:sub())
    assert.equal("DeFg", v2:sub())
    assert.equal("Fg", v3:sub())
    assert.equal(string.byte("F"), v3:byte(1))
  end)

  it("defaults to the whole buffer, and takes i alone", function()
    finally(cleanup)
    local root = pyos.buffer("0123456789")
    local all = root:view()
    assert.equal(10, #all)
    all:set(1, "A")
    assert.equal("A123456789", root:sub())
    local tail = root:view(-3)
    assert.equal("789", tail:sub())
    tail:set(-1, "Z")
    assert.equal("A12345678Z", root:sub())
  end)

  it("of an empty range is an empty Buffer", function()
    finally(cleanup)
    local root = pyos.buffer("abc")
    for _, v in ipairs({root:view(3, 2), root:view(4), root:view(0, 0),
                        pyos.buffer(0):view(), root:view(2, 1):view()}) do
      assert.equal(0, #v)
      assert.equal("", v:sub())
      assert.equal("<pyos.Buffer of 0 bytes>", tostring(v))
      assert.same({}, {v:byte(1, -1)})
      v:set(1, "")
      raises("bytes of data do not fit", v.set, v, 1, "x")
    end
    assert.equal("abc", root:sub())
  end)

  it("raises on positions that are not integers and on extra arguments", function()
    finally(cleanup)
    local b = pyos.buffer("abc")
    raises("bad argument #1 to '.-' %(number has no integer representation%)", b.view, b, 1.5)
    raises("bad argument #2 to '.-' %(integer expected, got string%)", b.view, b, 1, "x")
    raises("bad argument #3 to '.-' %(too many arguments%)", b.view, b, 1, 2, 3)
  end)
end)

describe("Buffer views and the garbage collector", function()
  local function count(t)
    local n = 0
    for _ in pairs(t) do n = n + 1 end
    return n
  end

  -- In a function of its own, so no register of the caller holds the root.
  local function viewof(weak, s, i, j)
    local root = pyos.buffer(s)
    weak[root] = "root"
    return root:view(i, j)
  end

  it("a view keeps its root alive, and lets it go with itself", function()
    finally(cleanup)
    local weak = setmetatable({}, {__mode = "k"})
    local v = viewof(weak, "0123456789", 3, 6)
    collectgarbage()
    collectgarbage()
    assert.equal(1, count(weak))
    assert.equal("2345", v:sub())
    v:set(2, "x")
    assert.equal("2x45", v:sub())
    v = nil
    collectgarbage()
    collectgarbage()
    assert.equal(0, count(weak))
  end)

  it("a view of a view keeps the root, not the view between", function()
    finally(cleanup)
    local weak = setmetatable({}, {__mode = "k"})
    local mid = viewof(weak, "0123456789", 2, 9)       -- "12345678"
    weak[mid] = "mid"
    local leaf = mid:view(3, 4)                        -- "34"
    mid = nil
    collectgarbage()
    collectgarbage()
    local left = {}
    for _, what in pairs(weak) do left[#left + 1] = what end
    assert.same({"root"}, left)
    assert.equal("34", leaf:sub())
    leaf = nil
    collectgarbage()
    collectgarbage()
    assert.equal(0, count(weak))
  end)

  it("many views outlive their roots and read, write and copy the right bytes", function()
    finally(cleanup)
    local N, SIZE = 300, 4096
    local function fill(k) return string.char(k % 251 + 1) end
    local function makeviews()
      local views = {}
      for k = 1, N do
        local root = pyos.buffer(SIZE)
        root:set(1, string.rep(fill(k), SIZE))
        local v = root:view(k, k + 99)
        if k % 2 == 0 then v = v:view(26, 75) end      -- a view of a view
        views[k] = v
      end
      return views
    end
    local views = makeviews()
    collectgarbage()
    collectgarbage()
    -- allocate over whatever was freed, with other bytes
    local filler = {}
    for k = 1, 2 * N do filler[k] = pyos.buffer(string.rep("\255", SIZE)) end
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    for k, v in ipairs(views) do
      local n = k % 2 == 0 and 50 or 100
      assert.equal(n, #v)
      assert.is_true(v:sub() == string.rep(fill(k), n), "view " .. k .. " reads wrong bytes")
      v:set(-1, "Z")
      assert.equal(90, v:byte(-1))
      assert.is_true(pyos.buffer(v):sub() == string.rep(fill(k), n - 1) .. "Z")
      if k % 30 == 0 then                              -- through the kernel too
        assert.equal(n, pyos.write(w, v))
        assert.is_true(pyos.read(r, n) == string.rep(fill(k), n - 1) .. "Z")
      end
    end
    for _, f in ipairs(filler) do
      assert.is_true(f:sub(1, 16) == string.rep("\255", 16))
    end
  end)
end)

describe("Buffer:set", function()
  it("copies a string from a position counted from either end", function()
    finally(cleanup)
    local b = pyos.buffer(5)
    b:set(1, "ab")
    assert.is_true(b:sub() == "ab\0\0\0")
    b:set(-2, "yz")
    assert.is_true(b:sub() == "ab\0yz")
    b:set(3, "\255")
    assert.is_true(b:sub() == "ab\255yz")
    b:set(-5, "A")
    b:set(5, "Z")
    assert.equal("Ab\255yZ", b:sub())
    b:set(1, "12345")
    assert.equal("12345", b:sub())
    assert.equal(0, select("#", b:set(2, "")))       -- returns nothing
    assert.equal("12345", b:sub())
  end)

  it("takes #buf + 1 with empty data only", function()
    finally(cleanup)
    local b = pyos.buffer("abc")
    b:set(4, "")
    b:set(4, pyos.buffer(0))
    assert.equal("abc", b:sub())
    raises("bad argument #2 to '.-' %(1 bytes of data do not fit at position 4 of a buffer of 3%)", b.set, b, 4, "x")
    local e = pyos.buffer(0)
    e:set(1, "")
    raises("bad argument #2 to '.-' %(1 bytes of data do not fit at position 1 of a buffer of 0%)", e.set, e, 1, "x")
    raises("bad argument #1 to '.-' %(position out of range%)", e.set, e, -1, "")
    raises("bad argument #1 to '.-' %(position out of range%)", e.set, e, 0, "")
  end)

  it("raises when the data does not fit, leaving the buffer alone", function()
    finally(cleanup)
    local b = pyos.buffer("abcde")
    raises("bad argument #2 to '.-' %(3 bytes of data do not fit at position 4 of a buffer of 5%)", b.set, b, 4, "xyz")
    raises("bad argument #2 to '.-' %(2 bytes of data do not fit at position 5 of a buffer of 5%)", b.set, b, -1, "xy")
    raises("bad argument #2 to '.-' %(6 bytes of data do not fit at position 1 of a buffer of 5%)", b.set, b, 1, "123456")
    raises("bad argument #2 to '.-' %(6 bytes of data do not fit at position 1 of a buffer of 5%)",
           b.set, b, 1, pyos.buffer(6))
    assert.equal("abcde", b:sub())
  end)

  it("raises on a position out of range", function()
    finally(cleanup)
    local b = pyos.buffer("abcde")
    for _, i in ipairs({0, 7, 100, -6, -100, 2 ^ 53, -2 ^ 53}) do
      raises("bad argument #1 to '.-' %(position out of range%)", b.set, b, i, "")
      raises("bad argument #1 to '.-' %(position out of range%)", b.set, b, i, "x")
    end
    if math.maxinteger then
      raises("position out of range", b.set, b, math.maxinteger, "")
      raises("position out of range", b.set, b, math.mininteger, "")
    end
    assert.equal("abcde", b:sub())
  end)

  it("matches a string model for every position and length", function()
    finally(cleanup)
    local bad, note = recorder()
    for _, len in ipairs({0, 1, 5}) do
      local s = ALPHA:sub(1, len)
      for i = -len - 2, len + 2 do
        for dlen = 0, len + 1 do
          local b = pyos.buffer(s)
          local data = string.rep("#", dlen)
          local pos = i < 0 and len + i + 1 or i       -- 1-based, or out
          local fits = pos >= 1 and pos <= len + 1 and dlen <= len - pos + 1
          local ok = pcall(b.set, b, i, data)
          local want = fits and s:sub(1, pos - 1) .. data .. s:sub(pos + dlen) or s
          if ok ~= fits or b:sub() ~= want then
            note(("(%q):set(%d, %q): ok %s, got %q, want %s %q")
                 :format(s, i, data, tostring(ok), b:sub(), tostring(fits), want))
          end
        end
      end
    end
    assert.same({}, bad)
  end)

  it("copies from a Buffer and from a view of another Buffer", function()
    finally(cleanup)
    local b = pyos.buffer(8)
    local src = pyos.buffer("0123456789")
    b:set(2, src:view(4, 6))
    assert.is_true(b:sub() == "\0" .. "345" .. "\0\0\0\0")
    b:set(-3, pyos.buffer("xyz"))
    assert.is_true(b:sub() == "\0" .. "345" .. "\0xyz")
    assert.equal("0123456789", src:sub())
    local v = b:view(5, 8)                             -- set through a view
    v:set(2, src:view(-2))
    assert.is_true(b:sub() == "\0" .. "345" .. "\0" .. "89z")
  end)

  it("copies overlapping bytes as memmove does, both ways", function()
    finally(cleanup)
    local b = pyos.buffer("0123456789")
    b:set(3, b:view(1, 5))                             -- forward overlap
    assert.equal("0101234789", b:sub())
    b = pyos.buffer("0123456789")
    b:set(1, b:view(3, 7))                             -- backward overlap
    assert.equal("2345656789", b:sub())
    b = pyos.buffer("0123456789")
    b:set(1, b)                                        -- onto itself
    assert.equal("0123456789", b:sub())
    local v = b:view(2, 9)                             -- through views
    v:set(2, b:view(1, 4))
    assert.equal("0101236789", b:sub())
    -- big enough for a copy loop of many words
    local s = noise(100000, 7)
    b = pyos.buffer(s)
    b:set(1001, b:view(1, 90000))
    assert.is_true(b:sub() == s:sub(1, 1000) .. s:sub(1, 90000) .. s:sub(91001),
                   "forward overlapping copy corrupted the data")
    b = pyos.buffer(s)
    b:set(1, b:view(1001))
    assert.is_true(b:sub() == s:sub(1001) .. s:sub(99001),
                   "backward overlapping copy corrupted the data")
    b = pyos.buffer(s)
    b:set(3, b:view(2, 99999))                         -- one byte apart
    assert.is_true(b:sub() == s:sub(1, 2) .. s:sub(2, 99999))
  end)

  it("takes a number as its string, as write does", function()
    finally(cleanup)
    local b = pyos.buffer("......")
    b:set(2, 42)
    assert.equal(".42...", b:sub())
  end)

  it("raises on bad types and extra arguments", function()
    finally(cleanup)
    local b = pyos.buffer("abc")
    raises("bad argument #2 to '.-' %(string or pyos.Buffer expected, got table%)", b.set, b, 1, {})
    raises("bad argument #2 to '.-' %(string or pyos.Buffer expected, got nil%)", b.set, b, 1, nil)
    raises("bad argument #2 to '.-' %(string or pyos.Buffer expected, got nil%)", b.set, b, 1)
    raises("bad argument #2 to '.-' %(string or pyos.Buffer expected, got boolean%)",
           b.set, b, 1, false)
    raises("bad argument #2 to '.-' %(string or pyos.Buffer expected, got " .. FILETYPE .. "%)",
           b.set, b, 1, io.stdout)
    raises("bad argument #1 to '.-' %(integer expected, got nil%)", b.set, b, nil, "x")
    raises("bad argument #1 to '.-' %(integer expected, got string%)", b.set, b, "x", "x")
    raises("bad argument #1 to '.-' %(number has no integer representation%)", b.set, b, 1.5, "x")
    raises("bad argument #3 to '.-' %(too many arguments%)", b.set, b, 1, "x", 1)
    assert.equal("abc", b:sub())
  end)
end)

describe("pyos.readinto", function()
  it("fills the buffer from the file position; 0 at end of file", function()
    finally(cleanup)
    local p = tmpfile("0123456789")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local b = pyos.buffer(4)
    assert.equal(4, pyos.readinto(fd, b))
    assert.equal("0123", b:sub())
    assert.equal(4, fdpos(fd))
    assert.equal(4, pyos.readinto(fd, b))
    assert.equal("4567", b:sub())
    assert.equal(2, pyos.readinto(fd, b))             -- short: the rest is kept
    assert.equal("8967", b:sub())
    assert.equal(10, fdpos(fd))
    assert.equal(0, pyos.readinto(fd, b))
    assert.equal("8967", b:sub())
    assert.equal(0, pyos.readinto(fd, b))
  end)

  it("reads at most #buf, and 0 for an empty buffer without moving", function()
    finally(cleanup)
    local p = tmpfile("abcdef")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    assert.equal(0, pyos.readinto(fd, pyos.buffer(0)))
    assert.equal(0, pyos.readinto(fd, pyos.buffer(9):view(5, 4)))
    assert.equal(0, fdpos(fd))
    local big = pyos.buffer(string.rep("#", 1048576))
    assert.equal(6, pyos.readinto(fd, big))
    assert.is_true(big:sub(1, 8) == "abcdef##")
    assert.is_true(big:sub(7) == string.rep("#", 1048576 - 6))
  end)

  it("reads into a view, which is the root's bytes", function()
    finally(cleanup)
    local p = tmpfile("abcdefgh")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local root = pyos.buffer("----------")
    local v = root:view(4, 6)
    assert.equal(3, pyos.readinto(fd, v))
    assert.equal("---abc----", root:sub())
    assert.equal(2, pyos.readinto(fd, v:view(2)))    -- a view of a view
    assert.equal("---ade----", root:sub())
    assert.equal("ade", v:sub())
    assert.equal(3, pyos.readinto(fd, root:view(-4)))  -- short: 3 of 4
    assert.equal("---adefgh-", root:sub())
    assert.equal(8, fdpos(fd))
  end)

  it("reads what a pipe holds, written by pyos.write and by a shell", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    local b = pyos.buffer(string.rep(".", 16))
    assert.equal(5, pyos.write(w, "a\0b\255c"))
    assert.equal(5, pyos.readinto(r, b))
    assert.is_true(b:sub() == "a\0b\255c" .. string.rep(".", 11))
    local r2, w2 = assert(pyos.pipe())
    assert(pyos.set_inheritable(w2, true))
    local sh = assert(io.popen("printf 'from sh' >&" .. w2, "r"))
    pyos.close(w2)
    defer(function() pyos.close(r2); sh:close() end)
    local got = {}
    while true do
      local n = assert(pyos.readinto(r2, b))
      if n == 0 then break end
      got[#got + 1] = b:sub(1, n)
    end
    assert.equal("from sh", table.concat(got))
  end)

  it("reads /proc files", function()
    finally(cleanup)
    local fd = assert(pyos.open("/proc/self/status", pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local b = pyos.buffer(65536)
    local n = assert(pyos.readinto(fd, b))
    assert.matches("^Name:", b:sub(1, n))
    assert.matches("\nPid:%s*%d+", b:sub(1, n))
  end)

  it("fails with EBADF, leaving the buffer alone", function()
    finally(cleanup)
    local b = pyos.buffer("keep")
    oserror({errno = "EBADF", name = "OSError", str = EBADF}, pyos.readinto(999, b))
    oserror({errno = "EBADF", str = EBADF}, pyos.readinto(-1, b))
    local p = tmpfile("data")
    local fd = assert(pyos.open(p, pyos.O_WRONLY))    -- not open for reading
    defer(function() pyos.close(fd) end)
    local err = oserror({errno = "EBADF", name = "OSError", str = EBADF}, pyos.readinto(fd, b))
    assert.is_nil(err.filename)
    assert.equal("keep", b:sub())
  end)

  it("fails on a directory as python3's read does", function()
    finally(cleanup)
    local dir = support.tmpdir()
    local want = python([[
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
try:
    os.read(fd, 4)
except OSError as e:
    print(type(e).__name__, e.errno, e)]], dir)
    local fd = assert(pyos.open(dir, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local err = oserror({errno = "EISDIR"}, pyos.readinto(fd, pyos.buffer(4)))
    assert.equal(want, err.name .. " " .. err.errno .. " " .. tostring(err))
  end)

  it("gives BlockingIOError on an empty non-blocking pipe", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe2(pyos.O_NONBLOCK))
    defer(function() closeall({r, w}) end)
    local b = pyos.buffer("xyz")
    oserror({errno = "EAGAIN", name = "BlockingIOError",
             str = "[Errno 11] Resource temporarily unavailable"}, pyos.readinto(r, b))
    assert.equal("xyz", b:sub())
    pyos.write(w, "A")
    assert.equal(1, pyos.readinto(r, b))
    assert.equal("Ayz", b:sub())
    assert.equal("BlockingIOError", select(4, pyos.readinto(r, b)).name)
  end)

  it("raises on a second argument that is not a Buffer, and on bad fds", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    raises("bad argument #2 to '.-' %(pyos.Buffer expected, got string%)", pyos.readinto, r, "abc")
    raises("bad argument #2 to '.-' %(pyos.Buffer expected, got number%)", pyos.readinto, r, 10)
    raises("bad argument #2 to '.-' %(pyos.Buffer expected, got table%)", pyos.readinto, r, {})
    raises("bad argument #2 to '.-' %(pyos.Buffer expected, got " .. FILETYPE .. "%)",
           pyos.readinto, r, io.stdout)
    raises("bad argument #2 to '.-' %(pyos.Buffer expected, got nil%)", pyos.readinto, r)
    raises("bad argument #1 to '.-' %(integer expected, got string%)",
           pyos.readinto, "0", pyos.buffer(1))
    raises("bad argument #1 to '.-' %(number has no integer representation%)",
           pyos.readinto, 0.5, pyos.buffer(1))
    raises("bad argument #3 to '.-' %(too many arguments%)", pyos.readinto, r, pyos.buffer(1), 1)
    -- nothing was read by the failed calls
    pyos.write(w, "z")
    local b = pyos.buffer(4)
    assert.equal(1, pyos.readinto(r, b))
    assert.equal("z", b:sub(1, 1))
  end)
end)

describe("pyos.readinto and EINTR", function()
  local function latewriter() return support.latewriter(pyos) end

  it("a blocking readinto interrupted by signals is retried", function()
    finally(cleanup)
    if debug.gethook() then pending("a Lua hook is set by the runner") return end
    local r, p = latewriter()
    defer(function() testkit.interrupt(0); pyos.close(r); p:close() end)
    local b = pyos.buffer(10)
    local before = testkit.interrupt(0.05, 0.05)
    local n, err = pyos.readinto(r, b)
    local after = testkit.interrupt(0)
    assert.equal(2, n, tostring(err))
    assert.equal("x\n", b:sub(1, n))
    assert.is_true(after > before, "no signal arrived during the readinto")
  end)

  it("with a Lua hook pending, readinto returns InterruptedError", function()
    finally(cleanup)
    local r, p = latewriter()
    defer(function() debug.sethook(); testkit.interrupt(0); pyos.close(r); p:close() end)
    local b = pyos.buffer("untouched")
    debug.sethook(function() end, "", 1000000000)
    testkit.interrupt(0.05)
    local ok, msg, code, err = pyos.readinto(r, b)
    debug.sethook()
    testkit.interrupt(0)
    oserror({errno = "EINTR", name = "InterruptedError",
             str = "[Errno 4] Interrupted system call"}, ok, msg, code, err)
    assert.equal("untouched", b:sub())
  end)
end)

describe("Buffers in write, pwrite, writev and pwritev", function()
  it("write takes a Buffer or a view, and writes just its bytes", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_WRONLY + pyos.O_APPEND))
    defer(function() pyos.close(fd) end)
    local b = pyos.buffer("a\0b\255cdef")
    assert.equal(8, pyos.write(fd, b))
    assert.equal(3, pyos.write(fd, b:view(-3)))
    assert.equal(0, pyos.write(fd, pyos.buffer(0)))
    assert.equal(0, pyos.write(fd, b:view(3, 2)))
    assert.equal(1, pyos.write(fd, b:view(2, 2)))
    assert.equal(2, pyos.write(fd, 42))              -- numbers still as strings
    assert.is_true(support.readfile(p) == "a\0b\255cdef" .. "def" .. "\0" .. "42")
    assert.equal("610062ff6364656664656600" .. "3432", python(
      "import sys; print(open(sys.argv[1], 'rb').read().hex())", p))
  end)

  it("write through a pipe, read back by pyos.read", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    local b = pyos.buffer(noise(5000, 3))
    assert.equal(5000, pyos.write(w, b))
    assert.is_true(pyos.read(r, 10000) == b:sub())
    assert.equal(10, pyos.write(w, b:view(101, 110)))
    assert.is_true(pyos.read(r, 100) == b:sub(101, 110))
  end)

  it("write of a large Buffer puts every byte in the file", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_WRONLY))
    defer(function() pyos.close(fd) end)
    local s = noise(100003, 11):rep(31)               -- about 3 MiB
    local b = pyos.buffer(s)
    local done = 0
    while done < #b do
      done = done + assert(pyos.write(fd, b:view(done + 1)))
    end
    assert.is_true(support.readfile(p) == s)
  end)

  it("write, pwrite, writev and pwritev fail with EBADF given a Buffer", function()
    finally(cleanup)
    local b = pyos.buffer("x")
    oserror({errno = "EBADF", str = EBADF}, pyos.write(999, b))
    oserror({errno = "EBADF", str = EBADF}, pyos.pwrite(999, b, 0))
    oserror({errno = "EBADF", str = EBADF}, pyos.writev(999, {b}))
    oserror({errno = "EBADF", str = EBADF}, pyos.pwritev(999, {b:view()}, 0))
  end)

  it("write and pwrite raise on data that is neither string nor Buffer", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    raises("bad argument #2 to '.-' %(string or pyos.Buffer expected, got table%)",
           pyos.write, w, {})
    raises("bad argument #2 to '.-' %(string or pyos.Buffer expected, got boolean%)",
           pyos.write, w, true)
    raises("bad argument #2 to '.-' %(string or pyos.Buffer expected, got nil%)",
           pyos.write, w)
    raises("bad argument #2 to '.-' %(string or pyos.Buffer expected, got " .. FILETYPE .. "%)",
           pyos.pwrite, w, io.stdout, 0)
    raises("bad argument #3 to '.-' %(too many arguments%)", pyos.write, w, pyos.buffer(1), 1)
    assert(pyos.set_blocking(r, false))
    oserror({errno = "EAGAIN"}, pyos.read(r, 1))     -- nothing was written
  end)

  it("pwrite writes a Buffer at an offset, leaving the position alone", function()
    finally(cleanup)
    local p = tmpfile("0123456789")
    local fd = assert(pyos.open(p, pyos.O_RDWR))
    defer(function() pyos.close(fd) end)
    local b = pyos.buffer("abcdef")
    assert.equal(2, pyos.pwrite(fd, b:view(1, 2), 3))
    assert.equal(0, fdpos(fd))
    assert.equal(6, pyos.pwrite(fd, b, 8))
    assert.equal(0, fdpos(fd))
    assert.equal("012ab567abcdef", support.readfile(p))
    assert.equal("012ab567abcdef", python(
      "import sys; print(open(sys.argv[1], 'rb').read().decode())", p))
  end)

  it("writev takes strings, Buffers and views in order", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_WRONLY))
    defer(function() pyos.close(fd) end)
    local b = pyos.buffer("BUF")
    local root = pyos.buffer("0123456789")
    assert.equal(11, pyos.writev(fd, {"ab", b, "", root:view(4, 6), pyos.buffer(0),
                                      root:view(5, 4), "\0", b:view(-1), "z"}))
    assert.is_true(support.readfile(p) == "abBUF345\0Fz")
    assert.equal(11, fdpos(fd))
  end)

  it("writev takes more Buffers than fit on the stack", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    local root = pyos.buffer(noise(400, 5))
    local vec, want = {}, {}
    for k = 1, 200 do
      vec[k] = k % 3 == 0 and root:sub(2 * k - 1, 2 * k) or root:view(2 * k - 1, 2 * k)
      want[k] = root:sub(2 * k - 1, 2 * k)
    end
    assert.equal(400, pyos.writev(w, vec))
    assert.is_true(pyos.read(r, 1000) == table.concat(want))
    assert.is_true(table.concat(want) == root:sub())
  end)

  it("pwritev writes Buffers at an offset, leaving the position alone", function()
    finally(cleanup)
    local p = tmpfile("0123456789")
    local fd = assert(pyos.open(p, pyos.O_RDWR))
    defer(function() pyos.close(fd) end)
    local b = pyos.buffer("wxyz")
    assert.equal(5, pyos.pwritev(fd, {b:view(2, 3), "-", b:view(-1), pyos.buffer("Q")}, 2))
    assert.equal(0, fdpos(fd))
    assert.equal("01xy-zQ789", support.readfile(p))
    assert.equal("01xy-zQ789", python(
      "import sys; print(open(sys.argv[1], 'rb').read().decode())", p))
  end)

  it("writev and pwritev name the bad element and write nothing", function()
    finally(cleanup)
    local p = tmpfile()
    local fd = assert(pyos.open(p, pyos.O_WRONLY))
    defer(function() pyos.close(fd) end)
    local b = pyos.buffer("x")
    raises("bad argument #2 to '.-' %(buffers%[3%]: string or pyos.Buffer expected, got number%)",
           pyos.writev, fd, {"a", b, 5})
    raises("bad argument #2 to '.-' %(buffers%[2%]: string or pyos.Buffer expected, got table%)",
           pyos.writev, fd, {b, {}})
    raises("bad argument #2 to '.-' %(buffers%[1%]: string or pyos.Buffer expected, got boolean%)",
           pyos.pwritev, fd, {true, b}, 0)
    raises("bad argument #2 to '.-' %(buffers%[2%]: string or pyos.Buffer expected, got " .. FILETYPE .. "%)",
           pyos.pwritev, fd, {b:view(), io.stdout}, 0)
    assert.equal("", support.readfile(p))
    assert.equal(0, fdpos(fd))
  end)

  it("write a view whose root is gone", function()
    finally(cleanup)
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    local function tail(s) return pyos.buffer(s):view(-6) end
    local v1, v2 = tail("garbage:PAYLD1"), tail("more...:SECND2")
    collectgarbage()
    collectgarbage()
    local junk = {}
    for k = 1, 100 do junk[k] = pyos.buffer(string.rep("#", 14)) end
    assert.equal(6, pyos.write(w, v1))
    assert.equal(12, pyos.writev(w, {v2, v1}))
    assert.equal("PAYLD1SECND2PAYLD1", pyos.read(r, 100))
    assert.equal(100, #junk)
  end)
end)

describe("a copy loop over one Buffer", function()
  -- Copy in to out with readinto and write (a view on a short read or a
  -- partial write); returns the number of reads and of short ones.
  local function copy(i, o, b)
    local reads, short = 0, 0
    while true do
      local n = assert(pyos.readinto(i, b))
      if n == 0 then break end
      reads = reads + 1
      if n < #b then short = short + 1 end
      local done = 0
      while done < n do
        local chunk = (done == 0 and n == #b) and b or b:view(done + 1, n)
        done = done + assert(pyos.write(o, chunk))
      end
    end
    return reads, short
  end

  it("copies a file of a few hundred KiB with a 64 KiB buffer", function()
    finally(cleanup)
    local dir = support.tmpdir()
    local src, dst = dir .. "/src", dir .. "/dst"
    local size = 300 * 1024 + 123
    python([[
import os, sys
with open(sys.argv[1], "wb") as f:
    f.write(os.urandom(int(sys.argv[2])))]], src, tostring(size))
    support.writefile(dst, "")
    local i = assert(pyos.open(src, pyos.O_RDONLY))
    local o = assert(pyos.open(dst, pyos.O_WRONLY))
    defer(function() closeall({i, o}) end)
    local reads, short = copy(i, o, pyos.buffer(65536))
    assert.equal(5, reads)                           -- 4 full, then 45179 bytes
    assert.equal(1, short)
    local a, b = support.readfile(src), support.readfile(dst)
    assert.equal(size, #b)
    assert.is_true(a == b, "the copy differs from the source")
    assert.equal("True", python([[
import filecmp, sys
print(filecmp.cmp(sys.argv[1], sys.argv[2], shallow=False))]], src, dst))
  end)

  it("copies what a shell pipes in, with short reads, into a file", function()
    finally(cleanup)
    local dir = support.tmpdir()
    local src, dst = dir .. "/src", dir .. "/dst"
    local content = noise(200000, 9)
    support.writefile(src, content)
    support.writefile(dst, "")
    local r, w = assert(pyos.pipe())
    assert(pyos.set_inheritable(w, true))
    local sh = assert(io.popen("for k in 1 2 3; do head -c 1000 " .. support.quote(src)
                               .. "; sleep 0.05; done >&" .. w .. "; cat "
                               .. support.quote(src) .. " >&" .. w, "r"))
    pyos.close(w)
    local o = assert(pyos.open(dst, pyos.O_WRONLY))
    defer(function() pyos.close(r); pyos.close(o); sh:close() end)
    local reads, short = copy(r, o, pyos.buffer(65536))
    local want = string.rep(content:sub(1, 1000), 3) .. content
    assert.is_true(reads >= 4)
    assert.is_true(short >= 1)
    assert.is_true(support.readfile(dst) == want, "the copy differs from what was piped")
  end)
end)

describe("pyos.readv and pyos.preadv into Buffers (Python's form)", function()
  it("readv fills the Buffers in order and returns only the total", function()
    finally(cleanup)
    local p = tmpfile("hello world, and more")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local a, b = pyos.buffer(5), pyos.buffer(7)
    local n, extra = pyos.readv(fd, {a, b})
    assert.equal(12, n)
    assert.is_nil(extra)
    assert.equal("hello", a:sub())
    assert.equal(" world,", b:sub())
    assert.equal(12, fdpos(fd))
  end)

  it("readv fills views, and stops short at end of file", function()
    finally(cleanup)
    local p = tmpfile("abcdefgh")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local root = pyos.buffer("..........")
    local n = assert(pyos.readv(fd, {root:view(2, 4), root:view(7, 12)}))
    assert.equal(7, n)                        -- 3 + the 4 the view holds
    assert.equal(".abc..defg", root:sub())
    assert.equal(1, pyos.readv(fd, {pyos.buffer(2), pyos.buffer(2)}))
    assert.equal(0, pyos.readv(fd, {pyos.buffer(2)}))
  end)

  it("readv takes more Buffers than fit on the stack", function()
    finally(cleanup)
    local content = noise(100 * 3, 4)
    local p = tmpfile(content)
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local bufs = {}
    for i = 1, 100 do bufs[i] = pyos.buffer(3) end
    assert.equal(300, pyos.readv(fd, bufs))
    local parts = {}
    for i = 1, 100 do parts[i] = bufs[i]:sub() end
    assert.is_true(table.concat(parts) == content)
  end)

  it("preadv reads at the offset, leaving the position alone", function()
    finally(cleanup)
    local p = tmpfile("0123456789")
    local fd = assert(pyos.open(p, pyos.O_RDONLY))
    defer(function() pyos.close(fd) end)
    local a, b = pyos.buffer(2), pyos.buffer(3)
    assert.equal(5, pyos.preadv(fd, {a, b}, 4))
    assert.equal("45", a:sub())
    assert.equal("678", b:sub())
    assert.equal(0, fdpos(fd))
    assert.equal(2, pyos.preadv(fd, {a, b}, 8))
    assert.equal("89", a:sub())
    assert.equal("678", b:sub())              -- untouched past the end
  end)

  it("fails as the kernel says, leaving the Buffers alone", function()
    finally(cleanup)
    local b = pyos.buffer("keep")
    oserror({errno = "EBADF", name = "OSError", str = EBADF}, pyos.readv(999, {b}))
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    oserror({errno = "ESPIPE", str = "[Errno 29] Illegal seek"}, pyos.preadv(r, {b}, 0))
    assert(pyos.set_blocking(r, false))
    oserror({errno = "EAGAIN", name = "BlockingIOError"}, pyos.readv(r, {b}))
    assert.equal("keep", b:sub())
  end)

  it("refuses sizes and Buffers mixed, naming the element", function()
    local b = pyos.buffer(2)
    raises("bad argument #2 to '.-' %(buffers%[2%]: pyos%.Buffer expected, got number",
           pyos.readv, 0, {b, 3})
    raises("bad argument #2 to '.-' %(buffers%[3%]: pyos%.Buffer expected, got string",
           pyos.preadv, 0, {b, b, "x"}, 0)
    raises("bad argument #2 to '.-' %(buffers%[2%]: integer expected, got pyos%.Buffer%)",
           pyos.readv, 0, {3, b})
  end)
end)

describe("a view whose buffer was swapped through the debug library", function()
  -- Only debug.setuservalue / debug.setfenv can cut a view from its root;
  -- then the view must raise, never read freed memory.
  local GONE = "view without its buffer"

  it("raises once its root is unreachable and collected", function()
    finally(cleanup)
    local views = {}
    for i = 1, 50 do
      local b = pyos.buffer(("x"):rep(100000))
      views[i] = b:view(10, 20)
      support.setref(views[i], nil)
    end
    collectgarbage()
    collectgarbage()
    local r, w = assert(pyos.pipe())
    defer(function() closeall({r, w}) end)
    for _, v in ipairs(views) do
      raises(GONE, v.sub, v)
      raises(GONE, v.set, v, 1, "y")
      raises(GONE, pyos.write, w, v)
      raises(GONE, pyos.readinto, r, v)
      raises(GONE, pyos.writev, w, {v})
    end
  end)

  it("raises when its reference is a buffer that does not hold its bytes", function()
    local root = pyos.buffer("0123456789")
    local v = root:view(3, 5)
    support.setref(v, pyos.buffer("ab"))
    raises(GONE, v.sub, v)
    support.setref(v, v)                      -- a view is never a root
    raises(GONE, v.byte, v)
    support.setref(v, root)                   -- the true root again: fine
    assert.equal("234", v:sub())
  end)
end)
