"""The core of a procedure: identity, context, the state the events move, the hooks.

:class:`ProcedureCore` holds the fields (state, effective history, step tables, the frozen
facts record of the kind, the audit log) and declares the hooks a procedure kind implements
(``_prepare``, ``_effect``, ``_guard``...). The other parts of a procedure build on it, one
job each: :mod:`vkac_flow.procedures.applying` (an event, all or nothing),
:mod:`vkac_flow.procedures.queries` (obligations, breaches, waiting periods),
:mod:`vkac_flow.procedures.audit` (corrections, snapshots), :mod:`vkac_flow.procedures.codec`
(documents) and :mod:`vkac_flow.procedures.display` (tables, text, HTML).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, Final, TypeVar

import attrs

from vkac_flow.calendar.dates import to_date, today_in_riga
from vkac_flow.calendar.deadline import Deadline
from vkac_flow.calendar.latvian import LatvianCalendar, default_calendar
from vkac_flow.calendar.periods import Months, Period, WorkingDays
from vkac_flow.errors import (
    InputTypeError,
)
from vkac_flow.law.centres import CentreRegistry
from vkac_flow.law.steps import STEPS, Route
from vkac_flow.messages import Text, catalogue, message
from vkac_flow.procedures.ids import check_procedure_id, new_procedure_id
from vkac_flow.procedures.records import (
    ENTRY_DATE,
    ENTRY_EVENT,
    AuditRecord,
    EventRecord,
    HistoryEntry,
    LogEntry,
    entry_data,
    plain_data,
    record_of,
    recording_instant,
)
from vkac_flow.procedures.table import TransitionTable

__all__ = ["Clock", "ProcedureCore"]

P = TypeVar("P", bound="ProcedureCore")

Clock = Callable[[], datetime.date]
"""A function returning today (a date, or an aware datetime: also the recording instant)."""


def _longest_days(period: Period) -> int:
    """An upper bound of the calendar days a step's period can span (see ``_near_end_delta``)."""
    if isinstance(period, Months):
        return 31 * period.n
    if isinstance(period, WorkingDays):
        return 2 * period.n
    return period.n


_NEAR_END_SLACK: Final = 31
"""Days of slack for holidays in :func:`_near_end_delta`."""


@functools.cache
def _near_end_delta() -> datetime.timedelta:
    """How long before the calendar's last date the deadlines an event opens are computed.

    From that day on, an event's deadlines are computed when it is applied (to refuse one
    that would fall after the calendar's last date). Before it, no statutory period can
    reach the last date: a month is at most 31 days, a working day at most 2 calendar days
    on average over a period, plus :data:`_NEAR_END_SLACK` days of slack for holidays. Read
    from :data:`~vkac_flow.law.steps.STEPS` on first use (not at import: issue 14).
    """
    days = max(_longest_days(rule.period) for rule in STEPS.values()) + _NEAR_END_SLACK
    return datetime.timedelta(days=days)


def _audit_record(entry: LogEntry) -> AuditRecord:
    """The audit record of an entry of the log (an event kept as its history entry: built)."""
    if type(entry) is AuditRecord:
        return entry
    assert type(entry) is tuple
    event, day, items, event_id, recorded_at, recorded_by, seq = entry
    return AuditRecord(
        seq,
        "event",
        event_id or "",
        event,
        day,
        recorded_at,
        recorded_by,
        plain_data(dict(items)),
    )


def _said(entry: HistoryEntry) -> tuple[str, datetime.date, Mapping[str, Any]]:
    """What a history entry says, what equality compares: event, date and data (as records)."""
    return entry[ENTRY_EVENT], entry[ENTRY_DATE], entry_data(entry)


# ---------------------------------------------------------------------------- the base


@attrs.define(slots=False, eq=False, kw_only=True)
class ProcedureCore(TransitionTable):
    """The state of a procedure and the hooks a procedure kind implements.

    Identity, context (calendar, clock, registry), the fields the events move (state,
    effective history, step tables, facts, audit log), equality, and the small queries the
    other parts build on. See :class:`vkac_flow.procedures.base.Procedure`.
    """

    FORMAT: ClassVar[str] = ""
    """The ``format`` name of :meth:`to_dict` documents."""
    VERSION: ClassVar[int] = 3
    """The ``version`` of :meth:`to_dict` documents (3: the audit log, with two times)."""
    LEGACY_VERSIONS: ClassVar[frozenset[int]] = frozenset({1, 2})
    """Older versions :meth:`from_dict` still reads: 2 (a ``history`` of events, upcast by
    :func:`~vkac_flow.procedures.reading.upcast_v2`) and 1 (also without an ``id``: a
    deterministic one, :func:`legacy_procedure_id`)."""
    IDENTITY_KEYS: ClassVar[tuple[str, ...]] = ()
    """The top-level keys of :meth:`to_dict` that :meth:`_identity_to_dict` writes."""

    # read-only: private fields behind properties (init arguments calendar, clock,
    # procedure_id); no __setattr__ hook, so setting the private state stays cheap
    _calendar: LatvianCalendar = attrs.field(factory=default_calendar, alias="calendar", repr=False)
    _clock: Clock = attrs.field(default=today_in_riga, alias="clock", repr=False)
    _id: str | None = attrs.field(default=None, alias="procedure_id", repr=False)
    # written only by the machine (Machine(model_attribute="_state")); read through `state`
    _state: str = attrs.field(init=False, default="", repr=False)
    # the effective history, one plain tuple per event (records.HistoryEntry), kept in a
    # plain tuple too: neither it nor its entries are tracked by the garbage collector
    # (issue 14; an event appends by copying the tuple, cheap for the few dozen events a
    # procedure has); read as EventRecord values through `history`
    _history: tuple[HistoryEntry, ...] = attrs.field(init=False, default=(), repr=False)
    _opened: dict[tuple[str, str | None], datetime.date] = attrs.field(
        init=False, factory=dict, repr=False
    )
    _met: dict[tuple[str, str | None], tuple[datetime.date, str]] = attrs.field(
        init=False, factory=dict, repr=False
    )
    # a frozen attrs record per procedure kind (TransferFacts, ExclusionFacts), replaced whole
    # by each event (attrs.evolve): the rollback is one assignment
    _facts: Any = attrs.field(init=False, default=None, repr=False)
    # the append-only audit log: the truth the effective history is folded from. A live
    # event is kept once, as its history entry (the same fields): its AuditRecord is built
    # when the log is read (_audit_records), one object fewer per event (issue 14). None
    # while the log is the history itself (events only, none corrected or retracted): no
    # second list to keep (one object fewer per procedure); read it through _log
    _audit: list[LogEntry] | None = attrs.field(init=False, default=None, repr=False)
    # during a replay: (event_id, recorded_at, recorded_by, seq) of the record being replayed
    _recording: tuple[str, datetime.datetime | None, str | None, int] | None = attrs.field(
        init=False, default=None, repr=False
    )
    _next_by: str | None = attrs.field(init=False, default=None, repr=False)
    # context like calendar and clock: not serialised, not compared (init argument registry)
    _registry: CentreRegistry | None = attrs.field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        """Check calendar, clock and registry; put the procedure in its initial state."""
        if not isinstance(self.calendar, LatvianCalendar):
            raise InputTypeError(Text("error.core.calendar_type", got=type(self.calendar).__name__))
        if not callable(self.clock):
            raise InputTypeError(Text("error.core.clock_type", got=type(self.clock).__name__))
        self._id = new_procedure_id() if self._id is None else check_procedure_id(self._id)
        self._state = type(self).INITIAL
        # from this day on, the deadlines an event opens are checked against the calendar's end
        self._near_end = self._calendar.last_date - _near_end_delta()
        self._init_facts()
        if self._registry is not None:
            self._attach_registry(self._registry)

    @property
    def state(self) -> str:
        """The current state (read-only: only an accepted event moves it)."""
        return self._state

    @property
    def calendar(self) -> LatvianCalendar:
        """The working-day calendar deadlines are counted on (read-only)."""
        return self._calendar

    @property
    def clock(self) -> Clock:
        """Returns today (a date or an aware datetime); later events are refused (read-only)."""
        return self._clock

    @property
    def id(self) -> str:
        """The procedure's id: kept in :meth:`to_dict` documents and compared by ``==``.

        Given as ``procedure_id=`` when the procedure is built, else a random 32-hex-digit id, :func:`new_procedure_id`;
        a version-1 document (before ids) gets :func:`legacy_procedure_id`. The scope
        ledger records a procedure's facts under it.
        """
        assert self._id is not None
        return self._id

    def _today(self) -> datetime.date:
        """The clock's today as a legal date (a datetime counts by its date in Riga)."""
        today = self._clock()
        if type(today) is datetime.date:  # the common case, without the general checks
            return today
        return to_date(today, what="clock")

    @property
    def registry(self) -> CentreRegistry | None:
        """The centre registry centre names are checked against, or ``None`` (no check).

        Context, like :attr:`calendar` and :attr:`clock`: not part of :meth:`to_dict` nor
        of equality; give it again to :meth:`from_dict`. Set it when the procedure is
        built (``propose(..., registry=...)``); it cannot be swapped afterwards.
        """
        return self._registry

    def _attach_registry(self, registry: object) -> None:
        """Use ``registry`` from now on, after checking the identity's centres against it."""
        if not isinstance(registry, CentreRegistry):
            raise InputTypeError(Text("error.core.registry_type", got=type(registry).__name__))
        previous = self._registry
        self._registry = registry
        try:
            self._check_identity_centres()
        except BaseException:
            self._registry = previous
            raise

    def _check_identity_centres(self) -> None:
        """Check the centres of the identity against :attr:`registry` (override if any)."""

    def _init_facts(self) -> None:
        """Set ``self._facts`` to the kind's initial facts record (a frozen attrs value)."""

    def _prepare(self, event: str, day: datetime.date, data: dict[str, Any]) -> dict[str, Any]:
        """Validate ``data`` and check the rules of ``event``; return the normalised data.

        Must not change the procedure. Raise :class:`~vkac_flow.errors.RuleViolationError`
        (or an input error) to refuse the event.
        """
        return data

    def _effect(self, entry: HistoryEntry) -> None:
        """Replace ``self._facts`` by the record with the facts of the accepted event ``entry``.

        ``attrs.evolve`` the frozen record, never mutate it (the rollback keeps the old one).
        """

    def _guard(self, event: str) -> tuple[Text, tuple[str, ...]] | None:
        """Why ``event`` is refused now whatever its data: ``(message, point numbers)``.

        The one statement of the event's data-independent preconditions: ``_prepare`` raises
        it, :meth:`allowed_events` lists only the events it lets through. ``None``: allowed.
        """
        return None

    def _event_permitted(self, event: str) -> bool:
        """Whether ``event``, valid in the current state, is also allowed by the rules now."""
        return self._guard(event) is None

    def _step_subjects(self, step: str, entry: HistoryEntry) -> tuple[str | None, ...]:
        """The subjects for which the event ``entry`` opens ``step`` (``()``: it does not)."""
        return (None,)

    def _step_subject_met(self, step: str, entry: HistoryEntry) -> str | None:
        """The subject of ``step`` that the event ``entry`` meets."""
        return None

    def _route(self) -> Route | None:
        """The route whose points apply (``STEPS`` points by route), or ``None``."""
        return None

    def _select_points(self, numbers: Iterable[str]) -> tuple[str, ...]:
        """The numbers of ``numbers`` that apply to this procedure (default: all)."""
        return tuple(numbers)

    def _by(self, role: str, subject: str | None, lang: str = "en") -> str:
        """A readable name of who must act in ``role`` (for ``subject``), in ``lang``."""
        if f"role.{role}" in catalogue(lang):
            return message(f"role.{role}", lang)
        return role

    def _identity(self) -> tuple[Any, ...]:
        """The values that, with the history, make two procedures equal."""
        return ()

    def _identity_to_dict(self) -> dict[str, Any]:
        """The identity, JSON-safe, under the keys :attr:`IDENTITY_KEYS`."""
        return {}

    @classmethod
    def _from_identity(
        cls: type[P],
        doc: Mapping[str, Any],
        *,
        calendar: LatvianCalendar | None,
        clock: Clock | None,
    ) -> P:
        """Build a fresh procedure from the identity keys of a document."""
        raise NotImplementedError

    def _recorded_now(self) -> datetime.datetime:
        """The recording instant from the clock (:data:`~.records.RECORDED_AT_POLICY`)."""
        return recording_instant(self._clock(), default_clock=self._clock is today_in_riga)

    @classmethod
    def _fresh(
        cls: type[P],
        doc: Mapping[str, Any],
        *,
        calendar: LatvianCalendar | None,
        clock: Clock | None,
        procedure_id: str,
        registry: CentreRegistry | None,
    ) -> P:
        """A procedure with no events, of the identity in ``doc``, the id and the context given."""
        proc = cls._from_identity(doc, calendar=calendar, clock=clock)
        proc._id = procedure_id  # no event yet: the id is part of the identity
        if registry is not None:
            proc._attach_registry(registry)
        return proc

    def _audit_records(self, start: int = 0) -> list[AuditRecord]:
        """The audit log (from index ``start``) as :class:`AuditRecord` values, in order."""
        return [_audit_record(r) for r in self._log[start:]]

    @property
    def _log(self) -> Sequence[LogEntry]:
        """The audit log, read-only: the history itself while no event is corrected."""
        audit = self._audit
        return self._history if audit is None else audit

    @property
    def steps_met(self) -> Mapping[tuple[str, str | None], tuple[datetime.date, str]]:
        """The statutory steps met so far: ``(step, subject)`` -> ``(day, event)`` (read-only).

        The documented face of the step tables for subclasses and projections.
        """
        return MappingProxyType(self._met)

    @property
    def steps_opened(self) -> Mapping[tuple[str, str | None], datetime.date]:
        """The statutory steps opened so far: ``(step, subject)`` -> day (read-only, in order)."""
        return MappingProxyType(self._opened)

    @property
    def history(self) -> tuple[EventRecord, ...]:
        """The accepted events, in order (built from the history's entries)."""
        return tuple(map(record_of, self._history))

    @property
    def is_final(self) -> bool:
        """Whether the procedure has reached a final state."""
        return self.state in self.FINAL_STATES

    @property
    def last_date(self) -> datetime.date | None:
        """The date of the last accepted event, or ``None``."""
        history = self._history
        return history[-1][ENTRY_DATE] if history else None

    def allowed_events(self) -> tuple[str, ...]:
        """The events the procedure accepts now (by state and by the rules), in table order."""
        if self.is_final:
            return ()
        sources = self._sources()
        return tuple(
            name
            for name in self.EVENTS
            if self.state in sources.get(name, ()) and self._event_permitted(name)
        )

    def _points(self, *numbers: str) -> tuple[str, ...]:
        """Citations (``"p. 13.2.1"``) of the numbers that apply to this procedure."""
        return tuple(f"p. {n}" for n in self._select_points(numbers))

    def _step_points(self, step: str) -> tuple[str, ...]:
        return STEPS[step].points_for(self._route())

    def _deadline(self, step: str, start: datetime.date, subject: str | None = None) -> Deadline:
        # subject: for a kind that counts a step on its responsible party's calendar (transfer)
        rule = STEPS[step]
        return self._calendar.deadline(start, rule.period, basis=self._step_points(step))

    def __eq__(self, other: object) -> bool:
        """Same class, id, identity and history (calendar, clock, registry do not count).

        Two procedures with different ids are different procedures, even with the same
        service, initiator and events (two exclusions of one service from different
        centres, say); a procedure and its :meth:`from_dict` replay are equal.
        """
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, ProcedureCore)
        return (
            self._id == other._id
            and self._identity() == other._identity()
            and list(map(_said, self._history)) == list(map(_said, other._history))
            and self._audit_records() == other._audit_records()
        )

    __hash__ = None  # type: ignore[assignment]
