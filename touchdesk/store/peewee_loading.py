"""Peewee without the standard modules it only needs now and then.

Peewee imports hashlib, socket, uuid and calendar when it is imported, for an index name too
long to keep, an IP address field, a savepoint's name and a timestamp field. Loading them
was some 10 ms of every launch, before the window could read a row; TouchDesk's first screen
uses none of them. So peewee gets each as a stand-in that imports the real module the first
time peewee reads from it, through the import system (safe from any thread), and every other
importer gets the real module as usual.
"""

from __future__ import annotations

import importlib
import sys
import types

ON_FIRST_USE = ("hashlib", "socket", "uuid", "calendar")


class _OnFirstUse(types.ModuleType):
    """Stands for a module in peewee's namespace: reading any name imports the real one."""

    def __getattr__(self, name: str):  # noqa: ANN204 - whatever the module holds
        module = importlib.import_module(self.__name__)
        if module is self:  # read while peewee is still being imported: no stand-in then
            raise AttributeError(f"{self.__name__}.{name} is read before it can be imported")
        return getattr(module, name)


def load_peewee() -> types.ModuleType:
    """Import peewee (once) with stand-ins for the modules not yet imported."""
    if "peewee" in sys.modules:
        return sys.modules["peewee"]
    standing_in = [name for name in ON_FIRST_USE if name not in sys.modules]
    for name in standing_in:
        sys.modules[name] = _OnFirstUse(name)
    try:
        import peewee
    finally:
        for name in standing_in:
            if isinstance(sys.modules.get(name), _OnFirstUse):
                del sys.modules[name]
    return peewee
