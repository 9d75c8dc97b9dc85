"""Cross-check of the calendar against the `holidays` package (Latvia), day by day.

The `holidays` package carries the law's holidays (likumi.lv id 72608), the observed days
(s. 2(3)), the festival and one-off days and the Cabinet transfer orders with their
references, so it is an independent oracle for every date 2017-01-01..2026-12-31.
"""

from __future__ import annotations

import datetime

import holidays

from vkac_flow.calendar import LatvianCalendar, load_calendar_data

FIRST = datetime.date(2017, 1, 1)
LAST = datetime.date(2026, 12, 31)


def _all_days() -> list[datetime.date]:
    return [FIRST + datetime.timedelta(days=i) for i in range((LAST - FIRST).days + 1)]


def _oracle() -> holidays.HolidayBase:
    return holidays.country_holidays("LV", years=range(FIRST.year, LAST.year + 1))


def test_every_day_2017_2026_matches_the_holidays_package(cal: LatvianCalendar) -> None:
    oracle = _oracle()
    differing = [d for d in _all_days() if cal.is_working_day(d) != oracle.is_working_day(d)]
    assert differing == []


def test_the_oracle_really_sees_the_transfer_orders() -> None:
    # Guards the test above: an oracle without transfers would make it vacuous for them.
    oracle = _oracle()
    assert oracle.is_working_day(datetime.date(2026, 1, 17))  # working Saturday
    assert not oracle.is_working_day(datetime.date(2026, 1, 2))  # transfer day off


def test_without_transfers_equals_oracle_minus_the_orders() -> None:
    data = load_calendar_data()
    working_saturdays = {d for o in data.transfer_orders for d in o.working_saturdays}
    transfer_days_off = {d for o in data.transfer_orders for d in o.days_off}
    assert working_saturdays  # the data really has orders
    assert transfer_days_off
    oracle = _oracle()
    municipal = LatvianCalendar(transfers=False)

    def expected(d: datetime.date) -> bool:
        if d in working_saturdays:
            return False
        if d in transfer_days_off:
            return True
        return bool(oracle.is_working_day(d))

    differing = [d for d in _all_days() if municipal.is_working_day(d) != expected(d)]
    assert differing == []


def test_every_order_in_the_data_cites_its_source() -> None:
    for order in load_calendar_data().transfer_orders:
        assert order.source
        if order.days_off:
            assert "likumi.lv id" in order.source
