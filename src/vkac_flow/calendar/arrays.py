"""Vectorised calendar operations over numpy ``datetime64[D]`` arrays (the ``sim`` extra).

numpy's own ``busday_offset`` takes a weekmask and a list of holidays, so it cannot express
a Saturday that a Cabinet order made a working day: on such dates it is off by one. These
functions use the same precomputed index as the scalar
:class:`~vkac_flow.calendar.LatvianCalendar`, so scalar and array answers agree.

This module imports numpy; the package never imports it at import time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from vkac_flow.calendar.base import WorkingCalendar
from vkac_flow.calendar.periods import Days, Months, Period, WorkingDays
from vkac_flow.errors import DateOutOfRangeError, InputTypeError, echo
from vkac_flow.messages import Text

__all__ = ["ArrayIndex", "add_months_array"]

DateArray = np.ndarray[Any, np.dtype[np.datetime64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]
BoolArray = np.ndarray[Any, np.dtype[np.bool_]]

# Names of days in error messages (made once, not on every call).
_DATE = Text("field.calendar.date")
_START = Text("field.calendar.array_start")
_PERIOD_END = Text("field.calendar.array_period_end")


def add_months_array(days: npt.ArrayLike, n: int) -> DateArray:
    """APL s. 43(1) month arithmetic over an array: same date, or the month's last day.

    >>> add_months_array(np.array(["2025-01-31", "2026-04-30"], dtype="datetime64[D]"), 1)
    array(['2025-02-28', '2026-05-30'], dtype='datetime64[D]')
    """
    d = np.asarray(days, dtype="datetime64[D]")
    month = d.astype("datetime64[M]")
    day_index = (d - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.timedelta64(n, "M")
    target_start = target.astype("datetime64[D]")
    month_len = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - target_start).astype(
        np.int64
    )
    out: DateArray = target_start + np.minimum(day_index, month_len - 1).astype("timedelta64[D]")
    return out


class ArrayIndex:
    """numpy arrays mirroring a calendar's index; build with ``LatvianCalendar.arrays()``."""

    def __init__(self, cal: WorkingCalendar) -> None:
        self.calendar = cal
        self.first = np.datetime64(cal.first_date, "D")
        self._base = int(self.first.astype(np.int64))
        table = cal.day_table()
        self.working: BoolArray = np.frombuffer(table.working, dtype=np.uint8).astype(bool)
        self.rank: IntArray = np.asarray(table.rank, dtype=np.int64)
        self.workdays: IntArray = np.asarray(table.workdays, dtype=np.int64)
        self.size = len(self.working)
        # The same tables as the scalar month and day periods (APL s. 43(1)-(2)).
        tables = cal.period_tables()
        # roll_to[i]: offset of the first day >= i on which a period may end (-1: none).
        self.roll_to: IntArray = np.asarray(tables.roll_to, dtype=np.int64)
        self._month_of = np.asarray(tables.month_of, dtype=np.int64)
        self._day_of = np.asarray(tables.day_of, dtype=np.int64)
        self._month_start = np.asarray(tables.month_start, dtype=np.int64)
        # workday_days[k]: the (k+1)-th working day as days since 1970 (datetime64[D]).
        self._workday_days: IntArray = self.workdays + self._base
        self.horizon_end = np.datetime64(cal.horizon_end, "D")

    def offsets(self, days: npt.ArrayLike, what: str | Text = _DATE) -> IntArray:
        """Offsets of ``days`` into the index; raises if any lies outside the range."""
        d = np.asarray(days, dtype="datetime64[D]")
        off: IntArray = d.view(np.int64) - self._base
        self._check_offsets(off, what)
        return off

    def _check_offsets(self, off: IntArray, what: str | Text) -> None:
        # One pass: as unsigned, a negative offset (NaT included) is larger than any size.
        if off.size and off.view(np.uint64).max() >= self.size:
            raise DateOutOfRangeError(
                Text(
                    "error.calendar.array_out_of_range",
                    what=what,
                    first=self.calendar.first_date.isoformat(),
                    last=self.calendar.last_date.isoformat(),
                )
            )

    def to_dates(self, offsets: IntArray) -> DateArray:
        """Turn index offsets back into ``datetime64[D]``."""
        out: DateArray = (offsets + self._base).astype("datetime64[D]")
        return out

    def is_working(self, days: npt.ArrayLike) -> BoolArray:
        """Whether each day is a working day."""
        out: BoolArray = self.working[self.offsets(days)]
        return out

    def _positive_positions(self, off: IntArray, delta: npt.ArrayLike) -> IntArray | None:
        """Positions in :attr:`workdays` of the results if every ``delta`` is > 0, else None.

        The common call (counts of one or more working days): one pass for the check, one
        for the range, no per-element branch.
        """
        # In place where the shapes allow: every fresh array of a million dates costs page
        # faults on the first touch, more than the arithmetic.
        if isinstance(delta, int | np.integer):
            if delta <= 0:
                return None
            pos: IntArray = self.rank[off]
            pos += int(delta) - 1
        else:
            dl = np.asarray(delta, dtype=np.int64)
            if not dl.size or dl.min() <= 0:
                return None
            pos = self.rank[off]
            if pos.shape == np.broadcast_shapes(pos.shape, dl.shape):
                pos += dl
                pos -= 1
            else:
                pos = pos + (dl - 1)
        if pos.size and pos.max() >= len(self.workdays):
            raise DateOutOfRangeError(Text("error.calendar.array_working_day_out_of_range"))
        return pos

    def add_working_days_offsets(self, off: IntArray, delta: npt.ArrayLike) -> IntArray:
        """Like :meth:`add_working_days`, on offsets."""
        fast = self._positive_positions(off, delta)
        if fast is not None:
            moved: IntArray = self.workdays[fast]
            return moved
        dl = np.asarray(delta, dtype=np.int64)
        rank = self.rank[off]
        pos = np.where(dl > 0, rank + dl - 1, rank - self.working[off] + dl)
        bad = (dl != 0) & (pos.view(np.uint64) >= len(self.workdays))
        if np.any(bad):
            raise DateOutOfRangeError(Text("error.calendar.array_working_day_out_of_range"))
        moved = self.workdays[np.clip(pos, 0, len(self.workdays) - 1)]
        out: IntArray = np.where(dl == 0, off, moved)
        return out

    def add_working_days(self, days: npt.ArrayLike, delta: npt.ArrayLike) -> DateArray:
        """The ``delta``-th working day after each day (``delta`` broadcasts; 0 keeps it)."""
        off = self.offsets(days)
        fast = self._positive_positions(off, delta)
        if fast is not None:
            return self._dates_of_workdays(fast, off)
        return self.to_dates(self.add_working_days_offsets(off, delta))

    def _dates_of_workdays(self, pos: IntArray, spare: IntArray) -> DateArray:
        """The dates of the working days at (checked) positions ``pos``.

        Written into ``spare`` (a temporary of the caller's) if it has the right shape.
        """
        out = spare if spare.shape == pos.shape else np.empty_like(pos)
        np.take(self._workday_days, pos, out=out, mode="clip")  # "clip": no buffering
        dates: DateArray = out.view("datetime64[D]")
        return dates

    def roll_offsets(self, off: IntArray) -> IntArray:
        """APL s. 43(2) over offsets: the first day on or after each on which a period ends."""
        if off.size and off.view(np.uint64).max() >= self.size:
            raise DateOutOfRangeError(Text("error.calendar.array_period_end_out_of_range"))
        out: IntArray = self.roll_to[off]
        if out.size and out.min() < 0:
            raise DateOutOfRangeError(Text("error.calendar.array_rolled_out_of_range"))
        return out

    def _month_targets(self, off: IntArray, n: int) -> IntArray:
        """APL s. 43(1) on offsets: the same date ``n`` months later, or that month's last."""
        m = self._month_of[off] + n
        if m.size and m.max() + 1 >= len(self._month_start):
            raise DateOutOfRangeError(
                Text(
                    "error.calendar.array_month_out_of_range",
                    first=self.calendar.first_date.isoformat(),
                    last=self.calendar.last_date.isoformat(),
                )
            )
        first = self._month_start[m]
        length = self._month_start[m + 1] - first
        target: IntArray = first + np.minimum(self._day_of[off], length) - 1
        self._check_offsets(target, _PERIOD_END)
        return target

    def deadline_offsets(self, off: IntArray, period: Period) -> IntArray:
        """Due dates (as offsets) of ``period`` counted from each offset."""
        if isinstance(period, WorkingDays):
            return self.add_working_days_offsets(off, period.n)
        if isinstance(period, Months):
            return self.roll_offsets(self._month_targets(off, period.n))
        if isinstance(period, Days):
            return self.roll_offsets(off + period.n)
        raise InputTypeError(
            Text("error.calendar.period_type", type=type(period).__name__, value=echo(period))
        )

    def deadline(self, starts: npt.ArrayLike, period: Period) -> DateArray:
        """Due date of :meth:`WorkingCalendar.deadline` for each start."""
        off = self.offsets(starts, _START)
        if isinstance(period, WorkingDays):
            pos = self._positive_positions(off, period.n)
            assert pos is not None  # a period counts at least 1 (periods.py)
            return self._dates_of_workdays(pos, off)
        return self.to_dates(self.deadline_offsets(off, period))

    def provisional(self, days: npt.ArrayLike) -> BoolArray:
        """Whether each day lies past the calendar's horizon."""
        out: BoolArray = np.asarray(days, dtype="datetime64[D]") > self.horizon_end
        return out
