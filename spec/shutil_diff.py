# The python3 side of spec/shutil_diff_spec.lua (read that file first).
#
#   shutil_diff.py run  BATCH BASE SHM   build trees A, B, C of every
#                                        scenario; run its op on B and C;
#                                        print "hex(B result)\thex(C result)"
#   shutil_diff.py list BATCH BASE SHM   print the canonical listing of
#                                        each scenario's A, B and C trees
#
# A scenario's trees live in BASE/<side>/sNNNN and SHM/<side>/sNNNN (SHM is
# on another file system, for move). Results and listings replace those
# roots by "@" and "%", and BASE by "^", so the sides compare as strings.
# When started as root, the driver works as uid/gid 65534 so that
# read-only directories really refuse (the Lua side does the same).
#
# The oracle is this python3 (3.11) patched to Python 3.13+/3.14 where
# shutil changed (each patch says what and why; they follow 3.13's code,
# the newest at hand, which 3.14 keeps for these functions):
#  - rmtree: onexc (3.12); the iterative _rmtree_safe_fd of 3.13, which
#    reports errors with the full path as filename, skips entries that
#    vanish (FileNotFoundError) below the top, and goes depth-first from
#    the last scandir entry;
#  - _copyxattr ignores EACCES too (3.13);
#  - move: a symlink to a directory moved into that directory is no
#    longer renamed onto it (3.13);
#  - which: a cmd with a directory part is looked up as os.path.join(dir,
#    base) (3.12), so "d//x" gives "d/x";
#  - glob: since 3.13 "X/**" yields "X/" only when X is a directory;
#  - os.utime's errors name the file since 3.13 (copystat's show it).
# Checked: with a python3.13 at hand, SHDIFF_NOPATCH=1 python3.13 gives the
# same answers on the whole batch as this file's patched 3.11.
import errno, fnmatch, glob, hashlib, os, stat, sys
import shutil

# ---------------------------------------------------------------- patches

def _copyxattr(src, dst, *, follow_symlinks=True):
    try:
        names = os.listxattr(src, follow_symlinks=follow_symlinks)
    except OSError as e:
        if e.errno not in (errno.ENOTSUP, errno.ENODATA, errno.EINVAL):
            raise
        return
    for name in names:
        try:
            value = os.getxattr(src, name, follow_symlinks=follow_symlinks)
            os.setxattr(dst, name, value, follow_symlinks=follow_symlinks)
        except OSError as e:
            if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.ENODATA,
                               errno.EINVAL, errno.EACCES):
                raise
shutil._copyxattr = _copyxattr


def _rmtree_step(stack, onexc):
    # one item of the work stack: (func, dirfd, path, entry)
    func, dirfd, path, entry = stack.pop()
    name = path if entry is None else entry.name
    try:
        if func is os.close:
            os.close(dirfd)
            return
        if func is os.rmdir:
            os.rmdir(name, dir_fd=dirfd)
            return
        if entry is None:
            st = os.lstat(name, dir_fd=dirfd)
        else:
            st = entry.stat(follow_symlinks=False)
        func = os.open
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK, dir_fd=dirfd)
        func = os.path.islink
        try:
            if not os.path.samestat(st, os.fstat(fd)):
                raise OSError("Cannot call rmtree on a symbolic link")
            stack.append((os.rmdir, dirfd, path, entry))
        finally:
            stack.append((os.close, fd, path, entry))
        func = os.scandir
        with os.scandir(fd) as it:
            entries = list(it)
        for e in entries:
            full = os.path.join(path, e.name)
            try:
                if e.is_dir(follow_symlinks=False):
                    stack.append((os.lstat, fd, full, e))
                    continue
            except FileNotFoundError:
                continue
            except OSError:
                pass
            try:
                os.unlink(e.name, dir_fd=fd)
            except FileNotFoundError:
                continue
            except OSError as err:
                onexc(os.unlink, full, err)
    except FileNotFoundError as err:
        if entry is None or func is os.close:
            err.filename = path
            onexc(func, path, err)
    except OSError as err:
        err.filename = path
        onexc(func, path, err)


def rmtree(path, ignore_errors=False, onerror=None, *, onexc=None, dir_fd=None):
    if ignore_errors:
        def onexc(*args):
            pass
    elif onexc is None:
        def onexc(func, path, exc):
            raise exc
    stack = [(os.lstat, dir_fd, path, None)]
    try:
        while stack:
            _rmtree_step(stack, onexc)
    finally:
        while stack:
            func, fd, p, _ = stack.pop()
            if func is os.close:
                try:
                    os.close(fd)
                except OSError as err:
                    onexc(os.close, p, err)
shutil.rmtree = rmtree


def move(src, dst, copy_function=shutil.copy2):
    real_dst = dst
    if os.path.isdir(dst):
        if shutil._samefile(src, dst) and not os.path.islink(src):
            os.rename(src, dst)
            return
        real_dst = os.path.join(dst, shutil._basename(src))
        if os.path.exists(real_dst):
            raise shutil.Error("Destination path '%s' already exists" % real_dst)
    try:
        os.rename(src, real_dst)
    except OSError:
        if os.path.islink(src):
            os.symlink(os.readlink(src), real_dst)
            os.unlink(src)
        elif os.path.isdir(src):
            if shutil._destinsrc(src, dst):
                raise shutil.Error("Cannot move a directory '%s' into itself"
                                   " '%s'." % (src, dst))
            if shutil._is_immutable(src):
                raise PermissionError("Cannot move the non-empty directory "
                                      "'%s': Lacking write permission to '%s'."
                                      % (src, src))
            shutil.copytree(src, real_dst, copy_function=copy_function,
                            symlinks=True)
            rmtree(src)
        else:
            copy_function(src, real_dst)
            os.unlink(src)
    return real_dst
shutil.move = move


def which(cmd, mode=os.F_OK | os.X_OK, path=None):
    dirname, cmd = os.path.split(cmd)
    if dirname:
        path = [dirname]
    else:
        if path is None:
            path = os.environ.get("PATH", None)
            if path is None:
                try:
                    path = os.confstr("CS_PATH")
                except (AttributeError, ValueError):
                    path = os.defpath
        if not path:
            return None
        path = path.split(os.pathsep)
    seen = set()
    for d in path:
        if d not in seen:
            seen.add(d)
            name = os.path.join(d, cmd)
            if (os.path.exists(name) and os.access(name, mode)
                    and not os.path.isdir(name)):
                return name
    return None
shutil.which = which

# os.utime names the file in its errors since 3.13 (copystat shows it)
_utime = os.utime
def _utime_named(path, *args, **kw):
    try:
        return _utime(path, *args, **kw)
    except OSError as e:
        if e.filename is None and not isinstance(path, int):
            e.filename = path
        raise
for _set in (os.supports_follow_symlinks, os.supports_fd, os.supports_dir_fd):
    if _utime in _set:
        _set.add(_utime_named)
os.utime = _utime_named

_glob2 = glob._glob2
def _glob2_313(dirname, pattern, dir_fd, dironly, include_hidden=False):
    it = _glob2(dirname, pattern, dir_fd, dironly, include_hidden=include_hidden)
    first = next(it)
    if not dirname or glob._isdir(dirname, dir_fd):
        yield first
    yield from it
glob._glob2 = _glob2_313

if os.environ.get("SHDIFF_NOPATCH"):      # checking the patches on 3.13
    import importlib
    os.utime = _utime
    importlib.reload(shutil)
    importlib.reload(glob)

# ---------------------------------------------------------------- batch

def unhex(s):
    return os.fsdecode(bytes.fromhex(s)) if s != "-" else None


def read_batch(fname):
    scen = []
    with open(fname) as f:
        for line in f:
            t = line.rstrip("\n").split("\t")
            if t[0] == "S":
                scen.append({"id": t[1], "tree": [], "op": None})
            elif t[0] == "T":
                scen[-1]["tree"].append(t[1:])
            elif t[0] == "O":
                scen[-1]["op"] = t[1:]
    return scen


class Roots:
    def __init__(self, base, shm, side, sid):
        self.base = base
        self.root = os.path.join(base, side, sid)
        self.shm = os.path.join(shm, side, sid)

    def path(self, rel):
        # "%/x" lives under the SHM root, "^/x" under BASE, "@"/"" the root
        if rel.startswith("%"):
            return self.shm + rel[1:]
        if rel.startswith("^"):
            return self.base + rel[1:]
        if rel.startswith("@"):
            return self.root + rel[1:]
        return os.path.join(self.root, rel) if rel else self.root

    def norm(self, s):
        return s.replace(self.root, "@").replace(self.shm, "%").replace(self.base, "^")


def build(r, tree):
    os.makedirs(r.root)
    os.makedirs(r.shm)
    for kind, rel, mode, mt, at, data, xat in tree:
        p = r.path(unhex(rel))
        if data.startswith("*"):                # "*unit:n": unit repeated to n bytes
            unit, n = data[1:].split(":")
            data = (bytes.fromhex(unit) * (int(n) // 5 + 1))[:int(n)]
        else:
            data = bytes.fromhex(data) if data != "-" else b""
        if kind == "d":
            os.mkdir(p)
        elif kind == "f":
            with open(p, "wb") as f:
                f.write(data)
        elif kind == "l":
            target = os.fsdecode(data)
            os.symlink(r.path(target) if target[:1] == "^" else target, p)
        elif kind == "p":
            os.mkfifo(p)
        if xat != "-":
            for kv in xat.split(","):
                k, v = kv.split("=")
                os.setxattr(p, "user." + k, bytes.fromhex(v))
    for kind, rel, mode, mt, at, data, xat in reversed(tree):
        p = r.path(unhex(rel))
        if kind != "l":
            os.chmod(p, int(mode, 8))
        os.utime(p, ns=(int(at), int(mt)), follow_symlinks=False)


# ---------------------------------------------------------------- ops

def fmt_exc(r, e):
    no = getattr(e, "errno", None)
    s = "E %s %s\n%s" % (type(e).__name__, no, str(e))
    if isinstance(e, shutil.Error) and isinstance(e.args[0], list):
        for src, dst, msg in e.args[0]:
            s += "\n- %s | %s | %s" % (src, dst, msg)
    return r.norm(s)


def flag(s):
    return s == "T"


def runop(r, op):
    calls = []
    def onexc(func, path, exc):
        calls.append("\nonexc %s %s %s %s %s" % (func.__name__, path,
                     type(exc).__name__, exc.errno, exc))
    name, args = op[0], op[1:]
    P = lambda i: r.path(unhex(args[i]))
    os.chdir(r.root)
    try:
        if name == "copytree":
            pats = [unhex(x) for x in args[3].split(",")] if args[3] != "-" else None
            v = shutil.copytree(P(0), P(1), symlinks=flag(args[2]),
                                ignore=pats and shutil.ignore_patterns(*pats),
                                copy_function=getattr(shutil, args[4]),
                                ignore_dangling_symlinks=flag(args[5]),
                                dirs_exist_ok=flag(args[6]))
        elif name == "rmtree":
            how, kw = args[1], {}
            if how == "ignore":
                kw["ignore_errors"] = True
            elif how == "onexc":
                kw["onexc"] = onexc
            if args[2] == "T":
                fd = os.open(r.root, os.O_RDONLY)
                try:
                    v = shutil.rmtree(unhex(args[0]), dir_fd=fd, **kw)
                finally:
                    os.close(fd)
            else:
                v = shutil.rmtree(P(0), **kw)
        elif name == "move":
            v = shutil.move(P(0), P(1), copy_function=getattr(shutil, args[2]))
        elif name in ("copyfile", "copy", "copy2", "copymode", "copystat"):
            v = getattr(shutil, name)(P(0), P(1), follow_symlinks=flag(args[2]))
        elif name == "which":
            path = unhex(args[2])
            if path is not None:
                path = path.replace("@", r.root)
            if args[3] != "-":
                os.environ["PATH"] = unhex(args[3]).replace("@", r.root)
            else:
                os.environ.pop("PATH", None)
            mode = int(args[1]) if args[1] != "-" else os.F_OK | os.X_OK
            v = shutil.which(unhex(args[0]), mode, path)
        # glob and fnmatch take Lua strings as Python's bytes (doc/glob.md:
        # "?" matches one byte), so they are called with bytes here
        elif name == "glob":
            v = sorted(glob.glob(bytes.fromhex(args[0]), root_dir=os.fsencode(P(1)),
                                 recursive=flag(args[2]),
                                 include_hidden=flag(args[3])))
            v = os.fsdecode(b"\n".join(v))
        elif name == "fnmatch":
            names = [bytes.fromhex(x) for x in args[0].split(",")]
            pat = bytes.fromhex(args[1])
            v = "\n".join("%s=%s" % (os.fsdecode(n), fnmatch.fnmatch(n, pat)) for n in names)
            v += "\n" + os.fsdecode(b",".join(fnmatch.filter(names, pat)))
        else:
            raise SystemExit("unknown op " + name)
        s = r.norm("R %s" % (v,))
    except Exception as e:
        s = fmt_exc(r, e)
    return s + r.norm("".join(calls))


# ---------------------------------------------------------------- listing

MT_EXACT = 9_000_000 * 10**9     # below 2^53 ns: exact in a double


def tstamp(ns, seeded, coarse):
    # A time the tree was built with is printed; any other is "now"-ish.
    # On runtimes without integers, times above 2^53 ns compare to the us.
    if coarse and ns > MT_EXACT:
        return "us%d" % (ns // 1000) if (ns // 1000) in seeded else "new"
    return str(ns) if ns in seeded else "new"


def listing(r, seeded, coarse):
    out = []
    def walk(top, label):
        try:
            names = sorted(os.listdir(os.fsencode(top)))
        except OSError as e:
            out.append("%s unreadable %s" % (label, e.errno))
            return
        for n in names:
            p = os.path.join(os.fsencode(top), n)
            rel = label + "/" + n.hex()
            st = os.lstat(p)
            m = st.st_mode
            kind = ("d" if stat.S_ISDIR(m) else "l" if stat.S_ISLNK(m) else
                    "p" if stat.S_ISFIFO(m) else "f" if stat.S_ISREG(m) else "?")
            line = [rel, kind, "%o" % stat.S_IMODE(m),
                    "m" + tstamp(st.st_mtime_ns, seeded, coarse),
                    "a" + tstamp(st.st_atime_ns, seeded, coarse)]
            if kind == "f":
                line.append("s%d" % st.st_size)
                try:
                    with open(p, "rb") as f:
                        line.append("c" + hashlib.sha1(f.read()).hexdigest()[:20])
                except OSError as e:
                    line.append("c?%d" % e.errno)
            if kind == "l":
                line.append("->" + os.fsencode(r.norm(os.fsdecode(os.readlink(p)))).hex())
            if kind != "l":
                try:
                    xs = sorted(os.listxattr(p))
                    for x in xs:
                        if x.startswith("user."):
                            line.append("x%s=%s" % (x, os.getxattr(p, x).hex()))
                except OSError as e:
                    line.append("x?%d" % e.errno)
            out.append(" ".join(line))
            if kind == "d":
                walk(p, rel)
    walk(r.root, "@")
    walk(r.shm, "%")
    return "\n".join(out)


# ---------------------------------------------------------------- main

def drop():
    if os.getuid() == 0:
        for d in sys.argv[3:5]:
            os.chown(d, 65534, 65534)
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
    os.umask(0o022)


def main():
    what, batch, base, shm = sys.argv[1:5]
    scen = read_batch(batch)
    out = []
    if what == "run":
        drop()
        ext = os.path.join(base, "ext")
        os.makedirs(os.path.join(ext, "d"))
        with open(os.path.join(ext, "f"), "wb") as f:
            f.write(b"ext file\n")
        with open(os.path.join(ext, "d", "g"), "wb") as f:
            f.write(b"g")
        for side in "ABC":
            for sc in scen:
                build(Roots(base, shm, side, sc["id"]), sc["tree"])
        for sc in scen:
            res = [runop(Roots(base, shm, side, sc["id"]), sc["op"]) for side in "BC"]
            out.append("\t".join(os.fsencode(x).hex() for x in res))
    else:                       # as root: lists even unreadable entries
        os.umask(0o022)
        coarse = sys.argv[5] == "coarse"
        for sc in scen:
            seeded = set()
            for t in sc["tree"]:
                seeded.update((int(t[3]), int(t[4])))
            if coarse:
                seeded.update([x // 1000 for x in seeded])
            res = [listing(Roots(base, shm, side, sc["id"]), seeded, coarse) for side in "ABC"]
            out.append("\t".join(os.fsencode(x).hex() for x in res))
    os.chdir("/")
    sys.stdout.write("\n".join(out) + "\n")


main()
