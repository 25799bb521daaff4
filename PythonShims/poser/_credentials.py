"""CredManager: user names and passwords for web services a script logs in to, kept for
later runs as Poser keeps them.

Every ``poser.CredManager()`` object shares one store. User names (the last one per
service), the Facebook token and the password-saving switch persist in a file under the
preferences folder (``PrefsLocation()/PoserTalkrCredentials.json``, readable by its owner
only). Passwords are written there only while ``EnablePasswordSaving(1)`` is on (off by
default); otherwise they live in memory until the process ends. Nothing here prints or
logs a password, and reprs show services and user names only.
"""

import os

from ._calllog import error

_FORMAT = "PoserTalkr credentials"
_STATE = {}  # loaded on first use: "save", "users", "passwords", "facebook", "memory"
_PATH = [None]  # tests may point the store elsewhere (None: under PrefsLocation())


def _path():
    if _PATH[0]:
        return _PATH[0]
    from ._app import PrefsLocation

    return os.path.join(PrefsLocation(), "PoserTalkrCredentials.json")


def _state():
    if not _STATE:
        import json

        _STATE.update(save=0, users={}, passwords={}, facebook=None, memory={})
        try:
            with open(_path()) as stream:
                data = json.load(stream)
        except (IOError, OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("format") == _FORMAT:
            _STATE["save"] = 1 if data.get("savePasswords") else 0
            _STATE["users"] = dict(data.get("lastUsers", {}))
            _STATE["passwords"] = dict((service, dict(users))
                                       for service, users in data.get("passwords", {}).items())
            _STATE["facebook"] = data.get("facebookToken")
    return _STATE


def _write():
    import json

    state = _STATE
    data = {"format": _FORMAT, "version": 1, "savePasswords": state["save"], "lastUsers": state["users"],
            "passwords": state["passwords"] if state["save"] else {}, "facebookToken": state["facebook"]}
    path = _path()
    folder = os.path.dirname(path)
    try:
        if folder and not os.path.isdir(folder):
            os.makedirs(folder)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(handle, "w") as stream:
            json.dump(data, stream, indent=1, sort_keys=True)
    except (IOError, OSError) as problem:
        raise error("cannot write the credential store %s: %s" % (path, problem.strerror or problem))


def _reset(path=None):
    """For tests: forget the loaded store and use ``path`` (None: the default file)."""
    _STATE.clear()
    _PATH[0] = path


def _text(value, what):
    if value is None:
        raise error("%s must be a string, not None" % what)
    return str(value)


class CredManager(object):
    """The credential store (``poser.CredManager()``)."""

    def EnablePasswordSaving(self, onOrOff):
        """1: passwords are saved for later runs; 0: kept for this run only (saved ones
        are removed from the file)."""
        state = _state()
        state["save"] = 1 if onOrOff else 0
        if state["save"]:
            for service, users in state["memory"].items():
                state["passwords"].setdefault(service, {}).update(users)
        _write()

    def WantsPasswordSaved(self):
        return _state()["save"]

    def SavePassword(self, service, user, password):
        """Remembers ``user`` as the last user of ``service`` and their password."""
        state = _state()
        service, user = _text(service, "service"), _text(user, "user")
        password = _text(password, "password")
        state["users"][service] = user
        state["memory"].setdefault(service, {})[user] = password
        if state["save"]:
            state["passwords"].setdefault(service, {})[user] = password
        _write()

    def GetPassword(self, service, user):
        """The password saved for ``user`` at ``service``, or None."""
        state = _state()
        for store in (state["memory"], state["passwords"]):
            password = store.get(str(service), {}).get(str(user))
            if password is not None:
                return password
        return None

    def GetLastUser(self, service):
        """The user name saved last for ``service``, or None."""
        return _state()["users"].get(str(service))

    def SaveFacebookToken(self, token):
        _state()["facebook"] = None if token is None else str(token)
        _write()

    def FacebookAccessToken(self):
        return _state()["facebook"]

    def __repr__(self):
        users = _state()["users"]
        return "<CredManager %s>" % ", ".join("%s: %s" % item for item in sorted(users.items()))
