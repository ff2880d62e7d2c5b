# statmiss.py PATH N: N os.stat calls on a missing file, each caught as
# FileNotFoundError (what a Python caller writes).
import os, sys, time

path, n = sys.argv[1], int(sys.argv[2])
st = os.stat
fails = 0
t0 = time.perf_counter_ns()
for _ in range(n):
    try:
        st(path)
    except FileNotFoundError as e:
        fails += 1
t = time.perf_counter_ns() - t0
print("%.2f %d" % (t / n, fails))
