"""Review of the history kept as plain tuples (issue 14): results as before the change.

Each test pins a behaviour of the records the procedures kept before the history became
tuples of plain values (``records.HistoryEntry``), found by comparing both codes.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest

from full_transfer import MUNI, SERVICE, clock, completed
from vkac_flow.errors import HistoryError
from vkac_flow.procedures.exclusion import ExclusionProcedure
from vkac_flow.procedures.transfer import TransferProcedure

D = datetime.date


def _without(doc: dict[str, Any], index: int, key: str) -> dict[str, Any]:
    """``doc`` under older rules, its record ``index`` lacking the data key ``key``."""
    out = copy.deepcopy(doc)
    out["rules_version"] = "old"
    del out["audit"][index]["data"][key]
    return out


# -- a folded document's event lacking a key the rules read -------------------------------
# Folding does not run an event's data checks (_prepare): the rules read the keys they need
# (record.data["approved"]) and a missing one refused the document, naming the event. Read
# as entry_value(...) -> None, a service start without its centre was accepted (the
# procedure completed, its start met no step) and a decision without "approved" was read
# as a rejection (the refusal then blamed the next event).


@pytest.mark.parametrize(
    ("index", "key", "event_id"),
    [(7, "centre", "e8"), (4, "approved", "e5"), (4, "centres", "e5"), (2, "centres", "e3")],
)
def test_a_folded_event_lacking_a_key_the_rules_read_is_refused_there(
    index: int, key: str, event_id: str
) -> None:
    doc = _without(completed("p1").to_dict(), index, key)
    with pytest.raises(HistoryError) as caught:
        TransferProcedure.from_dict(doc, clock=clock)
    message = str(caught.value)
    assert message.startswith(f"event {event_id} ("), message
    assert repr(key) in message, message


def test_a_folded_exclusion_decision_without_approved_is_refused() -> None:
    p = ExclusionProcedure.propose(SERVICE, initiator=MUNI, clock=lambda: D(2027, 12, 31))
    p.committee_informed(D(2026, 9, 1))
    p.committee_decided(D(2026, 9, 10), approved=True)
    doc = p.to_dict()
    index = next(i for i, r in enumerate(doc["audit"]) if r["event"] == "committee_decided")
    with pytest.raises(HistoryError) as caught:
        ExclusionProcedure.from_dict(
            _without(doc, index, "approved"), clock=lambda: D(2027, 12, 31)
        )
    assert "'approved'" in str(caught.value)


# -- the shared caches emptied while procedures hold their values ---------------------------


def _views(p: TransferProcedure) -> tuple[Any, ...]:
    return (
        p.state,
        [r.to_dict() for r in p.history],
        p.audit_log(),
        p.to_dict(),
        dict(p.steps_opened),
        dict(p.steps_met),
        p.facts,
    )


def _flood(n: int, tag: str) -> None:
    """Fill the shared event data past its bound (4,096): it is emptied on the way."""
    from vkac_flow.procedures.records import shared_data

    for i in range(n):
        shared_data({"flood": f"{tag}{i}"})


def test_emptying_the_shared_data_changes_no_procedure() -> None:
    p = completed("p1")
    before = _views(p)
    _flood(9000, "a")
    assert _views(p) == before
    q = completed("p1")  # built after the caches were emptied: equal, data still shared
    assert _views(q)[1:] == before[1:]
    assert p == q
    for rp, rq in zip(p.history, q.history, strict=True):
        assert rp == rq
        assert rp.data == rq.data
    p.correct("e8", on=D(2026, 6, 2), reason="typo")
    q.correct("e8", on=D(2026, 6, 2), reason="typo")
    assert [r.to_dict() for r in p.history] == [r.to_dict() for r in q.history]


def test_procedures_built_in_threads_equal_those_built_alone() -> None:
    import threading

    alone = [_views(completed("p1"))[1:] for _ in range(2)]
    results: list[tuple[Any, ...]] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            for _ in range(15):
                results.append(_views(completed("p1"))[1:])
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=build) for _ in range(3)]
    threads.append(threading.Thread(target=_flood, args=(12000, "t")))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 45

    # recorded_at comes from the clock (fixed), the id is given: every view equal
    assert all(r == alone[0] for r in results)
