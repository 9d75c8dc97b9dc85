"""TransferProcedure.to_dict / from_dict: versioned JSON, rebuilt by replaying the events."""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

import pytest

from v2docs import as_v2
from vkac_flow.calendar import LatvianCalendar
from vkac_flow.errors import (
    EventDateError,
    HistoryError,
    IllegalTransitionError,
    RuleViolationError,
)
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.procedures.transfer import TransferProcedure

D = datetime.date
HOLDER = Party.service_holder("Latvijas Valsts ceļi")
SERVICE = Service("Road permit", HOLDER, stage="intake")


def clock() -> datetime.date:
    return D(2026, 12, 31)


def full(procedure_id: str | None = None) -> TransferProcedure:
    p = TransferProcedure.propose(
        SERVICE, initiator=Party.municipality("Cēsu novads"), clock=clock, procedure_id=procedure_id
    )
    p.letter_received(D(2026, 3, 2))
    p.readiness_confirmed(D(2026, 3, 9))
    p.centres_surveyed(D(2026, 3, 16), centres=["Cēsis", "Valmiera"])
    p.information_prepared(D(2026, 4, 2))  # late
    p.committee_decided(D(2026, 4, 16), approved=True, centres=["Cēsis", "Valmiera"])
    p.training_completed(D(2026, 5, 8))
    p.service_started(D(2026, 5, 11), centre="Valmiera")
    return p


def roundtrip(p: TransferProcedure) -> TransferProcedure:
    return TransferProcedure.from_dict(json.loads(json.dumps(p.to_dict())), clock=clock)


@pytest.mark.cites("13.2", "15.3")
def test_roundtrip_equal_with_same_state_deadlines_and_breaches() -> None:
    p = full()
    doc = p.to_dict()
    assert doc["format"] == "vkac_flow.transfer"
    assert doc["version"] == 3
    assert doc["id"] == p.id
    assert doc["state"] == "rollout"
    assert doc["audit"][2] == {
        "seq": 3,
        "kind": "event",
        "event_id": "e3",
        "event": "centres_surveyed",
        "on": "2026-03-16",
        "recorded_at": "2026-12-31T00:00:00+02:00",  # a date clock: midnight in Riga
        "recorded_by": None,
        "data": {"centres": ["Cēsis", "Valmiera"]},
        "corrects": None,
        "reason": None,
    }
    assert as_v2(doc)["history"][2] == {  # what version 2 wrote, still read
        "event": "centres_surveyed",
        "date": "2026-03-16",
        "data": {"centres": ["Cēsis", "Valmiera"]},
    }
    assert TransferProcedure.from_dict(as_v2(doc), clock=clock).history == p.history
    q = roundtrip(p)
    assert q == p
    assert q.state == p.state
    assert q.deadlines() == p.deadlines()
    assert [b.to_dict() for b in q.breaches()] == [b.to_dict() for b in p.breaches()]
    assert q.obligations(D(2026, 6, 1)) == p.obligations(D(2026, 6, 1))
    q.material_uploaded(D(2026, 5, 12))  # the rebuilt procedure goes on
    assert q != p


def test_equality() -> None:
    # finding 3: the id is part of equality; two procedures built apart differ by their ids
    a, b = full("same-id"), full("same-id")
    assert a == b
    assert full() != full()
    assert a != "x"
    b.material_uploaded(D(2026, 5, 12))
    assert a != b
    other = TransferProcedure.propose(SERVICE, initiator=HOLDER, clock=clock)
    assert other != TransferProcedure.propose(
        SERVICE, initiator=Party.municipality("X"), clock=clock
    )
    with pytest.raises(TypeError):
        hash(a)


def test_every_prefix_roundtrips() -> None:
    p = full()
    for n in range(len(p.history) + 1):
        doc = p.to_dict()
        doc["audit"] = doc["audit"][:n]
        doc.pop("state")
        q = TransferProcedure.from_dict(doc, clock=clock)
        assert len(q.history) == n
        assert roundtrip(q) == q


def test_calendar_and_clock_are_used() -> None:
    p = full()
    cal = LatvianCalendar(transfers=False)
    q = TransferProcedure.from_dict(p.to_dict(), calendar=cal, clock=clock)
    assert q.calendar is cal
    assert q == p
    with pytest.raises(HistoryError) as info:
        TransferProcedure.from_dict(p.to_dict(), clock=lambda: D(2026, 4, 1))
    assert isinstance(info.value.__cause__, EventDateError)
    assert "event #4 (information_prepared on 2026-04-02)" in str(info.value)


def _tamper(doc: dict[str, Any], i: int, **changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["audit"][i].update({"on" if k == "date" else k: v for k, v in changes.items()})
    doc.pop("state")
    return doc


@pytest.mark.cites("15.1", "10.1", "15.3")
@pytest.mark.parametrize(
    ("index", "changes", "cause", "point"),
    [
        (5, {"event": "material_uploaded"}, IllegalTransitionError, "p. 15.2"),
        (4, {"data": {"approved": True, "centres": ["Rīga"]}}, RuleViolationError, "p. 10.1"),
        (6, {"data": {"centre": "Sigulda"}}, RuleViolationError, "p. 15.3"),
        (3, {"date": "2026-03-01"}, EventDateError, None),
        (0, {"date": "2016-03-01"}, EventDateError, "p. 25"),
        (1, {"event": "readiness_declined"}, RuleViolationError, "p. 14.2.2"),
    ],
)
def test_impossible_history_is_refused_naming_the_event(
    index: int, changes: dict[str, Any], cause: type[Exception], point: str | None
) -> None:
    doc = _tamper(full().to_dict(), index, **changes)
    with pytest.raises(HistoryError) as info:
        TransferProcedure.from_dict(doc, clock=clock)
    err = info.value
    assert isinstance(err.__cause__, cause)
    assert f"event #{index + 1}" in str(err) or f"event #{index + 2}" in str(err)
    if point is not None:
        assert point in err.points


@pytest.mark.parametrize(
    ("mutate", "text"),
    [
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d.update(version=4), "version"),
        (lambda d: d.update(extra=1), "unknown keys"),
        (lambda d: d.pop("service"), "missing keys"),
        (lambda d: d.update(history={}), "history must be a list"),
        (lambda d: d.update(state="completed"), "state"),
        (lambda d: d["history"].append("x"), "expected a mapping"),
        (
            lambda d: d["history"].append({"event": "__class__", "date": "2026-05-12", "data": {}}),
            "unknown event",
        ),
        (
            lambda d: d["history"].append({"event": "to_dict", "date": "2026-05-12", "data": {}}),
            "unknown event",
        ),
        (lambda d: d["history"].append({"event": "material_uploaded"}), "expected keys"),
        (  # issue 13: the writer always writes "data"; an item without it is refused
            lambda d: d["history"].append({"event": "material_uploaded", "date": "2026-05-12"}),
            "expected keys",
        ),
        (
            lambda d: d["history"].append({"event": "material_uploaded", "date": 5, "data": {}}),
            "YYYY-MM-DD",
        ),
        (
            lambda d: d["history"].append(
                {"event": "material_uploaded", "date": "2026-05-12", "data": {"x": 1}}
            ),
            "data keys",
        ),
        (
            lambda d: d["history"].append(
                {"event": "material_uploaded", "date": "2026-05-12", "data": []}
            ),
            "data must be a mapping",
        ),
        (
            lambda d: d["history"].append(
                {"event": "service_started", "date": "2026-05-12", "data": {}}
            ),
            "requires",
        ),
        (lambda d: d["initiator"].update(kind="ministry", name="VARAM"), "p. 12"),
        (lambda d: d["service"].update(category="minimum_basket"), "cannot rebuild"),
    ],
)
def test_malformed_documents(mutate: Any, text: str) -> None:
    doc = as_v2(copy.deepcopy(full().to_dict()))  # the strict reader of version 2 documents
    mutate(doc)
    with pytest.raises(HistoryError) as info:
        TransferProcedure.from_dict(doc, clock=clock)
    assert text in str(info.value)


def test_not_a_mapping() -> None:
    with pytest.raises(HistoryError):
        TransferProcedure.from_dict([], clock=clock)


def test_history_error_keeps_allowed_events() -> None:
    doc = as_v2(full().to_dict())
    doc["history"].append({"event": "training_completed", "date": "2026-05-12", "data": {}})
    doc.pop("state")
    with pytest.raises(HistoryError) as info:
        TransferProcedure.from_dict(doc, clock=clock)
    assert info.value.allowed == ("material_uploaded", "service_started")
    assert info.value.event == "training_completed"
