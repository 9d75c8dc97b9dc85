"""`PeriodTables` against the day-by-day rules they precompute (APL s. 43(1)-(2))."""

from __future__ import annotations

import datetime

import pytest

from vkac_flow.calendar import LatvianCalendar
from vkac_flow.calendar.base import RollPolicy
from vkac_flow.calendar.deadline import add_months, period_may_end_on
from vkac_flow.calendar.latvian import TABLES_AFTER
from vkac_flow.calendar.periods import Days, Months
from vkac_flow.procedures.timeline import statutory_timeline

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


@pytest.mark.parametrize("policy", list(RollPolicy))
def test_periods_before_and_after_the_tables_are_built_agree(policy: RollPolicy) -> None:
    # The first TABLES_AFTER month or day periods of a calendar are counted day by day,
    # the rest by the tables: the same deadlines, bases, flags and explanations.
    lazy = LatvianCalendar(roll_policy=policy)
    eager = LatvianCalendar(roll_policy=policy)
    eager.period_tables()
    starts = [D(2017, 1, 1) + datetime.timedelta(days=7 * k + k % 5) for k in range(300)]
    periods: list[Months | Days] = [Months(1), Days(10), Months(12), Days(30), Months(3)]
    for k, start in enumerate(starts):
        period = periods[k % len(periods)]
        built = lazy._period_tables is not None
        assert built == (2 * k > TABLES_AFTER), k  # two periods a turn
        for day in (start, start.isoformat()):  # the fast path and the general one
            got, want = lazy.deadline(day, period), eager.deadline(day, period)
            assert got == want, (start, period)
            assert got.basis == want.basis
            assert got.provisional == want.provisional
        if k % 97 == 0:
            assert got.explain() == want.explain()
            assert got.explain(lang="lv") == want.explain(lang="lv")


def test_a_few_periods_build_no_tables_and_period_tables_builds_them_at_once() -> None:
    cal = LatvianCalendar()
    statutory_timeline("2026-12-01", "municipality", calendar=cal)
    assert cal.period_tables_if_due() is None
    assert cal._period_tables is None  # the timeline's few periods: counted day by day
    assert cal.period_tables() is cal.period_tables_if_due()
