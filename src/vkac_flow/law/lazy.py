"""Data built on first use: the law's TOML files are parsed when first read, not at import.

``import vkac_flow`` must stay quick (issue 14): parsing ``regulation.toml`` and
``duties.toml`` and building their records costs tens of milliseconds. :class:`Lazy`
stands in for such a value (:data:`~vkac_flow.law.regulation.REGULATION`,
:data:`~vkac_flow.law.steps.STEPS`, :data:`~vkac_flow.law.duties.DUTIES`): it builds the
value on the first attribute access, item access, iteration, comparison or ``len`` and
then forwards every use to it. Building runs once, under a lock; an error raised while
building propagates unchanged (and the next use tries again).

>>> calls = []
>>> squares = Lazy(lambda: calls.append(1) or (0, 1, 4))
>>> len(calls)
0
>>> squares[2], len(squares), list(squares), squares == (0, 1, 4), len(calls)
(4, 3, [0, 1, 4], True, 1)
>>> isinstance(squares, tuple), type(squares).__name__
(True, 'Lazy')
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

__all__ = ["Lazy", "data_text"]

T = TypeVar("T")

_FOLDER = os.path.dirname(os.path.abspath(__file__))


def data_text(name: str) -> str:
    """The text of the law package's data file ``name`` (``"regulation.toml"``).

    Read by a plain path next to this module, not through :mod:`importlib.resources`
    (which, with the ``tempfile``, ``zipfile`` and ``pathlib`` it imports, costs about
    10 ms of every process's start-up, issue 14): the package is installed as files
    (hatch's wheel; an editable install reads the source tree), never run from a zip
    archive. See ``docs/architecture.md`` ("Package data").
    """
    with open(os.path.join(_FOLDER, name), encoding="utf-8") as fh:
        return fh.read()


class Lazy(Generic[T]):
    """A stand-in for the value ``load()`` returns, built on first use.

    Args:
        load: Builds the value; called once (again only if it raised).
    """

    __slots__ = ("_load", "_lock", "_value")
    _value: T

    def __init__(self, load: Callable[[], T]) -> None:
        self._load = load
        self._lock = threading.Lock()

    def value(self) -> T:
        """The value, built now if it is not yet."""
        try:
            return self._value
        except AttributeError:
            with self._lock:
                try:
                    return self._value
                except AttributeError:
                    value = self._load()
                    self._value = value
                    return value

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        # ``isinstance(REGULATION, Regulation)`` and ``isinstance(STEPS, MappingProxyType)``
        # answer for the value, as they did before the data were read lazily
        return type(self.value())

    def __getattr__(self, name: str) -> Any:
        if name in Lazy.__slots__:  # an unset slot: do not recurse
            raise AttributeError(name)
        return getattr(self.value(), name)

    def __getitem__(self, key: Any) -> Any:
        return self.value()[key]  # type: ignore[index]

    def __len__(self) -> int:
        return len(self.value())  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.value())  # type: ignore[call-overload,no-any-return]

    def __contains__(self, item: object) -> bool:
        return item in self.value()  # type: ignore[operator]

    def __bool__(self) -> bool:
        return bool(self.value())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lazy):
            other = other.value()
        return bool(self.value() == other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.value())

    def __repr__(self) -> str:
        return repr(self.value())
