#ifndef _GNU_SOURCE  // for pthread_setname_np
#define _GNU_SOURCE 1  // the value pyconfig.h gives it, so its own #define is no redefinition
#endif
#include "CPythonGlue.h"

#include <pthread.h>


void ptg_SetThreadName(const char *name) {
#if defined(__linux__)
    // Foundation does not name the OS thread on Linux; tools like top and perf show this.
    pthread_setname_np(pthread_self(), name);
#else
    (void)name;
#endif
}
