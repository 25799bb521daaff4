"""Dialogs without a screen: DialogSimple, Dialog, DialogFileChooser, DialogDirChooser,
DialogTextEntry. Every dialog is recorded in the call log and answers the way a user
clicking OK would, unless a test queued another answer.

Scripting the answers (not in Poser): ``poser.DialogAnswers`` is a queue the next dialogs
take their answers from, oldest first::

    poser.DialogAnswers.push("/tmp/out.obj")          # the next file chooser picks this
    poser.DialogAnswers.push(poser.DialogAnswers.CANCEL)   # the one after is cancelled
    poser.DialogAnswers.push(poser.DialogAnswers.NO)  # YesNo answers 0
    poser.DialogAnswers.push(poser.DialogAnswers.click("Apply"), poser.DialogAnswers.OK)
    poser.DialogAnswers.clear(); poser.DialogAnswers.pending()

What an answer means to each dialog:

* ``OK``: the default answer (as with an empty queue). ``CANCEL``: the user cancelled:
  ``Show()`` answers 0, ``Path()`` None, ``Text()`` "", ``YesNo`` 0, ``Ask*`` None.
* ``YES``/``NO`` (or True/False, 1/0): for ``YesNo``.
* a string: the path a file or directory chooser picks, the text of ``DialogTextEntry`` and
  ``AskText``, the item ``AskMenu`` picks (one of its items), a number typed into
  ``AskFloat``/``AskInt``, the name of the actor ``AskActor`` picks, the image file
  ``PickImage`` picks.
* a number: for ``AskFloat``/``AskInt``; an item index for ``AskMenu``.
* ``click(buttonName)``: a click on a ``Dialog``'s button, running the callback
  ``AddButtonCallback`` gave it; ``Dialog.Show()`` takes the clicks at the head of the
  queue, then an ``OK``/``CANCEL`` if one follows.

An answer that does not fit the dialog raises ``poser.error`` (a ``MessageBox`` takes only
an ``OK``/``CANCEL`` at the head of the queue and leaves other answers alone). Defaults without a queued
answer: ``YesNo`` 1, ``AskFloat`` 0.0, ``AskInt`` 0, ``AskText`` "", ``AskMenu`` its first
item, ``AskActor`` the current actor, choosers their start path (else the temp folder),
``DialogTextEntry`` "", ``Dialog.Show()`` OK without clicks, ``PickImage`` no change.
``Show()`` answers 1 for OK and 0 for Cancel.
"""

import os

from ._app import TempLocation
from ._calllog import error, log
from ._codes import kDialogFileChooserOpen, kDialogFileChooserSave

try:
    _STRINGS = (str, unicode)  # noqa: F821 (Python 2)
except NameError:
    _STRINGS = (str,)


class _Answer(object):
    def __init__(self, name, button=None):
        self._name = name
        self.button = button

    def __repr__(self):
        if self.button is not None:
            return "DialogAnswers.click(%r)" % (self.button,)
        return "DialogAnswers.%s" % self._name


class _DialogAnswers(object):
    """The queue of answers the next dialogs give (see the module docstring)."""

    OK = _Answer("OK")
    CANCEL = _Answer("CANCEL")
    YES = _Answer("YES")
    NO = _Answer("NO")

    def __init__(self):
        self._queue = []

    @staticmethod
    def click(buttonName):
        """An answer that clicks the ``Dialog`` button ``buttonName``."""
        return _Answer("click", str(buttonName))

    def push(self, *answers):
        """Queues answers for the next dialogs, in order."""
        self._queue.extend(answers)

    def clear(self):
        del self._queue[:]

    def pending(self):
        """The answers not taken yet, oldest first."""
        return list(self._queue)

    def _take(self):
        return self._queue.pop(0) if self._queue else self.OK

    def _peek(self):
        return self._queue[0] if self._queue else None

    def __repr__(self):
        return "<DialogAnswers %r>" % (self._queue,)


DialogAnswers = _DialogAnswers()


def _misfit(answer, where):
    return error("queued dialog answer %r does not fit %s" % (answer, where))


def _as_number(answer, kind, where):
    if isinstance(answer, bool):
        raise _misfit(answer, where)
    try:
        return kind(float(answer)) if kind is int else float(answer)
    except (TypeError, ValueError):
        raise _misfit(answer, where)


class DialogSimple(object):
    """Message boxes and one-question dialogs; the methods work on the class and on a
    ``DialogSimple()`` object alike."""

    @staticmethod
    def MessageBox(message):
        """Only an OK or CANCEL at the head of the queue is taken (the box has one
        button); other answers stay for the next dialogs."""
        log("MessageBox", message)
        if DialogAnswers._peek() is DialogAnswers.OK or DialogAnswers._peek() is DialogAnswers.CANCEL:
            DialogAnswers._take()

    @staticmethod
    def YesNo(message):
        """1 Yes, 0 No."""
        log("YesNo", message)
        answer = DialogAnswers._take()
        if answer is DialogAnswers.OK or answer is DialogAnswers.YES:
            return 1
        if answer is DialogAnswers.NO or answer is DialogAnswers.CANCEL:
            return 0
        if isinstance(answer, (bool, int)) and answer in (0, 1):
            return 1 if answer else 0
        raise _misfit(answer, "YesNo")

    @staticmethod
    def AskFloat(message):
        log("AskFloat", message)
        answer = DialogAnswers._take()
        if answer is DialogAnswers.OK:
            return 0.0
        if answer is DialogAnswers.CANCEL:
            return None
        return _as_number(answer, float, "AskFloat")

    @staticmethod
    def AskInt(message):
        log("AskInt", message)
        answer = DialogAnswers._take()
        if answer is DialogAnswers.OK:
            return 0
        if answer is DialogAnswers.CANCEL:
            return None
        return _as_number(answer, int, "AskInt")

    @staticmethod
    def AskText(message):
        log("AskText", message)
        answer = DialogAnswers._take()
        if answer is DialogAnswers.OK:
            return ""
        if answer is DialogAnswers.CANCEL:
            return None
        if isinstance(answer, _STRINGS):
            return answer
        raise _misfit(answer, "AskText")

    @staticmethod
    def AskMenu(title, message, *items):
        """The item the user picks (the first one by default); None when cancelled."""
        log("AskMenu", title, message, items)
        answer = DialogAnswers._take()
        if answer is DialogAnswers.CANCEL or (answer is DialogAnswers.OK and not items):
            return None
        if answer is DialogAnswers.OK:
            return items[0]
        if isinstance(answer, _STRINGS) and answer in items:
            return answer
        if isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer < len(items):
            return items[answer]
        raise _misfit(answer, "AskMenu%r" % (items,))

    @staticmethod
    def AskActor(message):
        """The actor the user picks (the current actor by default); None when cancelled."""
        from ._actors import ActorType
        from ._current import Scene

        log("AskActor", message)
        answer = DialogAnswers._take()
        if answer is DialogAnswers.CANCEL:
            return None
        if answer is DialogAnswers.OK:
            return Scene().CurrentActor()
        if isinstance(answer, ActorType):
            return answer
        if isinstance(answer, _STRINGS):
            return Scene().Actor(answer)
        raise _misfit(answer, "AskActor")

    @staticmethod
    def PickImage(inputInput):
        """The Texture Manager: a picked image file feeds ``inputInput`` through an
        Image_Map node (the one already feeding it, else a new one)."""
        from ._materials import ShaderNodeInputType

        if not isinstance(inputInput, ShaderNodeInputType):
            raise error("PickImage expects a ShaderNodeInputType, got %s" % type(inputInput).__name__)
        log("PickImage", inputInput.InternalName())
        answer = DialogAnswers._take()
        if answer is DialogAnswers.OK or answer is DialogAnswers.CANCEL:
            return None
        if not isinstance(answer, _STRINGS):
            raise _misfit(answer, "PickImage")
        node = inputInput.InNode()
        if node is None or node._kind.type != "image_map":
            node = inputInput.ItsNode()._tree.CreateNode("image_map")
            node.ConnectToInput(inputInput)
        node.InputByInternalName("Image_Source").SetString(answer)
        return None


def _call_back(function, value):
    """Calls a button callback with the button's value when it takes an argument."""
    try:
        import inspect

        if hasattr(inspect, "signature"):
            parameters = [p for p in inspect.signature(function).parameters.values()
                          if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
            takes = bool(parameters)
        else:  # Python 2
            target = getattr(function, "im_func", function)
            spec = inspect.getargspec(target)
            takes = bool(spec.args[1 if hasattr(function, "im_self") and function.im_self is not None else 0:]
                         or spec.varargs)
    except (TypeError, ValueError):
        takes = True
    return function(value) if takes else function()


class Dialog(object):
    """A dialog laid out by an XML file: buttons with callbacks and values, widgets with
    texts. ``Show()`` (modal) answers 1 for OK, 0 for Cancel; queued ``click`` answers
    press buttons while it is shown."""

    def __init__(self, layoutXMLPath, title="", message="", width=300, height=200):
        self._layout = str(layoutXMLPath)
        self._title = title
        self._message = message
        self._size = (int(width), int(height))
        self._callbacks = {}
        self._button_values = {}
        self._texts = {}

    def AddButtonCallback(self, buttonName, function):
        if not callable(function):
            raise error("AddButtonCallback: %r is not callable" % (function,))
        self._callbacks[str(buttonName)] = function

    def SetButtonValue(self, buttonName, value):
        self._button_values[str(buttonName)] = int(value)

    def SetText(self, widgetName, text):
        self._texts[str(widgetName)] = str(text)

    def ButtonValue(self, buttonName):
        """Not in Poser: the value SetButtonValue gave ``buttonName`` (None if none)."""
        return self._button_values.get(str(buttonName))

    def WidgetText(self, widgetName):
        """Not in Poser: the text SetText gave ``widgetName`` (None if none)."""
        return self._texts.get(str(widgetName))

    def Show(self):
        log("Dialog.Show", self._title)
        while isinstance(DialogAnswers._peek(), _Answer) and DialogAnswers._peek().button is not None:
            button = DialogAnswers._take().button
            log("Dialog.click", button)
            if button in self._callbacks:
                _call_back(self._callbacks[button], self._button_values.get(button, 0))
        if DialogAnswers._peek() is DialogAnswers.OK or DialogAnswers._peek() is DialogAnswers.CANCEL:
            return 0 if DialogAnswers._take() is DialogAnswers.CANCEL else 1
        return 1

    def __repr__(self):
        return "<Dialog %r>" % (self._title,)


class DialogFileChooser(object):
    """A file open or save chooser; ``Show()`` answers 1 (OK) or 0 (Cancel), then
    ``Path()`` is the chosen file (None after Cancel)."""

    def __init__(self, type=kDialogFileChooserOpen, parentDialog=None, message="", startDir=None):
        if type not in (kDialogFileChooserOpen, kDialogFileChooserSave):
            raise error("DialogFileChooser: %r is not kDialogFileChooserOpen or kDialogFileChooserSave" % (type,))
        self._type = type
        self._parent = parentDialog
        self._message = message
        self._start = startDir
        self._path = None

    def _default_path(self):
        return self._start if self._start else TempLocation()

    def Show(self):
        log("DialogFileChooser.Show", self._message)
        return self._choose("DialogFileChooser")

    def _choose(self, where):
        answer = DialogAnswers._take()
        if answer is DialogAnswers.CANCEL:
            self._path = None
            return 0
        if answer is DialogAnswers.OK:
            self._path = self._default_path()
            return 1
        if isinstance(answer, _STRINGS):
            self._path = os.path.expanduser(answer)
            return 1
        raise _misfit(answer, where)

    def Path(self):
        return self._path

    def Paths(self):
        """Not in the Poser 11 manual: the chosen files as a list."""
        return [self._path] if self._path else []


class DialogDirChooser(DialogFileChooser):
    """A folder chooser: ``DialogDirChooser(parentDialog, message, startDir)``."""

    def __init__(self, parentDialog=None, message="", startDir=None):
        DialogFileChooser.__init__(self, kDialogFileChooserOpen, parentDialog, message, startDir)

    def Show(self):
        log("DialogDirChooser.Show", self._message)
        return self._choose("DialogDirChooser")


class DialogTextEntry(object):
    """A one-field text entry; ``Show()`` answers 1 (OK) or 0 (Cancel), then ``Text()``
    is what was typed ("" after Cancel)."""

    def __init__(self, parentDialog=None, message=""):
        self._parent = parentDialog
        self._message = message
        self._text = ""

    def Show(self):
        log("DialogTextEntry.Show", self._message)
        answer = DialogAnswers._take()
        if answer is DialogAnswers.CANCEL:
            self._text = ""
            return 0
        if answer is DialogAnswers.OK:
            return 1
        if isinstance(answer, _STRINGS):
            self._text = answer
            return 1
        raise _misfit(answer, "DialogTextEntry")

    def Text(self):
        return self._text
