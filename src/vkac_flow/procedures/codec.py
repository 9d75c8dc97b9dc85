"""A procedure's document: writing it (version 3) and reading it back by replay.

:meth:`Documented.to_dict` writes the identity and the audit log; :meth:`Documented.from_dict`
reads versions 1-3 (older ones upcast, :func:`~vkac_flow.procedures.reading.upcast_v2`) and
replays every record through the same rules, strictly: only what ``to_dict`` writes is read.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any, ClassVar, Final, TypeVar

from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.errors import (
    HistoryError,
    InputTypeError,
    VkacFlowError,
    echo,
    echo_many,
)
from vkac_flow.law.centres import CentreRegistry
from vkac_flow.messages import Text
from vkac_flow.procedures.core import Clock
from vkac_flow.procedures.folding import Folding
from vkac_flow.procedures.ids import check_procedure_id, legacy_procedure_id
from vkac_flow.procedures.reading import (
    AuditFields,
    check_document,
    quick_audit_fields,
    read_audit_fields,
    upcast_v2,
)
from vkac_flow.procedures.reasons import reason_of
from vkac_flow.procedures.records import (
    ENTRY_DATA,
    AuditRecord,
    LogEntry,
    effective_events,
    entry_data,
    record_of,
)

__all__ = ["Documented"]

_ISO_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_MISSING: Final = object()

_NO_KEYS: Final[tuple[frozenset[str], frozenset[str]]] = (frozenset(), frozenset())
"""The keys of a document of no supported version (none)."""


def _json_text(value: object) -> str:
    """Canonical JSON text of a document value (for exact comparisons)."""
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _same_json(a: object, b: object) -> bool:
    """Whether ``a`` and ``b`` write the same JSON text (the comparison of :func:`_json_text`).

    A direct comparison, without writing either: mappings by keys and values, lists and
    tuples item by item, other values of the same type and equal (``1`` is not ``True`` nor
    ``1.0``; ``0.0`` is not ``-0.0``).
    """
    ka, kb = type(a), type(b)
    if ka is dict and kb is dict:
        assert isinstance(a, dict)
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(_same_json(v, b[k]) for k, v in a.items())
    if (ka is list or ka is tuple) and (kb is list or kb is tuple):
        assert isinstance(a, list | tuple)
        assert isinstance(b, list | tuple)
        return len(a) == len(b) and all(map(_same_json, a, b))
    if ka is not kb or a != b:
        return ka is not kb and _json_text(a) == _json_text(b)  # e.g. a Mapping: as written
    if ka is float:
        assert isinstance(a, float)
        assert isinstance(b, float)
        return math.copysign(1.0, a) == math.copysign(1.0, b)
    return True


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


C = TypeVar("C", bound="Documented")


class Documented(Folding):
    """The document writer (:meth:`to_dict`) and reader (:meth:`from_dict`, by replay)."""

    OPTIONAL_IDENTITY_KEYS: ClassVar[tuple[str, ...]] = ()
    """Identity keys :meth:`_identity_to_dict` writes only when they differ from a default."""

    _DOCUMENT_KEYS: ClassVar[dict[int, tuple[frozenset[str], frozenset[str]]]]
    """Per version, the keys a document may and must have (:meth:`_document_keys`)."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe document of version 3: format, version, rules version, id, identity, audit, state.

        ``rules_version`` is :attr:`rules_version` (the rules the history was decided by,
        :mod:`vkac_flow.procedures.folding`); ``audit`` is the full audit log
        (:meth:`AuditRecord.to_dict`); ``state`` is derived and :meth:`from_dict` checks it
        against the replayed state.
        """
        return {
            "format": self.FORMAT,
            "version": self.VERSION,
            "rules_version": self.rules_version,
            "id": self.id,
            **self._identity_to_dict(),
            "audit": [r.to_dict() for r in self._audit_records()],
            "state": self.state,
        }

    @classmethod
    def from_dict(
        cls: type[C],
        doc: object,
        *,
        calendar: LatvianCalendar | None = None,
        clock: Clock | None = None,
        registry: CentreRegistry | None = None,
    ) -> C:
        """Rebuild a procedure by replaying the audit log of a :meth:`to_dict` document.

        Every event goes through the same checks as a live call, and corrections and
        retractions are re-applied through the same rules, so a tampered or impossible log
        is refused. Event names are mapped through ``EVENTS`` only. Only what
        :meth:`to_dict` writes is read: ``version`` an int, dates ``YYYY-MM-DD``, instants
        aware ISO-8601, event data of the JSON types written, each value exactly as
        :meth:`to_dict` would write it. A version-2 document (a ``history``) is upcast
        (:func:`~vkac_flow.procedures.reading.upcast_v2`: ``recorded_at`` unknown, ids
        ``e1``, ``e2``...); a version-1 one also gets :func:`legacy_procedure_id`.

        A ``rules_version`` other than today's (:meth:`current_rules_version`) means the
        history was decided by older rules: it is folded, not re-decided, and the procedure
        is read-only (:mod:`vkac_flow.procedures.folding`); a document without one is
        replayed strictly (:data:`~vkac_flow.procedures.folding.UNVERSIONED_POLICY`).

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
            raise InputTypeError(Text("error.core.registry_type", got=type(registry).__name__))
        if not isinstance(doc, Mapping):
            raise HistoryError(Text("error.codec.not_mapping", got=type(doc).__name__))
        # JSON values only, bounded, before anything formats or hashes them; a version-3
        # document as written is checked and its log read in one quick pass
        quick = quick_audit_fields(doc)
        if quick is None:
            check_document(doc)
        if doc.get("format") != cls.FORMAT:
            raise HistoryError(
                Text("error.codec.format", got=echo(doc.get("format")), expected=echo(cls.FORMAT))
            )
        version = doc.get("version")
        allowed, required = cls._document_keys(version)
        if not allowed:
            supported = sorted({cls.VERSION, *cls.LEGACY_VERSIONS})
            raise HistoryError(
                Text(
                    "error.codec.version",
                    version=echo(version),
                    format=echo(cls.FORMAT),
                    supported=", ".join(map(str, supported)),
                )
            )
        if not doc.keys() <= allowed:
            unknown = set(doc) - allowed
            raise HistoryError(
                Text("error.codec.unknown_keys", keys=echo_many(sorted(map(str, unknown))))
            )
        if not doc.keys() >= required:
            missing = required - set(doc)
            raise HistoryError(Text("error.codec.missing_keys", keys=echo_many(sorted(missing))))
        if version == 1:
            doc = {**doc, "id": legacy_procedure_id(doc, cls.IDENTITY_KEYS)}
        if version != cls.VERSION:
            doc = upcast_v2(doc)
        try:
            pid = check_procedure_id(doc["id"])
            proc = cls._fresh(
                doc, calendar=calendar, clock=clock, procedure_id=pid, registry=registry
            )
        except VkacFlowError as err:
            raise HistoryError(
                Text("error.codec.rebuild", reason=reason_of(err)), points=err.points
            ) from err
        # Strict like the events: the identity must be exactly what to_dict writes (no
        # stray whitespace or other spellings that the constructors would normalise).
        written = proc._identity_to_dict()
        optional = [k for k in cls.OPTIONAL_IDENTITY_KEYS if k in doc or k in written]
        for key in (*cls.IDENTITY_KEYS, *optional):
            given, wanted = doc.get(key, _MISSING), written.get(key, _MISSING)
            if (given is _MISSING or wanted is _MISSING) and given is not wanted:
                mismatch = True
            else:
                mismatch = not _same_json(given, wanted)
            if mismatch:
                if key in written:
                    expected = Text(
                        "error.codec.identity", key=key, expected=_json_text(written[key])[:200]
                    )
                else:
                    expected = Text("error.codec.identity_absent", key=key)
                raise HistoryError(expected)
        audit = quick
        if audit is None or version != cls.VERSION:
            items = doc["audit"]
            if not isinstance(items, list):
                raise HistoryError(Text("error.codec.audit_list", got=type(items).__name__))
            audit = [read_audit_fields(item, i) for i, item in enumerate(items, start=1)]
        under = doc.get("rules_version")
        today = cls.current_rules_version()
        if under is not None and (type(under) is not str or not under.strip()):
            raise HistoryError(Text("error.codec.rules_version", got=echo(under)))
        for f in audit:  # a record's own rules version (f[10]): only when not the document's
            if f[10] is not None and (under in (None, today) or f[10] == under):
                raise HistoryError(Text("error.codec.record_rules", seq=f[0], version=echo(f[10])))
        if under is None or under == today:
            proc._replay_audit(audit)  # today's rules, strictly (also UNVERSIONED_POLICY)
        else:  # older rules: folded, not re-decided
            proc._fold_audit([AuditRecord(*f) for f in audit], under)
        state = doc.get("state")
        if state is not None and not (type(state) is str and state == proc.state):
            raise HistoryError(
                Text("error.codec.state", state=echo(state), replayed=echo(proc.state))
            )
        return proc

    @classmethod
    def _document_keys(cls, version: object) -> tuple[frozenset[str], frozenset[str]]:
        """The keys a document of ``version`` may have and must have (empty: no such version).

        Computed once per class and version (the class's ``FORMAT`` tables do not change).
        """
        if type(version) is not int:  # (1 == True: a bool is no version)
            return _NO_KEYS
        cache: dict[int, tuple[frozenset[str], frozenset[str]]] | None
        cache = cls.__dict__.get("_DOCUMENT_KEYS")
        if cache is None:
            cache = {}
            for v in {cls.VERSION, *cls.LEGACY_VERSIONS}:
                log_key = "audit" if v == cls.VERSION else "history"
                identity = {*cls.IDENTITY_KEYS, *(() if v == 1 else ("id",))}
                allowed = {"format", "version", "rules_version", log_key, "state", *identity}
                allowed.update(cls.OPTIONAL_IDENTITY_KEYS)
                cache[v] = (frozenset(allowed), frozenset({log_key, *identity}))
            cls._DOCUMENT_KEYS = cache
        return cache.get(version, _NO_KEYS)

    def _fold_audit(self, audit: list[AuditRecord], written_under: str) -> None:
        """Fold a read audit log into this blank procedure, without re-deciding its events.

        :data:`~vkac_flow.procedures.folding.OLDER_RULES_POLICY`: the log was written under
        the rules ``written_under``, not today's.
        """
        self._mark_folded(written_under)
        self._fold_log(audit)  # FOLDED_DATES_POLICY: the date checks are kept
        self._audit = list[LogEntry](audit)

    def _replay_audit(self, audit: list[AuditFields]) -> None:
        """Replay a read audit log into this blank procedure, checking every record.

        ``audit``: the records' fields (:func:`~vkac_flow.procedures.reading.read_audit_fields`);
        a log of events only is replayed from them, without building the
        :class:`AuditRecord` values (the history records are kept instead).
        """
        for f in audit:
            if f[1] != "event":
                break
        else:  # no corrections: every event in recording order, as it was entered
            for f in audit:
                self._replay_entry(f, f[0])
            # each event kept once, as its history record: the same fields (the data
            # checked as written by _replay_entry, key by key), so its audit view equals
            # the record read; unless the rules added a key the document's record does not have
            history = self._history
            if all(len(e[ENTRY_DATA]) == len(f[7]) for e, f in zip(history, audit, strict=True)):
                self._audit = None  # the log is the history itself
            else:
                self._audit = [AuditRecord(*f) for f in audit]
            return
        records = [AuditRecord(*f) for f in audit]
        for r in records:
            if r.kind == "correction" and r.event is not None and r.event not in self.EVENTS:
                raise HistoryError(
                    Text("error.codec.record_unknown_event", seq=r.seq, event=echo(r.event))
                )
        for e in effective_events(records):
            source = next(
                r
                for r in reversed(records)
                if r.event_id == e.event_id or (r.kind == "correction" and r.corrects == e.event_id)
            )
            fields: AuditFields = (
                e.seq,
                "event",
                e.event_id or "",
                e.event,
                e.date,
                e.recorded_at,
                e.recorded_by,
                dict(e.data),
                None,
                None,
                None,
            )
            self._replay_entry(fields, source.seq)
        self._audit = list[LogEntry](records)

    def _replay_entry(self, r: AuditFields, number: int) -> None:
        """Replay the event of the record ``r`` (audit record #``number`` said it), strictly."""
        seq, _, event_id, name, on, recorded_at, recorded_by, data = r[:8]
        assert on is not None
        spec = self.EVENTS.get(name) if isinstance(name, str) else None
        if spec is None:
            raise HistoryError(
                Text(
                    "error.codec.unknown_event",
                    number=number,
                    event=echo(name),
                    known=", ".join(self.EVENTS),
                ),
                allowed=self.allowed_events(),
            )
        keys = data.keys()
        if not (keys <= spec.param_set and keys >= spec.required_set):
            raise HistoryError(
                Text(
                    "error.codec.data_keys",
                    number=number,
                    event=name,
                    on=on.isoformat(),
                    keys=echo_many(sorted(map(str, data))),
                    takes=str(list(spec.params)),
                    requires=str(list(spec.required)),
                ),
                event=name,
                allowed=self.allowed_events(),
            )
        self._recording = (event_id, recorded_at, recorded_by, seq)
        try:
            getattr(self, spec.name)(on, **data)
        except VkacFlowError as err:
            allowed = err.allowed if isinstance(err, HistoryError) else self.allowed_events()
            text = Text(
                "error.codec.replay",
                number=number,
                event=name,
                on=on.isoformat(),
                reason=reason_of(err),
            )
            raise HistoryError(
                text,
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
        recorded = entry_data(self._history[-1])
        odd = [k for k, v in data.items() if not _as_written(v, recorded.get(k, _MISSING))]
        if odd:
            written = record_of(self._history[-1]).to_dict()["data"]
            raise HistoryError(
                Text(
                    "error.codec.data_as_written",
                    number=number,
                    event=name,
                    on=on.isoformat(),
                    given=", ".join(f"{k}={echo(data[k])}" for k in odd),
                    written=", ".join(f"{k}={echo(written.get(k))}" for k in odd),
                ),
                event=name,
                allowed=self.allowed_events(),
            )
