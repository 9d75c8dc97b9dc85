"""Statutory timeline (p. 13-15) and the statutory-step data it reads."""

from __future__ import annotations

import datetime
import json

import pytest

from vkac_flow.calendar import LatvianCalendar, TransferOrder
from vkac_flow.calendar.periods import Months, WorkingDays
from vkac_flow.errors import DateOutOfRangeError, InputError, InputTypeError, RuleViolationError
from vkac_flow.law.steps import STEPS, TRANSFER_STEP_KEYS, Route, route_for
from vkac_flow.procedures.timeline import chain_steps, statutory_timeline

D = datetime.date


def test_steps_data_matches_the_regulation() -> None:
    # p. 13.2 / 14.2: 20 working days; p. 13.3 / 14.3, 15.1, 15.3: one month; 15.2: 10 WD.
    assert STEPS["information"].period == WorkingDays(20)
    assert STEPS["information"].points_for(Route.INSTITUTION) == ("p. 13.2",)
    assert STEPS["information"].points_for(Route.MUNICIPALITY) == ("p. 14.2",)
    assert STEPS["committee_meeting"].period == Months(1)
    assert STEPS["committee_meeting"].points_for(Route.INSTITUTION) == ("p. 13.3",)
    assert STEPS["training"].period == Months(1)
    assert STEPS["training"].points_for(Route.MUNICIPALITY) == ("p. 15.1",)
    assert STEPS["methodological_material"].period == WorkingDays(10)
    assert STEPS["service_start"].period == Months(1)
    assert STEPS["service_start"].responsible == ("municipality",)
    assert STEPS["exclusion_notice"].kind == "waiting"
    assert STEPS["exclusion_notice"].points_for() == ("p. 16",)


def test_every_step_cites_existing_points() -> None:
    from vkac_flow.law.regulation import cite

    for step in STEPS.values():
        for numbers in step.points.values():
            assert cite(*numbers) == tuple(f"p. {n}" for n in numbers)


@pytest.mark.parametrize(
    ("initiator", "route"),
    [
        ("municipality", Route.MUNICIPALITY),
        ("institution", Route.INSTITUTION),
        ("service_holder", Route.INSTITUTION),
    ],
)
def test_route_for(initiator: str, route: Route) -> None:
    assert route_for(initiator) is route


def test_route_for_parties() -> None:
    from vkac_flow.law.parties import Party

    assert route_for(Party.municipality("Cēsu novads")) is Route.MUNICIPALITY
    assert route_for(Party.institution("VID")) is Route.INSTITUTION
    assert route_for(Party.service_holder("Latvijas Banka")) is Route.INSTITUTION
    with pytest.raises(RuleViolationError, match=r"p\. 12"):
        route_for(Party.ministry())


def test_route_for_rejects() -> None:
    with pytest.raises(RuleViolationError, match=r"p\. 12") as err:
        route_for("committee")
    assert err.value.points == ("p. 12",)
    with pytest.raises(InputTypeError):
        route_for(42)


def test_worked_timeline_municipality_2026() -> None:
    t = statutory_timeline(D(2026, 3, 2), "municipality")
    got = {s.key: s.due for s in t.steps}
    # 20 WD after Mon 2026-03-02: Good Friday 3 Apr and Easter Monday 6 Apr are not in the
    # window; 20th working day is Mon 2026-03-30.
    assert got["information"] == D(2026, 3, 30)
    # One month after 30 Mar -> 30 Apr (Thu, working).
    assert got["committee_meeting"] == D(2026, 4, 30)
    # One month after 30 Apr -> Sat 30 May -> Mon 1 Jun (APL s. 43(2)).
    assert got["training"] == D(2026, 6, 1)
    # 10 WD after Mon 1 Jun: 22 Jun (transfer day off), 23-24 Jun (holidays) skipped,
    # so: 2,3,4,5,8,9,10,11,12,15 -> Mon 15 Jun.
    assert got["methodological_material"] == D(2026, 6, 15)
    # One month after 1 Jun -> Wed 1 Jul.
    assert got["service_start"] == D(2026, 7, 1)
    assert [s.key for s in t.steps] == list(TRANSFER_STEP_KEYS)
    assert t["information"].points == ("p. 14.2",)
    assert not t.provisional


def test_timeline_chains_from_previous_due_dates() -> None:
    cal = LatvianCalendar()
    t = statutory_timeline("2025-12-19", "institution", calendar=cal)
    assert t["information"].due == D(2026, 1, 23)
    assert t["committee_meeting"].due == cal.deadline(D(2026, 1, 23), Months(1)).due
    assert t["training"].due == cal.deadline(t["committee_meeting"].due, Months(1)).due
    training = t["training"].due
    assert t["methodological_material"].due == cal.add_working_days(training, 10)
    assert t["service_start"].due == cal.deadline(training, Months(1)).due


def test_timeline_provisional_past_horizon_and_user_order() -> None:
    t = statutory_timeline("2026-12-01", "municipality")
    assert t["information"].due == D(2027, 1, 4)
    assert all(s.provisional for s in t.steps)
    assert "PROVISIONAL" in t["information"].deadline.explain()
    # A user adds the 2027 order: the horizon moves and the results are final.
    cal = LatvianCalendar(extra_orders=[TransferOrder(2027, source="no transfer (user)")])
    t2 = statutory_timeline("2026-12-01", "municipality", calendar=cal)
    assert not t2.provisional
    # Only steps that reach 2028 would be provisional; a mixed case:
    t3 = statutory_timeline("2026-10-01", "institution")
    flags = [s.provisional for s in t3.steps]
    assert flags[0] is False
    assert flags[-1] is True


def test_timeline_json_shape() -> None:
    doc = statutory_timeline("2026-12-01", "municipality").to_dict()
    assert set(doc) >= {"letter_received", "initiator", "steps"}
    assert doc["letter_received"] == "2026-12-01"
    assert doc["initiator"] == "municipality"
    keys = [s["key"] for s in doc["steps"]]
    assert keys == [
        "information",
        "committee_meeting",
        "training",
        "methodological_material",
        "service_start",
    ]
    for step in doc["steps"]:
        assert set(step) == {"key", "due", "basis", "responsible", "provisional"}
        assert step["basis"][0].startswith("p. ")
    json.dumps(doc)


def test_timeline_text_and_html() -> None:
    t = statutory_timeline("2026-03-02", "institution")
    text = t.to_text(explain=True)
    assert "p. 13.2" in text
    assert "2026-03-30" in text
    assert "APL s. 42(1)" in text
    assert "Termiņa" in t.to_text(explain=True, lang="lv")
    html = t._repr_html_()
    assert html.startswith("<table>")
    assert "p. 15.3" in html


def test_timeline_rejects_bad_input() -> None:
    with pytest.raises(DateOutOfRangeError, match=r"p\. 25"):
        statutory_timeline("2017-06-30", "municipality")
    with pytest.raises(RuleViolationError):
        statutory_timeline("2026-03-02", "ministry")
    with pytest.raises(InputTypeError):
        statutory_timeline(20260302, "municipality")


def test_chain_steps_projects_from_actual_events() -> None:
    cal = LatvianCalendar()
    events = {"letter_received": D(2026, 3, 2), "information_prepared": D(2026, 3, 20)}
    steps = chain_steps(cal, Route.INSTITUTION, events)
    got = {s.key: s.due for s in steps}
    assert got["information"] == D(2026, 3, 30)
    # The meeting counts from the ACTUAL preparation date, not the latest allowed one.
    assert got["committee_meeting"] == D(2026, 4, 20)
    with pytest.raises(KeyError):
        chain_steps(cal, Route.INSTITUTION, {}, ("training",))


def test_timeline_text_in_latvian() -> None:
    t = statutory_timeline("2026-12-01", "municipality")
    text = t.to_text(lang="lv")
    assert text.startswith("Normatīvais laika grafiks: vēstule saņemta 2026-12-01")
    assert "ierosinātājs pašvaldība (14. punkts)" in text
    assert "pēdējā diena" in text
    assert "ministrija un pakalpojuma turētājs" in text
    assert "Pašvaldība uzsāk pakalpojuma izpildi" in text
    assert "* provizoriski" in text
    with pytest.raises(InputError):
        t.to_text(lang="de")
