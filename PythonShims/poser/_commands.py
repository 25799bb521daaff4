"""The undo stack (``poser.Undo``, ``Redo``, ``CommandNames``, ``CurrentCommand``,
``ClearCommands``) and the snapshots of parameter states it and Memorize/Restore use.

Each scene has a CommandStack (``scene._commands``). A command is a name and two
functions, undo and redo; what the stub records as commands is listed in
``_app.CommandNames``. Recording a new command drops the commands that were undone and
not redone, as Poser's undo stack does. Nothing is recorded while a command is being
undone or redone.
"""

from ._calllog import log

_SKIPPED = ("_actor", "_callback")


class CommandStack(object):
    def __init__(self):
        self._commands = []  # (name, undo, redo)
        self._done = 0
        self._replaying = False

    def record(self, name, undo, redo):
        if self._replaying:
            return
        del self._commands[self._done:]
        self._commands.append((name, undo, redo))
        self._done = len(self._commands)

    def undo(self):
        """Undoes the last done command; nothing happens when there is none."""
        if self._done == 0:
            return
        name, undo, _ = self._commands[self._done - 1]
        self._done -= 1
        log("Undo", name)
        self._replay(undo)

    def redo(self):
        if self._done >= len(self._commands):
            return
        name, _, redo = self._commands[self._done]
        self._done += 1
        log("Redo", name)
        self._replay(redo)

    def _replay(self, function):
        self._replaying = True
        try:
            function()
        finally:
            self._replaying = False

    def names(self):
        return [name for name, _, _ in self._commands]

    def current(self):
        return self._done - 1

    def clear(self):
        del self._commands[:]
        self._done = 0


def _copied(value):
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    if isinstance(value, set):
        return set(value)
    return value


def parm_state(parm):
    """A copy of a parameter's own state (value, keys, interpolation, limits, deltas ...)
    that ``restore_parm`` puts back. Taken from the parameter's attributes, so it follows
    whatever ParmType keeps; a parameter without a ``__dict__`` is captured by its value."""
    try:
        attributes = vars(parm)
    except TypeError:
        return ("value", parm.Value())
    return dict((name, _copied(value)) for name, value in attributes.items() if name not in _SKIPPED)


def restore_parm(parm, state):
    if isinstance(state, tuple):
        parm.SetValue(state[1])
        return
    vars(parm).update((name, _copied(value)) for name, value in state.items())


def parms_state(parms):
    """[(parm, state)] for ``parms``; ``restore_parms`` puts them all back."""
    return [(parm, parm_state(parm)) for parm in parms]


def restore_parms(states):
    for parm, state in states:
        restore_parm(parm, state)
