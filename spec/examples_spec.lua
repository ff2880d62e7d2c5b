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
      "touch %s/victim/sub/f"):gsub("%%s", quote(dir))))
    local _, ok = run("saferm", quote(dir .. "/victim"))
    assert.is_true(ok)
    assert.is_nil(io.open(dir .. "/victim/sub/f"))
    assert.equal("", support.sh("ls " .. quote(dir .. "/victim") .. " 2>/dev/null"))
    assert.is_truthy(io.open(dir .. "/outside/keep"))
    io.open(dir .. "/outside/keep"):close()
  end)
end)

describe("examples/copy.lua", function()
  for _, method in ipairs({"auto", "copy_file_range", "sendfile", "readwrite"}) do
    it("copies a file exactly with " .. method, function()
      local dir = support.tmpdir()
      finally(support.cleanup)
      assert(support.sh("head -c 3000000 /dev/urandom > " .. quote(dir .. "/src") ..
                        " && chmod 640 " .. quote(dir .. "/src")))
      local out, ok = run("copy", "--method=" .. method .. " " .. quote(dir .. "/src") .. " " .. quote(dir .. "/dst"))
      assert.is_true(ok, out)
      assert.matches("copied 3000000 bytes with", out)
      assert.equal(support.readfile(dir .. "/src"), support.readfile(dir .. "/dst"))
      assert.equal("640", (support.sh("stat -c %a " .. quote(dir .. "/dst")):match("%d+")))
    end)
  end
end)

describe("examples/tour.lua", function()
  it("visits every area and removes what it made", function()
    local out, ok = run("tour", "")
    assert.is_true(ok, out)
    for _, title in ipairs({"pyos.fs: stat", "pyos.fs: a small tree", "pyos.path",
                            "pyos.fd: pipes", "pyos.proc: environ",
                            "pyos.sched, pyos.xattr, pyos.sys", "cleaning up"}) do
      assert.truthy(out:find("== " .. title, 1, true), title)
    end
    assert.matches("No such file or directory: '/no/such/file' %(FileNotFoundError, errno 2%)", out)
    assert.matches("pipe round trip +through a pipe", out)
    assert.matches("sendfile copied +800 bytes", out)
    assert.matches("readinto/write copied +800 bytes, same: true", out)
    assert.matches("pipeline output +SET FROM LUA", out)
    assert.matches("WIFEXITED true, WEXITSTATUS 3", out)
    assert.matches("walk +3 dirs, 4 files, 837 bytes", out)
    assert.matches("tree removed +true", out)
    local tmp = out:match("'(/[^']*/pyos%-tour%-%d+)/docs'")
    assert.truthy(tmp, "the tour names its directory")
    local _, exists = support.sh("test -e " .. quote(tmp))
    assert.is_false(exists)
  end)
end)
