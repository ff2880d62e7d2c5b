/* Preloaded by make check: the interpreters dlclose() C modules at exit,
** which turns sanitizer and valgrind frames into <unknown module>. A
** dlclose that does nothing keeps the symbols for the reports. */
int dlclose (void *handle) {
  (void)handle;
  return 0;
}
