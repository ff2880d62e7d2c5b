---@meta
-- LuaLS annotations for pyos.fd: File Object Creation (fdopen), File
-- Descriptor Operations, terminals, inheritance, memfd, eventfd, timerfd.

---Python's os.terminal_size: a table with the named fields and `[1]`,
---`[2]`; `tostring()` prints `os.terminal_size(columns=80, lines=24)`.
---@class pyos.terminal_size
---@field columns integer
---@field lines integer
---@field [1] integer columns
---@field [2] integer lines

---A fixed-size mutable byte buffer (Python's bytearray and memoryview,
---for `readinto` and `write`). `#buf` is its length; `tostring(buf)` is
---`<pyos.Buffer of N bytes>`. Positions count as in `string.sub`.
---@class pyos.Buffer
---@operator len: integer
local Buffer = {}

---Bytes i .. j (default 1, -1) as a string.
---@param i? integer
---@param j? integer
---@return string
function Buffer:sub(i, j) end

---A Buffer over bytes i .. j (default 1, -1), sharing them: writes show
---through both. It keeps the buffer it views alive.
---@param i? integer
---@param j? integer
---@return pyos.Buffer
function Buffer:view(i, j) end

---Bytes i .. j (default i = 1, j = i) as integers, as `string.byte`.
---@param i? integer
---@param j? integer
---@return integer ...
function Buffer:byte(i, j) end

---Copy data into the buffer from position i (negative: from the end);
---raises when it does not fit.
---@param i integer
---@param data string|pyos.Buffer
function Buffer:set(i, data) end

---@class pyos
local pyos = {}

---Open path with flags (O_*); O_CLOEXEC is always added. Returns the fd.
---@param path string|pyos.PathLike
---@param flags integer
---@param mode? integer
---@param opts? {flags?: integer, mode?: integer, dir_fd?: integer}
---@return integer|nil fd
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.open(path, flags, mode, opts) end

---Close fd (never retried on EINTR).
---@param fd integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.close(fd) end

---Close every fd with fd_low <= fd < fd_high, ignoring errors.
---@param fd_low integer
---@param fd_high integer
---@return true
function pyos.closerange(fd_low, fd_high) end

---Copy count bytes from src to dst in the kernel; nil offsets use and move the positions.
---@param src integer
---@param dst integer
---@param count integer
---@param offset_src? integer
---@param offset_dst? integer
---@param opts? {src?: integer, dst?: integer, count?: integer, offset_src?: integer, offset_dst?: integer}
---@return integer|nil copied
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.copy_file_range(src, dst, count, offset_src, offset_dst, opts) end

---The encoding of the terminal open as fd, nil when fd is not a terminal.
---@param fd integer
---@return string|nil encoding
function pyos.device_encoding(fd) end

---A non-inheritable copy of fd.
---@param fd integer
---@return integer|nil fd
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.dup(fd) end

---Make fd2 a copy of fd (inheritable unless inheritable=false); returns fd2.
---@param fd integer
---@param fd2 integer
---@param inheritable? boolean
---@param opts? {inheritable?: boolean}
---@return integer|nil fd2
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.dup2(fd, fd2, inheritable, opts) end

---A new eventfd with the counter at initval; EFD_CLOEXEC is always added.
---@param initval integer
---@param flags? integer
---@param opts? {initval?: integer, flags?: integer}
---@return integer|nil fd
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.eventfd(initval, flags, opts) end

---Read (and reset, or decrement with EFD_SEMAPHORE) the eventfd counter.
---@param fd integer
---@return integer|nil value
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.eventfd_read(fd) end

---Add value to the eventfd counter.
---@param fd integer
---@param value integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.eventfd_write(fd, value) end

---Change the mode of the file open as fd.
---@param fd integer
---@param mode integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.fchmod(fd, mode) end

---Change the owner and group of the file open as fd (-1 leaves one).
---@param fd integer
---@param uid integer
---@param gid integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.fchown(fd, uid, gid) end

---Flush the file's data (not all metadata) to disk.
---@param fd integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.fdatasync(fd) end

---A Lua io file owning fd (`io.type(f) == "file"`). mode as io.open's; buffering 0 none, 1 line, >1 size.
---@param fd integer
---@param mode? string
---@param buffering? integer
---@param opts? {mode?: string, buffering?: integer}
---@return file*|nil file
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.fdopen(fd, mode, buffering, opts) end

---A configuration limit of the file open as fd (name: integer or a pathconf_names key).
---@param fd integer
---@param name string|integer
---@return integer|nil value
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.fpathconf(fd, name) end

---statvfs of the file system holding the file open as fd.
---@param fd integer
---@return pyos.statvfs_result|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.fstatvfs(fd) end

---Flush the file open as fd to disk.
---@param fd integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.fsync(fd) end

---Truncate (or extend) the file open as fd to length bytes.
---@param fd integer
---@param length integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.ftruncate(fd, length) end

---False when O_NONBLOCK is set on fd.
---@param fd integer
---@return boolean|nil blocking
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.get_blocking(fd) end

---True when fd is passed on to executed programs (no FD_CLOEXEC).
---@param fd integer
---@return boolean|nil inheritable
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.get_inheritable(fd) end

---The window size of the terminal open as fd (default 1, stdout).
---@param fd? integer
---@return pyos.terminal_size|nil size
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.get_terminal_size(fd) end

---Grant access to the slave of the pty master fd.
---@param fd integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.grantpt(fd) end

---True when fd is open on a terminal. Never an error.
---@param fd integer
---@return boolean
function pyos.isatty(fd) end

---Apply, test or remove a POSIX lock (F_LOCK, F_TLOCK, F_ULOCK, F_TEST) on len bytes from the position.
---@param fd integer
---@param cmd integer
---@param len integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.lockf(fd, cmd, len) end

---Make fd the controlling terminal and stdin/stdout/stderr of a new session; closes fd.
---@param fd integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.login_tty(fd) end

---Set the position of fd (SEEK_SET, SEEK_CUR, SEEK_END, SEEK_DATA, SEEK_HOLE); returns it.
---@param fd integer
---@param pos integer
---@param whence integer
---@return integer|nil position
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.lseek(fd, pos, whence) end

---An anonymous memory file; MFD_CLOEXEC is always added.
---@param name string|pyos.PathLike
---@param flags? integer
---@param opts? {name?: string, flags?: integer}
---@return integer|nil fd
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.memfd_create(name, flags, opts) end

---A new pseudo-terminal pair, both non-inheritable.
---@return integer|nil master
---@return integer|string slave_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.openpty() end

---A new pipe: read end, write end, both non-inheritable.
---@return integer|nil r
---@return integer|string w_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.pipe() end

---A new pipe with flags (O_NONBLOCK, O_DIRECT); O_CLOEXEC is always added.
---@param flags integer
---@return integer|nil r
---@return integer|string w_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.pipe2(flags) end

---Announce an access pattern (POSIX_FADV_*) for a range of the file.
---@param fd integer
---@param offset integer
---@param len integer
---@param advice integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.posix_fadvise(fd, offset, len, advice) end

---Allocate disk space for a range of the file.
---@param fd integer
---@param offset integer
---@param len integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.posix_fallocate(fd, offset, len) end

---Open a pty master with oflag (O_RDWR, O_NOCTTY); O_CLOEXEC is always added.
---@param oflag integer
---@return integer|nil fd
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.posix_openpt(oflag) end

---Read at most n bytes at offset; the position is unchanged. "" at end of file.
---@param fd integer
---@param n integer
---@param offset integer
---@return string|nil data
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.pread(fd, n, offset) end

---Read at offset into buffers of the given sizes: an array of strings and
---the total; or, given an array of Buffers, into them: the total alone.
---@param fd integer
---@param sizes integer[]|pyos.Buffer[]
---@param offset integer
---@param flags? integer
---@return string[]|integer|nil strings_or_total
---@return integer|string|nil total_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.preadv(fd, sizes, offset, flags) end

---The slave device path of the pty master fd.
---@param fd integer
---@return string|nil path
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.ptsname(fd) end

---Write data at offset; the position is unchanged. Returns the count written.
---@param fd integer
---@param data string|pyos.Buffer
---@param offset integer
---@return integer|nil written
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.pwrite(fd, data, offset) end

---Write the strings at offset (flags: RWF_*); returns the count written.
---@param fd integer
---@param buffers (string|pyos.Buffer)[]
---@param offset integer
---@param flags? integer
---@return integer|nil written
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.pwritev(fd, buffers, offset, flags) end

---Read at most n bytes; "" at end of file.
---@param fd integer
---@param n integer
---@return string|nil data
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.read(fd, n) end

---Read into buffers of the given sizes: an array of strings and the
---total; or, given an array of Buffers, into them: the total alone.
---@param fd integer
---@param sizes integer[]|pyos.Buffer[]
---@return string[]|integer|nil strings_or_total
---@return integer|string|nil total_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.readv(fd, sizes) end

---Copy count bytes from in_fd to out_fd in the kernel; offset nil uses and moves in_fd's position.
---@param out_fd integer
---@param in_fd integer
---@param offset? integer
---@param count integer
---@param opts? {out_fd?: integer, in_fd?: integer, offset?: integer, count?: integer}
---@return integer|nil sent
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.sendfile(out_fd, in_fd, offset, count, opts) end

---Clear (false) or set (true) blocking mode: O_NONBLOCK off or on.
---@param fd integer
---@param blocking boolean
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.set_blocking(fd, blocking) end

---Make fd inheritable across exec (true) or not (false).
---@param fd integer
---@param inheritable boolean
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.set_inheritable(fd, inheritable) end

---Move count bytes between fds, one of them a pipe (flags: SPLICE_F_*).
---@param src integer
---@param dst integer
---@param count integer
---@param offset_src? integer
---@param offset_dst? integer
---@param flags? integer
---@param opts? {src?: integer, dst?: integer, count?: integer, offset_src?: integer, offset_dst?: integer, flags?: integer}
---@return integer|nil moved
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.splice(src, dst, count, offset_src, offset_dst, flags, opts) end

---The foreground process group of the terminal open as fd.
---@param fd integer
---@return integer|nil pgid
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.tcgetpgrp(fd) end

---Set the foreground process group of the terminal open as fd.
---@param fd integer
---@param pg integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.tcsetpgrp(fd, pg) end

---A new timerfd on clockid (CLOCK_REALTIME 0, CLOCK_MONOTONIC 1, CLOCK_BOOTTIME 7); TFD_CLOEXEC is always added.
---@param clockid integer
---@param opts? {flags?: integer}
---@return integer|nil fd
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.timerfd_create(clockid, opts) end

---Seconds until the next expiration, and the interval.
---@param fd integer
---@return number|nil next_expiration
---@return number|string interval_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.timerfd_gettime(fd) end

---Nanoseconds until the next expiration, and the interval.
---@param fd integer
---@return integer|nil next_expiration
---@return integer|string interval_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.timerfd_gettime_ns(fd) end

---Arm (initial > 0) or disarm (0) the timer, in seconds; returns the old values.
---@param fd integer
---@param opts? {flags?: integer, initial?: number, interval?: number}
---@return number|nil next_expiration
---@return number|string interval_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.timerfd_settime(fd, opts) end

---Arm or disarm the timer, in nanoseconds; returns the old values.
---@param fd integer
---@param opts? {flags?: integer, initial?: integer, interval?: integer}
---@return integer|nil next_expiration
---@return integer|string interval_or_msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.timerfd_settime_ns(fd, opts) end

---The device path of the terminal open as fd.
---@param fd integer
---@return string|nil path
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.ttyname(fd) end

---Unlock the slave of the pty master fd.
---@param fd integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.unlockpt(fd) end

---Write data; returns the count written (maybe fewer bytes).
---@param fd integer
---@param data string|pyos.Buffer
---@return integer|nil written
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.write(fd, data) end

---Write the strings in order; returns the count written.
---@param fd integer
---@param buffers (string|pyos.Buffer)[]
---@return integer|nil written
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.writev(fd, buffers) end

-- Constants (the values of this platform; absent ones are nil).
---@type integer
pyos.EFD_CLOEXEC = 524288
---@type integer
pyos.EFD_NONBLOCK = 2048
---@type integer
pyos.EFD_SEMAPHORE = 1
---@type integer
pyos.F_LOCK = 1
---@type integer
pyos.F_TEST = 3
---@type integer
pyos.F_TLOCK = 2
---@type integer
pyos.F_ULOCK = 0
---@type integer
pyos.MFD_ALLOW_SEALING = 2
---@type integer
pyos.MFD_CLOEXEC = 1
---@type integer
pyos.MFD_HUGETLB = 4
---@type integer
pyos.MFD_HUGE_16GB = 2281701376
---@type integer
pyos.MFD_HUGE_16MB = 1610612736
---@type integer
pyos.MFD_HUGE_1GB = 2013265920
---@type integer
pyos.MFD_HUGE_1MB = 1342177280
---@type integer
pyos.MFD_HUGE_256MB = 1879048192
---@type integer
pyos.MFD_HUGE_2GB = 2080374784
---@type integer
pyos.MFD_HUGE_2MB = 1409286144
---@type integer
pyos.MFD_HUGE_32MB = 1677721600
---@type integer
pyos.MFD_HUGE_512KB = 1275068416
---@type integer
pyos.MFD_HUGE_512MB = 1946157056
---@type integer
pyos.MFD_HUGE_64KB = 1073741824
---@type integer
pyos.MFD_HUGE_8MB = 1543503872
---@type integer
pyos.MFD_HUGE_MASK = 63
---@type integer
pyos.MFD_HUGE_SHIFT = 26
---@type integer
pyos.O_ACCMODE = 3
---@type integer
pyos.O_APPEND = 1024
---@type integer
pyos.O_ASYNC = 8192
---@type integer
pyos.O_CLOEXEC = 524288
---@type integer
pyos.O_CREAT = 64
---@type integer
pyos.O_DIRECT = 16384
---@type integer
pyos.O_DIRECTORY = 65536
---@type integer
pyos.O_DSYNC = 4096
---@type integer
pyos.O_EXCL = 128
---@type integer
pyos.O_FSYNC = 1052672
---@type integer
pyos.O_LARGEFILE = 0
---@type integer
pyos.O_NDELAY = 2048
---@type integer
pyos.O_NOATIME = 262144
---@type integer
pyos.O_NOCTTY = 256
---@type integer
pyos.O_NOFOLLOW = 131072
---@type integer
pyos.O_NONBLOCK = 2048
---@type integer
pyos.O_PATH = 2097152
---@type integer
pyos.O_RDONLY = 0
---@type integer
pyos.O_RDWR = 2
---@type integer
pyos.O_RSYNC = 1052672
---@type integer
pyos.O_SYNC = 1052672
---@type integer
pyos.O_TMPFILE = 4259840
---@type integer
pyos.O_TRUNC = 512
---@type integer
pyos.O_WRONLY = 1
---@type integer
pyos.POSIX_FADV_DONTNEED = 4
---@type integer
pyos.POSIX_FADV_NOREUSE = 5
---@type integer
pyos.POSIX_FADV_NORMAL = 0
---@type integer
pyos.POSIX_FADV_RANDOM = 1
---@type integer
pyos.POSIX_FADV_SEQUENTIAL = 2
---@type integer
pyos.POSIX_FADV_WILLNEED = 3
---@type integer
pyos.RWF_APPEND = 16
---@type integer
pyos.RWF_DSYNC = 2
---@type integer
pyos.RWF_HIPRI = 1
---@type integer
pyos.RWF_NOAPPEND = 32
---@type integer
pyos.RWF_NOWAIT = 8
---@type integer
pyos.RWF_SYNC = 4
---@type integer
pyos.SEEK_CUR = 1
---@type integer
pyos.SEEK_DATA = 3
---@type integer
pyos.SEEK_END = 2
---@type integer
pyos.SEEK_HOLE = 4
---@type integer
pyos.SEEK_SET = 0
---@type integer
pyos.SPLICE_F_MORE = 4
---@type integer
pyos.SPLICE_F_MOVE = 1
---@type integer
pyos.SPLICE_F_NONBLOCK = 2
---@type integer
pyos.TFD_CLOEXEC = 524288
---@type integer
pyos.TFD_NONBLOCK = 2048
---@type integer
pyos.TFD_TIMER_ABSTIME = 1
---@type integer
pyos.TFD_TIMER_CANCEL_ON_SET = 2

---A new Buffer: `size` zero bytes, or a copy of a string or Buffer. At
---most 0x7ffff000 bytes (the most one read(2) moves).
---@param size_or_data integer|string|pyos.Buffer
---@return pyos.Buffer
function pyos.buffer(size_or_data) end

---Read at most `#buffer` bytes into buffer; the count, 0 at end of file
---(Python 3.14's os.readinto).
---@param fd integer
---@param buffer pyos.Buffer
---@return integer|nil count
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.readinto(fd, buffer) end

return pyos
