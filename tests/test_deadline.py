"""Deadlines: APL s. 42(1), 43(1), 43(2), the roll policies and the backward policy.

Examples are from issue 2 and shared/law/legal-time.md s. 1, checked by hand against the
2026 calendar (Cabinet order likumi.lv id 361161: Mon 2026-06-22 off, Sat 2026-06-27
worked; 23 and 24 June are holidays, law id 72608 s. 1).
"""

from __future__ import annotations

import datetime

import pytest

from vkac_flow.calendar import LatvianCalendar, TransferOrder
from vkac_flow.calendar.deadline import BACKWARD_POLICY, Deadline, RollPolicy, add_months
from vkac_flow.calendar.periods import Days, Months, Period, WorkingDays
from vkac_flow.errors import (
    DateOutOfRangeError,
    InputError,
    InputTypeError,
    InvalidPeriodError,
    NaiveDatetimeError,
)

D = datetime.date
STATUTE = LatvianCalendar(roll_policy=RollPolicy.STATUTE_TEXT)


# ---------------------------------------------------------------- APL s. 42(1), 43(1), 43(2)


def test_twenty_working_days_over_christmas_explained(cal: LatvianCalendar) -> None:
    d = cal.deadline("2025-12-19", WorkingDays(20), basis=["p. 13.2"])
    assert d.due == D(2026, 1, 23)
    assert not d.provisional
    text = d.explain()
    lines = text.splitlines()
    assert lines[0].startswith("Counting starts on Sat 2025-12-20")
    assert "APL s. 42(1)" in lines[0]
    for day in ("2025-12-24", "2025-12-25", "2025-12-26", "2025-12-31", "2026-01-01"):
        assert f"{day} is not counted" in text, day
    assert "Fri 2026-01-02 is not counted: Day off by Cabinet transfer order" in text
    assert "361161" in text
    assert "Sat 2026-01-17 counts: Working Saturday" in text
    assert lines[-1].startswith("The 20th working day after Fri 2025-12-19 is Fri 2026-01-23")
    lv = d.explain("lv")
    assert "2026-01-02 (piektdiena) netiek skaitīta" in lv
    assert "2026-01-17 (sestdiena) tiek skaitīta" in lv
    assert "APL 42. panta 1. daļa" in lv


def test_working_days_end_on_a_working_saturday(cal: LatvianCalendar) -> None:
    assert cal.deadline(D(2026, 1, 12), WorkingDays(5)).due == D(2026, 1, 17)


def test_event_on_a_day_off_counts_from_the_next_day(cal: LatvianCalendar) -> None:
    # Sunday event: counting starts Monday, which is the 1st working day.
    assert cal.deadline(D(2026, 3, 1), WorkingDays(1)).due == D(2026, 3, 2)
    assert cal.deadline(D(2026, 3, 2), WorkingDays(1)).due == D(2026, 3, 3)


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),  # s. 43(1): no 31 Feb -> last day
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2026, 4, 30), 1, D(2026, 6, 1)),  # Sat 30 May -> Mon 1 June (s. 43(2))
        (D(2026, 3, 15), 2, D(2026, 5, 15)),
        (D(2026, 11, 30), 3, D(2027, 3, 1)),  # 28 Feb 2027 is a Sunday
    ],
)
def test_month_periods(
    cal: LatvianCalendar, start: datetime.date, n: int, due: datetime.date
) -> None:
    assert cal.deadline(start, Months(n)).due == due


@pytest.mark.parametrize(
    ("start", "n", "sentence"),
    [
        (D(2026, 4, 30), 1, "Tas pats datums 1 mēnesi vēlāk ir "),  # accusative singular
        (D(2026, 3, 15), 2, "Tas pats datums 2 mēnešus vēlāk ir "),  # accusative plural
        (D(2026, 1, 15), 21, "Tas pats datums 21 mēnesi vēlāk ir "),  # 21: the singular
        (D(2026, 1, 15), 11, "Tas pats datums 11 mēnešus vēlāk ir "),
    ],
)
def test_latvian_same_date_later_takes_the_accusative(
    cal: LatvianCalendar, start: datetime.date, n: int, sentence: str
) -> None:
    assert sentence in cal.deadline(start, Months(n)).explain(lang="lv")


def test_latvian_same_date_earlier_takes_the_accusative(cal: LatvianCalendar) -> None:
    text = cal.deadline_before(D(2026, 6, 15), Months(2)).explain(lang="lv")
    assert "Tas pats datums 2 mēnešus agrāk ir " in text


def test_latvian_clamp_names_the_month_in_the_locative(cal: LatvianCalendar) -> None:
    clamp = cal.deadline(D(2026, 1, 31), Months(1)).explain(lang="lv")
    assert "2026. gada februārī nav 31. datuma: termiņš beidzas mēneša pēdējā dienā" in clamp
    back = cal.deadline_before(D(2026, 3, 31), Months(1)).explain(lang="lv")
    assert "2026. gada februārī nav 31. datuma: tā pēdējā diena, 2026-02-28" in back
    assert "mēnesī" not in clamp + back


def test_month_clamp_and_roll_are_explained(cal: LatvianCalendar) -> None:
    clamp = cal.deadline(D(2025, 1, 31), Months(1)).explain()
    assert "2025-02 has no day 31" in clamp
    assert "APL s. 43(1)" in clamp
    rolled = cal.deadline(D(2026, 4, 30), Months(1))
    text = rolled.explain()
    assert "The same date 1 month later is Sat 2026-05-30 (APL s. 43(1))." in text
    assert "Sun 2026-05-31 is not a working day" in text
    assert "next working day, Mon 2026-06-01 (APL s. 43(2)" in text
    assert rolled.basis == ("APL s. 42(1)", "APL s. 43(1)", "APL s. 43(2)")


def test_day_periods(cal: LatvianCalendar) -> None:
    assert cal.deadline(D(2026, 6, 12), Days(10)).due == D(2026, 6, 25)  # 22-24 June off
    assert cal.deadline(D(2026, 3, 2), Days(3)).due == D(2026, 3, 5)
    d = cal.deadline(D(2026, 3, 2), Days(5))  # Sat 7 March -> Mon 9 March
    assert d.due == D(2026, 3, 9)
    assert d.basis == ("APL s. 42(1)", "APL s. 43(2)")


def test_basis_keeps_the_points_first(cal: LatvianCalendar) -> None:
    d = cal.deadline(D(2026, 3, 2), Months(1), basis=("p. 15.1", "APL s. 42(1)"))
    assert d.basis == ("p. 15.1", "APL s. 42(1)", "APL s. 43(1)")


# ---------------------------------------------------------------- RollPolicy (APL s. 43(2))


def test_month_ending_on_a_transfer_day_off(cal: LatvianCalendar) -> None:
    # 2026-05-22 + 1 month = Mon 2026-06-22, a day off by transfer order 361161.
    assert cal.roll_policy is RollPolicy.INSTITUTION_CALENDAR
    inst = cal.deadline(D(2026, 5, 22), Months(1))
    # 22 June transfer day off, 23 and 24 June holidays -> Thu 25 June.
    assert inst.due == D(2026, 6, 25)
    assert "APL s. 43(2)" in inst.basis
    text = inst.explain()
    assert "Mon 2026-06-22 is not a working day: Day off by Cabinet transfer order" in text
    assert "policy institution_calendar" in text
    statute = STATUTE.deadline(D(2026, 5, 22), Months(1))
    assert statute.due == D(2026, 6, 22)
    assert "APL s. 43(2)" not in statute.basis
    assert "APL s. 43(2) names only Saturdays, Sundays and holidays" in statute.explain()
    assert "interpretāciju „likuma teksts“ (statute_text)" in statute.explain("lv")


def test_month_ending_on_a_working_saturday(cal: LatvianCalendar) -> None:
    # 2026-05-27 + 1 month = Sat 2026-06-27, made a working day by order 361161.
    inst = cal.deadline(D(2026, 5, 27), Months(1))
    assert inst.due == D(2026, 6, 27)
    assert "Saturday made a working day" in inst.explain()
    statute = STATUTE.deadline(D(2026, 5, 27), Months(1))
    assert statute.due == D(2026, 6, 29)
    assert "which APL s. 43(2) names" in statute.explain()


def test_roll_policy_does_not_change_working_day_periods(cal: LatvianCalendar) -> None:
    # Working days are counted on the institutions' calendar under both policies.
    for start in (D(2025, 12, 19), D(2026, 1, 12), D(2026, 6, 18)):
        for n in (1, 5, 20):
            assert (
                STATUTE.deadline(start, WorkingDays(n)).due
                == cal.deadline(start, WorkingDays(n)).due
            )


def test_statute_text_still_rolls_over_holidays_and_observed_days() -> None:
    # Mon 2023-11-20 is a day off because 18 Nov fell on a Saturday (law id 72608 s. 2(3)).
    assert STATUTE.deadline(D(2023, 10, 20), Months(1)).due == D(2023, 11, 21)
    assert STATUTE.deadline(D(2026, 5, 23), Months(1)).due == D(2026, 6, 25)


# ---------------------------------------------------------------- backward policy


def test_backward_month_onto_a_holiday_moves_earlier(cal: LatvianCalendar) -> None:
    d = cal.deadline_before(D(2026, 6, 1), Months(1), basis=["p. 16"])
    assert d.due == D(2026, 4, 30)  # 1 May is a holiday: move earlier, not later
    assert d.direction == "before"
    assert d.start == D(2026, 6, 1)
    assert cal.deadline(d.due, Months(1)).due <= D(2026, 6, 1)
    text = d.explain()
    assert "Fri 2026-05-01 is not a working day" in text
    assert BACKWARD_POLICY in text
    assert text.splitlines()[-1].startswith("Latest day: Thu 2026-04-30")


def test_backward_month_from_a_month_end_takes_the_latest_day(cal: LatvianCalendar) -> None:
    # 30 April is one month after 31 March (s. 43(1)): 31 March is the latest day.
    d = cal.deadline_before(D(2021, 4, 30), Months(1))
    assert d.due == D(2021, 3, 31)
    assert cal.deadline(D(2021, 3, 31), Months(1)).due == D(2021, 4, 30)
    assert "is the last day of its month" in d.explain()
    assert "mēneša pēdējā diena" in d.explain("lv")
    # Same for 28 February: from 28 January to 31 January all end on it.
    assert cal.deadline_before(D(2025, 2, 28), Months(1)).due == D(2025, 1, 31)


def test_backward_month_clamped(cal: LatvianCalendar) -> None:
    # 30 March 2025 minus 1 month: February has no 30th -> Fri 28 Feb.
    d = cal.deadline_before(D(2025, 3, 30), Months(1))
    assert d.due == D(2025, 2, 28)
    assert "2025-02 has no day 30" in d.explain()


def test_backward_working_days(cal: LatvianCalendar) -> None:
    # Event Mon 2026-03-09: the 5th working day before is Mon 2026-03-02, and 5 working
    # days counted forwards from it end on the event itself.
    d = cal.deadline_before(D(2026, 3, 9), WorkingDays(5))
    assert d.due == D(2026, 3, 2)
    assert "Counting back from the event on Mon 2026-03-09" in d.explain()
    # Event on a Saturday: from Mon 2 March, 5 working days end on Mon 9 March, after the
    # event, so the latest day is Fri 27 February.
    sat = cal.deadline_before(D(2026, 3, 7), WorkingDays(5))
    assert sat.due == D(2026, 2, 27)
    assert "after the event: move earlier" in sat.explain()


def test_backward_over_a_transfer_order(cal: LatvianCalendar) -> None:
    # Five working days before Mon 2026-01-19: Sat 17 (a working Saturday), Fri 16, Thu 15,
    # Wed 14, Tue 13. Without the transfer order it would be Mon 12.
    assert cal.deadline_before(D(2026, 1, 19), WorkingDays(5)).due == D(2026, 1, 13)
    municipal = LatvianCalendar(transfers=False)
    assert municipal.deadline_before(D(2026, 1, 19), WorkingDays(5)).due == D(2026, 1, 12)
    # Statute-text policy: the backward result is still a working day, never a transfer
    # day off (2 Jan 2026) -- the act must be done while the institution works.
    d = STATUTE.deadline_before(D(2026, 2, 2), Months(1))
    assert d.due == D(2025, 12, 30)
    assert STATUTE.is_working_day(d.due)
    assert STATUTE.deadline(d.due, Months(1)).due <= D(2026, 2, 2)


def test_backward_days(cal: LatvianCalendar) -> None:
    assert cal.deadline_before(D(2026, 3, 12), Days(3)).due == D(2026, 3, 9)
    # 3 days before Tue 2026-03-10 is Sat 7 March: move earlier to Fri 6 March? From Fri,
    # 3 days end on Mon 9 March, before the event: yes.
    assert cal.deadline_before(D(2026, 3, 10), Days(3)).due == D(2026, 3, 6)


# ---------------------------------------------------------------- provisional results


def test_a_deadline_into_2027_is_provisional(cal: LatvianCalendar) -> None:
    d = cal.deadline(D(2026, 12, 10), WorkingDays(20))
    assert d.due.year == 2027
    assert d.provisional
    text = d.explain()
    assert text.splitlines()[-1].startswith("PROVISIONAL: 2027 is past the calendar's horizon")
    assert "PROVIZORISKI" in d.explain("lv")
    assert d.to_dict()["provisional"] is True
    inside = cal.deadline(D(2026, 11, 10), WorkingDays(20))
    assert inside.due.year == 2026
    assert not inside.provisional
    assert "PROVISIONAL" not in inside.explain()


def test_a_2027_order_makes_the_deadline_final() -> None:
    order = TransferOrder(
        2027, days_off=[D(2027, 5, 3)], working_saturdays=[D(2027, 5, 8)], source="test"
    )
    cal = LatvianCalendar(extra_orders=[order])
    d = cal.deadline(D(2026, 12, 10), WorkingDays(20))
    assert not d.provisional
    assert "PROVISIONAL" not in d.explain()
    # The month period ending on the new transfer day off now rolls (institution policy).
    assert cal.deadline(D(2027, 4, 3), Months(1)).due == D(2027, 5, 5)
    assert LatvianCalendar().deadline(D(2027, 4, 3), Months(1)).due == D(2027, 5, 3)


def test_backward_deadline_is_provisional_if_the_event_is(cal: LatvianCalendar) -> None:
    d = cal.deadline_before(D(2027, 1, 15), Months(1))
    assert d.provisional
    assert d.explain().splitlines()[-1].startswith("PROVISIONAL")
    assert not cal.deadline_before(D(2026, 12, 15), Months(1)).provisional


# ---------------------------------------------------------------- the Deadline object


def test_deadline_methods(cal: LatvianCalendar) -> None:
    d = cal.deadline(D(2025, 12, 19), WorkingDays(20), basis=("p. 13.2",))
    assert d.is_met_by(D(2026, 1, 23))
    assert not d.is_met_by(D(2026, 1, 24))
    assert d.days_late(D(2026, 1, 23)) == 0
    assert d.days_late(D(2026, 1, 20)) == 0
    assert d.days_late(D(2026, 1, 26)) == 3
    # Any date input; an aware datetime counts by its date in Riga (until 24:00, s. 43(4)).
    assert d.is_met_by("2026-01-23T21:59:00Z")  # 23:59 in Riga
    assert not d.is_met_by("2026-01-23T22:00:00Z")  # 00:00 on the 24th in Riga
    assert d.days_late("2026-01-25") == 2
    with pytest.raises(NaiveDatetimeError):
        d.is_met_by(datetime.datetime(2026, 1, 23, 12))
    assert d.to_dict() == {
        "due": "2026-01-23",
        "start": "2025-12-19",
        "period": {"working_days": 20},
        "direction": "after",
        "basis": ["p. 13.2", "APL s. 42(1)"],
        "provisional": False,
    }
    assert d == cal.deadline("2025-12-19", WorkingDays(20), basis=["p. 13.2"])
    assert d.steps[0].code == "start"
    assert d.steps[-1].code == "result"
    assert d.steps[-1].day == d.due


def test_deadline_input_errors(cal: LatvianCalendar) -> None:
    with pytest.raises(InputTypeError):
        cal.deadline(D(2026, 1, 1), 5)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        cal.deadline_before(D(2026, 1, 1), "1 month")  # type: ignore[arg-type]
    with pytest.raises(InvalidPeriodError):
        cal.deadline(D(2026, 1, 1), WorkingDays(-1))
    with pytest.raises(InputError):
        cal.deadline(D(2026, 1, 1), WorkingDays(1)).explain("de")
    with pytest.raises(DateOutOfRangeError):
        cal.deadline(D(2016, 12, 1), Months(1))
    with pytest.raises(DateOutOfRangeError):
        cal.deadline(D(2099, 12, 1), Months(1))
    with pytest.raises(DateOutOfRangeError):
        cal.deadline_before(D(2017, 1, 15), Months(1))
    # Periods too long for Python's dates are still the library's range error.
    with pytest.raises(DateOutOfRangeError):
        cal.deadline(D(2026, 1, 1), Months(100_000))
    with pytest.raises(DateOutOfRangeError):
        cal.deadline(D(2026, 1, 1), Days(10**9))
    with pytest.raises(DateOutOfRangeError):
        cal.deadline_before(D(2026, 1, 1), Months(100_000))
    with pytest.raises(DateOutOfRangeError):
        cal.deadline_before(D(2026, 1, 1), Days(10**9))
    with pytest.raises(DateOutOfRangeError):
        cal.deadline(D(2026, 1, 1), WorkingDays(10**6))


def test_add_months() -> None:
    assert add_months(D(2025, 1, 31), 1) == (D(2025, 2, 28), True)
    assert add_months(D(2025, 3, 31), -1) == (D(2025, 2, 28), True)
    assert add_months(D(2025, 12, 15), 1) == (D(2026, 1, 15), False)
    assert add_months(D(2026, 1, 15), -1) == (D(2025, 12, 15), False)
    assert add_months(D(2026, 1, 15), 0) == (D(2026, 1, 15), False)
    assert add_months(D(2026, 1, 15), 24) == (D(2028, 1, 15), False)


def test_deadline_is_a_value() -> None:
    d = Deadline(
        due=D(2026, 1, 2),
        start=D(2026, 1, 1),
        period=Days(1),
        direction="after",
        basis=(),
        provisional=False,
        calendar=LatvianCalendar(),
    )
    assert d == Deadline(D(2026, 1, 2), D(2026, 1, 1), Days(1), "after", (), False, STATUTE)
    assert hash(d) == hash(
        Deadline(D(2026, 1, 2), D(2026, 1, 1), Days(1), "after", (), False, STATUTE)
    )


@pytest.mark.parametrize(
    ("period", "latest"),
    [
        (WorkingDays(5), datetime.date(2099, 12, 21)),
        (WorkingDays(1), datetime.date(2099, 12, 29)),
        (Days(3), datetime.date(2099, 12, 23)),
        (Months(1), datetime.date(2099, 11, 30)),
    ],
)
def test_backward_period_at_the_calendar_end(period: Period, latest: datetime.date) -> None:
    # Second review: a candidate whose forward count runs past 2099-12-31 is simply too
    # late; the answer inside the calendar must still be found.
    cal = LatvianCalendar()
    d = cal.deadline_before("2099-12-31", period)
    assert d.due == latest
    assert "after 2099-12-31" in d.explain() or period != WorkingDays(5)
