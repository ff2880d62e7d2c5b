# pipe.py N: N round trips of a 1-byte write then a 1-byte read.
import os, sys, time

n = int(sys.argv[1])
r, w = os.pipe()
read, write = os.read, os.write
t0 = time.perf_counter_ns()
for _ in range(n):
    write(w, b"x")
    s = read(r, 1)
t = time.perf_counter_ns() - t0
assert s == b"x"
print("%.2f" % (t / n))
