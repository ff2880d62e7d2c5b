-- walk and fwalk, added to pyos.fs by _fs.lua.
--
-- Both read each directory in one C call (pyos._fsdir.readdir, set up by
-- the C module pyos.fs): it returns the names split into dirs and files by
-- the kernel's d_type, plus `kinds`, a table from each directory name to
-- whether it is a symlink. So no entry whose type d_type gives is ever
-- stat'ed, and a name the caller added to `dirs` (absent from kinds) is
-- the only one that costs an lstat before descending, as Python re-checks
-- islink.
--
-- The walks keep explicit stacks (Python 3.12's iterative form), so the
-- memory held is bounded by the depth and the widest directory.

local fsdir = require("pyos._fsdir")
local readdir, opendir = fsdir.readdir, fsdir.opendir
local raise = require("pyos._aux").raise

local error, type, pcall, setmetatable = error, type, pcall, setmetatable
local byte = string.byte

-- Arguments are checked by the C layer (pyos._aux), as a C function's:
-- walk(top, topdown, onerror, followlinks), every one also by name in
-- the options table; fwalk(top='.', topdown, onerror, *, follow_symlinks,
-- dir_fd).
local aux = require "pyos._aux"
local walkargs = aux.args({"top:path", "topdown:bool?", "onerror:function?",
                           "followlinks:bool?"}, {})
local fwalkargs = aux.args({"top:path?", "topdown:bool?", "onerror:function?"},
                           {"follow_symlinks:bool?", "dir_fd:fd?"})

-- The iterator around step, as a Python generator behaves: called again
-- while it runs (from onerror, or from a finalizer) it raises Python's
-- ValueError text; after it raised once it is finished (nil).
local function generator(name, step)
  local running, done = false, false
  local function finish(ok, a, b, c, d)
    running = false
    if not ok then
      done = true
      error(a, 0)
    end
    if a == nil then done = true end
    return a, b, c, d
  end
  return function()
    if running then error(name .. ": generator already executing", 2) end
    if done then return nil end
    running = true
    return finish(pcall(step))
  end
end

-- What posixpath.join(top, name) puts before a name without slashes:
-- prefix(top) .. name is the join. Made once per directory, not per
-- subdirectory (a wide directory's 5,000 joins cost ~6% of a walk on 5.4).
local function prefix(top)
  if top == "" or byte(top, -1) == 47 then return top end   -- "/"
  return top .. "/"
end

-- ---- walk ---------------------------------------------------------------

-- Python's islink: lstat, false on any error.
local function makeislink(pyos)
  local lstat, S_ISLNK = pyos.lstat, pyos.S_ISLNK
  return function(path)
    local st = lstat(path)
    return st ~= nil and S_ISLNK(st.st_mode)
  end
end

local function topdownwalk(top, onerror, followlinks, islink)
  local stack, n = {top}, 1
  local ptop, pdirs, pkinds      -- the directory yielded last
  return function()
    if pdirs then                -- descend into what the caller left in dirs
      local before = #pdirs > 0 and prefix(ptop)
      for i = #pdirs, 1, -1 do
        local name = pdirs[i]
        local path = before .. name
        local link = false
        if not followlinks then
          link = pkinds and pkinds[name]
          if link == nil then link = islink(path) end   -- added by the caller
        end
        if not link then
          n = n + 1
          stack[n] = path
        end
      end
      pdirs = nil
    end
    while n > 0 do
      local path = stack[n]
      stack[n] = nil
      n = n - 1
      local dirs, files, kinds, err = readdir(path)
      if dirs then
        ptop, pdirs, pkinds = path, dirs, kinds
        return path, dirs, files
      elseif onerror then
        onerror(err)
      end
    end
    return nil
  end
end

-- Bottom-up: the stack holds paths to visit and, for each directory read,
-- the three values it will yield (files, a table, on top).
local function bottomupwalk(top, onerror, followlinks)
  local stack, n = {top}, 1
  return function()
    while n > 0 do
      local v = stack[n]
      if type(v) == "table" then
        local dirs, path = stack[n - 1], stack[n - 2]
        stack[n], stack[n - 1], stack[n - 2] = nil, nil, nil
        n = n - 3
        return path, dirs, v
      end
      stack[n] = nil
      n = n - 1
      local dirs, files, kinds, err = readdir(v)
      if dirs then
        stack[n + 1], stack[n + 2], stack[n + 3] = v, dirs, files
        n = n + 3
        local before = #dirs > 0 and prefix(v)
        for i = #dirs, 1, -1 do
          local name = dirs[i]
          if followlinks or not kinds[name] then
            n = n + 1
            stack[n] = before .. name
          end
        end
      elseif onerror then
        onerror(err)
      end
    end
    return nil
  end
end

-- ---- fwalk --------------------------------------------------------------

local function nothing() return nil end

-- The fds fwalk holds: one guard (pyos._fsdir's fd holder, closed on
-- collection) per open directory, in frames[1..depth], plus the one
-- yielded last by a bottom-up walk (closed at the next step). closeall is
-- the closing value's __close on Lua 5.4; elsewhere the guards' own __gc
-- closes what a loop left by break.
local function newfwalk(root, top, topdown, onerror, follow)
  local frames, depth, pending = {}, 0, nil
  local started = false

  local function closeall()
    for i = depth, 1, -1 do
      frames[i].guard:close()
      frames[i] = nil
    end
    depth = 0
    if pending then pending:close(); pending = nil end
  end

  local function report(err)
    if onerror then
      local ok, e = pcall(onerror, err)
      if not ok then closeall(); error(e, 0) end
    end
  end

  -- Push a frame for the directory open in guard and read it. A read
  -- error raises (Python's scandir(topfd) raises too), closing every fd.
  local function enter(path, guard)
    local fd = guard:fileno()
    -- every field the frame gets, so that it is made at its size
    local f = {path = path, guard = guard, fd = fd, i = 0, dirs = false,
               files = false, kinds = false, prefix = false}
    depth = depth + 1
    frames[depth] = f
    local dirs, files, kinds, err = readdir(fd, true)
    if not dirs then closeall(); raise(err) end
    f.dirs, f.files, f.kinds = dirs, files, kinds
    return f
  end

  -- Open the next subdirectory of frame f: its guard and path, or nil.
  local function nextchild(f)
    while true do
      local i = f.i + 1
      f.i = i
      local name = f.dirs[i]
      if name == nil then return nil end
      if follow or not (f.kinds and f.kinds[name]) then
        local guard, _, _, err = opendir(f.fd, name, follow)
        if guard then
          local before = f.prefix
          if not before then
            before = prefix(f.path)
            f.prefix = before
          end
          return guard, before .. name
        end
        if guard == nil then report(err) end
      end
    end
  end

  local function topdownstep()
    if not started then
      started = true
      local f = enter(top, root)
      return f.path, f.dirs, f.files, f.fd
    end
    while depth > 0 do
      local guard, path = nextchild(frames[depth])
      if guard then
        local c = enter(path, guard)
        return c.path, c.dirs, c.files, c.fd
      end
      frames[depth].guard:close()
      frames[depth] = nil
      depth = depth - 1
    end
    return nil
  end

  local function bottomupstep()
    if pending then pending:close(); pending = nil end
    if not started then
      started = true
      enter(top, root)
    end
    while depth > 0 do
      local f = frames[depth]
      local guard, path = nextchild(f)
      if guard then
        enter(path, guard)
      else
        frames[depth] = nil
        depth = depth - 1
        pending = f.guard
        return f.path, f.dirs, f.files, f.fd
      end
    end
    return nil
  end

  local closer = setmetatable({}, {__close = closeall, __name = "pyos.fwalk"})
  return generator("pyos.fwalk", topdown and topdownstep or bottomupstep),
         nil, nil, closer
end

return function(fs, pyos)
  local islink = makeislink(pyos)

  -- walk(top, topdown=true, onerror=nil, followlinks=false) -> iterator
  -- yielding root, dirs, files.
  function fs.walk(...)
    local top, topdown, onerror, followlinks = walkargs(...)
    if topdown == false then
      return generator("pyos.walk", bottomupwalk(top, onerror, followlinks or false))
    end
    return generator("pyos.walk", topdownwalk(top, onerror, followlinks or false, islink))
  end

  -- fwalk(top='.', topdown=true, onerror=nil, {follow_symlinks=false,
  -- dir_fd=nil}) -> iterator yielding root, dirs, files, rootfd; nil,
  -- nil, closing value | nil, msg, errno, err when top cannot be opened.
  function fs.fwalk(...)
    local top, topdown, onerror, follow, dirfd = fwalkargs(...)
    if top == nil then top = "." end
    follow = follow or false
    local root, msg, code, err = opendir(dirfd, top, follow)
    if root == nil then return nil, msg, code, err end
    if root == false then               -- not a directory: nothing to walk
      return nothing, nil, nil, nil
    end
    return newfwalk(root, top, topdown ~= false, onerror, follow)
  end
end
