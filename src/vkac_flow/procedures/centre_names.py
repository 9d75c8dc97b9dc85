"""Centre names in procedures: the exact-name policy and the error for an unregistered one.

Names are identifiers, compared exactly after stripping whitespace
(:data:`CENTRE_NAMES_POLICY`); with a registry, an unknown name is refused with
:class:`UnregisteredCentreError`, which suggests close registered names
(:func:`close_centre_names`).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

from vkac_flow.errors import InputError, InputTypeError, RuleViolationError, echo
from vkac_flow.law.centres import CentreRegistry, UnknownCentreError
from vkac_flow.messages import Text

__all__ = [
    "CENTRE_NAMES_POLICY",
    "MAX_SUGGESTIONS",
    "UnregisteredCentreError",
    "close_centre_names",
]

MAX_SUGGESTIONS: Final = 100
"""The most names :func:`close_centre_names` suggests (its ``n``)."""

CENTRE_NAMES_POLICY: Final = "centre-names-exact-after-strip"
"""Centre names are identifiers: surrounding whitespace is stripped, then they are compared
exactly (case, diacritics and Unicode form count: ``"Cesis"``, ``"cēsis"`` and ``"Cēsis"``
are three names). With a registry, a name that is not registered is refused and the error
suggests the registered names it resembles, ignoring case and diacritics; nothing is
silently corrected (p. 2.1)."""


class UnregisteredCentreError(UnknownCentreError, RuleViolationError):
    """A centre name given to a procedure that is not in its centre registry (p. 2.1).

    Both an :class:`~vkac_flow.law.centres.UnknownCentreError` (so a ``KeyError`` and an
    ``InputError``, with ``name``) and a :class:`~vkac_flow.errors.RuleViolationError`
    (with ``event``, ``allowed`` and ``points``: p. 2.1 and the point of the event, e.g.
    p. 13.2.2). The procedure is left exactly as it was.

    Attributes:
        name: The first unregistered name.
        names: Every unregistered name, in the order given.
        suggestions: For each unregistered name, the registered names it resembles (best
            first; empty if none is close).
    """

    def __init__(
        self,
        message: str | Text,
        *,
        names: Iterable[str],
        suggestions: Mapping[str, tuple[str, ...]],
        points: Iterable[str],
        event: str | None = None,
        allowed: Iterable[str] = (),
    ) -> None:
        self.names: tuple[str, ...] = tuple(names)
        self.name = self.names[0] if self.names else ""
        self.suggestions: Mapping[str, tuple[str, ...]] = MappingProxyType(dict(suggestions))
        RuleViolationError.__init__(self, message, points=points, event=event, allowed=allowed)

    def __reduce__(self) -> tuple[Any, ...]:
        # picklable (e.g. across worker processes) despite the keyword-only arguments
        return (
            _rebuild_unregistered,
            (
                self.text if self.text is not None else self.reason,
                self.names,
                dict(self.suggestions),
                self.points,
                self.event,
                self.allowed,
            ),
        )


def _rebuild_unregistered(
    message: str | Text,
    names: tuple[str, ...],
    suggestions: dict[str, tuple[str, ...]],
    points: tuple[str, ...],
    event: str | None,
    allowed: tuple[str, ...],
) -> UnregisteredCentreError:
    return UnregisteredCentreError(
        message, names=names, suggestions=suggestions, points=points, event=event, allowed=allowed
    )


def _fold(name: str) -> str:
    """``name`` without case and diacritics (``"Cēsis"`` -> ``"cesis"``), for suggestions."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def close_centre_names(name: str, registry: CentreRegistry, n: int = 3) -> tuple[str, ...]:
    """The registered names ``name`` most resembles, best first (at most ``n``).

    Names equal to ``name`` but for case, diacritics or Unicode form come first, then
    :func:`difflib.get_close_matches` on the folded names (cutoff 0.6).

    >>> from vkac_flow.law.centres import Centre, CentreRegistry
    >>> reg = CentreRegistry([Centre("Cēsis", "Cēsu novads", "regional"),
    ...                       Centre("Valmiera", "Valmieras novads", "national")])
    >>> close_centre_names("cesis", reg), close_centre_names("Valmeira", reg)
    (('Cēsis',), ('Valmiera',))
    >>> close_centre_names("Rīga", reg)
    ()

    Raises:
        InputTypeError: ``name`` is not a string, ``registry`` not a registry or ``n`` not
            an integer.
        InputError: ``n`` is not between 1 and :data:`MAX_SUGGESTIONS`.
    """
    what = "close_centre_names"
    if not isinstance(name, str):
        raise InputTypeError(
            Text("error.centre_names.name_type", what=what, param="name", value=echo(name))
        )
    if not isinstance(registry, CentreRegistry):
        raise InputTypeError(
            Text(
                "error.centre_names.registry_type",
                what=what,
                param="registry",
                expected="CentreRegistry",
                got=type(registry).__name__,
            )
        )
    if type(n) is not int:
        raise InputTypeError(Text("error.centre_names.n_type", what=what, param="n", value=echo(n)))
    if not 1 <= n <= MAX_SUGGESTIONS:
        raise InputError(
            Text(
                "error.centre_names.n_range",
                what=what,
                param="n",
                limit=MAX_SUGGESTIONS,
                value=echo(n),
            )
        )
    by_fold: dict[str, list[str]] = {}
    for known in registry.names:
        by_fold.setdefault(_fold(known), []).append(known)
    key = _fold(name)
    out: list[str] = list(by_fold.get(key, ()))
    for folded in difflib.get_close_matches(key, list(by_fold), n=n, cutoff=0.6):
        out.extend(k for k in by_fold[folded] if k not in out)
    return tuple(out[:n])
