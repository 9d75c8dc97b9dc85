"""Histories outlive rules: the rules version of a procedure, and reading an older one.

Every document carries the version of the rules it was written under (``"rules_version"``:
:func:`vkac_flow.law.version.rules_version` of the law data and interpretations, plus the
procedure kind's own rules and named readings, :meth:`Folding.current_rules_version`).

* Same version (or a document written before versions were recorded): the log is replayed
  through today's rules, strictly, as always.
* Another version (interpretation :data:`OLDER_RULES_POLICY`): the history was decided by
  rules that are no longer today's, and deciding it again could refuse what was lawful then
  (Temporal's lesson: replay must not re-decide). Its recorded events are *folded* -- each
  one's facts, state and statutory steps applied as recorded, without the event's rules --
  and every view says so: :attr:`Folding.rules_note`, the summary, a snapshot,
  the HTML and the ``vkac-flow status`` text read "read under rules X, written under Y:
  not re-decided".
* The checks that no rules version changes are kept when folding (interpretation
  :data:`FOLDED_DATES_POLICY`): the events are in date order, none is after the clock's
  today, none before the regulation entered into force (p. 25,
  :data:`~vkac_flow.law.regulation.REGULATION_IN_FORCE`), none outside the calendar's range;
  each refusal is a :class:`~vkac_flow.errors.HistoryError` naming the event and the point.
* Afterwards (interpretation :data:`FOLDED_CONTINUES_POLICY`) a folded procedure goes on
  under today's rules: a new event is decided by today's rules from the folded state (a
  register keeps histories for years, and a release that changes a rule must not freeze
  every procedure under way), while a correction or a retraction, which would re-decide the
  recorded history, is refused with :class:`FoldedHistoryError`. Its queries
  (obligations, breaches, deadlines, snapshots ``as_of``) are computed from the folded steps
  by today's projections. Its document keeps the older version, so it is folded again on
  every read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Final, TypeVar

import attrs

from vkac_flow.errors import HistoryError, VkacFlowError, check_lang, echo
from vkac_flow.law.regulation import REGULATION_IN_FORCE, cite
from vkac_flow.law.version import rules_version
from vkac_flow.messages import Points, Text
from vkac_flow.messages.policies import policy_text
from vkac_flow.procedures.audit import Audited
from vkac_flow.procedures.core import Clock
from vkac_flow.procedures.declarations import Rule
from vkac_flow.procedures.reasons import reason_of
from vkac_flow.procedures.records import (
    ENTRY_DATA,
    ENTRY_DATE,
    ENTRY_EVENT,
    ENTRY_EVENT_ID,
    AuditRecord,
    HistoryEntry,
    data_items,
    effective_events,
    entry_of,
    entry_with_data,
)

__all__ = [
    "FOLDED_CONTINUES_POLICY",
    "FOLDED_DATES_POLICY",
    "OLDER_RULES_POLICY",
    "UNVERSIONED_POLICY",
    "FoldedHistoryError",
    "Folding",
]

OLDER_RULES_POLICY: Final = "older-rules-folded-not-re-decided"
"""A document whose ``rules_version`` is not today's is read by folding its recorded events
(facts, state, steps as recorded), without deciding them again by today's rules."""
FOLDED_CONTINUES_POLICY: Final = "folded-history-continues-under-todays-rules"
"""A procedure read under older rules accepts new events, each decided by today's rules
from the folded state; it refuses corrections and retractions (each would re-decide the
recorded history by rules it was not decided by)."""
FOLDED_DATES_POLICY: Final = "folded-events-dates-still-checked"
"""Folding skips the event's rules, not the checks no rules version changes: each folded
event is dated in order, not after the clock's today, not before the regulation entered into
force (p. 25) and inside the calendar's range; otherwise the document is refused."""
UNVERSIONED_POLICY: Final = "unversioned-documents-replayed-strictly"
"""A document without ``rules_version`` (written before versions were recorded) is replayed
through today's rules, strictly, as before."""

INTERPRETATIONS: Final[Mapping[str, str]] = {
    OLDER_RULES_POLICY: (
        "A history written under another rules version is folded (facts, state and steps "
        "as recorded), not re-decided by today's rules; every view says so."
    ),
    FOLDED_CONTINUES_POLICY: (
        "A folded procedure takes new events, decided by today's rules from the folded "
        "state; corrections and retractions of its recorded history are refused."
    ),
    FOLDED_DATES_POLICY: (
        "Folded events are still dated in order, not after today, not before p. 25 and "
        "inside the calendar's range; a document that breaks one is refused."
    ),
    UNVERSIONED_POLICY: (
        "A document without rules_version is replayed strictly through today's rules."
    ),
}
"""The named interpretations of this module (documented in ``docs/legal-time.md``)."""

F = TypeVar("F", bound="Folding")

_CURRENT: dict[type[Any], str] = {}


class FoldedHistoryError(HistoryError):
    """A correction or retraction asked of a history read under older rules (:data:`FOLDED_CONTINUES_POLICY`)."""


def _said(e: HistoryEntry) -> dict[str, object]:
    """The values naming an event in a refusal: its id, name and date (the error path only)."""
    return {"event_id": e[ENTRY_EVENT_ID], "event": e[ENTRY_EVENT], "on": e[ENTRY_DATE].isoformat()}


def _reason(err: Exception) -> str | Text:
    """Why folding an event failed: a library error's reason, else the exception, bounded."""
    if isinstance(err, VkacFlowError):
        return reason_of(err)
    return echo(str(err), limit=300)


def _as_recorded(value: object) -> object:
    """A document value as the live records hold it (lists as tuples)."""
    if type(value) is list:
        return tuple(_as_recorded(v) for v in value)
    return value


class Folding(Audited):
    """The rules version of a procedure, and folding a history written under older rules."""

    # The rules a folded history was written under (None: today's). A class default read
    # as an attribute, not a field nor a look into __dict__: a procedure's attribute dict
    # is then never materialised, one object fewer for the garbage collector (issue 14).
    _written_under: ClassVar[str | None] = None

    RULES: ClassVar[tuple[Rule, ...]] = ()
    """The rules the procedure kind enforces (part of its rules version)."""
    INTERPRETATIONS: ClassVar[Mapping[str, str]] = {}
    """The kind's named interpretations, name -> text (part of its rules version)."""

    @classmethod
    def rules_interpretations(cls) -> dict[str, str]:
        """What the procedure kind adds to the law layer's rules version (name -> text).

        The rules of :attr:`RULES` (``"<format>/<rule id>"`` -> points and description),
        the kind's :attr:`INTERPRETATIONS` and this module's.
        """
        out = {f"{cls.FORMAT}/{r.id}": f"{', '.join(r.points)}: {r.description}" for r in cls.RULES}
        out.update(INTERPRETATIONS)
        out.update(cls.INTERPRETATIONS)
        return out

    @classmethod
    def current_rules_version(cls) -> str:
        """Today's rules version of this kind (computed once per class)."""
        version = _CURRENT.get(cls)
        if version is None:
            version = _CURRENT[cls] = rules_version(extra=cls.rules_interpretations())
        return version

    @property
    def rules_version(self) -> str:
        """The rules the history was decided by: today's, or the older ones it was folded from."""
        written: str | None = self._written_under
        return self.current_rules_version() if written is None else written

    @property
    def folded(self) -> bool:
        """Whether the history was written under older rules and folded, not re-decided."""
        return self._written_under is not None

    @property
    def rules_note(self) -> str | None:
        """``"read under rules X, written under Y: not re-decided"``, or ``None`` (today's rules)."""
        return self.rules_note_text("en")

    def rules_note_text(self, lang: str = "en") -> str | None:
        """:attr:`rules_note` in ``lang``: the rules a folded history was written under.

        ``None`` when the history is decided by today's rules (not :attr:`folded`).

        Raises:
            LanguageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        check_lang(lang)
        note = self._rules_note_text("display.rules_note")
        return None if note is None else note.render(lang)

    def _rules_note_text(self, key: str = "field.folding.rules_note") -> Text | None:
        """The note as a catalogue text, or ``None`` (today's rules): the one statement of it.

        ``key`` is the text standing alone (``display.rules_note``, the views) or inside a
        refusal (``field.folding.rules_note``: "this procedure is ...", whose Latvian
        agrees with "procedūra").
        """
        written: str | None = self._written_under
        if written is None:
            return None
        return Text(
            key,
            current=self.current_rules_version(),
            written=written,
            older=policy_text(OLDER_RULES_POLICY),
            continues=policy_text(FOLDED_CONTINUES_POLICY),
        )

    def _apply(self, event: str, when: object, data: dict[str, Any]) -> HistoryEntry:
        """As :meth:`Applying._apply`; a folded procedure's new record names today's rules.

        :data:`FOLDED_CONTINUES_POLICY`: the event is decided by today's rules, not by the
        document's older ones, so its audit record carries
        :attr:`AuditRecord.rules_version` (written per record by ``to_dict``).
        """
        count = len(self._log)
        entry = super()._apply(event, when, data)
        if self._written_under is not None and len(self._log) > count:
            assert self._audit is not None  # a folded log is its own list (_fold_audit)
            (last,) = self._audit_records(len(self._audit) - 1)  # the full record, built
            self._audit[-1] = attrs.evolve(last, rules_version=self.current_rules_version())
        return entry

    # ---------------------------------------------------------------- folding

    def _mark_folded(self, written_under: str) -> None:
        # an instance attribute over the class's None (object.__setattr__: not a field)
        object.__setattr__(self, "_written_under", written_under)

    def _fold_date_refusal(self, e: HistoryEntry) -> HistoryError | None:
        """Why ``e`` cannot be folded by :data:`FOLDED_DATES_POLICY`, or ``None``."""
        why: Text | None = None
        event, day = e[ENTRY_EVENT], e[ENTRY_DATE]
        points = self._points(*self.transition_points(event))
        if day < REGULATION_IN_FORCE:
            why = Text("field.folding.before_regulation", in_force=REGULATION_IN_FORCE.isoformat())
            points = cite("25")
        else:
            today = self._today()
            last = self.last_date
            if day > today:
                why = Text("field.folding.future", today=today.isoformat())
            elif last is not None and day < last:
                previous = self._history[-1][ENTRY_EVENT]
                why = Text(
                    "field.folding.before_previous", previous=previous, last=last.isoformat()
                )
            elif not self._calendar.first_date <= day <= self._calendar.last_date:
                why = Text(
                    "field.folding.outside_calendar",
                    first=self._calendar.first_date.isoformat(),
                    last=self._calendar.last_date.isoformat(),
                )
        if why is None:
            return None
        values = {**_said(e), "why": why, "policy": policy_text(FOLDED_DATES_POLICY)}
        if points:
            text = Text("error.folding.date_refused", points=Points(points), **values)
        else:
            text = Text("error.folding.date_refused_unpointed", **values)
        return HistoryError(text, points=points, event=event)

    def _fold_log(self, audit: list[AuditRecord]) -> None:
        """Fold the effective events of a read audit log (:data:`FOLDED_DATES_POLICY`).

        As the strict replay: a log of events only is folded in recording order (so an
        event recorded before the previous one's date is refused); a log with corrections
        or retractions by its effective history, in date order.
        """
        events = effective_events(audit)
        if all(r.kind == "event" for r in audit):
            events.sort(key=lambda e: e.seq)
        self._fold_events(map(entry_of, events))

    def _fold_events(self, events: Iterable[HistoryEntry]) -> None:
        for e in events:
            event = e[ENTRY_EVENT]
            if event not in self.EVENTS:
                text = Text(
                    "error.folding.unknown_event",
                    name=repr(event),
                    policy=policy_text(OLDER_RULES_POLICY),
                    **_said(e),
                )
                raise HistoryError(text, event=event)
            refused = self._fold_date_refusal(e)
            if refused is not None:
                raise refused
            entry = entry_with_data(e, data_items({k: _as_recorded(v) for k, v in e[ENTRY_DATA]}))
            self._history = (*self._history, entry)
            try:
                self._effect(entry)
                self._track_steps(entry)
                moved = self._machine().events[event].trigger(self)
            except Exception as err:  # the facts do not fit today's states
                text = Text(
                    "error.folding.state_error", state=self.state, reason=_reason(err), **_said(e)
                )
                raise HistoryError(text, event=event) from err
            if not moved:
                text = Text("error.folding.state", state=self.state, **_said(e))
                raise HistoryError(text, event=event)

    def _replayed(self: F, events: Iterable[HistoryEntry], clock: Clock | None = None) -> F:
        """As :meth:`Audited._replayed`; a folded procedure's snapshots are folded too."""
        written: str | None = self._written_under
        if written is None:
            return super()._replayed(events, clock)
        fresh = self._blank(clock)
        fresh._mark_folded(written)
        fresh._fold_events(events)
        return fresh

    # ---------------------------------------------------------------- corrections

    def _read_only(self, what: Text, event: str | None = None) -> FoldedHistoryError:
        return FoldedHistoryError(
            Text("error.folding.read_only", what=what, note=self._rules_note_text()),
            event=event,
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
        """As :meth:`Audited.correct`; refused for a folded procedure (:class:`FoldedHistoryError`)."""
        if self._written_under is not None:
            raise self._read_only(Text("field.folding.correction", event_id=event_id))
        return super().correct(event_id, on=on, reason=reason, recorded_by=recorded_by, **data)

    def retract(self, event_id: str, *, reason: str, recorded_by: str | None = None) -> AuditRecord:
        """As :meth:`Audited.retract`; refused for a folded procedure (:class:`FoldedHistoryError`)."""
        if self._written_under is not None:
            raise self._read_only(Text("field.folding.retraction", event_id=event_id))
        return super().retract(event_id, reason=reason, recorded_by=recorded_by)
