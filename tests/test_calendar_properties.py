"""Properties of the calendar and of deadlines, checked with hypothesis.

The dates are drawn from 2017..2030 and biased towards the days the law makes special
(transfer days off, working Saturdays, holidays and observed days), where bugs hide.
"""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vkac_flow.calendar import DayKind, LatvianCalendar, default_calendar
from vkac_flow.calendar.deadline import RollPolicy
from vkac_flow.calendar.periods import Days, Months, Period, WorkingDays
from vkac_flow.errors import DateOutOfRangeError

D = datetime.date
FIRST = D(2017, 1, 1)
LAST = D(2030, 12, 31)

CALENDARS = (
    default_calendar(),
    LatvianCalendar(roll_policy=RollPolicy.STATUTE_TEXT),
    LatvianCalendar(transfers=False),
)

_SPECIAL = sorted(
    info.date
    for year in range(FIRST.year, LAST.year + 1)
    for info in default_calendar().special_days(year)
)
_TRANSFER_DAYS = [
    d
    for d in _SPECIAL
    if default_calendar().day_info(d).kind in (DayKind.TRANSFER_DAY_OFF, DayKind.WORKING_SATURDAY)
]
assert len(_TRANSFER_DAYS) == 26  # 13 days off and 13 Saturdays, 2017-2026


def _near(days: list[datetime.date]) -> st.SearchStrategy[datetime.date]:
    """A special day, or a day up to a week either side of it."""
    return st.builds(
        lambda d, k: d + datetime.timedelta(days=k), st.sampled_from(days), st.integers(-7, 7)
    )


def dates(lo: datetime.date = FIRST, hi: datetime.date = LAST) -> st.SearchStrategy[datetime.date]:
    """Dates in [lo, hi], often on or near a special day."""
    return st.one_of(
        st.dates(lo, hi),
        _near(_TRANSFER_DAYS).filter(lambda d: lo <= d <= hi),
        _near(_SPECIAL).filter(lambda d: lo <= d <= hi),
    )


calendars = st.sampled_from(CALENDARS)
periods: st.SearchStrategy[Period] = st.one_of(
    st.builds(WorkingDays, st.integers(1, 45)),
    st.builds(Months, st.integers(1, 14)),
    st.builds(Days, st.integers(1, 60)),
)


# ---------------------------------------------------------------- working days


@given(calendars, dates(), st.integers(1, 60))
def test_forward_working_day_deadline_is_a_working_day(
    cal: LatvianCalendar, start: datetime.date, n: int
) -> None:
    due = cal.deadline(start, WorkingDays(n)).due
    assert cal.is_working_day(due)
    assert due > start


@given(calendars, dates(), st.integers(0, 60))
def test_delta_inverts_add(cal: LatvianCalendar, start: datetime.date, n: int) -> None:
    end = cal.add_working_days(start, n)
    assert cal.get_working_days_delta(start, end) == n
    assert cal.get_working_days_delta(end, start) == n


@given(calendars, dates(D(2017, 6, 1)), st.integers(1, 60))
def test_delta_inverts_add_backwards(cal: LatvianCalendar, start: datetime.date, n: int) -> None:
    end = cal.add_working_days(start, -n)
    assert end < start
    assert cal.is_working_day(end)
    # Working days in (end, start]: the n-1 between them, and start itself if it works.
    assert cal.get_working_days_delta(end, start) == n - 1 + cal.is_working_day(start)
    assert cal.get_working_days_delta(end, start, include_start=True) == n + cal.is_working_day(
        start
    )
    if cal.is_working_day(start):
        assert cal.add_working_days(end, n) == start


@given(calendars, dates(D(2017, 3, 1)), st.integers(-40, 40))
def test_add_working_days_matches_a_day_by_day_walk(
    cal: LatvianCalendar, start: datetime.date, n: int
) -> None:
    step = datetime.timedelta(days=1 if n >= 0 else -1)
    day, left = start, abs(n)
    while left:
        day += step
        left -= cal.day_info(day).is_working
    assert cal.add_working_days(start, n) == day


# ---------------------------------------------------------------- deadlines


@given(calendars, dates(), dates(), periods)
def test_deadlines_never_move_backwards(
    cal: LatvianCalendar, a: datetime.date, b: datetime.date, period: Period
) -> None:
    early, late = min(a, b), max(a, b)
    assert cal.deadline(early, period).due <= cal.deadline(late, period).due


@given(calendars, dates(), periods)
def test_forward_due_is_not_before_the_start(
    cal: LatvianCalendar, start: datetime.date, period: Period
) -> None:
    d = cal.deadline(start, period)
    assert d.due >= start
    assert d.provisional == (d.due.year > cal.horizon)
    if not isinstance(period, WorkingDays) or period.n > 0:
        # A month or day period ends on a day the roll policy accepts (APL s. 43(2)).
        if cal.roll_policy is RollPolicy.INSTITUTION_CALENDAR:
            assert cal.is_working_day(d.due)
        else:
            assert d.due.weekday() < 5 or isinstance(period, WorkingDays)


@given(calendars, dates(D(2018, 6, 1)), periods)
def test_backward_deadline_is_consistent(
    cal: LatvianCalendar, event: datetime.date, period: Period
) -> None:
    d = cal.deadline_before(event, period)
    assert cal.is_working_day(d.due)
    assert d.due <= event
    assert cal.deadline(d.due, period).due <= event
    # ...and it is the latest such working day.
    nxt = cal.add_working_days(d.due, 1)
    assert nxt > event or cal.deadline(nxt, period).due > event


@given(calendars, dates(D(2018, 6, 1)), periods, st.sampled_from(["en", "lv"]))
def test_explain_never_raises_and_ends_on_the_due_date(
    cal: LatvianCalendar, day: datetime.date, period: Period, lang: str
) -> None:
    for d in (cal.deadline(day, period), cal.deadline_before(day, period)):
        steps = d.steps
        text = d.explain(lang)
        assert text
        final = [s for s in steps if s.code != "provisional"][-1]
        assert final.code == "result"
        assert final.day == d.due
        assert d.due.isoformat() in (final.en if lang == "en" else final.lv)
        assert (steps[-1].code == "provisional") == d.provisional


# ---------------------------------------------------------------- arrays agree with scalars

date_lists = st.lists(dates(), min_size=1, max_size=40)


def _to_array(days: list[datetime.date]) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    return np.array(days, dtype="datetime64[D]")


@given(calendars, date_lists)
def test_is_working_day_array(cal: LatvianCalendar, days: list[datetime.date]) -> None:
    expected = [cal.is_working_day(d) for d in days]
    assert cal.is_working_day_array(_to_array(days)).tolist() == expected


@given(calendars, date_lists, st.integers(-40, 40))
def test_add_working_days_array(cal: LatvianCalendar, days: list[datetime.date], n: int) -> None:
    try:
        expected = [cal.add_working_days(d, n) for d in days]
    except DateOutOfRangeError:  # before 2017-01-01: the array refuses too
        with pytest.raises(DateOutOfRangeError):
            cal.add_working_days_array(_to_array(days), n)
        return
    assert cal.add_working_days_array(_to_array(days), n).tolist() == expected


@given(calendars, date_lists, st.data())
def test_add_working_days_array_per_element_delta(
    cal: LatvianCalendar, days: list[datetime.date], data: st.DataObject
) -> None:
    deltas = data.draw(st.lists(st.integers(-30, 30), min_size=len(days), max_size=len(days)))
    try:
        expected = [cal.add_working_days(d, n) for d, n in zip(days, deltas, strict=True)]
    except DateOutOfRangeError:
        with pytest.raises(DateOutOfRangeError):
            cal.add_working_days_array(_to_array(days), np.array(deltas))
        return
    got = cal.add_working_days_array(_to_array(days), np.array(deltas))
    assert got.tolist() == expected


@given(calendars, date_lists, periods)
def test_deadline_array(cal: LatvianCalendar, days: list[datetime.date], period: Period) -> None:
    expected = [cal.deadline(d, period) for d in days]
    got = cal.deadline_array(_to_array(days), period)
    assert got.tolist() == [d.due for d in expected]
    provisional = cal.arrays().provisional(got)
    assert provisional.tolist() == [d.provisional for d in expected]
