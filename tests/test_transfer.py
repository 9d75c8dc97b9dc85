"""TransferProcedure (p. 12-15): scenarios for both routes, every rule, deadlines and breaches."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from vkac_flow.calendar.deadline import Deadline
from vkac_flow.errors import (
    DateFormatError,
    EventDateError,
    IllegalTransitionError,
    InputError,
    InputTypeError,
    NaiveDatetimeError,
    ProcedureError,
    RuleViolationError,
    VkacFlowError,
)
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service, ServiceCategory, minimum_basket_service
from vkac_flow.law.steps import Route
from vkac_flow.procedures.base import ObligationStatus
from vkac_flow.procedures.transfer import TransferProcedure

D = datetime.date
TODAY = D(2026, 12, 31)
HOLDER = Party.service_holder("Latvijas Valsts ceļi")
SERVICE = Service("Road permit", HOLDER)
MUNI = Party.municipality("Cēsu novads")
VID = Party.institution("VID")


def clock() -> datetime.date:
    return TODAY


def new(initiator: Party = MUNI, service: Service = SERVICE) -> TransferProcedure:
    return TransferProcedure.propose(service, initiator=initiator, clock=clock)


def to_awaiting(p: TransferProcedure, *, declined: bool = False) -> TransferProcedure:
    p.letter_received(D(2026, 3, 2))
    if p.readiness_required:
        if declined:
            p.readiness_declined(D(2026, 3, 9))
        else:
            p.readiness_confirmed(D(2026, 3, 9))
    if not declined:
        p.centres_surveyed(D(2026, 3, 16), centres=["Cēsis", "Valmiera"])
    p.information_prepared(D(2026, 3, 20))
    return p


def to_rollout(p: TransferProcedure, centres: tuple[str, ...] = ("Cēsis",)) -> TransferProcedure:
    to_awaiting(p)
    p.committee_decided(D(2026, 4, 16), approved=True, centres=centres)
    p.training_completed(D(2026, 5, 8))
    return p


def snapshot(p: TransferProcedure) -> tuple[Any, ...]:
    return (
        p.to_dict(),
        p.state,
        p.deadlines(),
        p.history,
        p.facts,  # a frozen record: compared by value
        dict(p.steps_opened),
        dict(p.steps_met),
        p.audit_log(),
        p.allowed_events(),
    )


E = TypeVar("E", bound=VkacFlowError)


def refused(
    p: TransferProcedure,
    call: Callable[[], object],
    exc: type[E],
    *points: str,
) -> E:
    """Assert ``call`` raises ``exc`` citing ``points``, listing allowed events, changing nothing."""
    before = snapshot(p)
    with pytest.raises(exc) as info:
        call()
    err = info.value
    assert snapshot(p) == before
    for point in points:
        assert f"p. {point}" in err.points, (point, err.points)
        assert f"p. {point}" in str(err)
    if isinstance(err, ProcedureError) and err.event is not None:
        assert err.allowed == p.allowed_events()
        assert "Allowed now:" in str(err)
        for name in err.allowed:
            assert name in str(err)
    return err


# ---------------------------------------------------------------------------- scenarios


@pytest.mark.cites("12", "14.1", "14.2", "14.2.1", "14.2.2", "14.3", "10.1", "15.1", "15.2", "15.3")
def test_municipality_route_14_full_scenario() -> None:
    p = new(MUNI)
    assert p.route is Route.MUNICIPALITY
    assert p.readiness_required
    assert p.state == "proposed"
    p.letter_received(D(2026, 3, 2))
    assert p.state == "information_gathering"
    assert p.deadlines()["information"].due == D(2026, 3, 30)  # 20 WD, p. 14.2
    assert p.deadlines()["information"].basis[0] == "p. 14.2"
    assert p.allowed_events() == ("readiness_confirmed", "readiness_declined", "withdrawn")
    p.readiness_confirmed(D(2026, 3, 9))
    assert p.allowed_events() == ("centres_surveyed", "withdrawn")
    p.centres_surveyed(D(2026, 3, 16), centres=["Cēsis", "Valmiera"])
    p.information_prepared(D(2026, 3, 20))
    assert p.state == "awaiting_committee"
    assert p.deadlines()["committee_meeting"].due == D(2026, 4, 20)  # 1 month, p. 14.3
    p.committee_decided(D(2026, 4, 16), approved=True, centres=["Cēsis"])
    assert p.state == "approved"
    assert p.approved_centres == ("Cēsis",)
    assert p.deadlines()["training"].due == D(2026, 5, 18)  # 16 May is a Saturday
    p.training_completed(D(2026, 5, 8))
    assert p.state == "rollout"
    dl = p.deadlines()
    assert dl["methodological_material"].due == D(2026, 5, 22)  # 10 WD, p. 15.2
    assert dl["service_start/Cēsis"].due == D(2026, 6, 8)  # 1 month, p. 15.3
    p.material_uploaded(D(2026, 5, 15))
    assert p.state == "rollout"
    p.service_started(D(2026, 6, 1), centre="Cēsis")
    assert p.state == "completed"
    assert p.is_final
    assert p.breaches() == ()
    assert {o.status for o in p.obligations()} == {ObligationStatus.MET_ON_TIME}
    assert [r.event for r in p.history] == [
        "letter_received",
        "readiness_confirmed",
        "centres_surveyed",
        "information_prepared",
        "committee_decided",
        "training_completed",
        "material_uploaded",
        "service_started",
    ]
    assert p.history[2].data == {"centres": ("Cēsis", "Valmiera")}
    assert p.allowed_events() == ()


@pytest.mark.cites("12", "13.1", "13.2", "13.2.1", "13.2.2", "13.3")
def test_holder_self_initiated_route_13_skips_readiness() -> None:
    p = new(HOLDER)
    assert p.route is Route.INSTITUTION
    assert p.self_initiated
    assert not p.readiness_required
    p.letter_received(D(2026, 3, 2))
    assert p.allowed_events() == ("centres_surveyed", "withdrawn")
    refused(p, lambda: p.readiness_confirmed(D(2026, 3, 3)), RuleViolationError, "13.2.1")
    refused(p, lambda: p.readiness_declined(D(2026, 3, 3)), RuleViolationError, "13.2.1")
    p.centres_surveyed(D(2026, 3, 10), centres=["Sigulda"])
    p.information_prepared(D(2026, 3, 11))
    assert p.deadlines()["information"].basis[0] == "p. 13.2"
    assert p.deadlines()["committee_meeting"].basis[0] == "p. 13.3"
    p.committee_decided(D(2026, 4, 1), approved=True, centres=["Sigulda"])
    p.training_completed(D(2026, 4, 20))
    p.service_started(D(2026, 4, 21), centre="Sigulda")
    assert p.state == "rollout"  # the material is still missing (p. 15.2)
    p.material_uploaded(D(2026, 4, 22))
    assert p.state == "completed"


@pytest.mark.cites("12", "13.1", "13.2.1", "13.2.2")
def test_institution_proposing_another_holders_service_asks_readiness() -> None:
    p = new(VID)
    assert p.route is Route.INSTITUTION
    assert not p.self_initiated
    assert p.readiness_required
    to_rollout(p, ("Cēsis", "Valmiera"))
    assert p.deadlines()["information"].basis[0] == "p. 13.2"
    p.service_started(D(2026, 5, 11), centre="Valmiera")
    p.material_uploaded(D(2026, 5, 12))
    assert p.state == "rollout"  # Cēsis has not started (p. 15.3)
    p.service_started(D(2026, 5, 13), centre="Cēsis")
    assert p.state == "completed"
    assert p.started_centres == ("Valmiera", "Cēsis")


@pytest.mark.cites("12", "13.2.1")
def test_institution_proposing_its_own_service_is_self_initiated() -> None:
    own = Service("Tax consultation", VID)
    p = new(VID, own)
    assert p.self_initiated
    assert not p.readiness_required
    p.letter_received(D(2026, 3, 2))
    assert "readiness_confirmed" not in p.allowed_events()


@pytest.mark.cites("14.2.1")
def test_municipality_proposing_its_own_other_service_still_asks_readiness() -> None:
    own = Service("Dog registration", MUNI)  # an "other" service (p. 7.3) held by it
    p = new(MUNI, own)
    assert p.self_initiated
    assert p.readiness_required


@pytest.mark.cites("13.2.1", "14.2.1", "14.2.2", "13.2.2", "10.1")
def test_readiness_declined_then_the_committee_can_only_reject() -> None:
    p = new(MUNI)
    p.letter_received(D(2026, 3, 2))
    p.readiness_declined(D(2026, 3, 9))
    assert p.readiness is False
    assert p.allowed_events() == ("information_prepared", "withdrawn")
    refused(
        p,
        lambda: p.centres_surveyed(D(2026, 3, 10), centres=["Cēsis"]),
        RuleViolationError,
        "14.2.2",
    )
    p.information_prepared(D(2026, 3, 12))
    timeline = p.projected_timeline()
    assert timeline is not None
    assert [s.key for s in timeline.steps] == ["committee_meeting"]
    refused(
        p,
        lambda: p.committee_decided(D(2026, 4, 1), approved=True, centres=["Cēsis"]),
        RuleViolationError,
        "10.1",
        "14.2.1",
    )
    p.committee_decided(D(2026, 4, 1), approved=False)
    assert p.state == "rejected"
    assert "training" not in p.deadlines()


@pytest.mark.cites("13.2.1", "13.2.2")
def test_route_13_declined_survey_refused() -> None:
    p = new(VID)
    p.letter_received(D(2026, 3, 2))
    p.readiness_declined(D(2026, 3, 9))
    refused(
        p,
        lambda: p.centres_surveyed(D(2026, 3, 10), centres=[]),
        RuleViolationError,
        "13.2.2",
    )
    with pytest.raises(RuleViolationError) as info:
        p.centres_surveyed(D(2026, 3, 10), centres=[])
    assert "14.2.2" not in str(info.value)


@pytest.mark.cites("10.1", "13.3")
def test_rejection_is_final() -> None:
    p = to_awaiting(new(HOLDER))
    p.committee_decided(D(2026, 4, 1), approved=False)
    assert p.state == "rejected"
    assert p.is_final
    assert p.obligations()[-1].status is ObligationStatus.MET_ON_TIME
    for event in TransferProcedure.EVENTS:
        err = refused(
            p,
            lambda event=event: getattr(p, event)(D(2026, 4, 2), **_kwargs(event)),  # type: ignore[misc]
            IllegalTransitionError,
        )
        assert "final state" in str(err)
        assert err.allowed == ()


def _kwargs(event: str) -> dict[str, Any]:
    table: dict[str, dict[str, Any]] = {
        "centres_surveyed": {"centres": ["Cēsis"]},
        "committee_decided": {"approved": False},
        "service_started": {"centre": "Cēsis"},
    }
    return table.get(event, {})


@pytest.mark.cites("11", "13.3", "14.3")
def test_deferral_keeps_awaiting_and_meets_the_first_meeting_deadline() -> None:
    p = to_awaiting(new(MUNI))
    p.committee_deferred(D(2026, 4, 10))
    assert p.state == "awaiting_committee"
    p.committee_deferred(D(2026, 6, 10))  # a second deferral is allowed
    meeting = next(o for o in p.obligations() if o.step == "committee_meeting")
    assert meeting.status is ObligationStatus.MET_ON_TIME
    assert meeting.done == D(2026, 4, 10)
    assert meeting.event == "committee_deferred"
    timeline = p.projected_timeline()
    assert timeline is not None
    assert timeline.steps == ()
    p.committee_decided(D(2026, 11, 2), approved=True, centres=["Valmiera"])
    assert p.breaches() == ()  # DEFERRAL_POLICY: no deadline after the first meeting
    assert p.deadlines()["training"].due == D(2026, 12, 2)


@pytest.mark.cites("13.3")
def test_late_deferral_is_a_breach_of_the_first_meeting() -> None:
    p = to_awaiting(new(HOLDER))  # information prepared 2026-03-20, meeting due 2026-04-20
    p.committee_deferred(D(2026, 4, 22))
    (breach,) = p.breaches()
    assert breach.step == "committee_meeting"
    assert breach.days_late == 2
    assert breach.working_days_late == 2


@pytest.mark.cites("12")
@pytest.mark.parametrize("stage", ["proposed", "information_gathering", "awaiting_committee"])
def test_withdrawal_before_the_decision(stage: str) -> None:
    p = new(MUNI)
    if stage != "proposed":
        p.letter_received(D(2026, 3, 2))
    if stage == "awaiting_committee":
        p.readiness_confirmed(D(2026, 3, 3))
        p.centres_surveyed(D(2026, 3, 4), centres=["Cēsis"])
        p.information_prepared(D(2026, 3, 5))
    assert p.state == stage
    p.withdrawn(D(2026, 3, 6))
    assert p.state == "withdrawn"
    assert p.is_final
    assert all(
        o.status in (ObligationStatus.MET_ON_TIME, ObligationStatus.LAPSED) for o in p.obligations()
    )


@pytest.mark.cites("12", "10.1")
@pytest.mark.parametrize("decided", [True, False])
def test_no_withdrawal_after_the_decision(decided: bool) -> None:
    p = to_awaiting(new(MUNI))
    p.committee_decided(D(2026, 4, 1), approved=decided, centres=["Cēsis"] if decided else [])
    err = refused(p, lambda: p.withdrawn(D(2026, 4, 2)), IllegalTransitionError, "12")
    if decided:
        assert "before the committee decides" in str(err)


@pytest.mark.cites("14.2", "13.2")
def test_late_information_is_accepted_and_recorded_as_a_breach() -> None:
    p = new(MUNI)
    p.letter_received(D(2026, 3, 2))  # due 2026-03-30
    p.readiness_confirmed(D(2026, 3, 9))
    p.centres_surveyed(D(2026, 3, 16), centres=["Cēsis"])
    assert p.obligations(D(2026, 3, 30))[0].status is ObligationStatus.OPEN
    overdue = p.obligations(D(2026, 4, 1))[0]
    assert overdue.status is ObligationStatus.OVERDUE
    assert overdue.days_late == 2
    assert p.breaches() == ()  # overdue is not yet a breach: it is still running
    p.information_prepared(D(2026, 4, 2))
    (breach,) = p.breaches()
    assert breach.step == "information"
    assert (breach.days_late, breach.working_days_late) == (3, 3)
    assert breach.obligation.by == "ministry (VARAM)"
    assert breach.obligation.points == ("p. 14.2",)
    assert "3 days (3 working days) late" in str(breach)
    assert breach.to_dict()["status"] == "met_late"
    # the committee's month counts from the actual (late) date: 2 May is a Saturday and
    # 4 May a holiday, so 5 May
    assert p.deadlines()["committee_meeting"].due == D(2026, 5, 5)


@pytest.mark.cites("15.1", "15.2", "15.3")
def test_late_rollout_steps_each_recorded() -> None:
    p = to_awaiting(new(HOLDER))
    p.committee_decided(D(2026, 4, 16), approved=True, centres=["Cēsis", "Valmiera"])
    p.training_completed(D(2026, 5, 20))  # due 2026-05-18: 2 days late
    p.material_uploaded(D(2026, 6, 10))  # due 10 WD after 05-20 = 2026-06-03
    # service start due: 20 June is a Saturday, 22 June a transferred day off, 23-24 June
    # holidays: 2026-06-25
    p.service_started(D(2026, 6, 19), centre="Cēsis")
    p.service_started(D(2026, 6, 29), centre="Valmiera")
    assert p.state == "completed"
    late = {b.obligation.key: (b.days_late, b.working_days_late) for b in p.breaches()}
    assert late["training"] == (2, 2)
    assert late["methodological_material"][0] == 7
    assert "service_start/Cēsis" not in late
    assert p.deadlines()["service_start/Valmiera"].due == D(2026, 6, 25)
    # 26 June (Fri), 27 June (a Saturday made a working day), 29 June: 3 working days
    assert late["service_start/Valmiera"] == (4, 3)


@pytest.mark.cites("13.2")
def test_withdrawal_after_a_missed_deadline_is_a_missed_breach() -> None:
    p = new(HOLDER)
    p.letter_received(D(2026, 3, 2))
    p.withdrawn(D(2026, 4, 6))
    (breach,) = p.breaches()
    assert breach.obligation.status is ObligationStatus.MISSED
    assert breach.obligation.event == "withdrawn"
    assert breach.days_late == 7


# ---------------------------------------------------------------------------- who proposes what


@pytest.mark.cites("12")
@pytest.mark.parametrize("party", [Party.ministry(), Party.committee()])
def test_only_municipality_institution_or_holder_may_propose(party: Party) -> None:
    with pytest.raises(RuleViolationError) as info:
        TransferProcedure.propose(SERVICE, initiator=party)
    assert "p. 12" in info.value.points


@pytest.mark.cites("12")
def test_propose_type_errors() -> None:
    with pytest.raises(InputTypeError):
        TransferProcedure.propose("Road permit", initiator=MUNI)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        TransferProcedure.propose(SERVICE, initiator="municipality")  # type: ignore[arg-type]


def test_minimum_basket_service_cannot_be_proposed() -> None:
    with pytest.raises(RuleViolationError) as info:
        TransferProcedure.propose(minimum_basket_service("VID"), initiator=MUNI)
    assert info.value.points == ("p. 2.6", "p. 7.1")
    assert "minimum-basket-not-transferable" in str(info.value)


def test_municipal_service_cannot_be_proposed() -> None:
    svc = Service("Building permit", MUNI, ServiceCategory.MUNICIPAL)
    with pytest.raises(RuleViolationError) as info:
        TransferProcedure.propose(svc, initiator=MUNI)
    assert "p. 7.2" in info.value.points
    assert "own" not in info.value.points


# ---------------------------------------------------------------------------- information rules


@pytest.mark.cites("13.2.1", "14.2.1")
@pytest.mark.parametrize("initiator", [MUNI, VID])
def test_readiness_answered_once(initiator: Party) -> None:
    p = new(initiator)
    p.letter_received(D(2026, 3, 2))
    p.readiness_confirmed(D(2026, 3, 3))
    point = "14.2.1" if initiator is MUNI else "13.2.1"
    err = refused(p, lambda: p.readiness_declined(D(2026, 3, 4)), RuleViolationError, point)
    other = "13.2.1" if initiator is MUNI else "14.2.1"
    assert f"p. {other}" not in err.points  # only the route's own point is cited


@pytest.mark.cites("13.2.2", "14.2.2", "13.2.1", "14.2.1")
@pytest.mark.parametrize(("initiator", "point"), [(MUNI, "14.2.2"), (VID, "13.2.2")])
def test_survey_waits_for_readiness(initiator: Party, point: str) -> None:
    p = new(initiator)
    p.letter_received(D(2026, 3, 2))
    refused(
        p, lambda: p.centres_surveyed(D(2026, 3, 3), centres=["Cēsis"]), RuleViolationError, point
    )


@pytest.mark.cites("13.2.2")
def test_survey_once_and_input_checked() -> None:
    p = new(HOLDER)
    p.letter_received(D(2026, 3, 2))
    refused(p, lambda: p.centres_surveyed(D(2026, 3, 3), centres="Cēsis"), InputTypeError)
    refused(p, lambda: p.centres_surveyed(D(2026, 3, 3), centres=[1]), InputTypeError)  # type: ignore[list-item]
    refused(p, lambda: p.centres_surveyed(D(2026, 3, 3), centres=[" "]), InputError)
    refused(p, lambda: p.centres_surveyed(D(2026, 3, 3), centres=["A", "A "]), InputError)
    p.centres_surveyed(D(2026, 3, 3), centres=[" Cēsis "])
    assert p.willing_centres == ("Cēsis",)
    refused(
        p,
        lambda: p.centres_surveyed(D(2026, 3, 4), centres=["Cēsis"]),
        RuleViolationError,
        "13.2.2",
    )


@pytest.mark.cites("13.2", "13.2.1", "14.2", "14.2.1")
@pytest.mark.parametrize(
    ("initiator", "points"), [(MUNI, ("14.2", "14.2.1")), (VID, ("13.2", "13.2.1"))]
)
def test_information_needs_the_readiness_answer(initiator: Party, points: tuple[str, ...]) -> None:
    p = new(initiator)
    p.letter_received(D(2026, 3, 2))
    refused(p, lambda: p.information_prepared(D(2026, 3, 3)), RuleViolationError, *points)


@pytest.mark.cites("13.2", "13.2.2", "14.2", "14.2.2")
@pytest.mark.parametrize(
    ("initiator", "points"), [(MUNI, ("14.2", "14.2.2")), (HOLDER, ("13.2", "13.2.2"))]
)
def test_information_needs_the_survey(initiator: Party, points: tuple[str, ...]) -> None:
    p = new(initiator)
    p.letter_received(D(2026, 3, 2))
    if p.readiness_required:
        p.readiness_confirmed(D(2026, 3, 3))
    refused(p, lambda: p.information_prepared(D(2026, 3, 4)), RuleViolationError, *points)


# ---------------------------------------------------------------------------- committee rules


@pytest.mark.cites("10.1")
def test_approval_names_a_centre() -> None:
    p = to_awaiting(new(MUNI))
    refused(
        p, lambda: p.committee_decided(D(2026, 4, 1), approved=True), RuleViolationError, "10.1"
    )


@pytest.mark.cites("10.1", "13.2.2", "14.2.2")
def test_approval_only_for_willing_centres() -> None:
    p = to_awaiting(new(MUNI))
    err = refused(
        p,
        lambda: p.committee_decided(D(2026, 4, 1), approved=True, centres=["Cēsis", "Rīga"]),
        RuleViolationError,
        "10.1",
        "14.2.2",
    )
    assert "Rīga" in str(err)


@pytest.mark.cites("10.1")
def test_rejection_names_no_centres_and_approved_is_a_bool() -> None:
    p = to_awaiting(new(MUNI))
    refused(
        p,
        lambda: p.committee_decided(D(2026, 4, 1), approved=False, centres=["Cēsis"]),
        RuleViolationError,
        "10.1",
    )
    refused(p, lambda: p.committee_decided(D(2026, 4, 1), approved=1), InputTypeError)  # type: ignore[arg-type]


@pytest.mark.cites("13.3", "14.3")
def test_committee_only_after_information() -> None:
    p = new(MUNI)
    p.letter_received(D(2026, 3, 2))
    refused(
        p,
        lambda: p.committee_decided(D(2026, 3, 3), approved=False),
        IllegalTransitionError,
        "14.3",
    )
    refused(p, lambda: p.committee_deferred(D(2026, 3, 3)), IllegalTransitionError, "14.3")


# ---------------------------------------------------------------------------- rollout rules


@pytest.mark.cites("15.1")
def test_training_only_after_approval() -> None:
    p = to_awaiting(new(MUNI))
    err = refused(p, lambda: p.training_completed(D(2026, 4, 1)), IllegalTransitionError, "15.1")
    assert err.allowed == ("committee_decided", "committee_deferred", "withdrawn")
    p.committee_decided(D(2026, 4, 16), approved=True, centres=["Cēsis"])
    p.training_completed(D(2026, 5, 8))
    refused(p, lambda: p.training_completed(D(2026, 5, 9)), IllegalTransitionError, "15.1")


@pytest.mark.cites("15.2", "15.3")
def test_material_and_start_only_after_training() -> None:
    p = to_awaiting(new(MUNI))
    p.committee_decided(D(2026, 4, 16), approved=True, centres=["Cēsis"])
    refused(p, lambda: p.material_uploaded(D(2026, 4, 17)), IllegalTransitionError, "15.2")
    refused(
        p,
        lambda: p.service_started(D(2026, 4, 17), centre="Cēsis"),
        IllegalTransitionError,
        "15.3",
    )


@pytest.mark.cites("15.2")
def test_material_once() -> None:
    p = to_rollout(new(MUNI), ("Cēsis", "Valmiera"))
    p.material_uploaded(D(2026, 5, 11))
    refused(p, lambda: p.material_uploaded(D(2026, 5, 12)), RuleViolationError, "15.2")


@pytest.mark.cites("15.3", "10.1")
def test_start_only_in_an_approved_centre_once() -> None:
    p = to_rollout(new(MUNI), ("Cēsis", "Valmiera"))
    refused(
        p,
        lambda: p.service_started(D(2026, 5, 11), centre="Valmiera "[:0] + "Sigulda"),
        RuleViolationError,
        "15.3",
        "10.1",
    )
    p.service_started(D(2026, 5, 11), centre="Cēsis")
    refused(
        p, lambda: p.service_started(D(2026, 5, 12), centre="Cēsis"), RuleViolationError, "15.3"
    )
    refused(p, lambda: p.service_started(D(2026, 5, 12), centre=3), InputTypeError)  # type: ignore[arg-type]
    assert p.allowed_events() == ("material_uploaded", "service_started")


@pytest.mark.cites("13.1", "14.1")
def test_nothing_before_the_letter() -> None:
    p = new(MUNI)
    assert p.allowed_events() == ("letter_received", "withdrawn")
    for event in TransferProcedure.EVENTS:
        if event in ("letter_received", "withdrawn"):
            continue
        err = refused(
            p,
            lambda event=event: getattr(p, event)(D(2026, 3, 2), **_kwargs(event)),  # type: ignore[misc]
            IllegalTransitionError,
        )
        assert "p. 14.1" in str(err) or "p. 15" in str(err)
    p.letter_received(D(2026, 3, 2))
    refused(p, lambda: p.letter_received(D(2026, 3, 3)), IllegalTransitionError, "14.1")


def _reach(state: str) -> TransferProcedure:
    p = new(MUNI)
    if state == "proposed":
        return p
    if state == "information_gathering":
        p.letter_received(D(2026, 3, 2))
        return p
    if state == "awaiting_committee":
        return to_awaiting(p)
    if state in ("approved", "rejected"):
        to_awaiting(p)
        if state == "approved":
            p.committee_decided(D(2026, 4, 16), approved=True, centres=["Cēsis"])
        else:
            p.committee_decided(D(2026, 4, 16), approved=False)
        return p
    if state == "withdrawn":
        p.withdrawn(D(2026, 3, 2))
        return p
    to_rollout(p)
    if state == "completed":
        p.material_uploaded(D(2026, 5, 11))
        p.service_started(D(2026, 5, 12), centre="Cēsis")
    return p


@pytest.mark.cites("12", "13.1", "14.1", "14.2", "14.3", "15.1", "15.2", "15.3")
@pytest.mark.parametrize("state", TransferProcedure.STATES)
def test_every_event_not_valid_in_a_state_is_an_illegal_transition(state: str) -> None:
    p = _reach(state)
    assert p.state == state
    valid = {
        t.trigger for t in TransferProcedure.TRANSITIONS if state in t.source
    } - set()  # by the table
    for event in TransferProcedure.EVENTS:
        if event in valid:
            continue
        err = refused(
            p,
            lambda event=event: getattr(p, event)(D(2026, 12, 1), **_kwargs(event)),  # type: ignore[misc]
            IllegalTransitionError,
        )
        points = p._points(*TransferProcedure.transition_points(event))
        assert err.points == points
        assert points
        assert err.event == event


# ---------------------------------------------------------------------------- dates


@pytest.mark.cites("13.1")
def test_event_dates() -> None:
    p = new(MUNI)
    refused(p, lambda: p.letter_received(D(2017, 6, 30)), EventDateError, "25")
    refused(p, lambda: p.letter_received(D(2027, 1, 1)), EventDateError)  # after the clock
    refused(p, lambda: p.letter_received(datetime.datetime(2026, 3, 2, 12)), NaiveDatetimeError)
    refused(p, lambda: p.letter_received("2026-13-01"), DateFormatError)
    refused(p, lambda: p.letter_received(20260302), InputTypeError)
    p.letter_received("2026-03-01T23:30:00+00:00")  # 2 March in Riga
    assert p.history[0].date == D(2026, 3, 2)
    err = refused(p, lambda: p.readiness_confirmed(D(2026, 3, 1)), EventDateError)
    assert "before the previous event" in str(err)
    p.readiness_confirmed(D(2026, 3, 2))  # the same day is fine


def test_default_clock_is_today_in_riga() -> None:
    p = TransferProcedure.propose(SERVICE, initiator=MUNI)
    with pytest.raises(EventDateError):
        p.letter_received(datetime.date.today() + datetime.timedelta(days=3))


# ---------------------------------------------------------------------------- rollback


def test_failure_inside_apply_restores_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    p = to_awaiting(new(MUNI))
    before = snapshot(p)

    def boom(self: TransferProcedure) -> bool:
        raise RuntimeError("boom")

    monkeypatch.setattr(TransferProcedure, "_approving", boom)
    with pytest.raises(RuntimeError):
        p.committee_decided(D(2026, 4, 16), approved=True, centres=["Cēsis"])
    assert snapshot(p) == before


# ---------------------------------------------------------------------------- projections, display


@pytest.mark.cites("13.2", "13.3", "15.1", "15.2", "15.3")
def test_projected_timeline_from_actual_dates() -> None:
    p = new(HOLDER)
    assert p.projected_timeline() is None
    p.letter_received(D(2026, 3, 2))
    t = p.projected_timeline()
    assert t is not None
    assert [s.key for s in t.steps] == [
        "information",
        "committee_meeting",
        "training",
        "methodological_material",
        "service_start",
    ]
    assert t.steps[0].due == D(2026, 3, 30)
    assert t.steps[0].points == ("p. 13.2",)
    p.centres_surveyed(D(2026, 3, 3), centres=["Cēsis"])
    p.information_prepared(D(2026, 3, 5))
    t = p.projected_timeline()
    assert t is not None
    assert t.steps[0].key == "committee_meeting"
    assert t.steps[0].due == D(2026, 4, 7)  # 5 April is Easter Sunday, 6 April Easter Monday
    p.committee_decided(D(2026, 4, 7), approved=True, centres=["Cēsis"])
    p.training_completed(D(2026, 4, 20))
    p.material_uploaded(D(2026, 4, 21))
    t = p.projected_timeline()
    assert t is not None
    assert [s.key for s in t.steps] == ["service_start"]
    p.service_started(D(2026, 4, 22), centre="Cēsis")
    t = p.projected_timeline()
    assert t is not None
    assert t.steps == ()


def test_projected_timeline_past_the_horizon_is_provisional() -> None:
    p = new(MUNI)
    p.letter_received(D(2026, 12, 1))
    t = p.projected_timeline()
    assert t is not None
    assert t.steps[0].provisional
    assert t.provisional
    assert p.deadlines()["information"].provisional


def test_repr_summary_and_html() -> None:
    p = to_rollout(new(MUNI))
    text = repr(p)
    assert "state='rollout'" in text
    assert "p. 14" in text
    assert "events=6" in text
    summary = p.summary(D(2026, 5, 9))
    assert "state rollout" in summary
    assert "service_start/Cēsis" in summary
    assert "allowed now: material_uploaded, service_started" in summary
    html = p._repr_html_()
    assert "<table>" in html
    assert "Obligations" in html
    assert "training_completed" in html
    assert "Cēsu novads" in html
    assert str(new(MUNI)).count("(none)") == 2


def test_obligation_fields() -> None:
    p = to_rollout(new(MUNI), ("Cēsis", "Valmiera"))
    obs = {o.key: o for o in p.obligations(D(2026, 5, 9))}
    start = obs["service_start/Valmiera"]
    assert start.responsible == ("municipality",)
    assert start.by == "municipality of centre Valmiera"
    assert start.status is ObligationStatus.OPEN
    assert start.subject == "Valmiera"
    assert obs["training"].by == "ministry (VARAM) and holder: service holder Latvijas Valsts ceļi"
    assert isinstance(obs["training"].deadline, Deadline)
    assert json.dumps([o.to_dict() for o in obs.values()])
    with pytest.raises(InputTypeError):
        p.obligations(3.5)
