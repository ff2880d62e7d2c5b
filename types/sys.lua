---@meta
-- LuaLS annotations for pyos.sys: Python's "Miscellaneous System
-- Information" and "Random numbers".

---@class pyos
local pyos = {}

---A string-valued configuration value; nil when the name has none.
---@param name string|integer
---@return string|nil value
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.confstr(name) end

---An integer-valued configuration value (-1: no limit).
---@param name string|integer
---@return integer|nil value
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.sysconf(name) end

---The number of online CPUs, or nil when unknown.
---@return integer|nil
function pyos.cpu_count() end

---The number of CPUs this process may use (its affinity), or cpu_count().
---@return integer|nil
function pyos.process_cpu_count() end

---The 1, 5 and 15 minute load averages.
---@return number|nil load1
---@return number|string load5_or_msg
---@return number|integer load15_or_errno
---@return pyos.OSError? err
function pyos.getloadavg() end

---Up to size random bytes from getrandom(2) (flags GRND_NONBLOCK, GRND_RANDOM).
---@param size integer
---@param flags? integer
---@param opts? {size?: integer, flags?: integer}
---@return string|nil bytes
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getrandom(size, flags, opts) end

---size random bytes for cryptographic use.
---@param size integer
---@return string|nil bytes
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.urandom(size) end

---A user entry (Python's pwd.struct_passwd): the named fields and `[1..7]`
---in this order; tostring gives Python's repr.
---@class pyos.struct_passwd
---@field pw_name string
---@field pw_passwd string
---@field pw_uid integer
---@field pw_gid integer
---@field pw_gecos string
---@field pw_dir string
---@field pw_shell string
---@field [integer] string|integer

---A group entry (Python's grp.struct_group): the named fields and `[1..4]`
---in this order (`[4]` is the gr_mem table itself).
---@class pyos.struct_group
---@field gr_name string
---@field gr_passwd string
---@field gr_gid integer
---@field gr_mem string[] the member names
---@field [integer] string|integer|string[]

---A look-up that found nothing (Python's KeyError): the fourth value of a
---not-found getpwnam/getpwuid/getgrnam/getgrgid, whose errno (third value)
---is nil. tostring(err) is Python's str(), the quoted text.
---@class pyos.KeyError
---@field name "KeyError"
---@field args string[] `args[1]`: the text, unquoted
---@operator concat(string): string

---The user named name; not found: nil, msg, nil, KeyError.
---@param name string
---@return pyos.struct_passwd|nil entry
---@return string? msg
---@return integer? errno
---@return pyos.OSError|pyos.KeyError|nil err
function pyos.getpwnam(name) end

---The user with id uid (-1 .. 2^32-1); not found: nil, msg, nil, KeyError.
---@param uid integer
---@return pyos.struct_passwd|nil entry
---@return string? msg
---@return integer? errno
---@return pyos.OSError|pyos.KeyError|nil err
function pyos.getpwuid(uid) end

---Every user entry, in the database's order.
---@return pyos.struct_passwd[]|nil entries
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getpwall() end

---The group named name; not found: nil, msg, nil, KeyError.
---@param name string
---@return pyos.struct_group|nil entry
---@return string? msg
---@return integer? errno
---@return pyos.OSError|pyos.KeyError|nil err
function pyos.getgrnam(name) end

---The group with id gid (-1 .. 2^32-1, else it raises); not found: nil,
---msg, nil, KeyError.
---@param gid integer
---@return pyos.struct_group|nil entry
---@return string? msg
---@return integer? errno
---@return pyos.OSError|pyos.KeyError|nil err
function pyos.getgrgid(gid) end

---Every group entry, in the database's order.
---@return pyos.struct_group[]|nil entries
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.getgrall() end

---confstr's names and their numbers.
---@type table<string, integer>
pyos.confstr_names = {}
---sysconf's names and their numbers.
---@type table<string, integer>
pyos.sysconf_names = {}

---@type string
pyos.name = "posix"
---@type string
pyos.curdir = "."
---@type string
pyos.pardir = ".."
---@type string
pyos.sep = "/"
-- altsep is Python's None on POSIX: absent (nil) in pyos.
---@type string
pyos.extsep = "."
---@type string
pyos.pathsep = ":"
---@type string
pyos.defpath = "/bin:/usr/bin"
---@type string
pyos.linesep = "\n"
---@type string
pyos.devnull = "/dev/null"

---@type integer
pyos.GRND_NONBLOCK = 1
---@type integer
pyos.GRND_RANDOM = 2
---@type integer
pyos.RTLD_LAZY = 1
---@type integer
pyos.RTLD_NOW = 2
---@type integer
pyos.RTLD_GLOBAL = 256
---@type integer
pyos.RTLD_LOCAL = 0
---@type integer
pyos.RTLD_NODELETE = 4096
---@type integer
pyos.RTLD_NOLOAD = 4
---@type integer
pyos.RTLD_DEEPBIND = 8

return pyos
