"""What the deadline and array code need of a calendar: its day table and a protocol.

:class:`~vkac_flow.calendar.latvian.LatvianCalendar` precomputes, for every day of its
range, whether the day is a working day and how many working days precede it. Code that
counts periods (:mod:`vkac_flow.calendar.deadline`, :mod:`vkac_flow.calendar.arrays`)
reads that index through this module's documented face (:class:`DayTable`,
:class:`WorkingCalendar`), never through the calendar's private attributes, and so never
imports the calendar class itself: the modules of the package import in one direction,
``base`` <- ``deadline`` <- ``latvian``.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Sequence
from typing import Any, Protocol

import attrs

from vkac_flow.calendar.data import DayInfo
from vkac_flow.messages import Text

__all__ = ["DayTable", "PeriodTables", "RollPolicy", "WorkingCalendar"]


class RollPolicy(enum.Enum):
    """How APL s. 43(2) treats the days that a Cabinet transfer order changed.

    s. 43(2) moves a period that ends on "a Saturday, Sunday or public holiday" to the
    next working day. It names neither a weekday made a day off by a transfer order nor a
    Saturday made a working day.
    """

    INSTITUTION_CALENDAR = "institution_calendar"
    """Default. Follow the working-day calendar of state institutions, which the orders
    bind: a transferred weekday off moves the end to the next working day, and a Saturday
    made a working day is a valid last day. Supported by Civil Law s. 1498 (a deadline on a
    day when the act cannot legally be done moves to the next day without that obstacle)."""

    STATUTE_TEXT = "statute_text"
    """Read s. 43(2) literally: only Saturdays, Sundays and public holidays move the end; a
    transferred weekday off does not, and a working Saturday still does. The day off that the
    holiday law itself adds after a weekend holiday (s. 2(3), a "brīvdiena") and user-added
    days off are treated as holidays: a statute (or the user) sets them, whereas a transfer
    day off is set by a Cabinet order binding state institutions only."""


@attrs.frozen
class DayTable:
    """A calendar's precomputed index of days (read-only).

    Day ``i`` is ``first_date + i`` days, for ``0 <= i < len(working)``.

    Attributes:
        first_date: The first day of the table.
        working: ``working[i]`` is 1 if day ``i`` is a working day, else 0.
        rank: ``rank[i]``: the number of working days among days ``0..i``.
        workdays: ``workdays[k]``: the index of the ``(k+1)``-th working day.
    """

    first_date: datetime.date
    working: bytes
    rank: Sequence[int]
    workdays: Sequence[int]


@attrs.frozen
class PeriodTables:
    """Month and day periods as lookups over a calendar's day index (see :class:`DayTable`).

    Day ``i`` is ``first_date + i`` days. Built once per calendar (on its first month or
    day period) by :func:`vkac_flow.calendar.deadline.period_tables`.

    Attributes:
        month_of: ``month_of[i]``: the month of day ``i``, counted from the month of day 0.
        day_of: ``day_of[i]``: the day of the month of day ``i`` (1..31).
        month_start: ``month_start[m]``: the index of the 1st of month ``m`` (negative if
            before the table); one entry more than there are months, the last one the
            index of the 1st of the month after the table's last month.
        roll_to: ``roll_to[i]``: the first index ``>= i`` of a day on which a month or day
            period may end under the calendar's roll policy (APL s. 43(2),
            :func:`~vkac_flow.calendar.deadline.period_may_end_on`), or -1 if there is none in the table.
    """

    month_of: Sequence[int]
    day_of: Sequence[int]
    month_start: Sequence[int]
    roll_to: Sequence[int]


class WorkingCalendar(Protocol):
    """The face of a working-day calendar that deadlines are counted on.

    :class:`~vkac_flow.calendar.latvian.LatvianCalendar` is the one implementation.
    """

    @property
    def first_date(self) -> datetime.date:
        """The first day the calendar covers."""
        ...

    @property
    def last_date(self) -> datetime.date:
        """The last day the calendar covers."""
        ...

    @property
    def horizon(self) -> int:
        """The last year whose transfer orders are known."""
        ...

    @property
    def horizon_end(self) -> datetime.date:
        """The last day whose working-day status is certain."""
        ...

    @property
    def roll_policy(self) -> RollPolicy:
        """How APL s. 43(2) treats days a transfer order changed."""
        ...

    def index_of(self, day: datetime.date, what: str | Text = "date") -> int:
        """The position of ``day`` in :meth:`day_table`; out of range raises."""
        ...

    def day_table(self) -> DayTable:
        """The precomputed index of days."""
        ...

    def period_tables(self) -> PeriodTables:
        """Month and day periods as lookups over the day index (built on first use)."""
        ...

    def period_tables_if_due(self) -> PeriodTables | None:
        """The period tables, or None while counting day by day is still cheaper."""
        ...

    def is_working_day(self, day: Any) -> bool:
        """Whether ``day`` is a working day."""
        ...

    def day_info(self, day: Any) -> DayInfo:
        """What ``day`` is, with its legal source."""
        ...

    def add_working_days(self, day: Any, delta: int) -> datetime.date:
        """The day ``delta`` working days after (or before) ``day``."""
        ...

    def uncertainty(self, day: Any, lang: str = "en") -> str | None:
        """Why a result reaching ``day`` is uncertain, if it is (in ``lang``)."""
        ...
