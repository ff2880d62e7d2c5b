# capture.py run|check_output FILE N: capture `cat FILE` N times.
import subprocess, sys, time

how, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter_ns()
for _ in range(n):
    if how == "run":
        cp = subprocess.run(["cat", path], capture_output=True)
        assert cp.returncode == 0 and cp.stderr == b""
        size = len(cp.stdout)
    else:
        size = len(subprocess.check_output(["cat", path]))
t = time.perf_counter_ns() - t0
print("%.0f %d" % (t / n, size))
