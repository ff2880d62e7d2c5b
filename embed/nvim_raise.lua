-- An error pyos raises, left uncaught inside Neovim: scripts/test-embed.sh
-- runs this file headless (`luafile`, `lua dofile(...)`, or from a
-- vim.schedule callback) and checks that Neovim's message (E5113, E5108,
-- "Error executing vim.schedule lua callback") shows Python's text.
-- PYOS_EMBED_RAISE picks the error:
--   assert    assert(pyos.stat("/no/such"))
--   scandir   a read error in the middle of a scandir loop (from C)
--   fwalk     a read error in the middle of an fwalk loop (pyos's Lua layer)
-- Environment: PYOS_EMBED_ROOT, PYOS_EMBED_BUILD, PYOS_EMBED_RAISE.
local root = assert(os.getenv("PYOS_EMBED_ROOT"), "PYOS_EMBED_ROOT not set")
local build = os.getenv("PYOS_EMBED_BUILD") or (root .. "/build/luajit")
package.cpath = build .. "/?.so;" .. package.cpath
package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. package.path
local pyos = require "pyos"

-- A child that waits; a directory of /proc/PID opened; the child killed
-- and reaped: reading the directory now fails with ENOENT.
local function gone(open, sub)
  local pid = assert(pyos.posix_spawn("/bin/sleep", {"sleep", "30"}, nil))
  local obj = assert(open("/proc/" .. pid .. sub))
  assert(pyos.kill(pid, pyos.SIGKILL))
  assert(pyos.waitpid(pid, 0))
  return obj
end

local what = os.getenv("PYOS_EMBED_RAISE")
if what == "assert" then
  assert(pyos.stat("/no/such"))
elseif what == "scandir" then
  for _ in gone(pyos.scandir, "/fd") do end
elseif what == "fwalk" then
  for _ in gone(pyos.fwalk, "") do end
else
  error("PYOS_EMBED_RAISE: unknown value " .. tostring(what))
end
io.stdout:write("no error\n")
