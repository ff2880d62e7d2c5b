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

-- ---- Arguments, checked by the C layer (pyos._aux) --------------------

local aux = require "pyos._aux"
local makedirsargs = aux.args({"name:path", "mode:mode?", "exist_ok:bool?"}, {})
local removedirsargs = aux.args({"name:path"})
local renamesargs = aux.args({"old:path", "new:path"})

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
  function fs.makedirs(...)
    local name, mode, exist_ok = makedirsargs(...)
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
    local name = removedirsargs(...)
    local ok, msg, code, err = pyos.rmdir(name)
    if not ok then return nil, msg, code, err end
    removeparents(name)
    return true
  end

  -- renames(old, new) -> true | nil, msg, errno, err
  function fs.renames(...)
    local old, new = renamesargs(...)
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
