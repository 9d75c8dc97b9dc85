"""The one place the register talks to the procedures' API.

Everything else in :mod:`vkac_flow.register` sees procedures only through these functions:
rebuild a procedure from its stored identity and log (a version-3 document whose ``audit``
is the stored records, replayed by :func:`vkac_flow.procedures.documents.load_procedure`),
apply an event, a correction or a retraction through the procedure's own
``apply`` / ``correct`` / ``retract``, turn the :class:`~vkac_flow.procedures.records.AuditRecord`
the procedure made into a :class:`~vkac_flow.register.records.Record` row, and compute a
procedure's projection. No rule of the regulation is here: the procedures
(``TransferProcedure``, ``ExclusionProcedure``) decide what is accepted, which event names
exist and which data they take.

The record time: the register hands its clock to the procedures it rebuilds, so the
``recorded_at`` of a new audit record is the register's instant of the write.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from vkac_flow.errors import RegisterError
from vkac_flow.law.centres import CentreRegistry
from vkac_flow.law.steps import STEPS
from vkac_flow.messages import Text
from vkac_flow.procedures.base import Obligation, ObligationStatus, Procedure
from vkac_flow.procedures.documents import PROCEDURE_FORMATS, load_procedure
from vkac_flow.procedures.exclusion import ExclusionProcedure
from vkac_flow.procedures.records import AuditRecord, plain_data
from vkac_flow.procedures.transfer import TransferProcedure
from vkac_flow.procedures.waiting import WaitingPeriod, WaitingStatus
from vkac_flow.register.records import ObligationRow, Projection, Record

__all__ = [
    "KINDS",
    "PER_RECORD_RULES",
    "Now",
    "apply_event",
    "correct_event",
    "identity_of",
    "procedure_as_of",
    "project",
    "project_as_of",
    "rebuild",
    "record_of",
    "records_of",
    "retract_event",
    "rules_version_of",
    "todays_rules_version",
]

Now = Callable[[], datetime.datetime]
"""The register's clock: the aware instant of a write (record time)."""

KINDS: Mapping[str, str] = {
    "transfer": TransferProcedure.FORMAT,
    "exclusion": ExclusionProcedure.FORMAT,
}
"""Short names of the procedure kinds (``find(kind="transfer")``) and their formats."""

PER_RECORD_RULES: bool = "rules_version" in attrs.fields_dict(AuditRecord)
"""Whether the procedures keep the rules version of each audit record
(``AuditRecord.rules_version``, read from the key ``"rules_version"`` of an audit item):
then a stored record decided by other rules than its document's carries that key."""

_PENDING = (ObligationStatus.OPEN, ObligationStatus.OVERDUE)
_WAITING = (WaitingStatus.RUNNING, WaitingStatus.ELAPSED)

# keys of a procedure document that are not its identity: the log, the derived state and
# the rules version the document was written under (kept per record and per procedure)
_NOT_IDENTITY = ("audit", "history", "state", "rules_version")


def rules_version_of(procedure: Procedure) -> str:
    """The rules version ``procedure``'s history was decided by (``Procedure.rules_version``).

    For a history read under older rules (folded) that is the older version; the events the
    register applies now are decided by today's rules (:func:`todays_rules_version`).
    """
    return procedure.rules_version


def todays_rules_version(procedure: Procedure) -> str:
    """The rules version that decides a new event, correction or retraction of ``procedure``."""
    return type(procedure).current_rules_version()


def identity_of(procedure: Procedure) -> dict[str, Any]:
    """The procedure's identity document: its ``to_dict()`` without the log and state."""
    doc = procedure.to_dict()
    for key in _NOT_IDENTITY:
        doc.pop(key, None)
    return doc


def _document(identity: Mapping[str, Any], records: Sequence[Record]) -> dict[str, Any]:
    """The version-3 document of a stored procedure: its identity and its log as ``audit``."""
    fmt = identity.get("format")
    cls = PROCEDURE_FORMATS.get(fmt) if isinstance(fmt, str) else None
    doc = {k: v for k, v in identity.items() if k not in _NOT_IDENTITY}
    if cls is not None:  # an identity stored under an older format version reads as v3
        doc["version"] = cls.VERSION
    audit = [r.audit_dict() for r in records]
    if cls is not None:
        # The rules the history was decided by, from the records: today's when every record
        # was decided by them, else the first older version, so that the procedure reads
        # folded, not re-decided (interpretation older-rules-folded-not-re-decided).
        today = cls.current_rules_version()
        older = [r.rules_version for r in records if r.rules_version not in (None, today)]
        top = doc["rules_version"] = older[0] if older else today
        # a record decided by other rules than the document's says so itself (once the
        # procedures keep a rules version per audit record and read that key)
        if PER_RECORD_RULES:
            for item, r in zip(audit, records, strict=True):
                if r.rules_version is not None and r.rules_version != top:
                    item["rules_version"] = r.rules_version
    doc["audit"] = audit
    return doc


def rebuild(
    identity: Mapping[str, Any],
    records: Sequence[Record],
    *,
    now: Now,
    registry: CentreRegistry | None = None,
) -> Procedure:
    """Replay a stored log through the procedures' rules (the log is the truth).

    Raises:
        HistoryError: The log cannot be replayed (it was not written by these rules).
    """
    return load_procedure(_document(identity, records), clock=now, registry=registry)


def record_of(audit: AuditRecord, *, rules: str | None) -> Record:
    """The register's row of one of the procedure's audit records."""
    return Record(
        seq=audit.seq,
        kind=audit.kind,
        event_id=audit.event_id,
        event=audit.event,
        on=audit.on,
        recorded_at=audit.recorded_at,
        recorded_by=audit.recorded_by,
        data=audit.to_dict()["data"],
        corrects=audit.corrects,
        reason=audit.reason,
        rules_version=rules,
    )


def records_of(procedure: Procedure) -> tuple[Record, ...]:
    """The rows of a procedure's whole audit log (a procedure brought into the register).

    Each record keeps the rules version it was decided by (``AuditRecord.rules_version``
    when the procedure knows it), else the procedure's (``Procedure.rules_version``).
    """
    rules = rules_version_of(procedure)
    return tuple(
        record_of(a, rules=getattr(a, "rules_version", None) or rules)
        for a in procedure.audit_log()
    )


def _next(procedure: Procedure, version: int, made: AuditRecord) -> Record:
    if made.seq != version + 1:
        raise RegisterError(
            Text(
                "error.register.seq_mismatch",
                id=procedure.id,
                seq=made.seq,
                version=version,
                next=version + 1,
            )
        )
    return record_of(made, rules=todays_rules_version(procedure))


def apply_event(
    procedure: Procedure,
    version: int,
    event: str,
    on: object,
    data: Mapping[str, Any],
    *,
    recorded_by: str | None,
) -> Record:
    """Apply one event through the procedure's rules (``Procedure.apply``); the record to store.

    Args:
        procedure: The procedure rebuilt from the log of ``version`` records.
        version: The register's version of it (the new record must be ``version + 1``).
        event: The event's name.
        on: The day it happened.
        data: The event's data.
        recorded_by: Who records it.

    Raises:
        UnknownEventError, IllegalTransitionError, RuleViolationError, EventDateError, ...:
            The procedure refused it (it is left as it was).
    """
    return _next(procedure, version, procedure.apply(event, on, recorded_by=recorded_by, **data))


def correct_event(
    procedure: Procedure,
    version: int,
    event_id: str,
    *,
    on: object,
    reason: str | None,
    data: Mapping[str, Any],
    recorded_by: str | None,
) -> Record:
    """Correct an earlier event (``Procedure.correct``: a new record superseding it).

    Raises:
        CorrectionRefusedError: No such event in effect, or the corrected history breaks a
            rule (the procedure is left as it was).
    """
    made = procedure.correct(event_id, on=on, reason=reason, recorded_by=recorded_by, **data)
    return _next(procedure, version, made)


def retract_event(
    procedure: Procedure,
    version: int,
    event_id: str,
    *,
    reason: str,
    recorded_by: str | None,
) -> Record:
    """Retract an earlier event (``Procedure.retract``: a new record withdrawing it).

    Raises:
        CorrectionRefusedError: No such event in effect, or the history without it breaks a
            rule (the procedure is left as it was).
        InputError: No reason given.
    """
    made = procedure.retract(event_id, reason=reason, recorded_by=recorded_by)
    return _next(procedure, version, made)


def _obligation_row(o: Obligation) -> ObligationRow:
    return ObligationRow(
        step=o.step,
        subject=o.subject,
        title=o.title,
        step_kind=STEPS[o.step].kind,
        due=o.due,
        provisional=o.deadline.provisional,
        responsible=tuple(o.responsible),
        by=o.by,
        points=tuple(o.points),
        explanation=o.deadline.explain(),
    )


def _waiting_row(w: WaitingPeriod) -> ObligationRow:
    # a waiting period is nobody's duty (#9): no responsible roles, ``step_kind`` "waiting",
    # ``due`` its earliest allowed day
    return ObligationRow(
        step=w.step,
        subject=w.subject,
        title=w.title,
        step_kind="waiting",
        due=w.earliest,
        provisional=w.deadline.provisional,
        responsible=(),
        by=f"not before: {', '.join(w.holds)}",
        points=tuple(w.points),
        explanation=w.deadline.explain(),
    )


def _centres(procedure: Procedure) -> tuple[str, ...]:
    names: set[str] = set()
    if isinstance(procedure, TransferProcedure):
        names.update(procedure.willing_centres or ())
        names.update(procedure.approved_centres)
        names.update(procedure.started_centres)
    elif isinstance(procedure, ExclusionProcedure):
        names.update(procedure.centres or ())
    return tuple(sorted(names))


def project(procedure: Procedure) -> Projection:
    """The projection of a procedure: its current state, pending steps and waiting periods.

    Judged on the day of the last effective event (so the projection depends on the log
    alone, never on today): the ``open`` or ``overdue``
    :meth:`~vkac_flow.procedures.base.Procedure.obligations`, then the ``running`` or
    ``elapsed`` :meth:`~vkac_flow.procedures.base.Procedure.waiting_periods` (kept apart:
    ``step_kind`` ``"waiting"``, nobody responsible).
    """
    if not isinstance(procedure, (TransferProcedure, ExclusionProcedure)):
        raise RegisterError(Text("error.register.not_kept", got=type(procedure).__name__))
    last = procedure.last_date
    pending: tuple[ObligationRow, ...] = ()
    if last is not None:
        pending = (
            *(_obligation_row(o) for o in procedure.obligations(last) if o.status in _PENDING),
            *(_waiting_row(w) for w in procedure.waiting_periods(last) if w.status in _WAITING),
        )
    route = procedure.route
    return Projection(
        kind=procedure.FORMAT,
        format_version=procedure.VERSION,
        service=procedure.service.label,
        holder=procedure.service.holder.name,
        initiator=procedure.initiator.name,
        initiator_role=procedure.initiator.kind.value,
        route=str(getattr(route, "value", route)),
        state=procedure.state,
        is_final=procedure.is_final,
        last_on=last,
        identity=identity_of(procedure),
        centres=_centres(procedure),
        obligations=pending,
        rules_version=rules_version_of(procedure),
    )


def project_as_of(
    procedure: Procedure, day: datetime.date, known_at: datetime.datetime | None
) -> tuple[ObligationRow, ...]:
    """The pending steps and running waiting periods of ``procedure`` as of ``day``.

    Replays ``procedure.as_of(day, known_at)`` (the events on or before ``day``, recorded by
    ``known_at``) and judges on ``day``: what the projection would have held then.
    """
    snap = procedure.as_of(day, known_at)
    return (
        *(_obligation_row(o) for o in snap.obligations() if o.status in _PENDING),
        *(_waiting_row(w) for w in snap.waiting_periods() if w.status in _WAITING),
    )


def procedure_as_of(procedure: Procedure, day: datetime.date) -> Procedure:
    """A procedure of the same identity with only its effective events on or before ``day``.

    For the scope ledger, which reads a whole procedure's history (a snapshot is a view).
    """
    doc = {k: v for k, v in procedure.to_dict().items() if k != "state"}
    kept = [e for e in procedure.history if e.date <= day]
    fresh = load_procedure({**doc, "audit": []}, clock=lambda: day)
    for e in kept:
        fresh.apply(e.event, e.date, **plain_data(e.data))
    return fresh


def is_known_format(fmt: object) -> bool:
    """Whether ``fmt`` is a procedure document format the register can keep."""
    return isinstance(fmt, str) and fmt in PROCEDURE_FORMATS
