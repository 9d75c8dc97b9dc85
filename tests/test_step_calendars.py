"""Whose calendar counts a step: p. 15.3 on the municipality's, the rest on the state's."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from vkac_flow import Party, Service, TransferProcedure
from vkac_flow.law.calendars import (
    STEP_ON_RESPONSIBLE_CALENDAR,
    municipal_calendars,
    step_calendar,
)
from vkac_flow.law.centres import Centre, CentreRegistry, CentreType
from vkac_flow.procedures.timeline import statutory_timeline
from vkac_flow.simulate import Fixed, simulate

CLOCK = lambda: date(2026, 12, 31)  # noqa: E731
SVC = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
CENTRES = CentreRegistry(
    [
        Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL),
        Centre("Valmiera", "Valmieras novads", CentreType.REGIONAL),
    ]
)
CESIS = Party.municipality("Cēsu novads")
NOT_FOLLOWING = municipal_calendars().with_municipality(
    "Cēsu novads", follows=False, source="test: a council decision"
)
TRAINING = date(2025, 12, 1)  # a month later: 2026-01-02 on the plain calendar, 01-05 with
# the Cabinet transfer order (2026-01-02 moved to a Saturday: a day off for the state)


def _rollout(calendars: object = None) -> TransferProcedure:
    p = TransferProcedure.propose(
        SVC,
        initiator=SVC.holder,
        clock=CLOCK,
        registry=CENTRES,
        municipal_calendars=calendars,  # type: ignore[arg-type]
    )
    p.letter_received("2025-10-01")
    p.centres_surveyed("2025-10-10", centres=["Cēsis", "Valmiera"])
    p.information_prepared("2025-10-20")
    p.committee_decided("2025-11-10", approved=True, centres=["Cēsis", "Valmiera"])
    p.training_completed(TRAINING)
    return p


@pytest.mark.cites("15", "15.3")
def test_the_one_rule_picks_the_responsible_partys_calendar() -> None:
    assert not step_calendar("service_start", CESIS, NOT_FOLLOWING).transfers
    assert step_calendar("service_start", CESIS).transfers  # default list: following
    assert step_calendar("information", CESIS, NOT_FOLLOWING).transfers  # the ministry's
    assert step_calendar("service_start", None, NOT_FOLLOWING).transfers  # not known


@pytest.mark.cites("15", "15.3")
def test_a_municipality_not_following_gets_another_p_15_3_due_date() -> None:
    p = _rollout(NOT_FOLLOWING)
    d = p.deadlines()
    assert d["service_start/Cēsis"].due == date(2026, 1, 2)
    assert d["service_start/Valmiera"].due == date(2026, 1, 5)  # follows the orders
    assert d["methodological_material"] == _rollout().deadlines()["methodological_material"]
    text = d["service_start/Cēsis"].explain()
    assert text.splitlines()[0].startswith(
        "Counted on the calendar of municipality Cēsu novads: without the Cabinet transfer"
    )
    assert STEP_ON_RESPONSIBLE_CALENDAR in text
    assert "bez Ministru kabineta rīkojumiem" in d["service_start/Cēsis"].explain("lv")
    assert "with the Cabinet transfer orders" in d["service_start/Valmiera"].explain()
    dues = {o.key: o.due for o in p.obligations("2025-12-15")}
    assert dues["service_start/Cēsis"] == date(2026, 1, 2)
    # late on 2026-01-05 for Cēsis only
    p.service_started("2026-01-05", centre="Cēsis")
    p.service_started("2026-01-05", centre="Valmiera")
    assert [b.obligation.key for b in p.breaches()] == ["service_start/Cēsis"]
    # the snapshot counts the same way
    snap = p.as_of("2025-12-15")
    assert {o.key: o.due for o in snap.obligations()}["service_start/Cēsis"] == date(2026, 1, 2)


@pytest.mark.cites("15", "15.3")
def test_the_projected_and_the_statutory_timeline_follow_the_rule() -> None:
    p = _rollout(NOT_FOLLOWING)
    t = p.projected_timeline()
    assert t is not None
    assert t["service_start"].deadline.due == date(2026, 1, 2)  # Cēsis: first not started
    plain = statutory_timeline("2025-09-01", "municipality")
    own = statutory_timeline(
        "2025-09-01", "municipality", municipality=CESIS, municipal_calendars=NOT_FOLLOWING
    )
    assert [s.key for s in own.steps] == [s.key for s in plain.steps]
    assert own["information"].deadline == plain["information"].deadline
    assert "Cēsu novads" in own["service_start"].deadline.explain()


@pytest.mark.cites("15", "15.3")
def test_the_default_list_changes_nothing() -> None:
    p, q = _rollout(), _rollout(municipal_calendars())
    assert p.deadlines() == q.deadlines()
    assert p.deadlines()["service_start/Cēsis"].due == date(2026, 1, 5)


@pytest.mark.parametrize(
    ("calendars", "due"), [(None, "2026-01-05"), (NOT_FOLLOWING, "2026-01-02")]
)
def test_the_simulator_follows_the_same_rule(calendars: object, due: str) -> None:
    durations = {
        "information": Fixed(10, "working_days"),
        "committee_meeting": Fixed(10, "days"),
        "training": Fixed(1, "days"),
        "methodological_material": Fixed(1, "working_days"),
        "service_start": Fixed(35, "days"),
    }
    # committee decides on 2025-11-30; training ends 2025-12-01
    r = simulate(
        ["2025-11-03"],
        "municipality",
        durations=durations,
        committee_meetings=np.array(["2025-11-30", "2025-12-15"], dtype="datetime64[D]"),
        seed=1,
        municipality=CESIS,
        municipal_calendars=calendars,  # type: ignore[arg-type]
    )
    assert str(r.events["training_completed"][0]) == "2025-12-01"
    assert str(r.due["service_start"][0]) == due
    started = r.events["service_started"][0]
    assert str(started) == "2026-01-05"
    assert bool(started > r.due["service_start"][0]) is (due == "2026-01-02")
