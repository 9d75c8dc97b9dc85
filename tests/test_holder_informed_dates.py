"""p. 14.1: the holder's copy is dated from p. 25 to today; no copy is owed to oneself."""

from __future__ import annotations

from datetime import date

import pytest

from vkac_flow import Party, Service, TransferProcedure
from vkac_flow.errors import RuleViolationError, VkacFlowError
from vkac_flow.procedures.transfer import HOLDER_INFORMED_DATES_POLICY

CLOCK = lambda: date(2026, 12, 1)  # noqa: E731
SVC = Service("Road permit", Party.service_holder("LVC"))
CESIS = Party.municipality("Cēsu novads")


def _proposed() -> TransferProcedure:
    return TransferProcedure.propose(SVC, initiator=CESIS, clock=CLOCK)


@pytest.mark.cites("14.1", "25")
@pytest.mark.parametrize("day", ["2016-05-05", "2017-06-30", "2026-12-02"])
def test_an_implausible_copy_date_is_refused(day: str) -> None:
    p = _proposed()
    before = p.to_dict()
    with pytest.raises(RuleViolationError) as err:
        p.letter_received("2026-03-02", holder_informed=day)
    assert "p. 14.1" in err.value.points
    assert p.to_dict() == before


@pytest.mark.cites("14.1", "25")
def test_the_reading_is_named_and_a_correction_is_held_to_it() -> None:
    p = _proposed()
    with pytest.raises(RuleViolationError, match=HOLDER_INFORMED_DATES_POLICY) as err:
        p.letter_received("2026-03-02", holder_informed="2017-01-02")
    assert err.value.points == ("p. 14.1", "p. 25")
    for day in ("2017-07-01", "2026-02-27", "2026-12-01"):
        q = _proposed()
        q.letter_received("2026-03-02", holder_informed=day)
        assert q.holder_informed_on == date.fromisoformat(day)
        assert q.findings() == ()
    q = _proposed()
    q.letter_received("2026-03-02", holder_informed="2026-03-03")
    before = q.to_dict()
    with pytest.raises(VkacFlowError, match=r"p\. 25"):
        q.correct("e1", holder_informed="2016-05-05", reason="typo")
    assert q.to_dict() == before


@pytest.mark.cites("14.1")
def test_no_finding_when_the_municipality_is_itself_the_holder() -> None:
    own = Service("Parking permit", CESIS)
    m = TransferProcedure.propose(own, initiator=CESIS, clock=CLOCK)
    m.letter_received("2026-03-02")
    assert m.findings() == ()
    assert "finding" not in m.summary()
    other = _proposed()  # another holder: the missing copy is still a finding
    other.letter_received("2026-03-02")
    assert len(other.findings()) == 1


def test_a_snapshot_before_the_copy_shows_the_holder_not_yet_informed() -> None:
    # Review finding: as_of a day between the letter and a later copy raised HistoryError
    # ("holder_informed ... is in the future"), and broke every register view of that day.
    from vkac_flow import Party, Service, TransferProcedure

    svc = Service("Passport", Party.institution("PMLP"))
    p = TransferProcedure.propose(
        svc, initiator=Party.municipality("Cēsu novads"), clock=lambda: date(2026, 12, 1)
    )
    p.letter_received("2026-03-02", holder_informed="2026-03-05")
    before = p.as_of("2026-03-04")
    assert before.state == p.state
    assert "not informed" in before.summary()  # on 2026-03-04 the copy was not made yet
    after = p.as_of("2026-03-05")
    assert "not informed" not in after.summary()
    assert p.holder_informed_on == date(2026, 3, 5)
