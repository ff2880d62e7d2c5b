"""Print every listening TCP/UDP socket of the given processes as ADDR:PORT.

    python3 embed/listeners.py PID...

scripts/test-embed.sh uses it to prove that the nginx it started listens on
127.0.0.1 only: socket inodes come from /proc/PID/fd, addresses from
/proc/net/{tcp,tcp6,udp,udp6}.
"""
import ipaddress
import os
import sys


def inodes(pids):
    found = set()
    for pid in pids:
        fddir = "/proc/%s/fd" % pid
        for fd in os.listdir(fddir):
            try:
                target = os.readlink(os.path.join(fddir, fd))
            except OSError:
                continue
            if target.startswith("socket:["):
                found.add(target[8:-1])
    return found


def address(hexaddr):
    host, port = hexaddr.split(":")
    raw = bytes.fromhex(host)
    # /proc/net prints the address as host-order 32-bit words.
    words = [raw[i:i + 4][::-1] for i in range(0, len(raw), 4)]
    ip = ipaddress.ip_address(b"".join(words))
    return "%s:%d" % (ip, int(port, 16))


def listeners(socks):
    out = []
    for table, listen in (("tcp", "0A"), ("tcp6", "0A"), ("udp", "07"), ("udp6", "07")):
        try:
            with open("/proc/net/" + table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            cols = row.split()
            if cols[3] == listen and cols[9] in socks:
                out.append(address(cols[1]))
    return sorted(set(out))


if __name__ == "__main__":
    print(" ".join(listeners(inodes(sys.argv[1:]))))
