"""The generic procedure base (vkac_flow.procedures.base), on a toy subclass and on the transfer."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs
import pytest

from vkac_flow.calendar import LatvianCalendar
from vkac_flow.errors import HistoryError, InputTypeError, RuleViolationError
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.procedures.base import (
    Clock,
    EventRecord,
    EventSpec,
    ObligationStatus,
    Procedure,
    Transition,
    WaitingStatus,
)
from vkac_flow.procedures.transfer import TransferProcedure

D = datetime.date


@attrs.define(slots=False, eq=False, kw_only=True)
class Notice(Procedure):
    """A toy procedure on the ``waiting`` step of p. 16 (act on or after the due date)."""

    FORMAT: ClassVar[str] = "test.notice"
    STATES: ClassVar[tuple[str, ...]] = ("start", "informed", "done", "dropped")
    INITIAL: ClassVar[str] = "start"
    FINAL_STATES: ClassVar[frozenset[str]] = frozenset({"done", "dropped"})
    TRANSITIONS: ClassVar[tuple[Transition, ...]] = (
        Transition("committee_informed", ("start",), "informed", ("16",)),
        Transition("excluded", ("informed",), "done", ("16",)),
        Transition("dropped", ("start", "informed"), "dropped", ("16",)),
    )
    EVENTS: ClassVar[Mapping[str, EventSpec]] = {
        "committee_informed": EventSpec("committee_informed", ("note",)),
        "excluded": EventSpec("excluded"),
        "dropped": EventSpec("dropped"),
    }
    STEP_KEYS: ClassVar[tuple[str, ...]] = ("exclusion_notice",)
    IDENTITY_KEYS: ClassVar[tuple[str, ...]] = ("name",)

    name: str = "x"

    def committee_informed(self, when: object, *, note: str = "") -> None:
        self._apply("committee_informed", when, {"note": note})

    def excluded(self, when: object) -> None:
        self._apply("excluded", when, {})

    def dropped(self, when: object) -> None:
        self._apply("dropped", when, {})

    def _prepare(self, event: str, day: datetime.date, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("note") == "bad":
            raise RuleViolationError("bad note", points=self._points("16"), event=event)
        return data

    def _identity(self) -> tuple[Any, ...]:
        return (self.name,)

    def _identity_to_dict(self) -> dict[str, Any]:
        return {"name": self.name}

    @classmethod
    def _from_identity(
        cls, doc: Mapping[str, Any], *, calendar: LatvianCalendar | None, clock: Clock | None
    ) -> Notice:
        return cls(name=doc["name"], clock=clock or (lambda: D(2026, 12, 31)))


def notice() -> Notice:
    return Notice(clock=lambda: D(2026, 12, 31))


@pytest.mark.cites("16")
def test_waiting_step_met_on_or_after_due() -> None:
    p = notice()
    p.committee_informed(D(2026, 3, 2), note="hello")
    # a waiting step is a waiting period, never an obligation (issue #9)
    assert p.obligations(D(2026, 3, 3)) == ()
    (w,) = p.waiting_periods(D(2026, 3, 3))
    assert w.status is WaitingStatus.RUNNING
    assert w.earliest == D(2026, 4, 2)
    assert p.waiting_periods(D(2026, 12, 1))[0].status is WaitingStatus.ELAPSED  # never overdue
    p.excluded(D(2026, 4, 2))
    assert p.waiting_periods()[0].status is WaitingStatus.USED
    assert p.breaches() == ()


@pytest.mark.cites("16")
def test_waiting_step_met_early_is_a_breach() -> None:
    p = notice()
    p.committee_informed(D(2026, 3, 2))
    p.excluded(D(2026, 3, 20))
    (breach,) = p.breaches()
    assert breach.obligation.status is ObligationStatus.MET_EARLY
    assert "before 2026-04-02" in str(breach)


def test_unmet_waiting_step_lapses_at_the_end() -> None:
    p = notice()
    p.committee_informed(D(2026, 3, 2))
    p.dropped(D(2026, 5, 2))
    assert p.obligations() == ()
    assert p.waiting_periods()[0].status is WaitingStatus.ENDED


def test_rule_violation_changes_nothing_and_roundtrip() -> None:
    p = notice()
    with pytest.raises(RuleViolationError):
        p.committee_informed(D(2026, 3, 2), note="bad")
    assert p.history == ()
    assert p.state == "start"
    assert p.deadlines() == {}
    p.committee_informed(D(2026, 3, 2), note="ok")
    q = Notice.from_dict(p.to_dict())
    assert q == p
    assert q.history[0] == EventRecord("committee_informed", D(2026, 3, 2), {"note": "ok"})


def test_generic_diagram_and_points() -> None:
    assert Notice.state_diagram().splitlines()[:3] == [
        "stateDiagram-v2",
        "    [*] --> start",
        "    start --> informed : committee_informed (p. 16)",
    ]
    assert "    done --> [*]" in Notice.state_diagram()
    assert Notice.transition_points("dropped") == ("16",)
    assert Notice().allowed_events() == ("committee_informed", "dropped")


def test_one_machine_per_class_not_per_instance() -> None:
    a, b = notice(), notice()
    assert Notice._machine() is Notice._machine()
    assert TransferProcedure._machine() is not Notice._machine()
    a.committee_informed(D(2026, 3, 2))
    assert (a.state, b.state) == ("informed", "start")
    assert "trigger" not in vars(a)  # the machine does not decorate instances


def test_calendar_and_clock_checked() -> None:
    with pytest.raises(InputTypeError):
        Notice(calendar="cal")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        Notice(clock=D(2026, 1, 1))  # type: ignore[arg-type]


def test_base_from_identity_is_abstract() -> None:
    with pytest.raises(NotImplementedError):
        Procedure._from_identity({}, calendar=None, clock=None)


def test_history_error_wraps_identity_errors() -> None:
    doc = TransferProcedure.propose(
        Service("S", Party.service_holder("H")), initiator=Party.municipality("M")
    ).to_dict()
    doc["initiator"] = {"kind": "nobody", "name": "x"}
    with pytest.raises(HistoryError) as info:
        TransferProcedure.from_dict(doc)
    assert "cannot rebuild" in str(info.value)
