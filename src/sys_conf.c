/*
** sys_conf.c: confstr and sysconf with their name tables. Part of
** pyos.sys. The tables are CPython's (posixmodule.c), each name present
** where the platform defines it.
*/
#include "sys_int.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>


/* ---- The name tables ----------------------------------------------------- */

static const pyos_Const confstr_names[] = {
#ifdef _CS_ARCHITECTURE
  {"CS_ARCHITECTURE", _CS_ARCHITECTURE},
#endif
#ifdef _CS_GNU_LIBC_VERSION
  {"CS_GNU_LIBC_VERSION", _CS_GNU_LIBC_VERSION},
#endif
#ifdef _CS_GNU_LIBPTHREAD_VERSION
  {"CS_GNU_LIBPTHREAD_VERSION", _CS_GNU_LIBPTHREAD_VERSION},
#endif
#ifdef _CS_HOSTNAME
  {"CS_HOSTNAME", _CS_HOSTNAME},
#endif
#ifdef _CS_HW_PROVIDER
  {"CS_HW_PROVIDER", _CS_HW_PROVIDER},
#endif
#ifdef _CS_HW_SERIAL
  {"CS_HW_SERIAL", _CS_HW_SERIAL},
#endif
#ifdef _CS_INITTAB_NAME
  {"CS_INITTAB_NAME", _CS_INITTAB_NAME},
#endif
#ifdef _CS_LFS64_CFLAGS
  {"CS_LFS64_CFLAGS", _CS_LFS64_CFLAGS},
#endif
#ifdef _CS_LFS64_LDFLAGS
  {"CS_LFS64_LDFLAGS", _CS_LFS64_LDFLAGS},
#endif
#ifdef _CS_LFS64_LIBS
  {"CS_LFS64_LIBS", _CS_LFS64_LIBS},
#endif
#ifdef _CS_LFS64_LINTFLAGS
  {"CS_LFS64_LINTFLAGS", _CS_LFS64_LINTFLAGS},
#endif
#ifdef _CS_LFS_CFLAGS
  {"CS_LFS_CFLAGS", _CS_LFS_CFLAGS},
#endif
#ifdef _CS_LFS_LDFLAGS
  {"CS_LFS_LDFLAGS", _CS_LFS_LDFLAGS},
#endif
#ifdef _CS_LFS_LIBS
  {"CS_LFS_LIBS", _CS_LFS_LIBS},
#endif
#ifdef _CS_LFS_LINTFLAGS
  {"CS_LFS_LINTFLAGS", _CS_LFS_LINTFLAGS},
#endif
#ifdef _CS_MACHINE
  {"CS_MACHINE", _CS_MACHINE},
#endif
#ifdef _CS_PATH
  {"CS_PATH", _CS_PATH},
#endif
#ifdef _CS_RELEASE
  {"CS_RELEASE", _CS_RELEASE},
#endif
#ifdef _CS_SRPC_DOMAIN
  {"CS_SRPC_DOMAIN", _CS_SRPC_DOMAIN},
#endif
#ifdef _CS_SYSNAME
  {"CS_SYSNAME", _CS_SYSNAME},
#endif
#ifdef _CS_VERSION
  {"CS_VERSION", _CS_VERSION},
#endif
#ifdef _CS_XBS5_ILP32_OFF32_CFLAGS
  {"CS_XBS5_ILP32_OFF32_CFLAGS", _CS_XBS5_ILP32_OFF32_CFLAGS},
#endif
#ifdef _CS_XBS5_ILP32_OFF32_LDFLAGS
  {"CS_XBS5_ILP32_OFF32_LDFLAGS", _CS_XBS5_ILP32_OFF32_LDFLAGS},
#endif
#ifdef _CS_XBS5_ILP32_OFF32_LIBS
  {"CS_XBS5_ILP32_OFF32_LIBS", _CS_XBS5_ILP32_OFF32_LIBS},
#endif
#ifdef _CS_XBS5_ILP32_OFF32_LINTFLAGS
  {"CS_XBS5_ILP32_OFF32_LINTFLAGS", _CS_XBS5_ILP32_OFF32_LINTFLAGS},
#endif
#ifdef _CS_XBS5_ILP32_OFFBIG_CFLAGS
  {"CS_XBS5_ILP32_OFFBIG_CFLAGS", _CS_XBS5_ILP32_OFFBIG_CFLAGS},
#endif
#ifdef _CS_XBS5_ILP32_OFFBIG_LDFLAGS
  {"CS_XBS5_ILP32_OFFBIG_LDFLAGS", _CS_XBS5_ILP32_OFFBIG_LDFLAGS},
#endif
#ifdef _CS_XBS5_ILP32_OFFBIG_LIBS
  {"CS_XBS5_ILP32_OFFBIG_LIBS", _CS_XBS5_ILP32_OFFBIG_LIBS},
#endif
#ifdef _CS_XBS5_ILP32_OFFBIG_LINTFLAGS
  {"CS_XBS5_ILP32_OFFBIG_LINTFLAGS", _CS_XBS5_ILP32_OFFBIG_LINTFLAGS},
#endif
#ifdef _CS_XBS5_LP64_OFF64_CFLAGS
  {"CS_XBS5_LP64_OFF64_CFLAGS", _CS_XBS5_LP64_OFF64_CFLAGS},
#endif
#ifdef _CS_XBS5_LP64_OFF64_LDFLAGS
  {"CS_XBS5_LP64_OFF64_LDFLAGS", _CS_XBS5_LP64_OFF64_LDFLAGS},
#endif
#ifdef _CS_XBS5_LP64_OFF64_LIBS
  {"CS_XBS5_LP64_OFF64_LIBS", _CS_XBS5_LP64_OFF64_LIBS},
#endif
#ifdef _CS_XBS5_LP64_OFF64_LINTFLAGS
  {"CS_XBS5_LP64_OFF64_LINTFLAGS", _CS_XBS5_LP64_OFF64_LINTFLAGS},
#endif
#ifdef _CS_XBS5_LPBIG_OFFBIG_CFLAGS
  {"CS_XBS5_LPBIG_OFFBIG_CFLAGS", _CS_XBS5_LPBIG_OFFBIG_CFLAGS},
#endif
#ifdef _CS_XBS5_LPBIG_OFFBIG_LDFLAGS
  {"CS_XBS5_LPBIG_OFFBIG_LDFLAGS", _CS_XBS5_LPBIG_OFFBIG_LDFLAGS},
#endif
#ifdef _CS_XBS5_LPBIG_OFFBIG_LIBS
  {"CS_XBS5_LPBIG_OFFBIG_LIBS", _CS_XBS5_LPBIG_OFFBIG_LIBS},
#endif
#ifdef _CS_XBS5_LPBIG_OFFBIG_LINTFLAGS
  {"CS_XBS5_LPBIG_OFFBIG_LINTFLAGS", _CS_XBS5_LPBIG_OFFBIG_LINTFLAGS},
#endif
#ifdef _MIPS_CS_AVAIL_PROCESSORS
  {"MIPS_CS_AVAIL_PROCESSORS", _MIPS_CS_AVAIL_PROCESSORS},
#endif
#ifdef _MIPS_CS_BASE
  {"MIPS_CS_BASE", _MIPS_CS_BASE},
#endif
#ifdef _MIPS_CS_HOSTID
  {"MIPS_CS_HOSTID", _MIPS_CS_HOSTID},
#endif
#ifdef _MIPS_CS_HW_NAME
  {"MIPS_CS_HW_NAME", _MIPS_CS_HW_NAME},
#endif
#ifdef _MIPS_CS_NUM_PROCESSORS
  {"MIPS_CS_NUM_PROCESSORS", _MIPS_CS_NUM_PROCESSORS},
#endif
#ifdef _MIPS_CS_OSREL_MAJ
  {"MIPS_CS_OSREL_MAJ", _MIPS_CS_OSREL_MAJ},
#endif
#ifdef _MIPS_CS_OSREL_MIN
  {"MIPS_CS_OSREL_MIN", _MIPS_CS_OSREL_MIN},
#endif
#ifdef _MIPS_CS_OSREL_PATCH
  {"MIPS_CS_OSREL_PATCH", _MIPS_CS_OSREL_PATCH},
#endif
#ifdef _MIPS_CS_OS_NAME
  {"MIPS_CS_OS_NAME", _MIPS_CS_OS_NAME},
#endif
#ifdef _MIPS_CS_OS_PROVIDER
  {"MIPS_CS_OS_PROVIDER", _MIPS_CS_OS_PROVIDER},
#endif
#ifdef _MIPS_CS_PROCESSORS
  {"MIPS_CS_PROCESSORS", _MIPS_CS_PROCESSORS},
#endif
#ifdef _MIPS_CS_SERIAL
  {"MIPS_CS_SERIAL", _MIPS_CS_SERIAL},
#endif
#ifdef _MIPS_CS_VENDOR
  {"MIPS_CS_VENDOR", _MIPS_CS_VENDOR},
#endif
  {NULL, 0}
};

static const pyos_Const sysconf_names[] = {
#ifdef _SC_2_CHAR_TERM
  {"SC_2_CHAR_TERM", _SC_2_CHAR_TERM},
#endif
#ifdef _SC_2_C_BIND
  {"SC_2_C_BIND", _SC_2_C_BIND},
#endif
#ifdef _SC_2_C_DEV
  {"SC_2_C_DEV", _SC_2_C_DEV},
#endif
#ifdef _SC_2_C_VERSION
  {"SC_2_C_VERSION", _SC_2_C_VERSION},
#endif
#ifdef _SC_2_FORT_DEV
  {"SC_2_FORT_DEV", _SC_2_FORT_DEV},
#endif
#ifdef _SC_2_FORT_RUN
  {"SC_2_FORT_RUN", _SC_2_FORT_RUN},
#endif
#ifdef _SC_2_LOCALEDEF
  {"SC_2_LOCALEDEF", _SC_2_LOCALEDEF},
#endif
#ifdef _SC_2_SW_DEV
  {"SC_2_SW_DEV", _SC_2_SW_DEV},
#endif
#ifdef _SC_2_UPE
  {"SC_2_UPE", _SC_2_UPE},
#endif
#ifdef _SC_2_VERSION
  {"SC_2_VERSION", _SC_2_VERSION},
#endif
#ifdef _SC_ABI_ASYNCHRONOUS_IO
  {"SC_ABI_ASYNCHRONOUS_IO", _SC_ABI_ASYNCHRONOUS_IO},
#endif
#ifdef _SC_ACL
  {"SC_ACL", _SC_ACL},
#endif
#ifdef _SC_AIO_LISTIO_MAX
  {"SC_AIO_LISTIO_MAX", _SC_AIO_LISTIO_MAX},
#endif
#ifdef _SC_AIO_MAX
  {"SC_AIO_MAX", _SC_AIO_MAX},
#endif
#ifdef _SC_AIO_PRIO_DELTA_MAX
  {"SC_AIO_PRIO_DELTA_MAX", _SC_AIO_PRIO_DELTA_MAX},
#endif
#ifdef _SC_ARG_MAX
  {"SC_ARG_MAX", _SC_ARG_MAX},
#endif
#ifdef _SC_ASYNCHRONOUS_IO
  {"SC_ASYNCHRONOUS_IO", _SC_ASYNCHRONOUS_IO},
#endif
#ifdef _SC_ATEXIT_MAX
  {"SC_ATEXIT_MAX", _SC_ATEXIT_MAX},
#endif
#ifdef _SC_AUDIT
  {"SC_AUDIT", _SC_AUDIT},
#endif
#ifdef _SC_AVPHYS_PAGES
  {"SC_AVPHYS_PAGES", _SC_AVPHYS_PAGES},
#endif
#ifdef _SC_BC_BASE_MAX
  {"SC_BC_BASE_MAX", _SC_BC_BASE_MAX},
#endif
#ifdef _SC_BC_DIM_MAX
  {"SC_BC_DIM_MAX", _SC_BC_DIM_MAX},
#endif
#ifdef _SC_BC_SCALE_MAX
  {"SC_BC_SCALE_MAX", _SC_BC_SCALE_MAX},
#endif
#ifdef _SC_BC_STRING_MAX
  {"SC_BC_STRING_MAX", _SC_BC_STRING_MAX},
#endif
#ifdef _SC_CAP
  {"SC_CAP", _SC_CAP},
#endif
#ifdef _SC_CHARCLASS_NAME_MAX
  {"SC_CHARCLASS_NAME_MAX", _SC_CHARCLASS_NAME_MAX},
#endif
#ifdef _SC_CHAR_BIT
  {"SC_CHAR_BIT", _SC_CHAR_BIT},
#endif
#ifdef _SC_CHAR_MAX
  {"SC_CHAR_MAX", _SC_CHAR_MAX},
#endif
#ifdef _SC_CHAR_MIN
  {"SC_CHAR_MIN", _SC_CHAR_MIN},
#endif
#ifdef _SC_CHILD_MAX
  {"SC_CHILD_MAX", _SC_CHILD_MAX},
#endif
#ifdef _SC_CLK_TCK
  {"SC_CLK_TCK", _SC_CLK_TCK},
#endif
#ifdef _SC_COHER_BLKSZ
  {"SC_COHER_BLKSZ", _SC_COHER_BLKSZ},
#endif
#ifdef _SC_COLL_WEIGHTS_MAX
  {"SC_COLL_WEIGHTS_MAX", _SC_COLL_WEIGHTS_MAX},
#endif
#ifdef _SC_DCACHE_ASSOC
  {"SC_DCACHE_ASSOC", _SC_DCACHE_ASSOC},
#endif
#ifdef _SC_DCACHE_BLKSZ
  {"SC_DCACHE_BLKSZ", _SC_DCACHE_BLKSZ},
#endif
#ifdef _SC_DCACHE_LINESZ
  {"SC_DCACHE_LINESZ", _SC_DCACHE_LINESZ},
#endif
#ifdef _SC_DCACHE_SZ
  {"SC_DCACHE_SZ", _SC_DCACHE_SZ},
#endif
#ifdef _SC_DCACHE_TBLKSZ
  {"SC_DCACHE_TBLKSZ", _SC_DCACHE_TBLKSZ},
#endif
#ifdef _SC_DELAYTIMER_MAX
  {"SC_DELAYTIMER_MAX", _SC_DELAYTIMER_MAX},
#endif
#ifdef _SC_EQUIV_CLASS_MAX
  {"SC_EQUIV_CLASS_MAX", _SC_EQUIV_CLASS_MAX},
#endif
#ifdef _SC_EXPR_NEST_MAX
  {"SC_EXPR_NEST_MAX", _SC_EXPR_NEST_MAX},
#endif
#ifdef _SC_FSYNC
  {"SC_FSYNC", _SC_FSYNC},
#endif
#ifdef _SC_GETGR_R_SIZE_MAX
  {"SC_GETGR_R_SIZE_MAX", _SC_GETGR_R_SIZE_MAX},
#endif
#ifdef _SC_GETPW_R_SIZE_MAX
  {"SC_GETPW_R_SIZE_MAX", _SC_GETPW_R_SIZE_MAX},
#endif
#ifdef _SC_ICACHE_ASSOC
  {"SC_ICACHE_ASSOC", _SC_ICACHE_ASSOC},
#endif
#ifdef _SC_ICACHE_BLKSZ
  {"SC_ICACHE_BLKSZ", _SC_ICACHE_BLKSZ},
#endif
#ifdef _SC_ICACHE_LINESZ
  {"SC_ICACHE_LINESZ", _SC_ICACHE_LINESZ},
#endif
#ifdef _SC_ICACHE_SZ
  {"SC_ICACHE_SZ", _SC_ICACHE_SZ},
#endif
#ifdef _SC_INF
  {"SC_INF", _SC_INF},
#endif
#ifdef _SC_INT_MAX
  {"SC_INT_MAX", _SC_INT_MAX},
#endif
#ifdef _SC_INT_MIN
  {"SC_INT_MIN", _SC_INT_MIN},
#endif
#ifdef _SC_IOV_MAX
  {"SC_IOV_MAX", _SC_IOV_MAX},
#endif
#ifdef _SC_IP_SECOPTS
  {"SC_IP_SECOPTS", _SC_IP_SECOPTS},
#endif
#ifdef _SC_JOB_CONTROL
  {"SC_JOB_CONTROL", _SC_JOB_CONTROL},
#endif
#ifdef _SC_KERN_POINTERS
  {"SC_KERN_POINTERS", _SC_KERN_POINTERS},
#endif
#ifdef _SC_KERN_SIM
  {"SC_KERN_SIM", _SC_KERN_SIM},
#endif
#ifdef _SC_LINE_MAX
  {"SC_LINE_MAX", _SC_LINE_MAX},
#endif
#ifdef _SC_LOGIN_NAME_MAX
  {"SC_LOGIN_NAME_MAX", _SC_LOGIN_NAME_MAX},
#endif
#ifdef _SC_LOGNAME_MAX
  {"SC_LOGNAME_MAX", _SC_LOGNAME_MAX},
#endif
#ifdef _SC_LONG_BIT
  {"SC_LONG_BIT", _SC_LONG_BIT},
#endif
#ifdef _SC_MAC
  {"SC_MAC", _SC_MAC},
#endif
#ifdef _SC_MAPPED_FILES
  {"SC_MAPPED_FILES", _SC_MAPPED_FILES},
#endif
#ifdef _SC_MAXPID
  {"SC_MAXPID", _SC_MAXPID},
#endif
#ifdef _SC_MB_LEN_MAX
  {"SC_MB_LEN_MAX", _SC_MB_LEN_MAX},
#endif
#ifdef _SC_MEMLOCK
  {"SC_MEMLOCK", _SC_MEMLOCK},
#endif
#ifdef _SC_MEMLOCK_RANGE
  {"SC_MEMLOCK_RANGE", _SC_MEMLOCK_RANGE},
#endif
#ifdef _SC_MEMORY_PROTECTION
  {"SC_MEMORY_PROTECTION", _SC_MEMORY_PROTECTION},
#endif
#ifdef _SC_MESSAGE_PASSING
  {"SC_MESSAGE_PASSING", _SC_MESSAGE_PASSING},
#endif
#ifdef _SC_MMAP_FIXED_ALIGNMENT
  {"SC_MMAP_FIXED_ALIGNMENT", _SC_MMAP_FIXED_ALIGNMENT},
#endif
#ifdef _SC_MQ_OPEN_MAX
  {"SC_MQ_OPEN_MAX", _SC_MQ_OPEN_MAX},
#endif
#ifdef _SC_MQ_PRIO_MAX
  {"SC_MQ_PRIO_MAX", _SC_MQ_PRIO_MAX},
#endif
#ifdef _SC_NACLS_MAX
  {"SC_NACLS_MAX", _SC_NACLS_MAX},
#endif
#ifdef _SC_NGROUPS_MAX
  {"SC_NGROUPS_MAX", _SC_NGROUPS_MAX},
#endif
#ifdef _SC_NL_ARGMAX
  {"SC_NL_ARGMAX", _SC_NL_ARGMAX},
#endif
#ifdef _SC_NL_LANGMAX
  {"SC_NL_LANGMAX", _SC_NL_LANGMAX},
#endif
#ifdef _SC_NL_MSGMAX
  {"SC_NL_MSGMAX", _SC_NL_MSGMAX},
#endif
#ifdef _SC_NL_NMAX
  {"SC_NL_NMAX", _SC_NL_NMAX},
#endif
#ifdef _SC_NL_SETMAX
  {"SC_NL_SETMAX", _SC_NL_SETMAX},
#endif
#ifdef _SC_NL_TEXTMAX
  {"SC_NL_TEXTMAX", _SC_NL_TEXTMAX},
#endif
#ifdef _SC_NPROCESSORS_CONF
  {"SC_NPROCESSORS_CONF", _SC_NPROCESSORS_CONF},
#endif
#ifdef _SC_NPROCESSORS_ONLN
  {"SC_NPROCESSORS_ONLN", _SC_NPROCESSORS_ONLN},
#endif
#ifdef _SC_NPROC_CONF
  {"SC_NPROC_CONF", _SC_NPROC_CONF},
#endif
#ifdef _SC_NPROC_ONLN
  {"SC_NPROC_ONLN", _SC_NPROC_ONLN},
#endif
#ifdef _SC_NZERO
  {"SC_NZERO", _SC_NZERO},
#endif
#ifdef _SC_OPEN_MAX
  {"SC_OPEN_MAX", _SC_OPEN_MAX},
#endif
#ifdef _SC_PAGESIZE
  {"SC_PAGESIZE", _SC_PAGESIZE},
#endif
#ifdef _SC_PAGE_SIZE
  {"SC_PAGE_SIZE", _SC_PAGE_SIZE},
#endif
#ifdef _SC_AIX_REALMEM
  {"SC_AIX_REALMEM", _SC_AIX_REALMEM},
#endif
#ifdef _SC_PASS_MAX
  {"SC_PASS_MAX", _SC_PASS_MAX},
#endif
#ifdef _SC_PHYS_PAGES
  {"SC_PHYS_PAGES", _SC_PHYS_PAGES},
#endif
#ifdef _SC_PII
  {"SC_PII", _SC_PII},
#endif
#ifdef _SC_PII_INTERNET
  {"SC_PII_INTERNET", _SC_PII_INTERNET},
#endif
#ifdef _SC_PII_INTERNET_DGRAM
  {"SC_PII_INTERNET_DGRAM", _SC_PII_INTERNET_DGRAM},
#endif
#ifdef _SC_PII_INTERNET_STREAM
  {"SC_PII_INTERNET_STREAM", _SC_PII_INTERNET_STREAM},
#endif
#ifdef _SC_PII_OSI
  {"SC_PII_OSI", _SC_PII_OSI},
#endif
#ifdef _SC_PII_OSI_CLTS
  {"SC_PII_OSI_CLTS", _SC_PII_OSI_CLTS},
#endif
#ifdef _SC_PII_OSI_COTS
  {"SC_PII_OSI_COTS", _SC_PII_OSI_COTS},
#endif
#ifdef _SC_PII_OSI_M
  {"SC_PII_OSI_M", _SC_PII_OSI_M},
#endif
#ifdef _SC_PII_SOCKET
  {"SC_PII_SOCKET", _SC_PII_SOCKET},
#endif
#ifdef _SC_PII_XTI
  {"SC_PII_XTI", _SC_PII_XTI},
#endif
#ifdef _SC_POLL
  {"SC_POLL", _SC_POLL},
#endif
#ifdef _SC_PRIORITIZED_IO
  {"SC_PRIORITIZED_IO", _SC_PRIORITIZED_IO},
#endif
#ifdef _SC_PRIORITY_SCHEDULING
  {"SC_PRIORITY_SCHEDULING", _SC_PRIORITY_SCHEDULING},
#endif
#ifdef _SC_REALTIME_SIGNALS
  {"SC_REALTIME_SIGNALS", _SC_REALTIME_SIGNALS},
#endif
#ifdef _SC_RE_DUP_MAX
  {"SC_RE_DUP_MAX", _SC_RE_DUP_MAX},
#endif
#ifdef _SC_RTSIG_MAX
  {"SC_RTSIG_MAX", _SC_RTSIG_MAX},
#endif
#ifdef _SC_SAVED_IDS
  {"SC_SAVED_IDS", _SC_SAVED_IDS},
#endif
#ifdef _SC_SCHAR_MAX
  {"SC_SCHAR_MAX", _SC_SCHAR_MAX},
#endif
#ifdef _SC_SCHAR_MIN
  {"SC_SCHAR_MIN", _SC_SCHAR_MIN},
#endif
#ifdef _SC_SELECT
  {"SC_SELECT", _SC_SELECT},
#endif
#ifdef _SC_SEMAPHORES
  {"SC_SEMAPHORES", _SC_SEMAPHORES},
#endif
#ifdef _SC_SEM_NSEMS_MAX
  {"SC_SEM_NSEMS_MAX", _SC_SEM_NSEMS_MAX},
#endif
#ifdef _SC_SEM_VALUE_MAX
  {"SC_SEM_VALUE_MAX", _SC_SEM_VALUE_MAX},
#endif
#ifdef _SC_SHARED_MEMORY_OBJECTS
  {"SC_SHARED_MEMORY_OBJECTS", _SC_SHARED_MEMORY_OBJECTS},
#endif
#ifdef _SC_SHRT_MAX
  {"SC_SHRT_MAX", _SC_SHRT_MAX},
#endif
#ifdef _SC_SHRT_MIN
  {"SC_SHRT_MIN", _SC_SHRT_MIN},
#endif
#ifdef _SC_SIGQUEUE_MAX
  {"SC_SIGQUEUE_MAX", _SC_SIGQUEUE_MAX},
#endif
#ifdef _SC_SIGRT_MAX
  {"SC_SIGRT_MAX", _SC_SIGRT_MAX},
#endif
#ifdef _SC_SIGRT_MIN
  {"SC_SIGRT_MIN", _SC_SIGRT_MIN},
#endif
#ifdef _SC_SOFTPOWER
  {"SC_SOFTPOWER", _SC_SOFTPOWER},
#endif
#ifdef _SC_SPLIT_CACHE
  {"SC_SPLIT_CACHE", _SC_SPLIT_CACHE},
#endif
#ifdef _SC_SSIZE_MAX
  {"SC_SSIZE_MAX", _SC_SSIZE_MAX},
#endif
#ifdef _SC_STACK_PROT
  {"SC_STACK_PROT", _SC_STACK_PROT},
#endif
#ifdef _SC_STREAM_MAX
  {"SC_STREAM_MAX", _SC_STREAM_MAX},
#endif
#ifdef _SC_SYNCHRONIZED_IO
  {"SC_SYNCHRONIZED_IO", _SC_SYNCHRONIZED_IO},
#endif
#ifdef _SC_THREADS
  {"SC_THREADS", _SC_THREADS},
#endif
#ifdef _SC_THREAD_ATTR_STACKADDR
  {"SC_THREAD_ATTR_STACKADDR", _SC_THREAD_ATTR_STACKADDR},
#endif
#ifdef _SC_THREAD_ATTR_STACKSIZE
  {"SC_THREAD_ATTR_STACKSIZE", _SC_THREAD_ATTR_STACKSIZE},
#endif
#ifdef _SC_THREAD_DESTRUCTOR_ITERATIONS
  {"SC_THREAD_DESTRUCTOR_ITERATIONS", _SC_THREAD_DESTRUCTOR_ITERATIONS},
#endif
#ifdef _SC_THREAD_KEYS_MAX
  {"SC_THREAD_KEYS_MAX", _SC_THREAD_KEYS_MAX},
#endif
#ifdef _SC_THREAD_PRIORITY_SCHEDULING
  {"SC_THREAD_PRIORITY_SCHEDULING", _SC_THREAD_PRIORITY_SCHEDULING},
#endif
#ifdef _SC_THREAD_PRIO_INHERIT
  {"SC_THREAD_PRIO_INHERIT", _SC_THREAD_PRIO_INHERIT},
#endif
#ifdef _SC_THREAD_PRIO_PROTECT
  {"SC_THREAD_PRIO_PROTECT", _SC_THREAD_PRIO_PROTECT},
#endif
#ifdef _SC_THREAD_PROCESS_SHARED
  {"SC_THREAD_PROCESS_SHARED", _SC_THREAD_PROCESS_SHARED},
#endif
#ifdef _SC_THREAD_SAFE_FUNCTIONS
  {"SC_THREAD_SAFE_FUNCTIONS", _SC_THREAD_SAFE_FUNCTIONS},
#endif
#ifdef _SC_THREAD_STACK_MIN
  {"SC_THREAD_STACK_MIN", _SC_THREAD_STACK_MIN},
#endif
#ifdef _SC_THREAD_THREADS_MAX
  {"SC_THREAD_THREADS_MAX", _SC_THREAD_THREADS_MAX},
#endif
#ifdef _SC_TIMERS
  {"SC_TIMERS", _SC_TIMERS},
#endif
#ifdef _SC_TIMER_MAX
  {"SC_TIMER_MAX", _SC_TIMER_MAX},
#endif
#ifdef _SC_TTY_NAME_MAX
  {"SC_TTY_NAME_MAX", _SC_TTY_NAME_MAX},
#endif
#ifdef _SC_TZNAME_MAX
  {"SC_TZNAME_MAX", _SC_TZNAME_MAX},
#endif
#ifdef _SC_T_IOV_MAX
  {"SC_T_IOV_MAX", _SC_T_IOV_MAX},
#endif
#ifdef _SC_UCHAR_MAX
  {"SC_UCHAR_MAX", _SC_UCHAR_MAX},
#endif
#ifdef _SC_UINT_MAX
  {"SC_UINT_MAX", _SC_UINT_MAX},
#endif
#ifdef _SC_UIO_MAXIOV
  {"SC_UIO_MAXIOV", _SC_UIO_MAXIOV},
#endif
#ifdef _SC_ULONG_MAX
  {"SC_ULONG_MAX", _SC_ULONG_MAX},
#endif
#ifdef _SC_USHRT_MAX
  {"SC_USHRT_MAX", _SC_USHRT_MAX},
#endif
#ifdef _SC_VERSION
  {"SC_VERSION", _SC_VERSION},
#endif
#ifdef _SC_WORD_BIT
  {"SC_WORD_BIT", _SC_WORD_BIT},
#endif
#ifdef _SC_XBS5_ILP32_OFF32
  {"SC_XBS5_ILP32_OFF32", _SC_XBS5_ILP32_OFF32},
#endif
#ifdef _SC_XBS5_ILP32_OFFBIG
  {"SC_XBS5_ILP32_OFFBIG", _SC_XBS5_ILP32_OFFBIG},
#endif
#ifdef _SC_XBS5_LP64_OFF64
  {"SC_XBS5_LP64_OFF64", _SC_XBS5_LP64_OFF64},
#endif
#ifdef _SC_XBS5_LPBIG_OFFBIG
  {"SC_XBS5_LPBIG_OFFBIG", _SC_XBS5_LPBIG_OFFBIG},
#endif
#ifdef _SC_XOPEN_CRYPT
  {"SC_XOPEN_CRYPT", _SC_XOPEN_CRYPT},
#endif
#ifdef _SC_XOPEN_ENH_I18N
  {"SC_XOPEN_ENH_I18N", _SC_XOPEN_ENH_I18N},
#endif
#ifdef _SC_XOPEN_LEGACY
  {"SC_XOPEN_LEGACY", _SC_XOPEN_LEGACY},
#endif
#ifdef _SC_XOPEN_REALTIME
  {"SC_XOPEN_REALTIME", _SC_XOPEN_REALTIME},
#endif
#ifdef _SC_XOPEN_REALTIME_THREADS
  {"SC_XOPEN_REALTIME_THREADS", _SC_XOPEN_REALTIME_THREADS},
#endif
#ifdef _SC_XOPEN_SHM
  {"SC_XOPEN_SHM", _SC_XOPEN_SHM},
#endif
#ifdef _SC_XOPEN_UNIX
  {"SC_XOPEN_UNIX", _SC_XOPEN_UNIX},
#endif
#ifdef _SC_XOPEN_VERSION
  {"SC_XOPEN_VERSION", _SC_XOPEN_VERSION},
#endif
#ifdef _SC_XOPEN_XCU_VERSION
  {"SC_XOPEN_XCU_VERSION", _SC_XOPEN_XCU_VERSION},
#endif
#ifdef _SC_XOPEN_XPG2
  {"SC_XOPEN_XPG2", _SC_XOPEN_XPG2},
#endif
#ifdef _SC_XOPEN_XPG3
  {"SC_XOPEN_XPG3", _SC_XOPEN_XPG3},
#endif
#ifdef _SC_XOPEN_XPG4
  {"SC_XOPEN_XPG4", _SC_XOPEN_XPG4},
#endif
#ifdef _SC_MINSIGSTKSZ
  {"SC_MINSIGSTKSZ", _SC_MINSIGSTKSZ},
#endif
  {NULL, 0}
};


/* ---- confstr, sysconf ------------------------------------------------------ */


/* confstr(name) -> string, or nil when the name has no value (Python's
** None). The buffer is sized by asking first. */
static int sys_confstr (lua_State *L) {
  char small[256];
  size_t len, len2;
  char *buf;
  int name;
  pyos_checknargs(L, 1);
  name = pyos_checkconfname(L, 1, lua_upvalueindex(1));
  errno = 0;
  len = confstr(name, small, sizeof small);
  if (len == 0) {
    if (errno != 0)
      return pyos_pusherror(L, errno, 0, 0);
    lua_pushnil(L);
    return 1;
  }
  if (len <= sizeof small) {
    lua_pushlstring(L, small, len - 1);
    return 1;
  }
  buf = (char *)pyos_newuserdata(L, len);
  len2 = confstr(name, buf, len);
  lua_pushlstring(L, buf, (len2 < len ? len2 : len) - 1);
  return 1;
}

/* sysconf(name) -> integer (-1 for "no limit", as in Python). */
static int sys_sysconf (lua_State *L) {
  long r;
  int name;
  pyos_checknargs(L, 1);
  name = pyos_checkconfname(L, 1, lua_upvalueindex(1));
  errno = 0;
  r = sysconf(name);
  if (r == -1 && errno != 0)
    return pyos_pusherror(L, errno, 0, 0);
  pyos_pushint(L, r);
  return 1;
}

/* Push a new table of the names. */
static void pushnames (lua_State *L, const pyos_Const *names) {
  lua_newtable(L);
  pyos_setconsts(L, names);
}

/* Set field fname (the function, with a private copy of names as its
** upvalue) and field tname (a public copy) of the table at -1. */
static void addconf (lua_State *L, const char *fname, lua_CFunction f,
                     const char *tname, const pyos_Const *names) {
  pushnames(L, names);
  lua_pushcclosure(L, f, 1);
  lua_setfield(L, -2, fname);
  pushnames(L, names);
  lua_setfield(L, -2, tname);
}

void pyos_sys_openconf (lua_State *L) {
  addconf(L, "confstr", sys_confstr, "confstr_names", confstr_names);
  addconf(L, "sysconf", sys_sysconf, "sysconf_names", sysconf_names);
}
