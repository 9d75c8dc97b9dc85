"""to_date: every input reduced to its legal date, the date in Riga (APL s. 42(1))."""

from __future__ import annotations

import datetime

import pendulum
import pytest

from vkac_flow.calendar.dates import RIGA, to_date, today_in_riga
from vkac_flow.errors import (
    DateFormatError,
    DateOutOfRangeError,
    InputError,
    InputTypeError,
    NaiveDatetimeError,
    VkacFlowError,
)

D = datetime.date
UTC = datetime.UTC


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2026, 3, 2), D(2026, 3, 2)),
        (pendulum.date(2026, 3, 2), D(2026, 3, 2)),
        ("2026-03-02", D(2026, 3, 2)),
        (" 2026-03-02 ", D(2026, 3, 2)),
        ("20260302", D(2026, 3, 2)),  # ISO-8601 basic format
        # 23:30 UTC on 1 December is 01:30 on 2 December in Riga (UTC+2 in winter).
        (datetime.datetime(2026, 12, 1, 23, 30, tzinfo=UTC), D(2026, 12, 2)),
        (pendulum.datetime(2026, 12, 1, 23, 30, tz="UTC"), D(2026, 12, 2)),
        ("2026-12-01T23:30Z", D(2026, 12, 2)),
        ("2026-12-01T23:30:00+00:00", D(2026, 12, 2)),
        ("2026-12-01 21:59:59+00:00", D(2026, 12, 1)),
        # Summer time (UTC+3): 21:30 UTC is 00:30 the next day.
        ("2026-06-30T21:30:00Z", D(2026, 7, 1)),
        ("2026-06-30T20:59:00Z", D(2026, 6, 30)),
        # A time zone west of UTC: 20:00 in New York is 03:00 next day in Riga.
        ("2026-03-02T20:00:00-05:00", D(2026, 3, 3)),
        (pendulum.datetime(2026, 3, 2, 0, 30, tz="Europe/Riga"), D(2026, 3, 2)),
    ],
)
def test_accepted_inputs(value: object, expected: datetime.date) -> None:
    result = to_date(value)
    assert result == expected
    assert type(result) is datetime.date


def test_riga_zone() -> None:
    assert RIGA.name == "Europe/Riga"
    assert isinstance(today_in_riga(), datetime.date)
    assert type(today_in_riga()) is datetime.date


@pytest.mark.parametrize(
    "value",
    [datetime.datetime(2026, 3, 2, 12, 0), "2026-03-02T12:00:00", "2026-03-02 12:00"],
)
def test_naive_datetimes_are_rejected(value: object) -> None:
    with pytest.raises(NaiveDatetimeError, match=r"APL s\. 42"):
        to_date(value)


@pytest.mark.parametrize(
    "value", ["", "2026-02-30", "02.03.2026", "2026-3-2", "soon", "2026-03-02T25:00Z"]
)
def test_malformed_strings(value: str) -> None:
    with pytest.raises(DateFormatError):
        to_date(value)


@pytest.mark.parametrize("value", [20260302, 2026.0, None, b"2026-03-02", True, [2026, 3, 2]])
def test_wrong_types(value: object) -> None:
    with pytest.raises(InputTypeError, match="expected a date"):
        to_date(value)


def test_datetimes_whose_riga_date_does_not_exist() -> None:
    with pytest.raises(DateOutOfRangeError):
        to_date(datetime.datetime(9999, 12, 31, 23, 0, tzinfo=UTC))
    with pytest.raises(DateOutOfRangeError):
        to_date(
            datetime.datetime(1, 1, 1, 0, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=5)))
        )


def test_what_names_the_value() -> None:
    with pytest.raises(DateFormatError, match=r"^start: "):
        to_date("nope", what="start")


def test_error_hierarchy() -> None:
    for exc in (NaiveDatetimeError, DateFormatError, DateOutOfRangeError):
        assert issubclass(exc, InputError)
        assert issubclass(exc, ValueError)
        assert issubclass(exc, VkacFlowError)
    assert issubclass(InputTypeError, TypeError)
    assert issubclass(InputTypeError, VkacFlowError)
    # Code that catches the built-ins keeps working.
    with pytest.raises(ValueError, match="not an ISO-8601 date"):
        to_date("nope")
    with pytest.raises(TypeError, match="expected a date"):
        to_date(3)
