"""Statutory periods (APL s. 41-43): validation, names in English and Latvian, from data."""

from __future__ import annotations

import pytest

from vkac_flow.calendar.periods import Days, Months, WorkingDays, period_from_dict
from vkac_flow.errors import InputError, InvalidPeriodError, VkacFlowError


@pytest.mark.parametrize("cls", [WorkingDays, Months, Days])
@pytest.mark.parametrize("bad", [-1, 0, 1.5, "3", True, None])
def test_invalid_counts(cls: type[WorkingDays | Months | Days], bad: object) -> None:
    with pytest.raises(InvalidPeriodError, match="whole number >= 1"):
        cls(bad)  # type: ignore[arg-type]


def test_invalid_period_error_is_a_value_error() -> None:
    assert issubclass(InvalidPeriodError, InputError)
    assert issubclass(InvalidPeriodError, ValueError)
    assert issubclass(InvalidPeriodError, VkacFlowError)


@pytest.mark.parametrize(
    ("period", "en", "lv"),
    [
        (WorkingDays(1), "1 working day", "1 darbdiena"),
        (WorkingDays(5), "5 working days", "5 darbdienas"),
        (WorkingDays(21), "21 working days", "21 darbdiena"),
        (WorkingDays(11), "11 working days", "11 darbdienas"),
        (Months(1), "1 month", "1 mēnesis"),
        (Months(3), "3 months", "3 mēneši"),
        (Days(1), "1 day", "1 diena"),
        (Days(10), "10 days", "10 dienas"),
    ],
)
def test_names(period: WorkingDays | Months | Days, en: str, lv: str) -> None:
    assert str(period) == en
    assert period.lv == lv


def test_periods_are_values() -> None:
    assert WorkingDays(5) == WorkingDays(5)
    other: object = Days(5)
    assert WorkingDays(5) != other
    assert len({Months(1), Months(1), Days(1)}) == 2
    with pytest.raises(AttributeError):
        WorkingDays(5).n = 6  # type: ignore[misc]
    assert (WorkingDays.unit, Months.unit, Days.unit) == ("working_days", "months", "days")


@pytest.mark.parametrize("period", [WorkingDays(20), Months(1), Days(1)])
def test_period_from_dict_round_trip(period: WorkingDays | Months | Days) -> None:
    assert period_from_dict({period.unit: period.n}) == period


@pytest.mark.parametrize(
    "data",
    [{}, {"weeks": 2}, {"months": 1, "days": 2}, {"months": -1}, [("months", 1)], "months", None],
)
def test_period_from_dict_rejects(data: object) -> None:
    with pytest.raises(InvalidPeriodError):
        period_from_dict(data)
