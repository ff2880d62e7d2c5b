---@meta
-- LuaLS annotations for pyos.fs: Files and Directories, stat and
-- Python's stat module. (scandir, listdir, walk, fwalk: types/fs_dir.lua.)

---The result of statvfs: a table with Python's named fields and the
---positional entries `[1..10]` (f_bsize .. f_namemax); `f_fsid` is named
---only. `tostring()` prints Python's repr.
---@class pyos.statvfs_result
---@field f_bsize integer
---@field f_frsize integer
---@field f_blocks integer
---@field f_bfree integer
---@field f_bavail integer
---@field f_files integer
---@field f_ffree integer
---@field f_favail integer
---@field f_flag integer ST_* bits
---@field f_namemax integer
---@field f_fsid integer the 64 bits of the fs id (negative above 2^63)
---@field [integer] integer

---@class pyos
local pyos = {}

---Test access to path (F_OK, or R_OK|W_OK|X_OK). Never an error triple.
---@param path string|pyos.PathLike
---@param mode integer
---@param opts? {mode?: integer, dir_fd?: integer, effective_ids?: boolean, follow_symlinks?: boolean}
---@return boolean
function pyos.access(path, mode, opts) end

---Change the working directory (path or open directory fd).
---@param path string|integer|pyos.PathLike
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.chdir(path) end

---Change the working directory to the directory open as fd.
---@param fd integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.fchdir(fd) end

---The current working directory.
---@return string|nil cwd
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getcwd() end

---The current working directory (the same bytes as getcwd).
---@return string|nil cwd
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getcwdb() end

---Change the mode of path (or fd).
---@param path string|integer|pyos.PathLike
---@param mode integer
---@param opts? {mode?: integer, dir_fd?: integer, follow_symlinks?: boolean}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.chmod(path, mode, opts) end

---Change the owner and group of path (or fd); -1 leaves one unchanged.
---@param path string|integer|pyos.PathLike
---@param uid integer
---@param gid integer
---@param opts? {uid?: integer, gid?: integer, dir_fd?: integer, follow_symlinks?: boolean}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.chown(path, uid, gid, opts) end

---Change the owner and group of path, not following a symlink.
---@param path string|pyos.PathLike
---@param uid integer
---@param gid integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.lchown(path, uid, gid) end

---Change the root directory of this process.
---@param path string|pyos.PathLike
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.chroot(path) end

---Make a hard link dst pointing to src.
---@param src string|pyos.PathLike
---@param dst string|pyos.PathLike
---@param opts? {src_dir_fd?: integer, dst_dir_fd?: integer, follow_symlinks?: boolean}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.link(src, dst, opts) end

---Make a directory (mode defaults to 0o777, masked by the umask).
---@param path string|pyos.PathLike
---@param mode? integer
---@param opts? {mode?: integer, dir_fd?: integer}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.mkdir(path, mode, opts) end

---Make a FIFO (mode defaults to 0o666).
---@param path string|pyos.PathLike
---@param mode? integer
---@param opts? {mode?: integer, dir_fd?: integer}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.mkfifo(path, mode, opts) end

---Make a file system node (mode defaults to 0o600, a regular file).
---@param path string|pyos.PathLike
---@param mode? integer
---@param device? integer
---@param opts? {mode?: integer, device?: integer, dir_fd?: integer}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.mknod(path, mode, device, opts) end

---The major number of a raw device number.
---@param device integer
---@return integer
function pyos.major(device) end

---The minor number of a raw device number.
---@param device integer
---@return integer
function pyos.minor(device) end

---A raw device number from its major and minor numbers.
---@param major integer
---@param minor integer
---@return integer
function pyos.makedev(major, minor) end

---A configuration limit of the file path (or fd); -1 when there is none.
---@param path string|integer|pyos.PathLike
---@param name string|integer a key of pathconf_names, or its number
---@return integer|nil limit
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.pathconf(path, name) end

---Names accepted by pathconf, mapped to their numbers.
---@type table<string, integer>
pyos.pathconf_names = {}

---The target of a symbolic link.
---@param path string|pyos.PathLike
---@param opts? {dir_fd?: integer}
---@return string|nil target
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.readlink(path, opts) end

---Remove a file (not a directory): the same as unlink.
---@param path string|pyos.PathLike
---@param opts? {dir_fd?: integer}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.remove(path, opts) end

---Remove a file (not a directory).
---@param path string|pyos.PathLike
---@param opts? {dir_fd?: integer}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.unlink(path, opts) end

---Rename src to dst, replacing a file dst.
---@param src string|pyos.PathLike
---@param dst string|pyos.PathLike
---@param opts? {src_dir_fd?: integer, dst_dir_fd?: integer}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.rename(src, dst, opts) end

---Rename src to dst, replacing dst (the same as rename on POSIX).
---@param src string|pyos.PathLike
---@param dst string|pyos.PathLike
---@param opts? {src_dir_fd?: integer, dst_dir_fd?: integer}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.replace(src, dst, opts) end

---Remove an empty directory.
---@param path string|pyos.PathLike
---@param opts? {dir_fd?: integer}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.rmdir(path, opts) end

---File system statistics of the file system holding path (or fd).
---@param path string|integer|pyos.PathLike
---@return pyos.statvfs_result|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.statvfs(path) end

---Make a symbolic link dst pointing to src.
---@param src string|pyos.PathLike
---@param dst string|pyos.PathLike
---@param target_is_directory? boolean ignored on Linux
---@param opts? {target_is_directory?: boolean, dir_fd?: integer}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.symlink(src, dst, target_is_directory, opts) end

---Flush every file system's buffers to disk.
---@return true
function pyos.sync() end

---Truncate (or extend) path (or fd) to length bytes.
---@param path string|integer|pyos.PathLike
---@param length integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.truncate(path, length) end

---Set access and modification times: now, `{atime, mtime}` seconds, or
---`{ns = {atime_ns, mtime_ns}}` in the options table.
---@param path string|integer|pyos.PathLike
---@param times? {[1]: number, [2]: number}
---@param opts? {times?: {[1]: number, [2]: number}, ns?: {[1]: integer, [2]: integer}, dir_fd?: integer, follow_symlinks?: boolean}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.utime(path, times, opts) end

---Make a directory and every missing parent.
---@param name string|pyos.PathLike
---@param mode? integer
---@param exist_ok? boolean
---@param opts? {mode?: integer, exist_ok?: boolean}
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.makedirs(name, mode, exist_ok, opts) end

---Remove a directory, then each parent that becomes empty.
---@param name string|pyos.PathLike
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.removedirs(name) end

---Rename, making the new parents and pruning the empty old ones.
---@param old string|pyos.PathLike
---@param new string|pyos.PathLike
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.renames(old, new) end

---Status of path (or fd), following symlinks unless told not to.
---@param path string|integer|pyos.PathLike
---@param opts? {dir_fd?: integer, follow_symlinks?: boolean}
---@return pyos.stat_result|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.stat(path, opts) end

---Status of path, not following a symlink.
---@param path string|pyos.PathLike
---@param opts? {dir_fd?: integer}
---@return pyos.stat_result|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.lstat(path, opts) end

---Status of the open file descriptor fd.
---@param fd integer
---@return pyos.stat_result|nil result
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.fstat(fd) end

---True when mode is a directory's.
---@param mode integer
---@return boolean
function pyos.S_ISDIR(mode) end

---True when mode is a character device's.
---@param mode integer
---@return boolean
function pyos.S_ISCHR(mode) end

---True when mode is a block device's.
---@param mode integer
---@return boolean
function pyos.S_ISBLK(mode) end

---True when mode is a regular file's.
---@param mode integer
---@return boolean
function pyos.S_ISREG(mode) end

---True when mode is a FIFO's.
---@param mode integer
---@return boolean
function pyos.S_ISFIFO(mode) end

---True when mode is a symbolic link's.
---@param mode integer
---@return boolean
function pyos.S_ISLNK(mode) end

---True when mode is a socket's.
---@param mode integer
---@return boolean
function pyos.S_ISSOCK(mode) end

---Always false on Linux (Solaris doors).
---@param mode integer
---@return boolean
function pyos.S_ISDOOR(mode) end

---Always false on Linux (Solaris event ports).
---@param mode integer
---@return boolean
function pyos.S_ISPORT(mode) end

---Always false on Linux (BSD whiteouts).
---@param mode integer
---@return boolean
function pyos.S_ISWHT(mode) end

---The permission bits of mode (mode & 0o7777).
---@param mode integer
---@return integer
function pyos.S_IMODE(mode) end

---The file type bits of mode (mode & 0o170000).
---@param mode integer
---@return integer
function pyos.S_IFMT(mode) end

---mode as `ls -l` shows it, e.g. "-rw-r--r--".
---@param mode integer
---@return string
function pyos.filemode(mode) end

-- Constants: os.F_OK.., os.ST_* (statvfs flags), and Python's stat
-- module (its ST_MODE..ST_CTIME are Python's values plus one).
---@type integer
pyos.FILE_ATTRIBUTE_ARCHIVE = 32
---@type integer
pyos.FILE_ATTRIBUTE_COMPRESSED = 2048
---@type integer
pyos.FILE_ATTRIBUTE_DEVICE = 64
---@type integer
pyos.FILE_ATTRIBUTE_DIRECTORY = 16
---@type integer
pyos.FILE_ATTRIBUTE_ENCRYPTED = 16384
---@type integer
pyos.FILE_ATTRIBUTE_HIDDEN = 2
---@type integer
pyos.FILE_ATTRIBUTE_INTEGRITY_STREAM = 32768
---@type integer
pyos.FILE_ATTRIBUTE_NORMAL = 128
---@type integer
pyos.FILE_ATTRIBUTE_NOT_CONTENT_INDEXED = 8192
---@type integer
pyos.FILE_ATTRIBUTE_NO_SCRUB_DATA = 131072
---@type integer
pyos.FILE_ATTRIBUTE_OFFLINE = 4096
---@type integer
pyos.FILE_ATTRIBUTE_READONLY = 1
---@type integer
pyos.FILE_ATTRIBUTE_REPARSE_POINT = 1024
---@type integer
pyos.FILE_ATTRIBUTE_SPARSE_FILE = 512
---@type integer
pyos.FILE_ATTRIBUTE_SYSTEM = 4
---@type integer
pyos.FILE_ATTRIBUTE_TEMPORARY = 256
---@type integer
pyos.FILE_ATTRIBUTE_VIRTUAL = 65536
---@type integer
pyos.F_OK = 0
---@type integer
pyos.R_OK = 4
---@type integer
pyos.SF_APPEND = 262144
---@type integer
pyos.SF_ARCHIVED = 65536
---@type integer
pyos.SF_IMMUTABLE = 131072
---@type integer
pyos.SF_NOUNLINK = 1048576
---@type integer
pyos.SF_SNAPSHOT = 2097152
---@type integer
pyos.ST_APPEND = 256
---@type integer
pyos.ST_ATIME = 8
---@type integer
pyos.ST_CTIME = 10
---@type integer
pyos.ST_DEV = 3
---@type integer
pyos.ST_GID = 6
---@type integer
pyos.ST_INO = 2
---@type integer
pyos.ST_MANDLOCK = 64
---@type integer
pyos.ST_MODE = 1
---@type integer
pyos.ST_MTIME = 9
---@type integer
pyos.ST_NLINK = 4
---@type integer
pyos.ST_NOATIME = 1024
---@type integer
pyos.ST_NODEV = 4
---@type integer
pyos.ST_NODIRATIME = 2048
---@type integer
pyos.ST_NOEXEC = 8
---@type integer
pyos.ST_NOSUID = 2
---@type integer
pyos.ST_RDONLY = 1
---@type integer
pyos.ST_RELATIME = 4096
---@type integer
pyos.ST_SIZE = 7
---@type integer
pyos.ST_SYNCHRONOUS = 16
---@type integer
pyos.ST_UID = 5
---@type integer
pyos.ST_WRITE = 128
---@type integer
pyos.S_ENFMT = 1024
---@type integer
pyos.S_IEXEC = 64
---@type integer
pyos.S_IFBLK = 24576
---@type integer
pyos.S_IFCHR = 8192
---@type integer
pyos.S_IFDIR = 16384
---@type integer
pyos.S_IFDOOR = 0
---@type integer
pyos.S_IFIFO = 4096
---@type integer
pyos.S_IFLNK = 40960
---@type integer
pyos.S_IFPORT = 0
---@type integer
pyos.S_IFREG = 32768
---@type integer
pyos.S_IFSOCK = 49152
---@type integer
pyos.S_IFWHT = 0
---@type integer
pyos.S_IREAD = 256
---@type integer
pyos.S_IRGRP = 32
---@type integer
pyos.S_IROTH = 4
---@type integer
pyos.S_IRUSR = 256
---@type integer
pyos.S_IRWXG = 56
---@type integer
pyos.S_IRWXO = 7
---@type integer
pyos.S_IRWXU = 448
---@type integer
pyos.S_ISGID = 1024
---@type integer
pyos.S_ISUID = 2048
---@type integer
pyos.S_ISVTX = 512
---@type integer
pyos.S_IWGRP = 16
---@type integer
pyos.S_IWOTH = 2
---@type integer
pyos.S_IWRITE = 128
---@type integer
pyos.S_IWUSR = 128
---@type integer
pyos.S_IXGRP = 8
---@type integer
pyos.S_IXOTH = 1
---@type integer
pyos.S_IXUSR = 64
---@type integer
pyos.UF_APPEND = 4
---@type integer
pyos.UF_COMPRESSED = 32
---@type integer
pyos.UF_HIDDEN = 32768
---@type integer
pyos.UF_IMMUTABLE = 2
---@type integer
pyos.UF_NODUMP = 1
---@type integer
pyos.UF_NOUNLINK = 16
---@type integer
pyos.UF_OPAQUE = 8
---@type integer
pyos.W_OK = 2
---@type integer
pyos.X_OK = 1

return pyos
