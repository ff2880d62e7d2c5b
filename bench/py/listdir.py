# listdir.py listdir|scandir DIR REPS: REPS times os.listdir(DIR), or an
# os.scandir loop calling is_dir() on each entry; ns per entry, count.
import os, sys, time

how, path, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter_ns()
for _ in range(reps):
    if how == "listdir":
        count = len(os.listdir(path))
    else:
        count = ndirs = 0
        for e in os.scandir(path):
            count += 1
            if e.is_dir():
                ndirs += 1
t = time.perf_counter_ns() - t0
print("%.2f %d" % (t / (count * reps), count))
