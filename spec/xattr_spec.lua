-- pyos.xattr: Linux extended attributes, checked against python3's
-- os.getxattr/listxattr on the same file.
local pyos = require "pyos"
local support = require "support"

local raises = support.assert_raises
local python = support.python
local quote = support.quote

-- Python code that prints the hex of a value, and reads one from hex.
local PYGET = [[
import os, sys
print(os.getxattr(sys.argv[1], sys.argv[2], follow_symlinks=sys.argv[3] == "1").hex())]]
local PYSET = [[
import os, sys
os.setxattr(sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3]))]]
local PYLIST = [[
import os, sys
follow = len(sys.argv) < 3
print("\n".join(sorted(os.listxattr(sys.argv[1], follow_symlinks=follow))))]]

local function hex(s)
  return (s:gsub(".", function(c) return ("%02x"):format(c:byte()) end))
end

local function pyget(path, name, follow)
  return python(PYGET, path, name, follow == false and "0" or "1")
end

local function pylist(path, nofollow)
  local t = {}
  local out = nofollow and python(PYLIST, path, "nofollow") or python(PYLIST, path)
  for name in (out .. "\n"):gmatch("(.-)\n") do
    if name ~= "" then t[#t + 1] = name end
  end
  return t
end

local function sorted(t)
  local c = {}
  for i, v in ipairs(t) do c[i] = v end
  table.sort(c)
  return c
end

-- A directory whose filesystem takes user.* attributes: the spec's temp
-- dir, else one under /var/tmp, else one under the build directory.
-- Returns it, or nil and the reasons. The probe goes through python3.
local function xattrdir()
  local reasons = {}
  local candidates = {
    function() return support.tmpdir() end,
    function()
      local out, ok = support.sh("mktemp -d /var/tmp/pyos-spec.XXXXXX")
      return ok and out:gsub("\n$", "") or nil
    end,
    function()
      local out, ok = support.sh("mkdir -p build && mktemp -d \"$PWD/build/xattr.XXXXXX\"")
      return ok and out:gsub("\n$", "") or nil
    end,
  }
  local made = {}
  for _, make in ipairs(candidates) do
    local dir = make()
    if dir then
      if not dir:match("^/tmp/pyos%-spec") then made[#made + 1] = dir end
      local out = python([[
import os, sys
p = os.path.join(sys.argv[1], "probe")
open(p, "w").close()
try:
    os.setxattr(p, "user.probe", b"1")
    print("ok")
except OSError as e:
    print(e)
os.unlink(p)]], dir)
      if out == "ok" then return dir, made end
      reasons[#reasons + 1] = dir .. ": " .. out
    end
  end
  return nil, made, table.concat(reasons, "; ")
end

describe("pyos.xattr", function()
  local dir, file, extra

  before_each(function()
    local made, why
    dir, made, why = xattrdir()
    extra = made
    if dir then
      file = dir .. "/f"
      support.writefile(file, "data")
    else
      print("xattr spec skipped: no filesystem with user.* attributes (" .. why .. ")")
    end
  end)

  after_each(function()
    for _, d in ipairs(extra or {}) do os.execute("rm -rf " .. quote(d)) end
    support.cleanup()
  end)

  local function need()
    if not dir then
      pending("no filesystem with user.* attributes")
      return false
    end
    return true
  end

  it("has the constants of Python", function()
    local out = python("import os; print(os.XATTR_CREATE, os.XATTR_REPLACE, os.XATTR_SIZE_MAX)")
    assert.equal(out, pyos.XATTR_CREATE .. " " .. pyos.XATTR_REPLACE .. " "
                      .. pyos.XATTR_SIZE_MAX)
    assert.equal(65536, pyos.XATTR_SIZE_MAX)
  end)

  it("sets values Python reads, and reads values Python set", function()
    if not need() then return end
    local value = "a\0b\255\0"
    assert.is_true(pyos.setxattr(file, "user.mine", value))
    assert.equal(hex(value), pyget(file, "user.mine"))
    python(PYSET, file, "user.theirs", "00ff0041")
    assert.equal("\0\255\0A", pyos.getxattr(file, "user.theirs"))
    assert.same({"user.mine", "user.theirs"}, sorted(pyos.listxattr(file)))
    assert.same(pylist(file), sorted(pyos.listxattr(file)))
    assert.is_true(pyos.setxattr(file, "user.empty", ""))
    assert.equal("", pyos.getxattr(file, "user.empty"))
    assert.equal("", pyget(file, "user.empty"))
  end)

  it("sizes buffers by asking the kernel: large values and many names", function()
    if not need() then return end
    local big = {}
    for i = 1, 3000 do big[i] = string.char(i % 256) end
    big = table.concat(big)
    assert.is_true(pyos.setxattr(file, "user.big", big))
    assert.equal(big, pyos.getxattr(file, "user.big"))
    assert.equal(hex(big), pyget(file, "user.big"))
    local names = {}
    for i = 1, 40 do
      names[i] = ("user.name%03d"):format(i)
      assert.is_true(pyos.setxattr(file, names[i], tostring(i)))
    end
    names[#names + 1] = "user.big"
    table.sort(names)
    assert.same(names, sorted(pyos.listxattr(file)))
    assert.same(pylist(file), sorted(pyos.listxattr(file)))
  end)

  it("honours XATTR_CREATE and XATTR_REPLACE", function()
    if not need() then return end
    support.assert_oserror({errno = "ENODATA", name = "OSError", filename = file,
                            str = "[Errno 61] No data available: '" .. file .. "'"},
                           pyos.setxattr(file, "user.x", "1", pyos.XATTR_REPLACE))
    assert.is_true(pyos.setxattr(file, "user.x", "1", pyos.XATTR_CREATE))
    support.assert_oserror({errno = "EEXIST", name = "FileExistsError", filename = file,
                            str = "[Errno 17] File exists: '" .. file .. "'"},
                           pyos.setxattr(file, "user.x", "2", {flags = pyos.XATTR_CREATE}))
    assert.is_true(pyos.setxattr(file, "user.x", "3", pyos.XATTR_REPLACE))
    assert.equal(hex("3"), pyget(file, "user.x"))
  end)

  it("removes attributes", function()
    if not need() then return end
    python(PYSET, file, "user.gone", "31")
    assert.is_true(pyos.removexattr(file, "user.gone"))
    assert.same({}, pylist(file))
    assert.same({}, pyos.listxattr(file))
    support.assert_oserror({errno = "ENODATA", filename = file,
                            str = "[Errno 61] No data available: '" .. file .. "'"},
                           pyos.removexattr(file, "user.gone"))
  end)

  it("takes an open fd as the path", function()
    if not need() then return end
    local fd = assert(pyos.open(file, pyos.O_RDONLY))
    finally(function() pyos.close(fd) end)
    assert.is_true(pyos.setxattr(fd, "user.fd", "via fd"))
    assert.equal(hex("via fd"), pyget(file, "user.fd"))
    assert.equal("via fd", pyos.getxattr(fd, "user.fd"))
    assert.same({"user.fd"}, pyos.listxattr(fd))
    assert.is_true(pyos.removexattr(fd, "user.fd"))
    assert.same({}, pyos.listxattr(fd))
    raises("cannot use fd and follow_symlinks together", pyos.getxattr, fd, "user.fd",
           {follow_symlinks = false})
    raises("cannot use fd and follow_symlinks together", pyos.listxattr, fd,
           {follow_symlinks = false})
  end)

  it("reports a bad fd by number, as Python", function()
    local str = python([[
import os
try:
    os.getxattr(999, "user.x")
except OSError as e:
    print(e)]])
    assert.equal("[Errno 9] Bad file descriptor: 999", str)
    support.assert_oserror({errno = "EBADF", str = str, filename = 999},
                           pyos.getxattr(999, "user.x"))
    support.assert_oserror({errno = "EBADF", str = str}, pyos.listxattr(999))
    support.assert_oserror({errno = "EBADF", str = str}, pyos.setxattr(999, "user.x", ""))
    support.assert_oserror({errno = "EBADF", str = str}, pyos.removexattr(999, "user.x"))
  end)

  it("follows symlinks unless told not to", function()
    if not need() then return end
    local link = dir .. "/link"
    assert(support.sh("ln -s f " .. quote(link)))
    python(PYSET, file, "user.t", "7a")
    assert.equal("z", pyos.getxattr(link, "user.t"))
    assert.same({"user.t"}, pyos.listxattr(link))
    local want = python([[
import os, sys
try:
    os.getxattr(sys.argv[1], "user.t", follow_symlinks=False)
except OSError as e:
    print(e.errno, e)]], link)
    local err = support.assert_oserror({filename = link}, pyos.getxattr(link, "user.t",
                                       {follow_symlinks = false}))
    assert.equal(want, err.errno .. " " .. tostring(err))
    assert.same(pylist(link, true), sorted(pyos.listxattr(link, {follow_symlinks = false})))
    assert.same({"user.t"}, pylist(link))
    -- user.* attributes are not allowed on a symlink itself
    local ok, _, _, serr = pyos.setxattr(link, "user.t", "x", 0, {follow_symlinks = false})
    assert.is_nil(ok)
    assert.equal("PermissionError", serr.name)
    local rok, _, _, rerr = pyos.removexattr(link, "user.t", {follow_symlinks = false})
    assert.is_nil(rok)
    assert.equal(link, rerr.filename)
    assert.is_true(pyos.removexattr(link, "user.t"))
    assert.same({}, pylist(file))
  end)

  it("lists '.' when the path is nil", function()
    if not need() then return end
    local out = python([[
import os, sys
os.chdir(sys.argv[1])
print(os.listxattr() == os.listxattr("."))]], dir)
    assert.equal("True", out)
    local cwd = assert(pyos.getcwd())
    finally(function() pyos.chdir(cwd) end)
    python(PYSET, dir, "user.dir", "31")
    assert.is_true(pyos.chdir(dir))
    assert.same({"user.dir"}, pyos.listxattr())
    assert.same({"user.dir"}, pyos.listxattr(nil))
    assert.same({"user.dir"}, pyos.listxattr(nil, {follow_symlinks = true}))
  end)

  it("names the file in errors, as Python does", function()
    local missing = "/nonexistent/pyos-x"
    local want = python([[
import os, sys
p = sys.argv[1]
for f in (lambda: os.getxattr(p, "user.a"), lambda: os.setxattr(p, "user.a", b""),
          lambda: os.listxattr(p), lambda: os.removexattr(p, "user.a")):
    try:
        f()
    except OSError as e:
        print(e)]], missing)
    local got = {}
    for _, r in ipairs({{pyos.getxattr(missing, "user.a")},
                        {pyos.setxattr(missing, "user.a", "")},
                        {pyos.listxattr(missing)},
                        {pyos.removexattr(missing, "user.a")}}) do
      local err = support.assert_oserror({errno = "ENOENT", name = "FileNotFoundError",
                                          filename = missing}, r[1], r[2], r[3], r[4])
      got[#got + 1] = tostring(err)
    end
    assert.equal(want, table.concat(got, "\n"))
  end)

  it("matches Python on namespaces the kernel refuses", function()
    if not need() then return end
    local want = python([[
import os, sys
for n in ("nonamespace", "bogus.x", ""):
    try:
        os.getxattr(sys.argv[1], n)
    except OSError as e:
        print(e.errno, e)]], file)
    local got = {}
    for _, n in ipairs({"nonamespace", "bogus.x", ""}) do
      local _, _, _, err = pyos.getxattr(file, n)
      got[#got + 1] = err.errno .. " " .. tostring(err)
    end
    assert.equal(want, table.concat(got, "\n"))
  end)

  it("raises on bad arguments", function()
    local f = file or "/"
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.getxattr, "a\0b", "user.x")
    raises("bad argument #2 to '.-' %(embedded null byte%)", pyos.getxattr, f, "user.\0x")
    raises("bad argument #2 to '.-' %(embedded null byte%)", pyos.setxattr, f, "user.\0x", "")
    raises("bad argument #2 to '.-' %(embedded null byte%)", pyos.removexattr, f, "user.\0")
    raises("bad argument #2 to '.-' %(string or path%-like expected, got nil%)",
           pyos.getxattr, f)
    raises("bad argument #3 to '.-' %(string expected, got nil%)", pyos.setxattr, f, "user.x")
    raises("bad argument #4 to '.-' %(number has no integer representation%)",
           pyos.setxattr, f, "user.x", "", 0.5)
    raises("given both by position and as an option", pyos.setxattr, f, "user.x", "", 0,
           {flags = 0})
    raises("unknown option 'follow_symlink'", pyos.getxattr, f, "user.x",
           {follow_symlink = false})
    raises("option 'follow_symlinks': boolean expected", pyos.listxattr, f,
           {follow_symlinks = 0})
    raises("too many arguments", pyos.removexattr, f, "user.x", {}, 1)
    raises("bad argument #1 to 'pyos.listxattr' %(string, integer or path%-like expected, got boolean%)",
           pyos.listxattr, true)
  end)
end)
