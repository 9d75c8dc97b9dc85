"""Reading documents strictly: their values, their audit records, and older versions.

:func:`check_document` refuses, before anything else reads a document, every value that
:meth:`~vkac_flow.procedures.codec.Documented.to_dict` never writes (non-JSON types, keys
that are not strings, integers beyond 64 bits, non-finite floats, strings that cannot be
written as UTF-8, nesting deeper than :data:`MAX_DOCUMENT_DEPTH`), without unbounded recursion;
:func:`json_document` parses JSON text under the same limits. :func:`audit_record_from_dict`
reads one entry exactly as :meth:`~vkac_flow.procedures.records.AuditRecord.to_dict` writes
it (structure only: the rules are checked when the log is replayed); :func:`upcast_v2` turns
a version-2 document (a ``history`` of events) into version 3 (an ``audit`` log), the one
upcaster. The exact keys per version are listed in ``docs/reliability.md``.
"""

from __future__ import annotations

import datetime
import functools
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from vkac_flow.errors import (
    MAX_NAME_LENGTH,
    HistoryError,
    VkacFlowError,
    check_name,
    echo,
    echo_many,
)
from vkac_flow.procedures.records import AUDIT_KINDS, AuditRecord, event_id_for

__all__ = [
    "HISTORY_ITEM_KEYS",
    "MAX_DOCUMENT_DEPTH",
    "MAX_DOCUMENT_INT_BITS",
    "MAX_REASON_LENGTH",
    "audit_record_from_dict",
    "check_document",
    "json_document",
    "upcast_v2",
]

MAX_DOCUMENT_DEPTH: Final = 32
"""The deepest nesting of lists and mappings a document may have (the writer's is under 10)."""

MAX_DOCUMENT_INT_BITS: Final = 63
"""Integers in a document fit in 64 bits (signed); larger ones are refused, never formatted."""

MAX_REASON_LENGTH: Final = 2000
"""The longest reason of a correction or retraction, in characters (names: 500)."""

HISTORY_ITEM_KEYS: Final = ("event", "date", "data")
"""The exact keys of a history item of a version-1 or version-2 document."""

_TEXT_LIMITS: Final = {"recorded_by": MAX_NAME_LENGTH, "reason": MAX_REASON_LENGTH}

_MAX_INT_DIGITS: Final = 19  # 2**63 has 19 digits: longer JSON numbers are refused unparsed


def _kind_of(value: object) -> str:
    return "null" if value is None else type(value).__name__


def check_document(doc: object, what: str = "document") -> None:
    r"""Refuse any value in ``doc`` that a document writer never writes (iteratively).

    Accepted: ``None``, ``bool``, ``int`` of at most 64 bits, finite ``float``, ``str``
    encodable as UTF-8 (no lone surrogates), ``list`` and mappings with string keys, nested
    at most :data:`MAX_DOCUMENT_DEPTH` deep. One quick pass (recursing at most that deep)
    accepts the common document; the walk that names a refused value is iterative, so a value
    nested 100,000 deep (or a list that contains itself) is refused, not a ``RecursionError``.

    >>> check_document({"a": [1, "x", None]})
    >>> check_document({"a": "\ud800"})
    Traceback (most recent call last):
    ...
    vkac_flow.errors.HistoryError: document: a string with a lone surrogate (not UTF-8) at ['a']: '\ud800'

    Raises:
        HistoryError: The first refused value, with where it is.
    """
    if isinstance(doc, dict | list) and type(doc) in (dict, list) and _all_written(doc, 0):
        return  # the common case: one pass, no paths kept (issue 14)
    _find_refused(doc, what)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _all_written(value: dict[Any, Any] | list[Any], depth: int) -> bool:
    """Whether ``value`` (a dict or list) holds only what a writer writes (no paths kept).

    Recursion is bounded by :data:`MAX_DOCUMENT_DEPTH`. ``False`` also for what this quick
    pass does not judge (mappings other than ``dict``): :func:`_find_refused` then decides.
    """
    if depth >= MAX_DOCUMENT_DEPTH:
        return False
    children: Iterable[Any]
    if type(value) is dict:
        for k in value:
            if type(k) is not str or not (k.isascii() or _utf8(k)):
                return False
        children = value.values()
    else:
        children = value
    for v in children:
        kind = type(v)
        if kind is str:
            if not (v.isascii() or _utf8(v)):
                return False
        elif kind is int:
            if v.bit_length() > MAX_DOCUMENT_INT_BITS:
                return False
        elif kind is bool or v is None:
            continue
        elif kind is float:
            if not math.isfinite(v):
                return False
        elif kind is dict or kind is list:
            if not _all_written(v, depth + 1):
                return False
        else:
            return False
    return True


def _find_refused(doc: object, what: str) -> None:
    """Walk ``doc`` iteratively, keeping paths, and raise for the first refused value."""
    stack: list[tuple[object, int, tuple[object, ...]]] = [(doc, 0, ())]
    while stack:
        value, depth, path = stack.pop()
        if value is None or value is True or value is False:
            continue
        kind = type(value)
        if kind is str:
            assert isinstance(value, str)
            if not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    _refuse(what, "a string with a lone surrogate (not UTF-8)", path, value)
            continue
        if kind is int:
            assert isinstance(value, int)
            if value.bit_length() > MAX_DOCUMENT_INT_BITS:
                _refuse(what, "an integer beyond 64 bits", path, value)
            continue
        if kind is float:
            assert isinstance(value, float)
            if not math.isfinite(value):
                _refuse(what, "a number that is not finite", path, value)
            continue
        if depth >= MAX_DOCUMENT_DEPTH:
            _refuse(what, f"nested deeper than {MAX_DOCUMENT_DEPTH} levels", path[:8], None)
        if kind is list:
            assert isinstance(value, list)
            stack.extend((v, depth + 1, (*path, i)) for i, v in enumerate(value))
        elif isinstance(value, Mapping):
            items = list(value.items())
            for k, v in items:
                if type(k) is not str:
                    _refuse(what, f"a key of type {_kind_of(k)}", path, k)
                stack.append((k, depth + 1, (*path, "<key>")))
                stack.append((v, depth + 1, (*path, k)))
        else:
            _refuse(what, f"a value of type {_kind_of(value)} (not JSON)", path, value)


def _refuse(what: str, problem: str, path: tuple[object, ...], value: object) -> None:
    where = f" at {echo(list(path))}" if path else ""
    shown = "" if value is None else f": {echo(value)}"
    raise HistoryError(f"{what}: {problem}{where}{shown}")


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise HistoryError(f"document: a number of {len(text)} digits is out of range")
    return int(text)


def _parse_constant(text: str) -> float:
    raise HistoryError(f"document: {text} is not a JSON number")


def json_document(text: object) -> Any:
    """Parse the JSON text of a document under the limits of :func:`check_document`.

    >>> json_document('{"format": "vkac_flow.transfer"}')
    {'format': 'vkac_flow.transfer'}
    >>> json_document('[' + '1' * 5000 + ']')
    Traceback (most recent call last):
    ...
    vkac_flow.errors.HistoryError: document: a number of 5000 digits is out of range

    Raises:
        HistoryError: ``text`` is not a string (or bytes) of JSON, or holds a refused value.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as err:
            raise HistoryError(f"not a JSON document: not UTF-8 ({err.reason})") from None
    if not isinstance(text, str):
        raise HistoryError(f"expected the JSON text of a document, got {_kind_of(text)}")
    try:
        doc = json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)
    except json.JSONDecodeError as err:
        raise HistoryError(
            f"not a JSON document: {err.msg} (line {err.lineno}, column {err.colno})"
        ) from None
    except RecursionError:
        raise HistoryError("not a procedure document: nested too deeply") from None
    except HistoryError:
        raise
    except ValueError as err:  # pragma: no cover - what json may raise besides the above
        raise HistoryError(f"not a JSON document: {type(err).__name__}") from None
    check_document(doc)
    return doc


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
    where = f"audit record #{seq}"
    if value is not None and type(value) is not str:
        raise HistoryError(f"{where}: {key} must be a string or null, got {echo(value)}")
    if value is not None and key in ("recorded_by", "reason"):
        # as the boundary accepts them (check_name), and as written: already stripped
        try:
            clean = check_name(value, key, max_length=_TEXT_LIMITS[key])
        except VkacFlowError as err:
            raise HistoryError(f"{where}: {err}") from None
        if clean != value:
            raise HistoryError(f"{where}: {key} {echo(value)} is not as to_dict writes it")
    return value


def audit_record_from_dict(item: object, seq: int) -> AuditRecord:
    """Read one :meth:`AuditRecord.to_dict` entry strictly (the ``seq``-th of its log).

    Structure only: the rules are checked when the log is replayed.

    Raises:
        HistoryError: Not exactly what :meth:`AuditRecord.to_dict` writes.
    """
    if type(item) is not dict and not isinstance(item, Mapping):
        raise HistoryError(f"audit record #{seq}: expected a mapping, got {type(item).__name__}")
    if item.keys() != _AUDIT_KEYS and item.keys() != _AUDIT_KEYS_WITH_RULES:
        keys = set(item)
        raise HistoryError(
            f"audit record #{seq}: expected keys {', '.join(sorted(_AUDIT_KEYS))}, got "
            f"{echo_many(sorted(map(str, keys)))}"
        )
    if type(item["seq"]) is not int or item["seq"] != seq:
        raise HistoryError(
            f"audit record #{seq}: seq must be {seq} (gapless, in order), got {echo(item['seq'])}"
        )
    kind = item["kind"]
    if kind not in AUDIT_KINDS:
        raise HistoryError(f"audit record #{seq}: kind must be one of {', '.join(AUDIT_KINDS)}")
    event_id = item["event_id"]
    if event_id != event_id_for(seq):
        raise HistoryError(f"audit record #{seq}: event_id must be {echo(event_id_for(seq))}")
    event = item["event"]
    if event is not None and type(event) is not str:
        event = _optional_str(item, "event", seq)  # raises
    on_text = item["on"]
    on: datetime.date | None = None
    if on_text is not None:
        on = _written_day(on_text) if type(on_text) is str else None
        if on is None:
            if type(on_text) is not str or not _ISO_DAY.fullmatch(on_text):
                raise HistoryError(
                    f"audit record #{seq}: the date must be written YYYY-MM-DD, as to_dict writes it",
                    event=event,
                )
            raise HistoryError(f"audit record #{seq}: {echo(on_text)} is not a date", event=event)
    at_text = item["recorded_at"]
    at: datetime.datetime | None = None
    if at_text is not None:
        at = _written_instant(at_text) if type(at_text) is str else None
        if at is None:
            raise HistoryError(
                f"audit record #{seq}: recorded_at must be an aware ISO-8601 instant, as to_dict writes it"
            )
    data = item["data"]
    if not (type(data) is dict or isinstance(data, Mapping)) or not all(
        type(k) is str for k in data
    ):
        raise HistoryError(f"audit record #{seq}: data must be a mapping", event=event)
    record = AuditRecord(  # positional: seq, kind, event_id, event, on, recorded_at...
        seq,
        kind,
        event_id,
        event,
        on,
        at,
        None if item["recorded_by"] is None else _optional_str(item, "recorded_by", seq),
        dict(data),
        None if item["corrects"] is None else _optional_str(item, "corrects", seq),
        None if item["reason"] is None else _optional_str(item, "reason", seq),
        None if item.get("rules_version") is None else _optional_str(item, "rules_version", seq),
    )
    if "rules_version" in item and not (record.rules_version or "").strip():
        raise HistoryError(
            f"audit record #{seq}: rules_version, when written, is a non-empty string"
        )
    shape = _shape_error(record)
    if shape:
        raise HistoryError(f"audit record #{seq}: {shape}", event=event)
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
        if set(item) != set(HISTORY_ITEM_KEYS):
            raise HistoryError(
                f"{where}: expected keys event, date and data, got "
                f"{echo_many(sorted(map(str, item)))}"
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
