"""Objects the garbage collector tracks per procedure (issue 14): few, and shared data shared.

Not a timing: the number of GC-tracked objects a procedure holds of its own (reachable from
it, not through its context: calendar, clock, service, parties, classes, functions, modules
and the data mappings shared by equal event data), after collections (which untrack tuples
and dicts of atomic values), counted with :func:`gc.is_tracked`. The events are kept as
plain tuples (issue 14), so the count does not grow with the events.
"""

from __future__ import annotations

import datetime
import enum
import gc
import types
from types import MappingProxyType

from full_transfer import MUNI, SERVICE, clock, completed
from vkac_flow.calendar import default_calendar
from vkac_flow.procedures.applying import shared_data
from vkac_flow.procedures.records import EventRecord
from vkac_flow.procedures.transfer import TransferProcedure

D = datetime.date


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


def _collected() -> None:
    """Collect until nothing more is untracked (a pass may untrack a tuple before its items)."""
    for _ in range(3):
        gc.collect()


def test_a_completed_transfer_tracks_at_most_2_objects_of_its_own() -> None:
    live = completed()
    replayed = TransferProcedure.from_dict(live.to_dict(), clock=clock)
    folded = TransferProcedure.from_dict({**live.to_dict(), "rules_version": "old"}, clock=clock)
    assert folded.folded
    assert not live.folded
    _collected()
    for p in (live, replayed, folded):
        # the events are kept as plain tuples of untracked values: none tracked
        entries = p._history
        assert len(entries) == 8
        assert all(type(e) is tuple and not gc.is_tracked(e) for e in entries)
        assert type(entries) is tuple
        assert not gc.is_tracked(entries)
    for p in (live, replayed):
        own = _own_tracked(p)
        # the procedure and its facts: nothing per event (an EventRecord or a data
        # mapping per event would be 8 more), no history list (a plain tuple of plain
        # tuples), no attribute dict (never materialised), no audit list while the log is
        # the history, no read-only mapping of its own for the events' data
        assert len(own) <= 2, sorted(type(o).__name__ for o in own)
        assert sorted(type(o).__name__ for o in own) == ["TransferFacts", "TransferProcedure"]
    # the public records are built on demand, equal to the live ones and to the replay's
    assert live.history == replayed.history == folded.history
    assert all(type(r) is EventRecord for r in live.history)
    assert [r.event_id for r in replayed.history] == [r.event_id for r in live.history]
    assert [r.recorded_at for r in replayed.history] == [r.recorded_at for r in live.history]
    assert live == replayed
    # a folded procedure keeps its own audit log (the records read) and says its rules:
    # an attribute of its own over the class's default (today's rules)
    assert folded.rules_version == "old"
    assert folded.rules_note is not None
    assert live.rules_note is None
    assert replayed.rules_note is None


def _rolled_out(n: int) -> TransferProcedure:
    """A completed transfer to ``n`` centres: ``n`` service starts, ``n + 7`` events."""
    centres = [f"Centre {i}" for i in range(n)]
    p = TransferProcedure.propose(SERVICE, initiator=MUNI, calendar=default_calendar(), clock=clock)
    p.letter_received(D(2026, 3, 2))
    p.readiness_confirmed(D(2026, 3, 9))
    p.centres_surveyed(D(2026, 3, 16), centres=centres)
    p.information_prepared(D(2026, 3, 20))
    p.committee_decided(D(2026, 4, 16), approved=True, centres=centres)
    p.training_completed(D(2026, 5, 8))
    p.material_uploaded(D(2026, 5, 15))
    for c in centres:
        p.service_started(D(2026, 6, 1), centre=c)
    assert p.state == "completed"
    return p


def test_the_tracked_objects_do_not_grow_with_the_events() -> None:
    few, many = _rolled_out(2), _rolled_out(3)
    _collected()
    assert len(many.history) == len(few.history) + 1
    # one event more, no tracked object more (an EventRecord per event would be one)
    assert len(_own_tracked(many)) == len(_own_tracked(few)) == 2


def test_equal_event_data_share_one_read_only_mapping() -> None:
    a, b = completed(), completed()
    for ra, rb in zip(a.history, b.history, strict=True):
        assert ra.data is rb.data
        assert isinstance(ra.data, MappingProxyType)
    # types count: 1 is not True, a tuple of ints not one of bools
    assert shared_data({"n": 1}) is not shared_data({"n": True})
    assert shared_data({"c": (1,)}) is not shared_data({"c": (True,)})
    assert shared_data({"a": 1, "b": 2}) is not shared_data({"b": 2, "a": 1})  # key order
    assert dict(shared_data({"c": ("x",)})) == {"c": ("x",)}


def test_equal_step_keys_and_met_values_share_one_tuple() -> None:
    a, b = completed(), completed()
    assert a.steps_opened == b.steps_opened
    assert a.steps_met == b.steps_met
    # the same tuple objects, not equal copies: a procedure keeps no tuple of its own per
    # step, so its step tables hold only untracked values and stay untracked themselves
    for ka, kb in zip(a.steps_opened, b.steps_opened, strict=True):
        assert ka is kb
    for (ka, va), (kb, vb) in zip(a.steps_met.items(), b.steps_met.items(), strict=True):
        assert ka is kb
        assert va is vb
    gc.collect(0)  # a young collection: untracks tuples, never dicts
    p = completed()
    gc.collect(0)
    assert not gc.is_tracked(p._opened)
    assert not gc.is_tracked(p._met)


def test_the_audit_log_is_the_history_until_a_correction() -> None:
    p = completed()
    assert [r.event_id for r in p.audit_log()] == [f"e{i}" for i in range(1, 9)]
    assert p.version == 8
    p.correct("e8", on=D(2026, 6, 2), reason="typo")
    assert p.version == 9
    assert [r.kind for r in p.audit_log()][-1] == "correction"
    assert p.history[-1].date == D(2026, 6, 2)
    p.retract("e7", reason="not uploaded")  # the rollout is no longer complete
    assert p.version == 10
    assert [r.kind for r in p.audit_log()][-2:] == ["correction", "retraction"]
    again = TransferProcedure.from_dict(p.to_dict(), clock=clock)
    assert again.to_dict() == p.to_dict()
