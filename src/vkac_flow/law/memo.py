"""Reading the same identity twice builds it once: a bounded memo of strict readers.

A saved procedure's identity (its service and the parties) is read by a strict
``from_dict`` each time the procedure is replayed, and a register or a bundle replays many
procedures of the same few services and parties. The values built are frozen, so a reader
may hand back the value it built for the same input before. :func:`exact_key` is that
"same": a key that tells inputs apart exactly as the strict readers do (only plain ``str``
and ``None`` values and ``dict`` tables of them are keyed: ``1`` and ``True`` never meet,
and nothing a reader would refuse is ever keyed). Only the shapes the readers accept are
keyed: a table of at most :data:`MAX_KEYS` entries, nested at most ``depth`` levels (a
party is flat, a service holds its holder's table); any other input goes straight to the
strict reader, so a hostile document (a table nested thousands of levels deep) is refused
by the reader with its own error, never by a ``RecursionError`` here. Errors are never
remembered: a refused input is refused again, by the reader itself, each time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["MAX_KEYS", "Memo", "exact_key"]

V = TypeVar("V")

_MAX_ENTRIES = 256

MAX_KEYS = 8
"""The most entries of a keyed table (a service has five keys, a party three)."""


def exact_key(value: object, depth: int = 2) -> Hashable | None:
    """A hashable key equal only for inputs a strict reader cannot tell apart, or ``None``.

    ``depth`` is how many levels of tables the key may hold (1: a flat table of ``str`` and
    ``None`` values). Deeper or wider tables, and any other value, have no key (``None``).

    >>> exact_key({"kind": "municipality", "name": "Cēsu novads", "institution": None})
    (('kind', 'municipality'), ('name', 'Cēsu novads'), ('institution', None))
    >>> exact_key({"name": 1}) is None
    True
    >>> exact_key({"holder": {"kind": "state"}}, depth=1) is None
    True
    """
    if depth < 1 or type(value) is not dict or len(value) > MAX_KEYS:
        return None
    items: list[tuple[str, Hashable]] = []
    for k, v in value.items():
        if type(k) is not str:
            return None
        if type(v) is str or v is None:
            items.append((k, v))
        else:
            inner = exact_key(v, depth - 1)  # a nested table (a service's holder)
            if inner is None:
                return None
            items.append((k, ("table", inner)))
    return tuple(items)


class Memo(Generic[V]):
    """A bounded memo of a strict reader: ``memo.read(data)`` is ``reader(data)``.

    Keyed by :func:`exact_key` with ``depth`` levels of tables (the shapes the reader
    accepts); inputs without a key are read every time. Thread-safe; at most 256 entries
    (emptied when full: identities are few).
    """

    def __init__(self, reader: Callable[[Any], V], depth: int) -> None:
        self._reader = reader
        self._depth = depth
        self._values: dict[Hashable, V] = {}
        self._lock = threading.Lock()

    def read(self, data: object) -> V:
        """The value ``reader(data)`` builds (or built before for the same input)."""
        key = exact_key(data, self._depth)
        if key is None:
            return self._reader(data)
        value = self._values.get(key)
        if value is None:
            value = self._reader(data)  # raises for a refused input: nothing remembered
            with self._lock:
                if len(self._values) >= _MAX_ENTRIES:
                    self._values.clear()
                self._values[key] = value
        return value
