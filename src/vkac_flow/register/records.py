"""The register's value types: a stored record, a projection of one procedure.

These are plain values (frozen attrs) shared by the write core (:mod:`.store`), the
adapter to the procedures (:mod:`.adapter`) and the register (:mod:`.core`). They import no
database library.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import attrs

from vkac_flow.procedures.records import AuditRecord

__all__ = ["ObligationRow", "Projection", "Record"]


@attrs.frozen
class Record:
    """One row of the append-only ``events`` table.

    The same fields as the procedures' audit records (issue #9): ``kind`` is ``"event"``,
    ``"correction"`` or ``"retraction"``; ``corrects`` is the ``event_id`` a correction or
    retraction supersedes.

    Attributes:
        seq: The record's number in its procedure's log (1, 2, ...; 0 before it is stored).
        kind: ``"event"``, ``"correction"`` or ``"retraction"``.
        event_id: The record's id, unique in the register.
        event: The event's name (``None`` for a retraction).
        on: The day it happened (valid time), or ``None``.
        recorded_at: The aware instant the register learned it (record time).
        recorded_by: Who recorded it, or ``None``.
        data: The event's data, JSON-safe.
        corrects: The ``event_id`` a correction or retraction supersedes.
        reason: Why a correction or retraction was made.
        rules_version: The rules version that decided it (``None``: written before the
            register kept it, schema revision 0001).
    """

    seq: int
    kind: str
    event_id: str
    event: str | None
    on: datetime.date | None
    recorded_at: datetime.datetime | None
    recorded_by: str | None
    data: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    corrects: str | None = None
    reason: str | None = None
    rules_version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: :meth:`audit_dict` and the ``rules_version``."""
        return {**self.audit_dict(), "rules_version": self.rules_version}

    def audit_dict(self) -> dict[str, Any]:
        """The procedure's audit record of this row, as ``AuditRecord.to_dict()`` writes it."""
        return AuditRecord(
            seq=self.seq,
            kind=self.kind,  # type: ignore[arg-type]  # one of AUDIT_KINDS, as stored
            event_id=self.event_id,
            event=self.event,
            on=self.on,
            recorded_at=self.recorded_at,
            recorded_by=self.recorded_by,
            data=dict(self.data),
            corrects=self.corrects,
            reason=self.reason,
        ).to_dict()


@attrs.frozen
class ObligationRow:
    """A pending statutory step of a procedure, as the ``obligations`` projection holds it.

    Attributes:
        step: The step's key in :data:`~vkac_flow.law.steps.STEPS`.
        subject: What it is about when owed more than once (a centre), else ``None``.
        title: What must be done.
        step_kind: ``"deadline"`` (act by the due date) or ``"waiting"`` (not before it).
        due: The due date.
        provisional: Whether the due date lies past the calendar's known horizon.
        responsible: The roles that must act.
        by: The same, readable, with the party where known.
        points: The points that set it.
        explanation: How the due date was counted (``Deadline.explain()``).
    """

    step: str
    subject: str | None
    title: str
    step_kind: str
    due: datetime.date
    provisional: bool
    responsible: tuple[str, ...]
    by: str
    points: tuple[str, ...]
    explanation: str

    def overdue_on(self, day: datetime.date) -> bool:
        """Whether the step is overdue on ``day``: a deadline not met before it.

        A waiting period (p. 16 notice) is never overdue: nobody owes it.
        """
        return self.step_kind == "deadline" and self.due < day


@attrs.frozen
class Projection:
    """What the projection tables hold for one procedure: a cache of the replay of its log.

    The ``procedures``, ``obligations`` and ``procedure_centres`` rows of the procedure,
    rewritten with every write.

    Attributes:
        kind: The document format (``vkac_flow.transfer``, ``vkac_flow.exclusion``).
        format_version: The document version the identity is written in.
        service: The service's label.
        holder: The service holder's name.
        initiator: The initiator's name.
        initiator_role: The initiator's kind of party.
        route: The route (who initiated: p. 13, 14 or a sentence of p. 16).
        state: The current state.
        is_final: Whether the state is final.
        last_on: The day of the last event, or ``None``.
        identity: The identity document (everything of ``to_dict()`` but the history).
        centres: The centres the procedure concerns, sorted.
        obligations: The pending steps, in the order opened, then the running waiting
            periods (``step_kind`` ``"waiting"``: nobody's duty).
        rules_version: The rules version that decides the procedure's events.
    """

    kind: str
    format_version: int
    service: str
    holder: str
    initiator: str
    initiator_role: str
    route: str
    state: str
    is_final: bool
    last_on: datetime.date | None
    identity: Mapping[str, Any] = attrs.field(hash=False)
    centres: tuple[str, ...]
    obligations: tuple[ObligationRow, ...]
    rules_version: str

    @property
    def next_obligation(self) -> ObligationRow | None:
        """The pending duty due first (the first opened among equal dates), or ``None``.

        Waiting periods are not duties: they never are the "next due".
        """
        duties = [o for o in self.obligations if o.step_kind != "waiting"]
        if not duties:
            return None
        return min(duties, key=lambda o: o.due)
