-- pyos inside Neovim (0.7+, LuaJIT): a representative subset of the specs,
-- run by scripts/test-embed.sh as
--   nvim --headless -u NONE -i NONE -n -c 'luafile embed/nvim_test.lua' -c 'qa!'
-- Environment: PYOS_EMBED_ROOT (the source tree), PYOS_EMBED_BUILD (the
-- LuaJIT build directory, default ROOT/build/luajit), PYOS_EMBED_DIR (an
-- empty scratch directory), EMBED_ALLOW_MISSING=1 (a missing pyos function
-- skips its check instead of failing it).
-- Prints one line per check (ok / FAIL / skip), "note" lines with figures
-- (the script shows them indented), then "done nvim"; quits
-- with :cq 3 on any failure (an uncaught error would still exit 0).

local out = io.stdout
local allow_missing = os.getenv("EMBED_ALLOW_MISSING") == "1"
local uv = vim.uv or vim.loop
local counts = {ok = 0, FAIL = 0, skip = 0}

local function report(kind, name, why)
  counts[kind] = counts[kind] + 1
  out:write(kind, " nvim: ", name, why and (": " .. why) or "", "\n")
  out:flush()
end

local pyos

-- Run check fn when every name in needs exists in pyos.
local function check(name, needs, fn)
  for _, need in ipairs(needs) do
    if pyos == nil or pyos[need] == nil then
      report(allow_missing and "skip" or "FAIL", name, "missing pyos." .. need)
      return
    end
  end
  local ok, err = pcall(fn)
  if ok then
    report("ok", name)
  else
    report("FAIL", name, tostring(err))
  end
end

local function expect(got, want, what)
  if got ~= want then
    error(("%s: expected %s, got %s"):format(what, tostring(want), tostring(got)), 2)
  end
end

local function writefile(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

local function sorted(t)
  table.sort(t)
  return table.concat(t, ",")
end

-- The exit code of a wait status, with or without waitstatus_to_exitcode.
local function exitcode(status)
  if pyos.waitstatus_to_exitcode then
    return pyos.waitstatus_to_exitcode(status)
  end
  return math.floor(status / 256)
end

-- Read fd until end of file.
local function readall(fd)
  local parts = {}
  while true do
    local s = assert(pyos.read(fd, 4096))
    if s == "" then break end
    parts[#parts + 1] = s
  end
  return table.concat(parts)
end

-- One job of the pool check, run by vim.loop.new_work on a libuv pool
-- thread in that thread's own Lua state: it travels as bytecode, so it has
-- no upvalues and requires pyos itself; only plain values come back.
-- Marks its start in dir/marks, then: stat of tree/sK, scandir of
-- tree, walk of tree, a child (sleeps 0.3 s, prints "job-K", exits with
-- K + 10) through a pipe and waitpid; counts the jobs started and not yet
-- done, marks its end. Returns "ok", size, names, "dirs/files", output,
-- exit code, jobs in flight; or "error: ..." when something raised.
local function pool_job(cpath, path, dir, k)
  package.cpath, package.path = cpath, path
  local ok, size, names, counts, output, code, inflight = pcall(function()
    local pyos = require "pyos"
    local marks = dir .. "/marks/"
    local function touch(name)
      local fd = assert(pyos.open(marks .. name, bit.bor(pyos.O_WRONLY, pyos.O_CREAT), 420))
      assert(pyos.close(fd))
    end
    touch("started-" .. k)
    local tree = dir .. "/tree"
    local st = assert(pyos.stat(tree .. "/s" .. k))
    local list = {}
    for entry in assert(pyos.scandir(tree)) do
      list[#list + 1] = entry.name .. (entry:is_dir() and "/" or "")
    end
    table.sort(list)
    local dirs, files = 0, 0
    for _, _, fs in pyos.walk(tree) do
      dirs = dirs + 1
      files = files + #fs
    end
    local r, w = assert(pyos.pipe())
    local pid, msg = pyos.posix_spawn("/bin/sh", {"sh", "-c",
      'sleep 0.3; echo "job-$1"; exit "$2"', "sh", tostring(k), tostring(k + 10)}, nil,
      {file_actions = {{pyos.POSIX_SPAWN_DUP2, w, 1}, {pyos.POSIX_SPAWN_CLOSEFROM, 3}}})
    pyos.close(w)
    if not pid then pyos.close(r); error(msg, 0) end
    local parts = {}
    repeat
      local data = assert(pyos.read(r, 4096))
      parts[#parts + 1] = data
    until data == ""
    pyos.close(r)
    local _, status = assert(pyos.waitpid(pid, 0))
    local started, done = 0, 0
    for entry in assert(pyos.scandir(marks)) do
      if entry.name:find("^started%-") then started = started + 1 else done = done + 1 end
    end
    touch("done-" .. k)
    return st.st_size, table.concat(list, ","), dirs .. "/" .. files, table.concat(parts),
           pyos.waitstatus_to_exitcode(status), started - done
  end)
  if not ok then return "error: " .. tostring(size) end
  return "ok", size, names, counts, output, code, inflight
end

local function openfds()
  local n = 0
  local dir = assert(uv.fs_scandir("/proc/self/fd"))
  while uv.fs_scandir_next(dir) do n = n + 1 end
  return n
end

local function main()
  local root = assert(os.getenv("PYOS_EMBED_ROOT"), "PYOS_EMBED_ROOT not set")
  local build = os.getenv("PYOS_EMBED_BUILD") or (root .. "/build/luajit")
  local dir = assert(os.getenv("PYOS_EMBED_DIR"), "PYOS_EMBED_DIR not set")

  -- What a plugin does: put the LuaJIT build and the Lua layer first.
  package.cpath = build .. "/?.so;" .. package.cpath
  package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;"
                 .. package.path

  check("require pyos from the LuaJIT build", {}, function()
    pyos = require "pyos"
    expect(type(pyos), "table", "require 'pyos'")
    local so = package.searchpath("pyos.fs", package.cpath)
    expect(so, build .. "/pyos/fs.so", "pyos.fs found at")
    expect(package.loaded["pyos.fs"], pyos.fs, "pyos.fs table")
  end)
  if pyos == nil then return end

  -- Neovim's loop must keep working with pyos loaded: a timer started now
  -- has to fire once the (blocking) checks below give the loop back.
  local fired = false
  local timer = uv.new_timer()
  timer:start(20, 0, function() fired = true end)

  local fds_before = openfds()

  local file = dir .. "/hello.txt"
  writefile(file, "hello, neovim\n")
  writefile(dir .. "/a.txt", "a")
  assert(uv.fs_mkdir(dir .. "/sub", 448))
  writefile(dir .. "/sub/b.txt", "bb")

  check("stat", {"stat"}, function()
    local st = assert(pyos.stat(file))
    local ref = assert(uv.fs_stat(file))
    expect(st.st_size, 14, "st_size")
    expect(st.st_size, ref.size, "st_size vs vim.loop.fs_stat")
    expect(st.st_ino, ref.ino, "st_ino vs vim.loop.fs_stat")
    expect(st.st_mode, ref.mode, "st_mode vs vim.loop.fs_stat")
    local r, msg, errno, err = pyos.stat(dir .. "/missing")
    expect(r, nil, "stat of a missing file")
    expect(msg, "[Errno 2] No such file or directory: '" .. dir .. "/missing'", "msg")
    expect(errno, 2, "errno")
    expect(err.name, "FileNotFoundError", "err.name")
    expect(tostring(err), msg, "tostring(err)")
  end)

  -- LuaJIT's assert raises its message with the caller's position in
  -- front (as error() does), when the message is a string.
  check("assert(pyos.stat(missing)) raises Python's text", {"stat"}, function()
    local ok, e = pcall(function() assert(pyos.stat("/no/such")) end)
    local want = "[Errno 2] No such file or directory: '/no/such'"
    expect(ok, false, "pcall")
    expect(type(e), "string", "type of the raised value")
    expect(e:sub(-#want), want, "the raised text")
  end)

  check("vim.notify(msg) shows a failure's msg", {"stat"}, function()
    local _, msg = pyos.stat(dir .. "/missing-notify")
    local ok, e = pcall(vim.notify, msg, vim.log.levels.WARN)
    expect(ok, true, "vim.notify: " .. tostring(e))
    local messages = vim.fn.execute("messages")
    expect(messages:find(msg, 1, true) ~= nil, true, ":messages holds msg")
  end)

  -- A read error in the middle of a scandir loop (a /proc/PID/fd whose
  -- process was reaped after scandir opened it) raises the OSError object
  -- here: Neovim shows its __tostring (see embed/nvim_raise.lua).
  check("a mid-loop raise is the OSError object", {"scandir", "posix_spawn",
        "kill", "waitpid", "OSError"}, function()
    expect(pyos.OSError.raise_text, false, "OSError.raise_text")
    local pid = assert(pyos.posix_spawn("/bin/sleep", {"sleep", "30"}, nil))
    local it = assert(pyos.scandir("/proc/" .. pid .. "/fd"))
    assert(pyos.kill(pid, pyos.SIGKILL))
    assert(pyos.waitpid(pid, 0))
    local ok, e = pcall(function() for _ in it do end end)
    expect(ok, false, "pcall")
    expect(type(e), "table", "type of the raised value")
    expect(pyos.OSError.of(e), e, "OSError.of(e)")
    expect(e.name, "FileNotFoundError", "e.name")
    expect(tostring(e), "[Errno 2] No such file or directory: '/proc/" .. pid
           .. "/fd'", "tostring(e)")
  end)

  check("scandir", {"scandir"}, function()
    local names, kinds = {}, {}
    for entry in assert(pyos.scandir(dir)) do
      names[#names + 1] = entry.name
      kinds[entry.name] = entry:is_dir() and "d" or (entry:is_file() and "f" or "?")
      expect(entry.path, dir .. "/" .. entry.name, "entry.path")
    end
    expect(sorted(names), "a.txt,hello.txt,sub", "names")
    expect(kinds["sub"] .. kinds["a.txt"] .. kinds["hello.txt"], "dff", "kinds")
  end)

  check("walk", {"walk"}, function()
    local seen = {}
    for top, dirs, files in pyos.walk(dir) do
      seen[#seen + 1] = top:sub(#dir + 1) .. ":" .. sorted(dirs) .. ":" .. sorted(files)
    end
    expect(table.concat(seen, " "), ":sub:a.txt,hello.txt /sub::b.txt", "walk")
  end)

  check("environ read and write", {"environ"}, function()
    local env = pyos.environ
    expect(env.HOME, os.getenv("HOME"), "environ.HOME")
    env.PYOS_EMBED_NV = "from pyos"
    expect(os.getenv("PYOS_EMBED_NV"), "from pyos", "getenv after environ set")
    expect(uv.os_getenv("PYOS_EMBED_NV"), "from pyos", "vim.loop.os_getenv")
    vim.env.PYOS_EMBED_NV2 = "from vim.env"
    expect(env.PYOS_EMBED_NV2, "from vim.env", "environ after vim.env set")
    expect(env().PYOS_EMBED_NV2, "from vim.env", "environ() snapshot")
    env.PYOS_EMBED_NV2 = nil
    expect(os.getenv("PYOS_EMBED_NV2"), nil, "getenv after environ unset")
  end)

  check("pipe round trip", {"pipe", "read", "write", "close"}, function()
    local r, w = assert(pyos.pipe())
    expect(pyos.write(w, "ping"), 4, "write")
    expect(pyos.read(r, 100), "ping", "read")
    assert(pyos.close(w))
    expect(pyos.read(r, 100), "", "read at end of file")
    assert(pyos.close(r))
  end)

  check("posix_spawn + waitpid", {"posix_spawn", "waitpid"}, function()
    local pid = assert(pyos.posix_spawn("/bin/sh", {"sh", "-c", "exit 7"}, nil))
    local rpid, status = assert(pyos.waitpid(pid, 0))
    expect(rpid, pid, "waitpid pid")
    expect(exitcode(status), 7, "exit code")
  end)

  check("posix_spawn with a pipe sees environ",
        {"posix_spawn", "waitpid", "pipe", "read", "close", "environ",
         "POSIX_SPAWN_DUP2"}, function()
    pyos.environ.PYOS_EMBED_NV = "to the child"
    local r, w = assert(pyos.pipe())
    local pid, msg = pyos.posix_spawn("/bin/sh",
      {"sh", "-c", 'printf "%s" "$PYOS_EMBED_NV"'}, nil,
      {file_actions = {{pyos.POSIX_SPAWN_DUP2, w, 1}}})
    pyos.close(w)
    if not pid then pyos.close(r); error(msg) end
    local got = readall(r)
    pyos.close(r)
    local _, status = assert(pyos.waitpid(pid, 0))
    expect(got, "to the child", "child's output")
    expect(exitcode(status), 0, "exit code")
    pyos.environ.PYOS_EMBED_NV = nil
  end)

  check("fdopen gives a LuaJIT file", {"pipe", "fdopen", "read", "close"}, function()
    local r, w = assert(pyos.pipe())
    local link = uv.fs_readlink("/proc/self/fd/" .. w)
    local f, msg = pyos.fdopen(w, "w")
    if not f then pyos.close(w); pyos.close(r); error(msg) end
    expect(io.type(f), "file", "io.type")
    f:write("line one\n", 42, "\n")
    f:close()
    expect(io.type(f), "closed file", "io.type after close")
    if uv.fs_readlink("/proc/self/fd/" .. w) == link then
      pyos.close(r)
      error("f:close() left the fd open")
    end
    local got = readall(r)
    pyos.close(r)
    expect(got, "line one\n42\n", "data through the pipe")
  end)

  check("no descriptor leaked by the checks above", {}, function()
    expect(openfds(), fds_before, "open descriptors")
  end)

  -- Off the loop: a libuv pool thread has its own Lua state, which
  -- requires pyos itself (the function is passed as bytecode).
  check("vim.loop.new_work runs pyos on a pool thread", {}, function()
    local result
    local work = uv.new_work(function(cpath, path, name)
      package.cpath, package.path = cpath, path
      local st, msg = require("pyos").stat(name)
      if not st then return nil, msg end
      return st.st_size
    end, function(size, err) result = {size = size, err = err} end)
    work:queue(package.cpath, package.path, file)
    expect(vim.wait(10000, function() return result ~= nil end, 10), true,
           "work finished")
    expect(result.err, nil, "error")
    expect(result.size, 14, "st_size from the thread")
  end)

  -- 4 jobs in flight on libuv's pool (4 threads unless UV_THREADPOOL_SIZE
  -- says otherwise), each running pyos in its own Lua state, while a timer
  -- ticks on the loop every 10 ms. Two rounds: each pool thread keeps the
  -- Lua state it made in the first (Neovim's, with fds of its own: 3 more
  -- threads, 12 more fds here), so the second must leave the number of
  -- open fds as it found it.
  local pool_notes = {}
  check("4 vim.loop.new_work jobs running pyos at once, a timer ticking meanwhile",
        {"stat", "scandir", "walk", "posix_spawn", "waitpid", "pipe", "open",
         "waitstatus_to_exitcode"}, function()
    local pool = dir .. "/pool"
    assert(uv.fs_mkdir(pool, 448))
    assert(uv.fs_mkdir(pool .. "/tree", 448))
    for k = 1, 4 do writefile(pool .. "/tree/s" .. k, ("x"):rep(10 * k)) end
    assert(uv.fs_mkdir(pool .. "/tree/sub1", 448))
    assert(uv.fs_mkdir(pool .. "/tree/sub1/deep", 448))
    assert(uv.fs_mkdir(pool .. "/tree/sub2", 448))
    writefile(pool .. "/tree/sub1/a", "a")
    writefile(pool .. "/tree/sub1/deep/b", "b")
    writefile(pool .. "/tree/sub2/c", "c")
    local fds
    for round = 1, 2 do
      local what = "round " .. round .. ", "
      if round == 2 then
        for _, name in ipairs(vim.fn.readdir(pool .. "/marks")) do
          assert(uv.fs_unlink(pool .. "/marks/" .. name))
        end
      else
        assert(uv.fs_mkdir(pool .. "/marks", 448))
      end
      local jobs, pending, results = 4, 0, {}
      local ticks, ticks_busy = 0, 0
      local tick = uv.new_timer()
      tick:start(10, 10, function()
        ticks = ticks + 1
        if pending > 0 then ticks_busy = ticks_busy + 1 end
      end)
      local t0 = uv.hrtime()
      for k = 1, jobs do
        local work = uv.new_work(pool_job, function(...)
          results[k] = {...}
          pending = pending - 1
        end)
        work:queue(package.cpath, package.path, pool, k)
        pending = pending + 1
      end
      local finished = vim.wait(20000, function() return pending == 0 end, 10)
      local ms = (uv.hrtime() - t0) / 1e6
      tick:stop()
      tick:close()
      expect(finished, true, what .. "all jobs done within 20 s")
      local most = 0
      for k = 1, jobs do
        local r, job = results[k], what .. "job " .. k
        expect(r[1], "ok", job)
        expect(r[2], 10 * k, job .. ": stat size")
        expect(r[3], "s1,s2,s3,s4,sub1/,sub2/", job .. ": scandir names")
        expect(r[4], "4/7", job .. ": walk dirs/files")
        expect(r[5], "job-" .. k .. "\n", job .. ": the child's output")
        expect(r[6], k + 10, job .. ": the child's exit code")
        most = math.max(most, r[7])
      end
      expect(most, jobs, what .. "most jobs in flight at once, seen from a job")
      if ticks_busy < 10 then
        error(("%sthe timer ticked %d times while jobs ran (%d in all), want 10 or more")
              :format(what, ticks_busy, ticks))
      end
      if round == 1 then fds = openfds()
      else expect(openfds(), fds, "open descriptors after round 2") end
      pool_notes[round] = ("note nvim: round %d: 4 pool jobs in %.0f ms, at most %d at once;"
        .. " the timer ticked %d times meanwhile\n"):format(round, ms, most, ticks_busy)
    end
  end)
  for _, note in ipairs(pool_notes) do out:write(note) end

  check("vim.loop timer fires with pyos loaded", {}, function()
    local ok = vim.wait(10000, function() return fired end, 10)
    timer:close()
    expect(ok, true, "timer fired")
  end)

  -- pyos.subprocess on the main loop: libuv waits only for its own
  -- children, so the status comes from waitpid on the pidfd's child.
  check("pyos.subprocess on the main loop: status, both streams, -9, time-out, fds",
        {"pipe"}, function()
    local sub = require "pyos.subprocess"
    local before = openfds()
    local cp = assert(sub.run({"sh", "-c", "echo out; echo err >&2; exit 3"},
                              {capture_output = true}))
    expect(cp.returncode, 3, "returncode")
    expect(cp.stdout, "out\n", "stdout")
    expect(cp.stderr, "err\n", "stderr")
    local data = ("x"):rep(1024 * 1024)
    cp = assert(sub.run({"cat"}, {input = data, capture_output = true}))
    expect(cp.stdout == data, true, "1 MiB through cat")
    local p = assert(sub.Popen({"sleep", "30"}))
    assert(p:kill())
    expect(p:wait(), -9, "returncode of a killed child")
    p:close()
    local t0 = uv.hrtime()
    local r, msg, errno, err = sub.run({"sleep", "5"}, {timeout = 0.2})
    local ms = (uv.hrtime() - t0) / 1e6
    expect(r, nil, "run past its time-out")
    expect(msg, "Command '['sleep', '5']' timed out after 0.2 seconds", "msg")
    expect(errno, pyos.errno.ETIMEDOUT, "errno")
    expect(err.name, "TimeoutExpired", "err.name")
    expect(ms >= 200 and ms < 600, true, "time-out after " .. ms .. " ms")
    local ok, e = pcall(sub.check_call, {"false"})
    expect(ok, false, "check_call raises")
    expect(type(e), "table", "type of the raised value")
    expect(tostring(e), "Command '['false']' returned non-zero exit status 1.", "its text")
    cp = assert(sub.run({"ls", "/proc/self/fd/"}, {stdout = sub.PIPE}))
    expect(cp.stdout, "0\n1\n2\n3\n", "the child's fds (3: ls's own directory)")
    expect(openfds(), before, "open descriptors")
  end)

  check("pyos.subprocess in a vim.loop.new_work job", {}, function()
    local result
    local work = uv.new_work(function(cpath, path)
      package.cpath, package.path = cpath, path
      local sub = require "pyos.subprocess"
      local cp, msg = sub.run({"sh", "-c", 'printf "%s" "$0"; exit 9', "from-pool"},
                              {capture_output = true})
      if not cp then return "error: " .. msg end
      local p = sub.Popen({"sleep", "30"})
      p:kill()
      local killed = p:wait()
      p:close()
      return cp.returncode, cp.stdout, killed
    end, function(...) result = {...} end)
    work:queue(package.cpath, package.path)
    expect(vim.wait(10000, function() return result ~= nil end, 10), true, "work finished")
    expect(result[1], 9, "returncode from the pool")
    expect(result[2], "from-pool", "stdout from the pool")
    expect(result[3], -9, "a killed child from the pool")
  end)

  check("vim.loop.spawn still reaps its children", {}, function()
    local code
    local handle = uv.spawn("/bin/sh", {args = {"-c", "exit 5"}},
                            function(c) code = c end)
    assert(handle, "vim.loop.spawn failed")
    local ok = vim.wait(10000, function() return code ~= nil end, 10)
    handle:close()
    expect(ok, true, "exit callback ran")
    expect(code, 5, "exit code")
  end)
end

local ok, err = pcall(main)
if not ok then report("FAIL", "test script", tostring(err)) end
out:write("done nvim\n")
out:flush()
if counts.FAIL > 0 then
  vim.cmd("cq! 3")
else
  vim.cmd("qa!")
end
