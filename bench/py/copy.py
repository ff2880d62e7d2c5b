# copy.py rw|sendfile|cfr|copyfile SRC DST [CHUNK]: copy SRC to DST with
# os.read + os.write in CHUNK-byte pieces, or in the kernel with
# os.sendfile / os.copy_file_range, over the existing DST (no O_TRUNC), or
# with shutil.copyfile; prints ns per MiB and the bytes copied.
import os, shutil, sys, time

how, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
if how == "copyfile":
    t0 = time.perf_counter_ns()
    shutil.copyfile(src, dst)
    t = time.perf_counter_ns() - t0
    total = os.stat(dst).st_size
    print("%.2f %d" % (t / (total / 1048576), total))
    sys.exit(0)
chunk = int(sys.argv[4]) if len(sys.argv) > 4 else 1 << 30
t0 = time.perf_counter_ns()
total = 0
fin = os.open(src, os.O_RDONLY)
fout = os.open(dst, os.O_WRONLY | os.O_CREAT, 0o644)
if how == "rw":
    read, write = os.read, os.write
    while True:
        s = read(fin, chunk)
        if not s:
            break
        assert write(fout, s) == len(s)
        total += len(s)
else:
    while True:
        if how == "sendfile":
            n = os.sendfile(fout, fin, None, chunk)
        else:
            n = os.copy_file_range(fin, fout, chunk)
        if n == 0:
            break
        total += n
os.close(fin)
os.close(fout)
t = time.perf_counter_ns() - t0
print("%.2f %d" % (t / (total / 1048576), total))
