"""Reading documents strictly: their audit records, and older versions.

The values of a document are checked first, by :mod:`vkac_flow.procedures.checking`
(:func:`check_document`, :func:`json_document`, re-exported here). :func:`audit_record_from_dict`
reads one entry exactly as :meth:`~vkac_flow.procedures.records.AuditRecord.to_dict` writes
it (structure only: the rules are checked when the log is replayed); :func:`upcast_v2` turns
a version-2 document (a ``history`` of events) into version 3 (an ``audit`` log), the one
upcaster. The exact keys per version are listed in ``docs/reliability.md``.
"""

from __future__ import annotations

import datetime
import functools
import operator
import re
from collections.abc import Mapping
from typing import Any, Final, TypeAlias

from vkac_flow.errors import (
    MAX_NAME_LENGTH,
    HistoryError,
    VkacFlowError,
    check_name,
    echo,
    echo_many,
)
from vkac_flow.messages import Text
from vkac_flow.procedures.checking import (
    MAX_DOCUMENT_DEPTH,
    MAX_DOCUMENT_INT_BITS,
    all_written,
    check_document,
    json_document,
)
from vkac_flow.procedures.reasons import reason_of
from vkac_flow.procedures.records import AUDIT_KINDS, AuditKind, AuditRecord, event_id_for

__all__ = [
    "HISTORY_ITEM_KEYS",
    "MAX_DOCUMENT_DEPTH",
    "MAX_DOCUMENT_INT_BITS",
    "MAX_REASON_LENGTH",
    "AuditFields",
    "audit_record_from_dict",
    "check_document",
    "json_document",
    "quick_audit_fields",
    "read_audit_fields",
    "upcast_v2",
]

MAX_REASON_LENGTH: Final = 2000
"""The longest reason of a correction or retraction, in characters (names: 500)."""

HISTORY_ITEM_KEYS: Final = ("event", "date", "data")
"""The exact keys of a history item of a version-1 or version-2 document."""

_TEXT_LIMITS: Final = {"recorded_by": MAX_NAME_LENGTH, "reason": MAX_REASON_LENGTH}


_ISO_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_AUDIT_KEYS: Final = frozenset(
    {"seq", "kind", "event_id", "event", "on", "recorded_at", "recorded_by", "data"}
    | {"corrects", "reason"}
)
_AUDIT_KEYS_WITH_RULES: Final = _AUDIT_KEYS | {"rules_version"}
"""An audit item's keys when the record has its own rules version (``AuditRecord.to_dict``)."""


@functools.lru_cache(maxsize=1024)
def _written_day(text: str) -> datetime.date | None:
    """The date ``text`` writes (``YYYY-MM-DD``), or ``None`` (cached: a log repeats days)."""
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


@functools.lru_cache(maxsize=1024)
def _written_instant(text: str) -> datetime.datetime | None:
    """The aware instant ``text`` writes exactly as ``isoformat()`` does, or ``None`` (cached)."""
    try:
        at = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if at.tzinfo is None or at.isoformat() != text:
        return None
    return at


def _optional_str(item: Mapping[str, Any], key: str, seq: int) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if value is not None and type(value) is not str:
        raise HistoryError(Text("error.reading.not_string", seq=seq, key=key, value=echo(value)))
    if value is not None and key in ("recorded_by", "reason"):
        # as the boundary accepts them (check_name), and as written: already stripped
        try:
            clean = check_name(value, key, max_length=_TEXT_LIMITS[key])
        except VkacFlowError as err:
            raise HistoryError(
                Text("error.reading.record", seq=seq, reason=reason_of(err))
            ) from None
        if clean != value:
            raise HistoryError(
                Text("error.reading.not_as_written", seq=seq, key=key, value=echo(value))
            )
    return value


AuditFields: TypeAlias = tuple[
    int,
    AuditKind,
    str,
    "str | None",
    "datetime.date | None",
    "datetime.datetime | None",
    "str | None",
    "dict[str, Any]",
    "str | None",
    "str | None",
    "str | None",
]
"""The fields of an :class:`~vkac_flow.procedures.records.AuditRecord`, in its order.

What :func:`read_audit_fields` returns: a replay of a log of events only reads them without
building the record values, which it would drop (its history records are kept instead).
"""


def audit_record_from_dict(item: object, seq: int) -> AuditRecord:
    """Read one :meth:`AuditRecord.to_dict` entry strictly (the ``seq``-th of its log).

    Structure only: the rules are checked when the log is replayed.

    Raises:
        HistoryError: Not exactly what :meth:`AuditRecord.to_dict` writes.
    """
    return AuditRecord(*read_audit_fields(item, seq))


def read_audit_fields(item: object, seq: int) -> AuditFields:
    """:func:`audit_record_from_dict`'s checks, returning the record's fields as a tuple.

    Raises:
        HistoryError: Not exactly what :meth:`AuditRecord.to_dict` writes.
    """
    if type(item) is not dict and not isinstance(item, Mapping):
        raise HistoryError(Text("error.reading.not_mapping", seq=seq, got=type(item).__name__))
    if item.keys() != _AUDIT_KEYS and item.keys() != _AUDIT_KEYS_WITH_RULES:
        keys = set(item)
        raise HistoryError(
            Text(
                "error.reading.keys",
                seq=seq,
                expected=", ".join(sorted(_AUDIT_KEYS)),
                got=echo_many(sorted(map(str, keys))),
            )
        )
    if type(item["seq"]) is not int or item["seq"] != seq:
        raise HistoryError(Text("error.reading.seq", seq=seq, got=echo(item["seq"])))
    kind = item["kind"]
    if kind not in AUDIT_KINDS:
        raise HistoryError(Text("error.reading.kind", seq=seq, kinds=", ".join(AUDIT_KINDS)))
    event_id = item["event_id"]
    if event_id != event_id_for(seq):
        raise HistoryError(
            Text("error.reading.event_id", seq=seq, expected=echo(event_id_for(seq)))
        )
    event = item["event"]
    if event is not None and type(event) is not str:
        event = _optional_str(item, "event", seq)  # raises
    on_text = item["on"]
    on: datetime.date | None = None
    if on_text is not None:
        on = _written_day(on_text) if type(on_text) is str else None
        if on is None:
            if type(on_text) is not str or not _ISO_DAY.fullmatch(on_text):
                raise HistoryError(Text("error.reading.date_format", seq=seq), event=event)
            raise HistoryError(
                Text("error.reading.not_a_date", seq=seq, value=echo(on_text)), event=event
            )
    at_text = item["recorded_at"]
    at: datetime.datetime | None = None
    if at_text is not None:
        at = _written_instant(at_text) if type(at_text) is str else None
        if at is None:
            raise HistoryError(Text("error.reading.recorded_at", seq=seq))
    data = item["data"]
    if not (type(data) is dict or isinstance(data, Mapping)) or not all(
        type(k) is str for k in data
    ):
        raise HistoryError(Text("error.reading.data", seq=seq), event=event)
    recorded_by = item["recorded_by"]
    if recorded_by is not None:
        recorded_by = _optional_str(item, "recorded_by", seq)
    corrects = item["corrects"]
    if corrects is not None:
        corrects = _optional_str(item, "corrects", seq)
    reason = item["reason"]
    if reason is not None:
        reason = _optional_str(item, "reason", seq)
    rules_version = item.get("rules_version")
    if rules_version is not None:
        rules_version = _optional_str(item, "rules_version", seq)
    if "rules_version" in item and not (rules_version or "").strip():
        raise HistoryError(Text("error.reading.rules_version", seq=seq))
    shape = _shape_error(kind, event, on, data, corrects, reason)
    if shape is not None:
        raise HistoryError(Text("error.reading.record", seq=seq, reason=shape), event=event)
    # positional, in AuditRecord's order: seq, kind, event_id, event, on, recorded_at...
    return (
        seq,
        kind,
        event_id,
        event,
        on,
        at,
        recorded_by,
        dict(data),
        corrects,
        reason,
        rules_version,
    )


def quick_audit_fields(doc: object) -> list[AuditFields] | None:
    """The fields of every record of ``doc``'s audit log, if the whole document is as written.

    The quick path of reading a version-3 document (issue 14): one pass that accepts
    exactly what :func:`check_document` and then :func:`read_audit_fields` (record by
    record) accept, and returns what the latter would, without walking the log twice. It
    never raises and never calls a method of a value it has not found to be of a plain JSON
    type: ``None`` means "not judged here" (another shape, or something refused), and the
    caller takes the strict path, which names what is wrong.
    """
    if type(doc) is not dict:
        return None
    rest: list[Any] = []
    items: object = None
    for k, v in doc.items():
        if type(k) is not str or not k.isascii():
            return None
        if k == "audit":
            items = v
        else:
            rest.append(v)
    if type(items) is not list or not all_written(rest, 0):
        return None
    out: list[AuditFields] = []
    for seq, item in enumerate(items, start=1):
        fields = _quick_record(item, seq)
        if fields is None:
            return None
        out.append(fields)
    return out


_FIELDS: Final = operator.itemgetter(
    "seq",
    "kind",
    "event_id",
    "event",
    "on",
    "recorded_at",
    "recorded_by",
    "data",
    "corrects",
    "reason",
)
"""A record's values in :class:`AuditRecord`'s order (all but its own rules version)."""

_EVENT_SHAPE: Final = (int, str, str, str, str, str, type(None), dict, type(None), type(None))
_EVENT_SHAPE_BY: Final = (int, str, str, str, str, str, str, dict, type(None), type(None))
"""The value types of an event record as written (live: a ``recorded_at``; with or
without ``recorded_by``), the shape :func:`_quick_record` reads without a check per field."""


def _quick_record(item: object, seq: int) -> AuditFields | None:
    """:func:`read_audit_fields` of the ``seq``-th record if it accepts it, else ``None``."""
    if type(item) is not dict:
        return None
    for k in item:  # plain strings only, before any comparison of the keys
        if type(k) is not str:
            return None
    if len(item) != 10 or item.keys() != _AUDIT_KEYS:
        if item.keys() != _AUDIT_KEYS_WITH_RULES:
            return None
        return _quick_other(item, seq)
    values = _FIELDS(item)
    shape = tuple(map(type, values))  # compared by identity: ``==`` runs a metaclass's __eq__
    if not all(map(operator.is_, shape, _EVENT_SHAPE)) and not all(
        map(operator.is_, shape, _EVENT_SHAPE_BY)
    ):
        return _quick_other(item, seq)
    _, kind, event_id, event, on_text, at_text, recorded_by, data, _, _ = values
    if values[0] != seq or kind != "event" or event_id != event_id_for(seq) or not event.isascii():
        return None  # (an event of an unknown name: refused by the replay, with its name)
    on = _written_day(on_text)
    at = _written_instant(at_text)
    if on is None or at is None or (data and not all_written(data, 3)):
        return None  # (the data: the document, its log, the record, the data)
    if recorded_by is not None:
        try:
            if check_name(recorded_by, "recorded_by") != recorded_by:
                return None
        except VkacFlowError:
            return None
    return (seq, kind, event_id, event, on, at, recorded_by, dict(data), None, None, None)


def _quick_other(item: dict[str, Any], seq: int) -> AuditFields | None:
    """:func:`_quick_record` of a record of another shape (its keys plain strings).

    A correction, a retraction, a record with its own rules version: fewer than the events,
    read by :func:`read_audit_fields` itself once the record's values are found to be only
    what a writer writes (the record sits at depth 2: the document, its log, the record).
    """
    if not all_written(item, 2):
        return None
    try:
        return read_audit_fields(item, seq)
    except HistoryError:
        return None


def _shape_error(
    kind: str,
    event: str | None,
    on: datetime.date | None,
    data: Mapping[str, Any],
    corrects: str | None,
    reason: str | None,
) -> Text | None:
    """What is wrong with a record's fields for its kind (``None`` if nothing)."""
    if kind == "event":
        if event is None or on is None or corrects is not None or reason is not None:
            return Text("error.reading.shape_event")
    elif kind == "correction":
        if event is None or on is None or corrects is None:
            return Text("error.reading.shape_correction")
    elif event is not None or on is not None or data or corrects is None:
        return Text("error.reading.shape_retraction")
    elif reason is None:
        return Text("error.reading.shape_reason")
    return None


def upcast_v2(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A version-2 document as version 3: its ``history`` becomes the ``audit`` log.

    Every event becomes an ``"event"`` record: ``seq`` and ``event_id`` from its position
    (``"e1"``, ``"e2"``...), ``recorded_at`` and ``recorded_by`` unknown (``None``).

    Raises:
        HistoryError: The history is not a list of ``{event, date, data}`` mappings.
    """
    history = doc.get("history")
    if not isinstance(history, list):
        raise HistoryError(Text("error.reading.history_list", got=type(history).__name__))
    audit = []
    for i, item in enumerate(history, start=1):
        if not isinstance(item, Mapping):
            raise HistoryError(
                Text("error.reading.history_mapping", number=i, got=type(item).__name__)
            )
        if set(item) != set(HISTORY_ITEM_KEYS):
            raise HistoryError(
                Text("error.reading.history_keys", number=i, got=echo_many(sorted(map(str, item))))
            )
        audit.append(
            {
                "seq": i,
                "kind": "event",
                "event_id": event_id_for(i),
                "event": item["event"],
                "on": item["date"],
                "recorded_at": None,
                "recorded_by": None,
                "data": item["data"],
                "corrects": None,
                "reason": None,
            }
        )
    out = {k: v for k, v in doc.items() if k != "history"}
    out["version"] = 3
    out["audit"] = audit
    return out
