"""How long a step really takes: small distributions of whole durations.

A duration is counted from the step's opening event (the same event that opens its
statutory period in :data:`vkac_flow.law.steps.STEPS`) in one of two units:

* ``"working_days"``: the event happens on the N-th working day after the opening event
  (the same counting as a working-day period, see ``legal-time.md``; N = 0 keeps the day);
* ``"days"``: N calendar days after the opening event, moved to the next working day if
  that is a day off (the parties act on working days). Named choice
  ``calendar-days-then-next-working-day``.

>>> import numpy as np
>>> days = Triangular(10, 18, 25, "working_days").sample(np.random.default_rng(1), 1000)
>>> int(days.min()) >= 10, int(days.max()) <= 25
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, Protocol, TypeAlias, runtime_checkable

import attrs
import numpy as np

from vkac_flow.errors import InputError, InputTypeError, echo
from vkac_flow.messages import Text
from vkac_flow.simulate._arrays import IntArray

__all__ = [
    "UNITS",
    "Distribution",
    "Empirical",
    "Fixed",
    "Triangular",
    "Uniform",
    "Unit",
]

Unit: TypeAlias = Literal["working_days", "days"]
UNITS: tuple[str, ...] = ("working_days", "days")
"""The units a duration is counted in."""


def _check_unit(_inst: object, _attr: attrs.Attribute[str], value: object) -> None:
    if value not in UNITS:
        raise InputError(Text("error.simulate.unit", units=str(UNITS), value=echo(value)))


def _check_count(_inst: object, attr: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InputTypeError(Text("error.simulate.count_type", name=attr.name, value=echo(value)))
    if value < 0:
        raise InputError(Text("error.simulate.count_negative", name=attr.name, value=echo(value)))


@runtime_checkable
class Distribution(Protocol):
    """Anything that draws whole durations in a :data:`Unit`."""

    @property
    def unit(self) -> str:
        """``"working_days"`` or ``"days"``."""
        ...

    def sample(self, rng: np.random.Generator, size: int) -> IntArray:
        """Draw ``size`` durations (non-negative ints)."""
        ...


@attrs.frozen
class Fixed:
    """Always ``n``.

    >>> Fixed(20, "working_days").sample(np.random.default_rng(0), 2)
    array([20, 20])
    """

    n: int = attrs.field(validator=_check_count)
    unit: str = attrs.field(validator=_check_unit)

    def sample(self, rng: np.random.Generator, size: int) -> IntArray:
        """Draw ``size`` durations."""
        return np.full(size, int(self.n), dtype=np.int64)


@attrs.frozen
class Uniform:
    """Any whole number from ``lo`` to ``hi`` (both included), equally likely."""

    lo: int = attrs.field(validator=_check_count)
    hi: int = attrs.field(validator=_check_count)
    unit: str = attrs.field(validator=_check_unit)

    def __attrs_post_init__(self) -> None:
        if self.lo > self.hi:
            raise InputError(Text("error.simulate.uniform_order", lo=self.lo, hi=self.hi))

    def sample(self, rng: np.random.Generator, size: int) -> IntArray:
        """Draw ``size`` durations."""
        out: IntArray = rng.integers(self.lo, self.hi + 1, size=size, dtype=np.int64)
        return out


@attrs.frozen
class Triangular:
    """A triangular distribution from ``lo`` to ``hi`` peaking at ``mode``, rounded to whole days."""

    lo: int = attrs.field(validator=_check_count)
    mode: int = attrs.field(validator=_check_count)
    hi: int = attrs.field(validator=_check_count)
    unit: str = attrs.field(validator=_check_unit)

    def __attrs_post_init__(self) -> None:
        if not self.lo <= self.mode <= self.hi:
            raise InputError(
                Text("error.simulate.triangular_order", lo=self.lo, mode=self.mode, hi=self.hi)
            )

    def sample(self, rng: np.random.Generator, size: int) -> IntArray:
        """Draw ``size`` durations."""
        if self.lo == self.hi:
            return np.full(size, int(self.lo), dtype=np.int64)
        out: IntArray = np.rint(rng.triangular(self.lo, self.mode, self.hi, size=size)).astype(
            np.int64
        )
        return out


def _as_counts(values: Any) -> tuple[int, ...]:
    if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray):
        raise InputTypeError(Text("error.simulate.empirical_type", value=echo(values)))
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int | np.integer):
            raise InputTypeError(Text("error.simulate.empirical_value_type", value=echo(v)))
        if v < 0:
            raise InputError(Text("error.simulate.empirical_negative", value=echo(v)))
        out.append(int(v))
    if not out:
        raise InputError(Text("error.simulate.empirical_empty"))
    return tuple(out)


def _as_weights(values: Any) -> tuple[float, ...] | None:
    if values is None:
        return None
    if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray):
        raise InputTypeError(Text("error.simulate.empirical_weights_type", value=echo(values)))
    if any(isinstance(v, bool) or not isinstance(v, int | float | np.number) for v in values):
        raise InputTypeError(Text("error.simulate.empirical_weights_type", value=echo(values)))
    out = tuple(float(v) for v in values)
    if any(not np.isfinite(w) or w < 0 for w in out) or sum(out) <= 0:
        raise InputError(Text("error.simulate.empirical_weights", value=str(out)))
    return out


@attrs.frozen
class Empirical:
    """Observed durations, drawn with replacement (optionally weighted).

    >>> sorted(set(Empirical([12, 15, 22], "working_days").sample(np.random.default_rng(0), 50).tolist()))
    [12, 15, 22]
    """

    values: tuple[int, ...] = attrs.field(converter=_as_counts)
    unit: str = attrs.field(validator=_check_unit)
    weights: tuple[float, ...] | None = attrs.field(default=None, converter=_as_weights)

    def __attrs_post_init__(self) -> None:
        if self.weights is not None and len(self.weights) != len(self.values):
            raise InputError(
                Text(
                    "error.simulate.empirical_lengths",
                    weights=len(self.weights),
                    values=len(self.values),
                )
            )

    def sample(self, rng: np.random.Generator, size: int) -> IntArray:
        """Draw ``size`` durations."""
        p = None
        if self.weights is not None:
            w = np.asarray(self.weights)
            p = w / w.sum()
        out: IntArray = rng.choice(np.asarray(self.values, dtype=np.int64), size=size, p=p)
        return out
