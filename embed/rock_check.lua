-- Load pyos from wherever LUA_PATH/LUA_CPATH point (a luarocks tree, or a
-- make build), check one call, and print every exported name, one a line,
-- so scripts/test-embed.sh can compare the two installations.
local pyos = require "pyos"
local st, err = pyos.stat("/")
if not st then
  io.stderr:write("pyos.stat('/') failed: ", tostring(err), "\n")
  os.exit(1)
end
if not pyos.fs.S_ISDIR(st.st_mode) then
  io.stderr:write("pyos.stat('/') is not a directory\n")
  os.exit(1)
end
local names = {}
for name in pairs(pyos) do names[#names + 1] = tostring(name) end
-- The sub-modules too: a Lua file the rockspec forgets fails here.
for _, sub in ipairs({"path", "glob", "fnmatch", "shutil", "subprocess", "tempfile"}) do
  for name in pairs(require("pyos." .. sub)) do
    names[#names + 1] = sub .. "." .. tostring(name)
  end
end
table.sort(names)
io.stdout:write(table.concat(names, "\n"), "\n")
