# spawn.py posix_spawn|subprocess|run N: start /bin/true N times and wait.
import os, subprocess, sys, time

how, n = sys.argv[1], int(sys.argv[2])
argv = ["/bin/true"]
env = os.environ
t0 = time.perf_counter_ns()
for _ in range(n):
    if how == "posix_spawn":
        pid = os.posix_spawn(argv[0], argv, env)
        _, status = os.waitpid(pid, 0)
    elif how == "run":
        status = subprocess.run(argv).returncode
    else:
        status = subprocess.call(argv)
    assert status == 0
t = time.perf_counter_ns() - t0
print("%.0f" % (t / n))
