---@meta pyos.subprocess
-- LuaLS annotations for pyos.subprocess: Python 3.14's subprocess. The
-- module is its own class (pyos.subprocesslib), reached as
-- `require "pyos.subprocess"` or `pyos.subprocess`.

---A stream option: PIPE (-1), STDOUT (-2, stderr only), DEVNULL (-3), an
---fd, or an open Lua file; nil inherits the parent's.
---@alias pyos.subprocess.stream integer|file*

---The command: a list of strings (path-like allowed), or one string (the
---program, or the shell command line with shell = true).
---@alias pyos.subprocess.args string|(string|pyos.PathLike)[]

---@class pyos.subprocess.popenopts
---@field stdin? pyos.subprocess.stream
---@field stdout? pyos.subprocess.stream
---@field stderr? pyos.subprocess.stream
---@field executable? string|pyos.PathLike program run in place of args[1] (the shell with shell = true)
---@field cwd? string|pyos.PathLike the child's working directory
---@field env? table<string, string> the child's whole environment
---@field close_fds? boolean default true: the child keeps only 0, 1, 2 and pass_fds
---@field pass_fds? integer[] fds the child inherits
---@field shell? boolean run args through /bin/sh -c
---@field start_new_session? boolean setsid() in the child
---@field process_group? integer setpgid(0, process_group) in the child
---@field umask? integer the child's umask (the parent's is unchanged)
---@field text? boolean accepted, no effect (bytes only)
---@field bufsize? integer accepted, no effect

---@class pyos.subprocess.runopts: pyos.subprocess.popenopts
---@field input? string written to the child's stdin
---@field capture_output? boolean stdout and stderr are PIPE
---@field timeout? number seconds; then the child is killed and TimeoutExpired returned
---@field check? boolean raise CalledProcessError for a return code other than 0

---@class pyos.subprocess.callopts: pyos.subprocess.popenopts
---@field timeout? number seconds

---CalledProcessError or TimeoutExpired.
---@class pyos.subprocess.Error
---@field name "CalledProcessError"|"TimeoutExpired"
---@field cmd pyos.subprocess.args
---@field returncode? integer CalledProcessError's return code
---@field timeout? number TimeoutExpired's time-out
---@field output? string
---@field stdout? string the same as output
---@field stderr? string

---What run returns.
---@class pyos.subprocess.CompletedProcess
---@field args pyos.subprocess.args
---@field returncode integer exit status, or minus the signal number
---@field stdout? string
---@field stderr? string
local CompletedProcess = {}

---Raise CalledProcessError when returncode is not 0; else true.
---@return true
function CompletedProcess:check_returncode() end

---A running (or finished) child.
---@class pyos.subprocess.Popen
---@field args pyos.subprocess.args
---@field pid integer
---@field returncode? integer nil while the child runs
---@field stdin? file* the write end of the child's stdin, when PIPE
---@field stdout? file* the read end of the child's stdout, when PIPE
---@field stderr? file* the read end of the child's stderr, when PIPE
local Popen = {}

---The return code once the child has ended, else nil.
---@return integer?
function Popen:poll() end

---Wait for the child; with timeout, TimeoutExpired when it runs on.
---@param timeout? number
---@return integer|nil returncode
---@return string? msg
---@return integer? errno
---@return pyos.subprocess.Error|pyos.OSError? err
function Popen:wait(timeout) end

---Write input, read stdout and stderr to their end, wait. Streams that
---are not pipes give nil; a failure has its fourth value set.
---@param input? string
---@param timeout? number
---@return string? stdout
---@return string? stderr_or_msg
---@return integer? errno
---@return pyos.subprocess.Error|pyos.OSError? err
function Popen:communicate(input, timeout) end

---Send a signal (through the pidfd); nothing once the child is reaped.
---@param sig integer
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function Popen:send_signal(sig) end

---send_signal(SIGTERM)
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function Popen:terminate() end

---send_signal(SIGKILL)
---@return true|nil ok
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function Popen:kill() end

---Close the pipes and wait for the child (Lua 5.4's <close> does it).
---@return integer returncode
function Popen:close() end

---Python's subprocess (3.14) over byte strings.
---@class pyos.subprocesslib
---@field PIPE integer -1
---@field STDOUT integer -2
---@field DEVNULL integer -3
local subprocess = {}

---Run the command and wait: a CompletedProcess.
---@param args pyos.subprocess.args
---@param opts? pyos.subprocess.runopts
---@return pyos.subprocess.CompletedProcess|nil cp
---@return string? msg
---@return integer? errno
---@return pyos.subprocess.Error|pyos.OSError? err
function subprocess.run(args, opts) end

---Start the command and return at once.
---@param args pyos.subprocess.args
---@param opts? pyos.subprocess.popenopts
---@return pyos.subprocess.Popen|nil p
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function subprocess.Popen(args, opts) end

---Run the command; its return code.
---@param args pyos.subprocess.args
---@param opts? pyos.subprocess.callopts
---@return integer|nil returncode
---@return string? msg
---@return integer? errno
---@return pyos.subprocess.Error|pyos.OSError? err
function subprocess.call(args, opts) end

---call, raising CalledProcessError for a return code other than 0.
---@param args pyos.subprocess.args
---@param opts? pyos.subprocess.callopts
---@return 0|nil
---@return string? msg
---@return integer? errno
---@return pyos.subprocess.Error|pyos.OSError? err
function subprocess.check_call(args, opts) end

---The command's stdout, raising CalledProcessError for a return code
---other than 0.
---@param args pyos.subprocess.args
---@param opts? pyos.subprocess.runopts
---@return string|nil stdout
---@return string? msg
---@return integer? errno
---@return pyos.subprocess.Error|pyos.OSError? err
function subprocess.check_output(args, opts) end

---Return code and output (stderr included, one final newline removed)
---of a shell command.
---@param cmd string
---@return integer|nil returncode
---@return string output_or_msg
---@return integer? errno
---@return pyos.OSError? err
function subprocess.getstatusoutput(cmd) end

---The output of getstatusoutput.
---@param cmd string
---@return string|nil output
---@return string? msg
---@return integer? errno
---@return pyos.OSError? err
function subprocess.getoutput(cmd) end

---@param args pyos.subprocess.args
---@param returncode integer
---@param stdout? string
---@param stderr? string
---@return pyos.subprocess.CompletedProcess
function subprocess.CompletedProcess(args, returncode, stdout, stderr) end

---@param returncode integer
---@param cmd pyos.subprocess.args
---@param output? string
---@param stderr? string
---@return pyos.subprocess.Error
function subprocess.CalledProcessError(returncode, cmd, output, stderr) end

---@param cmd pyos.subprocess.args
---@param timeout number
---@param output? string
---@param stderr? string
---@return pyos.subprocess.Error
function subprocess.TimeoutExpired(cmd, timeout, output, stderr) end

---@class pyos
---@field subprocess pyos.subprocesslib Python's subprocess; also `require "pyos.subprocess"`.

return subprocess
