# tree.py copytree|rmtree|glob SRC WORK: CPython's shutil.copytree
# (symlinks kept) to a fresh WORK/dst.N, shutil.rmtree of a cp -a copy of
# SRC, or glob.glob("**/" + WORK, recursive=True, root_dir=SRC) (WORK is
# the pattern then); ns per entry of SRC, as bench/lua/tree.lua.
import glob, os, shutil, subprocess, sys, time

op, src, work = sys.argv[1], sys.argv[2], sys.argv[3]

def count(top):
    n = 0
    for _, dirs, files in os.walk(top):
        n += len(dirs) + len(files)
    return n

found = None
if op == "copytree":
    dst = os.path.join(work, "dst.%d" % os.getpid())
    t0 = time.perf_counter_ns()
    shutil.copytree(src, dst, symlinks=True)
    t = time.perf_counter_ns() - t0
    n = count(dst)
    subprocess.run(["rm", "-rf", dst], check=True)
elif op == "rmtree":
    victim = os.path.join(work, "rm.%d" % os.getpid())
    subprocess.run(["cp", "-a", src, victim], check=True)
    n = count(victim)
    t0 = time.perf_counter_ns()
    shutil.rmtree(victim)
    t = time.perf_counter_ns() - t0
else:
    t0 = time.perf_counter_ns()
    found = len(glob.glob("**/" + work, root_dir=src, recursive=True))
    t = time.perf_counter_ns() - t0
    n = count(src)
print("%.2f %d" % (t / n, found if found is not None else n))
