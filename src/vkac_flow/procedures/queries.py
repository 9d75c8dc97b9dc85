"""What a procedure's effective history implies as of a day (projections of the events).

Every view goes through :func:`vkac_flow.procedures.projections.project`, the one rule for
obligations, waiting periods and breaches.
"""

from __future__ import annotations

import datetime

from vkac_flow.calendar.dates import to_date
from vkac_flow.calendar.deadline import Deadline
from vkac_flow.procedures.applying import Applying
from vkac_flow.procedures.projections import (
    PER_SUBJECT_STEPS as _PER_SUBJECT,
)
from vkac_flow.procedures.projections import Breach, Obligation, WaitingPeriod, project
from vkac_flow.procedures.records import ENTRY_DATE, record_of
from vkac_flow.procedures.timeline import Timeline

__all__ = ["Queries"]


class Queries(Applying):
    """Deadlines, obligations, breaches and waiting periods as of a day."""

    def deadlines(self) -> dict[str, Deadline]:
        """Every deadline the events so far have opened, keyed ``step`` or ``step/subject``."""
        # many subjects, one count (per calendar: a municipality's step per subject)
        counted: dict[tuple[str, datetime.date, str | None], Deadline] = {}
        out: dict[str, Deadline] = {}
        for (step, subject), start in self._opened.items():
            key = (step, start, subject if step in _PER_SUBJECT else None)
            deadline = counted.get(key)
            if deadline is None:
                deadline = counted[key] = self._deadline(step, start, subject)
            out[step if subject is None else f"{step}/{subject}"] = deadline
        return out

    def _project(
        self, day: datetime.date
    ) -> tuple[tuple[Obligation, ...], tuple[WaitingPeriod, ...], tuple[Breach, ...]]:
        """:func:`~vkac_flow.procedures.projections.project` of this procedure on ``day``."""
        history = self._history
        last = history[-1] if history else None
        closed = (
            record_of(last)
            if self.is_final and last is not None and last[ENTRY_DATE] <= day
            else None
        )
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

    def timeline_or_none(self) -> Timeline | None:
        """The projected timeline (a transfer's), or ``None`` for a procedure without one."""
        return None
