"""Array plumbing shared by the batch timeline and the simulator (imports numpy).

* :func:`as_date_array` turns user input into a 1-D ``datetime64[D]`` array with the same
  rules as :func:`vkac_flow.calendar.dates.to_date` (a naive time of day is refused, APL s. 42(1));
* :func:`due_offsets` gives the due date of a statutory period for many start offsets at
  once. It memoises :meth:`ArrayIndex.deadline_offsets` over the calendar's whole domain
  (one table per calendar and period, built on first use), so a due date is one gather from
  a table computed by the very function the calendar uses, not a second implementation;
* :func:`initiator_codes` maps initiators to small integer codes (p. 12);
* :func:`check_in_range` and :func:`row_index` refuse dates and row indices the arrays
  cannot serve, with typed errors naming the value.
"""

from __future__ import annotations

import datetime
import os
import sys
import weakref
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from vkac_flow.calendar.dates import to_date
from vkac_flow.calendar.periods import Period
from vkac_flow.errors import (
    DateOutOfRangeError,
    InputError,
    InputTypeError,
    NaiveDatetimeError,
    echo,
)
from vkac_flow.law.regulation import REGULATION_IN_FORCE
from vkac_flow.law.steps import Route, route_for
from vkac_flow.messages import Points, Text

if TYPE_CHECKING:
    from vkac_flow.calendar.arrays import ArrayIndex

__all__ = [
    "INITIATOR_KINDS",
    "NAT",
    "ROW_KINDS",
    "BoolArray",
    "DateArray",
    "IntArray",
    "as_date_array",
    "check_in_force",
    "check_in_range",
    "data_frame",
    "due_offsets",
    "initiator_codes",
    "route_of_code",
    "row_index",
    "stacklevel_outside_package",
]

DateArray = np.ndarray[Any, np.dtype[np.datetime64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]
BoolArray = np.ndarray[Any, np.dtype[np.bool_]]
CodeArray = np.ndarray[Any, np.dtype[np.uint8]]

NAT = np.datetime64("NaT", "D")
"""Not-a-time: the date of an event that never happened (e.g. training after a rejection)."""

INITIATOR_KINDS: tuple[str, ...] = ("municipality", "institution", "service_holder")
"""The kinds of party that may propose a transfer (p. 12), indexed by initiator code."""

_FINE_UNITS = frozenset({"h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"})
_UNIT_NAMES = frozenset({"Y", "M", "W", "generic"})
"""The ``datetime64`` units coarser than a day, each named by ``field.simulate.unit_<unit>``."""


def as_date_array(values: object, what: str = "letters") -> DateArray:
    """Turn ``values`` into a 1-D ``datetime64[D]`` array of legal dates.

    Accepted: a numpy ``datetime64[D]`` array, or one of a unit finer than a day if every
    value is exactly midnight (a time of day without a zone has no date in Riga, APL
    s. 42(1)); a numpy object array, list or tuple of anything
    :func:`~vkac_flow.calendar.dates.to_date` accepts (dates, aware datetimes, ISO date strings); a
    pandas ``Series``/``Index`` of either. Named choice ``day-resolution-only``: a
    ``datetime64`` of a coarser unit (``[Y]``, ``[M]``, ``[W]``, or no unit) is refused:
    ``"2026"`` or ``"2026-03"`` is not a day, and reading it as its first day would invent
    a date the scalar :func:`~vkac_flow.procedures.timeline.statutory_timeline` refuses.

    Raises:
        InputTypeError: Not an array or sequence of dates (ints, floats, strings in a numpy
            ``str`` array, a scalar, a ``datetime64`` coarser than a day...).
        NaiveDatetimeError: A ``datetime64`` value with a time of day.
        InputError: A missing value (``NaT``) or an array that is not 1-D.
    """
    if not isinstance(values, np.ndarray) and hasattr(values, "to_numpy"):
        values = values.to_numpy()
    if isinstance(values, list | tuple):
        arr = np.empty(len(values), dtype=object)
        arr[:] = list(values)
        values = arr
    if not isinstance(values, np.ndarray):
        raise InputTypeError(
            Text(
                "error.simulate.dates_type",
                what=what,
                kind=type(values).__name__,
                value=echo(values),
            )
        )
    if values.ndim != 1:
        raise InputError(Text("error.simulate.dates_ndim", what=what, shape=str(values.shape)))
    if values.dtype.kind == "M":
        unit = np.datetime_data(values.dtype)[0]
        if unit != "D" and unit not in _FINE_UNITS:  # named choice day-resolution-only
            named = Text(f"field.simulate.unit_{unit}") if unit in _UNIT_NAMES else unit
            raise InputTypeError(
                Text("error.simulate.dates_coarse", what=what, dtype=str(values.dtype), unit=named)
            )
        if np.isnat(values).any():
            i = int(np.flatnonzero(np.isnat(values))[0])
            raise InputError(Text("error.simulate.dates_nat", what=what, i=i))
        days = values.astype("datetime64[D]")
        if unit in _FINE_UNITS:
            timed = values != days.astype(values.dtype)
            if timed.any():
                i = int(np.flatnonzero(timed)[0])
                raise NaiveDatetimeError(
                    Text("error.simulate.dates_naive", what=what, i=i, value=str(values[i])),
                    points=("APL s. 42(1)",),
                )
        return days
    if values.dtype == object:
        out = np.empty(len(values), dtype="datetime64[D]")
        for i, value in enumerate(values):
            if value is None:
                raise InputError(Text("error.simulate.dates_none", what=what, i=i))
            out[i] = np.datetime64(to_date(value, what=f"{what}[{i}]"), "D")
        return out
    raise InputTypeError(Text("error.simulate.dates_dtype", what=what, dtype=str(values.dtype)))


def check_in_force(days: DateArray, what: str) -> None:
    """Refuse dates before the regulation entered into force on 2017-07-01 (p. 25)."""
    first = np.datetime64(REGULATION_IN_FORCE, "D")
    if days.size and days.min() < first:
        i = int(np.argmax(days < first))
        raise DateOutOfRangeError(
            Text(
                "error.simulate.before_regulation",
                what=what,
                i=i,
                day=str(days[i]),
                date=REGULATION_IN_FORCE.isoformat(),
            ),
            points=("p. 25",),
        )


def check_in_range(days: DateArray, what: str, index: ArrayIndex) -> None:
    """Refuse dates before 2017-07-01 (p. 25) or outside the calendar's range.

    Raises:
        DateOutOfRangeError: Naming the first such date and its position in ``what``.
    """
    check_in_force(days, what)
    cal = index.calendar
    first, last = np.datetime64(cal.first_date, "D"), np.datetime64(cal.last_date, "D")
    if days.size and (days.min() < first or days.max() > last):
        i = int(np.argmax((days < first) | (days > last)))
        if days[i] > last:
            text = Text(
                "error.simulate.after_calendar", what=what, i=i, day=str(days[i]), last=str(last)
            )
        else:
            text = Text(
                "error.simulate.before_calendar", what=what, i=i, day=str(days[i]), first=str(first)
            )
        raise DateOutOfRangeError(text)


ROW_KINDS = MappingProxyType(
    {
        "procedure": ("field.simulate.procedure_index", "field.simulate.procedures"),
        "timeline": ("field.simulate.timeline_index", "field.simulate.letters"),
    }
)
"""The rows :func:`row_index` checks: the message texts naming the index and the rows."""


def row_index(i: object, n: int, kind: str) -> int:
    """Check a row index ``i`` into ``n`` rows (negative indices count from the end).

    Args:
        i: The index.
        n: The number of rows.
        kind: ``"procedure"`` (rows of a simulation) or ``"timeline"`` (rows of letters).

    Raises:
        InputTypeError: ``i`` is not an int (bools refused; numpy integers accepted).
        InputError: ``i`` is out of range.
    """
    if isinstance(i, bool | np.bool_) or not isinstance(i, int | np.integer):
        index_key, _rows = ROW_KINDS[kind]
        raise InputTypeError(
            Text("error.simulate.index_type", index=Text(index_key), value=echo(i))
        )
    if not -n <= i < n:
        index_key, rows_key = ROW_KINDS[kind]
        index, rows = Text(index_key), Text(rows_key)
        if not n:
            raise InputError(Text("error.simulate.index_empty", index=index, i=int(i), rows=rows))
        raise InputError(
            Text("error.simulate.index_range", index=index, i=int(i), n=n, rows=rows, last=n - 1)
        )
    return int(i) % n


def stacklevel_outside_package() -> int:
    """The ``stacklevel`` for :func:`warnings.warn` that names the first caller outside vkac_flow.

    Called by the function that warns: level 1 is that function; every vkac_flow frame
    above it is skipped, so the warning shows the user's line (their call of
    :func:`~vkac_flow.simulate.simulate`, or of a vkac_flow function that calls it).
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and os.path.abspath(frame.f_code.co_filename).startswith(
        package
    ):
        frame = frame.f_back
        level += 1
    return level


# One table per (calendar index, period): table[o] is the due offset of the period counted
# from offset o, for every o whose due date lies inside the calendar's range.
_TABLES: weakref.WeakKeyDictionary[ArrayIndex, dict[Period, IntArray]] = weakref.WeakKeyDictionary()


def _valid_prefix(index: ArrayIndex, period: Period) -> int:
    """How many start offsets (0..k-1) have a due date inside the calendar's range.

    Due dates never decrease as the start moves later (working-day counting, APL s. 43(1)
    month arithmetic and the s. 43(2) roll are all monotonic), so the valid starts are a
    prefix of the index; a binary search finds its end.
    """

    def ok(o: int) -> bool:
        try:
            index.deadline_offsets(np.array([o], dtype=np.int64), period)
        except DateOutOfRangeError:
            return False
        return True

    lo, hi = 0, index.size  # ok(lo - 1) is true (or lo == 0), ok(hi) is false
    if ok(index.size - 1):
        return index.size
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            lo = mid + 1
        else:
            hi = mid
    return lo


def due_table(index: ArrayIndex, period: Period) -> IntArray:
    """``table[o]``: the due offset of ``period`` counted from offset ``o`` (memoised)."""
    tables = _TABLES.setdefault(index, {})
    table = tables.get(period)
    if table is None:
        k = _valid_prefix(index, period)
        table = index.deadline_offsets(np.arange(k, dtype=np.int64), period)
        table.setflags(write=False)
        tables[period] = table
    return table


def due_offsets(
    index: ArrayIndex,
    starts: IntArray,
    period: Period,
    what: str,
    *,
    row: Callable[[int], tuple[str | Text, tuple[str, ...]]] | None = None,
) -> IntArray:
    """Due offsets of ``period`` from each start offset (as ``index.deadline_offsets``).

    Args:
        index: The calendar's array index.
        starts: Start offsets.
        period: The statutory period.
        what: The step key, for messages.
        row: Given the position of a start, who it belongs to (``"letters[3] = ..."``)
            and the step's points on that row's route, for messages.

    Raises:
        DateOutOfRangeError: A start or a due date outside the calendar's range, naming
            the row, the step and the calendar's last date.
    """
    table = due_table(index, period)
    if starts.size and (starts.min() < 0 or starts.max() >= len(table)):
        pos = int(np.argmax((starts < 0) | (starts >= len(table))))
        day = index.to_dates(starts[pos : pos + 1])[0]
        who, points = row(pos) if row is not None else ("", ())
        basis = Text("field.simulate.list", first=period.text, rest=Points(points))
        if not points:
            basis = period.text
        values = {
            "step": Text(f"step.{what}"),
            "basis": basis,
            "day": str(day),
            "last": index.calendar.last_date.isoformat(),
        }
        if who:
            raise DateOutOfRangeError(
                Text("error.simulate.row_deadline_past_calendar", row=who, **values)
            )
        raise DateOutOfRangeError(Text("error.simulate.deadline_past_calendar", **values))
    out: IntArray = table[starts]
    return out


def _kind_of(initiator: object) -> str:
    route_for(initiator)  # p. 12: only a municipality, an institution or a holder may propose
    if isinstance(initiator, str):
        return initiator
    kind = getattr(initiator, "kind", initiator)
    return str(getattr(kind, "value", kind))


def initiator_codes(initiator: object, n: int) -> CodeArray:
    """Codes into :data:`INITIATOR_KINDS` for ``n`` procedures.

    Args:
        initiator: One initiator for all (a Party, PartyKind or kind string), or a sequence /
            array of ``n`` of them.
        n: The number of procedures.

    Raises:
        RuleViolationError: An initiator that may not propose (p. 12).
        InputTypeError: An initiator of an unknown type.
        InputError: A sequence whose length is not ``n``.
    """
    if isinstance(initiator, str) or not isinstance(initiator, Sequence | np.ndarray):
        return np.full(n, INITIATOR_KINDS.index(_kind_of(initiator)), dtype=np.uint8)
    values = np.asarray(initiator, dtype=object)
    if values.ndim != 1 or len(values) != n:
        raise InputError(Text("error.simulate.initiator_shape", n=n, shape=str(values.shape)))
    if n == 0:
        return np.zeros(0, dtype=np.uint8)
    uniques, inverse = np.unique(values.astype(str), return_inverse=True)
    first_of = {str(u): values[int(np.argmax(inverse == k))] for k, u in enumerate(uniques)}
    lookup = np.array(
        [INITIATOR_KINDS.index(_kind_of(first_of[str(u)])) for u in uniques], dtype=np.uint8
    )
    out: CodeArray = lookup[inverse]
    return out


def draw_initiator_codes(
    shares: Mapping[Any, float], n: int, rng: np.random.Generator
) -> CodeArray:
    """Draw ``n`` initiator codes with the given shares (weights need not sum to 1)."""
    kinds = [INITIATOR_KINDS.index(_kind_of(k)) for k in shares]
    weights = np.asarray([float(w) for w in shares.values()], dtype=float)
    if (
        not len(kinds)
        or (weights < 0).any()
        or not np.isfinite(weights).all()
        or weights.sum() <= 0
    ):
        raise InputError(Text("error.simulate.initiator_shares", value=echo(dict(shares))))
    out: CodeArray = np.asarray(kinds, dtype=np.uint8)[
        rng.choice(len(kinds), size=n, p=weights / weights.sum())
    ]
    return out


def route_of_code(code: int) -> Route:
    """The route (p. 13 or p. 14) of an initiator code."""
    return route_for(INITIATOR_KINDS[code])


def as_date(day: np.datetime64) -> datetime.date | None:
    """A ``datetime64[D]`` scalar as a :class:`datetime.date` (``None`` for NaT)."""
    if np.isnat(day):
        return None
    value = day.astype("datetime64[D]").item()
    assert isinstance(value, datetime.date)
    return value


def data_frame(columns: dict[str, Any]) -> Any:
    """A pandas ``DataFrame`` of ``columns`` (``to_frame()`` of the result classes)."""
    try:
        import pandas as pd
    except ModuleNotFoundError as exc:  # pragma: no cover - pandas is in the test extra
        raise ModuleNotFoundError(
            "to_frame() needs pandas (pip install 'vkac-flow[notebook]'); "
            "to_records() gives plain dicts without it"
        ) from exc
    return pd.DataFrame(columns)
