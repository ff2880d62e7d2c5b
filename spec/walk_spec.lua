-- walk and fwalk, checked against python3's os.walk and os.fwalk on the
-- same trees (the order of the roots exactly; each directory's lists
-- sorted), and for the descriptors fwalk holds (testkit.fds()).
local pyos = require "pyos"
local support = require "support"
local testkit = require "pyos_testkit"

local raises = support.assert_raises
local oserror = support.assert_oserror
local python = support.python
local sh = support.sh
local quote = support.quote

local HAVE_CLOSE = _VERSION == "Lua 5.4"

local function run(cmd)
  local out, ok = sh(cmd)
  assert(ok, out)
end

-- dirs, files, symlinks to both, a broken symlink, a fifo, a symlink
-- cycle, a symlink to a directory that holds more.
local function maketree()
  local dir = support.tmpdir()
  run("cd " .. quote(dir) .. " && mkdir -p a/b/c a/e x/y z && touch f a/g a/b/h a/b/c/i x/y/j"
    .. " && ln -s ../x a/lx && ln -s f lf && ln -s nowhere broken && mkfifo a/p"
    .. " && ln -s .. a/b/up && ln -s loop loop && touch z/k")
  return dir
end

-- python3's walk as lines "root|dir,dir|file,file" (lists sorted).
local PYWALK = [[
import os, sys
top, how, follow = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
topdown = how == "td"
if sys.argv[4] == "fwalk":
    it = ((r, d, f) for r, d, f, fd in os.fwalk(top, topdown=topdown, follow_symlinks=follow))
else:
    it = os.walk(top, topdown=topdown, followlinks=follow)
for root, dirs, files in it:
    print("%s|%s|%s" % (root, ",".join(sorted(dirs)), ",".join(sorted(files))))
    if topdown:
        dirs[:] = [d for d in dirs if not d.startswith("skip")]
]]

local function pywalk(top, topdown, follow, which)
  local out = python(PYWALK, top, topdown and "td" or "bu", follow and "1" or "0",
                     which or "walk")
  local t = {}
  for line in (out .. "\n"):gmatch("([^\n]*)\n") do
    if line ~= "" then t[#t + 1] = line end
  end
  return t
end

local function sorted(t)
  local c = {}
  for i, v in ipairs(t) do c[i] = v end
  table.sort(c)
  return table.concat(c, ",")
end

-- The same lines from a pyos walk (pruning "skip*" as the script does).
local function luawalk(iter, topdown)
  local t = {}
  for root, dirs, files in iter do
    t[#t + 1] = root .. "|" .. sorted(dirs) .. "|" .. sorted(files)
    if topdown then
      for i = #dirs, 1, -1 do
        if dirs[i]:sub(1, 4) == "skip" then table.remove(dirs, i) end
      end
    end
  end
  return t
end

describe("pyos.walk", function()
  it("visits what python3's os.walk visits, top-down and bottom-up", function()
    finally(support.cleanup)
    local dir = maketree()
    run("mkdir -p " .. quote(dir .. "/skipme/deep") .. " " .. quote(dir .. "/a/skip2"))
    for _, topdown in ipairs({true, false}) do
      for _, follow in ipairs({false, true}) do
        local want = pywalk(dir, topdown, follow)
        local got = luawalk(pyos.walk(dir, topdown, nil, follow), topdown)
        assert.same(want, got)
        assert.same(want, luawalk(pyos.walk(dir, {topdown = topdown, followlinks = follow}),
                                  topdown))
      end
    end
  end)

  it("prunes: a name removed from dirs is not visited", function()
    finally(support.cleanup)
    local dir = maketree()
    local roots = {}
    for root, dirs in pyos.walk(dir) do
      roots[#roots + 1] = root
      for i = #dirs, 1, -1 do
        if dirs[i] == "a" then table.remove(dirs, i) end
      end
    end
    table.sort(roots)
    assert.same({dir, dir .. "/x", dir .. "/x/y", dir .. "/z"}, roots)
  end)

  it("descends into a name the caller added, unless it is a symlink", function()
    finally(support.cleanup)
    local dir = maketree()
    local roots = {}
    for root, dirs in pyos.walk(dir) do
      roots[#roots + 1] = root
      if root == dir then
        run("mkdir " .. quote(dir .. "/late") .. " && ln -s x " .. quote(dir .. "/latelink"))
        for i = #dirs, 1, -1 do dirs[i] = nil end
        dirs[1], dirs[2] = "late", "latelink"
      end
    end
    assert.same({dir, dir .. "/late"}, roots)
  end)

  it("does not loop on a symlink cycle; with followlinks does what Python does", function()
    finally(support.cleanup)
    local dir = support.tmpdir()
    run("mkdir " .. quote(dir .. "/a") .. " && ln -s . " .. quote(dir .. "/a/cyc"))
    local n = 0
    for _ in pyos.walk(dir) do n = n + 1 end
    assert.equal(2, n)
    local want = pywalk(dir, true, true)
    assert.equal(42, #want)
    assert.same(want, luawalk(pyos.walk(dir, {followlinks = true}), true))
  end)

  it("follows a symlinked top, as Python", function()
    finally(support.cleanup)
    local dir = maketree()
    local top = dir .. "/a/lx"
    assert.same(pywalk(top, true, false), luawalk(pyos.walk(top), true))
    assert.same(pywalk(top, false, false), luawalk(pyos.walk(top, false), false))
  end)

  it("calls onerror with the OSError and goes on", function()
    finally(support.cleanup)
    local dir = maketree()
    local errs = {}
    local function onerror(err) errs[#errs + 1] = err end
    for _ in pyos.walk(dir .. "/none", {onerror = onerror}) do error("yielded") end
    assert.equal(1, #errs)
    oserror({errno = "ENOENT", name = "FileNotFoundError", filename = dir .. "/none",
             str = "[Errno 2] No such file or directory: '" .. dir .. "/none'"},
            nil, tostring(errs[1]), errs[1].errno, errs[1])
    for _ in pyos.walk(dir .. "/f", nil, onerror) do error("yielded") end
    oserror({errno = "ENOTDIR", str = "[Errno 20] Not a directory: '" .. dir .. "/f'"},
            nil, tostring(errs[2]), errs[2].errno, errs[2])
    for _ in pyos.walk(dir .. "/none") do error("yielded") end   -- no onerror: silent
  end)

  it("reports a directory that vanishes mid-walk and visits the rest", function()
    finally(support.cleanup)
    local dir = maketree()
    local errs, roots = {}, {}
    for root in pyos.walk(dir, {onerror = function(e) errs[#errs + 1] = e end}) do
      roots[#roots + 1] = root
      if root == dir then run("rm -rf " .. quote(dir .. "/a")) end
    end
    assert.equal(1, #errs)
    assert.equal(dir .. "/a", errs[1].filename)
    assert.equal(pyos.errno.ENOENT, errs[1].errno)
    table.sort(roots)
    assert.same({dir, dir .. "/x", dir .. "/x/y", dir .. "/z"}, roots)
  end)

  it("lets an error raised by onerror through", function()
    local ok, msg = pcall(function()
      for _ in pyos.walk("/nonexistent-pyos", {onerror = function() error("stop!") end}) do end
    end)
    assert.is_false(ok)
    assert.truthy(tostring(msg):find("stop!", 1, true))
  end)

  it("takes a path-like top", function()
    finally(support.cleanup)
    local dir = maketree()
    local p = setmetatable({}, {__fspath = function() return dir end})
    assert.same(pywalk(dir, true, false), luawalk(pyos.walk(p), true))
  end)

  it("rejects bad arguments", function()
    raises("bad argument #1 to 'pyos.walk' %(string or path%-like expected, got nil%)", pyos.walk)
    raises("bad argument #1 to 'pyos.walk' %(embedded null byte%)", pyos.walk, "a\0b")
    raises("bad argument #2 to 'pyos.walk' %(boolean expected, got number%)", pyos.walk, ".", 1)
    raises("bad argument #3 to 'pyos.walk' %(function expected, got string%)", pyos.walk, ".", true, "f")
    raises("bad argument #4 to 'pyos.walk' %(boolean expected, got string%)",
           pyos.walk, ".", true, nil, "yes")
    raises("bad argument #2 to 'pyos.walk' %(unknown option 'follow_symlinks'%)",
           pyos.walk, ".", {follow_symlinks = true})
    raises("bad argument #2 to 'pyos.walk' %('topdown' given both by position and as an option%)",
           pyos.walk, ".", true, nil, nil, {topdown = false})
    raises("bad argument #6 to 'pyos.walk' %(too many arguments%)", pyos.walk, ".", true, nil, nil, {}, 1)
    raises("bad argument #5 to 'pyos.walk' %(options table expected, got number%)",
           pyos.walk, ".", true, nil, nil, 1)
  end)
end)

describe("pyos.fwalk", function()
  it("visits what python3's os.fwalk visits", function()
    finally(support.cleanup)
    local dir = maketree()
    run("mkdir -p " .. quote(dir .. "/skipme/deep"))
    for _, topdown in ipairs({true, false}) do
      local want = pywalk(dir, topdown, false, "fwalk")
      assert.same(want, luawalk(pyos.fwalk(dir, topdown), topdown))
      assert.same(want, luawalk(pyos.fwalk(dir, {topdown = topdown}), topdown))
    end
    -- follow_symlinks on a tree without a cycle
    run("rm " .. quote(dir .. "/a/b/up"))
    for _, topdown in ipairs({true, false}) do
      local want = pywalk(dir, topdown, true, "fwalk")
      assert.same(want, luawalk(pyos.fwalk(dir, topdown, nil, {follow_symlinks = true}), topdown))
    end
  end)

  it("yields a rootfd usable with dir_fd, holds one fd per level, and closes every fd", function()
    finally(support.cleanup)
    local dir = maketree()
    local before = testkit.fds()
    for _, topdown in ipairs({true, false}) do
      local n = 0
      for root, dirs, files, rootfd in pyos.fwalk(dir, topdown) do
        n = n + 1
        -- open while root is yielded: root and each directory above it
        local _, levels = root:sub(#dir + 1):gsub("/", "")
        assert.equal(#before + levels + 1, #testkit.fds(), root)
        local st = assert(pyos.fstat(rootfd))
        local want = assert(pyos.stat(root))
        assert.equal(want.st_ino, st.st_ino)
        assert.equal(want.st_dev, st.st_dev)
        for _, name in ipairs(files) do
          assert(pyos.stat(name, {dir_fd = rootfd, follow_symlinks = false}))
        end
        local all = {}
        for _, v in ipairs(dirs) do all[#all + 1] = v end
        for _, v in ipairs(files) do all[#all + 1] = v end
        assert.equal(sorted(all), sorted(assert(pyos.listdir(rootfd))))
      end
      assert.equal(8, n)
      assert.same(before, testkit.fds())
    end
  end)

  it("closes its fds when a loop breaks (5.4) or when collected", function()
    finally(support.cleanup)
    local dir = maketree()
    local before = testkit.fds()
    for _, topdown in ipairs({true, false}) do
      for root in pyos.fwalk(dir, topdown) do
        if root:find("/b$") then break end
      end
      if not HAVE_CLOSE then collectgarbage(); collectgarbage() end
      assert.same(before, testkit.fds())
    end
    local it = pyos.fwalk(dir)
    it()
    it()
    assert.is_true(#testkit.fds() > #before)
    it = nil
    collectgarbage()
    collectgarbage()
    assert.same(before, testkit.fds())
  end)

  it("closes its fds when onerror raises", function()
    finally(support.cleanup)
    local dir = maketree()
    local before = testkit.fds()
    local ok, msg = pcall(function()
      for root in pyos.fwalk(dir, {onerror = function() error("stop!") end}) do
        if root == dir then run("rm -rf " .. quote(dir .. "/a") .. " " .. quote(dir .. "/x")
                                .. " " .. quote(dir .. "/z")) end
      end
    end)
    assert.is_false(ok)
    assert.truthy(tostring(msg):find("stop!", 1, true))
    assert.same(before, testkit.fds())
  end)

  it("returns nil, err, errno for a top it cannot open, and walks nothing of a non-directory", function()
    finally(support.cleanup)
    local dir = maketree()
    oserror({errno = "ENOENT", name = "FileNotFoundError",
             str = "[Errno 2] No such file or directory: '" .. dir .. "/none'"},
            pyos.fwalk(dir .. "/none"))
    for _, p in ipairs({"f", "lf", "a/lx", "a/p"}) do
      for _ in assert(pyos.fwalk(dir .. "/" .. p)) do error("yielded " .. p) end
      if p ~= "a/p" then   -- python3.11's fwalk blocks opening a fifo
        assert.same({}, pywalk(dir .. "/" .. p, true, false, "fwalk"))
      end
    end
    -- with follow_symlinks, a symlinked top is walked
    local want = pywalk(dir .. "/a/lx", true, true, "fwalk")
    assert.same(want, luawalk(pyos.fwalk(dir .. "/a/lx", {follow_symlinks = true}), true))
  end)

  it("walks relative to dir_fd, and '.' by default", function()
    finally(support.cleanup)
    local dir = maketree()
    local fd = assert(pyos.open(dir, pyos.O_RDONLY))
    finally(function() pyos.close(fd); support.cleanup() end)
    local roots = {}
    for root in pyos.fwalk("x", {dir_fd = fd}) do roots[#roots + 1] = root end
    assert.same({"x", "x/y"}, roots)
    local n = 0
    for root in pyos.fwalk() do
      n = n + 1
      assert.equal(".", root)
      break
    end
    assert.equal(1, n)
    collectgarbage()
  end)

  it("never follows a directory swapped for a symlink (walk does)", function()
    finally(support.cleanup)
    local dir = maketree()
    local function swap(root)
      if root == dir then
        run("cd " .. quote(dir) .. " && mv z z.old && ln -s x z")
      end
    end
    local roots = {}
    for root in pyos.fwalk(dir) do roots[#roots + 1] = root; swap(root) end
    for _, r in ipairs(roots) do assert.is_nil(r:find("/z/y", 1, true)) end
    run("cd " .. quote(dir) .. " && rm z && mv z.old z")
    local seen = false
    for root in pyos.walk(dir) do
      swap(root)
      if root == dir .. "/z/y" then seen = true end
    end
    assert.is_true(seen)      -- walk trusts the d_type it read
  end)

  it("reports a vanished subdirectory to onerror by its name", function()
    finally(support.cleanup)
    local dir = maketree()
    local errs = {}
    for root in pyos.fwalk(dir, {onerror = function(e) errs[#errs + 1] = e end}) do
      if root == dir then run("rm -rf " .. quote(dir .. "/a")) end
    end
    assert.equal(1, #errs)
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: 'a'"},
            nil, tostring(errs[1]), errs[1].errno, errs[1])
  end)

  it("rejects bad arguments", function()
    raises("bad argument #1 to 'pyos.fwalk' %(embedded null byte%)", pyos.fwalk, "a\0b")
    raises("bad argument #2 to 'pyos.fwalk' %(boolean expected, got number%)", pyos.fwalk, ".", 1)
    raises("bad argument #3 to 'pyos.fwalk' %(function expected, got number%)", pyos.fwalk, ".", true, 1)
    raises("bad argument #2 to 'pyos.fwalk' %(unknown option 'followlinks'%)",
           pyos.fwalk, ".", {followlinks = true})
    raises("bad argument #2 to 'pyos.fwalk' %(option 'dir_fd': number has no integer representation%)",
           pyos.fwalk, ".", {dir_fd = 1.5})
    raises("bad argument #2 to 'pyos.fwalk' %(option 'follow_symlinks': boolean expected, got number%)",
           pyos.fwalk, ".", {follow_symlinks = 1})
    raises("bad argument #5 to 'pyos.fwalk' %(too many arguments%)", pyos.fwalk, ".", true, nil, {}, 1)
  end)
end)

-- The C reader under walk (pyos._fsdir.readdir) holds the directory's fd
-- in its own frame and reads under lua_pcall: an error raised inside the
-- read (here from a call hook on the protected reader, its upvalue 1; in
-- life a memory error, or a failing __gc on 5.1/LuaJIT) must still close
-- the fd and then propagate.
describe("pyos._fsdir.readdir", function()
  local fsdir = require "pyos._fsdir"

  -- A directory whose entries take more than readdir's 32 KiB buffer:
  -- read on under lua_pcall. (A smaller one is read whole before any Lua
  -- value is made and its fd closed first.) 150 files and 50 directories
  -- with 200-byte names: ~45 KiB of entries.
  local function bigdir()
    local dir = support.tmpdir()
    for i = 1, 200 do
      local name = ("%03d"):format(i) .. ("n"):rep(197)
      if i % 4 == 0 then assert(pyos.mkdir(dir .. "/" .. name))
      else
        local fd = assert(pyos.open(dir .. "/" .. name, pyos.O_WRONLY + pyos.O_CREAT))
        pyos.close(fd)
      end
    end
    return dir
  end

  local function hookable(dir)
    local _, inner = debug.getupvalue(fsdir.readdir, 1)
    if inner == nil then return nil, false end
    local fired = false
    debug.sethook(function()
      if debug.getinfo(2, "f").func == inner then fired = true end
    end, "c")
    fsdir.readdir(dir)
    debug.sethook()
    return inner, fired
  end

  local function sorted(t)
    table.sort(t)
    return t
  end

  it("reads a directory larger than its buffer whole", function()
    finally(support.cleanup)
    local dir = bigdir()
    local dirs, files, kinds = fsdir.readdir(dir)
    assert.equal(50, #dirs)
    assert.equal(150, #files)
    local all = {}
    for _, n in ipairs(dirs) do
      all[#all + 1] = n
      assert.is_false(kinds[n])
      assert.is_true(pyos.path.isdir(dir .. "/" .. n))
    end
    for _, n in ipairs(files) do all[#all + 1] = n end
    assert.same(sorted(assert(pyos.listdir(dir))), sorted(all))
  end)

  it("closes the directory when the read raises", function()
    finally(support.cleanup)
    local dir = bigdir()
    local inner, fired = hookable(dir)
    if not fired then   -- 5.1's debug.getupvalue hides a C function's upvalues
      pending("debug.getupvalue cannot reach readdir's reader on " .. _VERSION)
      return
    end
    local before = testkit.fds()
    debug.sethook(function()
      if debug.getinfo(2, "f").func == inner then
        debug.sethook()
        error("raised inside the read", 0)
      end
    end, "c")
    local ok, err = pcall(fsdir.readdir, dir)
    debug.sethook()
    assert.is_false(ok)
    assert.equal("raised inside the read", err)
    assert.same(before, testkit.fds())
    -- and the same call reads normally afterwards
    local dirs, files = fsdir.readdir(dir)
    assert.equal(50, #dirs)
    assert.equal(150, #files)
  end)
end)

-- The iterators follow Python's generator rules: after a call raised, the
-- generator is finished (nil); while a call runs (here: suspended in a
-- coroutine inside onerror), another raises "generator already executing".
-- Checked for both ways the rule is kept: the stack of the thread that ran
-- the last call, and a pcall when there is no debug library.
describe("the walk iterators as generators", function()
  local JIT = rawget(_G, "jit") ~= nil

  -- walk and fwalk as _walk.lua makes them when debug is missing
  local function nodebugfs()
    local saved, loaded = debug, package.loaded["pyos._walk"]
    package.loaded["pyos._walk"] = nil
    _G.debug = nil
    local ok, install = pcall(require, "pyos._walk")
    _G.debug = saved
    package.loaded["pyos._walk"] = loaded
    assert(ok, install)
    local fs = {}
    install(fs, pyos)
    return fs
  end

  local impls = {{"", pyos}, {" without debug", nodebugfs()}}

  -- top/{a,b,c}; the loop removes the directory the walk reads next, so
  -- that the next call meets onerror with two directories still to go.
  local function setup()
    local top = support.tmpdir()
    for _, d in ipairs{"a", "b", "c"} do assert(pyos.mkdir(top .. "/" .. d)) end
    local order = assert(pyos.listdir(top))         -- the order read
    return top, top .. "/" .. (order[1] == nil and "" or order[1]), top .. "/" .. order[2]
  end

  -- The call that meets the removed directory raises (or yields, when
  -- onerror yields); victim is what to remove at the first yield.
  local function walker(fs, kind, topdown, onerror)
    local top, first, second = setup()
    local victim = topdown and first or second
    local it = fs[kind](top, {topdown = topdown, onerror = onerror})
    local function firstcall()
      local root = it()
      assert.equal(topdown and top or first, root)
      assert(pyos.rmdir(victim))
    end
    return it, firstcall
  end

  for _, impl in ipairs(impls) do
    local suffix, fs = impl[1], impl[2]
    for _, kind in ipairs{"walk", "fwalk"} do
      for _, topdown in ipairs{true, false} do
        local what = ("%s%s (topdown %s)"):format(kind, suffix, tostring(topdown))

        it(what .. " is finished after a call raised", function()
          finally(support.cleanup)
          local it, firstcall = walker(fs, kind, topdown, function(e) error({e}, 0) end)
          firstcall()
          local ok, err = pcall(it)
          assert.is_false(ok)
          assert.equal(pyos.errno.ENOENT, err[1].errno)
          assert.is_nil(it())          -- not the directories left, no error
          assert.is_nil(it())
        end)

        it(what .. " raised in a coroutine that died is finished too", function()
          finally(support.cleanup)
          local it, firstcall = walker(fs, kind, topdown, function() error("stop", 0) end)
          firstcall()
          local co = coroutine.create(function() return it() end)
          local ok, err = coroutine.resume(co)
          assert.is_false(ok)
          assert.equal("stop", err)
          assert.equal("dead", coroutine.status(co))
          assert.is_nil(it())
        end)

        -- Lua 5.1 cannot yield inside a for's iterator
        it(what .. " suspended inside onerror is executing", function()
          if _VERSION == "Lua 5.1" and not JIT then
            pending("Lua 5.1 cannot yield inside a for loop's iterator")
            return
          end
          finally(support.cleanup)
          local it, firstcall = walker(fs, kind, topdown, function(e)
            coroutine.yield(e)
          end)
          firstcall()
          local co = coroutine.create(function()
            local n = 0
            for _ in it do n = n + 1 end
            return n
          end)
          local ok, e = coroutine.resume(co)
          assert(ok, e)
          assert.equal(pyos.errno.ENOENT, e.errno)
          local ok2, msg = pcall(it)
          assert.is_false(ok2)
          assert.equal("pyos." .. kind .. ": generator already executing",
                       (tostring(msg):gsub("^.-:%d+: ", "")))
          local ok3, n = coroutine.resume(co)
          assert(ok3, n)
          assert.equal(2, n)    -- the rest of the walk: two directories
          assert.is_nil(it())
        end)

        -- the main thread runs the walk; a coroutine calls it (its stack
        -- is looked at from another thread: on 5.1 and LuaJIT the main
        -- thread is not what coroutine.running returns)
        it(what .. " running in the main thread is executing for a coroutine", function()
          finally(support.cleanup)
          local inner, it, firstcall
          it, firstcall = walker(fs, kind, topdown, function()
            local co = coroutine.create(function() return it() end)
            inner = {coroutine.resume(co)}
          end)
          firstcall()
          local n = 0
          for _ in it do n = n + 1 end
          assert.equal(2, n)
          assert.is_false(inner[1])          -- the coroutine's call raised
          assert.equal("pyos." .. kind .. ": generator already executing",
                       (tostring(inner[2]):gsub("^.-:%d+: ", "")))
        end)

        it(what .. " raised in the main thread is finished for a coroutine", function()
          finally(support.cleanup)
          local it, firstcall = walker(fs, kind, topdown, function() error("stop", 0) end)
          firstcall()
          local ok, err = pcall(it)
          assert.is_false(ok)
          assert.equal("stop", err)
          local co = coroutine.create(function() return it() end)
          local ok2, v = coroutine.resume(co)
          assert.is_true(ok2, v)
          assert.is_nil(v)
        end)
      end
    end
  end
end)
