"""The reusable base of the procedures of p. 12-16: audit log, rules, time, replay.

A procedure (the transfer of p. 12-15, the exclusion of p. 16) is a state machine driven by
dated events. :class:`Procedure` gives every procedure the same machinery, in parts:

* :mod:`vkac_flow.procedures.declarations` -- the :class:`Transition` rows, :class:`EventSpec`
  and :class:`Rule` a subclass declares; one shared ``transitions`` ``Machine`` per subclass
  (built once, never per instance: the procedure object is the model);
* :mod:`vkac_flow.procedures.records` -- the append-only audit log (:class:`AuditRecord`:
  events, corrections, retractions, each with ``on`` and ``recorded_at``) and the effective
  history it folds into (:class:`EventRecord`);
* :mod:`vkac_flow.procedures.projections` -- obligations, breaches and waiting periods as of
  a day, pure functions of the steps opened and met;
* :mod:`vkac_flow.procedures.snapshot` -- the read-only view :meth:`Procedure.as_of`;
* :mod:`vkac_flow.procedures.centre_names` -- the centre-name policy and its error;
* this module -- the procedure itself: applying an event (**transactional**: checked
  completely before anything changes, restored if anything still fails), corrections
  (replayed through the same rules, refused when illegal), and the document reader/writer
  (**serialisation by replay**).

Statutory deadlines are read from :data:`vkac_flow.law.steps.STEPS`: an event opens the steps
whose ``opened_by`` it is and meets those whose ``met_by`` lists it; late acts are accepted
and reported as breaches.

Centres: a procedure may be given a :class:`~vkac_flow.law.centres.CentreRegistry`
(``registry=``). It is context, like the calendar and the clock: not serialised, not compared.
With it, every centre named in an event must be registered (p. 2.1), else the event is refused
with :class:`UnregisteredCentreError`, which suggests close registered names.

Dates: every event date goes through :func:`vkac_flow.calendar.dates.to_date` and must lie on or
after the previous event, on or after the day the regulation entered into force
(2017-07-01, p. 25) and on or before the procedure's clock (default: today in Riga). The
clock may return a date or an aware datetime; the recording instant ``recorded_at`` comes from
it too (:data:`~vkac_flow.procedures.records.RECORDED_AT_POLICY`). An event whose statutory
deadlines would fall after the calendar's last date is refused
(:class:`~vkac_flow.errors.EventDateError`), so every accepted event can be counted.

Identity: every procedure has an :attr:`~Procedure.id` (:func:`new_procedure_id`, or the
caller's ``procedure_id=``), written in its document and compared by ``==``.

Errors: every refusal of an event is a :class:`~vkac_flow.errors.ProcedureError` with
``event``, ``allowed`` and ``points``, except a date that is no date at all (a naive datetime
or a malformed string). A value of the wrong type in an event raises
:class:`~vkac_flow.errors.EventInputTypeError`; a value that cannot be used a
:class:`~vkac_flow.errors.RuleViolationError`.

A subclass declares ``FORMAT``, ``VERSION``, ``STATES``, ``INITIAL``, ``FINAL_STATES``,
``TRANSITIONS``, ``EVENTS``, ``STEP_KEYS`` and implements a few hooks; see
``docs/architecture.md`` (how an event flows to the audit trail) and
:mod:`vkac_flow.procedures.transfer` for a full example.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Final, TypeVar

import attrs
from transitions import Machine

from vkac_flow.calendar.dates import to_date, today_in_riga
from vkac_flow.calendar.deadline import Deadline
from vkac_flow.calendar.latvian import LatvianCalendar, default_calendar
from vkac_flow.calendar.periods import Months, Period, WorkingDays
from vkac_flow.errors import (
    DateOutOfRangeError,
    EventDateError,
    EventInputTypeError,
    HistoryError,
    IllegalTransitionError,
    InputError,
    InputTypeError,
    ProcedureError,
    RuleViolationError,
    VkacFlowError,
)
from vkac_flow.law.centres import CentreRegistry
from vkac_flow.law.regulation import REGULATION_IN_FORCE, cite
from vkac_flow.law.steps import STEPS, Route
from vkac_flow.procedures.centre_names import (
    CENTRE_NAMES_POLICY,
    UnregisteredCentreError,
    close_centre_names,
)
from vkac_flow.procedures.declarations import EventSpec, Rule, Transition
from vkac_flow.procedures.projections import (
    Breach,
    Obligation,
    ObligationStatus,
    WaitingPeriod,
    WaitingStatus,
    project,
)
from vkac_flow.procedures.records import (
    AuditKind,
    AuditRecord,
    CorrectionRefusedError,
    EventRecord,
    UnknownEventError,
    audit_record_from_dict,
    effective_events,
    event_id_for,
    known_prefix,
    recording_instant,
    upcast_v2,
)
from vkac_flow.procedures.snapshot import Snapshot
from vkac_flow.procedures.timeline import Timeline

__all__ = [
    "CENTRE_NAMES_POLICY",
    "AuditRecord",
    "Breach",
    "CorrectionRefusedError",
    "EventRecord",
    "EventSpec",
    "Obligation",
    "ObligationStatus",
    "Procedure",
    "Rule",
    "Snapshot",
    "Transition",
    "UnknownEventError",
    "UnregisteredCentreError",
    "WaitingPeriod",
    "WaitingStatus",
    "close_centre_names",
    "legacy_procedure_id",
    "new_procedure_id",
]

P = TypeVar("P", bound="Procedure")

Clock = Callable[[], datetime.date]
"""A function returning today (a date, or an aware datetime: also the recording instant)."""


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    """Event data, JSON-safe: tuples as lists."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


# ---------------------------------------------------------------------------- ids, documents

_ID_MAX: Final = 200
_ISO_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""The only date form :meth:`Procedure.to_dict` writes (and :meth:`Procedure.from_dict` reads)."""


def new_procedure_id() -> str:
    """A new random procedure id: 32 hex digits (128 random bits, from :func:`os.urandom`).

    >>> len(new_procedure_id()), new_procedure_id() != new_procedure_id()
    (32, True)
    """
    return os.urandom(16).hex()


def _check_procedure_id(value: object) -> str:
    """``value`` if it can be a procedure id: a printable string without surrounding spaces."""
    if not isinstance(value, str):
        raise InputTypeError(f"procedure_id must be a string, got {type(value).__name__}")
    if not value or value != value.strip() or not value.isprintable() or len(value) > _ID_MAX:
        raise InputError(
            f"procedure_id {value!r}: expected 1-{_ID_MAX} printable characters, without "
            "surrounding whitespace"
        )
    return value


def legacy_procedure_id(doc: Mapping[str, Any], identity_keys: Iterable[str]) -> str:
    """The id a version-1 document (written before procedures had ids) gets when read.

    Deterministic: ``"v1-"`` and 32 hex digits of a SHA-256 of the document's format, its
    identity (``identity_keys``) and its first event. So the same procedure read again --
    also later, with more events -- gets the same id (the scope ledger recognises it), and
    two procedures differing in identity or first event get different ids. Two version-1
    documents that agree on all of that get the same id: they describe the same procedure
    as far as the document can tell.

    Args:
        doc: The version-1 document.
        identity_keys: The identity keys of its class (``IDENTITY_KEYS``).
    """
    history = doc.get("history")
    first = history[0] if isinstance(history, list) and history else None
    content = {
        "format": doc.get("format"),
        "identity": {k: doc.get(k) for k in identity_keys},
        "first": first,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=repr)
    return "v1-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


_MISSING: Final = object()


def _json_text(value: object) -> str:
    """Canonical JSON text of a document value (for exact comparisons)."""
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _as_written(given: object, recorded: object) -> bool:
    """Whether ``given`` (from a document) is what ``EventRecord.to_dict`` writes for ``recorded``.

    ``recorded`` is a value of a history record; a tuple is written as a list.
    """
    if type(recorded) is tuple:
        # equal, and of the same types item by item (1 == True, but 1 is not written as true)
        return (
            type(given) is list
            and tuple(given) == recorded
            and list(map(type, given)) == list(map(type, recorded))
        )
    return type(given) is type(recorded) and given == recorded


def _longest_days(period: Period) -> int:
    """An upper bound of the calendar days a step's period can span (see ``_NEAR_END``)."""
    if isinstance(period, Months):
        return 31 * period.n
    if isinstance(period, WorkingDays):
        return 2 * period.n
    return period.n


_NEAR_END: Final = max(_longest_days(rule.period) for rule in STEPS.values()) + 31
"""Days before the calendar's last date from which the deadlines an event opens are computed
when it is applied (to refuse one that would fall after the last date). Before that, no
statutory period can reach the last date: a month is at most 31 days, a working day at most
2 calendar days on average over a period, plus 31 days of slack for holidays."""
_NEAR_END_DELTA: Final = datetime.timedelta(days=_NEAR_END)


# ---------------------------------------------------------------------------- the base

_ROLE_LABELS = {
    "ministry": "ministry",
    "service_holder": "service holder",
    "municipality": "municipality",
    "initiator": "initiator",
}


@attrs.define(slots=False, eq=False, kw_only=True)
class Procedure:
    """Base class of a procedure driven by dated events (see the module docstring).

    Attributes:
        calendar: The working-day calendar deadlines are counted on (read-only).
        clock: Returns today's date (a date or an aware datetime); an event dated after it is
            refused (read-only).
        state: The current state (read-only: set by the machine).
        id: The procedure's id (read-only; init argument ``procedure_id``, default
            :func:`new_procedure_id`).
        registry: The centre registry the centre names of events are checked against
            (:attr:`registry`; init argument ``registry``), or ``None``: no check.
    """

    FORMAT: ClassVar[str] = ""
    """The ``format`` name of :meth:`to_dict` documents."""
    VERSION: ClassVar[int] = 3
    """The ``version`` of :meth:`to_dict` documents (3: the audit log, with two times)."""
    LEGACY_VERSIONS: ClassVar[frozenset[int]] = frozenset({1, 2})
    """Older versions :meth:`from_dict` still reads: 2 (a ``history`` of events, upcast by
    :func:`~vkac_flow.procedures.records.upcast_v2`) and 1 (also without an ``id``: a
    deterministic one, :func:`legacy_procedure_id`)."""
    STATES: ClassVar[tuple[str, ...]] = ()
    """All states, in display order."""
    INITIAL: ClassVar[str] = ""
    """The initial state."""
    FINAL_STATES: ClassVar[frozenset[str]] = frozenset()
    """States after which nothing is accepted."""
    TRANSITIONS: ClassVar[tuple[Transition, ...]] = ()
    """The transition table."""
    EVENTS: ClassVar[Mapping[str, EventSpec]] = {}
    """The events the procedure accepts (the replay whitelist)."""
    STEP_KEYS: ClassVar[tuple[str, ...]] = ()
    """The statutory steps (keys of :data:`~vkac_flow.law.steps.STEPS`) the procedure tracks."""
    IDENTITY_KEYS: ClassVar[tuple[str, ...]] = ()
    """The top-level keys of :meth:`to_dict` that :meth:`_identity_to_dict` writes."""

    # read-only: private fields behind properties (init arguments calendar, clock,
    # procedure_id); no __setattr__ hook, so setting the private state stays cheap
    _calendar: LatvianCalendar = attrs.field(factory=default_calendar, alias="calendar", repr=False)
    _clock: Clock = attrs.field(default=today_in_riga, alias="clock", repr=False)
    _id: str | None = attrs.field(default=None, alias="procedure_id", repr=False)
    # written only by the machine (Machine(model_attribute="_state")); read through `state`
    _state: str = attrs.field(init=False, default="", repr=False)
    _history: list[EventRecord] = attrs.field(init=False, factory=list, repr=False)
    _opened: dict[tuple[str, str | None], datetime.date] = attrs.field(
        init=False, factory=dict, repr=False
    )
    _met: dict[tuple[str, str | None], tuple[datetime.date, str]] = attrs.field(
        init=False, factory=dict, repr=False
    )
    # a frozen attrs record per procedure kind (TransferFacts, ExclusionFacts), replaced whole
    # by each event (attrs.evolve): the rollback is one assignment
    _facts: Any = attrs.field(init=False, default=None, repr=False)
    # the append-only audit log: the truth the effective history is folded from
    _audit: list[AuditRecord] = attrs.field(init=False, factory=list, repr=False)
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
            raise InputTypeError(
                f"calendar must be a LatvianCalendar, got {type(self.calendar).__name__}"
            )
        if not callable(self.clock):
            raise InputTypeError(f"clock must be callable, got {type(self.clock).__name__}")
        self._id = new_procedure_id() if self._id is None else _check_procedure_id(self._id)
        self._state = type(self).INITIAL
        # from this day on, the deadlines an event opens are checked against the calendar's end
        self._near_end = self._calendar.last_date - _NEAR_END_DELTA
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

    # ------------------------------------------------------------------ centre registry

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
            raise InputTypeError(
                f"registry must be a CentreRegistry or None, got {type(registry).__name__}"
            )
        previous = self._registry
        self._registry = registry
        try:
            self._check_identity_centres()
        except BaseException:
            self._registry = previous
            raise

    def _check_identity_centres(self) -> None:
        """Check the centres of the identity against :attr:`registry` (override if any)."""

    def _require_registered(
        self, names: Iterable[str], *, event: str | None, numbers: Iterable[str]
    ) -> None:
        """Refuse any of ``names`` that :attr:`registry` does not hold (none without one).

        Args:
            names: Cleaned (stripped) centre names.
            event: The event they come with, or ``None`` (the identity).
            numbers: The points of the event (bare numbers; filtered by route), cited after
                p. 2.1.

        Raises:
            UnregisteredCentreError: A name is not registered; the message suggests close
                registered names (:data:`CENTRE_NAMES_POLICY`).
        """
        registry = self._registry
        if registry is None:
            return
        unknown = [n for n in names if n not in registry]
        if not unknown:
            return
        points = tuple(dict.fromkeys((*cite("2.1"), *self._points(*numbers))))
        suggestions = {n: close_centre_names(n, registry) for n in unknown}

        def hint(name: str) -> str:
            close = suggestions[name]
            if not close:
                return "no registered name is close"
            return f"did you mean {' or '.join(map(repr, close))}?"

        if len(unknown) == 1:
            hints = hint(unknown[0])
        else:
            hints = "; ".join(f"{n!r}: {hint(n)}" for n in unknown)
        if not hints.endswith("?"):
            hints += "."
        label = "no centre named" if len(unknown) == 1 else "no centres named"
        what = event if event is not None else "centres"
        raise UnregisteredCentreError(
            f"{what}: {label} {', '.join(map(repr, unknown))} in the centre registry "
            f"({len(registry)} centres; {', '.join(points)}); {hints}",
            names=unknown,
            suggestions=suggestions,
            points=points,
            event=event,
            allowed=self.allowed_events() if event is not None else (),
        )

    # ------------------------------------------------------------------ hooks (override)

    def _init_facts(self) -> None:
        """Set ``self._facts`` to the kind's initial facts record (a frozen attrs value)."""

    def _prepare(self, event: str, day: datetime.date, data: dict[str, Any]) -> dict[str, Any]:
        """Validate ``data`` and check the rules of ``event``; return the normalised data.

        Must not change the procedure. Raise :class:`~vkac_flow.errors.RuleViolationError`
        (or an input error) to refuse the event.
        """
        return data

    def _effect(self, record: EventRecord) -> None:
        """Replace ``self._facts`` by the record with the facts of an accepted event.

        ``attrs.evolve`` the frozen record, never mutate it (the rollback keeps the old one).
        """

    def _guard(self, event: str) -> tuple[str, tuple[str, ...]] | None:
        """Why ``event`` is refused now whatever its data: ``(message, point numbers)``.

        The one statement of the event's data-independent preconditions: ``_prepare`` raises
        it, :meth:`allowed_events` lists only the events it lets through. ``None``: allowed.
        """
        return None

    def _event_permitted(self, event: str) -> bool:
        """Whether ``event``, valid in the current state, is also allowed by the rules now."""
        return self._guard(event) is None

    def _step_subjects(self, step: str, record: EventRecord) -> tuple[str | None, ...]:
        """The subjects for which ``record`` opens ``step`` (``()``: it does not open it)."""
        return (None,)

    def _step_subject_met(self, step: str, record: EventRecord) -> str | None:
        """The subject of ``step`` that ``record`` meets."""
        return None

    def _route(self) -> Route | None:
        """The route whose points apply (``STEPS`` points by route), or ``None``."""
        return None

    def _select_points(self, numbers: Iterable[str]) -> tuple[str, ...]:
        """The numbers of ``numbers`` that apply to this procedure (default: all)."""
        return tuple(numbers)

    def _by(self, role: str, subject: str | None) -> str:
        """A readable name of who must act in ``role`` (for ``subject``)."""
        return _ROLE_LABELS.get(role, role)

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

    # ------------------------------------------------------------------ the machine

    @classmethod
    def _machine(cls) -> Machine:
        """The shared ``transitions`` machine of the class (built on first use)."""
        machine = cls.__dict__.get("_machine_cache")
        if machine is None:
            machine = Machine(
                model=None,
                states=list(cls.STATES),
                initial=cls.INITIAL,
                transitions=[
                    {
                        "trigger": t.trigger,
                        "source": list(t.source),
                        "dest": t.dest,
                        **({"conditions": [t.condition]} if t.condition else {}),
                    }
                    for t in cls.TRANSITIONS
                ],
                auto_transitions=False,
                ignore_invalid_triggers=False,
                # the machine writes the private `_state`; users read the property `state`
                model_attribute="_state",
            )
            cls._machine_cache = machine  # type: ignore[attr-defined]
        return machine

    @classmethod
    def _sources(cls) -> dict[str, frozenset[str]]:
        """Event -> states it is valid in (cached per class)."""
        table = cls.__dict__.get("_sources_cache")
        if table is None:
            acc: dict[str, set[str]] = {}
            for t in cls.TRANSITIONS:
                acc.setdefault(t.trigger, set()).update(t.source)
            table = {k: frozenset(v) for k, v in acc.items()}
            cls._sources_cache = table  # type: ignore[attr-defined]
        return table

    @classmethod
    def transition_points(cls, event: str) -> tuple[str, ...]:
        """The points (bare numbers) of every row of ``event`` in the transition table."""
        out: list[str] = []
        for t in cls.TRANSITIONS:
            if t.trigger == event:
                out.extend(p for p in t.points if p not in out)
        return tuple(out)

    @classmethod
    def state_diagram(cls) -> str:
        """The transition table as a mermaid ``stateDiagram-v2`` (for the docs).

        Edges are labelled ``trigger (p. ...)``; final states lead to ``[*]``.
        """
        lines = ["stateDiagram-v2", f"    [*] --> {cls.INITIAL}"]
        seen: set[tuple[str, str, str]] = set()
        for t in cls.TRANSITIONS:
            label = t.label or t.trigger
            if t.points:
                label += " (p. " + ", ".join(t.points) + ")"
            for src in t.source:
                edge = (src, t.dest, label)
                if edge in seen:
                    continue
                seen.add(edge)
                lines.append(f"    {src} --> {t.dest} : {label}")
        lines.extend(f"    {s} --> [*]" for s in cls.STATES if s in cls.FINAL_STATES)
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ queries

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
        """The accepted events, in order."""
        return tuple(self._history)

    @property
    def is_final(self) -> bool:
        """Whether the procedure has reached a final state."""
        return self.state in self.FINAL_STATES

    @property
    def last_date(self) -> datetime.date | None:
        """The date of the last accepted event, or ``None``."""
        return self._history[-1].date if self._history else None

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

    def _deadline(self, step: str, start: datetime.date) -> Deadline:
        rule = STEPS[step]
        return self._calendar.deadline(start, rule.period, basis=self._step_points(step))

    def deadlines(self) -> dict[str, Deadline]:
        """Every deadline the events so far have opened, keyed ``step`` or ``step/subject``."""
        counted: dict[tuple[str, datetime.date], Deadline] = {}  # many subjects, one count
        out: dict[str, Deadline] = {}
        for (step, subject), start in self._opened.items():
            deadline = counted.get((step, start))
            if deadline is None:
                deadline = counted[(step, start)] = self._deadline(step, start)
            out[step if subject is None else f"{step}/{subject}"] = deadline
        return out

    def _project(
        self, day: datetime.date
    ) -> tuple[tuple[Obligation, ...], tuple[WaitingPeriod, ...], tuple[Breach, ...]]:
        """:func:`~vkac_flow.procedures.projections.project` of this procedure on ``day``."""
        last = self._history[-1] if self._history else None
        closed = last if self.is_final and last is not None and last.date <= day else None
        return project(
            opened=self._opened,
            met=self._met,
            day=day,
            closed=closed,
            deadline=self._deadline,
            by=self._by,
            points=self._step_points,
            calendar=self._calendar,
        )

    def obligations(self, as_of: object = None) -> tuple[Obligation, ...]:
        """What parties must do, by whom, by when, and where it stands, as of a day.

        Only what happened on or before ``as_of`` counts: a step opened by a later event is
        not listed, a step met after ``as_of`` is still ``open`` (or ``overdue``) as of that
        day, and the procedure counts as ended only if its final event is on or before it.
        Waiting periods (p. 16 notice) are not duties: see :meth:`waiting_periods`.

        Args:
            as_of: The day to judge on (default: the clock's today). A step not done by then
                is ``overdue`` if its due date has passed, else ``open``.

        Returns:
            One :class:`Obligation` per step (and subject) opened by ``as_of``, in the order
            opened. Equal to ``as_of(day).obligations()``.
        """
        day = self._today() if as_of is None else to_date(as_of, what="as_of")
        return self._project(day)[0]

    def waiting_periods(self, as_of: object = None) -> tuple[WaitingPeriod, ...]:
        """The waiting periods opened by ``as_of`` (default today): earliest allowed days.

        A waiting period (kind ``waiting``: the p. 16 notice, one month from informing the
        committee) constrains when an event may happen; it is nobody's duty, so it is never
        among :meth:`obligations`.
        """
        day = self._today() if as_of is None else to_date(as_of, what="as_of")
        return self._project(day)[1]

    def breaches(self, as_of: object = None) -> tuple[Breach, ...]:
        """The statutory periods not respected, as of a day (default: the last event's day).

        Late acts, early acts (``waiting`` steps, where the rules let them happen) and steps
        left undone when the procedure ended after their due date. About the legal date
        ``on`` only: an event recorded late but dated in time is no breach.

        A step that is merely overdue (not done yet, procedure still running) is reported by
        :meth:`obligations` as ``overdue``, not here: it becomes a breach when it is done
        late or the procedure ends.
        """
        last = self.last_date
        if as_of is not None:
            day = to_date(as_of, what="as_of")
        else:
            day = last if last is not None else self._today()
        obligations, _, early = self._project(day)
        found = [Breach(o) for o in obligations if o.status.is_breach]
        return (*found, *early)

    # ------------------------------------------------------------------ audit, time

    @property
    def version(self) -> int:
        """The number of audit records (events, corrections, retractions) so far."""
        return len(self._audit)

    def audit_log(self) -> tuple[AuditRecord, ...]:
        """The append-only audit log, in recording order (originals stay readable)."""
        return tuple(self._audit)

    def _recorded_now(self) -> datetime.datetime:
        """The recording instant from the clock (:data:`~.records.RECORDED_AT_POLICY`)."""
        return recording_instant(self._clock(), default_clock=self._clock is today_in_riga)

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
                f"unknown event {event!r} for {type(self).__name__} "
                f"(events: {', '.join(self.EVENTS)})",
                event=event if isinstance(event, str) else repr(event),
                allowed=self.allowed_events(),
            )
        bad = set(data) - set(spec.params)
        if bad:
            raise UnknownEventError(
                f"{event}: unknown data {sorted(bad)} (takes {list(spec.params) or 'none'})",
                event=event,
                allowed=self.allowed_events(),
            )
        if recorded_by is not None and not isinstance(recorded_by, str):
            raise InputTypeError(f"recorded_by must be a string, got {type(recorded_by).__name__}")
        self._next_by = recorded_by
        try:
            getattr(self, spec.name)(on, **data)
        finally:
            self._next_by = None
        return self._audit[-1]

    def _in_effect(self, event_id: object) -> EventRecord:
        for r in self._history:
            if r.event_id == event_id:
                return r
        ids = ", ".join(str(r.event_id) for r in self._history) or "none"
        raise CorrectionRefusedError(
            f"no event {event_id!r} in effect (in effect: {ids})",
            target=str(event_id),
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
                f"correction of {event_id}: {target.event} takes no {sorted(bad)}",
                target=event_id,
                event=target.event,
                allowed=self.allowed_events(),
            )
        day = target.date if on is None else to_date(on, what="corrected date")
        merged = {**_plain(target.data), **_plain(data)}
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
            raise InputError("retract: give the reason (a non-empty string)")
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
        for name, value in (("reason", reason), ("recorded_by", recorded_by)):
            if value is not None and not isinstance(value, str):
                raise InputTypeError(f"{name} must be a string, got {type(value).__name__}")
        seq = len(self._audit) + 1
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
        audit = [*self._audit, record]
        try:
            fresh = self._replayed(effective_events(audit))
        except ProcedureError as err:
            what = "retraction" if kind == "retraction" else "correction"
            raise CorrectionRefusedError(
                f"{what} of {target.event_id} ({target.event} on {target.date.isoformat()}) "
                f"refused, nothing changed: {err.reason}",
                target=str(target.event_id),
                points=err.points,
                event=err.event,
                allowed=self.allowed_events(),
            ) from err
        if kind == "correction":  # the data as the rules normalised it
            done = next(r for r in fresh._history if r.event_id == target.event_id)
            record = attrs.evolve(record, data=_plain(done.data))
            audit[-1] = record
        self._state, self._history, self._facts = fresh._state, fresh._history, fresh._facts
        self._opened, self._met, self._audit = fresh._opened, fresh._met, audit
        return record

    def _blank(self: P, clock: Clock | None = None) -> P:
        """A procedure of the same identity, id and context, with no events."""
        fresh = type(self)._from_identity(
            self._identity_to_dict(), calendar=self._calendar, clock=clock or self._clock
        )
        fresh._id = self._id
        if self._registry is not None:
            fresh._attach_registry(self._registry)
        return fresh

    def _replayed(self: P, events: Iterable[EventRecord], clock: Clock | None = None) -> P:
        """A blank procedure with ``events`` replayed through the rules (keeping their ids).

        Raises:
            HistoryError: An event cannot be replayed (``where`` it breaks and why).
        """
        fresh = self._blank(clock)
        for r in events:
            fresh._replay_record(r, r.data)
        return fresh

    def _replay_record(self, r: EventRecord, data: Mapping[str, Any]) -> None:
        """Apply ``r`` through its method, keeping its id and recording (an error says where)."""
        where = f"event {r.event_id} ({r.event} on {r.date.isoformat()})"
        self._recording = (r.event_id or "", r.recorded_at, r.recorded_by, r.seq)
        try:
            getattr(self, self.EVENTS[r.event].name)(r.date, **_plain(data))
        except VkacFlowError as err:
            allowed = err.allowed if isinstance(err, HistoryError) else self.allowed_events()
            reason = err.reason if isinstance(err, ProcedureError) else str(err)
            raise HistoryError(
                f"{where} cannot be replayed: {reason}",
                points=err.points,
                event=r.event,
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
                raise InputTypeError(
                    f"known_at must be an aware datetime, got {type(known_at).__name__}"
                )
            to_date(known_at, what="known_at")  # refuses a naive datetime
        audit = known_prefix(self._audit, known_at)
        if known_at is None or len(audit) == len(self._audit):
            effective: Iterable[EventRecord] = self._history
        else:
            effective = effective_events(audit)
        fresh = self._replayed([r for r in effective if r.date <= when], clock=lambda: when)
        return Snapshot(fresh, day=when, known_at=known_at, audit=tuple(audit))

    def timeline_or_none(self) -> Timeline | None:
        """The projected timeline (a transfer's), or ``None`` for a procedure without one."""
        return None

    # ------------------------------------------------------------------ applying events

    @staticmethod
    def _with_points(message: str, points: Iterable[str]) -> str:
        """``message`` with the citations it does not already contain appended."""
        missing = [p for p in points if p not in message]
        return f"{message} [{', '.join(missing)}]" if missing else message

    def _illegal(self, event: str, why: str) -> IllegalTransitionError:
        points = self._points(*self.transition_points(event))
        return IllegalTransitionError(
            self._with_points(why, points),
            points=points,
            event=event,
            allowed=self.allowed_events(),
        )

    def _check_date(self, event: str, when: object) -> datetime.date:
        try:
            day = to_date(when, what=f"{event} date")
        except InputTypeError as err:  # not a date at all: with the event's context
            points = err.points or self._points(*self.transition_points(event))
            raise EventInputTypeError(
                self._with_points(err.message, points),
                points=points,
                event=event,
                allowed=self.allowed_events(),
            ) from err
        if day < REGULATION_IN_FORCE:
            raise EventDateError(
                f"{event} dated {day.isoformat()}: before the regulation entered into force "
                f"on {REGULATION_IN_FORCE.isoformat()} (p. 25)",
                points=("p. 25",),
                event=event,
                allowed=self.allowed_events(),
            )
        today = self._clock()
        if type(today) is not datetime.date:  # inlined _today(): a datetime, or a bad value
            today = to_date(today, what="clock")
        if day > today:
            raise EventDateError(
                f"{event} dated {day.isoformat()}: in the future (today is {today.isoformat()})",
                event=event,
                allowed=self.allowed_events(),
            )
        last = self.last_date
        if last is not None and day < last:
            raise EventDateError(
                f"{event} dated {day.isoformat()}: before the previous event "
                f"({self._history[-1].event} on {last.isoformat()}); events are recorded in order",
                event=event,
                allowed=self.allowed_events(),
            )
        if day > self._calendar.last_date:
            raise EventDateError(
                f"{event} dated {day.isoformat()}: past the calendar's last date "
                f"{self._calendar.last_date.isoformat()}",
                event=event,
                allowed=self.allowed_events(),
            )
        return day

    def _apply(self, event: str, when: object, data: dict[str, Any]) -> EventRecord:
        """Check and apply one event, all or nothing.

        Order of checks: the state (final, or the event not valid in it:
        :class:`~vkac_flow.errors.IllegalTransitionError`), the date (the errors of
        :func:`~vkac_flow.calendar.dates.to_date`, then
        :class:`~vkac_flow.errors.EventDateError`), then the event's rules
        (:meth:`_prepare`). Only then is anything changed; if that still fails, the
        procedure is restored.
        """
        state = self._state
        if state in self.FINAL_STATES:
            raise self._illegal(event, self._final_reason(event))
        sources, plans = self._tables_cache or self._tables()
        if state not in sources.get(event, ()):
            raise self._illegal(event, self._illegal_reason(event))
        day = self._check_date(event, when)
        try:
            clean = self._prepare(event, day, data)
        except ProcedureError:
            raise
        except (InputTypeError, InputError) as err:
            # a value of the wrong type (EventInputTypeError) or one that cannot be used (an
            # empty or repeated name: RuleViolationError) in the event's data: with the event
            # and the events allowed now, like every other refusal of an event
            points = err.points or self._points(*self.transition_points(event))
            kind = EventInputTypeError if isinstance(err, InputTypeError) else RuleViolationError
            raise kind(
                self._with_points(err.message, points),
                points=points,
                event=event,
                allowed=self.allowed_events(),
            ) from err
        meta = self._recording
        if meta is None:  # a live event: a new audit record
            seq = len(self._audit) + 1
            meta = (event_id_for(seq), self._recorded_now(), self._next_by, seq)
        record = EventRecord(
            event,
            day,
            MappingProxyType(clean),  # read-only
            event_id=meta[0],
            recorded_at=meta[1],
            recorded_by=meta[2],
            seq=meta[3],
        )
        # undo log: the facts are few (shallow copy); the steps are undone key by key, so an
        # event costs the same with 4 or 4,000 centres
        facts = self._facts  # frozen: restoring it is one assignment
        undo: list[tuple[dict[Any, Any], Any]] = []
        self._history.append(record)
        try:
            self._effect(record)
            plan = plans.get(event)
            opened = self._track_steps(record, undo, plan) if plan else ()
            if opened and day >= self._near_end:
                self._check_deadlines_in_calendar(event, day, opened)
            if not self._machine().events[event].trigger(self):
                raise RuntimeError(f"{event}: no transition matched in state {self.state}")
        except BaseException:
            self._state, self._facts = state, facts  # `state` read before the checks
            for table, key in reversed(undo):
                del table[key]
            self._history.pop()
            raise
        if self._recording is None:
            self._audit.append(
                AuditRecord(meta[3], "event", meta[0], event, day, meta[1], meta[2], _plain(clean))
            )
        return record

    def _check_deadlines_in_calendar(
        self, event: str, day: datetime.date, steps: Iterable[str]
    ) -> None:
        """Refuse an event that opens a deadline past the calendar's last date.

        Otherwise every later query (deadlines, obligations, str) could not count it.
        """
        for step in steps:
            try:
                self._deadline(step, day)
            except DateOutOfRangeError:
                rule = STEPS[step]
                points = self._step_points(step)
                raise EventDateError(
                    f"{event} dated {day.isoformat()}: the deadline of step {step} "
                    f"({rule.period}, {', '.join(points)}) would fall after the calendar's last "
                    f"date {self.calendar.last_date.isoformat()}",
                    points=points,
                    event=event,
                    allowed=self.allowed_events(),
                ) from None

    def _final_reason(self, event: str) -> str:
        """Why nothing follows a final state (override to name the interpretation)."""
        return f"{event}: the procedure is {self.state}, a final state; nothing follows it."

    def _illegal_reason(self, event: str) -> str:
        """Why ``event`` is not valid in the current state (override for better text)."""
        sources = sorted(self._sources().get(event, ()))
        return f"{event} is not allowed while the procedure is {self.state} (only when: {', '.join(sources)})."

    def _track_steps(
        self,
        record: EventRecord,
        undo: list[tuple[dict[Any, Any], Any]] | None = None,
        plan: tuple[tuple[str, bool, bool], ...] | None = None,
    ) -> list[str]:
        """Open and meet the statutory steps of ``record``; return the steps it opened.

        Every key added is appended to ``undo`` (table, key), for the rollback. ``plan`` is
        ``_step_plan()[record.event]`` when the caller has it.
        """
        log: list[tuple[dict[Any, Any], Any]] = [] if undo is None else undo
        opened: list[str] = []
        met_table, opened_table = self._met, self._opened
        if plan is None:
            plan = self._step_plan().get(record.event, ())
        for step, meets, opens in plan:
            if meets:
                key = (step, self._step_subject_met(step, record))
                if key in opened_table and key not in met_table:
                    met_table[key] = (record.date, record.event)
                    log.append((met_table, key))
            if opens:
                for subject in self._step_subjects(step, record):
                    key = (step, subject)
                    if key not in opened_table:
                        opened_table[key] = record.date
                        log.append((opened_table, key))
                        if step not in opened:
                            opened.append(step)
        return opened

    _tables_cache: ClassVar[
        tuple[dict[str, frozenset[str]], dict[str, tuple[tuple[str, bool, bool], ...]]] | None
    ] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Give every subclass its own (empty) table cache: never its parent's."""
        super().__init_subclass__(**kwargs)
        cls._tables_cache = None

    @classmethod
    def _tables(
        cls,
    ) -> tuple[dict[str, frozenset[str]], dict[str, tuple[tuple[str, bool, bool], ...]]]:
        """``(_sources(), _step_plan())``, cached together: one lookup per event."""
        tables = cls.__dict__.get("_tables_cache")
        if tables is None:
            tables = (cls._sources(), cls._step_plan())
            cls._tables_cache = tables
        return tables

    @classmethod
    def _step_plan(cls) -> dict[str, tuple[tuple[str, bool, bool], ...]]:
        """Event -> the steps it meets or opens, as ``(step, meets, opens)`` (cached per class)."""
        plan = cls.__dict__.get("_step_plan_cache")
        if plan is None:
            acc: dict[str, list[tuple[str, bool, bool]]] = {}
            for step in cls.STEP_KEYS:
                rule = STEPS[step]
                for event in dict.fromkeys((*rule.met_by, rule.opened_by)):
                    acc.setdefault(event, []).append(
                        (step, event in rule.met_by, event == rule.opened_by)
                    )
            plan = {k: tuple(v) for k, v in acc.items()}
            cls._step_plan_cache = plan  # type: ignore[attr-defined]
        return plan

    # ------------------------------------------------------------------ serialisation

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe document of version 3: format, version, id, identity, audit, state.

        ``audit`` is the full audit log (:meth:`AuditRecord.to_dict`); ``state`` is
        derived and :meth:`from_dict` checks it against the replayed state.
        """
        return {
            "format": self.FORMAT,
            "version": self.VERSION,
            "id": self.id,
            **self._identity_to_dict(),
            "audit": [r.to_dict() for r in self._audit],
            "state": self.state,
        }

    @classmethod
    def from_dict(
        cls: type[P],
        doc: object,
        *,
        calendar: LatvianCalendar | None = None,
        clock: Clock | None = None,
        registry: CentreRegistry | None = None,
    ) -> P:
        """Rebuild a procedure by replaying the audit log of a :meth:`to_dict` document.

        Every event goes through the same checks as a live call, and corrections and
        retractions are re-applied through the same rules, so a tampered or impossible log
        is refused. Event names are mapped through ``EVENTS`` only. Only what
        :meth:`to_dict` writes is read: ``version`` an int, dates ``YYYY-MM-DD``, instants
        aware ISO-8601, event data of the JSON types written, each value exactly as
        :meth:`to_dict` would write it. A version-2 document (a ``history``) is upcast
        (:func:`~vkac_flow.procedures.records.upcast_v2`: ``recorded_at`` unknown, ids
        ``e1``, ``e2``...); a version-1 one also gets :func:`legacy_procedure_id`.

        Args:
            doc: The document.
            calendar: The calendar to count on (default: the shared default).
            clock: Today's date for the date checks (default: today in Riga).
            registry: The centre registry to check centre names against (default: none).
                Not part of the document: context, like ``calendar`` and ``clock``.

        Raises:
            HistoryError: The document is malformed, of another format or version, or an
                event cannot be replayed (the message says which and why; ``__cause__`` is
                the underlying error, e.g. an :class:`UnregisteredCentreError` when a centre
                of the document is not in ``registry``).
            InputTypeError: ``registry`` is not a :class:`~vkac_flow.law.centres.CentreRegistry`.
        """
        if registry is not None and not isinstance(registry, CentreRegistry):
            raise InputTypeError(
                f"registry must be a CentreRegistry or None, got {type(registry).__name__}"
            )
        if not isinstance(doc, Mapping):
            raise HistoryError(f"expected a mapping, got {type(doc).__name__}")
        if doc.get("format") != cls.FORMAT:
            raise HistoryError(f"format {doc.get('format')!r} is not {cls.FORMAT!r}")
        version = doc.get("version")
        supported = sorted({cls.VERSION, *cls.LEGACY_VERSIONS})
        if type(version) is not int or version not in supported:
            raise HistoryError(
                f"version {version!r} of {cls.FORMAT!r} is not supported "
                f"(supported: {', '.join(map(str, supported))})"
            )
        log_key = "audit" if version == cls.VERSION else "history"
        allowed = {"format", "version", log_key, "state", *cls.IDENTITY_KEYS}
        if version != 1:
            allowed.add("id")
        unknown = set(doc) - allowed
        if unknown:
            raise HistoryError(f"unknown keys {sorted(map(str, unknown))}")
        missing = {log_key, *cls.IDENTITY_KEYS, *(() if version == 1 else ("id",))} - set(doc)
        if missing:
            raise HistoryError(f"missing keys {sorted(missing)}")
        if version == 1:
            doc = {**doc, "id": legacy_procedure_id(doc, cls.IDENTITY_KEYS)}
        if version != cls.VERSION:
            doc = upcast_v2(doc)
        try:
            pid = _check_procedure_id(doc["id"])
            proc = cls._from_identity(doc, calendar=calendar, clock=clock)
            proc._id = pid  # no event yet: the id is part of the identity
            if registry is not None:
                proc._attach_registry(registry)
        except VkacFlowError as err:
            raise HistoryError(f"cannot rebuild the procedure: {err}", points=err.points) from err
        # Strict like the events: the identity must be exactly what to_dict writes (no
        # stray whitespace or other spellings that the constructors would normalise).
        written = proc._identity_to_dict()
        for key in cls.IDENTITY_KEYS:
            if _json_text(doc[key]) != _json_text(written[key]):
                raise HistoryError(
                    f"{key} is not written as to_dict writes it: expected "
                    f"{_json_text(written[key])[:200]}"
                )
        items = doc["audit"]
        if not isinstance(items, list):
            raise HistoryError(f"audit must be a list, got {type(items).__name__}")
        audit = [audit_record_from_dict(item, i) for i, item in enumerate(items, start=1)]
        proc._replay_audit(audit)
        state = doc.get("state")
        if state is not None and not (type(state) is str and state == proc.state):
            raise HistoryError(
                f"the document says state {state!r} but its history leads to {proc.state!r}"
            )
        return proc

    def _replay_audit(self, audit: list[AuditRecord]) -> None:
        """Replay a read audit log into this blank procedure, checking every record."""
        for r in audit:
            if r.kind != "event":
                break
        else:  # no corrections: every event in recording order, as it was entered
            for r in audit:
                self._replay_entry(r, r.seq)
            self._audit = audit
            return
        for r in audit:
            if r.kind == "correction" and r.event is not None and r.event not in self.EVENTS:
                raise HistoryError(f"audit record #{r.seq}: unknown event {r.event!r}")
        for e in effective_events(audit):
            source = next(
                r
                for r in reversed(audit)
                if r.event_id == e.event_id or (r.kind == "correction" and r.corrects == e.event_id)
            )
            self._replay_entry(
                AuditRecord(
                    e.seq,
                    "event",
                    e.event_id or "",
                    e.event,
                    e.date,
                    e.recorded_at,
                    e.recorded_by,
                    e.data,
                ),
                source.seq,
            )
        self._audit = audit

    def _replay_entry(self, r: AuditRecord, number: int) -> None:
        """Replay the event of ``r`` (audit record #``number`` said it), strictly."""
        name, data = r.event, r.data
        on = r.on
        assert on is not None
        where = f"event #{number} ({name} on {on.isoformat()})"
        spec = self.EVENTS.get(name) if isinstance(name, str) else None
        if spec is None:
            raise HistoryError(
                f"event #{number}: unknown event {name!r} (known: {', '.join(self.EVENTS)})",
                allowed=self.allowed_events(),
            )
        bad = set(data) - set(spec.params)
        lacking = set(spec.required) - set(data)
        if bad or lacking:
            raise HistoryError(
                f"{where}: data keys {sorted(map(str, data))} do not match the event "
                f"(takes {list(spec.params)}, requires {list(spec.required)})",
                event=name,
                allowed=self.allowed_events(),
            )
        self._recording = (r.event_id, r.recorded_at, r.recorded_by, r.seq)
        try:
            getattr(self, spec.name)(on, **data)
        except VkacFlowError as err:
            allowed = err.allowed if isinstance(err, HistoryError) else self.allowed_events()
            reason = err.reason if isinstance(err, ProcedureError) else str(err)
            raise HistoryError(
                f"{where} cannot be replayed: {reason}",
                points=err.points,
                event=name,
                allowed=allowed,
            ) from err
        finally:
            self._recording = None
        # only what to_dict writes: the value given must be the value written (so a replayed
        # document writes itself back); the procedure being rebuilt is then dropped
        if not data:
            return
        recorded = self._history[-1].data
        odd = [k for k, v in data.items() if not _as_written(v, recorded.get(k, _MISSING))]
        if odd:
            written = self._history[-1].to_dict()["data"]
            raise HistoryError(
                f"{where}: data {', '.join(f'{k}={data[k]!r}' for k in odd)} is not as to_dict "
                f"writes it ({', '.join(f'{k}={written.get(k)!r}' for k in odd)})",
                event=name,
                allowed=self.allowed_events(),
            )

    # ------------------------------------------------------------------ equality, display

    def __eq__(self, other: object) -> bool:
        """Same class, id, identity and history (calendar, clock, registry do not count).

        Two procedures with different ids are different procedures, even with the same
        service, initiator and events (two exclusions of one service from different
        centres, say); a procedure and its :meth:`from_dict` replay are equal.
        """
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Procedure)
        return (
            self._id == other._id
            and self._identity() == other._identity()
            and self._history == other._history
            and self._audit == other._audit
        )

    __hash__ = None  # type: ignore[assignment]

    def events_rows(self) -> list[dict[str, str]]:
        """Rows of the history for a table: #, date, event, data."""
        return [
            {
                "#": str(i),
                "date": r.date.isoformat(),
                "event": r.event,
                "data": ", ".join(
                    f"{k}={', '.join(v) if isinstance(v, tuple) else v}" for k, v in r.data.items()
                ),
            }
            for i, r in enumerate(self._history, start=1)
        ]

    def obligations_rows(self, as_of: object = None) -> list[dict[str, str]]:
        """Rows of :meth:`obligations` for a table."""
        return [
            {
                "step": o.key,
                "due": o.due.isoformat() + (" *" if o.deadline.provisional else ""),
                "by": o.by,
                "points": ", ".join(o.points),
                "status": o.status.value,
                "done": "" if o.done is None else o.done.isoformat(),
                "late": f"{o.days_late} d / {o.working_days_late} wd" if o.days_late else "",
            }
            for o in self.obligations(as_of)
        ]

    def _title(self) -> str:
        return type(self).__name__

    def summary(self, as_of: object = None) -> str:
        """A readable multi-line summary: state, events, obligations, allowed events.

        With ``as_of``, the summary of the snapshot :meth:`as_of` (state, events,
        obligations and breaches as of that day).
        """
        if as_of is not None:
            return self.as_of(as_of).summary()
        lines = [f"{self._title()}: state {self.state}"]
        lines.append("events:")
        lines.extend(
            f"  {r['#']}. {r['date']} {r['event']}" + (f" ({r['data']})" if r["data"] else "")
            for r in self.events_rows()
        )
        if not self._history:
            lines.append("  (none)")
        lines.append("obligations:")
        rows = self.obligations_rows()
        lines.extend(
            f"  {r['step']}: due {r['due']} by {r['by']} [{r['points']}] {r['status']}"
            + (f" {r['done']}" if r["done"] else "")
            + (f" ({r['late']} late)" if r["late"] else "")
            for r in rows
        )
        if not rows:
            lines.append("  (none)")
        waiting = self.waiting_periods()
        if waiting:
            lines.append("waiting periods:")
            lines.extend(f"  {w.key}: {w.explanation} [{w.status.value}]" for w in waiting)
        lines.append(f"allowed now: {', '.join(self.allowed_events()) or 'none'}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return self.html_body()

    def html_body(self) -> str:
        """The HTML of :meth:`_repr_html_` (also a snapshot's)."""

        def table(caption: str, rows: list[dict[str, str]]) -> str:
            if not rows:
                return f"<p><b>{html.escape(caption)}</b>: none</p>"
            head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in r.values()) + "</tr>"
                for r in rows
            )
            return (
                f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table>"
            )

        return (
            f"<div><p><b>{html.escape(self._title())}</b>: state "
            f"<code>{html.escape(self.state)}</code>; allowed now: "
            f"{html.escape(', '.join(self.allowed_events()) or 'none')}</p>"
            + table("Events", self.events_rows())
            + table("Obligations", self.obligations_rows())
            + table(
                "Waiting periods",
                [
                    {"step": w.key, "earliest": w.earliest.isoformat(), "status": w.status.value}
                    for w in self.waiting_periods()
                ],
            )
            + "</div>"
        )
