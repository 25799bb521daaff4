"""Shared base pieces: things with a display name and an internal name, and finding one.

Poser names actors, figures, parameters, materials and shader nodes twice: a display name
that users see and change (``Name``/``SetName``), and an internal name that scripts rely on
because it does not change (``InternalName``: ``'hip'``, ``'BODY'``, ``'xrot'``).
"""


class Named(object):
    """Base class for objects with ``Name()``, ``SetName(name)`` and ``InternalName()``.

    Subclasses set ``self._name`` and ``self._internal_name`` in their ``__init__``."""

    def Name(self):
        return self._name

    def SetName(self, name):
        self._name = str(name)

    def InternalName(self):
        return self._internal_name


def find_named(items, name):
    """The first of ``items`` whose ``Name()`` is ``name``, else the first whose
    ``InternalName()`` is (items without ``InternalName`` are matched by name only);
    ``None`` when neither matches. Display names win, as in Poser's lookups that accept
    both (``Actor('hip')`` and ``Actor('Hip')``). Callers decide whether None is an error."""
    for item in items:
        if item.Name() == name:
            return item
    for item in items:
        internal_name = getattr(item, "InternalName", None)
        if internal_name is not None and internal_name() == name:
            return item
    return None
