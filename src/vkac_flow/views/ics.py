"""Calendar feeds (iCalendar, ``.ics``): one all-day event per pending statutory step.

Built with the ``icalendar`` package (the ``feeds`` extra); no iCalendar text is written by
hand. Each event of :func:`ics_feed`:

* ``UID`` -- stable: the procedure's id, the step and its subject (a centre, for p. 15.3),
  so that importing a newer feed updates the events instead of duplicating them;
* ``SEQUENCE`` -- how many times that step's due date has moved across the versions of the
  procedure's audit log (:func:`due_changes`; policy :data:`SEQUENCE_POLICY`): 0 for a
  date never moved, one more each time a correction or retraction moved it. Derived from
  the log alone, so two exports of the same log are identical and no state is kept;
* ``DTSTART`` -- the due date (an all-day event, ``VALUE=DATE``);
* ``SUMMARY`` -- what must be done, in Latvian or English (``lang``), and the procedure;
* ``DESCRIPTION`` -- the due date, its points (as the language cites them: "14.2.
  apakšpunkts"), who must act (the party or role in that language), and how the date was
  counted (:meth:`~vkac_flow.calendar.deadline.Deadline.explain`); a provisional date says
  so in the summary, the description and ``STATUS:TENTATIVE``;
* ``CATEGORIES`` -- the step's code (the same in both languages, for filtering) and its
  points, cited in the feed's language;
* a waiting period (the p. 16 notice, an agenda item of ``step_kind == "waiting"``) is an
  all-day event on the earliest day the exclusion may take effect: nobody's duty, never
  overdue, and left out of a feed for one ``responsible`` (as the register's agenda);
* ``VALARM`` (``alarm=N``) -- a reminder at 09:00 on the N-th working day before the due
  date, counted on the procedure's calendar (APL s. 42-43 working days).

The events are exactly the agenda's items (:meth:`vkac_flow.register.core.Register.agenda`,
or :meth:`vkac_flow.views.sources.ProcedureSet.agenda` for procedures in hand); texts come
from the message catalogue (``messages/<lang>/views.toml``). The language is ``lang``, else
the user's choice (``VKAC_LANG``, else the locale, else English:
:func:`~vkac_flow.views.texts.view_language`).
"""

from __future__ import annotations

import datetime
import os
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from vkac_flow._version import __version__
from vkac_flow.calendar.dates import to_date, today_in_riga
from vkac_flow.errors import InputError, InputTypeError, VkacFlowError, echo
from vkac_flow.messages import Text, message, point_label, point_labels
from vkac_flow.procedures.base import Procedure
from vkac_flow.procedures.documents import load_procedure
from vkac_flow.views.sources import (
    WHOLE_RANGE,
    as_source,
    pending_obligation,
    pending_waiting,
    write_whole,
)
from vkac_flow.views.texts import step_title, view_language

__all__ = [
    "MAX_ALARM_WORKING_DAYS",
    "SEQUENCE_POLICY",
    "UID_DOMAIN",
    "FeedEvent",
    "due_changes",
    "feed_events",
    "ics_feed",
    "uid_for",
    "write_ics",
]

UID_DOMAIN: Final = "vkac-flow"
"""The right-hand side of every ``UID`` (``<procedure>/<step>/<subject>@vkac-flow``)."""

SEQUENCE_POLICY: Final = "sequence-counts-due-date-moves"
"""``SEQUENCE`` is the number of times a step's due date changed between consecutive
versions of the audit log (version k: the first k records, replayed by the rules), versions
in which the step is not open skipped. A date moved and moved back counts twice, so the
number only grows as the log grows (RFC 5545 s. 3.8.7.4)."""

MAX_ALARM_WORKING_DAYS: Final = 60
"""The largest ``alarm`` accepted (working days before the due date)."""


@attrs.frozen
class FeedEvent:
    """One event of the feed, before it is written as iCalendar.

    Attributes:
        uid: The stable ``UID``.
        sequence: The ``SEQUENCE`` (:data:`SEQUENCE_POLICY`).
        procedure_id: The procedure.
        step: The step.
        subject: The centre it is about, when owed per centre.
        due: The due date.
        provisional: Whether the due date may change with a calendar not yet known.
        overdue: Whether it was already overdue on the feed's ``as_of`` day.
        points: The points that set it (as the rules cite them: ``"p. 14.2"``).
        by: Who must act, in the feed's language (empty for a waiting period: nobody's
            duty).
        summary: The one-line summary, in the feed's language.
        description: The description, in the feed's language.
        alarm: The day of the reminder, or ``None``.
        step_kind: ``"deadline"`` (a duty) or ``"waiting"`` (the earliest day an event may
            happen, p. 16).
    """

    uid: str
    sequence: int
    procedure_id: str
    step: str
    subject: str | None
    due: datetime.date
    provisional: bool
    overdue: bool
    points: tuple[str, ...]
    by: str
    summary: str
    description: str
    alarm: datetime.date | None
    step_kind: str = "deadline"


def uid_for(procedure_id: str, step: str, subject: str | None) -> str:
    """The stable ``UID`` of a step: id, step and subject, percent-encoded, ``@vkac-flow``.

    >>> uid_for("road-1", "service_start", "Cēsis")
    'road-1/service_start/C%C4%93sis@vkac-flow'
    >>> uid_for("road-1", "information", None)
    'road-1/information@vkac-flow'
    """
    parts = [procedure_id, step] + ([] if subject is None else [subject])
    return "/".join(urllib.parse.quote(x, safe="-._~") for x in parts) + f"@{UID_DOMAIN}"


def _versions(procedure: Procedure) -> list[Procedure]:
    """The procedure after each prefix of its audit log (the last one is ``procedure``)."""
    doc = procedure.to_dict()
    audit = doc["audit"]
    out: list[Procedure] = []
    for k in range(1, len(audit)):
        prefix = {key: v for key, v in doc.items() if key != "state"}
        prefix["audit"] = audit[:k]
        try:
            out.append(
                load_procedure(
                    prefix,
                    calendar=procedure.calendar,
                    clock=procedure.clock,
                    registry=procedure.registry,
                )
            )
        except VkacFlowError:
            continue  # a prefix the rules no longer accept: no version to compare with
    out.append(procedure)
    return out


def due_changes(procedure: Procedure) -> dict[str, int]:
    """How many times each step's due date moved across the audit log's versions.

    Keyed ``step`` or ``step/subject`` (as :meth:`Procedure.deadlines`); see
    :data:`SEQUENCE_POLICY`.

    >>> import datetime
    >>> from vkac_flow import Party, Service, TransferProcedure
    >>> svc = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
    >>> p = TransferProcedure.propose(svc, initiator=svc.holder,
    ...                               clock=lambda: datetime.date(2026, 12, 1))
    >>> p.letter_received("2026-03-02")
    >>> due_changes(p)
    {'information': 0}
    >>> _ = p.correct("e1", on="2026-03-04", reason="the letter came on the 4th")
    >>> due_changes(p)
    {'information': 1}
    """
    changes: dict[str, int] = {}
    last: dict[str, datetime.date] = {}
    for version in _versions(procedure):
        for key, deadline in version.deadlines().items():
            before = last.get(key)
            if before is None:
                changes[key] = 0
            elif deadline.due != before:
                changes[key] += 1
            last[key] = deadline.due
    return changes


def _check_alarm(alarm: object) -> int | None:
    if alarm is None:
        return None
    if isinstance(alarm, bool) or not isinstance(alarm, int):
        raise InputTypeError(Text("error.views.alarm_type", value=echo(alarm)))
    if not 0 <= alarm <= MAX_ALARM_WORKING_DAYS:
        raise InputError(
            Text("error.views.alarm_range", limit=MAX_ALARM_WORKING_DAYS, value=echo(alarm))
        )
    return alarm


def feed_events(
    source: object,
    *,
    start: object = None,
    end: object = None,
    responsible: str | None = None,
    procedure: str | None = None,
    as_of: object = None,
    lang: str | None = None,
    alarm: int | None = None,
) -> tuple[FeedEvent, ...]:
    """The feed's events: one per agenda item, in the agenda's order.

    Args:
        source: A ``Register``, a :class:`~vkac_flow.views.sources.ProcedureSet` or
            procedures.
        start: The first due date (default: no limit).
        end: The last due date (default: no limit).
        responsible: Only the steps this role owes, or whose party's name it names.
        procedure: Only this procedure's steps.
        as_of: The day that decides ``overdue`` (default: today in Riga).
        lang: ``"lv"`` or ``"en"`` (default: ``VKAC_LANG``, else the locale, else English).
        alarm: A reminder this many working days before the due date (``None``: none).

    Raises:
        InputError: A bad language, alarm or window.
        UnknownProcedureError: ``procedure`` is not in the source.
    """
    lang = view_language(lang)
    n_alarm = _check_alarm(alarm)
    src = as_source(source)
    first = WHOLE_RANGE[0] if start is None else to_date(start, what="start")
    last = WHOLE_RANGE[1] if end is None else to_date(end, what="end")
    today = today_in_riga() if as_of is None else to_date(as_of, what="as_of")
    if procedure is not None:
        src.get(procedure)  # an unknown id is an error, not an empty feed
    items = src.agenda(first, last, responsible=responsible, as_of=today)
    procs: dict[str, Procedure] = {}
    moves: dict[str, Mapping[str, int]] = {}
    out: list[FeedEvent] = []
    for item in items:
        pid = item.procedure_id
        if procedure is not None and pid != procedure:
            continue
        if pid not in procs:
            procs[pid] = src.get(pid)
            moves[pid] = due_changes(procs[pid])
        p = procs[pid]
        if getattr(item, "step_kind", "deadline") == "waiting":
            out.append(_waiting_event(p, item.step, item.subject, today, moves[pid], lang, n_alarm))
            continue
        o = pending_obligation(p, item.step, item.subject, today)
        title = step_title(o.step, o.subject, lang)
        by = p.responsible_text(o, lang)
        dl = o.deadline
        summary = message("feed.summary", lang, title=title, procedure=pid)
        due = o.due.isoformat()
        points = point_labels(o.points, lang)
        lines = [message("feed.description_due", lang, due=due, points=points, by=by)]
        if dl.provisional:
            summary += message("feed.provisional_summary", lang)
            lines.append(message("feed.description_provisional", lang))
        lines.append(message("feed.description_counted", lang, explanation=dl.explain(lang)))
        reminder = None if n_alarm is None else p.calendar.add_working_days(o.due, -n_alarm)
        out.append(
            FeedEvent(
                uid=uid_for(pid, o.step, o.subject),
                sequence=moves[pid].get(o.key, 0),
                procedure_id=pid,
                step=o.step,
                subject=o.subject,
                due=o.due,
                provisional=dl.provisional,
                overdue=item.overdue,
                points=tuple(o.points),
                by=by,
                summary=summary,
                description="\n".join(lines),
                alarm=reminder,
            )
        )
    return tuple(out)


def _waiting_event(
    p: Procedure,
    step: str,
    subject: str | None,
    today: datetime.date,
    moves: Mapping[str, int],
    lang: str,
    n_alarm: int | None,
) -> FeedEvent:
    """The all-day event of a waiting period: the earliest day, nobody's duty (p. 16)."""
    w = pending_waiting(p, step, subject, today)
    title = step_title(w.step, None, lang)
    points = point_labels(w.points, lang)
    dl = w.deadline
    summary = message("feed.waiting_summary", lang, points=points, procedure=p.id)
    earliest = w.earliest.isoformat()
    lines = [
        message("feed.waiting_description", lang, earliest=earliest, points=points, title=title)
    ]
    if dl.provisional:
        summary += message("feed.provisional_summary", lang)
        lines.append(message("feed.description_provisional", lang))
    lines.append(message("feed.description_counted", lang, explanation=dl.explain(lang)))
    reminder = None if n_alarm is None else p.calendar.add_working_days(w.earliest, -n_alarm)
    return FeedEvent(
        uid=uid_for(p.id, w.step, w.subject),
        sequence=moves.get(w.key, 0),
        procedure_id=p.id,
        step=w.step,
        subject=w.subject,
        due=w.earliest,
        provisional=dl.provisional,
        overdue=False,
        points=tuple(w.points),
        by="",
        summary=summary,
        description="\n".join(lines),
        alarm=reminder,
        step_kind="waiting",
    )


def _calendar_of(events: Sequence[FeedEvent], lang: str, stamp: datetime.datetime) -> Any:
    import icalendar  # the `feeds` extra

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//vkac_flow//vkac-flow {__version__}//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", message("feed.name", lang))
    for e in events:
        ev = icalendar.Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("sequence", e.sequence)
        ev.add("dtstart", e.due)
        ev.add("dtend", e.due + datetime.timedelta(days=1))
        ev.add("summary", e.summary)
        ev.add("description", e.description)
        ev.add("categories", [e.step, *(point_label(x, lang) for x in e.points)])
        ev.add("status", "TENTATIVE" if e.provisional else "CONFIRMED")
        ev.add("transp", "TRANSPARENT")
        if e.alarm is not None:
            al = icalendar.Alarm()
            al.add("action", "DISPLAY")
            n = (e.due - e.alarm).days
            al.add("trigger", datetime.timedelta(days=-n, hours=9))
            al.add("description", e.summary)
            ev.add_component(al)
        cal.add_component(ev)
    return cal


def ics_feed(
    source: object,
    *,
    start: object = None,
    end: object = None,
    responsible: str | None = None,
    procedure: str | None = None,
    as_of: object = None,
    lang: str | None = None,
    alarm: int | None = None,
    generated_at: datetime.datetime | None = None,
) -> bytes:
    """The iCalendar feed of :func:`feed_events` (same arguments), as bytes.

    Args:
        source: See :func:`feed_events`.
        start: See :func:`feed_events`.
        end: See :func:`feed_events`.
        responsible: See :func:`feed_events`.
        procedure: See :func:`feed_events`.
        as_of: See :func:`feed_events`.
        lang: See :func:`feed_events`.
        alarm: See :func:`feed_events`.
        generated_at: The ``DTSTAMP`` of every event, an aware datetime (default: now).

    Raises:
        InputTypeError: ``generated_at`` is not an aware datetime.
    """
    if generated_at is None:
        generated_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    if not isinstance(generated_at, datetime.datetime) or generated_at.utcoffset() is None:
        raise InputTypeError(Text("error.views.generated_at", value=echo(generated_at)))
    lang = view_language(lang)
    events = feed_events(
        source,
        start=start,
        end=end,
        responsible=responsible,
        procedure=procedure,
        as_of=as_of,
        lang=lang,
        alarm=alarm,
    )
    stamp = generated_at.astimezone(datetime.UTC)
    data: bytes = _calendar_of(events, lang, stamp).to_ical()
    return data


def write_ics(path: str | os.PathLike[str], source: object, **options: Any) -> int:
    """Write :func:`ics_feed` (``options`` as its keywords) to ``path``; the number of events.

    The file is written whole or not at all (a temporary file renamed into place).

    Raises:
        InputError: The file cannot be written (one line; no temporary file left).
    """
    data = ics_feed(source, **options)
    write_whole(path, data)
    return data.count(b"BEGIN:VEVENT")
