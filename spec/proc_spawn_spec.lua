-- pyos.proc, starting programs: posix_spawn, posix_spawnp, exec*,
-- spawn*, fork, register_at_fork, forkpty. Every child is reaped inside
-- its test (the helper fails a test that leaves one).
local pyos = require "pyos"
local support = require "support"

local raises = support.assert_raises
local oserror = support.assert_oserror
local unpack = table.unpack or unpack

local function readfile(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local function readall(fd)
  local chunks = {}
  while true do
    local s = assert(pyos.read(fd, 65536))
    if s == "" then break end
    chunks[#chunks + 1] = s
  end
  return table.concat(chunks)
end

-- Run fn in a forked child; its exit code (see support.inchild).
local function inchild(fn) return support.inchild(pyos, fn) end

-- stdout of a program started by spawn (posix_spawn or posix_spawnp)
-- with its stdout on a pipe; and its wait status.
local function capture(spawn, path, argv, env, opts)
  local r, w = assert(pyos.pipe())
  opts = opts or {}
  local actions = {{pyos.POSIX_SPAWN_DUP2, w, 1}}
  for _, a in ipairs(opts.file_actions or {}) do actions[#actions + 1] = a end
  opts.file_actions = actions
  local pid, err = spawn(path, argv, env, opts)
  pyos.close(w)
  if not pid then
    pyos.close(r)
    error(tostring(err))
  end
  local out = readall(r)
  pyos.close(r)
  local _, st = assert(pyos.waitpid(pid, 0))
  return out, st, pid
end

local function sh(cmd, env, opts)
  return capture(pyos.posix_spawn, "/bin/sh", {"sh", "-c", cmd}, env, opts)
end

-- stdout of fn run in a forked child whose stdout is a pipe, and its
-- exit code.
local function forkcapture(fn)
  local r, w = assert(pyos.pipe())
  local pid = assert(pyos.fork())
  if pid == 0 then
    pyos.dup2(w, 1)
    local ok, e = pcall(fn)
    io.stderr:write("child: ", tostring(e), "\n")
    pyos._exit(ok and 98 or 99)
  end
  pyos.close(w)
  local out = readall(r)
  pyos.close(r)
  local _, st = assert(pyos.waitpid(pid, 0))
  return out, pyos.waitstatus_to_exitcode(st)
end

-- The fields after the comm of a "stat" line: [3] pgrp, [4] session.
local function statfields(s)
  local fields = {}
  for w in s:match("%) (.*)$"):gmatch("%S+") do fields[#fields + 1] = tonumber(w) or w end
  return fields
end

local function envlines(out)
  local t = {}
  for line in out:gmatch("[^\n]+") do
    local k, v = line:match("^([^=]+)=(.*)$")
    t[k] = v
  end
  return t
end

describe("pyos.posix_spawn", function()
  it("starts a program and gives its pid", function()
    local pid = assert(pyos.posix_spawn("/bin/sh", {"sh", "-c", "exit 3"}))
    local r, st = assert(pyos.waitpid(pid, 0))
    assert.equal(pid, r)
    assert.equal(3, pyos.waitstatus_to_exitcode(st))
  end)

  it("passes argv exactly", function()
    local out = capture(pyos.posix_spawn, "/bin/cat", {"name0", "/proc/self/cmdline"})
    assert.equal("name0\0/proc/self/cmdline\0", out)
    out = capture(pyos.posix_spawn, "/bin/sh",
                  {"sh", "-c", 'printf "%s|" "$0" "$@"', "a b", "", "\255"})
    assert.equal("a b||\255|", out)
  end)

  it("takes path-like values in path and argv", function()
    local P = setmetatable({}, {__fspath = function() return "/bin/sh" end})
    local A = setmetatable({}, {__fspath = function() return "from-fspath" end})
    assert.equal("from-fspath", (capture(pyos.posix_spawn, P, {"sh", "-c", 'printf %s "$1"', "sh", A})))
  end)

  it("gives the child exactly env, or the current environment for nil", function()
    local out = capture(pyos.posix_spawn, "/usr/bin/env", {"env"}, {A = "1", B = "x=y", C = ""})
    assert.same({A = "1", B = "x=y", C = ""}, envlines(out))
    pyos.environ.PYOS_SPAWN_SPEC = "inherited"
    finally(function() pyos.environ.PYOS_SPAWN_SPEC = nil end)
    assert.equal("inherited", envlines(capture(pyos.posix_spawn, "/usr/bin/env", {"env"})).PYOS_SPAWN_SPEC)
    assert.equal("inherited", envlines(capture(pyos.posix_spawn, "/usr/bin/env", {"env"}, pyos.environ)).PYOS_SPAWN_SPEC)
    assert.same({}, envlines(capture(pyos.posix_spawn, "/usr/bin/env", {"env"}, {})))
  end)

  it("handles long argv and big environments", function()
    local argv, env = {"sh", "-c", 'echo $#'}, {}
    for i = 1, 300 do argv[#argv + 1] = "arg" .. i end
    for i = 1, 300 do env["V" .. i] = ("x"):rep(50) end
    local out = capture(pyos.posix_spawn, "/bin/sh", argv, env)
    assert.equal("299\n", out)
    out = capture(pyos.posix_spawn, "/usr/bin/env", {"env"}, env)
    local got = envlines(out)
    assert.equal(("x"):rep(50), got.V300)
    local n = 0
    for _ in pairs(got) do n = n + 1 end
    assert.equal(300, n)
  end)

  it("runs file_actions: open, dup2, close", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local path = dir .. "/out"
    local pid = assert(pyos.posix_spawn("/bin/sh", {"sh", "-c", "echo opened"}, nil, {file_actions = {
      {pyos.POSIX_SPAWN_OPEN, 1, path, pyos.O_WRONLY + pyos.O_CREAT + pyos.O_TRUNC, 420}}}))
    assert(pyos.waitpid(pid, 0))
    assert.equal("opened\n", readfile(path))
    local test = 'test -e /dev/fd/5 && echo open || echo closed'
    local r, w = assert(pyos.pipe())
    finally(function() pyos.close(r); pyos.close(w); support.cleanup() end)
    assert.equal("open\n", (sh(test, nil, {file_actions = {{pyos.POSIX_SPAWN_DUP2, r, 5}}})))
    assert.equal("closed\n", (sh(test, nil, {file_actions = {{pyos.POSIX_SPAWN_DUP2, r, 5},
                                                             {pyos.POSIX_SPAWN_CLOSE, 5}}})))
  end)

  it("runs the closefrom file action where glibc has it", function()
    if not pyos.POSIX_SPAWN_CLOSEFROM then pending("glibc < 2.34: no closefrom") return end
    local r, w = assert(pyos.pipe())
    finally(function() pyos.close(r); pyos.close(w) end)
    local test = 'test -e /dev/fd/7 && echo open || echo closed'
    assert.equal("open\n", (sh(test, nil, {file_actions = {{pyos.POSIX_SPAWN_DUP2, r, 7}}})))
    assert.equal("closed\n", (sh(test, nil, {file_actions = {{pyos.POSIX_SPAWN_DUP2, r, 7},
                                                             {pyos.POSIX_SPAWN_CLOSEFROM, 3}}})))
  end)

  it("sets the process group and session", function()
    local cat = {"cat", "/proc/self/stat"}
    local out, _, pid = capture(pyos.posix_spawn, "/bin/cat", cat, nil, {setpgroup = 0})
    local f = statfields(out)
    assert.equal(pid, f[3])
    assert.equal(pyos.getsid(0), f[4])
    out, _, pid = capture(pyos.posix_spawn, "/bin/cat", cat, nil, {setsid = true})
    f = statfields(out)
    assert.equal(pid, f[3])
    assert.equal(pid, f[4])
    out = capture(pyos.posix_spawn, "/bin/cat", cat)
    f = statfields(out)
    assert.equal(pyos.getpgrp(), f[3])
  end)

  it("sets the signal mask", function()
    local out = capture(pyos.posix_spawn, "/bin/cat", {"cat", "/proc/self/status"}, nil,
                        {setsigmask = {pyos.SIGUSR1, pyos.SIGTERM}})
    assert.equal("0000000000004200", out:match("SigBlk:%s*(%x+)"))
    out = capture(pyos.posix_spawn, "/bin/cat", {"cat", "/proc/self/status"}, nil, {setsigmask = {}})
    assert.equal("0000000000000000", out:match("SigBlk:%s*(%x+)"))
  end)

  it("resets ignored signals to their default with setsigdef", function()
    -- A Lua child of a shell that ignores SIGUSR1 spawns cat twice.
    local lua = support.runtime
    local script = [[
local pyos = require "pyos"
for _, def in ipairs({{}, {pyos.SIGUSR1}}) do
  local r, w = assert(pyos.pipe())
  local pid = assert(pyos.posix_spawn("/bin/cat", {"cat", "/proc/self/status"}, nil,
    {setsigdef = def, file_actions = {{pyos.POSIX_SPAWN_DUP2, w, 1}}}))
  pyos.close(w)
  local s = ""
  while true do local c = pyos.read(r, 65536); if c == "" then break end; s = s .. c end
  pyos.close(r)
  pyos.waitpid(pid, 0)
  io.write(s:match("SigIgn:%s*(%x+)"), "\n")
end]]
    local out, st = capture(pyos.posix_spawn, "/bin/sh",
                            {"sh", "-c", "trap '' USR1; exec \"$0\" -e \"$1\"", lua, script})
    assert.equal(0, st, out)
    local ign1, ign2 = out:match("(%x+)\n(%x+)\n")
    assert.equal(1, math.floor(tonumber(ign1:sub(-3), 16) / 512) % 2)   -- bit 9: SIGUSR1
    assert.equal(0, math.floor(tonumber(ign2:sub(-3), 16) / 512) % 2)
  end)

  it("sets the scheduler parameters; glibc refuses SCHED_BATCH", function()
    local pid = assert(pyos.posix_spawn("/bin/true", {"true"}, nil,
                                        {scheduler = {pyos.SCHED_OTHER, {sched_priority = 0}}}))
    assert.equal(0, select(2, pyos.waitpid(pid, 0)))
    pid = assert(pyos.posix_spawn("/bin/true", {"true"}, nil, {scheduler = {nil, 0}}))
    assert.equal(0, select(2, pyos.waitpid(pid, 0)))
    oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"},
            pyos.posix_spawn("/bin/true", {"true"}, nil, {scheduler = {pyos.SCHED_BATCH, 0}}))
  end)

  it("sets SCHED_FIFO where the container allows it", function()
    local pid, err = pyos.posix_spawn("/bin/sleep", {"sleep", "10"}, nil,
                                      {scheduler = {pyos.SCHED_FIFO, pyos.sched_param(1)}})
    if not pid then
      print("skipped: SCHED_FIFO refused here: " .. tostring(err))
      pending("SCHED_FIFO refused: " .. tostring(err))
      return
    end
    finally(function() pyos.kill(pid, pyos.SIGKILL); pyos.waitpid(pid, 0) end)
    local py = "import os, sys; p = int(sys.argv[1]); print(os.sched_getscheduler(p), os.sched_getparam(p).sched_priority)"
    assert.equal(pyos.SCHED_FIFO .. " 1", support.python(py, pid))
  end)

  it("resets the effective ids with resetids (as root, in a child)", function()
    if not support.isroot then pending("needs root") return end
    local out, code = forkcapture(function()
      assert(pyos.setresuid(0, 1234, 0))
      for _, reset in ipairs({false, true}) do
        local pid = assert(pyos.posix_spawn("/bin/grep", {"grep", "^Uid:", "/proc/self/status"},
                                            nil, {resetids = reset}))
        pyos.waitpid(pid, 0)
      end
      io.stdout:flush()
      pyos._exit(0)
    end)
    assert.equal(0, code)
    local l1, l2 = out:match("([^\n]+)\n([^\n]+)")
    assert.equal("1234", l1:match("Uid:%s*%d+%s+(%d+)"), out)
    assert.equal("0", l2:match("Uid:%s*%d+%s+(%d+)"), out)
  end)

  it("reports a program that cannot run, naming it", function()
    if support.valgrind then pending("valgrind runs posix_spawn as fork+exec: exec errors are not reported back") return end
    oserror({errno = "ENOENT", name = "FileNotFoundError",
             str = "[Errno 2] No such file or directory: '/nonexistent'",
             filename = "/nonexistent"}, pyos.posix_spawn("/nonexistent", {"x"}))
    oserror({errno = "EACCES", name = "PermissionError",
             str = "[Errno 13] Permission denied: '/etc/passwd'"},
            pyos.posix_spawn("/etc/passwd", {"x"}))
  end)

  it("raises on bad argv and env before starting anything", function()
    local kids = #require("pyos_testkit").children()
    local S = pyos.posix_spawn
    raises("bad argument #2 to '.-' %(argv must not be empty%)", S, "/bin/true", {})
    raises("bad argument #2 to '.-' %(table expected, got string%)", S, "/bin/true", "true")
    raises("bad argument #2 to 'pyos.posix_spawn' %(argv%[2%]: string or path%-like expected, got number%)",
           S, "/bin/true", {"a", 1})
    raises("bad argument #2 to '.-' %(argv%[1%]: embedded null byte%)", S, "/bin/true", {"a\0"})
    raises("bad argument #1 to '.-' %(embedded null byte%)", S, "/bin/\0true", {"a"})
    raises("bad argument #3 to '.-' %(env%['A'%]: string expected, got number%)",
           S, "/bin/true", {"a"}, {A = 1})
    raises("bad argument #3 to '.-' %(env key: string expected, got number%)",
           S, "/bin/true", {"a"}, {"x"})
    raises("bad argument #3 to '.-' %(env: illegal environment variable name%)",
           S, "/bin/true", {"a"}, {["A=B"] = "c"})
    raises("bad argument #3 to '.-' %(env: illegal environment variable name%)",
           S, "/bin/true", {"a"}, {[""] = "c"})
    raises("bad argument #3 to '.-' %(env: embedded null byte%)", S, "/bin/true", {"a"}, {A = "\0"})
    raises("bad argument #3 to '.-' %(table expected, got string%)", S, "/bin/true", {"a"}, "A=1")
    assert.equal(kids, #require("pyos_testkit").children())
  end)

  it("raises on bad options before starting anything", function()
    local S, T, A = pyos.posix_spawn, "/bin/true", {"true"}
    raises("unknown option 'setsigmak'", S, T, A, nil, {setsigmak = {}})
    raises("bad argument #4 to 'pyos.posix_spawn' %(option 'file_actions'%[1%]%[1%]: unknown file_actions identifier%)",
           S, T, A, nil, {file_actions = {{99, 1}}})
    raises("option 'file_actions'%[1%]: a close file_action must have 2 elements",
           S, T, A, nil, {file_actions = {{pyos.POSIX_SPAWN_CLOSE}}})
    raises("option 'file_actions'%[1%]: a dup2 file_action must have 3 elements",
           S, T, A, nil, {file_actions = {{pyos.POSIX_SPAWN_DUP2, 1}}})
    raises("option 'file_actions'%[1%]: an? open file_action must have 5 elements",
           S, T, A, nil, {file_actions = {{pyos.POSIX_SPAWN_OPEN, 1, "/x", 0}}})
    raises("option 'file_actions'%[2%]: table expected, got number",
           S, T, A, nil, {file_actions = {{pyos.POSIX_SPAWN_CLOSE, 9}, 5}})
    raises("option 'file_actions'%[1%]%[2%]: integer expected, got string",
           S, T, A, nil, {file_actions = {{pyos.POSIX_SPAWN_CLOSE, "9"}}})
    raises("option 'setsigmask'%[1%]: value out of range %[1, 64%]", S, T, A, nil, {setsigmask = {0}})
    raises("option 'setsigdef'%[1%]: value out of range %[1, 64%]", S, T, A, nil, {setsigdef = {100}})
    raises("option 'scheduler'%[2%]: table or integer expected, got nil", S, T, A, nil, {scheduler = {0}})
    raises("option 'scheduler'%[2%]%.sched_priority: number has no integer representation",
           S, T, A, nil, {scheduler = {0, {sched_priority = 0.5}}})
    raises("option 'setsid': boolean expected, got number", S, T, A, nil, {setsid = 1})
    raises("option 'setpgroup': value must not be negative", S, T, A, nil, {setpgroup = -1})
  end)

  it("reports a failing file action without a file name", function()
    local ok, _, _, err = pyos.posix_spawn("/bin/true", {"true"}, nil,
                                     {file_actions = {{pyos.POSIX_SPAWN_DUP2, -1, 1}}})
    assert.is_nil(ok)
    assert.equal("EBADF", pyos.errno.errorcode[err.errno])
  end)
end)

describe("pyos.posix_spawnp", function()
  it("searches PATH", function()
    local out, st = capture(pyos.posix_spawnp, "sh", {"sh", "-c", "echo via-path"})
    assert.equal("via-path\n", out)
    assert.equal(0, st)
  end)

  it("reports a missing program", function()
    if support.valgrind then pending("valgrind runs posix_spawn as fork+exec: exec errors are not reported back") return end
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: 'pyos-no-such-prog'"},
            pyos.posix_spawnp("pyos-no-such-prog", {"x"}))
  end)
end)

describe("pyos.execv, execve, execvp, execvpe and the l variants", function()
  local dir
  before_each(function()
    dir = support.tmpdir()
    local f = assert(io.open(dir .. "/myprog", "w"))
    f:write('#!/bin/sh\n[ -n "$1" ] && echo "myprog $*"\nexit 42\n')
    f:close()
    os.execute("chmod +x " .. dir .. "/myprog")
  end)
  after_each(support.cleanup)

  it("replace the process (in a child)", function()
    assert.equal(9, inchild(function() pyos.execv("/bin/sh", {"sh", "-c", "exit 9"}) return 98 end))
    assert.equal(8, inchild(function() pyos.execl("/bin/sh", "sh", "-c", "exit 8") return 98 end))
    assert.equal(42, inchild(function()
      pyos.environ.PATH = dir
      pyos.execvp("myprog", {"myprog"})
      return 98
    end))
    assert.equal(42, inchild(function()
      pyos.environ.PATH = dir .. ":/bin"
      pyos.execlp("myprog", "myprog")
      return 98
    end))
  end)

  it("execve and execle give the new environment", function()
    local out, code = forkcapture(function()
      pyos.execve("/usr/bin/env", {"env"}, {X = "1", Y = "two"})
    end)
    assert.equal(0, code)
    assert.same({X = "1", Y = "two"}, envlines(out))
    out = forkcapture(function() pyos.execle("/usr/bin/env", "env", {Z = "3"}) end)
    assert.same({Z = "3"}, envlines(out))
  end)

  it("execvpe and execlpe search the PATH of the env they are given", function()
    local out, code = forkcapture(function()
      pyos.execvpe("myprog", {"myprog", "a"}, {PATH = "/nonexistent:" .. dir})
    end)
    assert.equal("myprog a\n", out)
    assert.equal(42, code)
    out, code = forkcapture(function() pyos.execlpe("myprog", "myprog", "b", {PATH = dir}) end)
    assert.equal("myprog b\n", out)
    assert.equal(42, code)
  end)

  it("execve takes an fd", function()
    if support.valgrind then pending("valgrind cannot exec through an fd") return end
    local out, code = forkcapture(function()
      local fd = assert(pyos.open("/bin/echo", pyos.O_RDONLY))
      pyos.execve(fd, {"echo", "from-fd"}, {})
    end)
    assert.equal("from-fd\n", out)
    assert.equal(0, code)
    oserror({errno = "EBADF", str = "[Errno 9] Bad file descriptor: 999"},
            pyos.execve(999, {"x"}, {}))
  end)

  it("report errors as Python does (execv names no file, execve does)", function()
    oserror({errno = "ENOENT", name = "FileNotFoundError",
             str = "[Errno 2] No such file or directory"}, pyos.execv("/nonexistent", {"x"}))
    oserror({errno = "EACCES", str = "[Errno 13] Permission denied"}, pyos.execv("/etc/passwd", {"x"}))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: '/nonexistent'"},
            pyos.execve("/nonexistent", {"x"}, {}))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory"},
            pyos.execvp("pyos-no-such-prog", {"x"}))
    oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: '/nonexistent/pyos-no-such-prog'"},
            pyos.execvpe("pyos-no-such-prog", {"x"}, {PATH = "/etc/passwd:/nonexistent"}))
    -- EACCES (not ENOENT/ENOTDIR) is the one reported, as Python does
    oserror({errno = "EACCES", str = "[Errno 13] Permission denied: '/etc/passwd'"},
            pyos.execvpe("passwd", {"x"}, {PATH = "/etc:/nonexistent"}))
    local py = support.python([[
import os
try: os.execvpe('pyos-no-such-prog', ['x'], {'PATH': '/etc/passwd:/nonexistent'})
except OSError as e: print(e.errno, os.fsdecode(e.filename))]])
    assert.equal("2 /nonexistent/pyos-no-such-prog", py)
  end)

  it("raise on bad arguments", function()
    raises("bad argument #2 to '.-' %(argv must not be empty%)", pyos.execv, "/bin/sh", {})
    raises("bad argument #2 to '.-' %(argv first element cannot be empty%)", pyos.execv, "/bin/sh", {""})
    raises("bad argument #3 to '.-' %(table expected, got nil%)", pyos.execve, "/bin/sh", {"sh"})
    raises("bad argument #3 to '.-' %(env: illegal environment variable name%)",
           pyos.execve, "/bin/sh", {"sh"}, {["A=B"] = "1"})
    raises("bad argument #3 to 'pyos.execl' %(string or path%-like expected, got nil%)",
           pyos.execl, "/bin/sh", "sh", nil, "x")
    raises("bad argument #3 to 'pyos.execl' %(embedded null byte%)", pyos.execl, "/bin/sh", "sh", "a\0")
    raises("bad argument #2 to 'pyos.execle' %(table expected, got string%)",
           pyos.execle, "/bin/sh", "sh")
    raises("bad argument #3 to '.-' %(too many arguments%)", pyos.execv, "/bin/sh", {"sh"}, {})
  end)
end)

describe("the spawn* functions", function()
  it("P_WAIT gives the exit code, or -signal", function()
    assert.equal(3, pyos.spawnv(pyos.P_WAIT, "/bin/sh", {"sh", "-c", "exit 3"}))
    assert.equal(-9, pyos.spawnv(pyos.P_WAIT, "/bin/sh", {"sh", "-c", "kill -9 $$"}))
    assert.equal(4, pyos.spawnl(pyos.P_WAIT, "/bin/sh", "sh", "-c", "exit 4"))
    assert.equal(5, pyos.spawnlp(pyos.P_WAIT, "sh", "sh", "-c", "exit 5"))
    assert.equal(6, pyos.spawnvp(pyos.P_WAIT, "sh", {"sh", "-c", "exit 6"}))
  end)

  it("a program that cannot run gives 127, as in Python", function()
    assert.equal(127, pyos.spawnv(pyos.P_WAIT, "/nonexistent", {"x"}))
    assert.equal(127, pyos.spawnvp(pyos.P_WAIT, "pyos-no-such-prog", {"x"}))
    assert.equal("127", support.python("import os; print(os.spawnv(os.P_WAIT, '/nonexistent', ['x']))"))
  end)

  it("P_NOWAIT gives the pid", function()
    local pid = pyos.spawnv(pyos.P_NOWAIT, "/bin/sh", {"sh", "-c", "exit 7"})
    local r, st = assert(pyos.waitpid(pid, 0))
    assert.equal(pid, r)
    assert.equal(7, pyos.waitstatus_to_exitcode(st))
  end)

  it("the e variants give the environment and its PATH", function()
    local dir = support.tmpdir()
    finally(support.cleanup)
    local f = assert(io.open(dir .. "/prog", "w"))
    f:write('#!/bin/sh\nexit $CODE\n')
    f:close()
    os.execute("chmod +x " .. dir .. "/prog")
    assert.equal(11, pyos.spawnve(pyos.P_WAIT, "/bin/sh", {"sh", "-c", "exit $CODE"}, {CODE = "11"}))
    assert.equal(12, pyos.spawnle(pyos.P_WAIT, "/bin/sh", "sh", "-c", "exit $CODE", {CODE = "12"}))
    assert.equal(13, pyos.spawnvpe(pyos.P_WAIT, "prog", {"prog"}, {CODE = "13", PATH = dir}))
    assert.equal(14, pyos.spawnlpe(pyos.P_WAIT, "prog", "prog", {CODE = "14", PATH = dir}))
  end)

  it("raise on bad arguments", function()
    raises("bad argument #1 to '.-' %(integer expected, got string%)", pyos.spawnv, "0", "/bin/true", {"x"})
    raises("bad argument #3 to '.-' %(argv must not be empty%)", pyos.spawnv, pyos.P_WAIT, "/bin/true", {})
    raises("bad argument #4 to '.-' %(table expected, got nil%)", pyos.spawnve, pyos.P_WAIT, "/bin/true", {"x"})
  end)
end)

describe("pyos.fork and register_at_fork", function()
  local events, active = {}, false
  local function hook(name) return function() if active then events[#events + 1] = name end end end

  it("runs before hooks in reverse order, after hooks in order", function()
    assert.is_true(pyos.register_at_fork({before = hook("b1"), after_in_parent = hook("p1"),
                                          after_in_child = hook("c1")}))
    assert.is_true(pyos.register_at_fork({before = hook("b2"), after_in_parent = hook("p2"),
                                          after_in_child = hook("c2")}))
    assert.is_true(pyos.register_at_fork({after_in_child = hook("c3")}))
    active = true
    finally(function() active = false end)
    local code = inchild(function()
      return table.concat(events, " ") == "b2 b1 c1 c2 c3" and 0 or 1
    end)
    assert.equal(0, code)
    assert.equal("b2 b1 p1 p2", table.concat(events, " "))
  end)

  it("ignores an error in a hook", function()
    local boom = true
    pyos.register_at_fork({after_in_parent = function() if boom then boom = false; error("hook failed") end end})
    assert.equal(0, inchild(function() return 0 end))
    assert.is_false(boom)
  end)

  it("the child gets 0 and its own pid", function()
    local r, w = assert(pyos.pipe())
    local pid = assert(pyos.fork())
    if pid == 0 then
      pyos.write(w, tostring(pyos.getpid()) .. " " .. tostring(pyos.getppid()))
      pyos._exit(0)
    end
    pyos.close(w)
    local got = readall(r)
    pyos.close(r)
    assert(pyos.waitpid(pid, 0))
    assert.equal(pid .. " " .. pyos.getpid(), got)
  end)

  it("register_at_fork checks its options", function()
    raises("bad argument #1 to '.-' %(at least one of before, after_in_parent, after_in_child is required%)",
           pyos.register_at_fork, {})
    raises("bad argument #1 to '.-' %(at least one", pyos.register_at_fork)
    raises("option 'before': function expected, got number", pyos.register_at_fork, {before = 1})
    raises("unknown option 'after'", pyos.register_at_fork, {after = print})
    local callable = setmetatable({}, {__call = function() end})
    assert.is_true(pyos.register_at_fork({before = callable}))
  end)
end)

describe("pyos.forkpty", function()
  it("gives the child a pty as its terminal", function()
    local pid, fd = pyos.forkpty()
    if pid == 0 then
      io.stdout:write("tty:", tostring(pyos.isatty(0)), ":", tostring(fd), "\n")
      io.stdout:flush()
      pyos._exit(0)
    end
    assert(pid, fd)
    local chunks = {}
    while true do
      local s = pyos.read(fd, 1024)
      if not s or s == "" then break end    -- EIO once the child is gone
      chunks[#chunks + 1] = s
    end
    assert.is_false(pyos.get_inheritable(fd))
    pyos.close(fd)
    local _, st = assert(pyos.waitpid(pid, 0))
    assert.equal(0, st)
    assert.matches("tty:true:%-1", table.concat(chunks))
  end)
end)

describe("the argv limits", function()
  it("accept an argv of any length", function()
    local argv = {"sh", "-c", "echo $#"}
    for i = 1, 5000 do argv[#argv + 1] = tostring(i) end
    assert.equal("4999\n", (capture(pyos.posix_spawn, "/bin/sh", argv)))
    assert.equal("4999\n", (capture(pyos.posix_spawnp, "sh", {unpack(argv)})))
  end)
end)
