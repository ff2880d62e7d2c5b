-- The namespace, its LuaLS annotations (types/) and its reference (doc/)
-- must name the same things: nothing missing, nothing extra.
local pyos = require "pyos"

local AREAS = {fs = true, fd = true, proc = true, sched = true,
               xattr = true, sys = true, path = true,
               glob = true, fnmatch = true, shutil = true, tempfile = true,
               subprocess = true}

local function readall(dir, suffix)
  local p = assert(io.popen("ls " .. dir))
  local texts = {}
  for name in p:lines() do
    if name:sub(-#suffix) == suffix then
      local f = assert(io.open(dir .. "/" .. name, "rb"))
      texts[#texts + 1] = f:read("*a")
      f:close()
    end
  end
  p:close()
  return table.concat(texts, "\n")
end

local function exports()
  local names = {}
  for k in pairs(pyos) do
    if not AREAS[k] then names[#names + 1] = k end
  end
  table.sort(names)
  return names
end

describe("types/", function()
  local text = readall("types", ".lua")
  local annotated = {}
  for name in text:gmatch("\nfunction pyos%.([%w_]+)%(") do annotated[name] = true end
  for name in text:gmatch("\npyos%.([%w_]+) =") do annotated[name] = true end

  it("annotates every export", function()
    local missing = {}
    for _, name in ipairs(exports()) do
      if not annotated[name] then missing[#missing + 1] = name end
    end
    assert.same({}, missing)
  end)

  -- Lua's os names that Python lacks (exit, time, ...) resolve through
  -- the namespace's metatable to Lua's own.
  local forwarded = {}
  for name, v in pairs(getmetatable(pyos).__index) do
    if os[name] == v then forwarded[name] = true end
  end

  it("annotates nothing that is not exported", function()
    local extra = {}
    for name in pairs(annotated) do
      if rawget(pyos, name) == nil and not forwarded[name] then extra[#extra + 1] = name end
    end
    table.sort(extra)
    assert.same({}, extra)
  end)

  it("are Lua that loads (LuaLS reads nothing after a syntax error)", function()
    local p = assert(io.popen("ls types"))
    local bad = {}
    for name in p:lines() do
      if name:find("%.lua$") then
        local ok, err = loadfile("types/" .. name)
        if not ok then bad[#bad + 1] = err end
      end
    end
    p:close()
    assert.same({}, bad)
  end)

  it("annotates the Lua os names the namespace forwards", function()
    local missing = {}
    for name in pairs(forwarded) do
      if not annotated[name] then missing[#missing + 1] = name end
      assert(text:find("\npyos%." .. name .. " = os%." .. name .. "\n"), name .. " is not os." .. name)
    end
    table.sort(missing)
    assert.same({}, missing)
    assert.is_not_nil(next(forwarded))
  end)

  it("gives every constant its value on this platform", function()
    if pyos.uname().machine ~= "x86_64" then
      pending("types/ carry the values of Linux x86_64")
      return
    end
    local wrong, n = {}, 0
    for name, v in text:gmatch("\npyos%.([%w_]+) = (%-?%d+)\n") do
      n = n + 1
      if pyos[name] ~= tonumber(v) then
        wrong[#wrong + 1] = ("%s = %s, is %s"):format(name, v, tostring(pyos[name]))
      end
    end
    for name, v in pairs(pyos) do
      if type(v) == "number" and not text:find("\npyos%." .. name .. " = %-?%d+\n") then
        wrong[#wrong + 1] = name .. ": no value annotated"
      end
    end
    table.sort(wrong)
    assert.same({}, wrong)
    assert.is_true(n > 200)
  end)
end)

describe("doc/", function()
  local text = readall("doc", ".md")

  it("has a heading for every function and names every constant", function()
    local missing = {}
    for _, name in ipairs(exports()) do
      local v = pyos[name]
      local found
      if type(v) == "function" or (type(v) == "table" and getmetatable(v)
          and getmetatable(v).__call) then
        found = text:find("\n### pyos%." .. name:gsub("%p", "%%%0") .. "%f[^%w_]")
      else
        found = text:find("`" .. name .. "`", 1, true)
          or text:find("`pyos." .. name .. "`", 1, true)
          or text:find("\n### pyos%." .. name:gsub("%p", "%%%0") .. "%f[^%w_]")
      end
      if not found then missing[#missing + 1] = name end
    end
    assert.same({}, missing)
  end)

  it("gives every function entry a Lua example", function()
    -- an entry runs from its "### pyos." heading to the next heading
    -- outside a code block
    local bare, current, fenced = {}, nil, false
    local function close()
      if current and not current.example then bare[#bare + 1] = current.title end
    end
    for line in (text .. "\n"):gmatch("([^\n]*)\n") do
      if line:find("^```") then
        if not fenced and current and line:find("^```lua") then current.example = true end
        fenced = not fenced
      elseif not fenced and line:find("^#") then
        close()
        current = line:find("^### pyos%.") and {title = line:sub(5)} or nil
      end
    end
    close()
    assert.same({}, bare)
  end)
end)

-- ---- Success returns exactly what doc/ documents ---------------------------
-- Each function's return is read from its doc/ entry: the signature line
-- (`pyos.f(...) -> a, b | nil, msg, errno, err` or `-> a | b`), or, for an
-- entry that has none, the entry it refers to ("Same as `getenv`",
-- "`execl(...)` = `execv(...)`"). An alternative's values are counted at
-- the top level ("{s1, s2}, total" is two). Then a successful call of the
-- function must return one of the documented counts, no more (the fix of
-- fpathconf and fstatvfs returning "255 nil nil").

local support = require "support"
local unpack = table.unpack or unpack

-- The text of each "### pyos.NAME" entry: its prose and its unlabelled
-- code blocks (signatures, each line as a `span`), not its Lua examples.
local function entries(text)
  local out, cur, fenced, lang = {}, nil, false, nil
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    if line:find("^```") then
      if not fenced then lang = line:match("^```(%S*)") end
      fenced = not fenced
    elseif not fenced and line:find("^#") then
      local name = line:match("^###%s+pyos%.([%w_%.]+)")
      cur = nil
      if name then cur = {}; out[name] = cur end
    elseif cur and not fenced then
      cur[#cur + 1] = line
    elseif cur and lang == "" then
      cur[#cur + 1] = "`" .. line .. "`"
    end
  end
  for name, lines in pairs(out) do out[name] = table.concat(lines, " ") end
  return out
end

-- The number of values in one alternative.
local function count(alt)
  alt = alt:gsub("%b()", ""):gsub("%b{}", "{}"):gsub("%b[]", "[]"):gsub('%b""', '""')
  local n = 1
  for _ in alt:gmatch(",") do n = n + 1 end
  return n
end

-- Add the alternatives of one "-> ..." text to sig: success counts, and
-- the failure forms (alternatives that start "nil,").
local function parse(ret, sig)
  local depth, parts, buf = 0, {}, {}
  for c in ret:gsub("%s+", " "):gmatch(".") do
    if c == "{" or c == "(" or c == "[" then depth = depth + 1
    elseif c == "}" or c == ")" or c == "]" then depth = depth - 1 end
    if c == "|" and depth == 0 then
      parts[#parts + 1] = table.concat(buf)
      buf = {}
    else
      buf[#buf + 1] = c
    end
  end
  parts[#parts + 1] = table.concat(buf)
  for _, p in ipairs(parts) do
    p = p:match("^%s*(.-)%s*$")
    if p:find("^nil%s*,") then
      sig.failures[#sig.failures + 1] = p
    elseif p ~= "" then
      sig.counts[count(p)] = true
    end
  end
end

-- name -> {counts = {[n] = true}, failures = {...}} as documented, for
-- every entry whose return is documented (directly or by reference).
local function documented(text)
  local sigs, refs = {}, {}
  local bodies = entries(text)
  for name, body in pairs(bodies) do
    local sig = {counts = {}, failures = {}}
    for span in body:gmatch("`([^`]*)`") do
      local ret = span:match("^pyos%.[%w_%.]+%s*%b()%s*%->%s*(.*)$")
        or span:match("^%->%s*(.*)$")
      if ret then
        sig.found = true
        parse(ret, sig)
      end
    end
    if sig.found then sigs[name] = sig end
  end
  for name, body in pairs(bodies) do
    if not sigs[name] then
      for span in body:gmatch("`([^`]*)`") do
        for id in span:gsub("^pyos%.", ""):gmatch("[%a_][%w_]*") do
          if id ~= name and bodies[id] and not refs[name] then refs[name] = id end
        end
      end
    end
  end
  local changed = true        -- chains: spawnlpe -> spawnvpe -> spawnve -> spawnv
  while changed do
    changed = false
    for name, ref in pairs(refs) do
      if sigs[ref] and not sigs[name] then
        sigs[name] = sigs[ref]
        changed = true
      end
    end
  end
  return sigs
end

-- Calls that succeed, each returning the function's values. T.dir is an
-- empty temp dir holding T.file ("data"); T.open(path, flags) opens and
-- closes at the end of the test.
local function fd(T, p, flags) return T.open(p or T.file, flags or pyos.O_RDONLY) end
local function pack(...) return {n = select("#", ...), ...} end
local CLOCK_MONOTONIC = 1         -- Python's time.CLOCK_MONOTONIC on Linux
local function reap(pid) assert(pyos.waitpid(pid, 0)) end

local OK = {
  -- pyos.fd
  open = function(T) local r = pack(pyos.open(T.file, pyos.O_RDONLY)) T.own(r[1]) return unpack(r, 1, r.n) end,
  close = function(T) return pyos.close((assert(pyos.open(T.file, pyos.O_RDONLY)))) end,
  closerange = function(T) local f = (assert(pyos.open(T.file, pyos.O_RDONLY))) return pyos.closerange(f, f + 1) end,
  fdopen = function(T)
    local r = pack(pyos.fdopen((assert(pyos.open(T.file, pyos.O_RDONLY)))))
    r[1]:close()
    return unpack(r, 1, r.n)
  end,
  read = function(T) return pyos.read(fd(T), 1) end,
  write = function(T) return pyos.write(fd(T, "/dev/null", pyos.O_WRONLY), "x") end,
  pread = function(T) return pyos.pread(fd(T), 1, 0) end,
  pwrite = function(T) return pyos.pwrite(fd(T, nil, pyos.O_RDWR), "x", 0) end,
  readv = function(T) return pyos.readv(fd(T), {1, 2}) end,
  writev = function(T) return pyos.writev(fd(T, "/dev/null", pyos.O_WRONLY), {"x", "y"}) end,
  preadv = function(T) return pyos.preadv(fd(T), {pyos.buffer(2)}, 0) end,
  pwritev = function(T) return pyos.pwritev(fd(T, nil, pyos.O_RDWR), {"x"}, 0) end,
  lseek = function(T) return pyos.lseek(fd(T), 0, pyos.SEEK_END) end,
  buffer = function() return pyos.buffer(4) end,
  readinto = function(T) return pyos.readinto(fd(T), pyos.buffer(4)) end,
  sendfile = function(T) return pyos.sendfile(fd(T, "/dev/null", pyos.O_WRONLY), fd(T), 0, 2) end,
  copy_file_range = function(T)
    return pyos.copy_file_range(fd(T), fd(T, T.dir .. "/copy", pyos.O_WRONLY + pyos.O_CREAT), 2)
  end,
  splice = function(T)
    local r, w = T.pipe()
    return pyos.splice(fd(T), w, 2)
  end,
  fchmod = function(T) return pyos.fchmod(fd(T), 420) end,
  fchown = function(T) return pyos.fchown(fd(T), -1, -1) end,
  fsync = function(T) return pyos.fsync(fd(T)) end,
  fdatasync = function(T) return pyos.fdatasync(fd(T)) end,
  ftruncate = function(T) return pyos.ftruncate(fd(T, nil, pyos.O_RDWR), 4) end,
  fstatvfs = function(T) return pyos.fstatvfs(fd(T)) end,
  fpathconf = function(T) return pyos.fpathconf(fd(T), "PC_NAME_MAX") end,
  lockf = function(T) return pyos.lockf(fd(T, nil, pyos.O_RDWR), pyos.F_TLOCK, 0) end,
  posix_fallocate = function(T) return pyos.posix_fallocate(fd(T, nil, pyos.O_RDWR), 0, 8) end,
  posix_fadvise = function(T) return pyos.posix_fadvise(fd(T), 0, 0, pyos.POSIX_FADV_NORMAL) end,
  get_blocking = function(T) return pyos.get_blocking(fd(T)) end,
  set_blocking = function(T) return pyos.set_blocking(fd(T), true) end,
  get_inheritable = function(T) return pyos.get_inheritable(fd(T)) end,
  set_inheritable = function(T) return pyos.set_inheritable(fd(T), false) end,
  dup = function(T) local r = pack(pyos.dup(fd(T))) T.own(r[1]) return unpack(r, 1, r.n) end,
  dup2 = function(T) return pyos.dup2(fd(T), fd(T)) end,
  pipe = function(T) local r = pack(pyos.pipe()) T.own(r[1]) T.own(r[2]) return unpack(r, 1, r.n) end,
  pipe2 = function(T) local r = pack(pyos.pipe2(pyos.O_CLOEXEC)) T.own(r[1]) T.own(r[2]) return unpack(r, 1, r.n) end,
  isatty = function(T) return pyos.isatty(fd(T)) end,
  ttyname = function(T) local _, s = T.pty() return pyos.ttyname(s) end,
  get_terminal_size = function(T) local _, s = T.pty() return pyos.get_terminal_size(s) end,
  device_encoding = function(T) return pyos.device_encoding(fd(T)) end,
  openpty = function(T) local r = pack(pyos.openpty()) T.own(r[1]) T.own(r[2]) return unpack(r, 1, r.n) end,
  posix_openpt = function(T)
    local r = pack(pyos.posix_openpt(pyos.O_RDWR + pyos.O_NOCTTY)) T.own(r[1]) return unpack(r, 1, r.n)
  end,
  grantpt = function(T) return pyos.grantpt((T.pty())) end,
  unlockpt = function(T) return pyos.unlockpt((T.pty())) end,
  ptsname = function(T) return pyos.ptsname((T.pty())) end,
  memfd_create = function(T) local r = pack(pyos.memfd_create("x")) T.own(r[1]) return unpack(r, 1, r.n) end,
  eventfd = function(T) local r = pack(pyos.eventfd(0)) T.own(r[1]) return unpack(r, 1, r.n) end,
  eventfd_write = function(T) return pyos.eventfd_write(T.own((assert(pyos.eventfd(0)))), 1) end,
  eventfd_read = function(T) return pyos.eventfd_read(T.own((assert(pyos.eventfd(1))))) end,
  timerfd_create = function(T)
    local r = pack(pyos.timerfd_create(CLOCK_MONOTONIC)) T.own(r[1]) return unpack(r, 1, r.n)
  end,
  timerfd_settime = function(T) return pyos.timerfd_settime(T.timer()) end,
  timerfd_settime_ns = function(T) return pyos.timerfd_settime_ns(T.timer()) end,
  timerfd_gettime = function(T) return pyos.timerfd_gettime(T.timer()) end,
  timerfd_gettime_ns = function(T) return pyos.timerfd_gettime_ns(T.timer()) end,

  -- pyos.fs
  stat = function(T) return pyos.stat(T.file) end,
  lstat = function(T) return pyos.lstat(T.file) end,
  fstat = function(T) return pyos.fstat(fd(T)) end,
  access = function(T) return pyos.access(T.file, pyos.F_OK) end,
  chdir = function() return pyos.chdir((assert(pyos.getcwd()))) end,
  fchdir = function(T) return pyos.fchdir(fd(T, ".")) end,
  getcwd = function() return pyos.getcwd() end,
  getcwdb = function() return pyos.getcwdb() end,
  chmod = function(T) return pyos.chmod(T.file, 420) end,
  chown = function(T) return pyos.chown(T.file, -1, -1) end,
  lchown = function(T) return pyos.lchown(T.file, -1, -1) end,
  link = function(T) return pyos.link(T.file, T.dir .. "/hard") end,
  symlink = function(T) return pyos.symlink("file", T.dir .. "/sym") end,
  readlink = function(T) assert(pyos.symlink("file", T.dir .. "/sym")) return pyos.readlink(T.dir .. "/sym") end,
  mkdir = function(T) return pyos.mkdir(T.dir .. "/d") end,
  mkfifo = function(T) return pyos.mkfifo(T.dir .. "/fifo") end,
  mknod = function(T) return pyos.mknod(T.dir .. "/node") end,
  major = function() return pyos.major(pyos.makedev(8, 1)) end,
  minor = function() return pyos.minor(pyos.makedev(8, 1)) end,
  makedev = function() return pyos.makedev(8, 1) end,
  remove = function(T) return pyos.remove(T.file) end,
  unlink = function(T) return pyos.unlink(T.file) end,
  rmdir = function(T) assert(pyos.mkdir(T.dir .. "/d")) return pyos.rmdir(T.dir .. "/d") end,
  rename = function(T) return pyos.rename(T.file, T.dir .. "/renamed") end,
  replace = function(T) return pyos.replace(T.file, T.dir .. "/renamed") end,
  truncate = function(T) return pyos.truncate(T.file, 2) end,
  utime = function(T) return pyos.utime(T.file) end,
  statvfs = function(T) return pyos.statvfs(T.dir) end,
  pathconf = function(T) return pyos.pathconf(T.dir, "PC_NAME_MAX") end,
  sync = function() return pyos.sync() end,
  makedirs = function(T) return pyos.makedirs(T.dir .. "/x/y") end,
  removedirs = function(T) assert(pyos.makedirs(T.dir .. "/x/y")) return pyos.removedirs(T.dir .. "/x/y") end,
  renames = function(T) return pyos.renames(T.file, T.dir .. "/n/file") end,
  scandir = function(T)
    local r = pack(pyos.scandir(T.dir))
    r[1]:close()
    return unpack(r, 1, r.n)
  end,
  listdir = function(T) return pyos.listdir(T.dir) end,
  walk = function(T) return pyos.walk(T.dir) end,
  fwalk = function(T)
    local r = pack(pyos.fwalk(T.dir))
    while r[1]() do end           -- to the end: releases its fds
    return unpack(r, 1, r.n)
  end,
  filemode = function() return pyos.filemode(33188) end,
  S_IFMT = function() return pyos.S_IFMT(33188) end,
  S_IMODE = function() return pyos.S_IMODE(33188) end,

  -- pyos.xattr: where the file system takes user.* attributes
  setxattr = function(T) return pyos.setxattr(T.file, "user.x", "v") end,
  getxattr = function(T) assert(pyos.setxattr(T.file, "user.x", "v")) return pyos.getxattr(T.file, "user.x") end,
  listxattr = function(T) return pyos.listxattr(T.file) end,
  removexattr = function(T) assert(pyos.setxattr(T.file, "user.x", "v")) return pyos.removexattr(T.file, "user.x") end,

  -- pyos.proc: leaving the process as it was
  environ = function() return pyos.environ() end,
  environb = function() return pyos.environb() end,
  getenv = function() return pyos.getenv("PYOS_NO_SUCH_VARIABLE", "d") end,
  getenvb = function() return pyos.getenvb("HOME") end,
  putenv = function() return pyos.putenv("PYOS_META_SPEC", "1") end,
  unsetenv = function() return pyos.unsetenv("PYOS_META_SPEC") end,
  reload_environ = function() return pyos.reload_environ() end,
  get_exec_path = function() return pyos.get_exec_path() end,
  fspath = function() return pyos.fspath("x") end,
  fsencode = function() return pyos.fsencode("x") end,
  fsdecode = function() return pyos.fsdecode("x") end,
  getpid = function() return pyos.getpid() end,
  getppid = function() return pyos.getppid() end,
  getuid = function() return pyos.getuid() end,
  geteuid = function() return pyos.geteuid() end,
  getgid = function() return pyos.getgid() end,
  getegid = function() return pyos.getegid() end,
  getresuid = function() return pyos.getresuid() end,
  getresgid = function() return pyos.getresgid() end,
  setuid = function() return pyos.setuid(pyos.getuid()) end,
  seteuid = function() return pyos.seteuid(pyos.geteuid()) end,
  setgid = function() return pyos.setgid(pyos.getgid()) end,
  setegid = function() return pyos.setegid(pyos.getegid()) end,
  setreuid = function() return pyos.setreuid(-1, -1) end,
  setregid = function() return pyos.setregid(-1, -1) end,
  setresuid = function() return pyos.setresuid(-1, -1, -1) end,
  setresgid = function() return pyos.setresgid(-1, -1, -1) end,
  getgroups = function() return pyos.getgroups() end,
  getgrouplist = function() return pyos.getgrouplist("root", 0) end,
  ctermid = function() return pyos.ctermid() end,
  getpgid = function() return pyos.getpgid(0) end,
  getpgrp = function() return pyos.getpgrp() end,
  getsid = function() return pyos.getsid(0) end,
  umask = function() local old = pyos.umask(18) return pyos.umask(old) end,
  uname = function() return pyos.uname() end,
  strerror = function() return pyos.strerror(2) end,
  getpriority = function() return pyos.getpriority(pyos.PRIO_PROCESS, 0) end,
  setpriority = function()
    return pyos.setpriority(pyos.PRIO_PROCESS, 0, (assert(pyos.getpriority(pyos.PRIO_PROCESS, 0))))
  end,
  unshare = function() return pyos.unshare(0) end,
  nice = function() return pyos.nice(0) end,
  kill = function() return pyos.kill(pyos.getpid(), 0) end,
  killpg = function() return pyos.killpg(pyos.getpgrp(), 0) end,
  pidfd_open = function(T) local r = pack(pyos.pidfd_open(pyos.getpid())) T.own(r[1]) return unpack(r, 1, r.n) end,
  system = function() return pyos.system("true") end,
  register_at_fork = function() return pyos.register_at_fork({after_in_child = function() end}) end,
  posix_spawn = function()
    local r = pack(pyos.posix_spawn("/bin/true", {"true"})) reap(r[1]) return unpack(r, 1, r.n)
  end,
  posix_spawnp = function()
    local r = pack(pyos.posix_spawnp("true", {"true"})) reap(r[1]) return unpack(r, 1, r.n)
  end,
  spawnv = function() return pyos.spawnv(pyos.P_WAIT, "/bin/true", {"true"}) end,
  spawnve = function() return pyos.spawnve(pyos.P_WAIT, "/bin/true", {"true"}, {}) end,
  spawnvp = function() return pyos.spawnvp(pyos.P_WAIT, "true", {"true"}) end,
  spawnvpe = function() return pyos.spawnvpe(pyos.P_WAIT, "true", {"true"}, {PATH = "/bin:/usr/bin"}) end,
  spawnl = function() return pyos.spawnl(pyos.P_WAIT, "/bin/true", "true") end,
  spawnle = function() return pyos.spawnle(pyos.P_WAIT, "/bin/true", "true", {}) end,
  spawnlp = function() return pyos.spawnlp(pyos.P_WAIT, "true", "true") end,
  spawnlpe = function() return pyos.spawnlpe(pyos.P_WAIT, "true", "true", {PATH = "/bin:/usr/bin"}) end,
  fork = function()
    local r = pack(pyos.fork())
    if r[1] == 0 then pyos._exit(0) end
    reap(r[1])
    return unpack(r, 1, r.n)
  end,
  forkpty = function(T)
    local r = pack(pyos.forkpty())
    if r[1] == 0 then pyos._exit(0) end
    T.own(r[2])
    reap(r[1])
    return unpack(r, 1, r.n)
  end,
  popen = function() local r = pack(pyos.popen("true")) r[1]:close() return unpack(r, 1, r.n) end,
  wait = function()
    assert(pyos.spawnv(pyos.P_NOWAIT, "/bin/true", {"true"}))
    return pyos.wait()
  end,
  waitpid = function()
    return pyos.waitpid((assert(pyos.spawnv(pyos.P_NOWAIT, "/bin/true", {"true"}))), 0)
  end,
  wait3 = function()
    assert(pyos.spawnv(pyos.P_NOWAIT, "/bin/true", {"true"}))
    return pyos.wait3(0)
  end,
  wait4 = function()
    return pyos.wait4((assert(pyos.spawnv(pyos.P_NOWAIT, "/bin/true", {"true"}))), 0)
  end,
  waitid = function()
    return pyos.waitid(pyos.P_PID, (assert(pyos.spawnv(pyos.P_NOWAIT, "/bin/true", {"true"}))), pyos.WEXITED)
  end,
  waitstatus_to_exitcode = function() return pyos.waitstatus_to_exitcode(768) end,
  times = function() return pyos.times() end,

  -- pyos.sched
  sched_param = function() return pyos.sched_param(0) end,
  sched_get_priority_min = function() return pyos.sched_get_priority_min(pyos.SCHED_FIFO) end,
  sched_get_priority_max = function() return pyos.sched_get_priority_max(pyos.SCHED_FIFO) end,
  sched_getscheduler = function() return pyos.sched_getscheduler(0) end,
  sched_setscheduler = function()
    return pyos.sched_setscheduler(0, (assert(pyos.sched_getscheduler(0))), (assert(pyos.sched_getparam(0))))
  end,
  sched_getparam = function() return pyos.sched_getparam(0) end,
  sched_setparam = function() return pyos.sched_setparam(0, (assert(pyos.sched_getparam(0)))) end,
  sched_rr_get_interval = function() return pyos.sched_rr_get_interval(0) end,
  sched_yield = function() return pyos.sched_yield() end,
  sched_getaffinity = function() return pyos.sched_getaffinity(0) end,
  sched_setaffinity = function() return pyos.sched_setaffinity(0, (assert(pyos.sched_getaffinity(0)))) end,

  -- pyos.sys
  sysconf = function() return pyos.sysconf("SC_PAGE_SIZE") end,
  confstr = function() return pyos.confstr("CS_PATH") end,
  cpu_count = function() return pyos.cpu_count() end,
  process_cpu_count = function() return pyos.process_cpu_count() end,
  getloadavg = function() return pyos.getloadavg() end,
  getrandom = function() return pyos.getrandom(4) end,
  urandom = function() return pyos.urandom(4) end,
  getpwnam = function() return pyos.getpwnam("root") end,
  getpwuid = function() return pyos.getpwuid(0) end,
  getpwall = function() return pyos.getpwall() end,
  getgrnam = function() return pyos.getgrnam("root") end,
  getgrgid = function() return pyos.getgrgid(0) end,
  getgrall = function() return pyos.getgrall() end,

  -- errors
  OSError = function() return pyos.OSError(2, "No such file or directory") end,
  error = function() return pyos.error(2, "No such file or directory") end,
  ["OSError.of"] = function() return pyos.OSError.of("[Errno 2] No such file or directory: 'x'") end,

  -- pyos.path
  ["path.abspath"] = function() return pyos.path.abspath("x") end,
  ["path.realpath"] = function(T) return pyos.path.realpath(T.file, {strict = true}) end,
  ["path.relpath"] = function() return pyos.path.relpath("/usr/lib", "/usr/share") end,
  ["path.join"] = function() return pyos.path.join("a", "b") end,
  ["path.split"] = function() return pyos.path.split("/a/b") end,
  ["path.splitext"] = function() return pyos.path.splitext("a.b") end,
  ["path.splitdrive"] = function() return pyos.path.splitdrive("/a") end,
  ["path.basename"] = function() return pyos.path.basename("/a/b") end,
  ["path.dirname"] = function() return pyos.path.dirname("/a/b") end,
  ["path.normpath"] = function() return pyos.path.normpath("a//b") end,
  ["path.normcase"] = function() return pyos.path.normcase("a") end,
  ["path.isabs"] = function() return pyos.path.isabs("/a") end,
  ["path.commonprefix"] = function() return pyos.path.commonprefix({"/ab", "/ac"}) end,
  ["path.commonpath"] = function() return pyos.path.commonpath({"/a/b", "/a/c"}) end,
  ["path.expanduser"] = function() return pyos.path.expanduser("~/x") end,
  ["path.expandvars"] = function() return pyos.path.expandvars("$HOME/x") end,
  ["path.exists"] = function(T) return pyos.path.exists(T.file) end,
  ["path.lexists"] = function(T) return pyos.path.lexists(T.file) end,
  ["path.isdir"] = function(T) return pyos.path.isdir(T.dir) end,
  ["path.isfile"] = function(T) return pyos.path.isfile(T.file) end,
  ["path.islink"] = function(T) return pyos.path.islink(T.file) end,
  ["path.isjunction"] = function(T) return pyos.path.isjunction(T.file) end,
  ["path.ismount"] = function() return pyos.path.ismount("/") end,
  ["path.getsize"] = function(T) return pyos.path.getsize(T.file) end,
  ["path.getmtime"] = function(T) return pyos.path.getmtime(T.file) end,
  ["path.getatime"] = function(T) return pyos.path.getatime(T.file) end,
  ["path.getctime"] = function(T) return pyos.path.getctime(T.file) end,
  ["path.samefile"] = function(T) return pyos.path.samefile(T.file, T.file) end,
  ["path.sameopenfile"] = function(T) return pyos.path.sameopenfile(fd(T), fd(T)) end,
  ["path.samestat"] = function(T) return pyos.path.samestat(pyos.stat(T.file), pyos.stat(T.file)) end,
}
for _, name in ipairs({"ISBLK", "ISCHR", "ISDIR", "ISDOOR", "ISFIFO", "ISLNK", "ISPORT",
                       "ISREG", "ISSOCK", "ISWHT"}) do
  OK["S_" .. name] = function() return pyos["S_" .. name](33188) end
end
for _, name in ipairs({"WCOREDUMP", "WEXITSTATUS", "WIFCONTINUED", "WIFEXITED",
                       "WIFSIGNALED", "WIFSTOPPED", "WSTOPSIG", "WTERMSIG"}) do
  OK[name] = function() return pyos[name](768) end
end

-- Succeeding changes the process: run in a forked child (needs root for
-- some, pending without).
local INCHILD = {
  login_tty = {function(T) local _, s = T.pty() return pyos.login_tty(s) end},
  tcgetpgrp = {function(T) return pyos.tcgetpgrp(T.ctty()) end},
  tcsetpgrp = {function(T) return pyos.tcsetpgrp(T.ctty(), pyos.getpgrp()) end},
  setpgid = {function() return pyos.setpgid(0, 0) end},
  setpgrp = {function() return pyos.setpgrp() end},
  setsid = {function() return pyos.setsid() end},
  getlogin = {function()
    -- glibc reads the audit login uid first; root may set its own
    local f = io.open("/proc/self/loginuid", "w")
    if f then
      f:write(tostring(pyos.getuid()))
      f:close()
    end
    return pyos.getlogin()
  end, "a login uid (only root can give itself one)"},
  chroot = {function() return pyos.chroot("/") end, "root"},
  setgroups = {function() return pyos.setgroups((assert(pyos.getgroups()))) end, "root"},
  initgroups = {function() return pyos.initgroups("root", 0) end, "root"},
  setns = {function(T) return pyos.setns(fd(T, "/proc/self/ns/uts"), pyos.CLONE_NEWUTS) end, "root"},
}

-- Never return when they succeed: the doc shows only their failure.
local NORETURN = {
  _exit = true, abort = true, execv = true, execve = true, execvp = true,
  execvpe = true, execl = true, execle = true, execlp = true, execlpe = true,
}

describe("success returns", function()
  local text = readall("doc", ".md")
  local sigs = documented(text)

  local function names()
    local list = {}
    for k, v in pairs(pyos) do
      local mt = debug.getmetatable(v)
      if k ~= "path" and (type(v) == "function" or (type(mt) == "table" and mt.__call)) then
        list[#list + 1] = k
      end
    end
    for k, v in pairs(pyos.path) do
      if type(v) == "function" then list[#list + 1] = "path." .. k end
    end
    list[#list + 1] = "OSError.of"
    table.sort(list)
    return list
  end

  it("are documented for every function, and every function has a case", function()
    local undocumented, nocase, stale = {}, {}, {}
    local known = {}
    for _, name in ipairs(names()) do
      known[name] = true
      if not NORETURN[name] then
        if not sigs[name] or not next(sigs[name].counts) then undocumented[#undocumented + 1] = name end
        if not OK[name] and not INCHILD[name] then nocase[#nocase + 1] = name end
      end
    end
    for name in pairs(OK) do if not known[name] then stale[#stale + 1] = name end end
    for name in pairs(INCHILD) do if not known[name] then stale[#stale + 1] = name end end
    table.sort(stale)
    assert.same({}, undocumented, "no documented return")
    assert.same({}, nocase, "no success case")
    assert.same({}, stale, "a case for a name pyos does not export")
  end)

  it("document failures as nil, msg, errno, err", function()
    local wrong = {}
    for name, sig in pairs(sigs) do
      for _, f in ipairs(sig.failures) do
        if f ~= "nil, msg, errno, err" then wrong[#wrong + 1] = name .. ": " .. f end
      end
    end
    table.sort(wrong)
    assert.same({}, wrong)
  end)

  -- What a test opened, closed at its end.
  local function context()
    local dir = support.tmpdir()
    local T = {dir = dir, file = dir .. "/file"}
    support.writefile(T.file, "data")
    local fds = {}
    function T.own(f)
      if type(f) == "number" then fds[#fds + 1] = f end
      return f
    end
    function T.open(p, flags)
      return T.own((assert(pyos.open(p, flags))))
    end
    function T.pipe()
      local r, w = assert(pyos.pipe())
      return T.own(r), T.own(w)
    end
    function T.pty()
      local m, s = assert(pyos.openpty())
      return T.own(m), T.own(s)
    end
    function T.timer()
      return T.own((assert(pyos.timerfd_create(CLOCK_MONOTONIC))))
    end
    -- in a child: a new session whose controlling terminal is a new pty
    function T.ctty()
      local _, s = T.pty()
      assert(pyos.setsid())
      return T.open((assert(pyos.ttyname(s))), pyos.O_RDWR)
    end
    function T.close()
      for i = #fds, 1, -1 do pyos.close(fds[i]) end
      support.cleanup()
    end
    return T
  end

  local function allowed(name)
    local list = {}
    for n in pairs(sigs[name].counts) do list[#list + 1] = n end
    table.sort(list)
    return list
  end

  local function counts(name, n)
    return sigs[name] and sigs[name].counts[n]
  end

  -- Run fn(T) and check its count against the doc; raises what is wrong.
  local function runok(name, fn, T)
    local r = pack(fn(T))
    if r.n > 0 and r[1] == nil and r.n >= 3 then
      error(name .. " failed: " .. tostring(r[2]), 0)
    end
    if not (sigs[name] and sigs[name].counts[r.n]) then
      local list = {}
      for n in pairs(sigs[name] and sigs[name].counts or {}) do list[#list + 1] = n end
      table.sort(list)
      error(("%s returned %d values, documented: %s"):format(name, r.n,
            table.concat(list, " or ")), 0)
    end
  end

  local cases = {}
  for name in pairs(OK) do cases[#cases + 1] = name end
  table.sort(cases)
  for _, name in ipairs(cases) do
    it(name, function()
      local T = context()
      finally(T.close)
      if name == "pidfd_open" and support.valgrind then
        pending("valgrind 3.19 lacks pidfd_open (ENOSYS)")
        return
      end
      if name:find("xattr$") then
        local ok, _, code = pyos.setxattr(T.file, "user.probe", "1")
        if not ok and (code == pyos.errno.ENOTSUP or code == pyos.errno.EOPNOTSUPP) then
          pending("no user.* attributes on " .. T.dir)
          return
        end
      end
      runok(name, OK[name], T)
    end)
  end

  cases = {}
  for name in pairs(INCHILD) do cases[#cases + 1] = name end
  table.sort(cases)
  for _, name in ipairs(cases) do
    local fn, needs = INCHILD[name][1], INCHILD[name][2]
    it(name .. " (in a child)", function()
      if needs == "root" and not support.isroot then
        pending(name .. " succeeds only as root")
        return
      end
      local T = context()
      finally(T.close)
      local r, w = T.pipe()
      local pid = assert(pyos.fork())
      if pid == 0 then
        local ok, e = pcall(runok, name, fn, T)
        pyos.write(w, ok and "" or tostring(e))
        pyos._exit(0)
      end
      pyos.close(w)
      local parts = {}
      while true do
        local s = assert(pyos.read(r, 4096))
        if s == "" then break end
        parts[#parts + 1] = s
      end
      reap(pid)
      local wrong = table.concat(parts)
      if wrong:find(" failed: ") and needs and needs ~= "root" then
        pending(name .. " needs " .. needs .. ": " .. wrong)
        return
      end
      assert(wrong == "", wrong)
    end)
  end

  -- Methods, documented in tables rather than signature lines: one value
  -- each (Python's None is one nil, DESIGN.md), byte as string.byte.
  local GAPS = {}      -- name -> where it is known to be wrong (pending)
  it("methods return their one value", function()
    local T = context()
    finally(T.close)
    local it = assert(pyos.scandir(T.dir))
    local entry = it()
    local b = pyos.buffer("abc")
    local checks = {
      ["stat_result:totable"] = {1, pack(assert(pyos.stat(T.file)):totable())},
      ["DirEntry:stat"] = {1, pack(entry:stat())},
      ["DirEntry:inode"] = {1, pack(entry:inode())},
      ["DirEntry:is_dir"] = {1, pack(entry:is_dir())},
      ["DirEntry:is_file"] = {1, pack(entry:is_file())},
      ["DirEntry:is_symlink"] = {1, pack(entry:is_symlink())},
      ["DirEntry:is_junction"] = {1, pack(entry:is_junction())},
      ["ScandirIterator:close"] = {1, pack(it:close())},
      ["Buffer:sub"] = {1, pack(b:sub())},
      ["Buffer:view"] = {1, pack(b:view(1, 2))},
      ["Buffer:byte"] = {2, pack(b:byte(1, 2))},
      ["file:close"] = {1, pack((assert(pyos.fdopen((assert(pyos.open(T.file, pyos.O_RDONLY)))))):close())},
      ["popen:close"] = {1, pack(assert(pyos.popen("true")):close())},
      ["popen:close (status)"] = {1, pack(assert(pyos.popen("exit 3")):close())},
    }
    local wrong, gaps = {}, {}
    for name, c in pairs(checks) do
      local gap = GAPS[name:match("^%S+")]
      if c[2].n ~= c[1] then
        local line = ("%s: %d values, not %d"):format(name, c[2].n, c[1])
        if gap then gaps[#gaps + 1] = line .. " (" .. gap .. ")" else wrong[#wrong + 1] = line end
      elseif gap then
        wrong[#wrong + 1] = name .. " passes now: remove it from GAPS"
      end
    end
    table.sort(wrong)
    assert.same({}, wrong)
    if #gaps > 0 then
      table.sort(gaps)
      pending("known gaps: " .. table.concat(gaps, "; "))
    end
  end)

  it("fpathconf and fstatvfs return one value", function()
    local f = assert(pyos.open(".", pyos.O_RDONLY))
    finally(function() pyos.close(f) end)
    assert.equal(1, select("#", pyos.fpathconf(f, "PC_NAME_MAX")))
    assert.equal(1, select("#", pyos.fstatvfs(f)))
  end)
end)

-- ---- pairs over pyos's objects, and their plain-table forms ----------------
-- pairs(x) on Lua 5.1 and LuaJIT ignores __pairs: over a table proxy it
-- would iterate nothing without a word. pyos's objects are userdata, so
-- there it raises; on 5.2+ __pairs iterates what environ() or
-- st:totable() holds. Never an empty loop that looks like success.
describe("pairs over pyos objects", function()
  local support = require "support"
  -- does this runtime's pairs honour __pairs? (5.2+; LuaJIT only when
  -- built with LUAJIT_ENABLE_LUA52COMPAT)
  local HASPAIRS = false
  for _ in pairs(setmetatable({}, {__pairs = function()
    return function(_, k) if k == nil then return 1, 1 end end, nil, nil
  end})) do HASPAIRS = true end

  local function iterate(obj)
    local ok, r = pcall(function()
      local t = {}
      for k, v in pairs(obj) do t[k] = v end
      return t
    end)
    return ok, r
  end

  it("environ: the snapshot where __pairs works, a raise elsewhere", function()
    assert.equal("userdata", type(pyos.environ))
    local ok, t = iterate(pyos.environ)
    if HASPAIRS then
      assert.is_true(ok, tostring(t))
      assert.same(pyos.environ(), t)
      assert.is_not_nil(next(t))
    else
      assert.is_false(ok)
      assert.matches("table expected, got userdata", t)
    end
  end)

  it("stat_result: its totable() where __pairs works, a raise elsewhere", function()
    local st = assert(pyos.stat("."))
    local ok, t = iterate(st)
    if HASPAIRS then
      assert.is_true(ok, tostring(t))
      assert.same(st:totable(), t)
    else
      assert.is_false(ok)
      assert.matches("table expected, got userdata", t)
    end
  end)

  it("the other objects raise on every runtime", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    support.writefile(dir .. "/f", "x")
    local it = assert(pyos.scandir(dir))
    local entry = it()
    finally(function() it:close() end)
    for name, obj in pairs({DirEntry = entry, ScandirIterator = it, Buffer = pyos.buffer(2)}) do
      local ok = iterate(obj)
      assert(not ok, name .. ": pairs iterated it")
    end
  end)

  it("every object with __pairs can become a plain table", function()
    local st = assert(pyos.stat("."))
    for name, obj in pairs({environ = pyos.environ, stat_result = st}) do
      local mt = debug.getmetatable(obj)
      assert.is_function(mt.__pairs, name)
      local plain = name == "environ" and obj() or obj:totable()
      assert.equal("table", type(plain), name)
      assert.is_nil(getmetatable(plain), name)
    end
  end)
end)

describe("stat_result:totable()", function()
  local support = require "support"

  it("holds Python's named fields with the values of st's", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local p = dir .. "/f"
    support.writefile(p, "hello")
    local st = assert(pyos.stat(p))
    local t = st:totable()
    assert.is_nil(getmetatable(t))
    local names = {}
    for k, v in pairs(t) do
      names[#names + 1] = k
      assert.equal("number", type(v), k)
      assert.equal(st[k], v, k)
    end
    table.sort(names)
    local want = support.python([[
import os
print(" ".join(sorted(f for f in dir(os.stat_result) if f.startswith("st_"))))
]])
    assert.equal(want, table.concat(names, " "))
    local py = support.python([[
import os, sys
s = os.stat(sys.argv[1])
print(s.st_size, s.st_mode, s.st_ino, s.st_nlink)
]], p)
    assert.equal(py, ("%d %d %d %d"):format(t.st_size, t.st_mode, t.st_ino, t.st_nlink))
    assert.is_nil(t[1])                     -- the named fields only
    assert.is_nil(t.totable)
  end)

  it("is a method of every stat_result, and takes no argument", function()
    local st = assert(pyos.lstat("."))
    assert.is_function(st.totable)
    assert.equal(st:totable().st_ino, pyos.fstat(0) and st.st_ino)
    assert.has_error(function() st:totable(1) end)
    assert.has_error(function() st.totable({}) end)
  end)
end)

-- ---- types/ returns agree with doc/ -----------------------------------------
-- A function documented as failing is annotated with the failure's four
-- values (`T|nil`, `string? msg`, `integer? errno`, `pyos.OSError? err`,
-- or in the positions of a multi-value success: `r` then `w_or_msg`...);
-- one documented as never failing has no OSError among its returns, and
-- no function is annotated with fewer values than its doc returns.
describe("types/ returns", function()
  local doc = documented(readall("doc", ".md"))

  -- name -> array of its "@return" lines' text
  local function annotatedreturns()
    local out, pending = {}, {}
    for line in (readall("types", ".lua") .. "\n"):gmatch("([^\n]*)\n") do
      local ret = line:match("^%-%-%-@return%s+(.*)$")
      local fname = line:match("^function pyos%.([%w_]+)%(")
        or line:match("^function path%.([%w_]+)%(")
        and "path." .. line:match("^function path%.([%w_]+)%(")
        or line:match("^function OSErrorType%.([%w_]+)%(")
        and "OSError." .. line:match("^function OSErrorType%.([%w_]+)%(")
      if ret then
        pending[#pending + 1] = ret
      elseif fname then
        out[fname] = pending
        pending = {}
      elseif not line:find("^%-%-%-") then
        pending = {}
      end
    end
    return out
  end
  local types = annotatedreturns()

  it("show the failure's four values where doc/ documents a failure", function()
    local wrong = {}
    for name, sig in pairs(doc) do
      local rets = types[name]
      if rets and #sig.failures > 0 then
        local ok = #rets >= 4
          and (rets[1]:find("|nil", 1, true) or rets[1] == "nil")
          and rets[2]:find("string", 1, true) and rets[2]:find("msg", 1, true)
          and rets[4]:find("pyos.OSError", 1, true)
        if not ok then wrong[#wrong + 1] = name .. ": " .. table.concat(rets, " / ") end
      elseif rets and #sig.failures == 0 and name ~= "OSError.of" then
        for _, r in ipairs(rets) do
          if r:find("OSError", 1, true) then
            wrong[#wrong + 1] = name .. ": never fails (doc/), but annotated " .. r
          end
        end
      end
    end
    table.sort(wrong)
    assert.same({}, wrong)
  end)

  it("annotate at least as many values as doc/ returns", function()
    local wrong = {}
    for name, sig in pairs(doc) do
      local rets = types[name]
      if rets then
        for n in pairs(sig.counts) do
          if #rets < n then
            wrong[#wrong + 1] = ("%s: %d @return, doc returns %d"):format(name, #rets, n)
          end
        end
      end
    end
    table.sort(wrong)
    assert.same({}, wrong)
  end)

  it("cover every documented function", function()
    local n = 0
    for _ in pairs(types) do n = n + 1 end
    assert.is_true(n > 240, n .. " annotated functions found")
    local missing = {}
    for name in pairs(doc) do
      if not types[name] and type(pyos[name]) == "function" then missing[#missing + 1] = name end
    end
    table.sort(missing)
    assert.same({}, missing)
  end)
end)
