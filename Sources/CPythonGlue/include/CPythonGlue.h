// Accessors for the parts of the CPython API that Swift cannot import directly:
// object macros (Py_None, Py_TYPE, the type checks) and the exception globals, which
// Swift 6 would reject as shared mutable state. Everything here is a thin, inline
// forwarder with no logic of its own.
#ifndef CPYTHON_GLUE_H
#define CPYTHON_GLUE_H

#include "../../CPython/python-shim.h"
#include "CPythonVersions.h"

static inline PyObject *_Nonnull ptg_None(void) { return Py_None; }

static inline PyObject *_Nonnull ptg_ExcSystemExit(void) { return PyExc_SystemExit; }
static inline PyObject *_Nonnull ptg_ExcKeyboardInterrupt(void) { return PyExc_KeyboardInterrupt; }
static inline PyObject *_Nonnull ptg_ExcRuntimeError(void) { return PyExc_RuntimeError; }
static inline PyObject *_Nonnull ptg_ExcValueError(void) { return PyExc_ValueError; }
static inline PyObject *_Nonnull ptg_ExcTypeError(void) { return PyExc_TypeError; }

static inline int ptg_IsUnicode(PyObject *_Nonnull o) { return PyUnicode_Check(o); }

/// The type name of `o` (borrowed from the type object; valid while `o` lives).
static inline const char *_Nonnull ptg_TypeName(PyObject *_Nonnull o) { return Py_TYPE(o)->tp_name; }

/// Names the calling OS thread (at most 15 characters show on Linux). Not Python: it lives
/// here because the libc call is a GNU extension Swift's Glibc module does not import.
void ptg_SetThreadName(const char *_Nonnull name);

#endif
