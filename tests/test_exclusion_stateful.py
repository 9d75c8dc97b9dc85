"""Hypothesis stateful test of the exclusion procedure (p. 16).

Reuses the generic machine of ``tests/test_procedure_stateful.py`` (the same properties as
for the transfer: a rejected event changes nothing; an accepted event adds one history
entry and ``from_dict(to_dict(p)) == p``; an allowed event is refused only for its date or
data), and adds the properties of p. 16:

* an exclusion never takes effect before one month after the committee was informed;
* on the proposal route it follows an approving committee decision; on the own-service
  route there is no decision at all;
* the ledger facts follow the state.

A second machine gives the procedures a centre registry and draws centre names that include
unregistered ones: such an exclusion is refused when proposed (p. 2.1, 16), and a registered
one round-trips with ``from_dict(to_dict(), registry=...)``.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant

from test_procedure_stateful import REGISTRY, clock, make_procedure_machine
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.procedures.base import Procedure, UnregisteredCentreError
from vkac_flow.procedures.exclusion import ExclusionProcedure, ExclusionRoute

HOLDER = Party.service_holder("CSDD")
SERVICE = Service("Vehicle registration", HOLDER)
INITIATORS = (
    HOLDER,  # own service
    Party.municipality("Cēsu novads"),  # proposal
    Party.institution("VID"),  # proposal
)
pytestmark = [pytest.mark.cites("16")]

CENTRES = (None, ("Cēsis",), ("Cēsis", "Valmiera"))


def new_exclusion(data: st.DataObject) -> Procedure:
    return ExclusionProcedure.propose(
        SERVICE,
        initiator=data.draw(st.sampled_from(INITIATORS)),
        centres=data.draw(st.sampled_from(CENTRES)),
        clock=clock,
    )


def exclusion_kwargs(data: st.DataObject, p: Procedure, name: str) -> dict[str, Any]:
    if name == "committee_decided":
        return {"approved": data.draw(st.one_of(st.booleans(), st.booleans(), st.just("yes")))}
    return {}


_Base = make_procedure_machine(new_exclusion, exclusion_kwargs)


class P16Invariants:
    """The properties of p. 16, checked after every step (mixed into both machines)."""

    @invariant()
    def p16(self) -> None:
        p = getattr(self, "proc", None)
        if p is None:
            return
        assert isinstance(p, ExclusionProcedure)
        events = [r.event for r in p.history]
        if p.route is ExclusionRoute.OWN_SERVICE:
            assert "committee_decided" not in events
        if p.state == "excluded":
            excluded, informed = p.excluded_on, p.informed_on
            earliest = p.earliest_exclusion()
            assert excluded is not None
            assert informed is not None
            assert earliest is not None
            assert excluded >= earliest.due > informed
            if p.route is ExclusionRoute.PROPOSAL:
                assert p.approved is True
            assert {f.day for f in p.scope_facts()} == {excluded}
            assert [f.centre for f in p.scope_facts()] == list(p.centres or [None])
        else:
            assert p.scope_facts() == ()
        if p.state == "rejected":
            assert p.approved is False


class ExclusionMachine(P16Invariants, _Base):  # type: ignore[misc,valid-type]
    pass


ExclusionMachine.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_exclusion_procedure_stateful = ExclusionMachine.TestCase


def test_the_machine_reaches_every_state() -> None:
    """The random walks are not vacuous: a scripted walk reaches each final state."""
    for route_initiator, steps, final in (
        (HOLDER, [("committee_informed", {}), ("excluded", {})], "excluded"),
        (
            INITIATORS[1],
            [("committee_informed", {}), ("committee_decided", {"approved": False})],
            "rejected",
        ),
        (INITIATORS[2], [("withdrawn", {})], "withdrawn"),
    ):
        p = ExclusionProcedure.propose(SERVICE, initiator=route_initiator, clock=clock)
        day = datetime.date(2026, 1, 5)
        for name, kwargs in steps:
            getattr(p, name)(day, **kwargs)
            day += datetime.timedelta(days=40)
        assert p.state == final


# -- with a centre registry (p. 2.1) -----------------------------------------------------------

REGISTERED_CENTRES = (None, ("Cēsis",), ("Cēsis", "Valmiera"), (" Sigulda ",))
UNREGISTERED_CENTRES = (("Cesis",), ("Valmiera", "Rīga"), ("cēsis", "Sigulda"))


def new_registered_exclusion(data: st.DataObject) -> Procedure:
    initiator = data.draw(st.sampled_from(INITIATORS))
    centres = data.draw(st.sampled_from(REGISTERED_CENTRES + UNREGISTERED_CENTRES))
    unknown = [c for c in centres or () if c.strip() not in REGISTRY]
    if unknown:
        with pytest.raises(UnregisteredCentreError) as info:
            ExclusionProcedure.propose(
                SERVICE, initiator=initiator, centres=centres, clock=clock, registry=REGISTRY
            )
        assert info.value.names == tuple(unknown)
        assert info.value.points == ("p. 2.1", "p. 16")
        centres = data.draw(st.sampled_from(REGISTERED_CENTRES))
    return ExclusionProcedure.propose(
        SERVICE, initiator=initiator, centres=centres, clock=clock, registry=REGISTRY
    )


_RegisteredBase = make_procedure_machine(new_registered_exclusion, exclusion_kwargs)


class RegisteredExclusionMachine(P16Invariants, _RegisteredBase):  # type: ignore[misc,valid-type]
    @invariant()
    def registered(self) -> None:
        p = getattr(self, "proc", None)
        if p is None:
            return
        assert isinstance(p, ExclusionProcedure)
        assert p.registry is REGISTRY
        assert all(c in REGISTRY for c in p.centres or ())


RegisteredExclusionMachine.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_registered_exclusion_stateful = RegisteredExclusionMachine.TestCase
