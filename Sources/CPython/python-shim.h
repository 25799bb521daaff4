// The CPython C API, as pkg-config `python3-embed` locates it.
//
// Python's pyconfig.h defines _XOPEN_SOURCE and _POSIX_C_SOURCE, which change the shape of
// some libc structs (fd_set, for one). Swift imports libc as its own module built without
// them, and Clang refuses two shapes of one struct. So the libc headers Python.h pulls in
// are included first, as Swift's Glibc module sees them, and Python.h after.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <wchar.h>
#include <unistd.h>
#include <signal.h>
#include <time.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <assert.h>
#include <stdint.h>
#include <inttypes.h>

// PY_SSIZE_T_CLEAN must precede Python.h so `#` formats take Py_ssize_t lengths.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
