"""Objects the garbage collector tracks per procedure (issue 14): few, and shared data shared.

Not a timing: the number of GC-tracked objects a procedure holds of its own (reachable from
it, not through its context: calendar, clock, service, parties, classes, functions, modules
and the data mappings shared by equal event data), after a collection (which untracks tuples and dicts of
atomic values), counted with :func:`gc.is_tracked`.
"""

from __future__ import annotations

import datetime
import enum
import gc
import types
from types import MappingProxyType

from vkac_flow.calendar import default_calendar
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.procedures.applying import shared_data
from vkac_flow.procedures.transfer import TransferProcedure

D = datetime.date
SERVICE = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
MUNI = Party.municipality("Cēsu novads")


def _clock() -> datetime.date:
    return D(2026, 12, 31)


# the full transfer of benchmarks/procedures.py (propose -> completed), as a table
_EVENTS: tuple[tuple[str, datetime.date, dict[str, object]], ...] = (
    ("letter_received", D(2026, 3, 2), {}),
    ("readiness_confirmed", D(2026, 3, 9), {}),
    ("centres_surveyed", D(2026, 3, 16), {"centres": ["Cēsis", "Valmiera"]}),
    ("information_prepared", D(2026, 3, 20), {}),
    ("committee_decided", D(2026, 4, 16), {"approved": True, "centres": ["Cēsis"]}),
    ("training_completed", D(2026, 5, 8), {}),
    ("material_uploaded", D(2026, 5, 15), {}),
    ("service_started", D(2026, 6, 1), {"centre": "Cēsis"}),
)


def _completed() -> TransferProcedure:
    p = TransferProcedure.propose(
        SERVICE, initiator=MUNI, calendar=default_calendar(), clock=_clock
    )
    for event, day, data in _EVENTS:
        getattr(p, event)(day, **data)
    assert p.state == "completed"
    return p


def _own_tracked(p: TransferProcedure) -> list[object]:
    """GC-tracked objects reachable from ``p`` that are its own.

    Not descended into: its context (calendar, clock, service, initiator), classes,
    functions, modules and enum members, and the read-only data mappings shared by equal event data.
    """
    context = {id(x) for x in (p.calendar, p.clock, p.service, p.initiator)}
    own: list[object] = []
    seen: set[int] = set()
    stack: list[object] = [p]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or id(obj) in context:
            continue
        seen.add(id(obj))
        if isinstance(obj, type | types.FunctionType | types.ModuleType | enum.Enum):
            continue
        if type(obj) is MappingProxyType and obj is shared_data(dict(obj)):
            continue
        if gc.is_tracked(obj):
            own.append(obj)
        stack.extend(gc.get_referents(obj))
    return own


def test_a_completed_transfer_tracks_at_most_11_objects_of_its_own() -> None:
    live = _completed()
    replayed = TransferProcedure.from_dict(live.to_dict(), clock=_clock)
    folded = TransferProcedure.from_dict({**live.to_dict(), "rules_version": "old"}, clock=_clock)
    assert folded.folded
    assert not live.folded
    gc.collect()
    for p in (live, replayed):
        own = _own_tracked(p)
        # the procedure, its facts, its history list and one EventRecord per event (8): no
        # attribute dict (never materialised), no audit list while the log is the history,
        # no read-only mapping of its own for the events' data
        assert len(own) <= 11, sorted(type(o).__name__ for o in own)
        assert sum(type(o) is MappingProxyType for o in own) == 0
        assert sum(type(o) is dict for o in own) == 0
    # a folded procedure keeps its own audit log (the records read) and says its rules:
    # an attribute of its own over the class's default (today's rules)
    assert folded.rules_version == "old"
    assert folded.rules_note is not None
    assert live.rules_note is None
    assert replayed.rules_note is None


def test_equal_event_data_share_one_read_only_mapping() -> None:
    a, b = _completed(), _completed()
    for ra, rb in zip(a.history, b.history, strict=True):
        assert ra.data is rb.data
        assert isinstance(ra.data, MappingProxyType)
    # types count: 1 is not True, a tuple of ints not one of bools
    assert shared_data({"n": 1}) is not shared_data({"n": True})
    assert shared_data({"c": (1,)}) is not shared_data({"c": (True,)})
    assert shared_data({"a": 1, "b": 2}) is not shared_data({"b": 2, "a": 1})  # key order
    assert dict(shared_data({"c": ("x",)})) == {"c": ("x",)}


def test_the_audit_log_is_the_history_until_a_correction() -> None:
    p = _completed()
    assert [r.event_id for r in p.audit_log()] == [f"e{i}" for i in range(1, 9)]
    assert p.version == 8
    p.correct("e8", on=D(2026, 6, 2), reason="typo")
    assert p.version == 9
    assert [r.kind for r in p.audit_log()][-1] == "correction"
    assert p.history[-1].date == D(2026, 6, 2)
    p.retract("e7", reason="not uploaded")  # the rollout is no longer complete
    assert p.version == 10
    assert [r.kind for r in p.audit_log()][-2:] == ["correction", "retraction"]
    again = TransferProcedure.from_dict(p.to_dict(), clock=_clock)
    assert again.to_dict() == p.to_dict()
