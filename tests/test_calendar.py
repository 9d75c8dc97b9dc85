"""LatvianCalendar: the law's days off and working days, and workalendar's API.

Sources: holidays law likumi.lv id 72608 (s. 1 holidays, s. 2(3) observed days), one-off
laws ids 299942 and 342196, Cabinet transfer orders (Labour Law s. 133(4)); see
shared/law/legal-time.md s. 2-3.
"""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from workalendar.core import Calendar as WorkalendarCalendar

from vkac_flow.calendar import (
    DayInfo,
    DayKind,
    LatvianCalendar,
    TransferOrder,
    default_calendar,
    load_calendar_data,
)
from vkac_flow.calendar.deadline import RollPolicy
from vkac_flow.calendar.periods import WorkingDays
from vkac_flow.errors import (
    CalendarDataError,
    DateOutOfRangeError,
    InputError,
    InputTypeError,
    VkacFlowError,
)

D = datetime.date


# ---------------------------------------------------------------- the examples


def test_twenty_working_days_over_christmas(cal: LatvianCalendar) -> None:
    assert cal.add_working_days(D(2025, 12, 19), 20) == D(2026, 1, 23)


def test_five_working_days_end_on_a_working_saturday(cal: LatvianCalendar) -> None:
    due = cal.add_working_days(D(2026, 1, 12), 5)
    assert due == D(2026, 1, 17)
    assert due.weekday() == 5


def test_the_2025_november_transfer(cal: LatvianCalendar) -> None:
    assert not cal.is_working_day(D(2025, 11, 17))  # Monday, transfer day off
    assert cal.is_working_day(D(2025, 11, 8))  # Saturday, worked instead
    assert cal.day_info(D(2025, 11, 17)).kind is DayKind.TRANSFER_DAY_OFF
    assert cal.day_info(D(2025, 11, 8)).kind is DayKind.WORKING_SATURDAY
    assert "351684" in cal.day_info(D(2025, 11, 17)).source


@pytest.mark.parametrize(
    ("closing_day", "day_off"),
    [(D(2018, 7, 8), D(2018, 7, 9)), (D(2023, 7, 9), D(2023, 7, 10))],
)
def test_festival_closing_day_on_sunday_gives_monday_off(
    cal: LatvianCalendar, closing_day: datetime.date, day_off: datetime.date
) -> None:
    assert cal.day_info(closing_day).kind is DayKind.HOLIDAY
    assert "269373" in cal.day_info(closing_day).source
    assert day_off.weekday() == 0
    assert not cal.is_working_day(day_off)
    assert cal.day_info(day_off).kind is DayKind.OBSERVED
    # The Monday before and the Tuesday after are ordinary working days.
    assert cal.is_working_day(day_off + datetime.timedelta(days=1))


@pytest.mark.parametrize(
    ("day", "law_id"), [(D(2018, 9, 24), "299942"), (D(2023, 5, 29), "342196")]
)
def test_one_off_holidays(cal: LatvianCalendar, day: datetime.date, law_id: str) -> None:
    assert day.weekday() == 0
    assert not cal.is_working_day(day)
    info = cal.day_info(day)
    assert info.kind is DayKind.HOLIDAY
    assert law_id in info.source
    # Only that year: the same date a year later is a working day.
    assert cal.is_working_day(day.replace(year=day.year + 1)) == (
        day.replace(year=day.year + 1).weekday() < 5
    )


def test_18_november_2023_on_saturday_gives_monday_20_off(cal: LatvianCalendar) -> None:
    assert D(2023, 11, 18).weekday() == 5
    assert cal.day_info(D(2023, 11, 18)).kind is DayKind.HOLIDAY
    info = cal.day_info(D(2023, 11, 20))
    assert info.kind is DayKind.OBSERVED
    assert "s. 2(3)" in info.source
    assert cal.is_working_day(D(2023, 11, 17))
    assert cal.is_working_day(D(2023, 11, 21))


def test_4_may_on_a_weekend_gives_monday_off(cal: LatvianCalendar) -> None:
    # 2024-05-04 is a Saturday, 2025-05-04... a Sunday: Mondays 6 and 5 May are off.
    assert cal.day_info(D(2024, 5, 6)).kind is DayKind.OBSERVED
    assert cal.day_info(D(2025, 5, 5)).kind is DayKind.OBSERVED


def test_sunday_holidays_of_the_law_are_listed(cal: LatvianCalendar) -> None:
    # Mother's Day (2nd Sunday of May) and Pentecost (Easter + 49): missing in workalendar.
    labels = dict(cal.holidays(2026))
    assert labels[D(2026, 5, 10)] == "Mother's Day"
    assert labels[D(2026, 5, 24)] == "Pentecost"


def test_day_before_holiday_is_still_a_working_day(cal: LatvianCalendar) -> None:
    # Labour Law s. 135 shortens it by an hour; it is still a working day.
    assert cal.is_working_day(D(2026, 12, 23))


# ---------------------------------------------------------------- workalendar API


def test_holidays_of_2026_contents_and_labels(cal: LatvianCalendar) -> None:
    assert cal.holidays(2026) == [
        (D(2026, 1, 1), "New Year's Day"),
        (D(2026, 1, 2), "Day off by Cabinet transfer order (worked on Saturday 2026-01-17)"),
        (D(2026, 4, 3), "Good Friday"),
        (D(2026, 4, 5), "Easter Sunday"),
        (D(2026, 4, 6), "Easter Monday"),
        (D(2026, 5, 1), "Labour Day; Constitutional Assembly Convocation Day"),
        (D(2026, 5, 4), "Restoration of Independence Day"),
        (D(2026, 5, 10), "Mother's Day"),
        (D(2026, 5, 24), "Pentecost"),
        (D(2026, 6, 22), "Day off by Cabinet transfer order (worked on Saturday 2026-06-27)"),
        (D(2026, 6, 23), "Midsummer Eve"),
        (D(2026, 6, 24), "Midsummer Day"),
        (D(2026, 11, 18), "Proclamation Day of the Republic of Latvia"),
        (D(2026, 12, 24), "Christmas Eve"),
        (D(2026, 12, 25), "Christmas Day"),
        (D(2026, 12, 26), "Second Day of Christmas"),
        (D(2026, 12, 31), "New Year's Eve"),
    ]
    assert cal.get_calendar_holidays(2026) == cal.holidays(2026)
    assert cal.holidays_set(2026) == {d for d, _ in cal.holidays(2026)}


def test_holidays_never_lists_working_saturdays(cal: LatvianCalendar) -> None:
    for year in range(2017, 2027):
        for day, _ in cal.holidays(year):
            assert not cal.is_working_day(day), day


def test_holidays_without_transfers_drops_transfer_days() -> None:
    municipal = LatvianCalendar(transfers=False)
    assert D(2026, 1, 2) not in municipal.holidays_set(2026)
    assert D(2026, 6, 22) not in municipal.holidays_set(2026)
    assert len(municipal.holidays(2026)) == 15


def test_holidays_default_year_is_this_year(cal: LatvianCalendar) -> None:
    assert cal.holidays() == cal.holidays(datetime.date.today().year)


def test_is_holiday_and_label(cal: LatvianCalendar) -> None:
    assert cal.is_holiday(D(2026, 6, 23))
    assert cal.is_holiday(D(2026, 6, 22))  # transfer day off counts as a day off
    assert not cal.is_holiday(D(2026, 6, 27))  # working Saturday
    assert not cal.is_holiday(D(2026, 6, 28))  # plain Sunday: not a holiday
    assert not cal.is_holiday(D(2026, 3, 2))
    assert cal.is_holiday(D(2026, 3, 2), extra_holidays=[D(2026, 3, 2)])
    assert cal.get_holiday_label(D(2026, 6, 24)) == "Midsummer Day"
    assert cal.get_holiday_label(D(2026, 3, 2)) is None


def test_is_working_day_extras(cal: LatvianCalendar) -> None:
    monday = D(2026, 3, 2)
    sunday = D(2026, 3, 1)
    assert not cal.is_working_day(monday, extra_holidays=[monday])
    assert cal.is_working_day(sunday, extra_working_days=[sunday])
    # extra_working_days wins over extra_holidays, as in workalendar.
    assert cal.is_working_day(monday, extra_working_days=[monday], extra_holidays=[monday])


@pytest.mark.parametrize("start", [D(2026, 1, 2), D(2026, 1, 3), D(2026, 1, 5)])
def test_add_working_days_zero_returns_the_day(cal: LatvianCalendar, start: datetime.date) -> None:
    assert cal.add_working_days(start, 0) == start


def test_add_and_sub_working_days_negative(cal: LatvianCalendar) -> None:
    # Back from Monday 2026-01-05: Fri 2 Jan (transfer) and Thu 1 Jan are off, Wed 31 Dec
    # too, so the 1st working day before is Tue 2025-12-30.
    assert cal.add_working_days(D(2026, 1, 5), -1) == D(2025, 12, 30)
    assert cal.sub_working_days(D(2026, 1, 5), 1) == D(2025, 12, 30)
    assert cal.sub_working_days(D(2026, 1, 5), -1) == D(2025, 12, 30)  # abs(), as workalendar
    # Back from Monday 2026-01-19 the working Saturday counts.
    assert cal.sub_working_days(D(2026, 1, 19), 1) == D(2026, 1, 17)
    assert cal.sub_working_days(D(2026, 1, 17), 0) == D(2026, 1, 17)


def _workalendar_add(
    cal: LatvianCalendar,
    day: datetime.date,
    delta: int,
    work: list[datetime.date],
    off: list[datetime.date],
) -> datetime.date:
    """workalendar's own day-by-day loop, run on our is_working_day."""
    result = WorkalendarCalendar.add_working_days(
        cal, day, delta, extra_working_days=work, extra_holidays=off
    )
    assert isinstance(result, datetime.date)
    return result


@pytest.mark.parametrize("delta", [-12, -3, -1, 0, 1, 2, 5, 15])
def test_add_working_days_with_extras_agrees_with_workalendar_loop(
    cal: LatvianCalendar, delta: int
) -> None:
    work = [D(2026, 1, 3), D(2026, 1, 2), D(2026, 1, 11)]  # a Sat, the transfer day, a Sun
    off = [D(2026, 1, 7), D(2026, 1, 17), D(2026, 1, 2)]  # a Wed, the working Sat, both
    for start in (D(2025, 12, 29) + datetime.timedelta(days=k) for k in range(30)):
        expected = _workalendar_add(cal, start, delta, work, off)
        assert cal.add_working_days(start, delta, work, off) == expected, start
        if delta <= 0:
            assert cal.sub_working_days(start, -delta, work, off) == expected, start


def test_extras_change_the_result(cal: LatvianCalendar) -> None:
    start = D(2026, 1, 12)
    assert cal.add_working_days(start, 5) == D(2026, 1, 17)
    assert cal.add_working_days(start, 5, extra_holidays=[D(2026, 1, 17)]) == D(2026, 1, 19)
    assert cal.add_working_days(start, 1, extra_working_days=[D(2026, 1, 12)]) == D(2026, 1, 13)


def test_get_working_days_delta(cal: LatvianCalendar) -> None:
    a, b = D(2025, 12, 19), D(2026, 1, 23)
    assert cal.get_working_days_delta(a, b) == 20
    assert cal.get_working_days_delta(b, a) == 20  # order does not matter
    assert cal.get_working_days_delta(a, b, include_start=True) == 21  # Fri 19 Dec works
    sunday = D(2025, 12, 21)
    assert cal.get_working_days_delta(sunday, b, include_start=True) == cal.get_working_days_delta(
        sunday, b
    )
    assert cal.get_working_days_delta(a, a, include_start=True) == 0  # as workalendar


def test_get_working_days_delta_with_extras_agrees_with_workalendar(cal: LatvianCalendar) -> None:
    work = [D(2026, 1, 3)]
    off = [D(2026, 1, 13), D(2025, 12, 29)]
    for start in (D(2025, 12, 26), D(2025, 12, 29), D(2026, 1, 3)):
        for end in (D(2026, 1, 3), D(2026, 1, 20)):
            for include_start in (False, True):
                expected = WorkalendarCalendar.get_working_days_delta(
                    cal, start, end, include_start, work, off
                )
                got = cal.get_working_days_delta(start, end, include_start, work, off)
                assert got == expected, (start, end, include_start)


def test_keep_datetime(cal: LatvianCalendar) -> None:
    utc = datetime.UTC
    moment = datetime.datetime(2026, 1, 12, 9, 30, tzinfo=utc)
    kept = cal.add_working_days(moment, 5, keep_datetime=True)
    assert isinstance(kept, datetime.datetime)
    assert kept == datetime.datetime(2026, 1, 17, 9, 30, tzinfo=utc)
    dropped = cal.add_working_days(moment, 5)
    assert type(dropped) is datetime.date
    assert dropped == D(2026, 1, 17)
    assert cal.sub_working_days(moment, 1, keep_datetime=True) == datetime.datetime(
        2026, 1, 9, 9, 30, tzinfo=utc
    )
    # Late evening UTC is already the next day in Riga (APL s. 42(1)): count from Riga's date.
    late = datetime.datetime(2026, 1, 11, 23, 30, tzinfo=utc)  # 01:30 on Mon 12 Jan in Riga
    assert cal.add_working_days(late, 5) == D(2026, 1, 17)
    assert cal.add_working_days(D(2026, 1, 12), 5, keep_datetime=True) == D(2026, 1, 17)


def test_find_following_working_day(cal: LatvianCalendar) -> None:
    assert cal.find_following_working_day(D(2026, 6, 20)) == D(2026, 6, 25)
    assert cal.find_following_working_day(D(2026, 6, 27)) == D(2026, 6, 27)
    assert cal.next_working_day_on_or_after("2026-12-24") == D(2026, 12, 28)


def test_scalar_fast_path_and_general_path_agree(cal: LatvianCalendar) -> None:
    # A pendulum date and a string go through the general path, a date through the fast one.
    import pendulum

    for k in range(0, 400, 7):
        start = D(2025, 11, 1) + datetime.timedelta(days=k)
        for n in (-7, -1, 1, 9):
            expected = cal.add_working_days(start, n)
            assert cal.add_working_days(start.isoformat(), n) == expected
            assert cal.add_working_days(pendulum.date(start.year, start.month, start.day), n) == (
                expected
            )


def test_bad_arguments(cal: LatvianCalendar) -> None:
    with pytest.raises(InputTypeError):
        cal.add_working_days(D(2026, 1, 1), 1.5)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        cal.add_working_days(D(2026, 1, 1), True)
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days(D(2016, 12, 30), 1)
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days(D(2099, 12, 30), 5)
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days(D(2017, 1, 2), -5)
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days(D(2099, 12, 28), 10, extra_holidays=[D(2099, 12, 29)])
    with pytest.raises(DateOutOfRangeError):
        cal.is_working_day(D(2100, 1, 1))
    with pytest.raises(DateOutOfRangeError):
        cal.special_days(2100)
    with pytest.raises(InputTypeError):
        cal.special_days("2026")  # type: ignore[arg-type]


# ---------------------------------------------------------------- day info and data


def test_day_info_kinds(cal: LatvianCalendar) -> None:
    assert cal.day_info(D(2026, 3, 2)) == DayInfo(D(2026, 3, 2), DayKind.WORKING)
    assert cal.day_info(D(2026, 3, 1)).kind is DayKind.WEEKEND
    assert cal.day_info(D(2026, 3, 7)).name_en == "Saturday"
    assert cal.day_info(D(2026, 3, 7)).name_lv == "sestdiena"
    assert cal.day_info(D(2026, 1, 17)).is_working
    assert not cal.day_info(D(2026, 1, 2)).is_working
    assert {k for k in DayKind if k.is_working} == {
        DayKind.WORKING,
        DayKind.WORKING_SATURDAY,
        DayKind.EXTRA_WORKING_DAY,
    }


def test_every_special_day_names_its_source(cal: LatvianCalendar) -> None:
    for year in range(2017, 2027):
        for info in cal.special_days(year):
            assert info.source, info
            assert "likumi.lv id" in info.source or info.kind is DayKind.EXTRA_DAY_OFF, info


def test_transfer_order_validation() -> None:
    with pytest.raises(CalendarDataError, match="not a weekday"):
        TransferOrder(2027, days_off=[D(2027, 5, 1)])  # a Saturday
    with pytest.raises(CalendarDataError, match="not a Saturday"):
        TransferOrder(2027, working_saturdays=[D(2027, 5, 9)])  # a Sunday
    with pytest.raises(CalendarDataError, match="another year"):
        TransferOrder(2027, days_off=[D(2026, 5, 4)])
    with pytest.raises(InputTypeError):
        TransferOrder(2027, days_off="2027-05-03")  # a string, not a list of dates
    with pytest.raises(InputTypeError):
        TransferOrder(2027, days_off=[datetime.datetime(2027, 5, 3)])
    with pytest.raises(InputTypeError):
        TransferOrder("2027")  # type: ignore[arg-type]
    with pytest.raises(CalendarDataError) as info:
        TransferOrder(2027, days_off=[D(2027, 5, 2)])
    assert info.value.points == ("Labour Law s. 133(4)",)
    assert "Labour Law s. 133(4)" in str(info.value)


def test_transfer_order_on_a_holiday_is_rejected() -> None:
    # Mon 2027-03-29 is Easter Monday: an order cannot make it "a day off".
    order = TransferOrder(2027, days_off=[D(2027, 3, 29)], working_saturdays=[D(2027, 4, 3)])
    with pytest.raises(CalendarDataError, match="already a holiday"):
        LatvianCalendar(extra_orders=[order])
    # 2027-12-25 is a Saturday and a holiday: it cannot be worked.
    worked_holiday = TransferOrder(2027, working_saturdays=[D(2027, 12, 25)])
    with pytest.raises(CalendarDataError, match="is a holiday"):
        LatvianCalendar(extra_orders=[worked_holiday])
    # Without transfers the order is not applied, so nothing contradicts.
    assert LatvianCalendar(transfers=False, extra_orders=[order]).horizon == 2027


def test_calendar_argument_errors() -> None:
    with pytest.raises(CalendarDataError, match="2026-03-02"):
        LatvianCalendar(extra_days_off=[D(2026, 3, 2)], extra_working_days=[D(2026, 3, 2)])
    with pytest.raises(InputTypeError):
        LatvianCalendar(extra_orders=["2027"])  # type: ignore[list-item]
    with pytest.raises(InputTypeError):
        LatvianCalendar(roll_policy="statute_text")  # type: ignore[arg-type]
    with pytest.raises(DateOutOfRangeError):
        LatvianCalendar(extra_orders=[TransferOrder(2100)])
    with pytest.raises(DateOutOfRangeError):
        LatvianCalendar(extra_days_off=[D(2100, 1, 4)])
    for exc in (CalendarDataError, DateOutOfRangeError):
        assert issubclass(exc, VkacFlowError)
        assert issubclass(exc, InputError)
        assert issubclass(exc, ValueError)


def test_packaged_data_is_consistent() -> None:
    data = load_calendar_data()
    assert data.first_date == D(2017, 1, 1)
    years = [o.year for o in data.transfer_orders]
    assert years == list(range(2017, 2027))
    assert {f.date for f in data.festivals if f.confirmed} == {D(2018, 7, 8), D(2023, 7, 9)}
    assert {o.date for o in data.one_offs} == {D(2018, 9, 24), D(2023, 5, 29)}
    assert load_calendar_data() is data  # loaded once


# ---------------------------------------------------------------- horizon and extras


def test_horizon_is_2026(cal: LatvianCalendar) -> None:
    assert cal.horizon == 2026
    assert cal.horizon_end == D(2026, 12, 31)
    assert not cal.is_provisional(D(2026, 12, 31))
    assert cal.is_provisional(D(2027, 1, 1))
    assert [o.year for o in cal.transfer_orders] == list(range(2017, 2027))


def _order_2027() -> TransferOrder:
    # Hypothetical: Mon 2027-05-03 off (between Sat 1 May and Tue 4 May), worked Sat 8 May.
    return TransferOrder(
        2027,
        days_off=[D(2027, 5, 3)],
        working_saturdays=[D(2027, 5, 8)],
        source="hypothetical Cabinet order for 2027 (test)",
    )


def test_a_2027_order_moves_the_horizon_and_the_days() -> None:
    base = default_calendar()
    cal27 = LatvianCalendar(extra_orders=[_order_2027()])
    assert cal27.horizon == 2027
    assert base.is_working_day(D(2027, 5, 3))
    assert not cal27.is_working_day(D(2027, 5, 3))
    assert not base.is_working_day(D(2027, 5, 8))
    assert cal27.is_working_day(D(2027, 5, 8))
    assert cal27.day_info(D(2027, 5, 3)).source == "hypothetical Cabinet order for 2027 (test)"
    start = D(2027, 4, 28)
    before = base.deadline(start, WorkingDays(5))
    after = cal27.deadline(start, WorkingDays(5))
    assert before.provisional
    assert not after.provisional
    # Without the order: Thu 29, Fri 30 April, Mon 3 May (4 May is a holiday), Wed 5, Thu 6.
    assert before.due == D(2027, 5, 6)
    # With the order: Thu 29, Fri 30, Wed 5, Thu 6, Fri 7.
    assert after.due == D(2027, 5, 7)


def test_an_order_after_a_gap_does_not_move_the_horizon() -> None:
    cal = LatvianCalendar(extra_orders=[TransferOrder(2028, source="no transfer (test)")])
    assert cal.horizon == 2026
    assert cal.is_provisional(D(2027, 6, 1))
    both = LatvianCalendar(extra_orders=[TransferOrder(2028), _order_2027()])
    assert both.horizon == 2028


def test_an_extra_order_replaces_the_packaged_one() -> None:
    replaced = LatvianCalendar(extra_orders=[TransferOrder(2026, source="test: no transfer")])
    assert replaced.is_working_day(D(2026, 1, 2))
    assert not replaced.is_working_day(D(2026, 1, 17))
    assert replaced.horizon == 2026


def test_extra_days_off_and_working_days() -> None:
    cal = LatvianCalendar(
        extra_days_off={D(2026, 3, 2): ("Town day", "Pilsētas svētki")},
        extra_working_days=[D(2026, 3, 7), "2026-06-22"],
    )
    info = cal.day_info(D(2026, 3, 2))
    assert info.kind is DayKind.EXTRA_DAY_OFF
    assert (info.name_en, info.name_lv) == ("Town day", "Pilsētas svētki")
    assert cal.is_holiday(D(2026, 3, 2))
    assert cal.day_info(D(2026, 3, 7)).kind is DayKind.EXTRA_WORKING_DAY
    assert cal.is_working_day(D(2026, 6, 22))  # wins over the transfer order
    assert cal.add_working_days(D(2026, 2, 27), 1) == D(2026, 3, 3)
    assert cal.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 7)
    one_name = LatvianCalendar(extra_days_off={"2026-03-03": "Town day"})
    assert one_name.day_info(D(2026, 3, 3)).name_lv == "Town day"
    single = LatvianCalendar(extra_days_off=D(2026, 3, 4))
    assert not single.is_working_day(D(2026, 3, 4))


def test_with_changes_keeps_everything_else() -> None:
    cal = LatvianCalendar(
        extra_orders=[_order_2027()],
        extra_days_off={D(2026, 3, 2): ("Town day", "Pilsētas svētki")},
        extra_working_days=[D(2026, 3, 7)],
        roll_policy=RollPolicy.STATUTE_TEXT,
    )
    changed = cal.with_changes(transfers=False)
    assert changed.transfers is False
    assert changed.roll_policy is RollPolicy.STATUTE_TEXT
    assert changed.horizon == 2027
    assert changed.is_working_day(D(2026, 1, 2))
    assert changed.day_info(D(2026, 3, 2)) == cal.day_info(D(2026, 3, 2))
    assert changed.day_info(D(2026, 3, 7)) == cal.day_info(D(2026, 3, 7))
    back = changed.with_changes(transfers=True)
    assert not back.is_working_day(D(2027, 5, 3))
    policy = cal.with_changes(roll_policy=RollPolicy.INSTITUTION_CALENDAR)
    assert policy.roll_policy is RollPolicy.INSTITUTION_CALENDAR
    assert cal.roll_policy is RollPolicy.STATUTE_TEXT  # the original is unchanged


def test_settings_are_read_only(cal: LatvianCalendar) -> None:
    with pytest.raises(AttributeError):
        cal.roll_policy = RollPolicy.STATUTE_TEXT  # type: ignore[misc]
    with pytest.raises(AttributeError):
        cal.transfers = False  # type: ignore[misc]


def test_repr(cal: LatvianCalendar) -> None:
    assert repr(cal) == (
        "LatvianCalendar(transfers=True, horizon=2026, roll_policy=institution_calendar)"
    )
    extra = LatvianCalendar(extra_days_off=[D(2026, 3, 2)])
    assert "extra_days_off=1" in repr(extra)


def test_default_calendar_is_shared() -> None:
    assert default_calendar() is default_calendar()
    with ThreadPoolExecutor(max_workers=8) as pool:
        instances = list(pool.map(lambda _: default_calendar(), range(32)))
    assert all(c is default_calendar() for c in instances)


# ---------------------------------------------------------------- threads


def test_threads_share_one_calendar_safely() -> None:
    cal = LatvianCalendar()  # fresh: arrays() is built under contention
    rng = np.random.default_rng(7)
    days = np.datetime64("2017-02-01") + rng.integers(0, 365 * 12, 2000)
    n = rng.integers(-30, 31, 2000)
    starts = [d.item() for d in days]
    reference = LatvianCalendar()
    expected = [reference.add_working_days(s, int(k)) for s, k in zip(starts, n, strict=True)]
    barrier = threading.Barrier(16)

    def work(_: int) -> tuple[int, list[datetime.date], list[datetime.date]]:
        barrier.wait()
        index = cal.arrays()
        arr = [d.item() for d in cal.add_working_days_array(days, n)]
        scalar = [cal.add_working_days(s, int(k)) for s, k in zip(starts, n, strict=True)]
        return id(index), arr, scalar

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(work, range(16)))
    assert len({r[0] for r in results}) == 1  # one ArrayIndex, built once
    for _, arr, scalar in results:
        assert arr == expected
        assert scalar == expected
