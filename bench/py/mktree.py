# mktree.py flat DIR N: DIR holding N empty files (for listdir/scandir).
# mktree.py tree DIR DIRS FILES: DIR with DIRS leaf directories (in groups
# of 100 under DIRS/100 parents), FILES empty files in each leaf, and 10
# symlinks to a file at the top (links to directories would make Penlight,
# which follows them, walk more than the others). Prints the number
# of entries below DIR.
import os, sys

def touch(path):
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))

kind, top = sys.argv[1], sys.argv[2]
os.makedirs(top)
if kind == "flat":
    n = int(sys.argv[3])
    for i in range(n):
        touch(os.path.join(top, "file%06d" % i))
    print(n)
else:
    ndirs, nfiles = int(sys.argv[3]), int(sys.argv[4])
    count = 0
    for d in range(ndirs):
        parent = os.path.join(top, "p%03d" % (d // 100))
        if d % 100 == 0:
            os.mkdir(parent)
            count += 1
        leaf = os.path.join(parent, "d%03d" % (d % 100))
        os.mkdir(leaf)
        count += 1
        for f in range(nfiles):
            touch(os.path.join(leaf, "f%02d.txt" % f))
        count += nfiles
    for i in range(10):
        os.symlink("p000/d000/f00.txt", os.path.join(top, "link%d" % i))
        count += 1
    print(count)
