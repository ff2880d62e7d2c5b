-- A tour of pyos: each section uses one area and prints what it did.
-- Run with `make demo`.
local os = require "pyos"

local function section(title)
  io.write("\n== ", title, "\n")
end

section("pyos.fs: stat")
for _, path in ipairs({"/", "/etc/hostname", "/dev/null", "/no/such/file"}) do
  local st, err = os.stat(path)
  if st then
    print(string.format("%-16s %s %8d  %s", path, os.filemode(st.st_mode),
                        st.st_size, os.S_ISDIR(st.st_mode) and "directory" or ""))
  else
    print(string.format("%-16s %s (%s)", path, tostring(err), err.name))
  end
end
print(os.stat("/"))
