"""Vectorised statutory timelines and the Monte Carlo simulator (vkac_flow.simulate)."""

from __future__ import annotations

import datetime
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vkac_flow.calendar import LatvianCalendar, TransferOrder, default_calendar
from vkac_flow.calendar.data import DayKind
from vkac_flow.calendar.deadline import RollPolicy
from vkac_flow.calendar.periods import Months, WorkingDays
from vkac_flow.errors import (
    DateOutOfRangeError,
    InputError,
    InputTypeError,
    NaiveDatetimeError,
    RuleViolationError,
)
from vkac_flow.law.steps import STEPS, TRANSFER_STEP_KEYS
from vkac_flow.procedures.timeline import statutory_timeline
from vkac_flow.simulate import (
    DEFAULT_DURATIONS,
    EVENT_KEYS,
    CommitteeScheduleWarning,
    Empirical,
    Fixed,
    SimulationResult,
    Triangular,
    Uniform,
    regular_meetings,
    simulate,
    statutory_timelines,
)
from vkac_flow.simulate._arrays import due_table

D = datetime.date
DateArray = np.ndarray[Any, np.dtype[np.datetime64]]


def _a(*days: str) -> DateArray:
    return np.array(days, dtype="datetime64[D]")


def _all_days(first: str, last: str) -> DateArray:
    out: DateArray = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    return out


def _date(x: np.datetime64) -> D:
    value = x.item()
    assert isinstance(value, D)
    return value


# ------------------------------------------------------------------ statutory_timelines


def _assert_batch_equals_scalar(days: DateArray, initiator: str, cal: LatvianCalendar) -> None:
    batch = statutory_timelines(days, initiator, calendar=cal)
    assert batch.keys == TRANSFER_STEP_KEYS
    for i in range(len(days)):
        scalar = statutory_timeline(_date(days[i]), initiator, calendar=cal)
        for step in scalar.steps:
            assert _date(batch.due[step.key][i]) == step.due, (days[i], step.key)
            assert bool(batch.provisional[step.key][i]) is step.provisional, (days[i], step.key)


@pytest.mark.parametrize("initiator", ["municipality", "institution"])
def test_batch_equals_scalar_every_day_2017_to_2027(initiator: str, cal: LatvianCalendar) -> None:
    days = _all_days("2017-07-01", "2027-12-31")
    # The sample holds every working Saturday and transferred day off, and the days
    # right before them (where a period lands on or counts across them).
    specials = [
        info.date
        for year in range(2017, 2027)
        for info in cal.special_days(year)
        if info.kind in (DayKind.WORKING_SATURDAY, DayKind.TRANSFER_DAY_OFF)
        and info.date >= D(2017, 7, 1)
    ]
    assert len(specials) >= 20
    as_set = {_date(d) for d in days}
    for day in specials:
        assert day in as_set
        assert day - datetime.timedelta(days=1) in as_set
    assert len(days) > 3800
    _assert_batch_equals_scalar(days, initiator, cal)


@pytest.mark.parametrize(
    "cal",
    [
        LatvianCalendar(transfers=False),
        LatvianCalendar(roll_policy=RollPolicy.STATUTE_TEXT),
        LatvianCalendar(
            extra_orders=[
                TransferOrder(
                    2027,
                    days_off=[D(2027, 5, 3)],
                    working_saturdays=[D(2027, 5, 8)],
                    source="test order",
                )
            ]
        ),
    ],
    ids=["no-transfers", "statute-text", "order-2027"],
)
def test_batch_equals_scalar_on_other_calendars(cal: LatvianCalendar) -> None:
    days = np.concatenate(
        [_all_days("2021-04-01", "2021-07-15"), _all_days("2026-04-15", "2027-06-30")]
    )
    _assert_batch_equals_scalar(days, "service_holder", cal)


def test_provisional_flags_follow_the_horizon() -> None:
    days = _a("2026-06-01", "2026-12-01")
    plain = statutory_timelines(days, "municipality")
    assert plain.provisional["information"].tolist() == [False, True]
    order = TransferOrder(2027, days_off=[], working_saturdays=[], source="no transfers in 2027")
    known = statutory_timelines(
        days, "municipality", calendar=LatvianCalendar(extra_orders=[order])
    )
    assert not known.any_provisional.any()
    assert plain.any_provisional.tolist() == [False, True]


def test_due_table_is_deadline_offsets_itself(cal: LatvianCalendar) -> None:
    index = cal.arrays()
    for period in (WorkingDays(20), Months(1), WorkingDays(10)):
        table = due_table(index, period)
        assert len(table) < index.size  # the last starts have no due date in range
        sample = np.arange(0, len(table), 7, dtype=np.int64)
        assert (table[sample] == index.deadline_offsets(sample, period)).all()
        with pytest.raises(DateOutOfRangeError):
            index.deadline_offsets(np.array([len(table)], dtype=np.int64), period)


def test_the_module_example() -> None:
    t = statutory_timelines(_a("2026-12-01"), "municipality")
    assert t["information"].tolist() == [D(2027, 1, 4)]
    assert t["committee_meeting"].tolist() == [D(2027, 2, 4)]
    assert t.initiator.tolist() == ["municipality"]


def test_mixed_initiators_pick_points_per_route() -> None:
    days = _a("2026-03-02", "2026-03-02", "2026-03-02")
    t = statutory_timelines(days, ["municipality", "institution", "service_holder"])
    assert t.initiator.tolist() == ["municipality", "institution", "service_holder"]
    assert t.points("information") == ("p. 13.2", "p. 14.2")
    assert t.points("training") == ("p. 15.1",)
    # the periods are the same on both routes
    assert len(set(t["service_start"].tolist())) == 1
    only = statutory_timelines(days, "institution")
    assert only.points("committee_meeting") == ("p. 13.3",)
    recs = t.to_records()
    assert [r["route"] for r in recs] == ["p. 14", "p. 13", "p. 13"]


def test_timeline_row_is_the_scalar_timeline() -> None:
    t = statutory_timelines(_a("2025-12-19", "2026-05-22"), "institution")
    assert t.timeline(1) == statutory_timeline("2026-05-22", "institution")


def test_records_and_frame_agree() -> None:
    t = statutory_timelines(_all_days("2026-01-01", "2026-01-31"), "municipality")
    recs = t.to_records(limit=3)
    assert len(recs) == 3
    assert recs[0]["letter_received"] == D(2026, 1, 1)
    assert isinstance(recs[0]["service_start"], D)
    assert recs[0]["information_provisional"] is False
    frame = t.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == 31
    assert [c for c in frame.columns if not c.endswith("_provisional")] == [
        "letter_received",
        "initiator",
        "route",
        *TRANSFER_STEP_KEYS,
    ]
    assert frame["information"].iloc[0].date() == recs[0]["information"]
    assert "p. 14.2" in t._repr_html_()


def test_letters_before_the_regulation_are_refused() -> None:
    with pytest.raises(DateOutOfRangeError, match=r"2017-06-30.*p\. 25") as err:
        statutory_timelines(_a("2018-01-01", "2017-06-30"), "municipality")
    assert err.value.points == ("p. 25",)


@pytest.mark.parametrize(
    "bad",
    [
        np.array([1, 2, 3]),
        np.array([1.5]),
        np.array(["2026-01-01"]),  # a numpy str array: not dates (use datetime64 or a list)
        "2026-01-01",
        datetime.date(2026, 1, 1),
        42,
        None,
        [object()],
    ],
)
def test_non_date_arrays_are_refused(bad: object) -> None:
    with pytest.raises(InputTypeError):
        statutory_timelines(bad, "municipality")


def test_other_bad_inputs() -> None:
    with pytest.raises(NaiveDatetimeError, match=r"APL s\. 42"):
        statutory_timelines(np.array(["2026-01-01T10:00"], dtype="datetime64[m]"), "institution")
    with pytest.raises(NaiveDatetimeError):
        statutory_timelines([datetime.datetime(2026, 1, 1, 10)], "institution")
    with pytest.raises(InputError, match="NaT"):
        statutory_timelines(np.array(["2026-01-01", "NaT"], dtype="datetime64[D]"), "institution")
    with pytest.raises(InputError, match="1-D"):
        statutory_timelines(np.zeros((2, 2), dtype="datetime64[D]"), "institution")
    with pytest.raises(DateOutOfRangeError):
        statutory_timelines(_a("2099-12-20"), "institution")
    with pytest.raises(RuleViolationError, match=r"p\. 12"):
        statutory_timelines(_a("2026-01-05"), "ministry")
    with pytest.raises(InputError, match="initiator"):
        statutory_timelines(_a("2026-01-05"), ["municipality", "institution"])


def test_accepted_input_forms_give_the_same_answer() -> None:
    riga = datetime.timezone(datetime.timedelta(hours=2))
    ref = statutory_timelines(_a("2026-03-02", "2026-03-03"), "municipality")["service_start"]
    forms: list[object] = [
        ["2026-03-02", D(2026, 3, 3)],
        (D(2026, 3, 2), "2026-03-03"),
        np.array(["2026-03-02", "2026-03-03"], dtype="datetime64[ns]"),  # midnight: a date
        np.array(["2026-03", "2026-03"], dtype="datetime64[M]").astype("datetime64[D]")
        + np.array([1, 2]),
        [datetime.datetime(2026, 3, 2, 23, 30, tzinfo=riga), "2026-03-02T22:30:00Z"],
        pd.Series(pd.to_datetime(["2026-03-02", "2026-03-03"])),
        pd.Series(
            pd.to_datetime(["2026-03-02 08:00", "2026-03-03 08:00"]).tz_localize("Europe/Riga")
        ),
    ]
    for form in forms:
        assert (statutory_timelines(form, "municipality")["service_start"] == ref).all(), form
    empty = statutory_timelines(np.array([], dtype="datetime64[D]"), "municipality")
    assert len(empty) == 0
    assert empty.to_records() == []


# ------------------------------------------------------------------ distributions


def test_distributions_draw_in_range() -> None:
    rng = np.random.default_rng(0)
    u = Uniform(3, 5, "days").sample(rng, 2000)
    assert set(u.tolist()) == {3, 4, 5}
    t = Triangular(5, 15, 25, "working_days").sample(rng, 2000)
    assert t.min() >= 5
    assert t.max() <= 25
    assert 13 < t.mean() < 17
    assert Triangular(4, 4, 4, "days").sample(rng, 3).tolist() == [4, 4, 4]
    assert Fixed(7, "days").sample(rng, 2).tolist() == [7, 7]
    e = Empirical([1, 9], "days", weights=[0, 1]).sample(rng, 50)
    assert set(e.tolist()) == {9}
    assert set(Empirical(np.array([2, 3]), "days").sample(rng, 200).tolist()) == {2, 3}


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: Fixed(1, "weeks"), InputError),
        (lambda: Fixed(-1, "days"), InputError),
        (lambda: Fixed(1.5, "days"), InputTypeError),  # type: ignore[arg-type]
        (lambda: Uniform(5, 3, "days"), InputError),
        (lambda: Triangular(5, 3, 4, "days"), InputError),
        (lambda: Empirical([], "days"), InputError),
        (lambda: Empirical([1, -2], "days"), InputError),
        (lambda: Empirical("12", "days"), InputTypeError),
        (lambda: Empirical([1, 2], "days", weights=[1]), InputError),
        (lambda: Empirical([1, 2], "days", weights=[0, 0]), InputError),
    ],
)
def test_bad_distributions_are_refused(make: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        make()


# ------------------------------------------------------------------ simulate

MEET4 = regular_meetings(2026, 2031, 4)


def _sim(**kw: Any) -> SimulationResult:
    args: dict[str, Any] = {"n": 3000, "start": "2026-01-01", "end": "2027-12-31", "seed": 7}
    args.update(kw)
    return simulate(**args)


def _same(a: SimulationResult, b: SimulationResult) -> bool:
    return (
        all(np.array_equal(a.events[k], b.events[k], equal_nan=True) for k in EVENT_KEYS)
        and all(np.array_equal(a.due[k], b.due[k], equal_nan=True) for k in TRANSFER_STEP_KEYS)
        and np.array_equal(a.initiator_codes, b.initiator_codes)
        and np.array_equal(a.deferrals, b.deferrals)
    )


def test_same_seed_same_result_other_seed_differs() -> None:
    kw: dict[str, Any] = {
        "initiator": {"municipality": 0.6, "institution": 0.4},
        "committee_meetings": MEET4,
        "defer_probability": 0.2,
        "reject_probability": 0.1,
    }
    a, b, c = _sim(**kw), _sim(**kw), _sim(seed=8, **kw)
    assert _same(a, b)
    assert not _same(a, c)
    assert a.summary() == b.summary()
    fresh = _sim(seed=None)
    assert fresh.seed is not None
    assert _same(fresh, _sim(seed=fresh.seed))
    gen = _sim(seed=np.random.default_rng(3))
    assert gen.seed is None
    assert _same(gen, _sim(seed=np.random.default_rng(3)))


def _scalar_check(r: SimulationResult, rows: range | list[int]) -> None:
    """Every due date from the actual opening event, as a live procedure counts it."""
    cal = r.calendar
    for i in rows:
        proc = r.procedure(i)
        for step in proc.steps:
            if step.opened is None:
                assert step.due is None
                assert not step.breached
                continue
            deadline = cal.deadline(step.opened, STEPS[step.key].period)
            assert step.due == deadline.due, (i, step.key)
            assert step.provisional == deadline.provisional
            if step.met is None:
                assert not step.breached
            else:
                assert step.breached == (not deadline.is_met_by(step.met))
                assert step.days_late == deadline.days_late(step.met)
            assert bool(r.breached(step.key)[i]) == step.breached
            assert int(r.days_late(step.key)[i]) == step.days_late


def test_deadlines_count_from_actual_events() -> None:
    r = _sim(
        initiator={"municipality": 1, "service_holder": 1},
        committee_meetings=MEET4,
        defer_probability=0.2,
        reject_probability=0.1,
    )
    _scalar_check(r, range(0, len(r), 10))
    # the opening events are the ones named in rules.STEPS
    go = r.transferred
    for key in TRANSFER_STEP_KEYS:
        assert (r.opened(key) == r.events[STEPS[key].opened_by])[go].all()
    # each later event is on or after the one before it
    ev = r.events
    assert (ev["information_prepared"] >= ev["letter_received"]).all()
    assert (ev["committee_decided"] > ev["information_prepared"]).all()
    go = r.transferred
    assert (ev["training_completed"][go] >= ev["committee_decided"][go]).all()
    assert (ev["material_uploaded"][go] >= ev["training_completed"][go]).all()
    assert (ev["service_started"][go] >= ev["training_completed"][go]).all()


def test_fixed_durations_at_the_limit_are_in_time_and_one_more_is_late() -> None:
    letters = _all_days("2026-01-01", "2026-12-31")
    on_time = simulate(
        letters,
        "institution",
        durations={"information": Fixed(20, "working_days")},
        seed=1,
    )
    # information on the 20th working day = the statutory date: never a breach of p. 13.2
    stat = statutory_timelines(letters, "institution")
    assert (on_time.events["information_prepared"] == stat["information"]).all()
    assert not on_time.breached("information").any()
    late = simulate(
        letters, "institution", durations={"information": Fixed(21, "working_days")}, seed=1
    )
    assert late.breached("information").all()
    assert (late.days_late("information") >= 1).all()
    s = late.summary()
    info = s.breaches[0]
    assert (info.step, info.points, info.share) == ("information", ("p. 13.2",), 1.0)


def test_working_day_and_calendar_day_units() -> None:
    cal = default_calendar()
    letters = _all_days("2026-01-01", "2026-12-31")
    r = simulate(
        letters,
        "municipality",
        durations={
            "information": Fixed(3, "working_days"),
            "committee_meeting": Fixed(10, "days"),
        },
        seed=0,
    )
    for i in range(0, len(letters), 5):
        letter = _date(letters[i])
        info = cal.add_working_days(letter, 3)
        assert _date(r.events["information_prepared"][i]) == info
        meeting = cal.find_following_working_day(info + datetime.timedelta(days=10))
        assert _date(r.events["committee_decided"][i]) == meeting
    # "days" durations land on working days (calendar-days-then-next-working-day)
    for key in ("committee_decided", "training_completed", "service_started"):
        assert cal.is_working_day_array(r.events[key][r.transferred]).all()


def test_committee_meets_at_the_first_meeting_after_the_information() -> None:
    meetings = _a("2026-03-10", "2026-06-10", "2026-09-10", "2026-12-10", "2027-03-10")
    letters = _all_days("2026-01-05", "2026-09-30")
    with pytest.warns(CommitteeScheduleWarning):  # one meeting in 2027
        r = simulate(letters, "institution", committee_meetings=meetings, seed=3)
    info = r.events["information_prepared"]
    decided = r.events["committee_decided"]
    for i in range(len(letters)):
        later = meetings[meetings > info[i]]
        assert decided[i] == later[0]
    # a meeting on the day the information is prepared is too early: the next one
    same_day = simulate(
        _a("2026-02-10"),
        "institution",
        durations={"information": Fixed(20, "working_days")},
        committee_meetings=_a("2026-03-10", "2026-06-10", "2027-01-10", "2027-02-10"),
        seed=0,
    )
    assert _date(same_day.events["information_prepared"][0]) == D(2026, 3, 10)
    assert _date(same_day.events["committee_decided"][0]) == D(2026, 6, 10)


def test_meetings_twice_a_year_breach_p13_3_often() -> None:
    two = _sim(committee_meetings=regular_meetings(2026, 2029, 2), initiator="institution")
    four = _sim(committee_meetings=regular_meetings(2026, 2029, 4), initiator="institution")
    share2 = two.summary().breaches[1]
    share4 = four.summary().breaches[1]
    assert share2.step == "committee_meeting"
    assert share2.points == ("p. 13.3",)
    assert share2.share > share4.share > 0
    assert two.summary().lead_time["p50"] > four.summary().lead_time["p50"]


def test_deferrals_and_rejections() -> None:
    r = _sim(committee_meetings=MEET4, defer_probability=0.3, reject_probability=0.2, n=20000)
    meetings = MEET4
    deferred = r.deferrals > 0
    assert 0.35 < r.deferrals.mean() < 0.5  # p / (1 - p) = 0.43
    # the first meeting meets p. 13.3/14.3; the deciding meeting opens p. 15.1
    assert (r.met("committee_meeting")[deferred] == r.events["committee_deferred"][deferred]).all()
    assert np.isnat(r.events["committee_deferred"][~deferred]).all()
    idx_first = np.searchsorted(meetings, r.events["committee_deferred"][deferred])
    idx_decided = np.searchsorted(meetings, r.events["committee_decided"][deferred])
    assert (idx_decided - idx_first == r.deferrals[deferred]).all()
    assert (r.opened("training") == r.events["committee_decided"])[r.transferred].all()
    # rejected: p. 15 never applies
    rejected = ~r.transferred
    assert 0.17 < rejected.mean() < 0.23
    for key in ("training", "methodological_material", "service_start"):
        assert np.isnat(r.due[key][rejected]).all()
        assert not r.breached(key)[rejected].any()
    assert np.isnan(r.lead_time_days[rejected]).all()
    s = r.summary()
    assert s.transferred == int(r.transferred.sum())
    assert s.breaches[2].applicable == s.transferred
    _scalar_check(r, range(0, 2000, 20))


def test_deferrals_without_a_meeting_calendar() -> None:
    r = _sim(defer_probability=0.5)
    deferred = r.deferrals > 0
    assert deferred.any()
    assert (
        r.events["committee_decided"][deferred] > r.events["committee_deferred"][deferred]
    ).all()
    assert (r.events["committee_decided"][~deferred] == r.met("committee_meeting")[~deferred]).all()


def test_p11_schedule_checks() -> None:
    with pytest.raises(InputError, match=r"p\. 11") as err:
        _sim(committee_meetings=regular_meetings(2026, 2027, 2))
    assert err.value.points == ("p. 11",)
    assert "extend committee_meetings" in str(err.value)
    with pytest.warns(CommitteeScheduleWarning, match=r"2027.*p\. 11"):
        simulate(
            _a("2026-01-05"),
            "municipality",
            committee_meetings=_a("2026-02-01", "2026-08-01", "2027-02-01"),
            seed=0,
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _sim(committee_meetings=MEET4)
    with pytest.raises(InputError, match=r"p\. 11"):
        _sim(committee_meetings=np.array([], dtype="datetime64[D]"))
    with pytest.raises(DateOutOfRangeError, match=r"p\. 25"):
        _sim(committee_meetings=_a("2017-01-10", "2017-08-10"))


def test_bad_simulation_parameters() -> None:
    with pytest.raises(InputError, match="unknown step"):
        _sim(durations={"lunch": Fixed(1, "days")})
    with pytest.raises(InputTypeError):
        _sim(durations={"training": 3})
    with pytest.raises(InputTypeError):
        _sim(durations=[("training", Fixed(1, "days"))])
    for bad in (-0.1, 1.0, 2):
        with pytest.raises(InputError):
            _sim(defer_probability=bad)
    with pytest.raises(InputTypeError):
        _sim(reject_probability="0.1")
    with pytest.raises(InputTypeError):
        _sim(seed="7")
    with pytest.raises(InputError, match="either letters"):
        simulate(_a("2026-01-05"), n=3)
    with pytest.raises(InputError, match="start"):
        simulate(n=3)
    with pytest.raises(InputError, match="before start"):
        simulate(n=3, start="2026-02-01", end="2026-01-01")
    with pytest.raises(DateOutOfRangeError, match=r"p\. 25"):
        simulate(n=3, start="2017-01-01", end="2017-12-31")
    with pytest.raises(InputError):
        simulate(n=-1, start="2026-01-01", end="2026-01-02")
    with pytest.raises(InputError, match="no working day"):
        simulate(n=1, start="2026-01-03", end="2026-01-04")
    with pytest.raises(InputError, match="shares"):
        _sim(initiator={"municipality": -1})
    with pytest.raises(RuleViolationError, match=r"p\. 12"):
        _sim(initiator={"ministry": 1})
    with pytest.raises(DateOutOfRangeError):
        simulate(_a("2099-12-01"), "municipality", seed=0)


def test_window_draws_working_days_and_shares() -> None:
    cal = default_calendar()
    r = _sim(initiator={"municipality": 3, "institution": 1}, n=8000)
    assert (r.letter_received >= np.datetime64("2026-01-01")).all()
    assert (r.letter_received <= np.datetime64("2027-12-31")).all()
    assert cal.is_working_day_array(r.letter_received).all()
    assert 0.72 < (r.initiator == "municipality").mean() < 0.78
    assert r.points("information") == ("p. 13.2", "p. 14.2")
    empty = simulate(n=0, start="2026-01-01", end="2026-01-31", seed=0)
    assert len(empty) == 0
    s = empty.summary()
    assert s.n == 0
    assert np.isnan(s.lead_time["p50"])
    assert s.any_breach_share == 0.0


def test_summary_statistics() -> None:
    r = _sim(committee_meetings=MEET4, reject_probability=0.1)
    s = r.summary()
    lead = r.lead_time_days[~np.isnan(r.lead_time_days)]
    assert s.lead_time["p50"] == s.median_lead_time == float(np.percentile(lead, 50))
    assert s.lead_time["p90"] == float(np.percentile(lead, 90))
    assert s.lead_time["p95"] == float(np.percentile(lead, 95))
    assert s.lead_time["p10"] == float(np.percentile(lead, 10))
    assert s.lead_time["mean"] == pytest.approx(float(lead.mean()))
    for b in s.breaches:
        assert b.breached == int(r.breached(b.step).sum())
        assert b.share == pytest.approx(b.breached / b.applicable)
    assert s.any_breach_share == pytest.approx(float(r.any_breach.mean()))
    assert [b.points for b in s.breaches] == [
        ("p. 14.2",),
        ("p. 14.3",),
        ("p. 15.1",),
        ("p. 15.2",),
        ("p. 15.3",),
    ]
    assert s.provisional_share > 0  # 2027 dates: no transfer order known
    text = s.to_text()
    assert "p. 14.3" in text
    assert "provisional" in text
    html = r._repr_html_()
    assert "p. 15.3" in html
    assert "Provisional" in html
    assert "<table>" in html
    assert s.to_dict()["breaches"][0]["points"] == ["p. 14.2"]


def test_records_frame_and_one_procedure() -> None:
    r = _sim(committee_meetings=MEET4, reject_probability=0.3, n=200)
    recs = r.to_records()
    assert len(recs) == 200
    assert len(r.to_records(limit=5)) == 5
    rejected = int(np.flatnonzero(~r.transferred)[0])
    assert recs[rejected]["service_started"] is None
    assert recs[rejected]["lead_time_days"] is None
    assert recs[rejected]["transferred"] is False
    assert isinstance(recs[0]["letter_received"], D)
    frame = r.to_frame()
    assert len(frame) == 200
    assert {"information_due", "committee_meeting_breached", "lead_time_days"} <= set(frame)
    assert frame["service_start_breached"].sum() == r.breached("service_start").sum()
    p = r.procedure(rejected)
    assert not p.transferred
    assert p["training"].opened is None
    assert p.to_dict()["steps"][0]["key"] == "information"
    assert r.procedure(-1).index == 199
    with pytest.raises(InputError, match="out of range"):
        r.procedure(200)
    assert "SimulationResult(n=200" in repr(r)


def test_default_durations_are_documented_steps() -> None:
    assert tuple(DEFAULT_DURATIONS) == TRANSFER_STEP_KEYS


@settings(max_examples=40, deadline=None)
@given(
    letter=st.dates(D(2017, 7, 1), D(2027, 6, 30)),
    info=st.integers(0, 40),
    meet=st.integers(0, 90),
    train=st.integers(0, 90),
    mat=st.integers(0, 30),
    serve=st.integers(0, 90),
)
def test_fixed_paths_match_scalar_deadlines(
    letter: D, info: int, meet: int, train: int, mat: int, serve: int
) -> None:
    r = simulate(
        [letter],
        "institution",
        durations={
            "information": Fixed(info, "working_days"),
            "committee_meeting": Fixed(meet, "days"),
            "training": Fixed(train, "days"),
            "methodological_material": Fixed(mat, "working_days"),
            "service_start": Fixed(serve, "days"),
        },
        seed=0,
    )
    _scalar_check(r, [0])
