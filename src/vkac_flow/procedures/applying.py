"""Applying one event to a procedure: the checks in order, then the change, all or nothing.

Order of checks: the state (final, or the event not valid in it), the date, the centres
against the registry, the event's own rules (``_prepare``, which raises the event's
``_guard``). Only then is anything changed: the effective history, the facts record, the
statutory steps, the machine's state and, last, the audit log. If anything fails the
procedure is restored exactly as it was.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, Final, TypeVar

from vkac_flow.calendar.dates import to_date
from vkac_flow.errors import (
    DateOutOfRangeError,
    EventDateError,
    EventInputTypeError,
    IllegalTransitionError,
    InputError,
    InputTypeError,
    ProcedureError,
    RuleViolationError,
    echo,
    echo_many,
)
from vkac_flow.law.regulation import REGULATION_IN_FORCE, cite
from vkac_flow.law.steps import STEPS
from vkac_flow.messages import Points, Text, with_points
from vkac_flow.procedures.centre_names import UnregisteredCentreError, close_centre_names
from vkac_flow.procedures.core import ProcedureCore
from vkac_flow.procedures.reasons import join_texts
from vkac_flow.procedures.records import (
    ENTRY_DATE,
    ENTRY_EVENT,
    HistoryEntry,
    data_items,
    event_id_for,
    shared_data,
)

__all__ = ["Applying", "shared_data"]

T = TypeVar("T", bound=tuple[Any, ...])

_MAX_SHARED_STEP_VALUES: Final = 8192
_SHARED_STEP_VALUES: dict[Any, Any] = {}


def _shared(value: T) -> T:
    """One tuple for equal step-table keys and values (``(step, subject)``, ``(day, event)``).

    They repeat across procedures: kept once (at most 8,192, emptied when full), the step
    tables of a procedure hold old tuples that the garbage collector has untracked, so the
    tables stay untracked too and a procedure keeps no tuple of its own per step (issue 14).
    """
    shared: T | None = _SHARED_STEP_VALUES.get(value)
    if shared is None:
        if len(_SHARED_STEP_VALUES) >= _MAX_SHARED_STEP_VALUES:
            _SHARED_STEP_VALUES.clear()
        shared = _SHARED_STEP_VALUES[value] = value
    return shared


class Applying(ProcedureCore):
    """Applying one event: checked completely, then applied all or nothing (``_apply``)."""

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

        def hint(name: str, last: bool) -> Text:
            close = suggestions[name]
            if close:
                names = join_texts([echo(c) for c in close], "field.applying.or")
                return Text("field.applying.did_you_mean", names=names)
            return Text("field.applying.none_close_end" if last else "field.applying.none_close")

        shown = unknown[:10]
        hints: str | Text
        if len(unknown) == 1:
            hints = hint(unknown[0], True)
        else:
            hints = join_texts(
                [
                    Text(
                        "field.applying.name_hint", name=echo(n), hint=hint(n, i == len(shown) - 1)
                    )
                    for i, n in enumerate(shown)
                ],
                "field.applying.hints",
            )
        values = {
            "what": event if event is not None else "centres",
            "names": echo_many(unknown),
            "count": len(registry),
            "points": Points(points),
            "hints": hints,
        }
        if len(unknown) == 1:
            text = Text("error.applying.unregistered_one", **values)
        else:
            text = Text("error.applying.unregistered_many", **values)
        raise UnregisteredCentreError(
            text,
            names=unknown,
            suggestions=suggestions,
            points=points,
            event=event,
            allowed=self.allowed_events() if event is not None else (),
        )

    def _illegal(self, event: str, why: Text) -> IllegalTransitionError:
        """The refusal of ``event`` in this state, ``why`` citing the event's points."""
        points = self._points(*self.transition_points(event))
        return IllegalTransitionError(
            with_points(why, points),
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
                with_points(err.message if err.text is None else err.text, points),
                points=points,
                event=event,
                allowed=self.allowed_events(),
            ) from err
        if day < REGULATION_IN_FORCE:
            raise EventDateError(
                Text(
                    "error.applying.before_regulation",
                    event=event,
                    day=day.isoformat(),
                    in_force=REGULATION_IN_FORCE.isoformat(),
                ),
                points=("p. 25",),
                event=event,
                allowed=self.allowed_events(),
            )
        today = self._clock()
        if type(today) is not datetime.date:  # inlined _today(): a datetime, or a bad value
            today = to_date(today, what="clock")
        if day > today:
            raise EventDateError(
                Text(
                    "error.applying.future",
                    event=event,
                    day=day.isoformat(),
                    today=today.isoformat(),
                ),
                event=event,
                allowed=self.allowed_events(),
            )
        last = self.last_date
        if last is not None and day < last:
            raise EventDateError(
                Text(
                    "error.applying.before_previous",
                    event=event,
                    day=day.isoformat(),
                    previous=self._history[-1][ENTRY_EVENT],
                    last=last.isoformat(),
                ),
                event=event,
                allowed=self.allowed_events(),
            )
        if day > self._calendar.last_date:
            raise EventDateError(
                Text(
                    "error.applying.past_calendar",
                    event=event,
                    day=day.isoformat(),
                    last=self._calendar.last_date.isoformat(),
                ),
                event=event,
                allowed=self.allowed_events(),
            )
        return day

    def _apply(self, event: str, when: object, data: dict[str, Any]) -> HistoryEntry:
        """Check and apply one event, all or nothing; return its history entry.

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
        sources, plans, routes = self._tables_cache or self._tables()
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
                with_points(err.message if err.text is None else err.text, points),
                points=points,
                event=event,
                allowed=self.allowed_events(),
            ) from err
        meta = self._recording
        if meta is None:  # a live event: a new audit record
            audit = self._audit
            seq = (len(self._history) if audit is None else len(audit)) + 1
            meta = (event_id_for(seq), self._recorded_now(), self._next_by, seq)
        # the history entry: a plain tuple of untracked values (records.HistoryEntry),
        # its data's pairs shared by equal data
        entry = (event, day, data_items(clean), meta[0], meta[1], meta[2], meta[3])
        # undo log: the facts are few (shallow copy); the steps are undone key by key, so an
        # event costs the same with 4 or 4,000 centres
        facts = self._facts  # frozen: restoring it is one assignment
        undo: list[tuple[dict[Any, Any], Any]] = []
        history = self._history
        self._history = (*history, entry)
        try:
            self._effect(entry)
            plan = plans.get(event)
            opened = self._track_steps(entry, undo, plan) if plan else ()
            if opened and day >= self._near_end:
                self._check_deadlines_in_calendar(event, day, opened)
            # the machine's step (TransitionTable._routes): the first row whose condition holds
            for dest, condition in routes[event][state]:
                if condition is None or getattr(self, condition)():
                    self._state = dest
                    break
            else:
                raise RuntimeError(f"{event}: no transition matched in state {self.state}")
        except BaseException:
            self._state, self._facts = state, facts  # `state` read before the checks
            for table, key in reversed(undo):
                del table[key]
            self._history = history
            raise
        if self._recording is None and self._audit is not None:
            # (while the log is the history, the history's entry is the log's)
            self._audit.append(entry)  # its AuditRecord is built when the log is read
        return entry

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
                    Text(
                        "error.applying.deadline_past_calendar",
                        event=event,
                        day=day.isoformat(),
                        step=step,
                        period=rule.period.text,
                        points=Points(points),
                        last=self.calendar.last_date.isoformat(),
                    ),
                    points=points,
                    event=event,
                    allowed=self.allowed_events(),
                ) from None

    def _final_reason(self, event: str) -> Text:
        """Why nothing follows a final state (override to name the interpretation)."""
        return Text("error.applying.final", event=event, state=self.state)

    def _illegal_reason(self, event: str) -> Text:
        """Why ``event`` is not valid in the current state (override for better text)."""
        sources = ", ".join(sorted(self._sources().get(event, ())))
        return Text("error.applying.illegal", event=event, state=self.state, sources=sources)

    def _track_steps(
        self,
        entry: HistoryEntry,
        undo: list[tuple[dict[Any, Any], Any]] | None = None,
        plan: tuple[tuple[str, bool, bool], ...] | None = None,
    ) -> list[str]:
        """Open and meet the statutory steps of the event ``entry``; return the steps it opened.

        Every key added is appended to ``undo`` (table, key), for the rollback. ``plan`` is
        ``_step_plan()[event]`` when the caller has it.
        """
        log: list[tuple[dict[Any, Any], Any]] = [] if undo is None else undo
        opened: list[str] = []
        met_table, opened_table = self._met, self._opened
        event, day = entry[ENTRY_EVENT], entry[ENTRY_DATE]
        if plan is None:
            plan = self._step_plan().get(event, ())
        for step, meets, opens in plan:
            if meets:
                key = (step, self._step_subject_met(step, entry))
                if key in opened_table and key not in met_table:
                    key = _shared(key)
                    met_table[key] = _shared((day, event))
                    log.append((met_table, key))
            if opens:
                for subject in self._step_subjects(step, entry):
                    key = (step, subject)
                    if key not in opened_table:
                        key = _shared(key)
                        opened_table[key] = day
                        log.append((opened_table, key))
                        if step not in opened:
                            opened.append(step)
        return opened
