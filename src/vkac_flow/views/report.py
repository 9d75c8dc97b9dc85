"""The register report: one self-contained HTML file for the committee and the ministry.

:func:`report_html` renders, with Jinja2 templates shipped in the package
(``views/templates/report.html.j2``, autoescaping on: every name from the log is escaped),
an overview -- open procedures by state, steps due in the next
:data:`DUE_SOON_WORKING_DAYS` working days, overdue steps, breaches by point -- and one
section per procedure: its statutory steps, its timeline as inline SVG (statutory period
bars from the day a period starts to its due date, the day each step was done, late and
overdue steps in red, the report's day as a dashed line; a waiting period, the p. 16 notice,
as a dashed bar to its earliest day), its waiting periods (earliest day, status, how it was
counted), the rules version its document carries, and its audit log (corrections and
retractions included). The footer names each kind's current rules version. Inline CSS with a print stylesheet; no script, no font, no address
on the network. Tables have ``<caption>`` and ``<th scope>``; each chart has ``<title>``
and ``<desc>``; the page has its ``lang``. Texts come from the message catalogue
(``messages/<lang>/views.toml``); parties, roles and events are named, and points cited, as
the report's language writes them. The language is ``lang``, else the user's choice
(``VKAC_LANG``, else the locale, else English: :func:`~vkac_flow.views.texts.view_language`).

Everything is judged as of one day (``as_of``): each procedure as of that day
(:meth:`~vkac_flow.procedures.base.Procedure.as_of`), through the procedures' one set of
rules.
"""

from __future__ import annotations

import collections
import datetime
import os
from collections.abc import Mapping
from typing import Any, Final

from vkac_flow._version import __version__
from vkac_flow.calendar.dates import to_date, today_in_riga
from vkac_flow.messages import catalogue, message, point_label, point_labels, prose_date
from vkac_flow.procedures.base import Procedure
from vkac_flow.procedures.display import initiator_name, party_name
from vkac_flow.procedures.exclusion import ExclusionProcedure
from vkac_flow.procedures.projections import Obligation, ObligationStatus
from vkac_flow.procedures.transfer import TransferProcedure
from vkac_flow.procedures.waiting import WaitingPeriod, WaitingStatus
from vkac_flow.views.sources import as_source, write_whole
from vkac_flow.views.texts import step_title, view_language

__all__ = ["DUE_SOON_WORKING_DAYS", "report_context", "report_html", "write_report"]

DUE_SOON_WORKING_DAYS: Final = 10
"""The overview's "due soon" window: from the report's day to this many working days on."""

_CHART_WIDTH: Final = 760
_LABEL_WIDTH: Final = 250
_ROW: Final = 26
_TOP: Final = 28


_PREFIX: Final = "report."


def _texts(lang: str) -> dict[str, str]:
    """The report's texts in ``lang`` (the catalogue's ``report.*`` keys, prefix cut)."""
    return {k[len(_PREFIX) :]: v for k, v in catalogue(lang).items() if k.startswith(_PREFIX)}


def _row(o: Obligation, p: Procedure, t: Mapping[str, str], lang: str) -> dict[str, Any]:
    return {
        "procedure": p.id,
        "title": step_title(o.step, o.subject, lang),
        "due": o.due.isoformat(),
        "provisional": o.deadline.provisional,
        "by": p.responsible_text(o, lang),
        "points": point_labels(o.points, lang),
        "status": t[f"statuses.{o.status.value}"],
        "late": o.status
        in (ObligationStatus.OVERDUE, ObligationStatus.MET_LATE, ObligationStatus.MISSED),
        "done": "" if o.done is None else o.done.isoformat(),
        "days_late": o.days_late,
    }


def _waiting_row(w: WaitingPeriod, pid: str, t: Mapping[str, str], lang: str) -> dict[str, Any]:
    return {
        "procedure": pid,
        "title": step_title(w.step, w.subject, lang),
        "earliest": w.earliest.isoformat(),
        "provisional": w.deadline.provisional,
        "points": point_labels(w.points, lang),
        "status": t[f"waiting_statuses.{w.status.value}"],
        "late": w.status is WaitingStatus.EARLY,
        "done": "" if w.done is None else w.done.isoformat(),
        "explanation": w.deadline.explain(lang),
    }


def _event_name(event: str, lang: str) -> str:
    """An event of the audit log by its name in ``lang`` (a code the catalogue lacks as is)."""
    key = f"event.{event}"
    return message(key, lang) if key in catalogue(lang) else event


def _chart(
    obligations: tuple[Obligation, ...],
    waiting: tuple[WaitingPeriod, ...],
    day: datetime.date,
    final: bool,
    lang: str,
) -> dict[str, Any] | None:
    """The timeline's geometry: one bar per step (start to due), a mark on the day done.

    A waiting period (p. 16) is a bar of its own kind, from the day it starts to the earliest
    day the event it holds back may happen; a mark on the day that event happened.
    """
    if not obligations and not waiting:
        return None
    items: list[Obligation | WaitingPeriod] = [*obligations, *waiting]
    starts = [o.deadline.start for o in items]
    ends = [o.deadline.due for o in items] + [o.done for o in items if o.done is not None]
    lo, hi = min(starts), max(ends)
    show_day = not final or lo <= day <= hi
    if show_day:
        lo, hi = min(lo, day), max(hi, day)
    lo -= datetime.timedelta(days=3)
    hi += datetime.timedelta(days=3)
    span = max((hi - lo).days, 1)
    inner = _CHART_WIDTH - _LABEL_WIDTH - 10

    def x(d: datetime.date) -> float:
        return round(_LABEL_WIDTH + inner * (d - lo).days / span, 1)

    rows = []
    for i, o in enumerate(items):
        is_waiting = isinstance(o, WaitingPeriod)
        if isinstance(o, WaitingPeriod):
            late = o.status is WaitingStatus.EARLY
            overdue_to = None
        else:
            late = o.status in (
                ObligationStatus.OVERDUE,
                ObligationStatus.MET_LATE,
                ObligationStatus.MISSED,
            )
            overdue_to = x(day) if o.status is ObligationStatus.OVERDUE else None
        label = step_title(o.step, o.subject, lang)
        due = o.deadline.due
        rows.append(
            {
                "y": _TOP + i * _ROW,
                "x1": x(o.deadline.start),
                "x2": x(due),
                "done": None if o.done is None else x(o.done),
                "late": late,
                "waiting": is_waiting,
                "label": label if len(label) <= 38 else label[:37] + "…",
                "full": label,
                "due": due.isoformat(),
                "done_day": None if o.done is None else o.done.isoformat(),
                "overdue_to": overdue_to,
            }
        )
    ticks = []
    m = datetime.date(lo.year, lo.month, 1)
    while m <= hi:
        if m >= lo:
            ticks.append({"x": x(m), "label": f"{m:%Y-%m}"})
        m = datetime.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    step = max(1, len(ticks) // 8)
    height = _TOP + len(rows) * _ROW + 34
    return {
        "width": _CHART_WIDTH,
        "height": height,
        "rows": rows,
        "ticks": ticks[::step],
        "day_x": x(day) if show_day else None,
        "axis_y": _TOP + len(rows) * _ROW,
        "legend_y": height - 8,
    }


def report_context(
    source: object, *, as_of: object = None, lang: str | None = None
) -> dict[str, Any]:
    """What the template shows: the overview and one entry per procedure (plain values).

    Args:
        source: A ``Register``, a :class:`~vkac_flow.views.sources.ProcedureSet` or
            procedures.
        as_of: The day to judge on (default: today in Riga).
        lang: ``"lv"`` or ``"en"`` (default: ``VKAC_LANG``, else the locale, else English).

    Raises:
        InputError: ``lang`` (or ``VKAC_LANG``) names another language.
    """
    lang = view_language(lang)
    t = _texts(lang)
    src = as_source(source)
    day = today_in_riga() if as_of is None else to_date(as_of, what="as_of")
    by_state: collections.Counter[str] = collections.Counter()
    due_soon: list[dict[str, Any]] = []
    overdue: list[dict[str, Any]] = []
    breach_points: dict[str, list[str]] = collections.defaultdict(list)
    sections: list[dict[str, Any]] = []
    soon_end: datetime.date | None = None
    for n, pid in enumerate(src.ids()):
        p: Procedure = src.get(pid)
        snap = p.as_of(day)
        if soon_end is None:
            soon_end = p.calendar.add_working_days(day, DUE_SOON_WORKING_DAYS)
        obligations = snap.obligations()
        waiting = snap.waiting_periods()
        breaches = snap.breaches()
        if not snap.is_final:
            by_state[snap.state] += 1
        for o in obligations:
            if o.status is ObligationStatus.OVERDUE:
                overdue.append(_row(o, p, t, lang))
            elif o.status is ObligationStatus.OPEN and day <= o.due <= soon_end:
                due_soon.append(_row(o, p, t, lang))
        for b in breaches:
            for point in b.obligation.points:
                breach_points[point].append(pid)
        service: Any = getattr(p, "service", None)  # both kinds have one
        initiator: Any = getattr(p, "initiator", None)
        kind = "transfer" if p.FORMAT.endswith("transfer") else "exclusion"
        sections.append(
            {
                "anchor": f"p{n + 1}",
                "id": pid,
                "kind": t[f"kinds.{kind}"],
                "service": "" if service is None else service.name,
                "holder": "" if service is None else party_name(service.holder, lang),
                "initiator": "" if initiator is None else initiator_name(initiator, lang),
                "state": t[f"states.{snap.state}"],
                "final": snap.is_final,
                "rules_version": p.rules_version,
                "obligations": [_row(o, p, t, lang) for o in obligations],
                "waiting": [_waiting_row(w, pid, t, lang) for w in waiting],
                "chart": _chart(obligations, waiting, day, snap.is_final, lang),
                "audit": [
                    {
                        "seq": r.seq,
                        "kind": t[f"records.{r.kind}"],
                        "is_amendment": r.kind != "event",
                        "event": "" if not r.event else _event_name(r.event, lang),
                        "on": "" if r.on is None else r.on.isoformat(),
                        "recorded_at": ""
                        if r.recorded_at is None
                        else r.recorded_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                        "recorded_by": r.recorded_by or "",
                        "corrects": r.corrects or "",
                        "reason": r.reason or "",
                    }
                    for r in p.audit_log()
                ],
            }
        )
    by_due = sorted(due_soon, key=lambda r: (r["due"], r["procedure"]))
    return {
        "lang": lang,
        "t": t,
        "day": day.isoformat(),
        "day_prose": prose_date(day, lang, form="locative"),
        "soon_days": DUE_SOON_WORKING_DAYS,
        "soon_end": "" if soon_end is None else soon_end.isoformat(),
        "by_state": sorted(by_state.items()),
        "state_label": {s: t[f"states.{s}"] for s in by_state},
        "due_soon": by_due,
        "overdue": sorted(overdue, key=lambda r: (r["due"], r["procedure"])),
        "breach_points": sorted(
            ((k, len(v), sorted(set(v))) for k, v in breach_points.items()),
            key=lambda r: r[0],
        ),
        "point_label": {k: point_label(k, lang) for k in breach_points},
        "sections": sections,
        "version": __version__,
        "rules": ", ".join(
            f"{t[f'kinds.{name}']} {cls.current_rules_version()}"
            for name, cls in (("transfer", TransferProcedure), ("exclusion", ExclusionProcedure))
        ),
    }


def report_html(source: object, *, as_of: object = None, lang: str | None = None) -> str:
    r"""The report as one self-contained HTML document (see the module docstring).

    >>> import datetime
    >>> from vkac_flow import Party, Service, TransferProcedure
    >>> svc = Service("Road permit", Party.service_holder('Ceļi <&> "SIA"'))
    >>> p = TransferProcedure.propose(svc, initiator=svc.holder, procedure_id="road-1",
    ...                               clock=lambda: datetime.date(2026, 12, 1))
    >>> p.letter_received("2026-03-02")
    >>> html = report_html([p], as_of="2026-04-15", lang="en")
    >>> "Ceļi &lt;&amp;&gt; &#34;SIA&#34;" in html, "<script" in html, 'lang="en"' in html
    (True, False, True)

    Args:
        source: See :func:`report_context`.
        as_of: See :func:`report_context`.
        lang: See :func:`report_context`.
    """
    import jinja2  # the `feeds` extra

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("vkac_flow.views", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    html: str = env.get_template("report.html.j2").render(
        report_context(source, as_of=as_of, lang=lang)
    )
    return html


def write_report(path: str | os.PathLike[str], source: object, **options: Any) -> int:
    """Write :func:`report_html` (``options`` as its keywords) to ``path``; its size in bytes.

    The file is written whole or not at all (a temporary file renamed into place).

    Raises:
        InputError: The file cannot be written (one line; no temporary file left).
    """
    data = report_html(source, **options).encode("utf-8")
    write_whole(path, data)
    return len(data)
