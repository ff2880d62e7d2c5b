-- The example tools in examples/ run for real, on this runtime, and do
-- what they say (checked against coreutils and python3).
local support = require "support"
local quote = support.quote

local function run(tool, args)
  local env = "LUA_PATH=" .. quote("examples/?.lua;" .. (os.getenv("LUA_PATH") or ";;"))
  return support.sh(env .. " " .. support.luacmd() .. " examples/" .. tool .. ".lua " .. args)
end

local function mktree(dir)
  assert(support.sh(table.concat({
    "cd " .. quote(dir),
    "mkdir -p a/b/c d",
    "printf 12345 > a/one",
    "head -c 10000 /dev/zero > a/b/ten",
    "head -c 70000 /dev/zero > a/b/c/seventy",
    "ln a/one d/hardlink",
    "ln -s ../a d/link",
    "touch e",
  }, " && ")))
end

describe("examples/du.lua", function()
  it("agrees with du -B1", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    mktree(dir)
    local out = run("du", quote(dir))
    local want = support.sh("du -B1 " .. quote(dir))
    local function parse(text)
      local t = {}
      for size, p in text:gmatch("(%d+)\t([^\n]+)") do t[p] = tonumber(size) end
      return t
    end
    assert.same(parse(want), parse(out))
  end)

  it("prints only totals with -s and human sizes with -h", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    mktree(dir)
    local out = run("du", "-s -h " .. quote(dir))
    local lines = {}
    for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
    assert.equal(1, #lines)
    assert.matches("^%d+%.?%d*K\t", lines[1])
  end)
end)

describe("examples/tree.lua", function()
  it("prints the sorted tree and the counts", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    mktree(dir)
    local out = run("tree", quote(dir))
    local want = dir .. "\n" .. table.concat({
      "├── a",
      "│   ├── b",
      "│   │   ├── c",
      "│   │   │   └── seventy",
      "│   │   └── ten",
      "│   └── one",
      "├── d",
      "│   ├── hardlink",
      "│   └── link -> ../a",
      "└── e",
      "",
      "4 directories, 6 files",
    }, "\n") .. "\n"
    assert.equal(want, out)
  end)
end)

describe("examples/parallel.lua", function()
  it("runs every command, at most N at a time, and reports exit codes", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local cmds = {}
    for i = 1, 5 do
      cmds[i] = quote(("echo %d >> %s/ran; exit %d"):format(i, dir, i % 3))
    end
    local out, ok = run("parallel", "-j 2 " .. table.concat(cmds, " "))
    assert.is_false(ok)                -- exit status = number that failed
    for i = 1, 5 do
      assert.matches("%[" .. i .. "%] exit " .. (i % 3) .. ":", out)
    end
    local ran = support.readfile(dir .. "/ran")
    local count = select(2, ran:gsub("\n", ""))
    assert.equal(5, count)
  end)
end)

describe("examples/saferm.lua", function()
  it("removes the tree and never follows a symlink out of it", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    assert(support.sh(("mkdir -p %s/outside %s/victim/sub && touch %s/outside/keep && " ..
      "ln -s ../outside %s/victim/sub/escape && ln -s %s/outside %s/victim/abs && " ..
      "touch %s/victim/sub/f %s/file && ln -s outside %s/dirlink"):gsub("%%s", quote(dir))))
    local out, ok = run("saferm", quote(dir .. "/victim") .. " " .. quote(dir .. "/file")
                        .. " " .. quote(dir .. "/dirlink"))
    assert.is_true(ok, out)
    assert.equal("", support.sh("ls " .. quote(dir .. "/victim") .. " 2>/dev/null"))
    assert.equal("outside\n", support.sh("ls " .. quote(dir)))
    assert.equal("keep\n", support.sh("ls " .. quote(dir .. "/outside")))
  end)

  it("reports each failure as Python's text and exits 1", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local out, ok = run("saferm", quote(dir .. "/nope") .. " 2>&1")
    assert.is_false(ok)
    assert.equal("saferm: [Errno 2] No such file or directory: '" .. dir .. "/nope'\n", out)
  end)
end)

describe("examples/copy.lua", function()
  -- to the microsecond: 5.1, 5.2 and LuaJIT hold ns times in doubles
  local function mtime(p)
    return support.sh("stat -c %y " .. quote(p)):sub(1, 26)
  end

  it("copies the bytes and the mode; -p keeps the times too", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    assert(support.sh("head -c 3000000 /dev/urandom > " .. quote(dir .. "/src") ..
                      " && chmod 640 " .. quote(dir .. "/src") ..
                      " && touch -d '2001-02-03 04:05:06.123456789' " .. quote(dir .. "/src")))
    for _, p in ipairs({false, true}) do
      local dst = dir .. (p and "/kept" or "/plain")
      local out, ok = run("copy", (p and "-p " or "") .. quote(dir .. "/src") .. " " .. quote(dst))
      assert.is_true(ok, out)
      assert.equal(dir .. "/src -> " .. dst .. " (3000000 bytes)\n", out)
      assert.equal(support.readfile(dir .. "/src"), support.readfile(dst))
      assert.equal("640", (support.sh("stat -c %a " .. quote(dst)):match("%d+")))
      if p then
        assert.equal(mtime(dir .. "/src"), mtime(dst))
      else
        assert.are_not.equal(mtime(dir .. "/src"), mtime(dst))
      end
    end
  end)

  it("copies several files into a directory, and reports a failure", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    assert(support.sh(("printf a > %s/a && printf bb > %s/b && mkdir %s/into"):gsub("%%s", quote(dir))))
    local out, ok = run("copy", quote(dir .. "/a") .. " " .. quote(dir .. "/nope") .. " "
                        .. quote(dir .. "/b") .. " " .. quote(dir .. "/into") .. " 2>&1")
    assert.is_false(ok)
    assert.equal(dir .. "/a -> " .. dir .. "/into/a (1 bytes)\n"
                 .. "copy: [Errno 2] No such file or directory: '" .. dir .. "/nope'\n"
                 .. dir .. "/b -> " .. dir .. "/into/b (2 bytes)\n", out)
    assert.equal("bb", support.readfile(dir .. "/into/b"))
  end)
end)

describe("examples/tour.lua", function()
  it("visits every area and removes what it made", function()
    local out, ok = run("tour", "")
    assert.is_true(ok, out)
    for _, title in ipairs({"pyos.fs: stat", "pyos.fs: a small tree", "pyos.path",
                            "pyos.fd: pipes", "pyos.proc: environ",
                            "pyos.sched, pyos.xattr, pyos.sys",
                            "the toolbox: glob, shutil, tempfile, subprocess", "cleaning up"}) do
      assert.truthy(out:find("== " .. title, 1, true), title)
    end
    assert.matches("No such file or directory: '/no/such/file' %(FileNotFoundError, errno 2%)", out)
    assert.matches("pipe round trip +through a pipe", out)
    assert.matches("sendfile copied +800 bytes", out)
    assert.matches("readinto/write copied +800 bytes, same: true", out)
    assert.matches("pipeline output +SET FROM LUA", out)
    assert.matches("WIFEXITED true, WEXITSTATUS 3", out)
    assert.matches("walk +3 dirs, 4 files, 837 bytes", out)
    assert.matches("glob %*%*/%*%.lua +copy%.lua copy2%.lua src/lib/util%.lua src/main%.lua\n", out)
    assert.matches("copytree src backup +4 paths", out)
    assert.matches("gone after close +true", out)
    assert.matches("TemporaryDirectory cleaned +true", out)
    assert.matches("run: returncode +4\n", out)
    assert.matches("run: stdout, stderr +out, err\n", out)
    assert.matches("run sleep 5, timeout 0.2 +Command '%['sleep', '5'%]' timed out after 0.2 seconds", out)
    assert.matches("tree removed +true", out)
    local tmp = out:match("'(/[^']*/pyos%-tour%-%d+)/docs'")
    assert.truthy(tmp, "the tour names its directory")
    local _, exists = support.sh("test -e " .. quote(tmp))
    assert.is_false(exists)
  end)
end)
