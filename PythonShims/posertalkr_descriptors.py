"""Keeps client code from closing the PoserTalkr server's own file descriptors by mistake.

Client code is trusted, but ordinary mistakes (``os.closerange(3, 1024)`` in a snippet
copied from a daemon, closing ``open(0)``) would otherwise close the server's sockets and
event-loop descriptors, which stops the server or, worse, lets a reused descriptor number
deliver one connection's reply to another. Server-side only; not for client code.

Protected: descriptors 0 to 2, the event-loop descriptors (epoll, eventfd, timerfd,
signalfd) that existed when the server started Python or when it finished setting itself up
(``protect_descriptors_opened_since``), and every socket whose local port is the server's.
``os.close`` and ``os.closerange`` skip them (``os.close`` raises ``OSError(EBADF)`` with an
explanation). In a child made by ``os.fork()``, the server's sockets and event-loop
descriptors are closed at once, so the child never holds the listening port or a client's
connection. What remains possible is documented in docs/SECURITY.md (``os.dup2`` onto them,
``ctypes``, closing through other modules' C code).
"""

import errno
import os
import socket

_event_loop_descriptors = set()
_server_port = [None]
_original_close = os.close
_original_closerange = os.closerange


def _link(fd):
    try:
        return os.readlink("/proc/self/fd/%d" % fd)
    except OSError:
        return None


def _open_descriptors():
    try:
        return sorted(int(name) for name in os.listdir("/proc/self/fd"))
    except OSError:
        return []


def _local_port(fd):
    try:
        probe = socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return None
    try:
        return probe.getsockname()[1]
    except (OSError, IndexError, TypeError):
        return None
    finally:
        probe.close()


def is_server_descriptor(fd):
    """Whether ``fd`` belongs to the server (see the module docstring)."""
    if fd in (0, 1, 2) or fd in _event_loop_descriptors:
        return True
    link = _link(fd)
    if link is None or not link.startswith("socket:") or _server_port[0] is None:
        return False
    return _local_port(fd) == _server_port[0]


def _guarded_close(fd):
    if is_server_descriptor(fd):
        raise OSError(errno.EBADF, "descriptor %d belongs to the PoserTalkr server and was not closed" % fd)
    _original_close(fd)


def _guarded_closerange(low, high):
    for fd in _open_descriptors():
        if low <= fd < high and not is_server_descriptor(fd):
            try:
                _original_close(fd)
            except OSError:
                pass


def _close_server_descriptors_in_child():
    for fd in _open_descriptors():
        if fd > 2 and is_server_descriptor(fd):
            try:
                _original_close(fd)
            except OSError:
                pass


def _note_event_loop_descriptors():
    for fd in _open_descriptors():
        if (_link(fd) or "").startswith("anon_inode:"):
            _event_loop_descriptors.add(fd)


def protect():
    """Called once when the server starts Python (its event loops already run)."""
    _note_event_loop_descriptors()
    os.close = _guarded_close
    os.closerange = _guarded_closerange
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_close_server_descriptors_in_child)


def protect_descriptors_opened_since():
    """Called once the process has finished setting itself up (the command line's signal
    handling opens signalfds after Python started): those are the server's too."""
    _note_event_loop_descriptors()


def set_server_port(port):
    """The port the server listens on; sockets with that local port are the server's."""
    _server_port[0] = port
