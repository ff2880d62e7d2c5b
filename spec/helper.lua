-- Loaded by busted before every spec file (see .busted). Around every
-- test it checks that no file descriptor was leaked and no child process
-- was left behind: the test fails with the fd's target or the child's pid.
local busted = require "busted"
local testkit = require "pyos_testkit"

-- The fds a child inherits at the start of the suite: zz_inherit_spec.lua,
-- the last file, execs another child and compares (Lua's io.open sets no
-- O_CLOEXEC, and a CI runner may pass fds in, so only growth counts).
local function inherited()
  local p = assert(io.popen("ls /proc/$$/fd", "r"))
  local out = p:read("*a")
  p:close()
  local fds = {}
  for fd in out:gmatch("%d+") do fds[#fds + 1] = tonumber(fd) end
  return fds
end
package.loaded["spec.inherited"] = {atstart = inherited(), list = inherited}

local function missing(before, after)
  local seen, extra = {}, {}
  for _, v in ipairs(before) do seen[v] = true end
  for _, v in ipairs(after) do
    if not seen[v] then extra[#extra + 1] = v end
  end
  return extra
end

local function check(fds, kids)
  collectgarbage()
  collectgarbage()     -- objects that own an fd release it when collected
  local leaked = missing(fds, testkit.fds())
  if #leaked > 0 then
    local names = {}
    for i, fd in ipairs(leaked) do
      names[i] = fd .. " -> " .. tostring(testkit.fdtarget(fd))
    end
    error("file descriptor leaked by this test: " .. table.concat(names, ", "), 0)
  end
  local left = missing(kids, testkit.children())
  if #left > 0 then
    error("child process left unreaped by this test: pid "
          .. table.concat(left, ", "), 0)
  end
end

-- busted keeps one finally() per test; here a test may call it several
-- times (a temp dir, then an fd), and they run last first, as defers do.
busted.subscribe({"test", "start"}, function(element)
  local env = element.env
  local realfinally = env.finally
  local finalizers = {}
  env.finally = function(fn) finalizers[#finalizers + 1] = fn end
  local run = element.run
  element.run = function(...)
    local fds, kids = testkit.fds(), testkit.children()
    realfinally(function()
      for i = #finalizers, 1, -1 do finalizers[i]() end
      check(fds, kids)
    end)
    return run(...)
  end
end)
