# path_bench.py [N]: CPython's posixpath on path_bench.lua's cases, with
# bytes (as Lua strings are) and str; prints NAME NS_PER_CALL per case.
# The loop is Python's leanest (for x in list: f(x)), results unused; the
# clock is process_time, as path_bench.lua's os.clock.
import posixpath as P
import sys
import time

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000

LONG = ["/usr/local/lib/python3.11/site-packages/foo.py",
        "/usr/local/lib/python3.11/site-packages/bar.py",
        "/usr/local/lib/python3.11/dist-packages/baz.py",
        "/usr/local/lib/python3.11/dist-packages/qux.py"]
EXT = ["/home/user/src/archive.tar.gz", "/home/user/src/photo.jpeg",
       "/home/user/src/notes.txt", "/home/user/src/main.c"]
CLEAN = ["/usr/local/lib/python3.11/site-packages",
         "/usr/local/lib/python3.11/dist-packages",
         "/usr/lib/python3/dist-packages/foo",
         "src/lua/pyos/path.lua"]
DIRTY = ["/usr/local/./lib/../lib//python3.11/",
         "/usr/./local/lib/../share//doc/",
         "a/b/../c/./d//e/",
         "../x/./y/../z"]
HEADS = ["/usr/local", "/home/user", "src", "/opt/"]
TAILS = ["lib", "bin", "python3.11", "share"]


def one(f, inputs):
    def run(xs):
        for x in xs:
            f(x)
    return inputs, run



def conv(items, kind):
    if kind == "bytes":
        return [tuple(s.encode() for s in t) if isinstance(t, tuple)
                else t.encode() for t in items]
    return items


def cases(kind):
    c = lambda xs: conv(xs, kind)
    pairs = c([(HEADS[i % 4], TAILS[i % 3]) for i in range(12)])
    triples = c([(HEADS[i % 4], TAILS[i % 3], TAILS[i % 4]) for i in range(12)])
    join = P.join

    def run_join2(xs):
        for a, b in xs:
            join(a, b)

    def run_join3(xs):
        for a, b, d in xs:
            join(a, b, d)
    return [
        ("join2", pairs, run_join2),
        ("join3", triples, run_join3),
        ("normpath_clean",) + one(P.normpath, c(CLEAN)),
        ("normpath_dirty",) + one(P.normpath, c(DIRTY)),
        ("split",) + one(P.split, c(LONG)),
        ("splitext",) + one(P.splitext, c(EXT)),
        ("basename",) + one(P.basename, c(LONG)),
        ("dirname",) + one(P.dirname, c(LONG)),
    ]


for kind in ("bytes", "str"):
    for name, inputs, run in cases(kind):
        xs = (inputs * (n // len(inputs) + 1))[:n]
        run(xs[:1000])
        t0 = time.process_time_ns()
        run(xs)
        t = time.process_time_ns() - t0
        print("%-16s %8.1f  (%s)" % (name, t / n, kind))
