#define _GNU_SOURCE
#include "CPythonGlue.h"

#include <pthread.h>

#include <stdlib.h>
#include <string.h>

PyObject *ptg_CreateModule(const char *name, const char *doc, PyMethodDef *methods) {
    // PyModuleDef_HEAD_INIT is a struct-initializer macro, which Swift cannot use; the
    // definition is leaked on purpose because CPython keeps a pointer to it for good.
    PyModuleDef *def = calloc(1, sizeof(PyModuleDef));
    if (def == NULL) {
        return PyErr_NoMemory();
    }
    PyModuleDef init = {PyModuleDef_HEAD_INIT};
    *def = init;
    def->m_name = strdup(name);
    def->m_doc = doc ? strdup(doc) : NULL;
    def->m_size = -1;
    def->m_methods = methods;
    return PyModule_Create(def);
}

void ptg_SetThreadName(const char *name) {
#if defined(__linux__)
    // Foundation does not name the OS thread on Linux; tools like top and perf show this.
    pthread_setname_np(pthread_self(), name);
#else
    (void)name;
#endif
}
