"""The numpy view of the calendar (``LatvianCalendar.arrays()``, the ``sim`` extra)."""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pytest

from vkac_flow.calendar import LatvianCalendar
from vkac_flow.calendar.arrays import ArrayIndex, add_months_array
from vkac_flow.calendar.deadline import RollPolicy
from vkac_flow.calendar.periods import Days, Months
from vkac_flow.errors import DateOutOfRangeError, InputTypeError

D = datetime.date


def _a(*days: str) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    return np.array(days, dtype="datetime64[D]")


def test_arrays_is_built_once(cal: LatvianCalendar) -> None:
    index = cal.arrays()
    assert isinstance(index, ArrayIndex)
    assert cal.arrays() is index
    assert index.calendar is cal
    assert index.size == (cal.last_date - cal.first_date).days + 1


def test_the_issue_examples_as_arrays(cal: LatvianCalendar) -> None:
    starts = _a("2025-12-19", "2026-01-12")
    assert cal.add_working_days_array(starts, np.array([20, 5])).tolist() == [
        D(2026, 1, 23),
        D(2026, 1, 17),
    ]
    assert cal.is_working_day_array(_a("2025-11-17", "2025-11-08")).tolist() == [False, True]
    months = cal.deadline_array(
        _a("2025-01-31", "2026-04-30", "2026-05-22", "2026-05-27"), Months(1)
    )
    assert months.tolist() == [D(2025, 2, 28), D(2026, 6, 1), D(2026, 6, 25), D(2026, 6, 27)]
    statute = LatvianCalendar(roll_policy=RollPolicy.STATUTE_TEXT)
    assert statute.deadline_array(_a("2026-05-22", "2026-05-27"), Months(1)).tolist() == [
        D(2026, 6, 22),
        D(2026, 6, 29),
    ]


def test_offsets_round_trip(cal: LatvianCalendar) -> None:
    index = cal.arrays()
    days = _a("2017-01-01", "2026-06-22", "2099-12-31")
    off = index.offsets(days)
    assert off.tolist() == [0, (D(2026, 6, 22) - D(2017, 1, 1)).days, index.size - 1]
    assert (index.to_dates(off) == days).all()
    moved = index.add_working_days_offsets(off[:2], np.array([0, 1]))
    assert index.to_dates(moved).tolist() == [D(2017, 1, 1), D(2026, 6, 25)]
    assert index.to_dates(index.roll_offsets(off[1:2])).tolist() == [D(2026, 6, 25)]
    # 22 June + 5 days = Sat 27 June, a working Saturday: the period ends on it.
    assert index.to_dates(index.deadline_offsets(off[1:2], Days(5))).tolist() == [D(2026, 6, 27)]
    assert index.provisional(_a("2026-12-31", "2027-01-01")).tolist() == [False, True]


def test_empty_arrays(cal: LatvianCalendar) -> None:
    empty = np.array([], dtype="datetime64[D]")
    assert cal.is_working_day_array(empty).shape == (0,)
    assert cal.add_working_days_array(empty, 3).shape == (0,)
    assert cal.deadline_array(empty, Months(1)).shape == (0,)


def test_out_of_range_and_bad_input(cal: LatvianCalendar) -> None:
    with pytest.raises(DateOutOfRangeError):
        cal.is_working_day_array(_a("2016-12-31"))
    with pytest.raises(DateOutOfRangeError):
        cal.is_working_day_array(np.array(["NaT"], dtype="datetime64[D]"))
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days_array(_a("2099-12-30"), 5)
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days_array(_a("2017-01-03"), -5)
    with pytest.raises(DateOutOfRangeError):
        cal.deadline_array(_a("2099-12-15"), Months(1))
    with pytest.raises(DateOutOfRangeError):
        cal.deadline_array(_a("2099-12-30"), Days(1))  # Thu 31 Dec 2099 is a holiday
    with pytest.raises(InputTypeError):
        cal.deadline_array(_a("2026-01-01"), "1 month")  # type: ignore[arg-type]


def test_add_months_array_matches_s_43_1() -> None:
    days = _a("2025-01-31", "2024-01-31", "2026-04-30", "2026-12-31", "2026-03-15")
    assert add_months_array(days, 1).tolist() == [
        D(2025, 2, 28),
        D(2024, 2, 29),
        D(2026, 5, 30),
        D(2027, 1, 31),
        D(2026, 4, 15),
    ]
    assert add_months_array(days, 0).tolist() == days.tolist()


def test_numpy_busday_offset_is_wrong_around_working_saturdays(cal: LatvianCalendar) -> None:
    # Why the library has its own arrays: numpy's best configuration (Mon-Fri weekmask and
    # every weekday day off as a holiday) cannot express Sat 2026-01-17 as a working day.
    holidays = np.array(
        [d for y in range(2025, 2027) for d, _ in cal.holidays(y) if d.weekday() < 5],
        dtype="datetime64[D]",
    )
    numpy_due = np.busday_offset(_a("2026-01-12"), 5, roll="forward", holidays=holidays)
    assert numpy_due.tolist() == [D(2026, 1, 19)]
    assert cal.add_working_days_array(_a("2026-01-12"), 5).tolist() == [D(2026, 1, 17)]
