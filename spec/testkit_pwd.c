/*
** testkit_pwd.c: an LD_PRELOAD shim for spec/pwd_spec.lua, never part of
** pyos. The pwd/grp _r calls answer as the variable PYOS_PWFAKE says, so
** that the specs reach the error and buffer-growth paths without touching
** the machine's /etc/passwd or /etc/group:
**   eio       every call fails with EIO
**   enoent    every look-up answers ENOENT (a POSIX form of "not found")
**   erange    every call answers ERANGE, whatever the buffer
**   grow:N    ERANGE while the buffer is shorter than N bytes, then the
**             real answer
**   big:N     the real answer, with a gecos (pw_gecos) of N 'g' bytes, and
**             N members "m1".."mN" (gr_mem) for groups; ERANGE while they
**             do not fit
** Unset: the real calls. Not a Lua module (no luaopen): it is built by the
** Makefile's testkit rule only to sit next to the others.
*/
#include <dlfcn.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The build hides every symbol (-fvisibility=hidden): these must show. */
#define SHIM  __attribute__((visibility("default")))

enum { REAL, EIO_, ENOENT_, ERANGE_, GROW, BIG };

static int mode (size_t *n) {
  const char *m = getenv("PYOS_PWFAKE");
  *n = 0;
  if (m == NULL || *m == '\0') return REAL;
  if (strcmp(m, "eio") == 0) return EIO_;
  if (strcmp(m, "enoent") == 0) return ENOENT_;
  if (strcmp(m, "erange") == 0) return ERANGE_;
  if (strncmp(m, "grow:", 5) == 0) { *n = strtoul(m + 5, NULL, 10); return GROW; }
  if (strncmp(m, "big:", 4) == 0) { *n = strtoul(m + 4, NULL, 10); return BIG; }
  return REAL;
}

/* The answer before the real call: 0 to make it, else the error; *size
** is what the real call may use (BIG keeps the tail for itself). */
static int before (size_t buflen, size_t need, int lookup, size_t *size) {
  size_t n;
  int m = mode(&n);
  *size = buflen;
  switch (m) {
    case EIO_: return EIO;
    case ENOENT_: return lookup ? ENOENT : 0;
    case ERANGE_: return ERANGE;
    case GROW: return buflen < n ? ERANGE : 0;
    case BIG:
      if (buflen < need + 1024) return ERANGE;
      *size = buflen - need;
      return 0;
    default: return 0;
  }
}

static size_t bigsize (void) {
  size_t n;
  return mode(&n) == BIG ? n : 0;
}

/* The bytes big:N's members take: pointers (aligned) and "mI\0" each. */
static size_t memsize (size_t n) {
  size_t i, s = (n + 1) * sizeof(char *) + sizeof(char *);
  for (i = 1; i <= n; i++) {
    char tmp[32];
    s += (size_t)snprintf(tmp, sizeof tmp, "m%zu", i) + 1;
  }
  return s;
}

static void biggecos (struct passwd *pw, char *tail, size_t n) {
  memset(tail, 'g', n);
  tail[n] = '\0';
  pw->pw_gecos = tail;
}

static void bigmembers (struct group *gr, char *tail, size_t n) {
  uintptr_t a = ((uintptr_t)tail + sizeof(char *) - 1) & ~(uintptr_t)(sizeof(char *) - 1);
  char **v = (char **)a;
  char *s = (char *)(v + n + 1);
  size_t i;
  for (i = 1; i <= n; i++) {
    v[i - 1] = s;
    s += sprintf(s, "m%zu", i) + 1;
  }
  v[n] = NULL;
  gr->gr_mem = v;
}

#define REALFN(name, type) \
  static type real = NULL; \
  if (real == NULL) real = (type)dlsym(RTLD_NEXT, name)

typedef int (*pwnam_t)(const char *, struct passwd *, char *, size_t, struct passwd **);
typedef int (*pwuid_t)(uid_t, struct passwd *, char *, size_t, struct passwd **);
typedef int (*pwent_t)(struct passwd *, char *, size_t, struct passwd **);
typedef int (*grnam_t)(const char *, struct group *, char *, size_t, struct group **);
typedef int (*grgid_t)(gid_t, struct group *, char *, size_t, struct group **);
typedef int (*grent_t)(struct group *, char *, size_t, struct group **);

/* After a real passwd call: the big gecos, when asked. */
static int afterpw (int r, struct passwd **res, char *buf, size_t size) {
  size_t n = bigsize();
  if (r == 0 && *res != NULL && n > 0)
    biggecos(*res, buf + size, n);
  return r;
}

static int aftergr (int r, struct group **res, char *buf, size_t size) {
  size_t n = bigsize();
  if (r == 0 && *res != NULL && n > 0)
    bigmembers(*res, buf + size, n);
  return r;
}

SHIM int getpwnam_r (const char *name, struct passwd *pw, char *buf, size_t len,
                struct passwd **res) {
  size_t size;
  int e = before(len, bigsize() + 1, 1, &size);
  REALFN("getpwnam_r", pwnam_t);
  *res = NULL;
  if (e != 0) return e;
  return afterpw(real(name, pw, buf, size, res), res, buf, size);
}

SHIM int getpwuid_r (uid_t uid, struct passwd *pw, char *buf, size_t len,
                struct passwd **res) {
  size_t size;
  int e = before(len, bigsize() + 1, 1, &size);
  REALFN("getpwuid_r", pwuid_t);
  *res = NULL;
  if (e != 0) return e;
  return afterpw(real(uid, pw, buf, size, res), res, buf, size);
}

SHIM int getpwent_r (struct passwd *pw, char *buf, size_t len, struct passwd **res) {
  size_t size;
  int e = before(len, bigsize() + 1, 0, &size);
  REALFN("getpwent_r", pwent_t);
  *res = NULL;
  if (e != 0) return e;
  return afterpw(real(pw, buf, size, res), res, buf, size);
}

SHIM int getgrnam_r (const char *name, struct group *gr, char *buf, size_t len,
                struct group **res) {
  size_t size;
  int e = before(len, memsize(bigsize()), 1, &size);
  REALFN("getgrnam_r", grnam_t);
  *res = NULL;
  if (e != 0) return e;
  return aftergr(real(name, gr, buf, size, res), res, buf, size);
}

SHIM int getgrgid_r (gid_t gid, struct group *gr, char *buf, size_t len,
                struct group **res) {
  size_t size;
  int e = before(len, memsize(bigsize()), 1, &size);
  REALFN("getgrgid_r", grgid_t);
  *res = NULL;
  if (e != 0) return e;
  return aftergr(real(gid, gr, buf, size, res), res, buf, size);
}

SHIM int getgrent_r (struct group *gr, char *buf, size_t len, struct group **res) {
  size_t size;
  int e = before(len, memsize(bigsize()), 0, &size);
  REALFN("getgrent_r", grent_t);
  *res = NULL;
  if (e != 0) return e;
  return aftergr(real(gr, buf, size, res), res, buf, size);
}
