-- Python's pwd and grp in pyos (getpwnam, getpwuid, getpwall, getgrnam,
-- getgrgid, getgrall), checked against python3's pwd and grp on the same
-- machine; error and buffer-growth paths through spec/testkit_pwd.c, an
-- LD_PRELOAD shim, in a child (the machine's files are never touched).
local pyos = require "pyos"
local support = require "support"

local python = support.python
local raises = support.assert_raises
local quote = support.quote
-- What Lua's own assert does (busted replaces the global one).
local function luaassert(v, msg, ...)
  if not v then error(msg, 2) end
  return v, msg, ...
end

-- A field as the lines below show it: hex bytes, "=" for "", "-" for nil.
local function hex(s)
  if s == nil then return "-" end
  if s == "" then return "=" end
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local function id(n) return string.format("%d", n) end

-- One line per entry, the same from Lua and from python3 (PYDEFS).
local function pwline(p)
  return table.concat({hex(p.pw_name), hex(p.pw_passwd), id(p.pw_uid),
    id(p.pw_gid), hex(p.pw_gecos), hex(p.pw_dir), hex(p.pw_shell),
    hex(tostring(p))}, " ")
end

local function grline(g)
  local t = {hex(g.gr_name), hex(g.gr_passwd), id(g.gr_gid), hex(tostring(g))}
  for _, m in ipairs(g.gr_mem) do t[#t + 1] = hex(m) end
  return table.concat(t, " ")
end

local PYDEFS = [[
import os, sys, pwd, grp
def h(s):
    if s is None: return "-"
    return os.fsencode(s).hex() or "="
def pwline(p):
    return " ".join([h(p.pw_name), h(p.pw_passwd), str(p.pw_uid), str(p.pw_gid),
                     h(p.pw_gecos), h(p.pw_dir), h(p.pw_shell), h(repr(p))])
def grline(g):
    return " ".join([h(g.gr_name), h(g.gr_passwd), str(g.gr_gid), h(repr(g))]
                    + [h(m) for m in g.gr_mem])
def err(f, *a):
    try:
        f(*a)
        return "found"
    except KeyError as e:
        return h(str(e)) + " " + h(e.args[0])
]]

local function lines(s)
  local t = {}
  for line in (s .. "\n"):gmatch("(.-)\n") do t[#t + 1] = line end
  if t[#t] == "" then t[#t] = nil end
  return t
end

-- Assert the KeyError failure: nil, msg, nil, err, msg == Python's
-- str(e) and err.args[1] its e.args[0] (pyline: "hex(str) hex(args[0])").
local function assert_keyerror(pyline, ok, msg, code, err, ...)
  assert.is_nil(ok)
  assert.equal(0, select("#", ...))
  assert.is_nil(code)
  assert.equal("string", type(msg))
  assert.equal("KeyError", err.name)
  assert.equal(msg, tostring(err))
  assert.are_not.equal(pyos.OSError, getmetatable(err))
  assert.equal(pyline, hex(msg) .. " " .. hex(err.args[1]))
end

-- The misuse cases that check the caller's line call in a local
-- assignment: a tail call leaves no caller frame on LuaJIT.
describe("pyos.getpwall / pyos.getgrall", function()
  it("give python3's entries, in its order, with its repr", function()
    local py = lines(python(PYDEFS .. [[
for p in pwd.getpwall(): print(pwline(p))]]))
    local all = assert(pyos.getpwall())
    assert.is_true(#all >= 1)
    local mine = {}
    for i, p in ipairs(all) do mine[i] = pwline(p) end
    assert.same(py, mine)
  end)

  it("give python3's groups, members included", function()
    local py = lines(python(PYDEFS .. [[
for g in grp.getgrall(): print(grline(g))]]))
    local all = assert(pyos.getgrall())
    assert.is_true(#all >= 1)
    local mine = {}
    for i, g in ipairs(all) do mine[i] = grline(g) end
    assert.same(py, mine)
  end)

  it("take no argument", function()
    raises("^.-pwd_spec%.lua:%d+: bad argument #1 to 'pyos%.getpwall'", function()
      local r = pyos.getpwall(1); return r
    end)
    raises("bad argument #1 to 'pyos%.getgrall'", pyos.getgrall, {})
  end)
end)

describe("pyos.getpwnam / pyos.getpwuid", function()
  it("find every user by name and by uid as python3 does", function()
    local all = assert(pyos.getpwall())
    local args = {}
    for _, p in ipairs(all) do args[#args + 1] = p.pw_name end
    for _, p in ipairs(all) do args[#args + 1] = id(p.pw_uid) end
    local py = lines(python(PYDEFS .. [[
n = len(sys.argv[1:]) // 2
for name in sys.argv[1:n + 1]: print(pwline(pwd.getpwnam(name)))
for uid in sys.argv[n + 1:]: print(pwline(pwd.getpwuid(int(uid))))]],
      (table.unpack or unpack)(args)))
    local mine = {}
    for _, p in ipairs(all) do mine[#mine + 1] = pwline(assert(pyos.getpwnam(p.pw_name))) end
    for _, p in ipairs(all) do mine[#mine + 1] = pwline(assert(pyos.getpwuid(p.pw_uid))) end
    assert.same(py, mine)
    assert.equal("root", pyos.getpwuid(0).pw_name)
    assert.equal(0, pyos.getpwnam("root").pw_uid)
  end)

  it("return python3's KeyError text for a missing name or uid", function()
    local names = {"pyos_no_such_user", "it's", "a\"b'c", "\255\254", "",
                   "tab\there", "\195\169t\195\169", "back\\slash"}
    local free = python(PYDEFS .. [[
u = 1234
while True:
    try: pwd.getpwuid(u); u += 1
    except KeyError: break
print(u)]])
    local uids = {tonumber(free), 2^31, -1, 4294967295, 2^32, 2^53, -2, -2^40}
    local args = {}
    for i, n in ipairs(names) do args[i] = n end
    for _, u in ipairs(uids) do args[#args + 1] = id(u) end
    local py = lines(python(PYDEFS .. [[
a = sys.argv[1:]
for name in a[:8]: print(err(pwd.getpwnam, name))
for uid in a[8:]: print(err(pwd.getpwuid, int(uid)))]],
      (table.unpack or unpack)(args)))
    assert.equal(#names + #uids, #py)
    for i, n in ipairs(names) do
      assert_keyerror(py[i], pyos.getpwnam(n))
    end
    for i, u in ipairs(uids) do
      assert_keyerror(py[#names + i], pyos.getpwuid(u))
    end
    if support.hasintegers then
      assert_keyerror(py[#names + 6], pyos.getpwuid(math.tointeger(2^53)))
      assert_keyerror(py[#names + 6], pyos.getpwuid(math.maxinteger))
    end
    assert_keyerror(py[#names + 6], pyos.getpwuid(2^100))
  end)

  it("raise on misuse, naming the function at the caller's line", function()
    raises("^.-pwd_spec%.lua:%d+: bad argument #1 to 'pyos%.getpwnam' %(embedded null byte%)",
      function() local r = pyos.getpwnam("ro\0ot"); return r end)
    raises("bad argument #1 to 'pyos%.getpwnam' %(string expected, got number%)", pyos.getpwnam, 0)
    raises("bad argument #1 to 'pyos%.getpwnam' %(string expected, got nil%)", pyos.getpwnam)
    raises("bad argument #2 to 'pyos%.getpwnam'", pyos.getpwnam, "root", {})
    raises("^.-pwd_spec%.lua:%d+: bad argument #1 to 'pyos%.getpwuid' %(number has no integer representation%)",
      function() local r = pyos.getpwuid(1.5); return r end)
    raises("bad argument #1 to 'pyos%.getpwuid' %(number has no integer representation%)", pyos.getpwuid, 0/0)
    raises("bad argument #1 to 'pyos%.getpwuid' %(number has no integer representation%)", pyos.getpwuid, math.huge)
    raises("bad argument #1 to 'pyos%.getpwuid' %(integer expected, got string%)", pyos.getpwuid, "0")
    raises("bad argument #1 to 'pyos%.getpwuid' %(integer expected, got nil%)", pyos.getpwuid)
    raises("bad argument #2 to 'pyos%.getpwuid'", pyos.getpwuid, 0, 0)
  end)
end)

describe("pyos.getgrnam / pyos.getgrgid", function()
  it("find every group by name and by gid as python3 does", function()
    local all = assert(pyos.getgrall())
    local args = {}
    for _, g in ipairs(all) do args[#args + 1] = g.gr_name end
    for _, g in ipairs(all) do args[#args + 1] = id(g.gr_gid) end
    local py = lines(python(PYDEFS .. [[
n = len(sys.argv[1:]) // 2
for name in sys.argv[1:n + 1]: print(grline(grp.getgrnam(name)))
for gid in sys.argv[n + 1:]: print(grline(grp.getgrgid(int(gid))))]],
      (table.unpack or unpack)(args)))
    local mine = {}
    for _, g in ipairs(all) do mine[#mine + 1] = grline(assert(pyos.getgrnam(g.gr_name))) end
    for _, g in ipairs(all) do mine[#mine + 1] = grline(assert(pyos.getgrgid(g.gr_gid))) end
    assert.same(py, mine)
    assert.equal("root", pyos.getgrgid(0).gr_name)
  end)

  it("return python3's KeyError text for a missing name or gid", function()
    local names = {"pyos_no_such_group", "it's", "\255", ""}
    local free = python(PYDEFS .. [[
g = 1234
while True:
    try: grp.getgrgid(g); g += 1
    except KeyError: break
print(g)]])
    local gids = {tonumber(free), 2^31, -1, 4294967295}
    local args = {}
    for i, n in ipairs(names) do args[i] = n end
    for _, g in ipairs(gids) do args[#args + 1] = id(g) end
    local py = lines(python(PYDEFS .. [[
a = sys.argv[1:]
for name in a[:4]: print(err(grp.getgrnam, name))
for gid in a[4:]: print(err(grp.getgrgid, int(gid)))]],
      (table.unpack or unpack)(args)))
    assert.equal(#names + #gids, #py)
    for i, n in ipairs(names) do assert_keyerror(py[i], pyos.getgrnam(n)) end
    for i, g in ipairs(gids) do assert_keyerror(py[#names + i], pyos.getgrgid(g)) end
  end)

  it("raise for a gid outside -1 .. 2^32-1, as Python's OverflowError", function()
    local py = python([[
import grp
for g in (-2, 2**32):
    try: grp.getgrgid(g)
    except OverflowError as e: print(type(e).__name__)]])
    assert.equal("OverflowError\nOverflowError", py)
    raises("^.-pwd_spec%.lua:%d+: bad argument #1 to 'pyos%.getgrgid' %(value out of range %[%-1, 4294967295%]%)",
      function() local r = pyos.getgrgid(-2); return r end)
    raises("bad argument #1 to 'pyos%.getgrgid' %(value out of range", pyos.getgrgid, 2^32)
    raises("bad argument #1 to 'pyos%.getgrgid' %(number has no integer representation%)", pyos.getgrgid, 0.5)
    raises("bad argument #1 to 'pyos%.getgrnam' %(embedded null byte%)", pyos.getgrnam, "a\0")
    raises("bad argument #1 to 'pyos%.getgrnam' %(string expected, got table%)", pyos.getgrnam, {})
    raises("bad argument #2 to 'pyos%.getgrgid'", pyos.getgrgid, 0, 0)
  end)
end)

describe("struct_passwd and struct_group", function()
  it("hold the named fields and [1..n] in Python's order", function()
    local p = assert(pyos.getpwuid(0))
    local fields = {"pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos",
                    "pw_dir", "pw_shell"}
    for i, f in ipairs(fields) do assert.equal(p[f], p[i], f) end
    assert.equal(7, #p)
    assert.equal("pyos.struct_passwd", getmetatable(p).__name)
    if support.hasintegers then assert.equal("integer", math.type(p.pw_uid)) end
    local g = assert(pyos.getgrgid(0))
    local gfields = {"gr_name", "gr_passwd", "gr_gid", "gr_mem"}
    for i, f in ipairs(gfields) do assert.equal(g[f], g[i], f) end
    assert.equal(4, #g)
    assert.equal("table", type(g.gr_mem))
    assert.equal("pyos.struct_group", getmetatable(g).__name)
    assert.equal("pwd.struct_passwd(pw_name='root', pw_passwd=",
                 tostring(p):sub(1, #"pwd.struct_passwd(pw_name='root', pw_passwd="))
    -- a fresh table each call: changing one changes no other
    p.pw_name = "changed"
    assert.equal("root", pyos.getpwuid(0).pw_name)
  end)

  it("are the same functions in pyos.sys", function()
    for _, n in ipairs({"getpwnam", "getpwuid", "getpwall", "getgrnam",
                        "getgrgid", "getgrall"}) do
      assert.equal("function", type(pyos[n]), n)
      assert.equal(pyos.sys[n], pyos[n], n)
    end
  end)
end)

describe("the KeyError object", function()
  it("is Python's text: tostring, concat, args", function()
    local ok, msg, code, err = pyos.getpwnam("pyos_nobody")
    assert.is_nil(ok)
    assert.is_nil(code)
    assert.equal("\"getpwnam(): name not found: 'pyos_nobody'\"", msg)
    assert.equal(msg, tostring(err))
    assert.equal("getpwnam(): name not found: 'pyos_nobody'", err.args[1])
    assert.equal("x: " .. msg, "x: " .. err)
    assert.equal(msg .. "!", err .. "!")
    assert.equal("KeyError", getmetatable(err).__name)
    assert.is_nil(pyos.OSError.of(err))
    -- assert raises the text
    local ok2, e = pcall(function() return luaassert(pyos.getpwuid(-1)) end)
    assert.is_false(ok2)
    assert.truthy(e:find("'getpwuid(): uid not found: -1'", 1, true))
  end)
end)

-- The shim in a child: PYOS_PWFAKE=mode, the runtime of this run, and the
-- preload of make check (the ASan runtime first) kept in front.
local SHIM
for template in package.cpath:gmatch("[^;]+") do
  local f = template:gsub("%?", "pyos_testkit_pwd")
  local h = io.open(f, "rb")
  if h then h:close(); SHIM = f; break end
end

local function faked(mode, script)
  local preload = os.getenv("LD_PRELOAD") or ""
  if preload ~= "" then preload = preload .. " " end
  local out, ok = support.sh("PYOS_PWFAKE=" .. quote(mode) .. " LD_PRELOAD="
    .. quote(preload .. SHIM) .. " " .. support.runtime .. " -e " .. quote(
    "local pyos = require 'pyos'\n" .. script))
  assert(ok, out)
  return out
end

local PRINTALL = [[
local function show(...)
  local t = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    t[i] = type(v) == "table" and (v.name or "table") or tostring(v)
  end
  print(table.concat(t, "|"))
end
show(pyos.getpwnam("root"))
show(pyos.getpwuid(0))
show(pyos.getgrnam("root"))
show(pyos.getgrgid(0))
show(pyos.getpwall())
show(pyos.getgrall())
]]

describe("look-up failures and big entries (LD_PRELOAD shim)", function()
  it("finds the shim", function()
    assert.is_string(SHIM)
  end)

  it("return the OSError of an error from the _r calls (EIO)", function()
    local e = "nil|[Errno 5] Input/output error|5|OSError"
    assert.equal(table.concat({e, e, e, e, e, e}, "\n") .. "\n", faked("eio", PRINTALL))
  end)

  it("read ENOENT from a look-up as not found", function()
    local out = faked("enoent", PRINTALL)
    local l = lines(out)
    assert.equal("nil|\"getpwnam(): name not found: 'root'\"|nil|KeyError", l[1])
    assert.equal("nil|'getpwuid(): uid not found: 0'|nil|KeyError", l[2])
    assert.equal("nil|\"getgrnam(): name not found: 'root'\"|nil|KeyError", l[3])
    assert.equal("nil|'getgrgid(): gid not found: 0'|nil|KeyError", l[4])
    assert.equal("table", l[5])       -- enumeration is not faked in this mode
  end)

  it("fail with ERANGE once the buffer reached its cap", function()
    local e = "nil|[Errno 34] Numerical result out of range|34|OSError"
    assert.equal(table.concat({e, e, e, e, e, e}, "\n") .. "\n", faked("erange", PRINTALL))
  end)

  it("grow the buffer on ERANGE", function()
    local script = [[
local p = assert(pyos.getpwnam("root"))
print(p.pw_name, p.pw_uid, assert(pyos.getpwuid(0)).pw_dir)
local g = assert(pyos.getgrgid(0))
print(g.gr_name, assert(pyos.getgrnam("root")).gr_gid)
print(#assert(pyos.getpwall()), #assert(pyos.getgrall()))
]]
    local out = faked("grow:300000", script)
    assert.equal(string.format("root\t0\t%s\nroot\t0\n%d\t%d\n",
      pyos.getpwuid(0).pw_dir, #pyos.getpwall(), #pyos.getgrall()), out)
  end)

  it("return entries far bigger than the first buffers", function()
    local script = [[
local p = assert(pyos.getpwuid(0))
print(#p.pw_gecos, p.pw_gecos == string.rep("g", 200000), p.pw_name, p.pw_shell)
local g = assert(pyos.getgrnam("root"))
print(#g.gr_mem, g.gr_mem[1], g.gr_mem[50000], g.gr_name)
local all = assert(pyos.getpwall())
local n = 0
for _, e in ipairs(all) do if #e.pw_gecos == 200000 then n = n + 1 end end
print(#all, n)
local gall = assert(pyos.getgrall())
n = 0
for _, e in ipairs(gall) do if #e.gr_mem == 50000 and e.gr_mem[50000] == "m50000" then n = n + 1 end end
print(#gall, n)
]]
    local out = faked("big:200000", script:gsub("50000", "200000"))
    local np, ng = #pyos.getpwall(), #pyos.getgrall()
    assert.equal(string.format(
      "200000\ttrue\troot\t%s\n200000\tm1\tm200000\troot\n%d\t%d\n%d\t%d\n",
      pyos.getpwuid(0).pw_shell, np, np, ng, ng), out)
  end)
end)

describe("pyos.path.expanduser through getpwnam/getpwuid", function()
  it("expands ~user and ~ (HOME unset) as python3", function()
    local py = python([[
import os, os.path as P
os.environ.pop("HOME", None)
for p in ("~root/x", "~root", "~pyos_no_such_user/x", "~", "~/a"):
    print(P.expanduser(p))]])
    local out = support.sh("env -u HOME " .. support.luacmd() .. " -e " .. quote([[
local P = require "pyos.path"
for _, p in ipairs({"~root/x", "~root", "~pyos_no_such_user/x", "~", "~/a"}) do
  print(P.expanduser(p))
end]]))
    assert.equal(py .. "\n", out)
  end)
end)
