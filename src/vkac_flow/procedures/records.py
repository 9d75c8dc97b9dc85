"""The records of a procedure: what was recorded (the audit log) and what it amounts to.

Two times on every event (see ``docs/legal-time.md`` and ``docs/transfer.md``):

* ``on`` -- the legal date the event happened (the date in Riga); deadlines and breaches are
  counted from it;
* ``recorded_at`` -- the aware instant it was entered, from the procedure's clock. An audit
  fact only: a late recording is not a late event.

The **audit log** (:class:`AuditRecord`) is append-only and is the truth: every event
entered, every correction (``kind="correction"``: what an event said, replaced) and every
retraction (``kind="retraction"``: an event withdrawn as entered by mistake), numbered
``seq`` 1, 2, 3... in recording order. :func:`effective_events` folds it into the
**effective history** (:class:`EventRecord`) that the procedure's rules replay.

Recording instants (:func:`recording_instant`, policy :data:`RECORDED_AT_POLICY`): the
clock's value if it is an aware datetime; midnight in Riga of the clock's date if it returns a
date; the real current instant with the default clock (today in Riga).
"""

from __future__ import annotations

import datetime
import functools
import re
import zoneinfo
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal

import attrs

from vkac_flow.errors import HistoryError, InputError, NaiveDatetimeError, ProcedureError, echo
from vkac_flow.messages import Text

__all__ = [
    "AUDIT_KINDS",
    "ENTRY_DATA",
    "ENTRY_DATE",
    "ENTRY_EVENT",
    "ENTRY_EVENT_ID",
    "ENTRY_RECORDED_AT",
    "ENTRY_RECORDED_BY",
    "ENTRY_SEQ",
    "RECORDED_AT_POLICY",
    "AuditKind",
    "AuditRecord",
    "CorrectionRefusedError",
    "DataItems",
    "EventRecord",
    "HistoryEntry",
    "LogEntry",
    "UnknownEventError",
    "data_items",
    "data_mapping",
    "effective_events",
    "entry_data",
    "entry_item",
    "entry_of",
    "entry_value",
    "entry_with_data",
    "event_id_for",
    "known_prefix",
    "plain_data",
    "record_of",
    "recording_instant",
    "shared_data",
]

AuditKind = Literal["event", "correction", "retraction"]
AUDIT_KINDS: Final = ("event", "correction", "retraction")
"""The kinds of :class:`AuditRecord`."""

RECORDED_AT_POLICY: Final = "recorded-at-from-clock"
"""``recorded_at`` is the clock's value when it returns an aware datetime; midnight
Europe/Riga of its date when it returns a plain date (a date-only clock, as in simulations);
the real current instant when the clock is the default (:func:`~vkac_flow.calendar.dates.
today_in_riga`). Never derived from the event's ``on``."""

_ISO_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# The zone of :data:`vkac_flow.calendar.dates.RIGA`, from the standard library: recording
# instants need no pendulum, which ``import vkac_flow`` then does not load (issue 14).
_RIGA: Final = zoneinfo.ZoneInfo("Europe/Riga")


def event_id_for(seq: int) -> str:
    """The id of the audit record number ``seq``: ``"e<seq>"``, stable (the log only grows).

    Ids are unique within a procedure; with the procedure's id they are unique everywhere.
    Version-2 documents get the same ids (their ``i``-th event is ``"e<i>"``).

    >>> event_id_for(3)
    'e3'
    """
    return f"e{seq}"


def recording_instant(value: object, *, default_clock: bool = False) -> datetime.datetime:
    """The aware instant a record is entered, from the clock's ``value``.

    Args:
        value: What the clock returned (a date or an aware datetime).
        default_clock: The clock is the default (today in Riga): use the real instant.

    Raises:
        NaiveDatetimeError: ``value`` is a naive datetime.

    >>> recording_instant(datetime.date(2026, 9, 30)).isoformat()
    '2026-09-30T00:00:00+03:00'
    """
    if default_clock:
        return datetime.datetime.now(datetime.UTC)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise NaiveDatetimeError(
                Text("error.records.naive_clock", value=value.isoformat()),
                points=("APL s. 42(1)",),
            )
        return value
    if isinstance(value, datetime.date):
        return _riga_midnight(datetime.date(value.year, value.month, value.day))
    raise HistoryError(Text("error.records.clock", value=echo(value)))


@functools.lru_cache(maxsize=4096)
def _riga_midnight(day: datetime.date) -> datetime.datetime:
    """Midnight in Riga of ``day``, with its UTC offset (cached: clocks repeat days)."""
    local = datetime.datetime(day.year, day.month, day.day, tzinfo=_RIGA)
    offset = local.utcoffset()
    assert offset is not None
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone(offset))


@attrs.frozen
class EventRecord:
    """One event of a procedure's effective history.

    Attributes:
        event: The event's name.
        date: Its legal date, ``on`` (the date in Riga).
        data: The data it carried, JSON-compatible (lists stored as tuples); read-only.
        event_id: Its stable id (``None`` for a record built by hand).
        recorded_at: The aware instant it was first recorded (``None``: unknown, e.g. read
            from a version-2 document).
        recorded_by: Who recorded it, if known.
        seq: The ``seq`` of the audit record that entered it (0 if built by hand).

    Only ``event``, ``date`` and ``data`` count for equality: the other fields are
    bookkeeping, compared through the audit log.
    """

    event: str
    date: datetime.date
    data: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    event_id: str | None = attrs.field(default=None, eq=False)
    recorded_at: datetime.datetime | None = attrs.field(default=None, eq=False)
    recorded_by: str | None = attrs.field(default=None, eq=False)
    seq: int = attrs.field(default=0, eq=False)

    @property
    def on(self) -> datetime.date:
        """The legal date the event happened (the same as :attr:`date`)."""
        return self.date

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: ``{"event", "date", "data"}``."""
        return {
            "event": self.event,
            "date": self.date.isoformat(),
            "data": _json_data(self.data),
        }


def _json_data(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


# ------------------------------------------------------------ the history as kept

DataItems = tuple[tuple[str, Any], ...]
"""An event's data as kept in the history: its ``(key, value)`` pairs, in order."""

HistoryEntry = tuple[
    str, datetime.date, DataItems, str | None, datetime.datetime | None, str | None, int
]
"""One event of the effective history as a procedure keeps it: a plain tuple.

``(event, date, data items, event_id, recorded_at, recorded_by, seq)``, read by the
``ENTRY_*`` indices: the fields of its :class:`EventRecord` (:func:`record_of` builds it).
An exact tuple of untracked values (strings, dates, aware datetimes, ints, ``None``, and the
data's pairs of atomic values) is untracked by the garbage collector's next pass, where a
frozen attrs record stays tracked for good: nothing per event for a collection to walk
(issue 14).
"""

ENTRY_EVENT: Final = 0
"""Index of the event's name in a :data:`HistoryEntry`."""
ENTRY_DATE: Final = 1
"""Index of the event's legal date (``on``) in a :data:`HistoryEntry`."""
ENTRY_DATA: Final = 2
"""Index of the event's :data:`DataItems` in a :data:`HistoryEntry`."""
ENTRY_EVENT_ID: Final = 3
"""Index of the event's id in a :data:`HistoryEntry`."""
ENTRY_RECORDED_AT: Final = 4
"""Index of the instant the event was recorded in a :data:`HistoryEntry`."""
ENTRY_RECORDED_BY: Final = 5
"""Index of who recorded the event in a :data:`HistoryEntry`."""
ENTRY_SEQ: Final = 6
"""Index of the ``seq`` of the audit record that entered the event in a :data:`HistoryEntry`."""

_ABSENT: Final = object()
"""No such data key (:func:`entry_item`)."""

_NO_DATA: Final[Mapping[str, Any]] = MappingProxyType({})
"""The data of every event without data: one shared read-only mapping."""

_ATOMIC: Final = frozenset({str, int, bool, type(None), datetime.date})  # not float: 0.0 == -0.0
_MAX_SHARED_DATA: Final = 4096
# data key -> (items, mapping); id(items) -> the same pair (the items are kept alive by it,
# so their id names them while they are here). Emptied together when full.
_SHARED_DATA: dict[tuple[Any, ...], tuple[DataItems, Mapping[str, Any]]] = {}
_SHARED_BY_ITEMS: dict[int, tuple[DataItems, Mapping[str, Any]]] = {}


def _data_key(items: Iterable[tuple[str, Any]]) -> tuple[Any, ...] | None:
    """A key equal only for event data that write the same (types included), or ``None``.

    Keys, their order, and each value with its type (``1`` is not ``True``); tuple values
    with the type of each item. Other values (none today) are not keyed.
    """
    key: list[Any] = []
    for k, v in items:
        kind = type(v)
        if kind in _ATOMIC:
            key.append((k, kind, v))
        elif kind is tuple and all(type(x) in _ATOMIC for x in v):
            key.append((k, kind, tuple(map(type, v)), v))
        else:
            return None
    return tuple(key)


def _share(
    key: tuple[Any, ...], items: DataItems, clean: dict[str, Any]
) -> tuple[DataItems, Mapping[str, Any]]:
    """Keep ``items`` and a read-only mapping of ``clean`` as the shared pair of ``key``.

    At most :data:`_MAX_SHARED_DATA` pairs are kept (emptied when full).
    """
    if len(_SHARED_DATA) >= _MAX_SHARED_DATA:
        _SHARED_DATA.clear()
        _SHARED_BY_ITEMS.clear()
    shared = _SHARED_DATA[key] = (items, MappingProxyType(clean))
    _SHARED_BY_ITEMS[id(items)] = shared
    return shared


def data_items(clean: dict[str, Any]) -> DataItems:
    """An event's data as kept in the history, shared by every event with the same data.

    Event data repeat (the same centres, ``approved=True``): one tuple of pairs serves them
    all. Data of atomic values and tuples of them (:func:`shared_data`) are kept as an exact
    tuple the garbage collector untracks; other values (none today) are kept too, in a
    tuple of their own (tracked, as they are).
    """
    if not clean:
        return ()
    key = _data_key(clean.items())
    if key is None:
        return tuple(clean.items())
    shared = _SHARED_DATA.get(key) or _share(key, tuple(clean.items()), clean)
    return shared[0]


def data_mapping(items: DataItems) -> Mapping[str, Any]:
    """The read-only mapping of an event's :data:`DataItems` (shared by equal data).

    The mapping of :attr:`EventRecord.data`: for data kept by :func:`data_items`, the one
    :func:`shared_data` gives for them.
    """
    if not items:
        return _NO_DATA
    shared = _SHARED_BY_ITEMS.get(id(items))
    if shared is not None and shared[0] is items:
        return shared[1]
    key = _data_key(items)
    if key is None:
        return MappingProxyType(dict(items))
    shared = _SHARED_DATA.get(key) or _share(key, items, dict(items))
    return shared[1]


def shared_data(clean: dict[str, Any]) -> Mapping[str, Any]:
    """The read-only mapping of an event's data, shared by every event with the same data.

    Event data repeat (the same centres, ``approved=True``): one read-only mapping serves
    them all (issue 14). At most 4,096 are kept (emptied when full); data that cannot be
    keyed get their own.
    """
    return data_mapping(data_items(clean))


def entry_data(entry: HistoryEntry) -> Mapping[str, Any]:
    """The data of a history entry as its record's read-only mapping (:func:`data_mapping`)."""
    return data_mapping(entry[ENTRY_DATA])


def entry_value(entry: HistoryEntry, key: str, default: Any = None) -> Any:
    """The value of data key ``key`` of a history entry, or ``default``."""
    for k, v in entry[ENTRY_DATA]:
        if k == key:
            return v
    return default


def entry_item(entry: HistoryEntry, key: str) -> Any:
    """The value of data key ``key`` of a history entry, which must have it.

    As ``record.data[key]``: :class:`KeyError` if the entry has no such key (a folded
    document's event lacking a key the rules need is refused, not read as ``None``).
    """
    value = entry_value(entry, key, _ABSENT)
    if value is _ABSENT:
        raise KeyError(key)
    return value


def entry_with_data(entry: HistoryEntry, items: DataItems) -> HistoryEntry:
    """The history entry ``entry`` with the data ``items`` instead of its own."""
    event, day, _, event_id, recorded_at, recorded_by, seq = entry
    return (event, day, items, event_id, recorded_at, recorded_by, seq)


def record_of(entry: HistoryEntry) -> EventRecord:
    """The :class:`EventRecord` of a history entry (built on demand, equal every time)."""
    event, day, items, event_id, recorded_at, recorded_by, seq = entry
    return EventRecord(
        event,
        day,
        data_mapping(items),
        event_id=event_id,
        recorded_at=recorded_at,
        recorded_by=recorded_by,
        seq=seq,
    )


def entry_of(record: EventRecord) -> HistoryEntry:
    """The history entry of an :class:`EventRecord` (its data's pairs shared, as live)."""
    return (
        record.event,
        record.date,
        data_items(dict(record.data)),
        record.event_id,
        record.recorded_at,
        record.recorded_by,
        record.seq,
    )


@attrs.frozen
class AuditRecord:
    """One entry of a procedure's append-only audit log.

    Attributes:
        seq: 1-based, gapless, in recording order.
        kind: ``"event"``, ``"correction"`` or ``"retraction"``.
        event_id: The record's own id (for an event: the event's id).
        event: The event's name (for a correction: the corrected event's; ``None`` for a
            retraction).
        on: The event's legal date (for a correction: the corrected date; ``None`` for a
            retraction).
        recorded_at: The aware instant of recording (``None``: unknown, version-2 document).
        recorded_by: Who recorded it, if given.
        data: The event's data, JSON-safe (for a correction: all of it, after the correction).
        corrects: The ``event_id`` a correction or retraction targets, else ``None``.
        reason: Why (corrections and retractions), else ``None``.
        rules_version: The rules the record was decided by, when not the document's
            top-level ``rules_version`` (a new event of a folded procedure, decided by
            today's rules); ``None``: the document's.
    """

    seq: int
    kind: AuditKind
    event_id: str
    event: str | None
    on: datetime.date | None
    recorded_at: datetime.datetime | None
    recorded_by: str | None = None
    data: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    corrects: str | None = None
    reason: str | None = None
    rules_version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, read back by :func:`audit_record_from_dict`.

        ``"rules_version"`` only when the record has its own (:attr:`rules_version`).
        """
        out: dict[str, Any] = {
            "seq": self.seq,
            "kind": self.kind,
            "event_id": self.event_id,
            "event": self.event,
            "on": None if self.on is None else self.on.isoformat(),
            "recorded_at": None if self.recorded_at is None else self.recorded_at.isoformat(),
            "recorded_by": self.recorded_by,
            "data": _json_data(self.data),
            "corrects": self.corrects,
            "reason": self.reason,
        }
        if self.rules_version is not None:
            out["rules_version"] = self.rules_version
        return out


LogEntry = AuditRecord | HistoryEntry
"""An entry of a procedure's audit log: a record, or a live event kept as its history entry."""


def effective_events(audit: Iterable[AuditRecord]) -> list[EventRecord]:
    """The effective history an audit log amounts to, in order of ``on`` then ``seq``.

    An event adds a record; a correction replaces what its target said (name kept, date and
    data as corrected); a retraction removes its target. Events on the same day keep their
    recorded order (the ``seq`` of the original event).

    Raises:
        HistoryError: A correction or retraction targets no event in effect.
    """
    live: dict[str, EventRecord] = {}
    for r in audit:
        if r.kind == "event":
            assert r.event is not None
            assert r.on is not None
            live[r.event_id] = EventRecord(
                r.event,
                r.on,
                r.data,
                event_id=r.event_id,
                recorded_at=r.recorded_at,
                recorded_by=r.recorded_by,
                seq=r.seq,
            )
            continue
        target = live.get(r.corrects or "")
        if target is None:
            if r.kind == "retraction":
                text = Text("error.records.retraction_target", seq=r.seq, target=echo(r.corrects))
            else:
                text = Text("error.records.correction_target", seq=r.seq, target=echo(r.corrects))
            raise HistoryError(text)
        if r.kind == "retraction":
            del live[target.event_id or ""]
        else:
            assert r.on is not None
            live[target.event_id or ""] = attrs.evolve(target, date=r.on, data=r.data)
    events = list(live.values())
    events.sort(key=lambda e: (e.date, e.seq))
    return events


def known_prefix(
    audit: Iterable[AuditRecord], known_at: datetime.datetime | None
) -> list[AuditRecord]:
    """The audit records known at ``known_at``: the records in order up to the first later one.

    A record of unknown instant (``None``, from a version-2 document) counts as known since
    ever (interpretation ``RECORDED-AT-UNKNOWN-KNOWN``: the document says it was known when
    the document was converted, and nothing more precise). The prefix is taken in recording
    order, so what it contains was once the whole log and passed the rules.
    """
    out: list[AuditRecord] = []
    for r in audit:
        if known_at is not None and r.recorded_at is not None and r.recorded_at > known_at:
            break
        out.append(r)
    return out


class UnknownEventError(ProcedureError, InputError):
    """An event name (or data key) a procedure does not know; ``allowed`` lists what it accepts."""


class CorrectionRefusedError(ProcedureError):
    """A correction or retraction that would make the history illegal; nothing changed.

    The message names the event where the corrected history breaks and why; ``points``,
    ``event`` and ``allowed`` are those of that refusal; ``__cause__`` is the refusal itself.

    Attributes:
        target: The ``event_id`` the correction or retraction was aimed at.
    """

    def __init__(
        self,
        message: str | Text,
        *,
        target: str,
        points: Iterable[str] = (),
        event: str | None = None,
        allowed: Iterable[str] = (),
    ) -> None:
        self.target = target
        super().__init__(message, points=points, event=event, allowed=allowed)

    def __reduce__(self) -> tuple[Any, ...]:
        message = self.reason if self.text is None else self.text
        return (_rebuild_refused, (message, self.target, self.points, self.event, self.allowed))


def _rebuild_refused(
    message: str | Text,
    target: str,
    points: tuple[str, ...],
    event: str | None,
    allowed: tuple[str, ...],
) -> CorrectionRefusedError:
    return CorrectionRefusedError(
        message, target=target, points=points, event=event, allowed=allowed
    )


def plain_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Event data, JSON-safe: tuples as lists.

    >>> plain_data({"centres": ("Cēsis",), "approved": True})
    {'centres': ['Cēsis'], 'approved': True}
    """
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
