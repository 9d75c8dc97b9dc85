"""Statutory periods: working days, months and calendar days (APL s. 41-43).

>>> WorkingDays(20)
WorkingDays(n=20)
>>> str(Months(1)), Months(1).lv, Months(21).text.render("lv")
('1 month', '1 mēnesis', '21 mēnesis')
>>> WorkingDays(-1)
Traceback (most recent call last):
...
vkac_flow.errors.InvalidPeriodError: a period count must be a whole number >= 1, got -1
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypeAlias

import attrs

from vkac_flow.errors import InvalidPeriodError, echo
from vkac_flow.messages import Count, Text

__all__ = ["MAX_COUNT", "Days", "Months", "Period", "WorkingDays", "period_from_dict"]


MAX_COUNT = 10**9
"""The largest count of a period (of any unit): a billion days, months or working days is
beyond every date Python can represent (year 9999), so a larger count can only be an error
and is refused with :class:`~vkac_flow.errors.InvalidPeriodError` at construction. A count
within the bound that runs past the calendar's last day is refused by the count itself
(:class:`~vkac_flow.errors.DateOutOfRangeError`)."""


def _check_count(_inst: object, _attr: attrs.Attribute[int], value: object) -> None:
    # A statutory period runs for at least one unit: a zero period has no last day to count
    # to (APL s. 42(1) starts counting the day after the event), so it is refused.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidPeriodError(Text("error.calendar.period_count", value=echo(value)))
    if value > MAX_COUNT:
        raise InvalidPeriodError(
            Text("error.calendar.period_count_max", max=MAX_COUNT, value=echo(value))
        )


def _lv_plural(n: int, one: str, many: str) -> str:
    # Latvian: 1, 21, 31... (but not 11) take the singular.
    return one if n % 10 == 1 and n % 100 != 11 else many


@attrs.frozen
class WorkingDays:
    """A period of ``n`` working days ("n darbdienu laikā"), e.g. p. 13.2, 15.2, 19.1.

    The N-th working day after the event is the last day (see ``docs/legal-time.md``).
    """

    n: int = attrs.field(validator=_check_count)

    unit = "working_days"

    def __str__(self) -> str:
        return f"{self.n} working day{'s' if self.n != 1 else ''}"

    @property
    def lv(self) -> str:
        """The period in Latvian."""
        return f"{self.n} {_lv_plural(self.n, 'darbdiena', 'darbdienas')}"

    @property
    def text(self) -> Text:
        """The period as a catalogue text, for messages in any language."""
        return Count(f"field.calendar.period.{self.unit}", self.n)


@attrs.frozen
class Months:
    """A period of ``n`` months (APL s. 43(1)), e.g. p. 13.3, 15.1, 15.3, 16."""

    n: int = attrs.field(validator=_check_count)

    unit = "months"

    def __str__(self) -> str:
        return f"{self.n} month{'s' if self.n != 1 else ''}"

    @property
    def lv(self) -> str:
        """The period in Latvian."""
        return f"{self.n} {_lv_plural(self.n, 'mēnesis', 'mēneši')}"

    @property
    def text(self) -> Text:
        """The period as a catalogue text, for messages in any language."""
        return Count(f"field.calendar.period.{self.unit}", self.n)


@attrs.frozen
class Days:
    """A period of ``n`` calendar days (APL s. 42(1), 43(2)); for completeness."""

    n: int = attrs.field(validator=_check_count)

    unit = "days"

    def __str__(self) -> str:
        return f"{self.n} day{'s' if self.n != 1 else ''}"

    @property
    def lv(self) -> str:
        """The period in Latvian."""
        return f"{self.n} {_lv_plural(self.n, 'diena', 'dienas')}"

    @property
    def text(self) -> Text:
        """The period as a catalogue text, for messages in any language."""
        return Count(f"field.calendar.period.{self.unit}", self.n)


Period: TypeAlias = WorkingDays | Months | Days
"""Any statutory period."""

_UNITS: Mapping[str, type[WorkingDays] | type[Months] | type[Days]] = MappingProxyType(
    {
        "working_days": WorkingDays,
        "months": Months,
        "days": Days,
    }
)


def period_from_dict(data: Any) -> Period:
    """Build a period from ``{"working_days": 20}``-style data (one key, one count).

    >>> period_from_dict({"months": 1})
    Months(n=1)

    Raises:
        InvalidPeriodError: The data are not one known unit with a valid count.
    """
    if not isinstance(data, dict) or len(data) != 1:
        raise InvalidPeriodError(Text("error.calendar.period_shape", value=echo(data)))
    ((unit, n),) = data.items()
    if unit not in _UNITS:
        raise InvalidPeriodError(
            Text("error.calendar.period_unit", value=echo(unit), known=str(sorted(_UNITS)))
        )
    return _UNITS[unit](n)
