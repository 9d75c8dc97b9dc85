"""Procedures checked against the centre registry (p. 2.1), and p. 15.3 naming municipalities.

Without a registry nothing changes (any non-empty name is a centre); with one, every centre
an event names must be registered, an unregistered name is refused with suggestions and the
procedure is left as it was, the p. 15.3 start names the municipality that runs the centre,
and the registry is context (not serialised, not compared). End to end: a transfer and an
exclusion checked against a registry feed a ledger on the same registry.
"""

from __future__ import annotations

import datetime
import json
import pickle
from typing import Any

import pytest

from vkac_flow.errors import (
    HistoryError,
    InputError,
    InputTypeError,
    ProcedureError,
    RuleViolationError,
)
from vkac_flow.law.centres import Centre, CentreRegistry, CentreType, UnknownCentreError
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.procedures.base import (
    CENTRE_NAMES_POLICY,
    Procedure,
    UnregisteredCentreError,
    close_centre_names,
)
from vkac_flow.procedures.documents import load_procedure, loads_procedure
from vkac_flow.procedures.exclusion import ExclusionProcedure
from vkac_flow.procedures.transfer import TransferProcedure
from vkac_flow.register.ledger import ScopeLedger

D = datetime.date
TODAY = D(2027, 12, 31)
HOLDER = Party.service_holder("CSDD")
ROADS = Service("Vehicle registration", HOLDER)
CESU = Party.municipality("Cēsu novads")


def clock() -> D:
    return TODAY


def registry() -> CentreRegistry:
    return CentreRegistry(
        [
            Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL),
            Centre("Priekuļi", "Cēsu novads", CentreType.COUNTY),
            Centre("Valmiera", "Valmieras novads", CentreType.NATIONAL),
        ]
    )


def transfer(initiator: Party = HOLDER, **kw: Any) -> TransferProcedure:
    return TransferProcedure.propose(ROADS, initiator=initiator, clock=clock, **kw)


def look(p: Procedure) -> tuple[Any, ...]:
    return (p.state, p.history, p.deadlines(), p.to_dict(), p.allowed_events())


def to_rollout(p: TransferProcedure, centres: list[str]) -> TransferProcedure:
    """Route p. 13 (the holder proposes): letter, survey, information, approval, training."""
    p.letter_received(D(2026, 1, 5))
    p.centres_surveyed(D(2026, 1, 20), centres=centres)
    p.information_prepared(D(2026, 1, 21))
    p.committee_decided(D(2026, 2, 10), approved=True, centres=centres)
    p.training_completed(D(2026, 3, 2))
    return p


# -- refusals ----------------------------------------------------------------------------------


@pytest.mark.cites("13.2.2", "14.2.2")
@pytest.mark.parametrize(
    ("initiator", "point", "allowed"),
    [
        (HOLDER, "p. 13.2.2", ("centres_surveyed", "withdrawn")),
        (CESU, "p. 14.2.2", ("centres_surveyed", "withdrawn")),
    ],
)
def test_survey_refuses_an_unregistered_centre_and_suggests(
    initiator: Party, point: str, allowed: tuple[str, ...]
) -> None:
    reg = registry()
    p = transfer(initiator, registry=reg)
    p.letter_received(D(2026, 1, 5))
    if p.readiness_required:
        p.readiness_confirmed(D(2026, 1, 6))
    before = look(p)
    with pytest.raises(UnregisteredCentreError) as info:
        p.centres_surveyed(D(2026, 1, 20), centres=["Cesis", "Valmiera"])
    err = info.value
    # one error, every family: the registry's lookup error and the procedure's rule error
    assert isinstance(err, UnknownCentreError)
    assert isinstance(err, KeyError)
    assert isinstance(err, RuleViolationError)
    assert isinstance(err, ProcedureError)
    assert isinstance(err, InputError)
    assert err.points == ("p. 2.1", point)
    assert (err.name, err.names, dict(err.suggestions)) == (
        "Cesis",
        ("Cesis",),
        {"Cesis": ("Cēsis",)},
    )
    assert (err.event, err.allowed) == ("centres_surveyed", allowed)
    assert str(err) == (
        "centres_surveyed: no centre named 'Cesis' in the centre registry (3 centres; "
        f"p. 2.1, {point}); did you mean 'Cēsis'? Allowed now: {', '.join(allowed)}."
    )
    assert look(p) == before


@pytest.mark.cites("13.2.2")
def test_several_unregistered_names_each_get_their_suggestions() -> None:
    p = transfer(registry=registry())
    p.letter_received(D(2026, 1, 5))
    with pytest.raises(UnregisteredCentreError) as info:
        p.centres_surveyed(D(2026, 1, 20), centres=["cēsis", "Valmiera", "Rīga", "Priekuli"])
    err = info.value
    assert err.names == ("cēsis", "Rīga", "Priekuli")
    assert dict(err.suggestions) == {"cēsis": ("Cēsis",), "Rīga": (), "Priekuli": ("Priekuļi",)}
    assert (
        "no centres named 'cēsis', 'Rīga', 'Priekuli' in the centre registry (3 centres; "
        "p. 2.1, p. 13.2.2); 'cēsis': did you mean 'Cēsis'?; 'Rīga': no registered name is "
        "close; 'Priekuli': did you mean 'Priekuļi'?"
    ) in str(err)
    assert p.willing_centres is None


@pytest.mark.cites("10.1")
def test_approval_refuses_an_unregistered_centre_before_the_willingness_rule() -> None:
    p = transfer(registry=registry())
    p.letter_received(D(2026, 1, 5))
    p.centres_surveyed(D(2026, 1, 20), centres=["Cēsis"])
    p.information_prepared(D(2026, 1, 21))
    before = look(p)
    with pytest.raises(UnregisteredCentreError, match=r"did you mean 'Cēsis'\?") as info:
        p.committee_decided(D(2026, 2, 10), approved=True, centres=["Cesis"])
    assert info.value.points == ("p. 2.1", "p. 10.1")
    # a registered centre that was not willing is still the willingness rule (p. 13.2.2)
    with pytest.raises(RuleViolationError, match="did not say they were willing") as rule:
        p.committee_decided(D(2026, 2, 10), approved=True, centres=["Valmiera"])
    assert not isinstance(rule.value, UnregisteredCentreError)
    # a rejection naming centres breaks p. 10.1 first, whatever the names
    with pytest.raises(RuleViolationError, match="a rejection names no centres") as rej:
        p.committee_decided(D(2026, 2, 10), approved=False, centres=["Cesis"])
    assert not isinstance(rej.value, UnregisteredCentreError)
    assert look(p) == before


@pytest.mark.cites("15.3")
def test_start_refuses_an_unregistered_centre() -> None:
    p = to_rollout(transfer(registry=registry()), ["Cēsis", "Valmiera"])
    before = look(p)
    with pytest.raises(UnregisteredCentreError) as info:
        p.service_started(D(2026, 3, 16), centre="Valmeira")
    assert info.value.points == ("p. 2.1", "p. 15.3")
    assert info.value.suggestions == {"Valmeira": ("Valmiera",)}
    assert look(p) == before
    # a registered centre the committee did not approve: the p. 15.3 rule, as without registry
    with pytest.raises(RuleViolationError, match="not a centre the committee approved"):
        p.service_started(D(2026, 3, 16), centre="Priekuļi")
    p.service_started(D(2026, 3, 16), centre=" Valmiera\t")
    assert p.started_centres == ("Valmiera",)


@pytest.mark.cites("16")
def test_exclusion_refuses_unregistered_centres_when_proposed() -> None:
    reg = registry()
    with pytest.raises(UnregisteredCentreError) as info:
        ExclusionProcedure.propose(
            ROADS, initiator=HOLDER, centres=["Cēsis", "Valmiera ", "Rīga"], registry=reg
        )
    err = info.value
    assert (err.names, err.points, err.event, err.allowed) == (
        ("Rīga",),
        ("p. 2.1", "p. 16"),
        None,
        (),
    )
    assert "Allowed now" not in str(err)  # no event: the proposal itself is refused
    e = ExclusionProcedure.propose(
        ROADS, initiator=CESU, centres=[" Cēsis", reg["Valmiera"]], registry=reg, clock=clock
    )
    assert e.centres == ("Cēsis", "Valmiera")
    assert e.registry is reg
    every = ExclusionProcedure.propose(ROADS, initiator=HOLDER, registry=reg)
    assert every.centres is None  # every centre providing it: nothing to check


# -- names: CENTRE_NAMES_POLICY ------------------------------------------------------------------


def test_names_are_exact_after_strip() -> None:
    assert CENTRE_NAMES_POLICY == "centre-names-exact-after-strip"
    reg = registry()
    decomposed = "Ce\u0304sis"  # the same letters, another Unicode form
    for name, accepted in (
        ("  Cēsis  ", True),
        ("Cēsis\n", True),
        ("cēsis", False),
        ("CĒSIS", False),
        ("Cesis", False),
        (decomposed, False),
    ):
        p = transfer(registry=reg)
        p.letter_received(D(2026, 1, 5))
        if accepted:
            p.centres_surveyed(D(2026, 1, 20), centres=[name])
            assert p.willing_centres == ("Cēsis",)
        else:
            with pytest.raises(UnregisteredCentreError) as info:
                p.centres_surveyed(D(2026, 1, 20), centres=[name])
            assert info.value.suggestions[name] == ("Cēsis",), name
    # names that are the same after stripping are the same centre: named twice
    p = transfer(registry=reg)
    p.letter_received(D(2026, 1, 5))
    with pytest.raises(InputError, match="named twice"):
        p.centres_surveyed(D(2026, 1, 20), centres=["Cēsis", " Cēsis"])


def test_close_centre_names() -> None:
    reg = CentreRegistry(
        [
            Centre("Cēsis", "Cēsu novads", "regional"),
            Centre("CĒSIS", "Cēsu novads", "county"),
            Centre("Cēsu pagasts", "Cēsu novads", "county"),
            Centre("Valmiera", "Valmieras novads", "national"),
        ]
    )
    # same letters but for case and diacritics first, in registry order; then difflib
    assert close_centre_names("cesis", reg) == ("Cēsis", "CĒSIS")
    assert close_centre_names("Cesis pagasts", reg, n=1) == ("Cēsu pagasts",)
    assert close_centre_names("Valmiera", reg) == ("Valmiera",)
    assert close_centre_names("Daugavpils", reg) == ()
    assert close_centre_names("Cēsis", CentreRegistry()) == ()


def test_the_registry_is_read_live() -> None:
    """A centre registered after the procedure was built is known to it (like the ledger)."""
    reg = registry()
    p = transfer(registry=reg)
    p.letter_received(D(2026, 1, 5))
    with pytest.raises(UnregisteredCentreError):
        p.centres_surveyed(D(2026, 1, 20), centres=["Sigulda"])
    reg.add(Centre("Sigulda", "Siguldas novads", CentreType.COUNTY))
    p.centres_surveyed(D(2026, 1, 20), centres=["Sigulda"])
    assert p.willing_centres == ("Sigulda",)


def test_registry_type_is_checked_and_not_swappable() -> None:
    with pytest.raises(InputTypeError, match="registry must be a CentreRegistry"):
        transfer(registry=["Cēsis"])
    with pytest.raises(InputTypeError, match="registry must be a CentreRegistry"):
        ExclusionProcedure.propose(ROADS, initiator=HOLDER, registry={"Cēsis": 1})  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="registry must be a CentreRegistry"):
        TransferProcedure.from_dict(transfer().to_dict(), registry="reg")  # type: ignore[arg-type]
    p = transfer(registry=registry())
    with pytest.raises(AttributeError):
        p.registry = CentreRegistry()  # type: ignore[misc]


# -- without a registry: exactly as before -------------------------------------------------------


@pytest.mark.cites("15.3")
def test_without_a_registry_any_name_is_a_centre_as_before() -> None:
    p = to_rollout(transfer(), ["Cesis", "Valmiera"])  # the typo silently becomes a centre
    assert p.registry is None
    assert p.approved_centres == ("Cesis", "Valmiera")
    by = {o.key: o.by for o in p.obligations(D(2026, 3, 3))}
    assert by["service_start/Cesis"] == "municipality of centre Cesis"
    e = ExclusionProcedure.propose(ROADS, initiator=HOLDER, centres=["Rīga"])
    assert e.centres == ("Rīga",)


def test_the_registry_changes_neither_the_document_nor_equality() -> None:
    reg = registry()
    # finding 3: the id counts in the document and in equality; give both the same one
    with_reg = to_rollout(transfer(registry=reg, procedure_id="t-1"), ["Cēsis", "Valmiera"])
    without = to_rollout(transfer(procedure_id="t-1"), ["Cēsis", "Valmiera"])
    assert with_reg.to_dict() == without.to_dict()
    assert "registry" not in json.dumps(with_reg.to_dict())
    assert with_reg == without
    e1 = ExclusionProcedure.propose(
        ROADS, initiator=HOLDER, centres=["Cēsis"], registry=reg, procedure_id="e-1"
    )
    e2 = ExclusionProcedure.propose(ROADS, initiator=HOLDER, centres=["Cēsis"], procedure_id="e-1")
    assert e1.to_dict() == e2.to_dict()
    assert e1 == e2


# -- p. 15.3: the municipality that runs the centre -----------------------------------------------


@pytest.mark.cites("15.3")
def test_start_obligations_name_the_municipality_of_each_centre() -> None:
    p = to_rollout(transfer(registry=registry()), ["Cēsis", "Priekuļi", "Valmiera"])
    p.material_uploaded(D(2026, 3, 5))
    p.service_started(D(2026, 3, 16), centre="Cēsis")
    starts = [o for o in p.obligations(D(2026, 4, 10)) if o.step == "service_start"]
    assert [(o.subject, o.by, o.status.value) for o in starts] == [
        ("Cēsis", "municipality Cēsu novads (centre Cēsis)", "met_on_time"),
        ("Priekuļi", "municipality Cēsu novads (centre Priekuļi)", "overdue"),
        ("Valmiera", "municipality Valmieras novads (centre Valmiera)", "overdue"),
    ]
    rows = {r["step"]: r["by"] for r in p.obligations_rows(D(2026, 4, 10))}
    assert rows["service_start/Priekuļi"] == "municipality Cēsu novads (centre Priekuļi)"
    assert "by municipality Valmieras novads (centre Valmiera) [p. 15.3]" in p.summary(
        D(2026, 4, 10)
    )
    p.service_started(D(2026, 4, 10), centre="Valmiera")
    assert p.state == "rollout"
    breaches = p.breaches()
    assert [b.step for b in breaches] == ["service_start"]
    (late,) = breaches
    assert late.obligation.subject == "Valmiera"
    assert late.days_late == 8
    assert "responsible: municipality Valmieras novads (centre Valmiera) (p. 15.3)" in str(late)
    assert late.to_dict()["by"] == "municipality Valmieras novads (centre Valmiera)"
    p.service_started(D(2026, 4, 20), centre="Priekuļi")
    assert p.state == "completed"
    assert [b.obligation.by for b in p.breaches()] == [  # in the order opened
        "municipality Cēsu novads (centre Priekuļi)",
        "municipality Valmieras novads (centre Valmiera)",
    ]


# -- replay: from_dict and load_procedure take the registry again ---------------------------------


def test_round_trip_with_the_registry() -> None:
    reg = registry()
    p = to_rollout(transfer(registry=reg), ["Cēsis", "Valmiera"])
    p.service_started(D(2026, 3, 16), centre="Valmiera")
    doc = json.loads(json.dumps(p.to_dict()))
    q = TransferProcedure.from_dict(doc, clock=clock, registry=reg)
    assert q == p
    assert q.registry is reg
    assert [o.by for o in q.obligations()] == [o.by for o in p.obligations()]
    assert TransferProcedure.from_dict(doc, clock=clock).registry is None
    for loaded in (
        load_procedure(doc, clock=clock, registry=reg),
        loads_procedure(json.dumps(doc), clock=clock, registry=reg),
    ):
        assert loaded == p
        assert loaded.registry is reg
    e = ExclusionProcedure.propose(ROADS, initiator=HOLDER, centres=["Cēsis"], registry=reg)
    assert load_procedure(e.to_dict(), registry=reg).registry is reg


@pytest.mark.cites("13.2.2", "15.3")
def test_replay_against_a_registry_refuses_unregistered_centres() -> None:
    reg = registry()
    p = to_rollout(transfer(), ["Cesis", "Valmiera"])  # no registry: the typo was accepted
    doc = p.to_dict()
    with pytest.raises(HistoryError) as info:
        TransferProcedure.from_dict(doc, clock=clock, registry=reg)
    err = info.value
    assert isinstance(err.__cause__, UnregisteredCentreError)
    assert err.points == ("p. 2.1", "p. 13.2.2")
    assert str(err).startswith(
        "event #2 (centres_surveyed on 2026-01-20) cannot be replayed: centres_surveyed: no "
        "centre named 'Cesis' in the centre registry (3 centres; p. 2.1, p. 13.2.2); did you "
        "mean 'Cēsis'?"
    )
    with pytest.raises(HistoryError, match="event #2"):
        load_procedure(doc, clock=clock, registry=reg)
    # a tampered start: the only unregistered name is the one of service_started
    good = to_rollout(transfer(), ["Cēsis"])
    good.service_started(D(2026, 3, 16), centre="Cēsis")
    tampered = good.to_dict()
    tampered["audit"][-1]["data"]["centre"] = "Cēsis centrs"
    with pytest.raises(HistoryError) as start:
        TransferProcedure.from_dict(tampered, clock=clock, registry=reg)
    assert start.value.points == ("p. 2.1", "p. 15.3")
    assert "event #6 (service_started on 2026-03-16)" in str(start.value)


@pytest.mark.cites("16")
def test_exclusion_replay_against_a_registry_checks_its_centres() -> None:
    reg = registry()
    e = ExclusionProcedure.propose(ROADS, initiator=HOLDER, centres=["Cesis"], clock=clock)
    e.committee_informed(D(2026, 9, 1))
    with pytest.raises(
        HistoryError, match=r"cannot rebuild the procedure: centres: no centre"
    ) as info:
        ExclusionProcedure.from_dict(e.to_dict(), clock=clock, registry=reg)
    assert isinstance(info.value.__cause__, UnregisteredCentreError)
    assert info.value.points == ("p. 2.1", "p. 16")
    assert ExclusionProcedure.from_dict(e.to_dict(), clock=clock) == e


# -- end to end: transfer -> ledger -> exclusion -> ledger, one registry ----------------------------


@pytest.mark.cites("15.3", "16")
def test_registry_checked_procedures_feed_a_ledger_on_the_same_registry() -> None:
    reg = registry()
    ledger = ScopeLedger(reg)
    t = to_rollout(transfer(registry=reg), ["Cēsis", "Valmiera", "Priekuļi"])
    t.material_uploaded(D(2026, 3, 5))
    t.service_started(D(2026, 3, 16), centre=" Cēsis ")
    t.service_started(D(2026, 3, 23), centre="Valmiera")
    with pytest.raises(UnregisteredCentreError):
        t.service_started(D(2026, 3, 30), centre="Priekuli")
    t.service_started(D(2026, 3, 30), centre="Priekuļi")
    assert t.state == "completed"
    starts = ledger.record(t)
    assert [(c.centre, c.day, c.kind, c.points) for c in starts] == [
        ("Cēsis", D(2026, 3, 16), "start", ("p. 7.3", "p. 15.3")),
        ("Valmiera", D(2026, 3, 23), "start", ("p. 7.3", "p. 15.3")),
        ("Priekuļi", D(2026, 3, 30), "start", ("p. 7.3", "p. 15.3")),
    ]
    assert ledger.centres_offering(ROADS, D(2026, 4, 1)) == tuple(reg)

    with pytest.raises(UnregisteredCentreError):
        ExclusionProcedure.propose(ROADS, initiator=CESU, centres=["Cesis"], registry=reg)
    e = ExclusionProcedure.propose(
        ROADS, initiator=CESU, centres=["Cēsis", "Priekuļi"], registry=reg, clock=clock
    )
    e.committee_informed(D(2026, 9, 1))
    e.committee_decided(D(2026, 9, 15), approved=True)
    e.excluded(D(2026, 10, 5))
    ends = ledger.record(e)
    assert [(c.centre, c.kind, c.points) for c in ends] == [
        ("Cēsis", "end", ("p. 16",)),
        ("Priekuļi", "end", ("p. 16",)),
    ]
    assert ledger.centres_offering(ROADS, D(2026, 10, 5)) == (reg["Valmiera"],)
    assert ledger.record_all([t, e]) == ()

    # the same story reloaded with the registry feeds a fresh ledger identically
    again = ScopeLedger(reg)
    again.record_all(
        [
            load_procedure(e.to_dict(), clock=clock, registry=reg),
            load_procedure(t.to_dict(), clock=clock, registry=reg),
        ]
    )
    assert again.intervals() == ledger.intervals()


def test_without_a_registry_a_typo_surfaces_only_at_the_ledger() -> None:
    """The contrast: the procedure accepts the typo; the ledger refuses it, unchanged."""
    reg = registry()
    ledger = ScopeLedger(reg)
    t = to_rollout(transfer(), ["Cesis"])
    t.material_uploaded(D(2026, 3, 5))
    t.service_started(D(2026, 3, 16), centre="Cesis")
    before = (ledger.intervals(), ledger.changes(), ledger.sources)
    with pytest.raises(UnknownCentreError, match="no centre named 'Cesis'"):
        ledger.record(t)
    assert (ledger.intervals(), ledger.changes(), ledger.sources) == before


def test_the_error_survives_pickling() -> None:
    """Simulations may run in worker processes: the error crosses them intact."""
    p = transfer(registry=registry())
    p.letter_received(D(2026, 1, 5))
    with pytest.raises(UnregisteredCentreError) as info:
        p.centres_surveyed(D(2026, 1, 20), centres=["Cesis", "Rīga"])
    err = info.value
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is UnregisteredCentreError
    assert str(back) == str(err)
    assert (back.name, back.names, dict(back.suggestions)) == (
        err.name,
        err.names,
        dict(err.suggestions),
    )
    assert (back.points, back.event, back.allowed, back.reason) == (
        err.points,
        err.event,
        err.allowed,
        err.reason,
    )
