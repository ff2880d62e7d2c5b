-- pyos on many threads at once, on this spec's own runtime: the thread
-- host (spec/threadhost.c) built against the runtime's shared library,
-- 8 threads with a lua_State each running spec/threadwork.lua (files,
-- scandir, walk, pipes, buffers, spawn + waitpid, the shared environment).
-- make check runs the same host under ASan and ThreadSanitizer
-- (scripts/threads.sh).
local support = require "spec.support"

local quote = support.quote
local rt = support.runtime
local v = rt == "luajit" and "luajit" or rt:gsub("^lua", "")

-- The module build this suite runs (build/<v><variant>), from LUA_CPATH.
local function builddir()
  return (package.cpath:match("(build/[^;?]+)/%?%.so")) or ("build/" .. v)
end

local function buildhost()
  local host = "build/threads/host-" .. v
  local out, ok = support.sh("mkdir -p build/threads && cc -std=c99 -O1 -pthread "
    .. "$(pkg-config --cflags " .. rt .. ") spec/threadhost.c -o " .. host
    .. " $(pkg-config --libs " .. rt .. ") -ldl -lm")
  return ok and host, out
end

-- Under make check's sanitizer builds the module needs its runtime in the
-- host: scripts/threads.sh builds and runs the host under ASan and TSan.
local function skipped()
  if support.valgrind then return "valgrind serialises threads; make check runs the host natively" end
  if (os.getenv("LD_PRELOAD") or ""):find("asan", 1, true) then
    return "an ASan build: make check runs the host under ASan (scripts/threads.sh)"
  end
end

describe("pyos on 8 threads, one lua_State each", function()
  local host, why = buildhost()

  it("gives every thread right results and leaks no fd", function()
    if not host then pending("cannot build the thread host: " .. tostring(why)) return end
    if skipped() then pending(skipped()) return end
    finally(support.cleanup)
    local dir = support.tmpdir()
    local out, ok = support.sh("LUA_PATH='lua/?.lua;lua/?/init.lua;spec/?.lua;;' "
      .. "LUA_CPATH=" .. quote(builddir() .. "/?.so;;") .. " "
      .. host .. " spec/threadwork.lua 8 50 " .. quote(dir))
    assert.is_true(ok, out)
    assert.matches("threadhost: 8 threads x 50: ok", out)
  end)

  it("reports a wrong result (the check can fail)", function()
    if not host then pending("cannot build the thread host: " .. tostring(why)) return end
    if skipped() then pending(skipped()) return end
    finally(support.cleanup)
    local dir = support.tmpdir()
    local bad = dir .. "/bad.lua"
    support.writefile(bad, [[
      return function(tid) if tid == 3 then error("thread 3 saw a wrong value") end end]])
    local out, ok = support.sh("LUA_PATH='lua/?.lua;lua/?/init.lua;spec/?.lua;;' "
      .. "LUA_CPATH=" .. quote(builddir() .. "/?.so;;") .. " "
      .. host .. " " .. quote(bad) .. " 4 1 " .. quote(dir))
    assert.is_false(ok)
    assert.matches("thread 3: .*wrong value", out)
    assert.matches("FAILED", out)
  end)
end)
