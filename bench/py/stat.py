# stat.py PATH N: N os.stat calls on one file.
import os, sys, time

path, n = sys.argv[1], int(sys.argv[2])
st = os.stat
t0 = time.perf_counter_ns()
for _ in range(n):
    r = st(path)
t = time.perf_counter_ns() - t0
print("%.2f %d" % (t / n, r.st_size))
