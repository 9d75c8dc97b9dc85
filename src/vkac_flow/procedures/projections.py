"""What a procedure's effective history implies as of a day: obligations, breaches, waiting.

Pure functions of the steps the events opened and met (:func:`project`), so the procedure
and its snapshots (:mod:`vkac_flow.procedures.snapshot`) compute them by the same rule:

* :class:`Obligation` -- a duty of a party (kind ``deadline`` in
  :data:`~vkac_flow.law.steps.STEPS`): something someone must do by a date;
* :class:`Breach` -- a statutory period not respected (a late act, or a duty left undone
  when the procedure ended after its due date). About the legal date ``on`` only: a late
  *recording* is never a breach;
* :class:`WaitingPeriod` -- a constraint on when an event may happen (kind ``waiting``:
  the p. 16 notice), with the earliest allowed day; not anyone's work, so never an
  obligation.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from vkac_flow.calendar.deadline import Deadline
from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.law.steps import STEPS
from vkac_flow.procedures.records import EventRecord
from vkac_flow.procedures.waiting import WaitingPeriod, WaitingStatus

__all__ = [
    "PER_SUBJECT_STEPS",
    "Breach",
    "Obligation",
    "ObligationStatus",
    "WaitingPeriod",
    "WaitingStatus",
    "owes",
    "project",
]

StepKey = tuple[str, str | None]

PER_SUBJECT_STEPS: frozenset[str] = frozenset({"service_start"})
"""The steps counted per subject: a municipality's (p. 15.3), each on the calendar of the
municipality of its centre (:data:`~vkac_flow.law.calendars.STEP_ON_RESPONSIBLE_CALENDAR`)."""


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


def project(
    *,
    opened: Mapping[StepKey, datetime.date],
    met: Mapping[StepKey, tuple[datetime.date, str]],
    day: datetime.date,
    closed: EventRecord | None,
    deadline: Callable[[str, datetime.date, str | None], Deadline],
    by: Callable[[str, str | None], str],
    points: Callable[[str], tuple[str, ...]],
    calendar: LatvianCalendar,
) -> tuple[tuple[Obligation, ...], tuple[WaitingPeriod, ...], tuple[Breach, ...]]:
    """The obligations, waiting periods and early acts of the opened steps, as of ``day``.

    The third item holds the waiting periods broken (an event before its earliest day) as
    breaches with status ``met_early``; the obligations' own breaches are read off their
    statuses.

    Only what happened on or before ``day`` counts: a step opened later is not listed, a
    step met later is still open (or overdue) on ``day``.

    Args:
        opened: Step and subject -> the day the step was opened, in the order opened.
        met: Step and subject -> the day and event that met it.
        day: The day to judge on.
        closed: The final event, if the procedure ended on or before ``day``.
        deadline: Counts the deadline of a step from a day (for a subject: a municipality's
            step is counted on its calendar, :data:`PER_SUBJECT_STEPS`).
        by: Who must act in a role (for a subject), readable.
        points: The points of a step.
        calendar: For the working days late.
    """
    obligations: list[Obligation] = []
    waiting: list[WaitingPeriod] = []
    early: list[Breach] = []
    # many subjects, one count (a municipality's step: one per subject, its own calendar)
    counted: dict[tuple[str, datetime.date, str | None], Deadline] = {}
    for (step, subject), start in opened.items():
        if start > day:
            continue  # opened by an event after `day`
        rule = STEPS[step]
        ckey = (step, start, subject if step in PER_SUBJECT_STEPS else None)
        dl = counted.get(ckey)
        if dl is None:
            dl = counted[ckey] = deadline(step, start, subject)
        due = dl.due
        hit = met.get((step, subject))
        if hit is not None and hit[0] > day:
            hit = None  # met after `day`: not yet, as of `day`
        if rule.kind == "waiting":
            if hit is not None:
                wstatus, done, event = WaitingStatus.USED, hit[0], hit[1]
                if done < due:
                    wstatus = WaitingStatus.EARLY
                    early.append(
                        Breach(
                            Obligation(
                                step=step,
                                subject=subject,
                                title=rule.title_en,
                                responsible=rule.responsible,
                                by=" and ".join(by(r, subject) for r in rule.responsible),
                                deadline=dl,
                                points=points(step),
                                status=ObligationStatus.MET_EARLY,
                                done=done,
                                event=event,
                                days_late=0,
                                working_days_late=0,
                            )
                        )
                    )
            elif closed is not None:
                wstatus, done, event = WaitingStatus.ENDED, closed.date, closed.event
            else:
                wstatus = WaitingStatus.ELAPSED if day >= due else WaitingStatus.RUNNING
                done, event = None, None
            waiting.append(
                WaitingPeriod(
                    step=step,
                    subject=subject,
                    title=rule.title_en,
                    holds=tuple(rule.met_by),
                    deadline=dl,
                    points=points(step),
                    status=wstatus,
                    done=done,
                    event=event,
                )
            )
            continue
        done_day: datetime.date | None = None
        done_event: str | None = None
        late = 0
        if hit is not None:
            done_day, done_event = hit
            late = max(0, (done_day - due).days)
            status = ObligationStatus.MET_LATE if late else ObligationStatus.MET_ON_TIME
        elif closed is not None:
            if closed.date > due:
                status = ObligationStatus.MISSED
                done_day, done_event, late = closed.date, closed.event, (closed.date - due).days
            else:
                status = ObligationStatus.LAPSED
        elif day > due:
            status = ObligationStatus.OVERDUE
            late = (day - due).days
        else:
            status = ObligationStatus.OPEN
        wd_late = 0
        if late:
            end = done_day if done_day is not None else day
            wd_late = calendar.get_working_days_delta(due, end)
        obligations.append(
            Obligation(
                step=step,
                subject=subject,
                title=rule.title_en,
                responsible=rule.responsible,
                by=" and ".join(by(r, subject) for r in rule.responsible),
                deadline=dl,
                points=points(step),
                status=status,
                done=done_day,
                event=done_event,
                days_late=late,
                working_days_late=wd_late,
            )
        )
    return tuple(obligations), tuple(waiting), tuple(early)


def owes(who: str, responsible: Iterable[str], by: str) -> bool:
    """Whether a pending duty is ``who``'s: the one rule of every agenda's ``responsible``.

    Used by the register's ``agenda(responsible=)`` and ``find(party=)`` and by the views'
    agendas (:class:`~vkac_flow.views.sources.ProcedureSet`).

    The one matching rule, the same on SQLite, PostgreSQL and for a replayed procedure.
    Exact and case-sensitive: ``who`` is one of the duty's roles (``ministry``,
    ``service_holder``...) or is its ``by`` text exactly; no substring, no case folding
    (``"Ministry"`` is not the role ``ministry``, and the role ``ministry`` is not the
    holder ``"Ministry of Transport"``).
    """
    return who in responsible or who == by
