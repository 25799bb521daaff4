"""The call log, ``poser.error``, and the small checks every area uses.

What a headless server cannot do (redraw, render, show a window) is recorded here instead:
``log("Render")`` appends ``("Render",)``; ``poser.CallLog()`` returns the entries, newest
last (the last 1000 are kept). ``@records_call`` does the same for a whole method.
"""

import functools

_ENTRIES = []
_KEEP = 1000


class error(Exception):
    """Raised as Poser raises ``poser.error``: unknown names, bad arguments."""


def log(what, *args):
    """Records a call: ``what`` (the method's name) and the arguments worth keeping."""
    _ENTRIES.append((what,) + args)
    del _ENTRIES[:-_KEEP]


def CallLog():
    """Not in Poser: the recorded calls a headless stub could not perform (newest last)."""
    return list(_ENTRIES)


def clear():
    del _ENTRIES[:]


def records_call(method):
    """Decorator for a method that only records its call: the entry is the method's name
    followed by the positional arguments it was given (then keyword ``(name, value)``
    pairs), and the method's own body then runs (it can return the answer a user clicking
    OK would give). The signature stays the method's own."""
    what = method.__name__

    @functools.wraps(method)
    def recorded(self, *args, **kwargs):
        log(what, *(args + tuple(sorted(kwargs.items()))))
        return method(self, *args, **kwargs)

    return recorded


def check_index(index, count, what):
    """Raises ``error`` unless ``index`` is an int in ``0 .. count - 1``."""
    if not isinstance(index, int) or not 0 <= index < count:
        raise error("%s index %r out of range 0..%d" % (what, index, count - 1))


def require(value, kind, where):
    """Raises ``error`` unless ``value`` is a ``kind`` (a class): argument type checks."""
    if not isinstance(value, kind):
        raise error("%s expects %s, got %s" % (where, kind.__name__, type(value).__name__))
