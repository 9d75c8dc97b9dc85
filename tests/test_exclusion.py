"""Scenario tests of vkac_flow.procedures.exclusion: the exclusion procedure of p. 16."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from v2docs import as_v2
from vkac_flow.calendar import default_calendar
from vkac_flow.errors import (
    EventDateError,
    HistoryError,
    IllegalTransitionError,
    InputError,
    InputTypeError,
    NaiveDatetimeError,
    RuleViolationError,
)
from vkac_flow.law.centres import Centre, CentreRegistry, CentreType
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service, ServiceCategory, minimum_basket_service
from vkac_flow.law.steps import STEPS
from vkac_flow.procedures.base import WaitingStatus
from vkac_flow.procedures.exclusion import (
    INTERPRETATIONS,
    RULES,
    ExclusionProcedure,
    ExclusionRoute,
    diagram_markdown,
    exclusion_route,
    rules_markdown,
)
from vkac_flow.procedures.transfer import TransferProcedure
from vkac_flow.register.ledger import ScopeConflictError, ScopeLedger

D = datetime.date
TODAY = D(2027, 12, 31)
CSDD = Party.service_holder("CSDD")
ROADS = Service("Vehicle registration", CSDD)
CESU = Party.municipality("Cēsu novads")
VID = Party.institution("VID")
VZD = Party.institution("VZD")
PERMIT = Service("Building permit", CESU, ServiceCategory.MUNICIPAL)


def clock() -> D:
    return TODAY


def proc(service: Service = ROADS, initiator: Party = CSDD, **kw: Any) -> ExclusionProcedure:
    return ExclusionProcedure.propose(service, initiator=initiator, clock=clock, **kw)


def snap(p: ExclusionProcedure) -> tuple[Any, ...]:
    return (p.state, p.history, p.deadlines(), p.to_dict(), p.allowed_events())


# -- routes: who may exclude what (p. 16) ------------------------------------------------------


@pytest.mark.cites("16")
def test_routes_by_initiator() -> None:
    assert exclusion_route(ROADS, CSDD) is ExclusionRoute.OWN_SERVICE
    assert exclusion_route(ROADS, CESU) is ExclusionRoute.PROPOSAL
    # EXCL-PROPOSER: an institution may propose excluding a (non-institution) holder's service
    assert exclusion_route(ROADS, VID) is ExclusionRoute.PROPOSAL
    vid_other = Service("Tax advice", VID)  # an institution's other service (p. 7.3)
    assert exclusion_route(vid_other, VID) is ExclusionRoute.OWN_SERVICE  # EXCL-OWN-SERVICE
    assert exclusion_route(vid_other, VZD) is ExclusionRoute.PROPOSAL


@pytest.mark.cites("16")
@pytest.mark.parametrize(
    "who", [Party.service_holder("Latvijas Valsts ceļi"), Party.ministry(), Party.committee()]
)
def test_only_institutions_and_municipalities_may_propose(who: Party) -> None:
    with pytest.raises(RuleViolationError, match=r"EXCL-PROPOSER") as info:
        proc(ROADS, who)
    assert info.value.points == ("p. 16",)


@pytest.mark.cites("2.6", "16")
@pytest.mark.parametrize("who", [VID, VZD, CESU, CSDD])
def test_minimum_basket_is_never_excluded(who: Party) -> None:
    basket = minimum_basket_service("VID")
    with pytest.raises(RuleViolationError, match="indivisible") as info:
        proc(basket, who)
    assert info.value.points == ("p. 2.6", "p. 16")


@pytest.mark.cites("7.2", "16")
@pytest.mark.parametrize("who", [CESU, VID])
def test_municipal_service_is_not_governed_by_p16(who: Party) -> None:
    with pytest.raises(RuleViolationError, match=r"own choice.*not an exclusion under p\. 16"):
        proc(PERMIT, who)


def test_bad_arguments_are_typed() -> None:
    with pytest.raises(InputTypeError):
        proc("roads", CSDD)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        proc(ROADS, "CSDD")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        proc(centres="Cēsis")
    with pytest.raises(InputError, match="named twice"):
        proc(centres=["Cēsis", "Cēsis"])
    with pytest.raises(InputError, match="at least one"):
        proc(centres=[])
    with pytest.raises(InputError, match="empty"):
        proc(centres=[" "])
    assert proc(centres=[Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL)]).centres == ("Cēsis",)


# -- the own-service route --------------------------------------------------------------------


@pytest.mark.cites("16")
def test_own_service_route_notice_is_enough() -> None:
    e = proc(centres=["Cēsis"])
    assert e.state == "proposed"
    assert e.allowed_events() == ("committee_informed", "withdrawn")
    assert e.earliest_exclusion() is None
    e.committee_informed(D(2026, 9, 1))
    assert e.state == "notice_running"
    assert e.allowed_events() == ("excluded", "withdrawn")
    earliest = e.earliest_exclusion()
    assert earliest is not None
    assert earliest.due == D(2026, 10, 1)
    assert earliest.basis[0] == "p. 16"
    assert earliest.period == STEPS["exclusion_notice"].period
    assert "2026-10-01" in earliest.explain()
    assert "2026-10-01" in earliest.explain("lv")
    with pytest.raises(IllegalTransitionError, match="no decision is needed"):
        e.committee_decided(D(2026, 9, 10), approved=True)
    e.excluded(D(2026, 10, 5))
    assert e.state == "excluded"
    assert e.is_final
    assert e.excluded_on == D(2026, 10, 5)
    # the p. 16 notice is a waiting period, not anyone's duty (issue #9): not an obligation
    assert e.obligations() == ()
    (wait,) = e.waiting_periods()
    assert wait.status is WaitingStatus.USED
    assert (wait.earliest, wait.done, wait.holds) == (D(2026, 10, 1), D(2026, 10, 5), ("excluded",))
    assert "no earlier than 2026-10-01" in wait.explanation
    assert e.breaches() == ()
    assert e.allowed_events() == ()


@pytest.mark.cites("16")
def test_exclusion_on_the_earliest_day_is_allowed_and_a_day_earlier_refused() -> None:
    e = proc()
    e.committee_informed(D(2026, 9, 1))
    before = snap(e)
    with pytest.raises(RuleViolationError, match=r"too early.*2026-10-01") as info:
        e.excluded(D(2026, 9, 30))
    assert info.value.points == ("p. 16",)
    assert info.value.event == "excluded"
    assert snap(e) == before
    e.excluded(D(2026, 10, 1))
    assert e.state == "excluded"


@pytest.mark.cites("16")
def test_earliest_day_moves_past_a_day_off() -> None:
    # informed Fri 2026-04-03: a month later is Sun 2026-05-03 -> Mon 2026-05-04 is a
    # holiday (4 May) -> Tue 2026-05-05 (APL s. 43(2), EXCL-NOTICE-PERIOD)
    e = proc()
    e.committee_informed(D(2026, 4, 3))
    earliest = e.earliest_exclusion()
    assert earliest is not None
    assert earliest.due == D(2026, 5, 5)
    assert "APL s. 43(2)" in earliest.basis
    with pytest.raises(RuleViolationError):
        e.excluded(D(2026, 5, 4))


# -- the proposal route -----------------------------------------------------------------------


@pytest.mark.cites("16", "10.1")
def test_proposal_route_committee_decides_then_exclusion() -> None:
    e = proc(ROADS, CESU, centres=["Cēsis", "Valmiera"])
    assert e.route is ExclusionRoute.PROPOSAL
    with pytest.raises(IllegalTransitionError, match="informed of the proposal first"):
        e.committee_decided(D(2026, 9, 1), approved=True)
    e.committee_informed(D(2026, 9, 1))
    assert e.state == "awaiting_decision"
    assert e.allowed_events() == ("committee_decided", "withdrawn")
    before = snap(e)
    with pytest.raises(IllegalTransitionError, match="EXCL-COMMITTEE-DECIDES"):
        e.excluded(D(2026, 10, 5))  # a month has passed, but no decision
    with pytest.raises(InputTypeError, match="True or False"):
        e.committee_decided(D(2026, 9, 15), approved="yes")  # type: ignore[arg-type]
    assert snap(e) == before
    e.committee_decided(D(2026, 9, 15), approved=True)
    assert e.state == "approved"
    assert e.approved is True
    with pytest.raises(RuleViolationError, match="too early"):
        e.excluded(D(2026, 9, 30))  # approved, but the month is not over
    e.excluded(D(2026, 10, 5))
    assert e.state == "excluded"
    assert [f.centre for f in e.scope_facts()] == ["Cēsis", "Valmiera"]
    assert all(f.kind == "end" and f.points == ("p. 16",) for f in e.scope_facts())


@pytest.mark.cites("16", "10.1")
def test_proposal_rejected_ends_the_procedure() -> None:
    e = proc(ROADS, VID)
    e.committee_informed(D(2026, 9, 1))
    e.committee_decided(D(2026, 9, 15), approved=False)
    assert e.state == "rejected"
    assert e.is_final
    assert e.approved is False
    assert e.scope_facts() == ()
    with pytest.raises(IllegalTransitionError, match="final state"):
        e.excluded(D(2026, 10, 5))
    assert e.obligations() == ()  # the notice is a waiting period, nobody's duty
    (wait,) = e.waiting_periods()
    assert wait.status is WaitingStatus.ENDED  # nothing held back once rejected


@pytest.mark.cites("16")
@pytest.mark.parametrize("stage", [0, 1, 2])
def test_withdrawn_from_any_open_state(stage: int) -> None:
    e = proc(ROADS, CESU)
    if stage >= 1:
        e.committee_informed(D(2026, 9, 1))
    if stage >= 2:
        e.committee_decided(D(2026, 9, 15), approved=True)
    e.withdrawn(D(2026, 9, 20))
    assert e.state == "withdrawn"
    assert e.allowed_events() == ()
    with pytest.raises(IllegalTransitionError):
        e.withdrawn(D(2026, 9, 21))


# -- dates and the backward period ------------------------------------------------------------


def test_event_dates_are_checked_and_nothing_changes() -> None:
    e = proc()
    e.committee_informed(D(2026, 9, 1))
    before = snap(e)
    with pytest.raises(EventDateError, match="previous event"):
        e.excluded(D(2026, 8, 1))
    with pytest.raises(EventDateError, match="future"):
        e.excluded(D(2028, 1, 3))
    with pytest.raises(NaiveDatetimeError):
        e.excluded(datetime.datetime(2026, 10, 5, 9))
    with pytest.raises(IllegalTransitionError, match="already informed"):
        e.committee_informed(D(2026, 9, 2))
    assert snap(e) == before
    fresh = proc()
    with pytest.raises(EventDateError, match=r"p\. 25"):
        fresh.committee_informed(D(2017, 6, 30))
    with pytest.raises(IllegalTransitionError, match="one month in advance first"):
        fresh.excluded(D(2026, 10, 5))


@pytest.mark.cites("16")
def test_notice_one_working_day_too_late_for_a_planned_date() -> None:
    planned = D(2026, 10, 5)  # Mon
    latest = proc().latest_notice_for(planned)
    assert latest.due == D(2026, 9, 4)  # Sat 09-05 is not a working day: move earlier
    assert latest.direction == "before"
    assert latest.basis[0] == "p. 16"
    assert "latest-consistent-working-day" in latest.explain()
    on_time = proc()
    on_time.committee_informed(latest.due)
    on_time.excluded(planned)  # permissible
    assert on_time.state == "excluded"
    late = proc()
    one_wd_later = default_calendar().add_working_days(latest.due, 1)
    assert one_wd_later == D(2026, 9, 7)
    late.committee_informed(one_wd_later)
    with pytest.raises(RuleViolationError, match=r"too early.*2026-10-07"):
        late.excluded(planned)


@given(st.integers(0, 3 * 365).map(lambda n: D(2025, 1, 1) + datetime.timedelta(n)))
def test_latest_notice_agrees_with_earliest_exclusion(planned: D) -> None:
    cal = default_calendar()
    latest = proc().latest_notice_for(planned).due
    assert cal.is_working_day(latest)
    e = proc()
    e.committee_informed(latest)
    earliest = e.earliest_exclusion()
    assert earliest is not None
    assert earliest.due <= planned
    later = proc()
    later.committee_informed(cal.add_working_days(latest, 1))
    later_earliest = later.earliest_exclusion()
    assert later_earliest is not None
    assert later_earliest.due > planned


# -- serialisation, display --------------------------------------------------------------------


def test_round_trip_by_replay_and_tampering() -> None:
    e = proc(ROADS, CESU, centres=["Cēsis"])
    e.committee_informed(D(2026, 9, 1))
    e.committee_decided(D(2026, 9, 15), approved=True)
    doc = json.loads(json.dumps(e.to_dict()))
    again = ExclusionProcedure.from_dict(doc, clock=clock)
    assert again == e
    assert again.state == "approved"
    assert again.centres == ("Cēsis",)
    e.excluded(D(2026, 10, 5))
    assert ExclusionProcedure.from_dict(e.to_dict(), clock=clock) == e
    assert e != proc(ROADS, CESU, centres=["Cēsis"])
    early = json.loads(json.dumps(e.to_dict()))
    early["audit"][2]["on"] = "2026-09-20"
    with pytest.raises(HistoryError, match=r"event #3 \(excluded.*too early") as info:
        ExclusionProcedure.from_dict(early, clock=clock)
    assert info.value.points == ("p. 16",)
    basket = {**e.to_dict(), "service": minimum_basket_service("VID").to_dict()}
    with pytest.raises(HistoryError, match="indivisible"):
        ExclusionProcedure.from_dict(basket, clock=clock)
    with pytest.raises(HistoryError, match="unknown event"):
        ExclusionProcedure.from_dict(
            {
                **as_v2(e.to_dict()),
                "history": [{"event": "__init__", "date": "2026-09-01", "data": {}}],
            },
            clock=clock,
        )
    with pytest.raises(HistoryError, match="state"):
        ExclusionProcedure.from_dict({**e.to_dict(), "state": "withdrawn"}, clock=clock)


def test_display_and_docs_helpers() -> None:
    e = proc(ROADS, CESU)
    e.committee_informed(D(2026, 9, 1))
    html = e._repr_html_()
    assert "awaiting_decision" in html
    assert "exclusion_notice" in html
    assert "Waiting periods" in html
    assert "p. 16" in str(e)
    assert "proposal to exclude an other service" in str(e)  # J2: "cita pakalpojuma"
    assert "route='proposal'" in repr(e)
    assert "state='awaiting_decision'" in repr(e)
    diagram = diagram_markdown()
    assert "approved --> excluded : excluded (p. 16)" in diagram
    assert "notice_running --> excluded" in diagram
    table = rules_markdown()
    assert all(r.id in table for r in RULES)
    assert {"EXCL-COMMITTEE-DECIDES", "EXCL-PROPOSER", "EXCL-NOTICE-PERIOD"} <= set(INTERPRETATIONS)


# -- the ledger follows a transfer and then an exclusion ---------------------------------------


def _completed_transfer() -> TransferProcedure:
    t = TransferProcedure.propose(ROADS, initiator=CSDD, clock=clock)
    t.letter_received(D(2026, 1, 5))
    t.centres_surveyed(D(2026, 1, 20), centres=["Cēsis", "Valmiera", "Priekuļi"])
    t.information_prepared(D(2026, 1, 21))
    t.committee_decided(D(2026, 2, 10), approved=True, centres=["Cēsis", "Valmiera"])
    t.training_completed(D(2026, 3, 2))
    t.material_uploaded(D(2026, 3, 5))
    t.service_started(D(2026, 3, 16), centre="Cēsis")
    t.service_started(D(2026, 3, 23), centre="Valmiera")
    assert t.state == "completed"
    return t


@pytest.mark.cites("15.3", "16", "7.3")
def test_ledger_follows_transfer_then_exclusion_in_two_centres() -> None:
    reg = CentreRegistry(
        [
            Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL),
            Centre("Valmiera", "Valmieras novads", CentreType.NATIONAL),
            Centre("Priekuļi", "Cēsu novads", CentreType.COUNTY),
        ]
    )
    ledger = ScopeLedger(reg)
    t = _completed_transfer()
    added = ledger.record(t)
    assert [(c.centre, c.day) for c in added] == [
        ("Cēsis", D(2026, 3, 16)),
        ("Valmiera", D(2026, 3, 23)),
    ]
    assert ledger.record(t) == ()  # idempotent
    assert not ledger.offers("Valmiera", ROADS, D(2026, 3, 22))
    assert ledger.centres_offering(ROADS, D(2026, 6, 1)) == (reg["Cēsis"], reg["Valmiera"])
    assert ROADS in ledger.services_at("Cēsis", D(2026, 6, 1))
    assert not ledger.offers("Priekuļi", ROADS, D(2026, 6, 1))  # willing, not approved

    e = proc(ROADS, CESU)  # all centres: Cēsis and Valmiera
    ledger.record(e)  # nothing yet
    e.committee_informed(D(2026, 9, 1))
    e.committee_decided(D(2026, 9, 15), approved=True)
    e.excluded(D(2026, 10, 5))
    ends = ledger.record(e)
    assert [(c.centre, c.kind, c.points) for c in ends] == [
        ("Cēsis", "end", ("p. 16",)),
        ("Valmiera", "end", ("p. 16",)),
    ]
    assert ledger.record_all([t, e]) == ()
    assert ledger.offers("Cēsis", ROADS, D(2026, 10, 4))
    assert ledger.centres_offering(ROADS, D(2026, 10, 5)) == ()
    assert ROADS not in ledger.services_at("Valmiera", D(2026, 10, 5))
    hist = ledger.history("Valmiera", basket=False)
    assert [(c.day, c.kind, c.points) for c in hist] == [
        (D(2026, 3, 23), "start", ("p. 7.3", "p. 15.3")),
        (D(2026, 10, 5), "end", ("p. 16",)),
    ]
    # a second exclusion of the same service in Cēsis: nothing left to exclude
    again = proc(ROADS, CSDD, centres=["Cēsis"])
    again.committee_informed(D(2026, 11, 2))
    again.excluded(D(2026, 12, 2))
    before = (ledger.intervals(), ledger.changes())
    with pytest.raises(ScopeConflictError, match=r"nothing to exclude.*p\. 16"):
        ledger.record(again)
    assert (ledger.intervals(), ledger.changes()) == before


def test_ledger_in_one_call_from_a_fresh_ledger_in_any_order() -> None:
    reg = CentreRegistry(
        [
            Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL),
            Centre("Valmiera", "Valmieras novads", CentreType.NATIONAL),
        ]
    )
    t = _completed_transfer()
    e = proc(ROADS, CSDD, centres=["Valmiera"])
    e.committee_informed(D(2026, 9, 1))
    e.excluded(D(2026, 10, 1))
    ledger = ScopeLedger(reg)
    ledger.record_all([e, t])
    assert ledger.centres_offering(ROADS, D(2026, 10, 1)) == (reg["Cēsis"],)


# -- docs/exclusion.md embeds what the code generates ------------------------------------------


def test_doc_contains_the_generated_diagram_and_rules() -> None:
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / "exclusion.md").read_text("utf-8")
    assert diagram_markdown() in text
    assert text.count("```mermaid") == 1
    assert rules_markdown() in text
    for name in INTERPRETATIONS:
        assert f"`{name}`" in text, name
    diagram = ExclusionProcedure.state_diagram()
    for t in ExclusionProcedure.TRANSITIONS:
        for src in t.source:
            assert f"    {src} --> {t.dest} : {t.label or t.trigger}" in diagram
