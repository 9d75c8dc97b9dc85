"""The statutory timeline of a transfer: the latest dates the law allows for every step.

:func:`statutory_timeline` assumes every step uses its whole period: the ministry prepares
the information on the last of its 20 working days (p. 13.2/14.2), the committee meets
and decides on the last day of the following month (p. 13.3/14.3), training ends on the last
day of the month after the decision (p. 15.1), and the methodological material (p. 15.2)
and the service start (p. 15.3) are due from the end of training.

>>> t = statutory_timeline("2026-12-01", "municipality")
>>> [(s.key, s.due.isoformat(), s.provisional) for s in t.steps][:2]
[('information', '2027-01-04', True), ('committee_meeting', '2027-02-04', True)]
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs

from vkac_flow.calendar.dates import to_date
from vkac_flow.calendar.deadline import Deadline
from vkac_flow.calendar.latvian import LatvianCalendar, default_calendar
from vkac_flow.errors import DateOutOfRangeError, check_flag, check_lang
from vkac_flow.law.calendars import MunicipalCalendars
from vkac_flow.law.parties import Party
from vkac_flow.law.steps import STEPS, TRANSFER_STEP_KEYS, Route, route_for
from vkac_flow.messages import Text, catalogue, choose_language, message, point_label, point_labels
from vkac_flow.procedures.arguments import check_instance
from vkac_flow.procedures.step_calendars import party_deadline

__all__ = ["Timeline", "TimelineStep", "statutory_timeline"]

#: The regulation entered into force on 2017-07-01 (p. 25).
_IN_FORCE = datetime.date(2017, 7, 1)


@attrs.frozen
class TimelineStep:
    """One step of a timeline: what, by whom, by when, under which point.

    Attributes:
        key: The step's key (``information``, ``committee_meeting``, ``training``,
            ``methodological_material``, ``service_start``).
        title_en: What must be done.
        title_lv: The same in Latvian.
        deadline: The deadline, with :meth:`~vkac_flow.calendar.deadline.Deadline.explain`.
        points: The points of the regulation that set the step.
        responsible: Who must act.
    """

    key: str
    title_en: str
    title_lv: str
    deadline: Deadline
    points: tuple[str, ...]
    responsible: tuple[str, ...]

    @property
    def due(self) -> datetime.date:
        """The latest day allowed by law."""
        return self.deadline.due

    @property
    def provisional(self) -> bool:
        """Whether the date depends on a year past the calendar's horizon."""
        return self.deadline.provisional

    @property
    def basis(self) -> tuple[str, ...]:
        """The points of the regulation and the APL sections used."""
        return self.deadline.basis

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: key, due, basis, responsible, provisional."""
        return {
            "key": self.key,
            "due": self.due.isoformat(),
            "basis": list(self.basis),
            "responsible": list(self.responsible),
            "provisional": self.provisional,
        }


@attrs.frozen
class Timeline:
    """A sequence of statutory steps counted from a letter (or from what happened).

    Attributes:
        letter_received: The day the ministry received the letter (p. 13.1/14.1).
        route: The route (p. 13 or p. 14).
        initiator: The initiator's kind (``municipality``, ``institution``,
            ``service_holder``).
        steps: The steps in order.
    """

    letter_received: datetime.date
    route: Route
    initiator: str
    steps: tuple[TimelineStep, ...]

    def __getitem__(self, key: str) -> TimelineStep:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def __iter__(self) -> Any:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def provisional(self) -> bool:
        """Whether any step is provisional."""
        return any(step.provisional for step in self.steps)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (the ``--format json`` output of ``vkac-flow timeline``)."""
        return {
            "letter_received": self.letter_received.isoformat(),
            "initiator": self.initiator,
            "route": self.route.point,
            "steps": [step.to_dict() for step in self.steps],
        }

    def rows(self, lang: str = "en") -> list[dict[str, str]]:
        """Rows for a table: step, due, points, responsible, what (in ``lang``)."""
        check_lang(lang)
        return [
            {
                "step": message(f"step.{step.key}", lang),
                "due": step.due.isoformat() + (" *" if step.provisional else ""),
                "points": point_labels(step.points, lang),
                "responsible": message("and", lang).join(
                    message(f"role.{r}", lang) for r in step.responsible
                ),
                "what": step.title_lv if lang == "lv" else step.title_en,  # law/steps.toml
            }
            for step in self.steps
        ]

    def to_text(self, *, explain: bool = False, lang: str = "en") -> str:
        """A readable table in English or Latvian; with ``explain``, each step's explanation.

        Raises:
            InputError: ``lang`` is neither ``"en"`` nor ``"lv"``.
            InputTypeError: ``explain`` is not a bool.
        """
        check_flag(explain, "explain")
        rows = self.rows(lang)
        cols = ["step", "due", "points", "responsible", "what"]
        head = {c: message(f"timeline_head.{c}", lang) for c in cols}
        widths = {c: max(len(head[c]), *(len(r[c]) for r in rows)) for c in cols}
        title = self._heading("timeline_title", lang)
        lines = [
            title,
            "  ".join(head[c].ljust(widths[c]) for c in cols).rstrip(),
            "  ".join("-" * widths[c] for c in cols),
        ]
        for step, row in zip(self.steps, rows, strict=True):
            lines.append("  ".join(row[c].ljust(widths[c]) for c in cols).rstrip())
            if explain:
                lines.extend("    " + line for line in step.deadline.explain(lang).splitlines())
        if self.provisional:
            lines.append(message("timeline_provisional", lang))
        return "\n".join(lines)

    def _heading(self, key: str, lang: str) -> str:
        """The title ``key`` (text or HTML caption): the letter's date, initiator and route."""
        initiator = self.initiator
        if f"initiator.{initiator}" in catalogue(lang):
            initiator = message(f"initiator.{initiator}", lang)
        return message(
            key,
            lang,
            date=self.letter_received.isoformat(),
            initiator=initiator,
            point=point_label(self.route.point, lang),
        )

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self, lang: str | None = None) -> str:
        """The table as HTML (a notebook's ``_repr_html_``), in ``lang``.

        Args:
            lang: ``"en"`` or ``"lv"``; ``None`` (what ``_repr_html_`` uses):
                :func:`~vkac_flow.messages.choose_language` at render time (``VKAC_LANG``,
                else the locale, else English).
        """
        import html  # only for notebooks: not on the start-up path

        lang = choose_language(lang)
        rows = self.rows(lang)
        cells = "".join(
            "<tr>" + "".join(f"<td>{html.escape(r[c])}</td>" for c in r) + "</tr>" for r in rows
        )
        caption = self._heading("display.timeline_caption", lang)
        head = "".join(
            f"<th>{html.escape(message(f'timeline_head.{c}', lang))}</th>"
            for c in ("step", "due", "points", "responsible", "what")
        )
        return (
            f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{cells}</tbody></table>"
        )


def _kind_name(initiator: object) -> str:
    if isinstance(initiator, str):
        return initiator
    kind = getattr(initiator, "kind", initiator)
    return str(getattr(kind, "value", kind))


def statutory_timeline(
    letter_received: Any,
    initiator: object,
    *,
    calendar: LatvianCalendar | None = None,
    municipality: Party | None = None,
    municipal_calendars: MunicipalCalendars | None = None,
) -> Timeline:
    """The latest dates allowed by law for every step of a transfer (p. 13-15).

    Args:
        letter_received: The day the ministry received the proposal letter (p. 13.1/14.1).
        initiator: Who proposed (a Party, a PartyKind or ``"municipality"``,
            ``"institution"``, ``"service_holder"``); picks the route, p. 13 or p. 14.
        calendar: The calendar to count on (default: :func:`default_calendar`).
        municipality: The municipality that starts the service (p. 15.3), if known: that
            step is counted on its calendar (reading ``step-counted-on-responsible-partys-calendar``,
            :func:`vkac_flow.law.calendars.step_calendar`).
        municipal_calendars: Which municipalities do not follow the Cabinet transfer orders
            (default: the packaged registry).

    Returns:
        A :class:`Timeline` whose steps are chained: each counts from the latest date of
        the step before it. Steps past the calendar's horizon are provisional.

    Raises:
        RuleViolationError: The initiator may not propose (p. 12).
        DateOutOfRangeError: The letter predates the regulation (p. 25) or lies outside the
            calendar's range.
        InputTypeError: ``calendar`` is not a :class:`LatvianCalendar` (or ``None``).
    """
    check_instance(calendar, LatvianCalendar, "calendar", optional=True)
    cal = calendar or default_calendar()
    letter = to_date(letter_received, what="letter_received")
    if letter < _IN_FORCE:
        raise DateOutOfRangeError(
            Text(
                "error.timeline.before_force",
                what="letter_received",
                date=letter.isoformat(),
                in_force=_IN_FORCE.isoformat(),
            ),
            points=("p. 25",),
        )
    route = route_for(initiator)
    return Timeline(
        letter_received=letter,
        route=route,
        initiator=_kind_name(initiator),
        steps=chain_steps(
            cal,
            route,
            {"letter_received": letter},
            municipality=municipality,
            municipal_calendars=municipal_calendars,
        ),
    )


def chain_steps(
    cal: LatvianCalendar,
    route: Route,
    events: dict[str, datetime.date],
    keys: tuple[str, ...] = TRANSFER_STEP_KEYS,
    *,
    municipality: Party | None = None,
    municipal_calendars: MunicipalCalendars | None = None,
) -> tuple[TimelineStep, ...]:
    """Chain the steps ``keys`` from known event dates, each later event on its latest date.

    ``events`` maps event names (``letter_received``, ``information_prepared``...) to the
    dates they happened; a step whose opening event is unknown counts from the due date of
    the step that would produce it. A live procedure uses this to project its remaining
    steps from what actually happened.
    """
    known = dict(events)
    out: list[TimelineStep] = []
    for key in keys:
        rule = STEPS[key]
        start = known.get(rule.opened_by)
        if start is None:
            raise KeyError(f"no date for {rule.opened_by!r}, which opens step {key!r}")
        points = rule.points_for(route)
        if municipality is None:
            deadline = cal.deadline(start, rule.period, basis=points)
        else:
            deadline = party_deadline(
                key, start, points, municipality, municipal_calendars, base=cal
            )
        out.append(
            TimelineStep(
                key=key,
                title_en=rule.title_en,
                title_lv=rule.title_lv,
                deadline=deadline,
                points=points,
                responsible=rule.responsible,
            )
        )
        for event in rule.met_by:
            known.setdefault(event, deadline.due)
    return tuple(out)
