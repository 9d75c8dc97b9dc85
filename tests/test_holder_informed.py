"""p. 14.1: the municipality's copy of its letter to the holder, a fact with its date."""

from __future__ import annotations

import json
from datetime import date

import pytest

from vkac_flow import Party, Service, TransferProcedure
from vkac_flow.errors import RuleViolationError
from vkac_flow.procedures.transfer import HOLDER_INFORMED_POLICY

CLOCK = lambda: date(2026, 12, 31)  # noqa: E731
SVC = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))


def _by_municipality() -> TransferProcedure:
    return TransferProcedure.propose(SVC, initiator=Party.municipality("Cēsu novads"), clock=CLOCK)


@pytest.mark.cites("14", "14.1")
def test_p_14_1_the_copy_to_the_holder_is_recorded_with_its_date() -> None:
    p = _by_municipality()
    p.letter_received("2026-03-02", holder_informed="2026-02-27")
    assert p.holder_informed_on == date(2026, 2, 27)
    assert p.findings() == ()
    q = TransferProcedure.from_dict(json.loads(json.dumps(p.to_dict())), clock=CLOCK)
    assert q == p
    assert q.holder_informed_on == date(2026, 2, 27)


@pytest.mark.cites("14", "14.1")
def test_p_14_1_a_holder_not_informed_is_a_finding_and_a_correction_clears_it() -> None:
    p = _by_municipality()
    p.letter_received("2026-03-02")
    (finding,) = p.findings()
    assert finding.startswith("p. 14.1: the holder")
    assert HOLDER_INFORMED_POLICY in finding
    assert "finding: p. 14.1" in p.summary()
    assert "finding: p. 14.1" in p.as_of("2026-03-03").summary()
    p.correct("e1", holder_informed="2026-03-01", reason="the copy was found")
    assert p.findings() == ()
    assert p.holder_informed_on == date(2026, 3, 1)
    assert p.as_of("2026-03-03").summary().count("finding") == 0


@pytest.mark.cites("13", "13.1", "14.1")
def test_p_14_1_no_copy_on_route_13_and_no_future_date() -> None:
    p = TransferProcedure.propose(SVC, initiator=SVC.holder, clock=CLOCK)
    with pytest.raises(RuleViolationError, match=r"p\. 14\.1"):
        p.letter_received("2026-03-02", holder_informed="2026-03-01")
    assert p.history == ()
    assert p.findings() == ()  # route p. 13: nothing to find
    m = _by_municipality()
    with pytest.raises(RuleViolationError, match="future"):
        m.letter_received("2026-03-02", holder_informed="2027-01-05")
    assert m.history == ()
