# walk.py walk|fwalk DIR: count the entries below DIR with os.walk or
# os.fwalk; ns per entry, count.
import os, sys, time

how, top = sys.argv[1], sys.argv[2]
t0 = time.perf_counter_ns()
count = 0
if how == "walk":
    for root, dirs, files in os.walk(top):
        count += len(dirs) + len(files)
else:
    for root, dirs, files, rootfd in os.fwalk(top):
        count += len(dirs) + len(files)
t = time.perf_counter_ns() - t0
print("%.2f %d" % (t / count, count))
