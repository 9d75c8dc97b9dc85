"""The one place the register talks to the procedures' API.

Everything else in :mod:`vkac_flow.register` sees procedures only through these functions:
rebuild a procedure from its stored identity and log, apply an event (or a correction, a
retraction) through the procedure's own rules, turn what the procedure recorded into
:class:`~vkac_flow.register.records.Record` rows, and compute a procedure's projection.
No rule of the regulation is here: the procedures (``TransferProcedure``,
``ExclusionProcedure``) decide what is accepted.

Today this adapter speaks the document format version 2 of the procedures (history of
``{"event", "date", "data"}`` replayed by
:func:`vkac_flow.procedures.documents.load_procedure`, events applied by their named
methods, ``letter_received(on)`` ...): the register assigns each event its ``event_id``
and ``recorded_at``. When the procedures keep their own audit log (event ids, record
times, corrections and retractions: issue #9), only :func:`rebuild`, :func:`apply_event`,
:func:`correct_event`, :func:`retract_event` and :func:`records_of` change, to the
procedures' ``apply`` / ``correct`` / ``retract`` / ``audit_log()`` and the version-3
documents.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from vkac_flow.errors import RegisterError, RuleViolationError
from vkac_flow.law.centres import CentreRegistry
from vkac_flow.law.steps import STEPS
from vkac_flow.procedures.base import EventRecord, Obligation, ObligationStatus, Procedure
from vkac_flow.procedures.documents import PROCEDURE_FORMATS, load_procedure
from vkac_flow.procedures.exclusion import ExclusionProcedure
from vkac_flow.procedures.transfer import TransferProcedure
from vkac_flow.register.records import ObligationRow, Projection, Record

__all__ = [
    "KINDS",
    "Now",
    "apply_event",
    "correct_event",
    "identity_of",
    "project",
    "rebuild",
    "records_of",
    "retract_event",
]

Now = Callable[[], datetime.datetime]
"""The register's clock: the aware instant of a write (record time)."""

KINDS: Mapping[str, str] = {
    "transfer": TransferProcedure.FORMAT,
    "exclusion": ExclusionProcedure.FORMAT,
}
"""Short names of the procedure kinds (``find(kind="transfer")``) and their formats."""

_PENDING = (ObligationStatus.OPEN, ObligationStatus.OVERDUE)


def identity_of(procedure: Procedure) -> dict[str, Any]:
    """The procedure's identity document: its ``to_dict()`` without the history."""
    doc = procedure.to_dict()
    doc.pop("history", None)
    doc.pop("state", None)
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
        RegisterError: A correction or retraction in the log (needs the time model, #9).
    """
    history = []
    for r in records:
        if r.kind != "event" or r.on is None:
            raise RegisterError(
                f"record #{r.seq} of procedure {identity.get('id')} is a {r.kind}: this "
                "vkac_flow cannot replay corrections yet"
            )
        history.append({"event": r.event, "date": r.on.isoformat(), "data": dict(r.data)})
    return load_procedure({**identity, "history": history}, clock=now, registry=registry)


def _record(event: EventRecord, *, now: Now, recorded_by: str | None) -> Record:
    return Record(
        seq=0,
        kind="event",
        event_id=uuid.uuid4().hex,
        event=event.event,
        on=event.date,
        recorded_at=now(),
        recorded_by=recorded_by,
        data=event.to_dict()["data"],
    )


def records_of(procedure: Procedure, *, now: Now, recorded_by: str | None) -> tuple[Record, ...]:
    """The records of a procedure's history (a procedure brought into the register)."""
    return tuple(_record(e, now=now, recorded_by=recorded_by) for e in procedure.history)


def apply_event(
    procedure: Procedure,
    event: str,
    on: object,
    data: Mapping[str, Any],
    *,
    now: Now,
    recorded_by: str | None,
) -> Record:
    """Apply one event through the procedure's rules; the record to store.

    Raises:
        IllegalTransitionError, RuleViolationError, EventDateError, ...: The procedure
            refused it (it is left as it was).
    """
    spec = procedure.EVENTS.get(event) if isinstance(event, str) else None
    if spec is None:
        raise RuleViolationError(
            f"{event!r} is not an event of a {procedure.FORMAT} procedure; its events: "
            f"{', '.join(procedure.EVENTS)}",
            event=str(event),
            allowed=procedure.allowed_events(),
        )
    unknown = sorted(set(data) - set(spec.params))
    if unknown:
        raise RuleViolationError(
            f"{event}: unknown data {', '.join(unknown)}; it takes "
            f"{', '.join(spec.params) or 'none'}",
            event=event,
            allowed=procedure.allowed_events(),
        )
    getattr(procedure, event)(on, **data)
    return _record(procedure.history[-1], now=now, recorded_by=recorded_by)


def correct_event(
    procedure: Procedure,
    event_id: str,
    *,
    on: object,
    reason: str | None,
    data: Mapping[str, Any],
    now: Now,
    recorded_by: str | None,
) -> Record:
    """Correct an earlier record (a new record superseding it).

    Raises:
        RegisterError: Always, for now: the procedures keep no corrections before #9.
    """
    raise RegisterError(
        f"cannot correct {event_id}: corrections need the procedures' time model "
        "(issue #9), not in this vkac_flow yet"
    )


def retract_event(
    procedure: Procedure,
    event_id: str,
    *,
    reason: str,
    now: Now,
    recorded_by: str | None,
) -> Record:
    """Retract an earlier record (a new record withdrawing it).

    Raises:
        RegisterError: Always, for now: the procedures keep no retractions before #9.
    """
    raise RegisterError(
        f"cannot retract {event_id}: retractions need the procedures' time model "
        "(issue #9), not in this vkac_flow yet"
    )


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
    """The projection of a procedure: its current state and its pending steps.

    The pending steps are those not done when the last event happened (judged on that
    day, so the projection depends on the log alone, never on today): ``open`` or
    ``overdue`` :meth:`~vkac_flow.procedures.base.Procedure.obligations`.
    """
    if not isinstance(procedure, (TransferProcedure, ExclusionProcedure)):
        raise RegisterError(f"not a procedure the register keeps: {type(procedure).__name__}")
    last = procedure.last_date
    pending = (
        ()
        if last is None
        else tuple(_obligation_row(o) for o in procedure.obligations(last) if o.status in _PENDING)
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
    )


def is_known_format(fmt: object) -> bool:
    """Whether ``fmt`` is a procedure document format the register can keep."""
    return isinstance(fmt, str) and fmt in PROCEDURE_FORMATS
