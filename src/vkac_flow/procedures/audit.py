"""The audit log of a procedure and what is done with it: corrections, retractions, snapshots.

The audit log (:class:`~vkac_flow.procedures.records.AuditRecord`) is append-only. A
correction or retraction appends its record, folds the log into the effective history
(:func:`~vkac_flow.procedures.records.effective_events`) and replays it from a blank
procedure through the same rules: refused, changing nothing, if the rules refuse; adopted
whole otherwise. :meth:`Audited.as_of` replays the events of a day and of a moment of
knowledge into a read-only :class:`~vkac_flow.procedures.snapshot.Snapshot`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, TypeVar, cast

import attrs

from vkac_flow.calendar.dates import to_date
from vkac_flow.errors import (
    HistoryError,
    InputError,
    InputTypeError,
    ProcedureError,
    VkacFlowError,
    check_name,
    echo,
    echo_many,
)
from vkac_flow.messages import Text
from vkac_flow.procedures.core import Clock
from vkac_flow.procedures.queries import Queries
from vkac_flow.procedures.reading import MAX_REASON_LENGTH
from vkac_flow.procedures.reasons import reason_of
from vkac_flow.procedures.records import (
    ENTRY_DATA,
    ENTRY_DATE,
    ENTRY_EVENT,
    ENTRY_EVENT_ID,
    ENTRY_RECORDED_AT,
    ENTRY_RECORDED_BY,
    ENTRY_SEQ,
    AuditKind,
    AuditRecord,
    CorrectionRefusedError,
    EventRecord,
    HistoryEntry,
    UnknownEventError,
    effective_events,
    entry_data,
    entry_of,
    event_id_for,
    known_prefix,
    plain_data,
    record_of,
)
from vkac_flow.procedures.snapshot import Snapshot, SnapshotSource

__all__ = ["Audited"]

A = TypeVar("A", bound="Audited")


class Audited(Queries):
    """The audit log, applying events by name, corrections, retractions and snapshots."""

    @property
    def version(self) -> int:
        """The number of audit records (events, corrections, retractions) so far."""
        return len(self._log)

    def audit_log(self) -> tuple[AuditRecord, ...]:
        """The append-only audit log, in recording order (originals stay readable)."""
        return tuple(self._audit_records())

    def apply(
        self, event: str, on: object, *, recorded_by: str | None = None, **data: Any
    ) -> AuditRecord:
        """Apply ``event`` by name, exactly as its method (``p.apply("letter_received", d)``).

        Args:
            event: The event's name (a key of ``EVENTS``).
            on: Its legal date.
            recorded_by: Who records it (kept in the audit log).
            **data: The event's data.

        Returns:
            The new audit record.

        Raises:
            UnknownEventError: ``event`` is not an event of this procedure (lists the
                events allowed now), or ``data`` has keys the event does not take.
            ProcedureError: As the event's method.
        """
        spec = self.EVENTS.get(event) if isinstance(event, str) else None
        if spec is None:
            raise UnknownEventError(
                Text(
                    "error.audit.unknown_event",
                    event=echo(event),
                    kind=type(self).__name__,
                    events=", ".join(self.EVENTS),
                ),
                event=event if isinstance(event, str) else echo(event),
                allowed=self.allowed_events(),
            )
        bad = set(data) - set(spec.params)
        lacking = [k for k in spec.required if k not in data]
        if bad or lacking:
            none = Text("field.audit.none")
            raise UnknownEventError(
                Text(
                    "error.audit.event_data",
                    event=event,
                    unknown=echo_many(sorted(bad)) or none,
                    missing=", ".join(lacking) or none,
                    takes=str(list(spec.params)) if spec.params else none,
                ),
                event=event,
                allowed=self.allowed_events(),
            )
        if recorded_by is not None:
            recorded_by = check_name(recorded_by, "recorded_by")
        self._next_by = recorded_by
        try:
            getattr(self, spec.name)(on, **data)
        finally:
            self._next_by = None
        return self._audit_records(-1)[0]

    def _in_effect(self, event_id: object) -> EventRecord:
        for entry in self._history:
            if entry[ENTRY_EVENT_ID] == event_id:
                return record_of(entry)
        ids = ", ".join(str(e[ENTRY_EVENT_ID]) for e in self._history) or Text("field.audit.none")
        raise CorrectionRefusedError(
            Text("error.audit.not_in_effect", event_id=echo(event_id), ids=ids),
            target=event_id if isinstance(event_id, str) else echo(event_id),
            allowed=self.allowed_events(),
        )

    def correct(
        self,
        event_id: str,
        *,
        on: object = None,
        reason: str | None = None,
        recorded_by: str | None = None,
        **data: Any,
    ) -> AuditRecord:
        """Replace what event ``event_id`` said: its date (``on``) and/or data keys given.

        The correction is appended to the audit log (the original stays readable) and the
        effective history is replayed through the same rules; if the corrected history is
        illegal, nothing changes.

        Returns:
            The new audit record (``kind="correction"``; ``data``: all of the event's data
            after the correction).

        Raises:
            CorrectionRefusedError: No such event in effect, or the corrected history breaks
                a rule (the message names the event and the point).
        """
        target = self._in_effect(event_id)
        spec = self.EVENTS[target.event]
        bad = set(data) - set(spec.params)
        if bad:
            raise CorrectionRefusedError(
                Text(
                    "error.audit.takes_no",
                    event_id=event_id,
                    event=target.event,
                    keys=echo_many(sorted(bad)),
                ),
                target=event_id,
                event=target.event,
                allowed=self.allowed_events(),
            )
        day = target.date if on is None else to_date(on, what="corrected date")
        before = plain_data(target.data)
        merged = {**before, **plain_data(data)}
        if day == target.date and merged == before:
            # an append-only log keeps every record for good: a correction must correct
            raise CorrectionRefusedError(
                Text("error.audit.changes_nothing", event_id=event_id),
                target=event_id,
                event=target.event,
                allowed=self.allowed_events(),
            )
        return self._amend("correction", target, day, merged, reason, recorded_by)

    def retract(self, event_id: str, *, reason: str, recorded_by: str | None = None) -> AuditRecord:
        """Withdraw event ``event_id`` as entered by mistake (audited; refused if illegal).

        Raises:
            CorrectionRefusedError: No such event in effect, or the history without it breaks
                a rule (e.g. retracting the training of a transfer whose material was uploaded
                after it).
        """
        target = self._in_effect(event_id)
        if not isinstance(reason, str) or not reason.strip():
            raise InputError(Text("error.audit.retract_reason"))
        return self._amend("retraction", target, None, {}, reason, recorded_by)

    def _amend(
        self,
        kind: AuditKind,
        target: EventRecord,
        day: datetime.date | None,
        data: dict[str, Any],
        reason: str | None,
        recorded_by: str | None,
    ) -> AuditRecord:
        if reason is not None:
            reason = check_name(reason, "reason", max_length=MAX_REASON_LENGTH)
        if recorded_by is not None:
            recorded_by = check_name(recorded_by, "recorded_by")
        seq = len(self._log) + 1
        record = AuditRecord(
            seq,
            kind,
            event_id_for(seq),
            target.event if kind == "correction" else None,
            day,
            self._recorded_now(),
            recorded_by,
            data,
            target.event_id,
            reason,
        )
        audit = [*self._log, record]
        try:
            fresh = self._replayed(
                map(entry_of, effective_events([*self._audit_records(), record]))
            )
        except ProcedureError as err:
            values = {
                "event_id": target.event_id,
                "event": target.event,
                "on": target.date.isoformat(),
                "reason": reason_of(err),
            }
            if kind == "retraction":
                refusal = Text("error.audit.retraction_refused", **values)
            else:
                refusal = Text("error.audit.correction_refused", **values)
            raise CorrectionRefusedError(
                refusal,
                target=str(target.event_id),
                points=err.points,
                event=err.event,
                allowed=self.allowed_events(),
            ) from err
        if kind == "correction":  # the data as the rules normalised it
            done = next(e for e in fresh._history if e[ENTRY_EVENT_ID] == target.event_id)
            record = attrs.evolve(record, data=plain_data(entry_data(done)))
            audit[-1] = record
        # adopt the replayed procedure whole (the old values stay with nobody)
        self._state = fresh.state
        self._history = fresh._history
        self._facts = fresh._facts
        self._opened = fresh._opened
        self._met = fresh._met
        self._audit = audit
        return record

    def _blank(self: A, clock: Clock | None = None) -> A:
        """A procedure of the same identity, id and context, with no events."""
        cls = type(self)
        return cls._fresh(
            self._identity_to_dict(),
            calendar=self._calendar,
            clock=clock or self._clock,
            procedure_id=self.id,
            registry=self._registry,
        )

    def _replayed(self: A, events: Iterable[HistoryEntry], clock: Clock | None = None) -> A:
        """A blank procedure with ``events`` replayed through the rules (keeping their ids).

        Raises:
            HistoryError: An event cannot be replayed (``where`` it breaks and why).
        """
        fresh = self._blank(clock)
        for entry in events:
            fresh._replay_record(entry)
        return fresh

    def _replay_record(self, entry: HistoryEntry) -> None:
        """Apply the event ``entry`` through its method, keeping its id and recording.

        An error says where it broke.
        """
        event, day = entry[ENTRY_EVENT], entry[ENTRY_DATE]
        self._recording = (
            entry[ENTRY_EVENT_ID] or "",
            entry[ENTRY_RECORDED_AT],
            entry[ENTRY_RECORDED_BY],
            entry[ENTRY_SEQ],
        )
        try:
            getattr(self, self.EVENTS[event].name)(day, **plain_data(dict(entry[ENTRY_DATA])))
        except VkacFlowError as err:
            allowed = err.allowed if isinstance(err, HistoryError) else self.allowed_events()
            text = Text(
                "error.audit.replay",
                event_id=entry[ENTRY_EVENT_ID],
                event=event,
                on=day.isoformat(),
                reason=reason_of(err),
            )
            raise HistoryError(
                text,
                points=err.points,
                event=event,
                allowed=allowed,
            ) from err
        finally:
            self._recording = None

    def as_of(self, day: object, known_at: object = None) -> Snapshot:
        """The procedure as of ``day`` and, with ``known_at``, as known at that instant.

        By definition: the procedure replayed from exactly the effective events with ``on``
        on or before ``day``, folded from the audit records recorded at or before
        ``known_at`` (records of unknown instant count as known). Corrections recorded
        later are not seen; the records they replaced are.

        Args:
            day: The legal date to judge on.
            known_at: An aware datetime, or ``None`` (everything recorded so far).

        Raises:
            NaiveDatetimeError: ``known_at`` is naive.
            InputTypeError: ``known_at`` is not a datetime.
        """
        when = to_date(day, what="as_of")
        if known_at is not None:
            if not isinstance(known_at, datetime.datetime):
                raise InputTypeError(Text("error.audit.known_at", got=type(known_at).__name__))
            to_date(known_at, what="known_at")  # refuses a naive datetime
        audit = known_prefix(self._audit_records(), known_at)
        if known_at is None or len(audit) == len(self._log):
            effective: Iterable[HistoryEntry] = self._history
        else:
            effective = map(entry_of, effective_events(audit))
        fresh = self._replayed(
            [self._as_known_on(e, when) for e in effective if e[ENTRY_DATE] <= when],
            clock=lambda: when,
        )
        # `fresh` is of type(self): at run time always a whole Procedure (with summary, html_body)
        return Snapshot(
            cast(SnapshotSource, fresh), day=when, known_at=known_at, audit=tuple(audit)
        )

    def _as_known_on(self, entry: HistoryEntry, day: datetime.date) -> HistoryEntry:
        """The event ``entry`` as it stood on ``day``: a kind drops the facts dated later.

        An event on or before ``day`` may carry a fact of a later day (the p. 14.1 copy to
        the holder, recorded with the letter); on ``day`` that fact had not happened yet.
        The base keeps every event whole.
        """
        return entry
