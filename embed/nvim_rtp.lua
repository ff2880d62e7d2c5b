-- pyos as a Neovim plugin: no package.cpath/path edits, just a directory on
-- 'runtimepath' holding lua/pyos/*.lua and lua/pyos/*.so (the LuaJIT build).
-- Neovim's loader finds both the Lua files and the C modules there.
-- Run by scripts/test-embed.sh with PYOS_EMBED_RTP set to that directory.
local out = io.stdout
local function main()
  local rtp = assert(os.getenv("PYOS_EMBED_RTP"), "PYOS_EMBED_RTP not set")
  assert(package.searchpath("pyos.fs", package.cpath) == nil,
         "pyos.fs is on package.cpath already: this check would prove nothing")
  vim.opt.runtimepath:append(rtp)
  local pyos = require "pyos"
  local so = debug.getinfo(pyos.fs.stat, "S").source
  assert(so == "=[C]", "pyos.fs.stat is not a C function: " .. so)
  local st = assert(pyos.stat(rtp .. "/lua/pyos/init.lua"))
  assert(st.st_size > 0, "init.lua is empty")
  assert(not package.cpath:find(rtp, 1, true), "package.cpath was edited")
end
local ok, err = pcall(main)
if ok then
  out:write("ok nvim: require pyos through 'runtimepath'\n")
else
  out:write("FAIL nvim: require pyos through 'runtimepath': ", tostring(err), "\n")
end
out:write("done nvim\n")
out:flush()
vim.cmd(ok and "qa!" or "cq! 3")
