"""Cross-check: the simulator's breaches are those a live TransferProcedure reports.

Each simulated procedure is replayed, event by event with the same dates, into a
:class:`~vkac_flow.procedures.transfer.TransferProcedure`; its deadlines (``obligations``) and its
``breaches()`` must equal the simulator's due dates, breached flags and days late, step for
step. Both routes, deferrals and rejections are covered.
"""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.procedures.transfer import TransferProcedure
from vkac_flow.simulate import (
    SimulatedProcedure,
    SimulationResult,
    Triangular,
    regular_meetings,
    simulate,
)

D = datetime.date
HOLDER = Party.service_holder("Latvijas Valsts ceļi")
SERVICE = Service("Road permit", HOLDER)
INITIATORS = {
    "municipality": Party.municipality("Cēsu novads"),
    "institution": Party.institution("VID"),
    "service_holder": HOLDER,  # self-initiated: no readiness asked (p. 13.2.1)
}
CENTRE = "Cēsis centre"


def _far_clock() -> D:
    return D(2099, 12, 31)


def replay(sim: SimulatedProcedure) -> TransferProcedure:
    """The live procedure with the simulated events, in date order."""
    p = TransferProcedure.propose(SERVICE, initiator=INITIATORS[sim.initiator], clock=_far_clock)
    ev = sim.events
    letter, info = ev["letter_received"], ev["information_prepared"]
    assert letter is not None
    assert info is not None
    p.letter_received(letter)
    if p.readiness_required:
        p.readiness_confirmed(letter)
    p.centres_surveyed(letter, centres=[CENTRE])
    p.information_prepared(info)
    deferred = ev["committee_deferred"]
    if deferred is not None:
        p.committee_deferred(deferred)
    decided = ev["committee_decided"]
    assert decided is not None
    p.committee_decided(
        decided, approved=sim.transferred, centres=[CENTRE] if sim.transferred else []
    )
    if sim.transferred:
        training = ev["training_completed"]
        material, started = ev["material_uploaded"], ev["service_started"]
        assert training is not None
        assert material is not None
        assert started is not None
        p.training_completed(training)
        if material <= started:
            p.material_uploaded(material)
            p.service_started(started, centre=CENTRE)
        else:
            p.service_started(started, centre=CENTRE)
            p.material_uploaded(material)
    return p


@pytest.fixture(scope="module")
def result() -> SimulationResult:
    return simulate(
        n=600,
        start="2025-06-01",
        end="2026-12-31",
        initiator={"municipality": 2, "institution": 1, "service_holder": 1},
        durations={
            # wide distributions: plenty of late and in-time acts on every step
            "information": Triangular(5, 20, 30, "working_days"),
            "training": Triangular(5, 28, 45, "days"),
            "methodological_material": Triangular(2, 10, 16, "working_days"),
            "service_start": Triangular(5, 28, 45, "days"),
        },
        committee_meetings=regular_meetings(2025, 2030, 6),
        defer_probability=0.25,
        reject_probability=0.15,
        seed=2027,
    )


def test_the_sample_covers_every_case(result: SimulationResult) -> None:
    assert set(result.initiator.tolist()) == set(INITIATORS)
    assert (result.deferrals > 0).any()
    assert (~result.transferred).any()
    for key in result.step_keys:
        late = result.breached(key)
        assert late.any(), key
        assert (~late & ~np.isnat(result.due[key])).any(), key


def test_breaches_match_a_live_transfer_procedure(result: SimulationResult) -> None:
    for i in range(len(result)):
        sim = result.procedure(i)
        live = replay(sim)
        assert live.is_final
        expected = {(s.key, s.days_late) for s in sim.steps if s.breached}
        got = {(b.step, b.days_late) for b in live.breaches()}
        assert got == expected, (i, sim.to_dict())
        # and every deadline the live procedure opened has the simulator's due date
        opened = {o.step: o for o in live.obligations(live.last_date)}
        for step in sim.steps:
            if step.opened is None:
                assert step.key not in opened, (i, step.key)
                continue
            o = opened[step.key]
            assert o.deadline.start == step.opened, (i, step.key)
            assert o.due == step.due, (i, step.key)
            assert o.points == step.points, (i, step.key)
            assert o.status.is_breach == step.breached, (i, step.key)
            assert o.deadline.provisional == step.provisional
