"""The reusable base of the procedures of p. 12-16: history, deadlines, breaches, replay.

A procedure (the transfer of p. 12-15, the exclusion of p. 16) is a state machine driven by
dated events. :class:`Procedure` gives every procedure the same machinery:

* a declarative table of :class:`Transition` rows, run by one shared ``transitions``
  ``Machine`` per subclass (built once, never per instance: the procedure object is the
  model and the machine only moves its ``state``);
* **transactional events**: an event is checked completely (state, date, rules) before
  anything changes, and if anything still fails the procedure is restored, so a rejected
  event leaves state, history and deadlines exactly as they were;
* the **history** of accepted events (:class:`EventRecord`: name, date, data);
* **statutory deadlines** read from :data:`vkac_flow.law.steps.STEPS`: an event opens the steps
  whose ``opened_by`` it is and meets those whose ``met_by`` lists it; late acts are
  accepted and reported as breaches (:meth:`Procedure.obligations`,
  :meth:`Procedure.breaches`);
* **serialisation by replay**: :meth:`Procedure.to_dict` writes identity and history;
  :meth:`Procedure.from_dict` rebuilds the procedure by replaying every event through the
  same rules, so a tampered history raises :class:`~vkac_flow.errors.HistoryError`.

Centres: a procedure may be given a :class:`~vkac_flow.law.centres.CentreRegistry`
(``registry=``). It is context, like the calendar and the clock: not serialised, not compared.
With it, every centre named in an event must be registered (p. 2.1), else the event is refused
with :class:`UnregisteredCentreError`, which suggests close registered names. Names are
identifiers, compared exactly after stripping whitespace (:data:`CENTRE_NAMES_POLICY`).

Dates: every event date goes through :func:`vkac_flow.calendar.dates.to_date` and must lie on or
after the previous event, on or after the day the regulation entered into force
(2017-07-01, p. 25) and on or before the procedure's clock (default: today in Riga). The
clock may return a date or an aware datetime (``pendulum.today``); its value goes through
:func:`~vkac_flow.calendar.dates.to_date` too (a naive datetime raises
:class:`~vkac_flow.errors.NaiveDatetimeError`). An event whose statutory deadlines would fall
after the calendar's last date is refused (:class:`~vkac_flow.errors.EventDateError`), so
every accepted event can be counted.

Identity: every procedure has an :attr:`~Procedure.id` (a random 32-hex-digit id, :func:`new_procedure_id`, or the
caller's ``procedure_id=``), written in its document and compared by ``==``: two procedures
with different ids are different procedures, even with the same service and history. The
scope ledger uses it as the source id.

Read-only: :attr:`~Procedure.state` is moved only by the events (the ``transitions`` machine
writes the private ``_state``), and :attr:`~Procedure.calendar`, :attr:`~Procedure.clock` and
the identity fields of a subclass cannot be reassigned (read-only properties over private
fields: assigning raises ``AttributeError``).

Errors: every refusal of an event is a :class:`~vkac_flow.errors.ProcedureError` with
``event``, ``allowed`` and ``points``, except a date that is no date at all (a naive datetime
or a malformed string: the :class:`~vkac_flow.errors.NaiveDatetimeError` /
:class:`~vkac_flow.errors.DateFormatError` of :func:`~vkac_flow.calendar.dates.to_date`). A value of
the wrong type in an event raises :class:`~vkac_flow.errors.EventInputTypeError` (a
``ProcedureError`` and an ``InputTypeError``); a value that cannot be used (an empty or a
repeated centre name) a :class:`~vkac_flow.errors.RuleViolationError`.

A subclass declares ``FORMAT``, ``VERSION``, ``STATES``, ``INITIAL``, ``FINAL_STATES``,
``TRANSITIONS``, ``EVENTS``, ``STEP_KEYS`` and implements a few hooks; see
``docs/architecture.md`` (how an event flows to the audit trail) and
:mod:`vkac_flow.procedures.transfer` for a full example.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import hashlib
import html
import json
import os
import re
import unicodedata
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
from vkac_flow.law.centres import CentreRegistry, UnknownCentreError
from vkac_flow.law.regulation import REGULATION_IN_FORCE, cite
from vkac_flow.law.steps import STEPS, Route

__all__ = [
    "CENTRE_NAMES_POLICY",
    "Breach",
    "EventRecord",
    "EventSpec",
    "Obligation",
    "ObligationStatus",
    "Procedure",
    "Rule",
    "Transition",
    "UnregisteredCentreError",
    "close_centre_names",
    "legacy_procedure_id",
    "new_procedure_id",
]

P = TypeVar("P", bound="Procedure")

Clock = Callable[[], datetime.date]
"""A function returning today's date (injectable for tests and simulations)."""

CENTRE_NAMES_POLICY: Final = "centre-names-exact-after-strip"
"""Centre names are identifiers: surrounding whitespace is stripped, then they are compared
exactly (case, diacritics and Unicode form count: ``"Cesis"``, ``"cēsis"`` and ``"Cēsis"``
are three names). With a registry, a name that is not registered is refused and the error
suggests the registered names it resembles, ignoring case and diacritics; nothing is
silently corrected (p. 2.1)."""


# ---------------------------------------------------------------------------- centre names


class UnregisteredCentreError(UnknownCentreError, RuleViolationError):
    """A centre name given to a procedure that is not in its centre registry (p. 2.1).

    Both an :class:`~vkac_flow.law.centres.UnknownCentreError` (so a ``KeyError`` and an
    ``InputError``, with ``name``) and a :class:`~vkac_flow.errors.RuleViolationError`
    (with ``event``, ``allowed`` and ``points``: p. 2.1 and the point of the event, e.g.
    p. 13.2.2). The procedure is left exactly as it was.

    Attributes:
        name: The first unregistered name.
        names: Every unregistered name, in the order given.
        suggestions: For each unregistered name, the registered names it resembles (best
            first; empty if none is close).
    """

    def __init__(
        self,
        message: str,
        *,
        names: Iterable[str],
        suggestions: Mapping[str, tuple[str, ...]],
        points: Iterable[str],
        event: str | None = None,
        allowed: Iterable[str] = (),
    ) -> None:
        self.names: tuple[str, ...] = tuple(names)
        self.name = self.names[0] if self.names else ""
        self.suggestions: Mapping[str, tuple[str, ...]] = MappingProxyType(dict(suggestions))
        RuleViolationError.__init__(self, message, points=points, event=event, allowed=allowed)

    def __reduce__(self) -> tuple[Any, ...]:
        # picklable (e.g. across worker processes) despite the keyword-only arguments
        return (
            _rebuild_unregistered,
            (
                self.reason,
                self.names,
                dict(self.suggestions),
                self.points,
                self.event,
                self.allowed,
            ),
        )


def _rebuild_unregistered(
    message: str,
    names: tuple[str, ...],
    suggestions: dict[str, tuple[str, ...]],
    points: tuple[str, ...],
    event: str | None,
    allowed: tuple[str, ...],
) -> UnregisteredCentreError:
    return UnregisteredCentreError(
        message, names=names, suggestions=suggestions, points=points, event=event, allowed=allowed
    )


def _fold(name: str) -> str:
    """``name`` without case and diacritics (``"Cēsis"`` -> ``"cesis"``), for suggestions."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def close_centre_names(name: str, registry: CentreRegistry, n: int = 3) -> tuple[str, ...]:
    """The registered names ``name`` most resembles, best first (at most ``n``).

    Names equal to ``name`` but for case, diacritics or Unicode form come first, then
    :func:`difflib.get_close_matches` on the folded names (cutoff 0.6).

    >>> from vkac_flow.law.centres import Centre, CentreRegistry
    >>> reg = CentreRegistry([Centre("Cēsis", "Cēsu novads", "regional"),
    ...                       Centre("Valmiera", "Valmieras novads", "national")])
    >>> close_centre_names("cesis", reg), close_centre_names("Valmeira", reg)
    (('Cēsis',), ('Valmiera',))
    >>> close_centre_names("Rīga", reg)
    ()
    """
    by_fold: dict[str, list[str]] = {}
    for known in registry.names:
        by_fold.setdefault(_fold(known), []).append(known)
    key = _fold(name)
    out: list[str] = list(by_fold.get(key, ()))
    for folded in difflib.get_close_matches(key, list(by_fold), n=n, cutoff=0.6):
        out.extend(k for k in by_fold[folded] if k not in out)
    return tuple(out[:n])


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


# ---------------------------------------------------------------------------- declarations


@attrs.frozen
class Transition:
    """One row of a procedure's transition table.

    Attributes:
        trigger: The event's name (also the method that fires it).
        source: The states the event is allowed in.
        dest: The state it leads to.
        points: The points of the regulation the transition rests on (bare numbers,
            ``"13.1"``); a subclass may filter them by route (:meth:`Procedure._select_points`).
        condition: ``None``, or the name of a model method returning ``bool`` that picks this
            row among rows with the same trigger and source (routing, not validation:
            rules are checked before the machine fires).
        label: A short text for the diagram (default: the trigger).
    """

    trigger: str
    source: tuple[str, ...]
    dest: str
    points: tuple[str, ...] = ()
    condition: str | None = None
    label: str | None = None


@attrs.frozen
class EventSpec:
    """An event a procedure accepts, for replay: its name and the data keys it carries.

    The ``EVENTS`` mapping of a subclass is the whitelist :meth:`Procedure.from_dict` maps
    event names through; an event name is never looked up any other way.

    Attributes:
        name: The event's name (a public method of the procedure taking the date first and
            the data as keyword arguments).
        params: The data keys the event carries (all keyword arguments of the method).
        required: The data keys that must be present.
        description: What the event is, for docs and tables.
    """

    name: str
    params: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    description: str = ""


@attrs.frozen
class Rule:
    """A rule a procedure enforces, with the points it rests on (for traceability).

    Attributes:
        id: A stable identifier (``"readiness-only-when-required"``).
        points: Bare point numbers (``("13.2.1", "14.2.1")``).
        description: The rule in one sentence.
    """

    id: str
    points: tuple[str, ...]
    description: str


@attrs.frozen
class EventRecord:
    """One accepted event of a procedure's history.

    Attributes:
        event: The event's name.
        date: Its legal date (the date in Riga).
        data: The data it carried, JSON-compatible (lists stored as tuples); read-only in
            a procedure's history.
    """

    event: str
    date: datetime.date
    data: Mapping[str, Any] = attrs.field(factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: ``{"event", "date", "data"}``."""
        return {
            "event": self.event,
            "date": self.date.isoformat(),
            "data": {k: list(v) if isinstance(v, tuple) else v for k, v in self.data.items()},
        }


class ObligationStatus(enum.Enum):
    """Where a statutory step stands."""

    OPEN = "open"
    """Not done yet, and not past its due date (or a waiting period still running)."""
    MET_ON_TIME = "met_on_time"
    """Done within the period (for a ``waiting`` step: on or after the due date)."""
    MET_LATE = "met_late"
    """Done after the due date: accepted, and a breach."""
    MET_EARLY = "met_early"
    """A ``waiting`` step done before its due date (p. 16 notice too short): a breach."""
    OVERDUE = "overdue"
    """Not done, and the due date has passed (as of the day asked about)."""
    LAPSED = "lapsed"
    """Not done, and the procedure ended on or before the due date: nothing is owed."""
    MISSED = "missed"
    """Not done, and the procedure ended after the due date: a breach."""

    @property
    def is_breach(self) -> bool:
        """Whether the status records a breach of the statutory period."""
        return self in (
            ObligationStatus.MET_LATE,
            ObligationStatus.MET_EARLY,
            ObligationStatus.MISSED,
        )


@attrs.frozen
class Obligation:
    """A statutory step a procedure has opened: what is due, by whom, by when, and status.

    Attributes:
        step: The step's key in :data:`~vkac_flow.law.steps.STEPS`.
        subject: What the step is about when it is owed more than once (a centre's name
            for p. 15.3), else ``None``.
        title: What must be done.
        responsible: The roles that must act (``ministry``, ``service_holder``...).
        by: The same, readable, with the party where known.
        deadline: The deadline (:meth:`~vkac_flow.calendar.deadline.Deadline.explain` tells how).
        points: The points that set it.
        status: Where it stands.
        done: The day it was done (or the day the procedure ended, for ``missed``).
        event: The event that met it (or ended the procedure).
        days_late: Calendar days past the due date (0 when not late).
        working_days_late: Working days past the due date (0 when not late).
    """

    step: str
    subject: str | None
    title: str
    responsible: tuple[str, ...]
    by: str
    deadline: Deadline
    points: tuple[str, ...]
    status: ObligationStatus
    done: datetime.date | None
    event: str | None
    days_late: int
    working_days_late: int

    @property
    def due(self) -> datetime.date:
        """The due date."""
        return self.deadline.due

    @property
    def key(self) -> str:
        """``step`` or ``step/subject``: the key of :meth:`Procedure.deadlines`."""
        return self.step if self.subject is None else f"{self.step}/{self.subject}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "step": self.step,
            "subject": self.subject,
            "responsible": list(self.responsible),
            "by": self.by,
            "due": self.due.isoformat(),
            "provisional": self.deadline.provisional,
            "points": list(self.points),
            "status": self.status.value,
            "done": None if self.done is None else self.done.isoformat(),
            "event": self.event,
            "days_late": self.days_late,
            "working_days_late": self.working_days_late,
        }


@attrs.frozen
class Breach:
    """A statutory period that was not respected (a fact, recorded, not refused).

    Attributes:
        obligation: The obligation concerned (status ``met_late``, ``met_early`` or
            ``missed``).
    """

    obligation: Obligation

    @property
    def step(self) -> str:
        """The step's key."""
        return self.obligation.step

    @property
    def days_late(self) -> int:
        """Calendar days late."""
        return self.obligation.days_late

    @property
    def working_days_late(self) -> int:
        """Working days late."""
        return self.obligation.working_days_late

    def __str__(self) -> str:
        o = self.obligation
        what = o.key
        done = "" if o.done is None else o.done.isoformat()
        if o.status is ObligationStatus.MET_EARLY:
            return f"{what}: done {done}, before {o.due.isoformat()} ({', '.join(o.points)})"
        verb = "done" if o.status is ObligationStatus.MET_LATE else "not done; procedure ended"
        return (
            f"{what}: due {o.due.isoformat()}, {verb} {done}, "
            f"{o.days_late} day{'' if o.days_late == 1 else 's'} "
            f"({o.working_days_late} working day{'' if o.working_days_late == 1 else 's'}) "
            f"late; responsible: {o.by} "
            f"({', '.join(o.points)})"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (that of the obligation)."""
        return self.obligation.to_dict()


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
    VERSION: ClassVar[int] = 2
    """The ``version`` of :meth:`to_dict` documents (2: with the procedure's ``id``)."""
    LEGACY_VERSIONS: ClassVar[frozenset[int]] = frozenset({1})
    """Older versions :meth:`from_dict` still reads: documents without an ``id``, which get
    a deterministic id derived from their content (:func:`legacy_procedure_id`)."""
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
    _facts: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False)
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
        """Set the initial facts in ``self._facts`` (immutable values only)."""

    def _prepare(self, event: str, day: datetime.date, data: dict[str, Any]) -> dict[str, Any]:
        """Validate ``data`` and check the rules of ``event``; return the normalised data.

        Must not change the procedure. Raise :class:`~vkac_flow.errors.RuleViolationError`
        (or an input error) to refuse the event.
        """
        return data

    def _effect(self, record: EventRecord) -> None:
        """Record the facts of an accepted event in ``self._facts``.

        Replace values, never mutate them in place (the rollback snapshot is shallow).
        """

    def _event_permitted(self, event: str) -> bool:
        """Whether ``event``, valid in the current state, is also allowed by the rules now."""
        return True

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

    def obligations(self, as_of: object = None) -> tuple[Obligation, ...]:
        """What is due, by whom, by when, and where it stands, as of a day.

        Only what happened on or before ``as_of`` counts: a step opened by a later event is
        not listed, a step met after ``as_of`` is still ``open`` (or ``overdue``) as of that
        day, and the procedure counts as ended only if its final event is on or before it.

        Args:
            as_of: The day to judge on (default: the clock's today). A step not done by then
                is ``overdue`` if its due date has passed, else ``open``.

        Returns:
            One :class:`Obligation` per step (and subject) opened by ``as_of``, in the order
            opened.
        """
        day = self._today() if as_of is None else to_date(as_of, what="as_of")
        last = self._history[-1] if self._history else None
        closed = last if self.is_final and last is not None and last.date <= day else None
        out: list[Obligation] = []
        deadlines: dict[tuple[str, datetime.date], Deadline] = {}  # many subjects, one count
        for (step, subject), start in self._opened.items():
            if start > day:
                continue  # opened by an event after as_of
            rule = STEPS[step]
            deadline = deadlines.get((step, start))
            if deadline is None:
                deadline = deadlines[(step, start)] = self._deadline(step, start)
            due = deadline.due
            met = self._met.get((step, subject))
            if met is not None and met[0] > day:
                met = None  # met after as_of: not yet, as of as_of
            done: datetime.date | None = None
            event: str | None = None
            late = 0
            if met is not None:
                done, event = met
                if rule.kind == "waiting":
                    status = (
                        ObligationStatus.MET_ON_TIME if done >= due else ObligationStatus.MET_EARLY
                    )
                else:
                    late = max(0, (done - due).days)
                    status = ObligationStatus.MET_LATE if late else ObligationStatus.MET_ON_TIME
            elif closed is not None:
                if rule.kind == "deadline" and closed.date > due:
                    status = ObligationStatus.MISSED
                    done, event, late = closed.date, closed.event, (closed.date - due).days
                else:
                    status = ObligationStatus.LAPSED
            elif rule.kind == "deadline" and day > due:
                status = ObligationStatus.OVERDUE
                late = (day - due).days
            else:
                status = ObligationStatus.OPEN
            wd_late = 0
            if late:
                end = done if done is not None else day
                wd_late = self.calendar.get_working_days_delta(due, end)
            out.append(
                Obligation(
                    step=step,
                    subject=subject,
                    title=rule.title_en,
                    responsible=rule.responsible,
                    by=" and ".join(self._by(r, subject) for r in rule.responsible),
                    deadline=deadline,
                    points=self._step_points(step),
                    status=status,
                    done=done,
                    event=event,
                    days_late=late,
                    working_days_late=wd_late,
                )
            )
        return tuple(out)

    def breaches(self) -> tuple[Breach, ...]:
        """The statutory periods not respected so far.

        Late acts, early acts (``waiting`` steps) and steps left undone when the procedure
        ended after their due date.

        A step that is merely overdue (not done yet, procedure still running) is reported by
        :meth:`obligations` as ``overdue``, not here: it becomes a breach when it is done
        late or the procedure ends.
        """
        return tuple(Breach(o) for o in self.obligations(self.last_date) if o.status.is_breach)

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
        record = EventRecord(event, day, MappingProxyType(clean))  # read-only
        # undo log: the facts are few (shallow copy); the steps are undone key by key, so an
        # event costs the same with 4 or 4,000 centres
        facts = dict(self._facts)
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
        """A JSON-safe, versioned document: format, version, id, identity, history, state.

        ``state`` is derived; :meth:`from_dict` checks it against the replayed state.
        """
        return {
            "format": self.FORMAT,
            "version": self.VERSION,
            "id": self.id,
            **self._identity_to_dict(),
            "history": [r.to_dict() for r in self._history],
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
        """Rebuild a procedure by replaying the history of a :meth:`to_dict` document.

        Every event goes through the same checks as a live call, so a tampered or impossible
        history is refused. Event names are mapped through ``EVENTS`` only. Only what
        :meth:`to_dict` writes is read: ``version`` an int, dates ``YYYY-MM-DD``, event data
        of the JSON types written (a list of strings for centres, a bool for ``approved``...),
        each value exactly as :meth:`to_dict` would write it; an optional data key may be left
        out. A document of version 1 (no ``id``) gets :func:`legacy_procedure_id`.

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
        legacy = version != cls.VERSION
        allowed = {"format", "version", "history", "state", *cls.IDENTITY_KEYS}
        if not legacy:
            allowed.add("id")
        unknown = set(doc) - allowed
        if unknown:
            raise HistoryError(f"unknown keys {sorted(map(str, unknown))}")
        missing = {"history", *cls.IDENTITY_KEYS, *(() if legacy else ("id",))} - set(doc)
        if missing:
            raise HistoryError(f"missing keys {sorted(missing)}")
        try:
            pid = (
                legacy_procedure_id(doc, cls.IDENTITY_KEYS)
                if legacy
                else _check_procedure_id(doc["id"])
            )
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
        history = doc["history"]
        if not isinstance(history, list):
            raise HistoryError(f"history must be a list, got {type(history).__name__}")
        for i, item in enumerate(history, start=1):
            proc._replay_one(i, item)
        state = doc.get("state")
        if state is not None and not (type(state) is str and state == proc.state):
            raise HistoryError(
                f"the document says state {state!r} but its history leads to {proc.state!r}"
            )
        return proc

    def _replay_one(self, i: int, item: object) -> None:
        where = f"event #{i}"
        if not isinstance(item, Mapping):
            raise HistoryError(f"{where}: expected a mapping, got {type(item).__name__}")
        extra = set(item) - {"event", "date", "data"}
        if extra or "event" not in item or "date" not in item:
            raise HistoryError(
                f"{where}: expected keys event, date and data, got {sorted(map(str, item))}"
            )
        name = item["event"]
        spec = self.EVENTS.get(name) if isinstance(name, str) else None
        if spec is None:
            raise HistoryError(
                f"{where}: unknown event {name!r} (known: {', '.join(self.EVENTS)})",
                allowed=self.allowed_events(),
            )
        date_text = item["date"]
        if isinstance(date_text, str) and _ISO_DAY.fullmatch(date_text):
            where = f"event #{i} ({name} on {date_text})"
        else:
            # Not a date as to_dict writes it: quote a short, one-line form of it.
            shown = repr(date_text)
            where = f"event #{i} ({name} on {shown[:40] + '...' if len(shown) > 40 else shown})"
        data = item.get("data", {})
        if not isinstance(data, Mapping):
            raise HistoryError(f"{where}: data must be a mapping", event=name)
        bad = set(data) - set(spec.params)
        lacking = set(spec.required) - set(data)
        if bad or lacking:
            raise HistoryError(
                f"{where}: data keys {sorted(map(str, data))} do not match the event "
                f"(takes {list(spec.params)}, requires {list(spec.required)})",
                event=name,
                allowed=self.allowed_events(),
            )
        if not isinstance(item["date"], str) or not _ISO_DAY.fullmatch(item["date"]):
            raise HistoryError(
                f"{where}: the date must be written YYYY-MM-DD, as to_dict writes it",
                event=name,
                allowed=self.allowed_events(),
            )
        method = getattr(self, spec.name)
        try:
            method(item["date"], **data)
        except VkacFlowError as err:
            allowed = err.allowed if isinstance(err, HistoryError) else self.allowed_events()
            reason = err.reason if isinstance(err, ProcedureError) else str(err)
            raise HistoryError(
                f"{where} cannot be replayed: {reason}",
                points=err.points,
                event=name,
                allowed=allowed,
            ) from err
        # only what to_dict writes: the value given must be the value written (so a replayed
        # document writes itself back); the procedure being rebuilt is then dropped
        if not data:
            return
        recorded = self._history[-1].data
        for k, v in data.items():
            if not _as_written(v, recorded.get(k, _MISSING)):
                break
        else:
            return
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
        """A readable multi-line summary: state, events, obligations, allowed events."""
        lines = [f"{self._title()}: state {self.state}"]
        lines.append("events:")
        lines.extend(
            f"  {r['#']}. {r['date']} {r['event']}" + (f" ({r['data']})" if r["data"] else "")
            for r in self.events_rows()
        )
        if not self._history:
            lines.append("  (none)")
        lines.append("obligations:")
        rows = self.obligations_rows(as_of)
        lines.extend(
            f"  {r['step']}: due {r['due']} by {r['by']} [{r['points']}] {r['status']}"
            + (f" {r['done']}" if r["done"] else "")
            + (f" ({r['late']} late)" if r["late"] else "")
            for r in rows
        )
        if not rows:
            lines.append("  (none)")
        lines.append(f"allowed now: {', '.join(self.allowed_events()) or 'none'}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
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
            + "</div>"
        )
