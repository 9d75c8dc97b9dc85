"""Regression tests of the procedure review (the wave-1 review's findings 1-22, J1-J5).

Each test reproduces a finding on the behaviour that was wrong and checks the fix.
"""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest

from v2docs import as_v2
from vkac_flow.errors import (
    DateOutOfRangeError,
    EventDateError,
    EventInputTypeError,
    HistoryError,
    IllegalTransitionError,
    InputError,
    InputTypeError,
    NaiveDatetimeError,
    ProcedureError,
    RuleViolationError,
)
from vkac_flow.law.centres import Centre, CentreRegistry, CentreType
from vkac_flow.law.parties import Institution, Party
from vkac_flow.law.services import Service, minimum_basket_service
from vkac_flow.procedures.base import ObligationStatus, Procedure, legacy_procedure_id
from vkac_flow.procedures.exclusion import INTERPRETATIONS, ExclusionProcedure
from vkac_flow.procedures.exclusion import RULES as EXCLUSION_RULES
from vkac_flow.procedures.transfer import (
    APPROVAL_CENTRES_POLICY,
    FINAL_STATES_POLICY,
    MATERIAL_AFTER_TRAINING_POLICY,
    WITHDRAWAL_POLICY,
    TransferProcedure,
)
from vkac_flow.register.ledger import ScopeLedger

D = datetime.date
UTC = datetime.UTC
HOLDER = Party.service_holder("Latvijas Valsts ceļi")
SERVICE = Service("Road permit", HOLDER)
CSDD = Party.service_holder("CSDD")
ROADS = Service("Vehicle registration", CSDD)
CESU = Party.municipality("Cēsu novads")


def clock() -> D:
    return D(2026, 12, 31)


def transfer(**kw: Any) -> TransferProcedure:
    kw.setdefault("clock", clock)
    return TransferProcedure.propose(SERVICE, initiator=HOLDER, **kw)


def exclusion(**kw: Any) -> ExclusionProcedure:
    kw.setdefault("clock", clock)
    return ExclusionProcedure.propose(ROADS, initiator=CSDD, **kw)


def look(p: Procedure) -> tuple[Any, ...]:
    return (p.state, p.history, p.deadlines(), p.to_dict(), p.allowed_events())


def to_rollout(p: TransferProcedure, centres: list[str]) -> TransferProcedure:
    p.letter_received(D(2026, 3, 2))
    p.centres_surveyed(D(2026, 3, 3), centres=centres)
    p.information_prepared(D(2026, 3, 4))
    p.committee_decided(D(2026, 3, 5), approved=True, centres=centres)
    p.training_completed(D(2026, 3, 10))
    return p


# -- 1: a clock returning a datetime ------------------------------------------------------------


@pytest.mark.parametrize(
    "now",
    [
        lambda: datetime.datetime(2026, 12, 31, 12, tzinfo=UTC),
        lambda: datetime.datetime(2026, 12, 30, 23, 30, tzinfo=UTC),  # 31 Dec in Riga
    ],
)
def test_a_clock_returning_an_aware_datetime_counts_by_its_date_in_riga(now: Any) -> None:
    p = transfer(clock=now)
    p.letter_received("2026-03-02")
    p.centres_surveyed("2026-12-31", centres=["Cēsis"])  # today in Riga, not the future
    assert [o.status for o in p.obligations()] == [ObligationStatus.OVERDUE]
    assert "information" in str(p)
    e = exclusion(clock=now)
    e.committee_informed("2026-09-01")
    assert "exclusion_notice" in str(e)


def test_a_pendulum_clock_works() -> None:
    import pendulum

    p = transfer(clock=pendulum.today)
    p.letter_received("2026-03-02")
    assert len(p.obligations()) == 1


def test_a_clock_returning_a_naive_datetime_is_a_typed_error_and_changes_nothing() -> None:
    p = transfer(clock=lambda: datetime.datetime(2026, 12, 31, 12))
    before = (p.state, p.history)
    with pytest.raises(NaiveDatetimeError, match="clock"):
        p.letter_received("2026-03-02")
    assert (p.state, p.history) == before
    with pytest.raises(NaiveDatetimeError):
        p.obligations()


# -- 2: an event whose deadline falls after the calendar's last date ----------------------------


@pytest.mark.cites("13.2", "16", "25")
def test_an_event_opening_a_deadline_past_the_calendar_is_refused() -> None:
    end = lambda: D(2099, 12, 31)  # noqa: E731
    p = transfer(clock=end)
    before = look(p)
    with pytest.raises(EventDateError, match=r"information .*20 working days.*2099-12-31") as info:
        p.letter_received("2099-12-20")
    assert info.value.points == ("p. 13.2",)
    assert info.value.allowed == ("letter_received", "withdrawn")
    assert look(p) == before
    # every query still works
    assert (p.deadlines(), p.obligations(), p.breaches(), p.projected_timeline()) == (
        {},
        (),
        (),
        None,
    )
    assert "state proposed" in str(p)
    assert "<div>" in p._repr_html_()
    e = exclusion(clock=end)
    with pytest.raises(EventDateError, match=r"exclusion_notice .*1 month.*2099-12-31"):
        e.committee_informed("2099-12-10")
    assert e.history == ()
    assert "state proposed" in str(e)
    with pytest.raises(IllegalTransitionError):  # a rule error, not a calendar crash
        e.excluded("2099-12-31")


def test_near_the_end_accepted_events_stay_queryable() -> None:
    p = transfer(clock=lambda: D(2099, 12, 31))
    p.letter_received("2099-10-01")  # information due in October: accepted
    p.centres_surveyed("2099-10-02", centres=["Cēsis"])
    p.information_prepared("2099-10-20")  # committee within a month: November
    assert [o.step for o in p.obligations()] == ["information", "committee_meeting"]
    timeline = p.projected_timeline()
    assert timeline is not None
    # steps projected past 2099-12-31 are left out instead of crashing
    assert all(s.due <= D(2099, 12, 31) for s in timeline.steps)
    assert "committee_meeting" in [s.key for s in timeline.steps]
    assert "Events" in p._repr_html_()


# -- 3: a stable per-procedure id ---------------------------------------------------------------


def _two_exclusions() -> tuple[ExclusionProcedure, ExclusionProcedure]:
    e1 = exclusion(centres=["Cēsis"])
    e1.committee_informed("2026-09-01")
    e1.excluded("2026-10-05")
    e2 = exclusion(centres=["Valmiera"])
    e2.committee_informed("2026-09-01")
    e2.excluded("2026-10-12")
    return e1, e2


def _ledger() -> ScopeLedger:
    reg = CentreRegistry(
        [
            Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL),
            Centre("Valmiera", "Valmieras novads", CentreType.NATIONAL),
        ]
    )
    ledger = ScopeLedger(reg)
    ledger.add_interval(ROADS, "Cēsis", D(2026, 3, 2))
    ledger.add_interval(ROADS, "Valmiera", D(2026, 3, 2))
    return ledger


@pytest.mark.cites("16")
def test_two_exclusions_of_one_service_on_one_day_are_two_ledger_sources() -> None:
    e1, e2 = _two_exclusions()
    assert e1.id != e2.id
    assert e1.scope_source_id != e2.scope_source_id
    ledger = _ledger()
    ledger.record(e1)
    ledger.record(e2)  # was: HistoryError "no longer reports 1 fact(s)"
    assert not ledger.offers("Cēsis", ROADS, D(2026, 10, 5))
    assert not ledger.offers("Valmiera", ROADS, D(2026, 10, 12))
    together = _ledger()
    together.record_all([e1, e2])  # was: silently merged into one source
    assert sorted(together.sources) == sorted([e1.scope_source_id, e2.scope_source_id])
    # the id survives the document, so recording the replayed procedure adds nothing
    again = ExclusionProcedure.from_dict(json.loads(json.dumps(e1.to_dict())), clock=clock)
    assert again.id == e1.id
    assert ledger.record(again) == ()


def test_transfer_is_a_scope_source_keyed_by_its_id() -> None:
    p = to_rollout(transfer(procedure_id="transfer-2026-001"), ["Cēsis"])
    p.service_started("2026-03-20", centre="Cēsis")
    assert p.id == "transfer-2026-001"
    assert p.scope_source_id == "transfer:transfer-2026-001"
    assert [(f.kind, f.centre, f.day) for f in p.scope_facts()] == [
        ("start", "Cēsis", D(2026, 3, 20))
    ]


def test_the_id_is_in_the_document_and_in_equality() -> None:
    a = to_rollout(transfer(procedure_id="same"), ["Cēsis"])
    b = to_rollout(transfer(procedure_id="same"), ["Cēsis"])
    c = to_rollout(transfer(), ["Cēsis"])
    assert a == b
    assert a != c
    doc = a.to_dict()
    assert (doc["version"], doc["id"]) == (3, "same")
    assert TransferProcedure.from_dict(doc, clock=clock) == a
    assert len(transfer().id) == 32
    assert transfer().id != transfer().id
    for bad, error in ((5, InputTypeError), ("", InputError), (" x", InputError)):
        with pytest.raises(error):
            transfer(procedure_id=bad)
        with pytest.raises(HistoryError):
            TransferProcedure.from_dict({**doc, "id": bad}, clock=clock)
    with pytest.raises(HistoryError, match="missing keys"):
        TransferProcedure.from_dict({k: v for k, v in doc.items() if k != "id"}, clock=clock)


def test_version_1_documents_get_a_deterministic_id() -> None:
    p = to_rollout(transfer(), ["Cēsis"])
    v1 = {k: v for k, v in as_v2(p.to_dict()).items() if k != "id"} | {"version": 1}
    q = TransferProcedure.from_dict(v1, clock=clock)
    assert q.id.startswith("v1-")
    assert q.id == legacy_procedure_id(v1, ("service", "initiator"))
    assert TransferProcedure.from_dict(copy.deepcopy(v1), clock=clock) == q
    # the same procedure read earlier, with fewer events, has the same id
    shorter = {**v1, "history": v1["history"][:2]}
    shorter.pop("state")
    assert TransferProcedure.from_dict(shorter, clock=clock).id == q.id
    # written back as version 3 with that id
    assert q.to_dict()["version"] == 3
    assert q.to_dict()["id"] == q.id
    with pytest.raises(HistoryError, match="unknown keys"):
        TransferProcedure.from_dict({**v1, "id": "x"}, clock=clock)
    e1, e2 = _two_exclusions()
    ids = set()
    for e in (e1, e2):
        doc = {k: v for k, v in as_v2(e.to_dict()).items() if k != "id"} | {"version": 1}
        ids.add(ExclusionProcedure.from_dict(doc, clock=clock).id)
    assert len(ids) == 2  # the centres differ, so the ids differ


# -- 7: obligations as of a day -----------------------------------------------------------------


@pytest.mark.cites("13.2", "15.1")
def test_obligations_as_of_ignore_what_happened_later() -> None:
    p = transfer()
    p.letter_received("2026-03-02")
    p.centres_surveyed("2026-03-03", centres=["Cēsis"])
    p.information_prepared("2026-04-10")  # late
    p.committee_decided("2026-04-20", approved=True, centres=["Cēsis"])
    p.training_completed("2026-06-01")
    early = p.obligations("2026-03-05")
    assert [(o.key, o.status, o.done) for o in early] == [
        ("information", ObligationStatus.OPEN, None)
    ]
    april = {o.key: o for o in p.obligations("2026-04-05")}
    assert list(april) == ["information"]
    assert april["information"].status is ObligationStatus.OVERDUE
    assert april["information"].days_late == 6
    may = {o.key: o.status for o in p.obligations("2026-05-01")}
    assert may == {
        "information": ObligationStatus.MET_LATE,
        "committee_meeting": ObligationStatus.MET_ON_TIME,
        "training": ObligationStatus.OPEN,
    }
    assert "methodological_material" not in p.summary("2026-05-01")


def test_as_of_before_the_end_of_a_procedure_is_not_ended() -> None:
    p = transfer()
    p.letter_received("2026-03-02")
    p.withdrawn("2026-06-01")
    assert [o.status for o in p.obligations("2026-04-01")] == [ObligationStatus.OVERDUE]
    assert [o.status for o in p.obligations("2026-06-01")] == [ObligationStatus.MISSED]


# -- 9: read-only attributes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("state", "completed"),
        ("initiator", Party.municipality("X")),
        ("service", minimum_basket_service(Institution.VID)),
        ("calendar", None),
        ("clock", lambda: D(2030, 1, 1)),
        ("id", "other"),
        ("registry", None),
    ],
)
def test_transfer_attributes_cannot_be_reassigned(name: str, value: object) -> None:
    p = transfer()
    p.letter_received("2026-03-02")
    before = (look(p), p.route, p.id, p.clock, p.calendar)
    with pytest.raises(AttributeError):
        setattr(p, name, value)
    assert (look(p), p.route, p.id, p.clock, p.calendar) == before
    assert TransferProcedure.from_dict(p.to_dict(), clock=clock) == p


@pytest.mark.parametrize("name", ["state", "service", "initiator", "centres", "route"])
def test_exclusion_attributes_cannot_be_reassigned(name: str) -> None:
    e = exclusion(centres=["Cēsis"])
    before = (look(e), e.centres, e.route)
    with pytest.raises(AttributeError):
        setattr(e, name, ["Valmiera"])
    assert (look(e), e.centres, e.route) == before


def test_the_shared_machine_still_drives_the_model() -> None:
    machine = TransferProcedure._machine()
    assert machine.model_attribute == "_state"
    assert TransferProcedure._machine() is machine  # one per class
    p = to_rollout(transfer(), ["Cēsis"])
    assert vars(p)["_state"] == p.state == "rollout"
    p.material_uploaded("2026-03-12")
    p.service_started("2026-03-20", centre="Cēsis")
    assert p.state == "completed"  # moved by the machine's condition rows


# -- 12: centres given as a set ----------------------------------------------------------------


@pytest.mark.cites("13.2.2", "16")
def test_sets_and_mappings_of_centres_are_refused() -> None:
    p = transfer()
    p.letter_received("2026-03-02")
    before = look(p)
    for bad in ({"Cēsis", "Valmiera"}, frozenset({"Cēsis"}), {"Cēsis": 1}):
        with pytest.raises(EventInputTypeError, match="order matters") as info:
            p.centres_surveyed("2026-03-03", centres=bad)
        assert info.value.event == "centres_surveyed"
        assert look(p) == before
    with pytest.raises(InputTypeError, match="order matters"):
        exclusion(centres={"Cēsis", "Valmiera"})
    with pytest.raises(InputTypeError, match="order matters"):
        exclusion(centres={"Cēsis": 1})
    p.centres_surveyed("2026-03-03", centres=("Valmiera", "Cēsis"))  # a tuple: order kept
    assert p.willing_centres == ("Valmiera", "Cēsis")


# -- 13: replay reads only what to_dict writes ---------------------------------------------------


@pytest.mark.parametrize(
    "date", ["2026-03-02T23:30:00Z", " 2026-03-02 ", "20260302", "2026-W10-1", "2026-3-2"]
)
def test_replay_refuses_dates_to_dict_never_writes(date: str) -> None:
    p = transfer()
    p.letter_received("2026-03-02")
    doc = p.to_dict()
    doc["audit"][0]["on"] = date
    with pytest.raises(HistoryError, match="YYYY-MM-DD"):
        TransferProcedure.from_dict(doc, clock=clock)


@pytest.mark.parametrize("version", [True, 1.0, 2.0, "2", None])
def test_replay_refuses_a_version_that_is_not_an_int(version: object) -> None:
    doc = transfer().to_dict()
    doc["version"] = version
    with pytest.raises(HistoryError, match="version"):
        TransferProcedure.from_dict(doc, clock=clock)


@pytest.mark.parametrize(
    ("index", "key", "value"),
    [
        (1, "centres", {"Cēsis": 1}),  # a mapping: its keys were used
        (1, "centres", ("Cēsis",)),  # a tuple: to_dict writes a list
        (1, "centres", [" Cēsis"]),  # written back stripped
        (3, "approved", 1),  # an int, not a bool
        (3, "centres", ["Cēsis "]),
        (5, "centre", " Cēsis"),
    ],
)
def test_replay_refuses_data_to_dict_never_writes(index: int, key: str, value: object) -> None:
    p = to_rollout(transfer(), ["Cēsis"])
    p.service_started("2026-03-20", centre="Cēsis")
    doc = p.to_dict()
    assert TransferProcedure.from_dict(doc, clock=clock).to_dict() == doc
    doc["audit"][index]["data"][key] = value
    with pytest.raises(HistoryError):
        TransferProcedure.from_dict(doc, clock=clock)


def test_replay_refuses_exclusion_centres_to_dict_never_writes() -> None:
    doc = exclusion(centres=["Cēsis"]).to_dict()
    for bad in ({"Cēsis": 1}, ("Cēsis",), [1], "Cēsis"):
        with pytest.raises(HistoryError):
            ExclusionProcedure.from_dict({**doc, "centres": bad}, clock=clock)
    assert ExclusionProcedure.from_dict(doc, clock=clock).to_dict() == doc


# -- 14: linear in the number of centres ---------------------------------------------------------


class _CountingDict(dict[Any, Any]):
    """A dict that counts full iterations (a copy of the whole table)."""

    walks = 0

    def __iter__(self) -> Any:
        _CountingDict.walks += 1
        return super().__iter__()

    def keys(self) -> Any:
        _CountingDict.walks += 1
        return super().keys()

    def items(self) -> Any:
        _CountingDict.walks += 1
        return super().items()


def test_an_event_does_not_copy_the_step_tables() -> None:
    names = [f"Centre {i:04d}" for i in range(300)]
    p = to_rollout(transfer(), names)
    p._opened = _CountingDict(p._opened)
    p._met = _CountingDict(p._met)
    _CountingDict.walks = 0
    for name in names[:-1]:
        p.service_started("2026-03-20", centre=name)
    assert _CountingDict.walks == 0  # was: two full copies per event (quadratic)
    # a refused event still changes nothing (the undo log replaces the copies)
    before = look(p)
    with pytest.raises(RuleViolationError):
        p.service_started("2026-03-21", centre=names[0])
    assert look(p) == before
    assert p.started_centres == tuple(names[:-1])
    p.material_uploaded("2026-03-22")
    p.service_started("2026-03-23", centre=names[-1])
    assert p.state == "completed"
    assert TransferProcedure.from_dict(p.to_dict(), clock=clock) == p


def test_a_failure_inside_an_event_restores_opened_and_met() -> None:
    p = to_rollout(transfer(), ["Cēsis", "Valmiera"])
    before = look(p)

    def boom() -> bool:
        raise RuntimeError("machine failure")

    p._rollout_complete = boom  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        p.service_started("2026-03-20", centre="Cēsis")
    del p._rollout_complete
    assert look(p) == before
    assert p.started_centres == ()


# -- 17: type errors in events carry the event and the allowed events ----------------------------


def test_type_errors_in_events_are_procedure_errors() -> None:
    p = transfer()
    p.letter_received("2026-03-02")
    p.centres_surveyed("2026-03-03", centres=["Cēsis"])
    p.information_prepared("2026-03-04")
    before = look(p)
    cases: list[Callable[[], None]] = [
        lambda: p.committee_decided("2026-03-05", approved=1, centres=["Cēsis"]),  # type: ignore[arg-type]
        lambda: p.committee_decided(20260305, approved=True, centres=["Cēsis"]),
        lambda: p.committee_decided("2026-03-05", approved=True, centres=[1]),  # type: ignore[list-item]
    ]
    for call in cases:
        with pytest.raises(EventInputTypeError) as info:
            call()
        err = info.value
        assert isinstance(err, ProcedureError)
        assert isinstance(err, TypeError)
        assert err.event == "committee_decided"
        assert err.allowed == ("committee_decided", "committee_deferred", "withdrawn")
        assert err.points
        assert look(p) == before
    with pytest.raises(RuleViolationError) as value_info:  # a value that cannot be used
        p.committee_decided("2026-03-05", approved=True, centres=["Cēsis", "Cēsis"])
    assert value_info.value.event == "committee_decided"
    assert look(p) == before
    e = ExclusionProcedure.propose(ROADS, initiator=CESU, clock=clock)
    e.committee_informed("2026-09-01")
    with pytest.raises(EventInputTypeError) as excl:
        e.committee_decided("2026-09-10", approved="yes")  # type: ignore[arg-type]
    assert excl.value.event == "committee_decided"
    assert excl.value.allowed


# -- 22: no notice date before the regulation ----------------------------------------------------


@pytest.mark.cites("16", "25")
def test_latest_notice_before_the_regulation_is_refused() -> None:
    e = exclusion()
    with pytest.raises(DateOutOfRangeError, match="before the regulation") as info:
        e.latest_notice_for("2017-07-15")
    assert info.value.points == ("p. 16", "p. 25")
    assert e.latest_notice_for("2017-08-03").due == D(2017, 7, 3)


# -- J1-J5: citations and named interpretations ----------------------------------------------------


def test_j1_exclusion_decisions_cite_p9_not_p10_1() -> None:
    rule = {r.id: r for r in EXCLUSION_RULES}["exclusion-committee-decides-proposal"]
    assert rule.points == ("16", "9")
    assert "Interpretation" in rule.description
    assert ExclusionProcedure.transition_points("committee_decided") == ("16", "9")
    assert "interpretation, not a rule of the text" in INTERPRETATIONS["EXCL-COMMITTEE-DECIDES"]
    e = exclusion()
    e.committee_informed("2026-09-01")
    with pytest.raises(IllegalTransitionError) as info:
        e.committee_decided("2026-09-10", approved=True)
    assert "10.1" not in str(info.value)


def test_j2_other_service_is_not_anothers_service() -> None:
    with pytest.raises(RuleViolationError) as info:
        ExclusionProcedure.propose(ROADS, initiator=HOLDER)
    assert "another's" not in str(info.value)
    assert "other service (p. 7.3)" in str(info.value)
    assert "not 'another holder's service'" in INTERPRETATIONS["EXCL-PROPOSER"]


def test_j3_withdrawal_and_final_states_are_named_interpretations() -> None:
    p = to_rollout(transfer(), ["Cēsis"])
    with pytest.raises(IllegalTransitionError, match=WITHDRAWAL_POLICY):
        p.withdrawn("2026-03-11")
    p.material_uploaded("2026-03-12")
    p.service_started("2026-03-20", centre="Cēsis")
    with pytest.raises(IllegalTransitionError, match=FINAL_STATES_POLICY):
        p.withdrawn("2026-03-21")
    e = exclusion()
    e.withdrawn("2026-09-01")
    with pytest.raises(IllegalTransitionError, match="EXCL-WITHDRAWAL"):
        e.committee_informed("2026-09-02")
    assert "EXCL-WITHDRAWAL" in INTERPRETATIONS


def test_j4_j5_stricter_than_the_text_is_named() -> None:
    p = transfer()
    p.letter_received("2026-03-02")
    p.centres_surveyed("2026-03-03", centres=["Cēsis"])
    p.information_prepared("2026-03-04")
    with pytest.raises(RuleViolationError, match=APPROVAL_CENTRES_POLICY):
        p.committee_decided("2026-03-05", approved=True, centres=["Valmiera"])
    with pytest.raises(RuleViolationError, match=APPROVAL_CENTRES_POLICY):
        p.committee_decided("2026-03-05", approved=True)
    p.committee_decided("2026-03-05", approved=True, centres=["Cēsis"])
    with pytest.raises(IllegalTransitionError, match=MATERIAL_AFTER_TRAINING_POLICY):
        p.material_uploaded("2026-03-06")


def test_projected_timeline_after_withdrawal_before_the_letter() -> None:
    # Second review: withdrawn before the letter arrived -> nothing is counted (was KeyError).
    svc = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
    p = TransferProcedure.propose(
        svc, initiator=Party.municipality("Cēsu novads"), clock=lambda: datetime.date(2026, 12, 31)
    )
    p.withdrawn("2026-03-02")
    assert p.state == "withdrawn"
    assert p.projected_timeline() is None


def _saved() -> dict[str, Any]:
    svc = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
    p = TransferProcedure.propose(
        svc, initiator=Party.municipality("Cēsu novads"), clock=lambda: datetime.date(2026, 12, 31)
    )
    p.letter_received("2026-03-02")
    return p.to_dict()


def test_replay_error_quotes_a_bad_date_on_one_short_line() -> None:
    doc = _saved()
    doc = as_v2(doc)
    doc["history"][0]["date"] = "2026-03-02\nINJECTED" + "x" * 100_000
    with pytest.raises(HistoryError) as err:
        TransferProcedure.from_dict(doc, clock=lambda: datetime.date(2026, 12, 31))
    message = str(err.value)
    assert "\n" not in message
    assert len(message) < 400


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("service", "name"), " Road permit "),
        (("initiator", "name"), "Cēsu novads "),
    ],
)
def test_replay_refuses_an_identity_not_written_by_to_dict(
    path: tuple[str, str], value: str
) -> None:
    doc = _saved()
    doc[path[0]][path[1]] = value
    with pytest.raises(HistoryError, match="not written as to_dict writes it"):
        TransferProcedure.from_dict(doc, clock=lambda: datetime.date(2026, 12, 31))


def test_exclusion_replay_refuses_padded_centres() -> None:
    svc = Service("Road permit", HOLDER)
    e = ExclusionProcedure.propose(
        svc, initiator=HOLDER, centres=["Cēsis"], clock=lambda: datetime.date(2026, 12, 31)
    )
    doc = e.to_dict()
    doc["centres"] = [" Cēsis "]
    with pytest.raises(HistoryError, match="centres is not written"):
        ExclusionProcedure.from_dict(doc, clock=lambda: datetime.date(2026, 12, 31))
