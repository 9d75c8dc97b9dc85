"""`PeriodTables` against the day-by-day rules they precompute (APL s. 43(1)-(2))."""

from __future__ import annotations

import datetime

import pytest

from vkac_flow.calendar import LatvianCalendar
from vkac_flow.calendar.base import RollPolicy
from vkac_flow.calendar.deadline import add_months, period_may_end_on
from vkac_flow.calendar.periods import Days, Months

D = datetime.date

VARIANTS = {
    "default": {},
    "no transfers": {"transfers": False},
    "extras": {
        # a weekday off, a Saturday and a Monday made working days by the user
        "extra_days_off": {D(2026, 3, 4): "Municipal day off"},
        "extra_working_days": [D(2026, 3, 7), D(2025, 11, 17)],
    },
}


@pytest.mark.parametrize("policy", list(RollPolicy))
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_tables_are_the_day_by_day_rules(variant: str, policy: RollPolicy) -> None:
    cal = LatvianCalendar(roll_policy=policy, **VARIANTS[variant])  # type: ignore[arg-type]
    tables = cal.period_tables()
    first = cal.first_date
    n = (cal.last_date - first).days + 1
    assert len(tables.roll_to) == len(tables.month_of) == len(tables.day_of) == n
    checked = range((D(2031, 1, 1) - first).days)  # the years with orders, and some more
    nxt = tables.roll_to[checked[-1] + 1]
    for i in reversed(checked):
        day = first + datetime.timedelta(days=i)
        if period_may_end_on(cal, day):
            nxt = i
        assert tables.roll_to[i] == nxt, day
        assert tables.day_of[i] == day.day
        m = tables.month_of[i]
        assert first + datetime.timedelta(days=tables.month_start[m]) == day.replace(day=1)
    assert tables.roll_to[-1] in (-1, n - 1)


def test_month_and_day_periods_match_the_plain_rules() -> None:
    cal = LatvianCalendar(roll_policy=RollPolicy.STATUTE_TEXT)
    day = D(2017, 1, 1)
    while day < D(2028, 1, 1):
        for k in (1, 2, 12):
            target, _ = add_months(day, k)
            due = target
            while not period_may_end_on(cal, due):
                due += datetime.timedelta(days=1)
            assert cal.deadline(day, Months(k)).due == due, (day, k)
        target = day + datetime.timedelta(days=10)
        due = target
        while not period_may_end_on(cal, due):
            due += datetime.timedelta(days=1)
        assert cal.deadline(day, Days(10)).due == due, day
        day += datetime.timedelta(days=3)
