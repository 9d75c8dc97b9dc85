"""Reading audit records from documents, strictly, and upcasting older documents.

:func:`audit_record_from_dict` reads one entry exactly as
:meth:`~vkac_flow.procedures.records.AuditRecord.to_dict` writes it (structure only: the rules
are checked when the log is replayed); :func:`upcast_v2` turns a version-2 document (a
``history`` of events) into version 3 (an ``audit`` log), the one upcaster.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any, Final

from vkac_flow.errors import HistoryError
from vkac_flow.procedures.records import AUDIT_KINDS, AuditRecord, event_id_for

__all__ = ["audit_record_from_dict", "upcast_v2"]

_ISO_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_AUDIT_KEYS: Final = frozenset(
    {"seq", "kind", "event_id", "event", "on", "recorded_at", "recorded_by", "data"}
    | {"corrects", "reason"}
)


def _optional_str(item: Mapping[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is not None and type(value) is not str:
        raise HistoryError(f"{where}: {key} must be a string or null, got {value!r}"[:300])
    return value


def audit_record_from_dict(item: object, seq: int) -> AuditRecord:
    """Read one :meth:`AuditRecord.to_dict` entry strictly (the ``seq``-th of its log).

    Structure only: the rules are checked when the log is replayed.

    Raises:
        HistoryError: Not exactly what :meth:`AuditRecord.to_dict` writes.
    """
    where = f"audit record #{seq}"
    if not isinstance(item, Mapping):
        raise HistoryError(f"{where}: expected a mapping, got {type(item).__name__}")
    keys = set(item)
    if keys != _AUDIT_KEYS:
        raise HistoryError(
            f"{where}: expected keys {', '.join(sorted(_AUDIT_KEYS))}, got "
            f"{sorted(map(str, keys))}"[:400]
        )
    if type(item["seq"]) is not int or item["seq"] != seq:
        raise HistoryError(f"{where}: seq must be {seq} (gapless, in order), got {item['seq']!r}")
    kind = item["kind"]
    if kind not in AUDIT_KINDS:
        raise HistoryError(f"{where}: kind must be one of {', '.join(AUDIT_KINDS)}")
    event_id = item["event_id"]
    if event_id != event_id_for(seq):
        raise HistoryError(f"{where}: event_id must be {event_id_for(seq)!r}")
    event = _optional_str(item, "event", where)
    on_text = item["on"]
    on: datetime.date | None = None
    if on_text is not None:
        if type(on_text) is not str or not _ISO_DAY.fullmatch(on_text):
            raise HistoryError(
                f"{where}: the date must be written YYYY-MM-DD, as to_dict writes it", event=event
            )
        try:
            on = datetime.date.fromisoformat(on_text)
        except ValueError:
            raise HistoryError(f"{where}: {on_text!r} is not a date", event=event) from None
    at_text = item["recorded_at"]
    at: datetime.datetime | None = None
    if at_text is not None:
        try:
            at = datetime.datetime.fromisoformat(at_text) if type(at_text) is str else None
        except ValueError:
            at = None
        if at is None or at.tzinfo is None or at.isoformat() != at_text:
            raise HistoryError(
                f"{where}: recorded_at must be an aware ISO-8601 instant, as to_dict writes it"
            )
    data = item["data"]
    if not isinstance(data, Mapping) or not all(type(k) is str for k in data):
        raise HistoryError(f"{where}: data must be a mapping", event=event)
    record = AuditRecord(
        seq=seq,
        kind=kind,
        event_id=event_id,
        event=event,
        on=on,
        recorded_at=at,
        recorded_by=_optional_str(item, "recorded_by", where),
        data=dict(data),
        corrects=_optional_str(item, "corrects", where),
        reason=_optional_str(item, "reason", where),
    )
    shape = _shape_error(record)
    if shape:
        raise HistoryError(f"{where}: {shape}", event=event)
    return record


def _shape_error(r: AuditRecord) -> str:
    """What is wrong with the fields of ``r`` for its kind ('' if nothing)."""
    if r.kind == "event":
        if r.event is None or r.on is None or r.corrects is not None or r.reason is not None:
            return "an event has an event name and a date, and no corrects or reason"
    elif r.kind == "correction":
        if r.event is None or r.on is None or r.corrects is None:
            return "a correction has an event name, a date and corrects"
    elif r.event is not None or r.on is not None or r.data or r.corrects is None:
        return "a retraction has corrects and a reason only"
    elif r.reason is None:
        return "a retraction has a reason"
    return ""


def upcast_v2(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A version-2 document as version 3: its ``history`` becomes the ``audit`` log.

    Every event becomes an ``"event"`` record: ``seq`` and ``event_id`` from its position
    (``"e1"``, ``"e2"``...), ``recorded_at`` and ``recorded_by`` unknown (``None``).

    Raises:
        HistoryError: The history is not a list of ``{event, date, data}`` mappings.
    """
    history = doc.get("history")
    if not isinstance(history, list):
        raise HistoryError(f"history must be a list, got {type(history).__name__}")
    audit = []
    for i, item in enumerate(history, start=1):
        where = f"event #{i}"
        if not isinstance(item, Mapping):
            raise HistoryError(f"{where}: expected a mapping, got {type(item).__name__}")
        extra = set(item) - {"event", "date", "data"}
        if extra or "event" not in item or "date" not in item:
            raise HistoryError(
                f"{where}: expected keys event, date and data, got {sorted(map(str, item))}"
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
                "data": item.get("data", {}),
                "corrects": None,
                "reason": None,
            }
        )
    out = {k: v for k, v in doc.items() if k != "history"}
    out["version"] = 3
    out["audit"] = audit
    return out
