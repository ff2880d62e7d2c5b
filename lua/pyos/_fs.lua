-- The Lua layer of pyos.fs: functions written in Lua over the C ones
-- (makedirs, removedirs, renames here; walk and fwalk in _walk.lua).
-- Called once by pyos/init.lua with the area's table and the namespace;
-- returns the names that belong in the supports_* sets.

-- Python's supports_* sets on Linux (CPython 3.11), every function of
-- every area. A name pyos does not have (yet) is left out when the sets
-- are built, so each set is exact for the functions pyos has.
local SUPPORTS = {
  dir_fd = {"access", "chmod", "chown", "link", "mkdir", "mkfifo", "mknod",
            "open", "readlink", "rename", "rmdir", "stat", "symlink",
            "unlink", "utime"},
  fd = {"chdir", "chmod", "chown", "execve", "listdir", "pathconf",
        "scandir", "stat", "statvfs", "truncate", "utime"},
  follow_symlinks = {"access", "chown", "link", "stat", "utime"},
  effective_ids = {"access"},
}

-- ---- Arguments, checked as the C functions check theirs ----------------

local function argerror(fname, n, msg)
  error(("bad argument #%d to '%s' (%s)"):format(n, fname, msg), 3)
end

-- A path argument: a string or a value with __fspath; returns the string.
local function checkpath(fname, n, p)
  if type(p) ~= "string" then
    local mt = getmetatable(p)
    local fspath = type(mt) == "table" and mt.__fspath
    if not fspath then
      argerror(fname, n, "string or path-like expected, got " .. type(p))
    end
    p = fspath(p)
    if type(p) ~= "string" then
      argerror(fname, n, "__fspath must return a string, got " .. type(p))
    end
  end
  if p:find("\0", 1, true) then argerror(fname, n, "embedded null byte") end
  return p
end

local function ispathlike(v)
  local mt = getmetatable(v)
  return type(mt) == "table" and mt.__fspath ~= nil
end

-- Positional arguments after the path, Python's keyword names in names
-- (names[i] is slot i + 1). A trailing table is the options table; it may
-- hold those names; unknown keys and too many arguments raise.
local function getargs(fname, names, ...)
  local n, args = select("#", ...), {...}
  local npos = #names + 1
  if n > npos + 1 then argerror(fname, npos + 2, "too many arguments") end
  local opts = args[n]
  if n >= 2 and type(opts) == "table" and not ispathlike(opts) then
    args[n] = nil
    local known = {}
    for i, name in ipairs(names) do known[name] = i + 1 end
    for k, v in pairs(opts) do
      local i = known[k]
      if not i then argerror(fname, n, "unknown option '" .. tostring(k) .. "'") end
      if args[i] ~= nil then
        argerror(fname, i, "'" .. k .. "' given both by position and as an option")
      end
      args[i] = v
    end
  elseif n == npos + 1 and opts ~= nil then
    argerror(fname, n, "options table expected, got " .. type(opts))
  end
  return args
end

local function checknargs(fname, max, ...)
  if select("#", ...) > max then argerror(fname, max + 1, "too many arguments") end
end

-- ---- Paths, as Python's posixpath ---------------------------------------

-- posixpath.split: the head keeps no trailing slash unless it is all slashes.
local function split(p)
  local i = p:match("^.*()/") or 0
  local head, tail = p:sub(1, i), p:sub(i + 1)
  if head ~= "" and not head:match("^/+$") then
    head = head:gsub("/+$", "")
  end
  return head, tail
end

return function(fs, pyos)
  require("pyos._walk")(fs, pyos)

  local EEXIST = pyos.errno.EEXIST

  local function exists(p)
    return pyos.stat(p) ~= nil
  end

  local function isdir(p)
    local st = pyos.stat(p)
    return st ~= nil and pyos.S_ISDIR(st.st_mode)
  end

  -- os.makedirs: the parents get the default mode, as since Python 3.7.
  local function makedirs(name, mode, exist_ok)
    local head, tail = split(name)
    if tail == "" then head, tail = split(head) end
    if head ~= "" and tail ~= "" and not exists(head) then
      local ok, msg, code, err = makedirs(head, nil, exist_ok)
      if not ok and code ~= EEXIST then return nil, msg, code, err end
      if tail == "." then return true end      -- xxx/newdir/. exists now
    end
    local ok, msg, code, err = pyos.mkdir(name, mode)
    if not ok and (not exist_ok or not isdir(name)) then
      return nil, msg, code, err
    end
    return true
  end

  -- makedirs(name, mode=0o777, exist_ok=false) -> true | nil, msg, errno, err
  function fs.makedirs(name, ...)
    name = checkpath("makedirs", 1, name)
    local args = getargs("makedirs", {"mode", "exist_ok"}, name, ...)
    local mode, exist_ok = args[2], args[3]
    if mode ~= nil and type(mode) ~= "number" then
      argerror("makedirs", 2, "integer expected, got " .. type(mode))
    elseif mode ~= nil and mode ~= math.floor(mode) then
      argerror("makedirs", 2, "number has no integer representation")
    end
    if exist_ok ~= nil and type(exist_ok) ~= "boolean" then
      argerror("makedirs", 3, "boolean expected, got " .. type(exist_ok))
    end
    return makedirs(name, mode, exist_ok)
  end

  local function removeparents(name)
    local head, tail = split(name)
    if tail == "" then head, tail = split(head) end
    while head ~= "" and tail ~= "" do
      if not pyos.rmdir(head) then break end
      head, tail = split(head)
    end
  end

  -- removedirs(name) -> true | nil, msg, errno, err (of the leaf's rmdir)
  function fs.removedirs(...)
    checknargs("removedirs", 1, ...)
    local name = checkpath("removedirs", 1, (...))
    local ok, msg, code, err = pyos.rmdir(name)
    if not ok then return nil, msg, code, err end
    removeparents(name)
    return true
  end

  -- renames(old, new) -> true | nil, msg, errno, err
  function fs.renames(...)
    checknargs("renames", 2, ...)
    local old, new = ...
    old = checkpath("renames", 1, old)
    new = checkpath("renames", 2, new)
    local head, tail = split(new)
    if head ~= "" and tail ~= "" and not exists(head) then
      local ok, msg, code, err = makedirs(head)
      if not ok then return nil, msg, code, err end
    end
    local ok, msg, code, err = pyos.rename(old, new)
    if not ok then return nil, msg, code, err end
    head, tail = split(old)
    if head ~= "" and tail ~= "" then
      local ok2 = pyos.rmdir(head)
      if ok2 then removeparents(head) end
    end
    return true
  end

  local names = {}
  for set, list in pairs(SUPPORTS) do
    names[set] = {}
    for _, name in ipairs(list) do
      if type(pyos[name]) == "function" or type(fs[name]) == "function" then
        table.insert(names[set], name)
      end
    end
  end
  return names
end
