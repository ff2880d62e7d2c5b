-- A tour of pyos: each section uses one area and prints what it did.
-- Run with `make demo`. Everything it makes lives in one temporary
-- directory, removed at the end.
local os = require "pyos"          -- Lua's os.exit, os.time ... still work
local path = os.path

local function section(title)
  io.write("\n== ", title, "\n")
end

local function show(label, value)
  print(string.format("  %-28s %s", label, tostring(value)))
end

section("pyos.fs: stat and the error convention")
-- A failure is nil, msg, errno, err: Python's text, the number, the OSError.
for _, p in ipairs({"/", "/etc/hostname", "/dev/null", "/no/such/file"}) do
  local st, msg, errno, err = os.stat(p)
  if st then
    print(string.format("  %-16s %s %8d  %s", p, os.filemode(st.st_mode),
                        st.st_size, os.S_ISDIR(st.st_mode) and "directory" or ""))
  else
    print(string.format("  %-16s %s (%s, errno %d)", p, msg, err.name, errno))
  end
end
-- assert raises the message, on every runtime
local _, raised = pcall(function() assert(os.stat("/no/such/file")) end)
print("  assert raised    " .. raised:match("%[Errno.*"))
print("  " .. tostring(os.stat("/")))

section("pyos.fs: a small tree, made, listed, walked")
local tmp = path.join(os.environ.TMPDIR or "/tmp", "pyos-tour-" .. os.getpid())
assert(os.makedirs(path.join(tmp, "src", "lib"), {mode = tonumber("755", 8)}))
assert(os.mkdir(path.join(tmp, "docs")))
local function put(name, text)
  local fd = assert(os.open(path.join(tmp, name), os.O_WRONLY + os.O_CREAT + os.O_TRUNC))
  assert(os.write(fd, text))
  assert(os.close(fd))
end
put("src/main.lua", "print('hello')\n")
put("src/lib/util.lua", string.rep("-- util\n", 100))
put("docs/README", "pyos tour\n")
assert(os.symlink("src/main.lua", path.join(tmp, "main")))
assert(os.chmod(path.join(tmp, "src/main.lua"), tonumber("700", 8)))
show("mode of src/main.lua", os.filemode(os.stat(path.join(tmp, "src/main.lua")).st_mode))
show("readlink main", os.readlink(path.join(tmp, "main")))
local _, msg = os.mkdir(path.join(tmp, "docs"))
show("mkdir docs again", msg)

for entry in assert(os.scandir(tmp)) do
  local kind = entry:is_symlink() and "symlink" or entry:is_dir() and "dir" or "file"
  print(string.format("  %-8s %s", kind, entry.name))
end

local ndirs, nfiles, nbytes = 0, 0, 0
for root, dirs, files in os.walk(tmp) do
  ndirs = ndirs + #dirs
  for _, name in ipairs(files) do
    nfiles = nfiles + 1
    nbytes = nbytes + os.lstat(path.join(root, name)).st_size
  end
end
show("walk", string.format("%d dirs, %d files, %d bytes", ndirs, nfiles, nbytes))
local vfs = os.statvfs(tmp)
show("free in " .. path.dirname(tmp), string.format("%.1f GiB", vfs.f_bavail * vfs.f_frsize / 2^30))

section("pyos.path")
local lib = path.join(tmp, "src", "lib", "util.lua")
show("relpath", path.relpath(lib, tmp))
show("splitext", table.concat({path.splitext(path.basename(lib))}, " | "))
show("normpath", path.normpath("a//b/./c/../d/"))
show("realpath of the symlink", path.relpath(path.realpath(path.join(tmp, "main")), tmp))
show("expanduser('~')", path.expanduser("~"))
show("getsize util.lua", path.getsize(lib))

section("pyos.fd: pipes, kernel copies, fdopen")
local r, w = assert(os.pipe())
assert(os.write(w, "through a pipe"))
show("pipe round trip", os.read(r, 100))
os.close(r); os.close(w)

local src = assert(os.open(lib, os.O_RDONLY))
local dst = assert(os.open(path.join(tmp, "copy.lua"), os.O_WRONLY + os.O_CREAT, tonumber("644", 8)))
local copied = 0
repeat
  local n = assert(os.sendfile(dst, src, nil, 65536))
  copied = copied + n
until n == 0
os.close(src); os.close(dst)
show("sendfile copied", copied .. " bytes")

-- the same copy through one reusable Buffer: readinto fills it in place
src = assert(os.open(lib, os.O_RDONLY))
dst = assert(os.open(path.join(tmp, "copy2.lua"), os.O_WRONLY + os.O_CREAT, tonumber("644", 8)))
local buf, total = os.buffer(256), 0
while true do
  local n = assert(os.readinto(src, buf))
  if n == 0 then break end
  assert(os.write(dst, buf:view(1, n)))
  total = total + n
end
os.close(src); os.close(dst)
show("readinto/write copied", total .. " bytes, same: " ..
     tostring(os.stat(path.join(tmp, "copy2.lua")).st_size == copied))

local fd = assert(os.open(path.join(tmp, "copy.lua"), os.O_RDONLY))
local f = assert(os.fdopen(fd))          -- a real Lua file; closing it closes fd
show("fdopen first line", f:read("*l"))
f:close()
show("terminal size", (function()
  local size = os.get_terminal_size(1)
  return size and (size.columns .. "x" .. size.lines) or "stdout is not a terminal"
end)())

section("pyos.proc: environ, spawn, wait")
os.environ.PYOS_TOUR = "set from Lua"
show("getpid / getppid", os.getpid() .. " / " .. os.getppid())
show("environ.PYOS_TOUR", os.environ.PYOS_TOUR)
-- A two-process pipeline, `printf ... | tr a-z A-Z`, output read back here.
local p1r, p1w = assert(os.pipe())
local p2r, p2w = assert(os.pipe())
-- CLOSEFROM 3: the children get stdin, stdout and stderr only (glibc 2.34+)
local CLOSE_REST = os.POSIX_SPAWN_CLOSEFROM and {os.POSIX_SPAWN_CLOSEFROM, 3}
local producer = assert(os.posix_spawnp("sh", {"sh", "-c", 'printf "%s" "$PYOS_TOUR"'},
  nil, {file_actions = {{os.POSIX_SPAWN_DUP2, p1w, 1}, CLOSE_REST}}))
local upper = assert(os.posix_spawnp("tr", {"tr", "a-z", "A-Z"}, nil,
  {file_actions = {{os.POSIX_SPAWN_DUP2, p1r, 0}, {os.POSIX_SPAWN_DUP2, p2w, 1}, CLOSE_REST}}))
os.close(p1r); os.close(p1w); os.close(p2w)
local out = {}
repeat
  local chunk = assert(os.read(p2r, 4096))
  out[#out + 1] = chunk
until chunk == ""
os.close(p2r)
for _, pid in ipairs({producer, upper}) do
  local _, status = assert(os.waitpid(pid, 0))
  show("child " .. pid .. " exit code", os.waitstatus_to_exitcode(status))
end
show("pipeline output", table.concat(out))
local pid = assert(os.posix_spawn("/bin/sh", {"sh", "-c", "exit 3"}, nil,
  {file_actions = {CLOSE_REST}}))
local _, status = assert(os.waitpid(pid, 0))
show("sh -c 'exit 3'", "WIFEXITED " .. tostring(os.WIFEXITED(status)) ..
     ", WEXITSTATUS " .. os.WEXITSTATUS(status))
os.environ.PYOS_TOUR = nil

section("pyos.sched, pyos.xattr, pyos.sys")
local u = os.uname()
show("uname", u.sysname .. " " .. u.release .. " " .. u.machine)
show("cpu_count / usable", os.cpu_count() .. " / " .. os.process_cpu_count())
show("sched_getaffinity(0)", table.concat(os.sched_getaffinity(0), ","))
show("getloadavg", string.format("%.2f %.2f %.2f", os.getloadavg()))
show("sched_getscheduler(0)", os.sched_getscheduler(0) == os.SCHED_OTHER and "SCHED_OTHER" or "other")
show("getrandom(8)", (os.getrandom(8):gsub(".", function(c)
  return string.format("%02x", c:byte())
end)))
local target = path.join(tmp, "docs/README")
local ok, xmsg = os.setxattr(target, "user.pyos.tour", "hello")
if ok then
  show("getxattr user.pyos.tour", os.getxattr(target, "user.pyos.tour"))
  show("listxattr", table.concat(os.listxattr(target), ","))
else
  show("setxattr", xmsg)            -- tmpfs without user xattrs, say
end

section("the toolbox: glob, shutil, tempfile, subprocess")
local glob, shutil = require "pyos.glob", require "pyos.shutil"
local tempfile, subprocess = require "pyos.tempfile", require "pyos.subprocess"
local found = glob.glob("**/*.lua", {root_dir = tmp, recursive = true})
table.sort(found)
show("glob **/*.lua", table.concat(found, " "))
assert(shutil.copytree(path.join(tmp, "src"), path.join(tmp, "backup")))
local copied = glob.glob("backup/**", {root_dir = tmp, recursive = true})
show("copytree src backup", #copied .. " paths")
show("which sh", shutil.which("sh"))
local td = tempfile.TemporaryDirectory({prefix = "pyos-tour-tmp-"})
local f = tempfile.NamedTemporaryFile({dir = td.name, suffix = ".txt"})
f:write("temporary\n")
show("NamedTemporaryFile", path.basename(f.name))
f:close()
show("gone after close", not path.exists(f.name))
td:cleanup()
show("TemporaryDirectory cleaned", not path.exists(td.name))
local r = assert(subprocess.run({"sh", "-c", "echo out; echo err >&2; exit 4"},
                                {capture_output = true}))
show("run: returncode", r.returncode)
show("run: stdout, stderr", r.stdout:gsub("\n", "") .. ", " .. r.stderr:gsub("\n", ""))
local _, tmsg = subprocess.run({"sleep", "5"}, {timeout = 0.2})
show("run sleep 5, timeout 0.2", tmsg)

section("cleaning up")
assert(shutil.rmtree(tmp))
show("tree removed", not path.exists(tmp))
