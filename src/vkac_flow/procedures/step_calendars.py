"""A deadline that says whose calendar counted it (:data:`STEP_ON_RESPONSIBLE_CALENDAR`).

:func:`party_deadline` counts a statutory step on the calendar
:func:`vkac_flow.law.calendars.step_calendar` picks (the one rule, also the simulator's)
and returns a :class:`PartyDeadline`: a :class:`~vkac_flow.calendar.deadline.Deadline`
(equal to the plain one with the same values) whose explanation starts with the calendar it
was counted on, in English and Latvian.

>>> import datetime
>>> from vkac_flow.law.calendars import municipal_calendars
>>> from vkac_flow.law.parties import Party
>>> reg = municipal_calendars().with_municipality("Cēsu novads", follows=False, source="t")
>>> d = party_deadline("service_start", datetime.date(2026, 5, 29), (), Party.municipality("Cēsu novads"), reg)
>>> print(d.explain().splitlines()[0][:70])
Counted on the calendar of municipality Cēsu novads: without the Cabin
"""

from __future__ import annotations

import datetime
from typing import Any

from vkac_flow.calendar.deadline import Deadline, ExplanationStep
from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.law.calendars import (
    STEP_ON_RESPONSIBLE_CALENDAR,
    MunicipalCalendars,
    calendar_label,
    step_calendar,
)
from vkac_flow.law.parties import Party
from vkac_flow.law.steps import STEPS

__all__ = ["STEP_ON_RESPONSIBLE_CALENDAR", "PartyDeadline", "party_deadline"]


class PartyDeadline(Deadline):
    """A deadline counted on a party's calendar; its explanation names that calendar.

    Equal (and of equal hash) to a plain :class:`Deadline` of the same six values.

    Attributes:
        counted_on: ``(english, latvian)``: which calendar counted it.
    """

    __slots__ = ("counted_on",)
    counted_on: tuple[str, str]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Deadline):
            return NotImplemented
        return self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Deadline):
            return NotImplemented
        return self._key() != other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Deadline.__reduce__(self)[0], Deadline.__reduce__(self)[1])

    @property
    def steps(self) -> tuple[ExplanationStep, ...]:
        """The explanation, led by the calendar it was counted on."""
        en, lv = self.counted_on
        return (ExplanationStep("calendar", self.start, en, lv), *super().steps)


def party_deadline(
    step: str,
    start: datetime.date,
    basis: tuple[str, ...],
    municipality: Party | None,
    registry: MunicipalCalendars | None,
    *,
    base: LatvianCalendar | None = None,
) -> Deadline:
    """The deadline of ``step`` from ``start`` on the calendar of the party responsible.

    A municipality's step (p. 15.3) gives a :class:`PartyDeadline` naming the calendar; the
    other steps a plain deadline on ``base`` (the state institutions' calendar).
    """
    cal = step_calendar(step, municipality, registry, base=base)
    rule = STEPS[step]
    plain = cal.deadline(start, rule.period, basis=basis)
    if "municipality" not in rule.responsible:
        return plain
    out = object.__new__(PartyDeadline)
    Deadline.__init__(
        out,
        plain.due,
        plain.start,
        plain.period,
        plain.direction,
        plain.basis,
        plain.provisional,
        cal,
    )
    object.__setattr__(out, "counted_on", calendar_label(cal, municipality))
    return out
