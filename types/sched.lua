---@meta
-- LuaLS annotations for pyos.sched: Python's "Interface to the scheduler".

---Python's os.sched_param as a table: `{sched_priority = n, [1] = n}`.
---`tostring()` prints Python's repr. Setters also take a plain table
---`{sched_priority = n}` or `{n}`.
---@class pyos.sched_param
---@field sched_priority integer
---@field [1] integer

---@class pyos
local pyos = {}

---Build a sched_param table.
---@param sched_priority integer
---@param opts? {sched_priority?: integer}
---@return pyos.sched_param
function pyos.sched_param(sched_priority, opts) end

---The lowest priority of policy.
---@param policy integer
---@return integer|nil priority
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.sched_get_priority_min(policy) end

---The highest priority of policy.
---@param policy integer
---@return integer|nil priority
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.sched_get_priority_max(policy) end

---Set the scheduling policy and parameters of pid (0: this process).
---@param pid integer
---@param policy integer
---@param param pyos.sched_param|{sched_priority: integer}|integer[]
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.sched_setscheduler(pid, policy, param) end

---The scheduling policy of pid (0: this process).
---@param pid integer
---@return integer|nil policy
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.sched_getscheduler(pid) end

---Set the scheduling parameters of pid (0: this process).
---@param pid integer
---@param param pyos.sched_param|{sched_priority: integer}|integer[]
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.sched_setparam(pid, param) end

---The scheduling parameters of pid (0: this process).
---@param pid integer
---@return pyos.sched_param|nil param
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.sched_getparam(pid) end

---The round-robin quantum of pid in seconds (0: this process).
---@param pid integer
---@return number|nil seconds
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.sched_rr_get_interval(pid) end

---Give up the CPU voluntarily.
---@return true
function pyos.sched_yield() end

---Restrict pid (0: this process) to the CPUs of mask: an array of CPU
---numbers or a set `{[cpu] = true}`.
---@param pid integer
---@param mask integer[]|table<integer, boolean>
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.sched_setaffinity(pid, mask) end

---The CPUs pid (0: this process) may run on, as a sorted array.
---@param pid integer
---@return integer[]|nil cpus
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function pyos.sched_getaffinity(pid) end

---@type integer
pyos.SCHED_OTHER = 0
---@type integer
pyos.SCHED_FIFO = 1
---@type integer
pyos.SCHED_RR = 2
---@type integer
pyos.SCHED_BATCH = 3
---@type integer
pyos.SCHED_IDLE = 5
---@type integer
pyos.SCHED_DEADLINE = 6
---@type integer
pyos.SCHED_NORMAL = 0
---@type integer
pyos.SCHED_RESET_ON_FORK = 1073741824

return pyos
