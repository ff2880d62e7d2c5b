-- Helpers for the nginx locations of embed/nginx.conf.in.
local M = {}

-- "missing pyos.NAME" for the first name pyos lacks, else nil.
function M.missing(pyos, ...)
  for i = 1, select("#", ...) do
    local name = select(i, ...)
    if pyos[name] == nil then return "missing pyos." .. name end
  end
  return nil
end

-- The size of a file, or nil and the error's text: for
-- ngx.run_worker_thread, which passes only plain values between VMs.
function M.size(path)
  local st, err = require("pyos").stat(path)
  if not st then return nil, tostring(err) end
  return st.st_size
end

return M
