"""Waiting periods: constraints on when an event may happen (the p. 16 notice), not duties.

A :class:`WaitingPeriod` gives the earliest day an event may happen and why; it is nobody's
work, so it is never an :class:`~vkac_flow.procedures.projections.Obligation`. Its
explanation speaks English or Latvian (:meth:`WaitingPeriod.explain`).

>>> import datetime
>>> from vkac_flow import ExclusionProcedure, Party, Service
>>> csdd = Party.service_holder("CSDD")
>>> e = ExclusionProcedure.propose(Service("Vehicle registration", csdd), initiator=csdd,
...                                clock=lambda: datetime.date(2026, 9, 1))
>>> e.committee_informed("2026-09-01")
>>> (w,) = e.waiting_periods()
>>> w.explain("lv")
'pakalpojums izslēgts ne agrāk kā 2026-10-01: 1 mēnesis no 2026-09-01 (16. punkts; Uzraudzības komiteju informē vienu mēnesi iepriekš)'
>>> w.explanation
'excluded no earlier than 2026-10-01: 1 month from 2026-09-01 (p. 16; The committee is informed one month before the exclusion takes effect)'
"""

from __future__ import annotations

import datetime
import enum
from typing import Any

import attrs

from vkac_flow.calendar.deadline import Deadline
from vkac_flow.law.steps import STEPS
from vkac_flow.messages import catalogue, count, message, point_labels

__all__ = ["WaitingPeriod", "WaitingStatus"]


class WaitingStatus(enum.Enum):
    """Where a waiting period stands."""

    RUNNING = "running"
    """The earliest allowed day has not come yet (as of the day asked about)."""
    ELAPSED = "elapsed"
    """The earliest allowed day has come: the event it holds back may now happen."""
    USED = "used"
    """The event it held back happened (on or after the earliest day: the rules refuse it
    earlier)."""
    ENDED = "ended"
    """The procedure ended without that event."""
    EARLY = "early"
    """The held event happened before the earliest day (a procedure whose rules do not
    refuse it): a breach (:class:`ObligationStatus` ``MET_EARLY``)."""


@attrs.frozen
class WaitingPeriod:
    """A constraint on when an event may happen: not before ``earliest`` (e.g. p. 16).

    Attributes:
        step: The step's key in :data:`~vkac_flow.law.steps.STEPS` (kind ``waiting``).
        subject: What it is about when it runs more than once, else ``None``.
        title: The constraint, in words.
        holds: The events it holds back (``met_by`` of the step).
        deadline: The earliest allowed day as a deadline (``deadline.due``;
            :meth:`~vkac_flow.calendar.deadline.Deadline.explain` tells how it was counted).
        points: The points that set it.
        status: Where it stands.
        done: The day the held event happened (``used``) or the procedure ended (``ended``).
        event: That event.
    """

    step: str
    subject: str | None
    title: str
    holds: tuple[str, ...]
    deadline: Deadline
    points: tuple[str, ...]
    status: WaitingStatus
    done: datetime.date | None
    event: str | None

    @property
    def earliest(self) -> datetime.date:
        """The earliest day the held event may happen."""
        return self.deadline.due

    @property
    def key(self) -> str:
        """``step`` or ``step/subject``."""
        return self.step if self.subject is None else f"{self.step}/{self.subject}"

    @property
    def explanation(self) -> str:
        """One sentence: what may not happen before when, counted from what, and why (English)."""
        return self.explain("en")

    def explain(self, lang: str = "en") -> str:
        """:attr:`explanation` in ``lang`` (``"en"`` or ``"lv"``): the p. 16 notice, say.

        The held events are named as the catalogue names them, the period as the regulation
        counts it ("1 mēnesis"), the points as ``lang`` cites them and the title is the step's
        own (``law/steps.toml``); dates are ISO.

        Raises:
            MessageError: ``lang`` is neither ``"en"`` nor ``"lv"`` (a ``ValueError``).
        """
        d = self.deadline
        table = catalogue(lang)
        events = message("display.or", lang).join(table.get(f"event.{e}", e) for e in self.holds)
        rule = STEPS.get(self.step)
        titles = {"en": self.title, "lv": self.title if rule is None else rule.title_lv}
        return message(
            "display.waiting",
            lang,
            events=events,
            earliest=d.due.isoformat(),
            period=count(f"display.period.{d.period.unit}", lang, d.period.n),
            start=d.start.isoformat(),
            points=point_labels(self.points, lang),
            title=titles[lang],
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "step": self.step,
            "subject": self.subject,
            "holds": list(self.holds),
            "earliest": self.earliest.isoformat(),
            "start": self.deadline.start.isoformat(),
            "provisional": self.deadline.provisional,
            "points": list(self.points),
            "status": self.status.value,
            "done": None if self.done is None else self.done.isoformat(),
            "event": self.event,
            "explanation": self.explanation,
        }
