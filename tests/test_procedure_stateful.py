"""Hypothesis stateful tests of procedures: random events with random (also invalid) dates.

Generic: :func:`make_procedure_machine` takes a factory of fresh procedures and a function
drawing ``(event, kwargs)`` for a procedure, and checks, for any procedure class built on
:class:`vkac_flow.procedures.base.Procedure`:

* a rejected event (any ``VkacFlowError``) changes nothing: state, history, deadlines,
  ``to_dict()``, allowed events;
* an accepted event adds exactly one history entry, and ``from_dict(to_dict(p)) == p`` with
  the same state, deadlines and breaches (the centre registry, context not in the document,
  is passed again: ``from_dict(doc, registry=p.registry)``);
* an event listed by ``allowed_events()`` is refused only for its date or data, never as an
  illegal transition.

The exclusion procedure (p. 16) can add its own machine with one more call.

The transfer runs twice: without a centre registry (any name is a centre), and with one
where the drawn centre names include unregistered ones (typos, case and diacritic slips):
those are refused and change nothing, and no unregistered name ever reaches the history.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from vkac_flow.errors import IllegalTransitionError, VkacFlowError
from vkac_flow.law.centres import Centre, CentreRegistry, CentreType
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.procedures.base import AuditRecord, Procedure, UnregisteredCentreError
from vkac_flow.procedures.transfer import TransferProcedure

TODAY = datetime.date(2026, 12, 31)


def clock() -> datetime.date:
    return TODAY


def event_date(p: Procedure) -> st.SearchStrategy[object]:
    """Mostly valid dates after the last event; sometimes every kind of invalid one."""
    last = p.last_date or datetime.date(2025, 6, 1)
    valid = st.integers(0, 45).map(lambda n: last + datetime.timedelta(days=n))
    invalid = st.one_of(
        st.integers(1, 30).map(lambda n: last - datetime.timedelta(days=n)),  # before previous
        st.just(datetime.date(2017, 6, 30)),  # before the regulation (p. 25)
        st.just(TODAY + datetime.timedelta(days=1)),  # in the future
        st.just(datetime.datetime(2026, 3, 2, 12, 0)),  # naive datetime
        st.sampled_from(["2026-02-30", "yesterday", ""]),  # malformed strings
        st.sampled_from([None, 20260302, 1.5]),  # wrong types
    )
    return st.one_of(valid, valid, valid, valid, invalid)


DrawKwargs = Callable[[st.DataObject, Procedure, str], dict[str, Any]]
"""Draws the keyword arguments of an event (valid or not) for a procedure."""


def make_procedure_machine(
    new_procedure: Callable[[st.DataObject], Procedure],
    draw_kwargs: DrawKwargs,
) -> type[RuleBasedStateMachine]:
    """A RuleBasedStateMachine driving procedures from ``new_procedure``.

    Each step fires one event: half the time one of ``allowed_events()``, else any event of
    ``EVENTS``; its data from ``draw_kwargs`` and its date from :func:`event_date`.
    """

    class ProcedureMachine(RuleBasedStateMachine):
        proc: Procedure

        @initialize(data=st.data())
        def start(self, data: st.DataObject) -> None:
            self.proc = new_procedure(data)

        @rule(data=st.data())
        def fire(self, data: st.DataObject) -> None:
            p = self.proc
            allowed = p.allowed_events()
            prefer_allowed: bool = data.draw(st.booleans())
            pool = list(allowed) if allowed and prefer_allowed else list(p.EVENTS)
            name = data.draw(st.sampled_from(pool))
            kwargs = draw_kwargs(data, p, name)
            when = data.draw(event_date(p))

            def look() -> tuple[Any, ...]:
                return (p.to_dict(), p.state, p.history, p.deadlines(), p.allowed_events())

            before = look()
            try:
                getattr(p, name)(when, **kwargs)
            except VkacFlowError as err:
                assert look() == before
                # an allowed event is refused for its date or data, never for the state
                illegal = isinstance(err, IllegalTransitionError)
                assert not (name in allowed and illegal), err  # noqa: PT017
                return
            assert len(p.history) == len(before[2]) + 1
            assert p.history[-1].event == name
            assert name in allowed, (name, allowed)
            doc = json.loads(json.dumps(p.to_dict()))
            q = type(p).from_dict(doc, calendar=p.calendar, clock=p.clock, registry=p.registry)
            assert q == p
            assert q.registry is p.registry
            assert (q.state, q.deadlines()) == (p.state, p.deadlines())
            assert [b.to_dict() for b in q.breaches()] == [b.to_dict() for b in p.breaches()]

        def _after_amend(self, p: Procedure, before_len: int, record: AuditRecord) -> None:
            log = p.audit_log()
            assert len(log) == before_len + 1
            assert log[-1] == record
            assert p.version == len(log)
            doc = json.loads(json.dumps(p.to_dict()))
            q = type(p).from_dict(doc, calendar=p.calendar, clock=p.clock, registry=p.registry)
            assert q == p
            assert (q.state, q.deadlines()) == (p.state, p.deadlines())
            assert [b.to_dict() for b in q.breaches()] == [b.to_dict() for b in p.breaches()]
            # the effective history is the one the rules give when replayed from scratch
            fresh = type(p).from_dict(
                {**doc, "audit": [], "state": None}, calendar=p.calendar, clock=p.clock
            )
            for r in p.history:
                getattr(fresh, r.event)(r.date, **dict(r.data))
            assert (fresh.state, fresh.history, fresh.deadlines()) == (
                p.state,
                p.history,
                p.deadlines(),
            )

        @rule(data=st.data())
        def correct(self, data: st.DataObject) -> None:
            p = self.proc
            if not p.history:
                return
            target = data.draw(st.sampled_from(p.history))
            kwargs = draw_kwargs(data, p, target.event)
            on = data.draw(st.one_of(st.none(), event_date(p)))
            before = (p.to_dict(), p.state, p.history, p.deadlines(), p.allowed_events())
            try:
                record = p.correct(target.event_id or "", on=on, reason="typo", **kwargs)
            except VkacFlowError:
                assert (p.to_dict(), p.state, p.history, p.deadlines(), p.allowed_events()) == (
                    before
                )
                return
            assert record.kind == "correction"
            assert record.corrects == target.event_id
            self._after_amend(p, len(before[0]["audit"]), record)

        @rule(data=st.data())
        def retract(self, data: st.DataObject) -> None:
            p = self.proc
            if not p.history:
                return
            target = data.draw(st.sampled_from(p.history))
            before = (p.to_dict(), p.state, p.history, p.deadlines(), p.allowed_events())
            try:
                record = p.retract(target.event_id or "", reason="entered by mistake")
            except VkacFlowError:
                assert (p.to_dict(), p.state, p.history, p.deadlines(), p.allowed_events()) == (
                    before
                )
                return
            assert record.kind == "retraction"
            assert target.event_id not in [r.event_id for r in p.history]
            self._after_amend(p, len(before[0]["audit"]), record)

        @invariant()
        def consistent(self) -> None:
            p: Procedure | None = getattr(self, "proc", None)
            if p is None:
                return
            assert p.state in p.STATES
            if p.is_final:
                assert p.allowed_events() == ()
            dates = [r.date for r in p.history]
            assert dates == sorted(dates)
            assert [r.seq for r in p.audit_log()] == list(range(1, p.version + 1))

    return ProcedureMachine


# ---------------------------------------------------------------------------- the transfer

HOLDER = Party.service_holder("Latvijas Valsts ceļi")
SERVICE = Service("Road permit", HOLDER)
INITIATORS = (Party.municipality("Cēsu novads"), HOLDER, Party.institution("VID"))
CENTRES = ("Cēsis", "Valmiera", "Sigulda")


def new_transfer(data: st.DataObject) -> Procedure:
    initiator = data.draw(st.sampled_from(INITIATORS))
    return TransferProcedure.propose(SERVICE, initiator=initiator, clock=clock)


def make_transfer_kwargs(pool: tuple[str, ...]) -> DrawKwargs:
    """Draws the data of transfer events, centre names from ``pool`` (valid or not)."""

    def transfer_kwargs(data: st.DataObject, p: Procedure, name: str) -> dict[str, Any]:
        names = st.lists(st.sampled_from(pool), unique=True, max_size=3)
        bad = st.sampled_from(["Cēsis", 3, ["Cēsis", "Cēsis"], [""], None])
        if name == "centres_surveyed":
            return {"centres": data.draw(st.one_of(names, names, names, bad))}
        if name == "committee_decided":
            assert isinstance(p, TransferProcedure)
            willing = list(p.willing_centres or ())
            chosen = (
                st.lists(st.sampled_from(willing), unique=True, min_size=1) if willing else names
            )
            return {
                "approved": data.draw(st.one_of(st.booleans(), st.booleans(), st.just(1))),
                "centres": data.draw(st.one_of(chosen, chosen, names, bad)),
            }
        if name == "service_started":
            assert isinstance(p, TransferProcedure)
            pending = [c for c in p.approved_centres if c not in p.started_centres]
            pick = st.sampled_from(pending) if pending else st.sampled_from(pool)
            return {"centre": data.draw(st.one_of(pick, pick, st.sampled_from(pool), st.just(7)))}
        return {}

    return transfer_kwargs


transfer_kwargs = make_transfer_kwargs(CENTRES)
TransferMachine = make_procedure_machine(new_transfer, transfer_kwargs)
TransferMachine.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_transfer_procedure_stateful = TransferMachine.TestCase


# ---------------------------------------------------------------------------- with a registry

REGISTRY = CentreRegistry(
    [
        Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL),
        Centre("Valmiera", "Valmieras novads", CentreType.NATIONAL),
        Centre("Sigulda", "Siguldas novads", CentreType.COUNTY),
    ]
)
UNREGISTERED = ("Cesis", "cēsis", "Ce\u0304sis", "Valmeira", "Rīga")
"""Names the registry does not hold: no diacritic, lower case, decomposed form, typo, other."""


def new_registered_transfer(data: st.DataObject) -> Procedure:
    initiator = data.draw(st.sampled_from(INITIATORS))
    return TransferProcedure.propose(SERVICE, initiator=initiator, clock=clock, registry=REGISTRY)


_RegisteredBase = make_procedure_machine(
    new_registered_transfer, make_transfer_kwargs((*CENTRES, *UNREGISTERED, " Sigulda "))
)


class RegisteredTransferMachine(_RegisteredBase):  # type: ignore[misc,valid-type]
    @invariant()
    def only_registered_centres(self) -> None:
        p = getattr(self, "proc", None)
        if p is None:
            return
        assert isinstance(p, TransferProcedure)
        assert p.registry is REGISTRY
        for r in p.history:
            named = r.data.get("centres", ()) + ((r.data["centre"],) if "centre" in r.data else ())
            assert all(n in REGISTRY for n in named), r
        # p. 15.3: each start is owed by the municipality that runs the centre
        for o in p.obligations():
            if o.step == "service_start":
                assert o.subject is not None
                assert (
                    o.by == f"municipality {REGISTRY[o.subject].municipality} (centre {o.subject})"
                )


RegisteredTransferMachine.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_registered_transfer_stateful = RegisteredTransferMachine.TestCase


def test_unregistered_names_are_refused_with_a_suggestion() -> None:
    """The registered machine is not vacuous: each drawn unregistered name is refused."""
    expected = {
        "Cesis": ("Cēsis",),
        "cēsis": ("Cēsis",),
        "Ce\u0304sis": ("Cēsis",),
        "Valmeira": ("Valmiera",),
        "Rīga": (),
    }
    assert set(expected) == set(UNREGISTERED)
    for name, close in expected.items():
        p = TransferProcedure.propose(SERVICE, initiator=HOLDER, clock=clock, registry=REGISTRY)
        p.letter_received("2026-03-02")
        before = p.to_dict()
        with pytest.raises(UnregisteredCentreError) as info:
            p.centres_surveyed("2026-03-03", centres=[name])
        assert info.value.names == (name,)
        assert info.value.suggestions[name] == close
        assert p.to_dict() == before
