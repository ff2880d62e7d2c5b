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
local readdir = fsdir.readdir
local fdstack, pushdir, popdir, closedirs =
  fsdir.fdstack, fsdir.pushdir, fsdir.popdir, fsdir.closedirs
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

-- The iterators behave as Python generators: called again while a call
-- runs (from onerror, from a finalizer, from another coroutine while the
-- one running it is suspended) they raise Python's ValueError text; after
-- a call raised they are finished (nil).
--
-- A call runs without a pcall (a pcall and the calls around it per
-- directory were ~5% of a walk's instructions on 5.4): `running` holds the
-- thread running it, and a call that finds it set asks that thread's
-- stack (busy): the iterator's frame is on it while the call runs, and
-- gone once an error unwound it (a thread that died keeps its frames, so
-- a dead one counts as unwound). Each iterator keeps these rules inline
-- (a step function called through a generator cost two calls more per
-- directory); without the debug library a pcall around it does
-- (pgenerator).
local getinfo = debug and debug.getinfo
local costatus, thread = coroutine.status, aux.thread

-- True when an activation of f is on co's stack, other than the one
-- asking when co is the running thread.
local function onstack(co, f)
  if costatus(co) == "dead" then return false end
  local seen = co == thread() and -1 or 0
  local level = 0
  while true do
    local info = getinfo(co, level, "f")
    if info == nil then return false end
    if info.func == f then
      seen = seen + 1
      if seen > 0 then return true end
    end
    level = level + 1
  end
end

-- For a call of iterator self that found running set: raises when the
-- last call still runs; when an error ended it, returns the new running
-- and done (nil, true: self is finished).
local function busy(running, self, name)
  if onstack(running, self) then
    error(name .. ": generator already executing", 3)
  end
  return nil, true
end

-- The rules by a pcall around each call of step.
local function pgenerator(name, step)
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

-- self, an iterator that keeps the rules inline, as it is used.
local function inline(name, self)
  if getinfo then return self end
  return pgenerator(name, self)
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
  local stack, size = {top}, 1
  local ptop, pdirs, pkinds      -- the directory yielded last
  local running, done, self = nil, false, nil
  self = function()
    if running then running, done = busy(running, self, "pyos.walk") end
    if done then return nil end
    running = thread()
    local stack, n = stack, size
    local dirs = pdirs
    if dirs and #dirs > 0 then   -- descend into what the caller left in dirs
      local before, kinds = prefix(ptop), pkinds or {}
      for i = #dirs, 1, -1 do
        local name = dirs[i]
        local path = before .. name
        local link = false
        if not followlinks then
          link = kinds[name]
          if link == nil then link = islink(path) end   -- added by the caller
        end
        if not link then
          n = n + 1
          stack[n] = path
        end
      end
    end
    pdirs = nil
    while n > 0 do
      local path = stack[n]
      stack[n] = nil
      n = n - 1
      local dirs, files, kinds, err = readdir(path)
      if dirs then
        size, ptop, pdirs, pkinds, running = n, path, dirs, kinds, nil
        return path, dirs, files
      elseif onerror then
        size = n
        onerror(err)
      end
    end
    size, running, done = 0, nil, true
    return nil
  end
  return inline("pyos.walk", self)
end

-- Bottom-up: the stack holds paths to visit and, for each directory read,
-- the three values it will yield (files, a table, on top).
local function bottomupwalk(top, onerror, followlinks)
  local stack, size = {top}, 1
  local running, done, self = nil, false, nil
  self = function()
    if running then running, done = busy(running, self, "pyos.walk") end
    if done then return nil end
    running = thread()
    local stack, n = stack, size
    while n > 0 do
      local v = stack[n]
      if type(v) == "table" then
        local dirs, path = stack[n - 1], stack[n - 2]
        stack[n], stack[n - 1], stack[n - 2] = nil, nil, nil
        size, running = n - 3, nil
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
        size = n
        onerror(err)
      end
    end
    size, running, done = 0, nil, true
    return nil
  end
  return inline("pyos.walk", self)
end

-- ---- fwalk --------------------------------------------------------------

local function nothing() return nil end

-- The fds fwalk holds are on one stack (pyos._fsdir.fdstack): one per
-- open directory, plus the one yielded last by a bottom-up walk (closed at
-- the next step). closeall is the closing value's __close on Lua 5.4;
-- elsewhere the stack's own __gc closes what a loop left by break.
--
-- The open directories are frames 1..depth, kept in one array per field
-- (a table per frame with eight fields cost ~1,000 instructions a
-- directory on 5.4): path, fd, the index of the last name of dirs looked
-- at, dirs, files, kinds, and the join prefix (false until made).
local function newfwalk(stack, rootfd, top, topdown, onerror, follow)
  local paths, fds, nexts = {}, {}, {}
  local dirsof, filesof, kindsof, prefixes = {}, {}, {}, {}
  local depth, pending, started = 0, false, false

  -- Drop the top frame's tables (its fd is closed by the caller).
  local function drop(d)
    dirsof[d], filesof[d], kindsof[d] = nil, nil, nil
    depth = d - 1
  end

  local function closeall()
    closedirs(stack)
    for d = depth, 1, -1 do drop(d) end
    pending = false
  end

  local function report(err)
    if onerror then
      local ok, e = pcall(onerror, err)
      if not ok then closeall(); error(e, 0) end
    end
  end

  -- Push a frame for the directory just opened onto the stack (fd) and
  -- read it. A read error raises (Python's scandir(topfd) raises too),
  -- closing every fd.
  local function enter(path, fd)
    local d = depth + 1
    depth = d
    paths[d], fds[d], nexts[d], prefixes[d] = path, fd, 0, false
    local dirs, files, kinds, err = readdir(fd, true)
    if not dirs then closeall(); raise(err) end
    dirsof[d], filesof[d], kindsof[d] = dirs, files, kinds
    return d
  end

  -- Open the next subdirectory of frame d onto the stack: its fd and
  -- path, or nil.
  local function nextchild(d)
    local dirs, kinds, i = dirsof[d], kindsof[d], nexts[d]
    while true do
      i = i + 1
      nexts[d] = i
      local name = dirs[i]
      if name == nil then return nil end
      if follow or not (kinds and kinds[name]) then
        local fd, _, _, err = pushdir(stack, fds[d], name, follow)
        if fd then
          local before = prefixes[d]
          if not before then
            before = prefix(paths[d])
            prefixes[d] = before
          end
          return fd, before .. name
        end
        if fd == nil then report(err) end
      end
    end
  end

  -- The iterators keep the generator rules inline, as walk's do.
  local running, done, self = nil, false, nil

  local function topdownself()
    if running then running, done = busy(running, self, "pyos.fwalk") end
    if done then return nil end
    running = thread()
    local d
    if not started then
      started = true
      d = enter(top, rootfd)
    end
    while not d and depth > 0 do
      local fd, path = nextchild(depth)
      if fd then
        d = enter(path, fd)
      else
        popdir(stack)
        drop(depth)
      end
    end
    if d then
      running = nil
      return paths[d], dirsof[d], filesof[d], fds[d]
    end
    running, done = nil, true
    return nil
  end

  local function bottomupself()
    if running then running, done = busy(running, self, "pyos.fwalk") end
    if done then return nil end
    running = thread()
    if pending then popdir(stack); pending = false end
    if not started then
      started = true
      enter(top, rootfd)
    end
    while depth > 0 do
      local d = depth
      local fd, path = nextchild(d)
      if fd then
        enter(path, fd)
      else
        local dirs, files = dirsof[d], filesof[d]
        drop(d)
        pending = true           -- its fd stays open until the next call
        running = nil
        return paths[d], dirs, files, fds[d]
      end
    end
    running, done = nil, true
    return nil
  end

  self = topdown and topdownself or bottomupself
  local closer = setmetatable({}, {__close = closeall, __name = "pyos.fwalk"})
  return inline("pyos.fwalk", self), nil, nil, closer
end

return function(fs, pyos)
  local islink = makeislink(pyos)

  -- walk(top, topdown=true, onerror=nil, followlinks=false) -> iterator
  -- yielding root, dirs, files.
  function fs.walk(...)
    local top, topdown, onerror, followlinks = walkargs(...)
    if topdown == false then
      return bottomupwalk(top, onerror, followlinks or false)
    end
    return topdownwalk(top, onerror, followlinks or false, islink)
  end

  -- fwalk(top='.', topdown=true, onerror=nil, {follow_symlinks=false,
  -- dir_fd=nil}) -> iterator yielding root, dirs, files, rootfd; nil,
  -- nil, closing value | nil, msg, errno, err when top cannot be opened.
  function fs.fwalk(...)
    local top, topdown, onerror, follow, dirfd = fwalkargs(...)
    if top == nil then top = "." end
    follow = follow or false
    local stack = fdstack()
    local rootfd, msg, code, err = pushdir(stack, dirfd, top, follow)
    if rootfd == nil then return nil, msg, code, err end
    if rootfd == false then             -- not a directory: nothing to walk
      return nothing, nil, nil, nil
    end
    return newfwalk(stack, rootfd, top, topdown ~= false, onerror, follow)
  end
end
