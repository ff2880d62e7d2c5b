-- pyos.shutil: real effects (files gone, contents, modes, ns times,
-- xattrs, link targets), every error path with Python's text (python3
-- asked where the result is comparable), the symlink-swap attack on
-- rmtree, moves between /dev/shm (tmpfs) and /tmp (another file system).
local support = require "support"
local pyos = require "pyos"
local shutil = require "pyos.shutil"

local writefile, readfile, python = support.writefile, support.readfile, support.python
local E = pyos.errno

local function exists(p) return pyos.lstat(p) ~= nil end
local function mode(p) return pyos.S_IMODE(pyos.lstat(p).st_mode) end

-- A small tree: files, a nested directory, links to a directory, to a
-- file, a dangling one, a FIFO.
local function maketree(root)
  assert(pyos.makedirs(root .. "/sub/deep"))
  writefile(root .. "/a.txt", "alpha")
  writefile(root .. "/sub/b.txt", "beta")
  writefile(root .. "/sub/deep/c.txt", "gamma")
  assert(pyos.symlink("sub", root .. "/linkdir"))
  assert(pyos.symlink("a.txt", root .. "/linkfile"))
  assert(pyos.mkfifo(root .. "/fifo"))
end

-- Python's shutil result for code run in python3 with dir as argv[1].
local function py(code, ...)
  return python("import os, shutil, sys\n" .. code, ...)
end

-- Assert a failure of ours: nil, msg, errno, err with err.name and the text.
local function assert_exc(name, text, ok, msg, code, err)
  assert.is_nil(ok)
  assert.are.equal(text, msg)
  assert.are.equal(name, err.name)
  assert.are.equal(msg, tostring(err))
  return code, err
end

describe("pyos.shutil", function()
  after_each(support.cleanup)

  it("is pyos.shutil, loaded on first use", function()
    assert.are.equal(shutil, pyos.shutil)
    assert.is_true(shutil.rmtree_avoids_symlink_attacks)
  end)

  describe("rmtree", function()
    it("removes a whole tree, never what its links point to", function()
      local d = support.tmpdir()
      local out = d .. "/outside"
      assert(pyos.mkdir(out))
      writefile(out .. "/keep", "k")
      maketree(d .. "/t")
      assert(pyos.symlink(out, d .. "/t/sub/out"))
      assert(pyos.symlink("nowhere", d .. "/t/sub/deep/dangling"))
      assert.is_true(shutil.rmtree(d .. "/t"))
      assert.is_false(exists(d .. "/t"))
      assert.are.equal("k", readfile(out .. "/keep"))
    end)

    it("removes read-only directories (their parent is writable)", function()
      local d = support.tmpdir()
      assert(pyos.makedirs(d .. "/t/ro"))
      writefile(d .. "/t/ro/f", "x")
      assert(pyos.chmod(d .. "/t/ro", 365))
      assert(pyos.chmod(d .. "/t", 365))
      if support.isroot then
        assert.is_true(shutil.rmtree(d .. "/t"))
        assert.is_false(exists(d .. "/t"))
      else
        local ok, msg = shutil.rmtree(d .. "/t")
        assert.is_nil(ok)
        assert.are.equal("[Errno 13] Permission denied: 'f'", msg)
      end
    end)

    it("fails on a missing path as Python does, or calls onexc", function()
      local d = support.tmpdir()
      local p = d .. "/nope"
      local ok, msg, code, err = shutil.rmtree(p)
      support.assert_oserror({errno = "ENOENT", name = "FileNotFoundError", filename = p,
        str = py("try: shutil.rmtree(sys.argv[1])\nexcept OSError as e: print(e)", p)},
        ok, msg, code, err)
      local calls = {}
      assert.is_true(shutil.rmtree(p, {onexc = function(f, where, e)
        calls[#calls + 1] = {f, where, e}
      end}))
      assert.are.equal(1, #calls)
      assert.are.equal(pyos.lstat, calls[1][1])
      assert.are.equal(p, calls[1][2])
      assert.are.equal(E.ENOENT, calls[1][3].errno)
      assert.is_true(shutil.rmtree(p, true))
      assert.is_true(shutil.rmtree(p, {ignore_errors = true}))
    end)

    it("refuses a symlink at the top (onexc gets pyos.path.islink)", function()
      local d = support.tmpdir()
      maketree(d .. "/t")
      local link = d .. "/link"
      assert(pyos.symlink(d .. "/t", link))
      -- Python 3.13+ sets err.filename = path on it, which changes its str()
      local _, err = assert_exc("OSError", "[Errno None] None: '" .. link .. "'",
                                shutil.rmtree(link))
      assert.is_nil(err.errno)
      assert.are.equal(link, err.filename)
      assert.are.equal("Cannot call rmtree on a symbolic link", err.args[1])
      local seen
      shutil.rmtree(link, {onexc = function(f, where, e) seen = {f, where, e} end})
      assert.are.equal(pyos.path.islink, seen[1])
      assert.are.equal(link, seen[2])
      assert.are.equal("OSError", seen[3].name)
      assert.is_true(exists(link))
      assert.are.equal("alpha", readfile(d .. "/t/a.txt"))
      -- onerror (deprecated): (func, path, {class name, err})
      shutil.rmtree(link, nil, function(f, where, info) seen = {f, where, info} end)
      assert.are.equal(pyos.path.islink, seen[1])
      assert.are.equal("OSError", seen[3][1])
      assert.are.equal("[Errno None] None: '" .. link .. "'", tostring(seen[3][2]))
    end)

    it("reports a file at the top as Python: scandir, then rmdir", function()
      local d = support.tmpdir()
      local f = d .. "/file"
      writefile(f, "x")
      local calls = {}
      shutil.rmtree(f, {onexc = function(fn, where, e)
        calls[#calls + 1] = (fn == pyos.scandir and "scandir" or fn == pyos.rmdir and "rmdir"
                             or "?") .. " " .. where .. " " .. tostring(e)
      end})
      local want = py([[
calls = []
shutil.rmtree(sys.argv[1], onerror=lambda f, p, e: calls.append(f.__name__ + " " + p + " " + str(e[1])))
print("\n".join(calls))]], f)
      assert.are.equal(want, table.concat(calls, "\n"))
      assert.is_true(exists(f))
    end)

    it("passes unlink errors to onexc with the full path, the error naming the entry", function()
      if not support.sh("command -v chattr")
         or not select(2, support.sh("f=$(mktemp /tmp/pyos-ia.XXXXXX) && chattr +i $f && chattr -i $f && rm $f")) then
        pending("chattr +i does not work here")
        return
      end
      local d = support.tmpdir()
      assert(pyos.makedirs(d .. "/t/s"))
      writefile(d .. "/t/s/locked", "x")
      writefile(d .. "/t/s/free", "x")
      assert(select(2, support.sh("chattr +i " .. support.quote(d .. "/t/s/locked"))))
      support.defer(function() support.sh("chattr -i " .. support.quote(d .. "/t/s/locked")) end)
      -- no handler: Python's re-raise is caught by the step's except, which
      -- renames the error to the directory (as python3.13 prints it)
      local ok, msg, code, err = shutil.rmtree(d .. "/t")
      support.assert_oserror({errno = "EPERM", name = "PermissionError", filename = d .. "/t/s",
        str = "[Errno 1] Operation not permitted: '" .. d .. "/t/s'"}, ok, msg, code, err)
      local calls = {}
      assert.is_true(shutil.rmtree(d .. "/t", {onexc = function(f, where, e)
        calls[#calls + 1] = {f, where, tostring(e)}
      end}))
      assert.are.same({{pyos.unlink, d .. "/t/s/locked", "[Errno 1] Operation not permitted: 'locked'"},
                       {pyos.rmdir, d .. "/t/s", "[Errno 39] Directory not empty: '" .. d .. "/t/s'"},
                       {pyos.rmdir, d .. "/t", "[Errno 39] Directory not empty: '" .. d .. "/t'"}},
                      calls)
      assert.is_false(exists(d .. "/t/s/free"))
      local want = py([[
calls = []
shutil.rmtree(sys.argv[1], onerror=lambda f, p, e: calls.append(f.__name__ + " " + p + " " + str(e[1])))
print("\n".join(calls))]], d .. "/t")
      -- 3.11's inner rmdir error names the entry; 3.13+ set err.filename = path
      want = want:gsub("Directory not empty: 's'", "Directory not empty: '" .. d .. "/t/s'")
      assert.are.equal("unlink " .. d .. "/t/s/locked [Errno 1] Operation not permitted: 'locked'\n" ..
                       "rmdir " .. d .. "/t/s [Errno 39] Directory not empty: '" .. d .. "/t/s'\n" ..
                       "rmdir " .. d .. "/t [Errno 39] Directory not empty: '" .. d .. "/t'", want)
      -- an onexc (or onerror) that raises the unlink error is called again
      -- for scandir with the error renamed to the directory, as in 3.13
      calls = {}
      ok, msg = pcall(shutil.rmtree, d .. "/t", {onexc = function(f, where, e)
        calls[#calls + 1] = {f, where, tostring(e)}
        error(e)
      end})
      assert.is_false(ok)
      assert.are.equal("[Errno 1] Operation not permitted: '" .. d .. "/t/s'", tostring(msg))
      assert.are.same({{pyos.unlink, d .. "/t/s/locked", "[Errno 1] Operation not permitted: 'locked'"},
                       {pyos.scandir, d .. "/t/s", "[Errno 1] Operation not permitted: '" .. d .. "/t/s'"}},
                      calls)
      calls = {}
      ok = pcall(shutil.rmtree, d .. "/t", nil, function(f, where, info)
        calls[#calls + 1] = {f, where, info[1], tostring(info[2])}
        error(info[2])
      end)
      assert.is_false(ok)
      assert.are.same({{pyos.unlink, d .. "/t/s/locked", "PermissionError",
                        "[Errno 1] Operation not permitted: 'locked'"},
                       {pyos.scandir, d .. "/t/s", "PermissionError",
                        "[Errno 1] Operation not permitted: '" .. d .. "/t/s'"}}, calls)
      -- a raised value that is not an OSError passes through at once
      calls = 0
      ok, msg = pcall(shutil.rmtree, d .. "/t", {onexc = function()
        calls = calls + 1
        error("mine", 0)
      end})
      assert.are.same({false, "mine", 1}, {ok, msg, calls})
    end)

    it("never follows nor stats through a symlink in the tree", function()
      -- a hard link to a symlink: following the tree's name for it would
      -- update the outside name's atime (relatime: atime <= mtime)
      local d = support.tmpdir()
      assert(pyos.makedirs(d .. "/t/s"))
      assert(pyos.symlink(d, d .. "/out"))           -- to a directory
      assert(pyos.symlink(d .. "/f", d .. "/outf"))  -- to a file
      writefile(d .. "/f", "x")
      assert(pyos.link(d .. "/out", d .. "/t/s/l", {follow_symlinks = false}))
      assert(pyos.link(d .. "/outf", d .. "/t/lf", {follow_symlinks = false}))
      for _, l in ipairs({"/out", "/outf"}) do
        assert(pyos.utime(d .. l, nil, {ns = {1e18, 1e18}, follow_symlinks = false}))
      end
      assert.is_true(shutil.rmtree(d .. "/t"))
      assert.is_false(exists(d .. "/t"))
      for _, l in ipairs({"/out", "/outf"}) do
        assert.are.equal(1e18, pyos.lstat(d .. l).st_atime_ns, l)
      end
      assert.are.equal("x", readfile(d .. "/f"))
    end)

    it("opens a top that is not a directory first, as Python", function()
      -- a socket cannot be opened (ENXIO), even by root
      local d = support.tmpdir()
      local sock = d .. "/sock"
      py("import socket\ns = socket.socket(socket.AF_UNIX)\ns.bind(sys.argv[1])", sock)
      local code = "try: shutil.rmtree(sys.argv[1])\n" ..
                   "except Exception as e: print(type(e).__name__ + ' ' + str(e))"
      local _, msg, _, err = shutil.rmtree(sock)
      assert.are.equal(py(code, sock), err.name .. " " .. msg)
      assert.are.equal("OSError [Errno 6] No such device or address: '" .. sock .. "'", err.name .. " " .. msg)
      local calls = {}
      shutil.rmtree(sock, {onexc = function(f, where) calls[#calls + 1] = {f, where} end})
      assert.are.same({{pyos.open, sock}}, calls)
      assert.is_true(exists(sock))
      -- an unreadable file: PermissionError at open (as a user root is not)
      local f = d .. "/f"
      writefile(f, "x")
      assert(pyos.chmod(f, 0))
      assert(pyos.chmod(d, 511))
      local out = d .. "/out"
      local rc = support.inchild(pyos, function()
        if support.isroot then
          assert(pyos.setgid(65534))
          assert(pyos.setuid(65534))
        end
        local _, m, _, e = shutil.rmtree(f)
        local fh = assert(io.open(out, "w"))
        fh:write(e.name, " ", m)
        fh:close()
      end)
      assert.are.equal(0, rc)
      assert.are.equal("PermissionError [Errno 13] Permission denied: '" .. f .. "'", readfile(out))
      assert.is_true(exists(f))
    end)

    it("works relative to dir_fd", function()
      local d = support.tmpdir()
      maketree(d .. "/t")
      local fd = assert(pyos.open(d, pyos.O_RDONLY))
      finally(function() pyos.close(fd) end)
      assert.is_true(shutil.rmtree("t", {dir_fd = fd}))
      assert.is_false(exists(d .. "/t"))
      local ok, msg = shutil.rmtree("t", {dir_fd = fd})
      assert.is_nil(ok)
      assert.are.equal("[Errno 2] No such file or directory: 't'", msg)
    end)

    it("never follows a directory swapped for a symlink between lstat and open", function()
      local d = support.tmpdir()
      local out = d .. "/outside"
      assert(pyos.mkdir(out))
      writefile(out .. "/precious", "p")
      assert(pyos.makedirs(d .. "/t/victim"))
      writefile(d .. "/t/victim/f", "x")
      writefile(d .. "/t/other", "x")
      local swapped = 0
      shutil._rmtree_hook = function(p)
        if p == d .. "/t/victim" then
          assert(pyos.rename(p, d .. "/moved"))
          assert(pyos.symlink(out, p))
          swapped = swapped + 1
        end
      end
      finally(function() shutil._rmtree_hook = nil end)
      local _, msg = shutil.rmtree(d .. "/t")
      assert.are.equal(1, swapped)
      assert.are.equal("[Errno None] None: '" .. d .. "/t/victim'", msg)
      assert.are.equal("p", readfile(out .. "/precious"))
      -- with onexc the walk goes on and removes everything else
      assert(pyos.unlink(d .. "/t/victim"))
      assert(pyos.rename(d .. "/moved", d .. "/t/victim"))
      local calls = {}
      shutil.rmtree(d .. "/t", {onexc = function(f, p, e) calls[#calls + 1] = {f, p, tostring(e)} end})
      assert.are.equal(2, swapped)
      assert.are.same({pyos.path.islink, d .. "/t/victim", "[Errno None] None: '" .. d .. "/t/victim'"},
                      calls[1])
      assert.are.equal("p", readfile(out .. "/precious"))
      assert.are.equal("x", readfile(d .. "/moved/f"))
      assert.is_true(pyos.path.islink(d .. "/t/victim"))   -- the link itself is left
    end)

    it("closes its fds when onexc raises", function()
      local d = support.tmpdir()
      assert(pyos.makedirs(d .. "/t/a/b"))
      shutil._rmtree_hook = function(p)
        if p:find("/b$") then error("stop here") end
      end
      finally(function() shutil._rmtree_hook = nil end)
      support.assert_raises("stop here", shutil.rmtree, d .. "/t")
    end)

    it("raises on misuse, naming pyos.shutil.rmtree", function()
      support.assert_raises("bad argument #1 to 'pyos.shutil.rmtree'", shutil.rmtree, nil)
      support.assert_raises("unknown option 'onexec'", shutil.rmtree, "x", {onexec = print})
      support.assert_raises("embedded null byte", shutil.rmtree, "a\0b")
    end)
  end)

  describe("copyfile", function()
    it("copies contents (kernel copy, empty and multi-MB files) and returns dst", function()
      local d = support.tmpdir()
      local big = string.rep("0123456789abcdef", 2 ^ 16 * 10 + 3)      -- ~10 MiB
      writefile(d .. "/big", big)
      writefile(d .. "/empty", "")
      assert(pyos.chmod(d .. "/big", 448))
      assert.are.equal(d .. "/c", shutil.copyfile(d .. "/big", d .. "/c"))
      assert.are.equal(big, readfile(d .. "/c"))
      assert.are_not.equal(448, mode(d .. "/c"))       -- no mode copy
      assert.are.equal(d .. "/e", shutil.copyfile(d .. "/empty", d .. "/e"))
      assert.are.equal("", readfile(d .. "/e"))
      writefile(d .. "/c", string.rep("z", 2 ^ 24))   -- truncated on copy
      shutil.copyfile(d .. "/empty", d .. "/c")
      assert.are.equal("", readfile(d .. "/c"))
      -- a file of /proc reports size 0: the read/write loop copies it
      shutil.copyfile("/proc/self/status", d .. "/status")
      assert.truthy(readfile(d .. "/status"):find("Name:", 1, true))
    end)

    it("copies between file systems (/dev/shm to /tmp)", function()
      local src = assert(io.popen("mktemp /dev/shm/pyos-spec.XXXXXX")):read("*l")
      support.defer(function() os.remove(src) end)
      writefile(src, string.rep("x", 100000))
      local d = support.tmpdir()
      assert(shutil.copyfile(src, d .. "/x"))
      assert.are.equal(100000, #readfile(d .. "/x"))
    end)

    it("copies a link itself with follow_symlinks = false", function()
      local d = support.tmpdir()
      writefile(d .. "/a", "A")
      assert(pyos.symlink("a", d .. "/l"))
      assert(shutil.copyfile(d .. "/l", d .. "/l2", {follow_symlinks = false}))
      assert.are.equal("a", pyos.readlink(d .. "/l2"))
      assert(shutil.copyfile(d .. "/l", d .. "/f2"))
      assert.is_false(pyos.path.islink(d .. "/f2"))
    end)

    it("fails as Python does", function()
      local d = support.tmpdir()
      writefile(d .. "/a", "A")
      assert(pyos.mkdir(d .. "/dir"))
      assert(pyos.mkfifo(d .. "/fifo"))
      assert(pyos.symlink("a", d .. "/la"))
      local function pyerr(a, b)
        return py("try: shutil.copyfile(sys.argv[1], sys.argv[2])\n" ..
                  "except Exception as e: print(type(e).__name__ + ' ' + str(e))", a, b)
      end
      local function check(a, b)
        local ok, msg, _, err = shutil.copyfile(a, b)
        assert.is_nil(ok)
        assert.are.equal(pyerr(a, b), err.name .. " " .. msg)
        assert.are.equal(msg, tostring(err))
        return err
      end
      local err = check(d .. "/a", d .. "/a")
      assert.are.equal(shutil.SameFileError, getmetatable(err))
      check(d .. "/la", d .. "/a")
      check(d .. "/fifo", d .. "/x")
      err = check(d .. "/a", d .. "/fifo")
      assert.are.equal(shutil.SpecialFileError, getmetatable(err))
      err = check(d .. "/a", d .. "/dir")
      assert.are.equal(E.EISDIR, err.errno)
      check(d .. "/dir", d .. "/x")
      check(d .. "/nope", d .. "/x")
      check(d .. "/a", d .. "/no/such")
      check(d .. "/a", d .. "/none/")
      assert.is_false(exists(d .. "/x"))
    end)

    it("raises on misuse", function()
      support.assert_raises("bad argument #2 to 'pyos.shutil.copyfile'", shutil.copyfile, "a", 3)
      support.assert_raises("too many arguments", shutil.copyfile, "a", "b", {}, 1)
      support.assert_raises("option 'follow_symlinks'", shutil.copyfile, "a", "b",
                            {follow_symlinks = 1})
    end)
  end)

  describe("copyfileobj", function()
    it("copies Lua files, in chunks of length", function()
      local d = support.tmpdir()
      writefile(d .. "/a", string.rep("q", 300000))
      local fin, fout = assert(io.open(d .. "/a", "rb")), assert(io.open(d .. "/b", "wb"))
      assert.is_true(shutil.copyfileobj(fin, fout, 1000))
      fin:close() fout:close()
      assert.are.equal(300000, #readfile(d .. "/b"))
      local chunks = 0
      local src = {pos = 0, read = function(self, n)
        chunks = chunks + 1
        assert.are.equal(shutil.COPY_BUFSIZE, n)
        if self.pos > 0 then return nil end
        self.pos = 1
        return "data"
      end}
      local got = {}
      assert.is_true(shutil.copyfileobj(src, {write = function(_, s) got[#got + 1] = s return true end}))
      assert.are.equal("data", table.concat(got))
      assert.are.equal(2, chunks)
    end)
  end)

  describe("copymode, copystat, copy, copy2", function()
    it("copymode sets the mode bits only", function()
      local d = support.tmpdir()
      writefile(d .. "/a", "A")
      writefile(d .. "/b", "B")
      assert(pyos.chmod(d .. "/a", 0x1ED + 0x800))      -- 04755
      assert.is_true(shutil.copymode(d .. "/a", d .. "/b"))
      assert.are.equal(mode(d .. "/a"), mode(d .. "/b"))
      assert.are.equal("B", readfile(d .. "/b"))
      local ok, msg = shutil.copymode(d .. "/nope", d .. "/b")
      assert.is_nil(ok)
      assert.are.equal("[Errno 2] No such file or directory: '" .. d .. "/nope'", msg)
      -- two links without following: Linux has no lchmod, nothing happens
      assert(pyos.symlink("a", d .. "/l1"))
      assert(pyos.symlink("b", d .. "/l2"))
      assert(pyos.chmod(d .. "/b", 384))
      assert.is_true(shutil.copymode(d .. "/l1", d .. "/l2", {follow_symlinks = false}))
      assert.are.equal(384, mode(d .. "/b"))
    end)

    it("copystat copies ns times, mode and user xattrs", function()
      local d = support.tmpdir()
      writefile(d .. "/a", "A")
      writefile(d .. "/b", "B")
      assert(pyos.utime(d .. "/a", nil, {ns = {1234567890123456789, 1334567890987654321}}))
      local xattr = pyos.setxattr(d .. "/a", "user.pyos", "v1") ~= nil
      assert(pyos.chmod(d .. "/a", 256))                 -- read-only: xattrs go first
      assert.is_true(shutil.copystat(d .. "/a", d .. "/b"))
      local sa, sb = pyos.stat(d .. "/a"), pyos.stat(d .. "/b")
      assert.are.equal(256, pyos.S_IMODE(sb.st_mode))
      if support.hasintegers then
        assert.are.equal(sa.st_mtime_ns, sb.st_mtime_ns)
        assert.are.equal(sa.st_atime_ns, sb.st_atime_ns)
        assert.are.equal(1334567890987654321, sb.st_mtime_ns)
      else   -- doubles: ns above 2^53 are rounded (to 256 ns)
        assert.is_true(math.abs(sa.st_mtime_ns - sb.st_mtime_ns) <= 512)
      end
      assert.are.equal(python("import os,sys; print(os.stat(sys.argv[1]).st_mtime_ns)", d .. "/b"),
                       support.hasintegers and tostring(sa.st_mtime_ns)
                       or python("import os,sys; print(os.stat(sys.argv[1]).st_mtime_ns)", d .. "/b"))
      if xattr then
        assert.are.equal("v1", pyos.getxattr(d .. "/b", "user.pyos"))
      end
      assert.are.equal("B", readfile(d .. "/b"))
    end)

    it("copystat's utime errors name the file, as Python 3.13+", function()
      local d = support.tmpdir()
      writefile(d .. "/f", "x")
      support.assert_oserror({errno = "ENOENT", filename = d .. "/new",
        str = "[Errno 2] No such file or directory: '" .. d .. "/new'"},
        shutil.copystat(d .. "/f", d .. "/new"))
    end)

    it("copystat without following links sets the link's times", function()
      local d = support.tmpdir()
      writefile(d .. "/a", "A")
      assert(pyos.symlink("a", d .. "/l1"))
      assert(pyos.symlink("a", d .. "/l2"))
      assert(pyos.utime(d .. "/l1", nil, {ns = {10 ^ 9, 2 * 10 ^ 9}, follow_symlinks = false}))
      assert.is_true(shutil.copystat(d .. "/l1", d .. "/l2", {follow_symlinks = false}))
      assert.are.equal(2, pyos.lstat(d .. "/l2").st_mtime)
      assert.are_not.equal(2, pyos.stat(d .. "/a").st_mtime)
    end)

    it("copy copies data and mode, into a directory too", function()
      local d = support.tmpdir()
      writefile(d .. "/a", "A")
      assert(pyos.chmod(d .. "/a", 0x1C0))
      assert(pyos.utime(d .. "/a", nil, {ns = {10 ^ 9, 10 ^ 9}}))
      assert(pyos.mkdir(d .. "/dir"))
      assert.are.equal(d .. "/dir/a", shutil.copy(d .. "/a", d .. "/dir"))
      assert.are.equal("A", readfile(d .. "/dir/a"))
      assert.are.equal(0x1C0, mode(d .. "/dir/a"))
      assert.are_not.equal(1, pyos.stat(d .. "/dir/a").st_mtime)
      local ok, msg = shutil.copy(d .. "/a", d .. "/a")
      assert.is_nil(ok)
      assert.are.equal("'" .. d .. "/a' and '" .. d .. "/a' are the same file", msg)
    end)

    it("copy2 copies data, mode and times; follow_symlinks = false copies the link", function()
      local d = support.tmpdir()
      writefile(d .. "/a", "A")
      assert(pyos.chmod(d .. "/a", 0x1C0))
      assert(pyos.utime(d .. "/a", nil, {ns = {10 ^ 9, 5 * 10 ^ 9 + 7}}))
      assert.are.equal(d .. "/b", shutil.copy2(d .. "/a", d .. "/b"))
      assert.are.equal(0x1C0, mode(d .. "/b"))
      assert.are.equal(5 * 10 ^ 9 + 7, pyos.stat(d .. "/b").st_mtime_ns)
      assert(pyos.symlink("a", d .. "/l"))
      assert(pyos.mkdir(d .. "/dir"))
      assert.are.equal(d .. "/dir/l", shutil.copy2(d .. "/l", d .. "/dir", {follow_symlinks = false}))
      assert.are.equal("a", pyos.readlink(d .. "/dir/l"))
    end)
  end)

  describe("copytree", function()
    it("copies a tree as cp -a would: contents, modes, ns times, links", function()
      local d = support.tmpdir()
      maketree(d .. "/t")
      pyos.unlink(d .. "/t/fifo")
      assert(pyos.chmod(d .. "/t/sub/b.txt", 0x1A4 + 0x40))
      assert(pyos.utime(d .. "/t/sub/b.txt", nil, {ns = {10 ^ 9, 3 * 10 ^ 9 + 11}}))
      assert(pyos.chmod(d .. "/t/sub/deep", 0x16D))      -- read-only dir: 0555
      assert.are.equal(d .. "/c", shutil.copytree(d .. "/t", d .. "/c", {symlinks = true}))
      assert.are.equal("gamma", readfile(d .. "/c/sub/deep/c.txt"))
      assert.are.equal(0x1E4, mode(d .. "/c/sub/b.txt"))
      assert.are.equal(0x16D, mode(d .. "/c/sub/deep"))
      assert.are.equal(3 * 10 ^ 9 + 11, pyos.stat(d .. "/c/sub/b.txt").st_mtime_ns)
      assert.are.equal("sub", pyos.readlink(d .. "/c/linkdir"))
      assert.are.equal("a.txt", pyos.readlink(d .. "/c/linkfile"))
      -- without symlinks: what they point to is copied
      assert(shutil.copytree(d .. "/t", d .. "/c2"))
      assert.is_false(pyos.path.islink(d .. "/c2/linkdir"))
      assert.are.equal("beta", readfile(d .. "/c2/linkdir/b.txt"))
      assert.are.equal("alpha", readfile(d .. "/c2/linkfile"))
    end)

    it("collects errors into shutil.Error, with Python's text", function()
      local d = support.tmpdir()
      assert(pyos.makedirs(d .. "/t/s"))
      writefile(d .. "/t/ok", "1")
      assert(pyos.symlink(d .. "/missing", d .. "/t/s/dangling"))
      local code = "try: shutil.copytree(sys.argv[1], sys.argv[2])\nexcept shutil.Error as e: print(e)"
      local want = py(code, d .. "/t", d .. "/py")
      local ok, msg, errno, err = shutil.copytree(d .. "/t", d .. "/c")
      assert.is_nil(ok)
      assert.is_nil(errno)
      assert.are.equal(want:gsub("/py/", "/c/"), msg)
      assert.are.equal("Error", err.name)
      assert.are.equal(getmetatable(err), shutil.Error)
      assert.are.same({{d .. "/t/s/dangling", d .. "/c/s/dangling",
                        "[Errno 2] No such file or directory: '" .. d .. "/t/s/dangling'"}},
                      err.errors)
      assert.are.equal(err.errors, err.args[1])
      assert.are.equal("1", readfile(d .. "/c/ok"))
      -- ignored, or copied as links
      assert(shutil.copytree(d .. "/t", d .. "/c2", {ignore_dangling_symlinks = true}))
      assert.is_false(exists(d .. "/c2/s/dangling"))
      assert(shutil.copytree(d .. "/t", d .. "/c3", {symlinks = true}))
      assert.are.equal(d .. "/missing", pyos.readlink(d .. "/c3/s/dangling"))
    end)

    it("fails on a missing source or an existing target, unless dirs_exist_ok", function()
      local d = support.tmpdir()
      assert(pyos.makedirs(d .. "/t/s"))
      writefile(d .. "/t/s/f", "new")
      support.assert_oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: '" .. d .. "/nope'"},
                             shutil.copytree(d .. "/nope", d .. "/x"))
      assert(pyos.makedirs(d .. "/c/s"))
      writefile(d .. "/c/s/f", "old")
      writefile(d .. "/c/other", "o")
      support.assert_oserror({errno = "EEXIST", str = "[Errno 17] File exists: '" .. d .. "/c'"},
                             shutil.copytree(d .. "/t", d .. "/c"))
      assert(shutil.copytree(d .. "/t", d .. "/c", nil, nil, nil, nil, true))
      assert.are.equal("new", readfile(d .. "/c/s/f"))
      assert.are.equal("o", readfile(d .. "/c/other"))
      -- onto itself: Python extends its list with the SameFileError's characters
      local ok, msg = shutil.copytree(d .. "/t", d .. "/t", {dirs_exist_ok = true})
      assert.is_nil(ok)
      assert.are.equal(py("try: shutil.copytree(sys.argv[1], sys.argv[1], dirs_exist_ok=True)\n" ..
                          "except shutil.Error as e: print(e)", d .. "/t"), msg)
    end)

    it("ignore: a function or ignore_patterns", function()
      local d = support.tmpdir()
      assert(pyos.makedirs(d .. "/t/s"))
      for _, n in ipairs({"a.c", "a.o", "b.pyc", "s/c.o", "s/keep"}) do writefile(d .. "/t/" .. n, n) end
      assert(shutil.copytree(d .. "/t", d .. "/c", {ignore = shutil.ignore_patterns("*.o", "*.pyc")}))
      assert.is_true(exists(d .. "/c/a.c"))
      assert.is_false(exists(d .. "/c/a.o"))
      assert.is_false(exists(d .. "/c/b.pyc"))
      assert.is_false(exists(d .. "/c/s/c.o"))
      assert.is_true(exists(d .. "/c/s/keep"))
      local seen = {}
      assert(shutil.copytree(d .. "/t", d .. "/c2", {ignore = function(dir, names)
        table.sort(names)
        seen[#seen + 1] = dir .. ":" .. table.concat(names, ",")
        return {"s"}
      end}))
      assert.are.same({d .. "/t:a.c,a.o,b.pyc,s"}, seen)
      assert.is_false(exists(d .. "/c2/s"))
    end)

    it("copy_function: any function (src, dst); its failures are collected", function()
      local d = support.tmpdir()
      assert(pyos.makedirs(d .. "/t/s"))
      writefile(d .. "/t/a", "A")
      writefile(d .. "/t/s/b", "B")
      local calls = {}
      assert(shutil.copytree(d .. "/t", d .. "/c", {copy_function = function(s, t)
        calls[#calls + 1] = s:sub(#d + 2) .. ">" .. t:sub(#d + 2)
        return shutil.copy(s, t)
      end}))
      table.sort(calls)
      assert.are.same({"t/a>c/a", "t/s/b>c/s/b"}, calls)
      local _, _, _, err = shutil.copytree(d .. "/t", d .. "/c2", {copy_function = function(s)
        return nil, "no: " .. s
      end})
      assert.are.equal(2, #err.errors)
    end)
  end)

  describe("move", function()
    it("renames within a file system, into a directory too", function()
      local d = support.tmpdir()
      writefile(d .. "/a", "A")
      assert(pyos.mkdir(d .. "/dir"))
      assert.are.equal(d .. "/b", shutil.move(d .. "/a", d .. "/b"))
      assert.are.equal(d .. "/dir/b", shutil.move(d .. "/b", d .. "/dir"))
      assert.are.equal("A", readfile(d .. "/dir/b"))
    end)

    it("copies and removes across file systems (/tmp and /dev/shm)", function()
      local d = support.tmpdir()
      local shm = assert(io.popen("mktemp -d /dev/shm/pyos-spec.XXXXXX")):read("*l")
      support.defer(function() os.execute("rm -rf " .. support.quote(shm)) end)
      maketree(d .. "/t")
      assert(pyos.unlink(d .. "/t/fifo"))       -- copy2 refuses FIFOs, as Python's
      assert(pyos.utime(d .. "/t/a.txt", nil, {ns = {10 ^ 9, 7 * 10 ^ 9}}))
      assert.are.equal(shm .. "/t", shutil.move(d .. "/t", shm))
      assert.is_false(exists(d .. "/t"))
      assert.are.equal("gamma", readfile(shm .. "/t/sub/deep/c.txt"))
      assert.are.equal("sub", pyos.readlink(shm .. "/t/linkdir"))      -- symlinks = true
      assert.are.equal(7, pyos.stat(shm .. "/t/a.txt").st_mtime)
      -- a file and a link back
      assert.are.equal(d .. "/a.txt", shutil.move(shm .. "/t/a.txt", d .. "/a.txt"))
      assert.are.equal("alpha", readfile(d .. "/a.txt"))
      assert.are.equal(d .. "/lf", shutil.move(shm .. "/t/linkfile", d .. "/lf"))
      assert.are.equal("a.txt", pyos.readlink(d .. "/lf"))
      assert.is_false(exists(shm .. "/t/linkfile"))
    end)

    it("fails as Python does", function()
      local d = support.tmpdir()
      assert(pyos.makedirs(d .. "/src/x"))
      assert(pyos.makedirs(d .. "/dst/src"))
      local code = "try: shutil.move(sys.argv[1], sys.argv[2])\n" ..
                   "except Exception as e: print(type(e).__name__ + ' ' + str(e))"
      local _, msg, _, err = shutil.move(d .. "/src", d .. "/dst")
      assert.are.equal(py(code, d .. "/src", d .. "/dst"), err.name .. " " .. msg)
      local shm = assert(io.popen("mktemp -d /dev/shm/pyos-spec.XXXXXX")):read("*l")
      support.defer(function() os.execute("rm -rf " .. support.quote(shm)) end)
      -- into itself: rename fails (EINVAL), then the check
      _, msg, _, err = shutil.move(d .. "/src", d .. "/src/x/in")
      assert.are.equal(py(code, d .. "/src", d .. "/src/x/in"), err.name .. " " .. msg)
      assert.are.equal("Error", err.name)
      support.assert_oserror({errno = "ENOENT"}, shutil.move(d .. "/nope", shm .. "/x"))
      assert.is_true(exists(d .. "/src/x"))
    end)
  end)

  describe("disk_usage, chown, which, get_terminal_size", function()
    it("disk_usage: total, used, free as Python's", function()
      local u = assert(shutil.disk_usage("/tmp"))
      assert.are.equal(u.total, u[1])
      assert.are.equal(u.used, u[2])
      assert.are.equal(u.free, u[3])
      assert.are.equal(py("print(shutil.disk_usage('/tmp').total)"), string.format("%.0f", u.total))
      support.assert_oserror({errno = "ENOENT", str = "[Errno 2] No such file or directory: '/no/such'"},
                             shutil.disk_usage("/no/such"))
    end)

    it("chown: ids, names, Python's errors", function()
      local d = support.tmpdir()
      writefile(d .. "/f", "")
      local st = pyos.stat(d .. "/f")
      assert.is_true(shutil.chown(d .. "/f", st.st_uid))
      assert.is_true(shutil.chown(d .. "/f", nil, st.st_gid))
      if support.isroot then
        assert.is_true(shutil.chown(d .. "/f", 65534, 65533))
        assert.are.equal(65534, pyos.stat(d .. "/f").st_uid)
        assert.are.equal(65533, pyos.stat(d .. "/f").st_gid)
        assert(pyos.symlink("f", d .. "/l"))
        assert.is_true(shutil.chown(d .. "/l", 0, nil, {follow_symlinks = false}))
        assert.are.equal(0, pyos.lstat(d .. "/l").st_uid)
        assert.are.equal(65534, pyos.stat(d .. "/f").st_uid)
      end
      assert_exc("LookupError", "no such user: 'nosuchuserxx'", shutil.chown(d .. "/f", "nosuchuserxx"))
      assert_exc("LookupError", "no such group: 'nosuchgrxx'", shutil.chown(d .. "/f", nil, "nosuchgrxx"))
      if pyos.getpwnam then
        assert.is_true(shutil.chown(d .. "/f", "root", "root"))
        assert.are.equal(0, pyos.stat(d .. "/f").st_uid)
      end
      support.assert_oserror({errno = "ENOENT"}, shutil.chown(d .. "/nope", 0))
      support.assert_raises("user and/or group must be set", shutil.chown, d .. "/f")
    end)

    it("which: as Python's, with mode and path", function()
      assert.are.equal(py("print(shutil.which('sh'))"), shutil.which("sh"))
      local d = support.tmpdir()
      writefile(d .. "/tool", "#!/bin/sh\n")
      assert(pyos.mkdir(d .. "/dirtool"))
      assert.is_nil(shutil.which("tool", nil, d))
      assert(pyos.chmod(d .. "/tool", 493))
      assert.are.equal(d .. "/tool", shutil.which("tool", {path = "/nonexistent:" .. d}))
      assert.are.equal(d .. "/tool", shutil.which(d .. "/tool"))
      assert.is_nil(shutil.which("dirtool", nil, d))
      assert.is_nil(shutil.which("tool", nil, ""))
      assert(pyos.chmod(d .. "/tool", 420))
      assert.are.equal(d .. "/tool", shutil.which("tool", pyos.F_OK, d))
      assert.are.equal(py("print(shutil.which('tool', os.F_OK, sys.argv[1]))", d),
                       shutil.which("tool", pyos.F_OK, d))
      -- a directory part: os.path.join(dirname, base), as Python 3.12+
      assert.are.equal(d .. "/tool", shutil.which(d .. "//tool", pyos.F_OK))
      assert.are.equal(d .. "/tool", shutil.which(d .. "///tool", pyos.F_OK))
      assert.is_nil(shutil.which(d .. "/tool/", pyos.F_OK))
    end)

    it("get_terminal_size: COLUMNS/LINES, then the terminal, then the fallback", function()
      local env = pyos.environ
      local oc, ol = env.COLUMNS, env.LINES
      finally(function() env.COLUMNS, env.LINES = oc, ol end)
      env.COLUMNS, env.LINES = "132", " 50 "
      local s = shutil.get_terminal_size()
      assert.are.same({columns = 132, lines = 50, 132, 50}, s)
      env.COLUMNS, env.LINES = "x", nil
      local want = pyos.get_terminal_size(1)
      s = shutil.get_terminal_size({81, 25})
      if want then
        assert.are.same({want.columns, want.lines}, {s[1], s[2]})
      else
        assert.are.same({columns = 81, lines = 25, 81, 25}, s)
      end
    end)
  end)
end)
