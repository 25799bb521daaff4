// The differences between the CPython 3.8 to 3.13 C APIs that PoserTalkr meets, in one place.
// Newer functions get an equivalent on the versions that lack them (under their own names,
// so Swift code reads the same on every version); calls that changed get one `ptg_` form.
#ifndef CPYTHON_VERSIONS_H
#define CPYTHON_VERSIONS_H

#include "../../CPython/python-shim.h"

#if PY_VERSION_HEX < 0x030A0000
/// 3.10 added Py_NewRef.
static inline PyObject *_Nonnull Py_NewRef(PyObject *_Nonnull o) {
    Py_INCREF(o);
    return o;
}
#endif

#if PY_VERSION_HEX < 0x03090000
/// 3.9 added the vectorcall shortcuts.
static inline PyObject *_Nullable PyObject_CallNoArgs(PyObject *_Nonnull callable) {
    return PyObject_CallObject(callable, NULL);
}
static inline PyObject *_Nullable PyObject_CallOneArg(PyObject *_Nonnull callable, PyObject *_Nonnull argument) {
    return PyObject_CallFunctionObjArgs(callable, argument, NULL);
}
#endif

/// Takes the pending exception (clearing it) as a normalized (type, value, traceback), with
/// the traceback also attached to the value; all three NULL when none is pending. 3.12
/// replaced PyErr_Fetch/PyErr_NormalizeException (deprecated there) by PyErr_GetRaisedException.
static inline void ptg_TakeException(
    PyObject *_Nullable *_Nonnull type, PyObject *_Nullable *_Nonnull value,
    PyObject *_Nullable *_Nonnull traceback
) {
#if PY_VERSION_HEX >= 0x030C0000
    PyObject *exception = PyErr_GetRaisedException();
    *value = exception;
    *type = exception ? Py_NewRef((PyObject *)Py_TYPE(exception)) : NULL;
    *traceback = exception ? PyException_GetTraceback(exception) : NULL;
#else
    PyErr_Fetch(type, value, traceback);
    if (*type == NULL) return;
    PyErr_NormalizeException(type, value, traceback);
    if (*value != NULL && *traceback != NULL) PyException_SetTraceback(*value, *traceback);
#endif
}

#endif
