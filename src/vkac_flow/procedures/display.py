"""How a procedure shows itself: table rows, a readable summary, HTML for notebooks.

Every word of it is a text of the message catalogue (``messages/<lang>/main.toml`` and
``procedures.toml``), in English or Latvian: the methods take ``lang``; the notebook HTML
follows :func:`~vkac_flow.messages.choose_language` (``VKAC_LANG``, else the locale).
"""

from __future__ import annotations

import html

from vkac_flow.errors import check_lang
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.messages import (
    Text,
    catalogue,
    choose_language,
    count,
    message,
    point_labels,
)
from vkac_flow.procedures.codec import Documented
from vkac_flow.procedures.projections import Breach, Obligation, ObligationStatus
from vkac_flow.procedures.records import ENTRY_DATA, ENTRY_DATE, ENTRY_EVENT

__all__ = [
    "Displayed",
    "breach_text",
    "initiator_name",
    "party_name",
    "party_text",
    "service_name",
    "service_text",
]


def _named(table: str, code: str, lang: str) -> str:
    """``code``'s name in the catalogue table ``table`` (a code it lacks is shown as is)."""
    key = f"{table}.{code}"
    return message(key, lang) if key in catalogue(lang) else code


def party_text(party: Party) -> Text:
    """A party as a catalogue text (rendered by :func:`party_name`; for messages)."""
    code = party.institution_code
    if code is not None:
        return Text("party_institution", code=code, name=party.name)
    if party.is_committee:
        return Text("party.committee", name=party.name)
    return Text(f"party.{party.kind.value}", name=party.name)


def party_name(party: Party, lang: str) -> str:
    """A party in ``lang``: ``"pašvaldība Cēsu novads"`` (``str(party)`` in English)."""
    return party_text(party).render(lang)


def service_text(service: Service) -> Text:
    """A service as a catalogue text (rendered by :func:`service_name`; for messages)."""
    stage: str | Text = "" if service.stage is None else Text("service_stage", stage=service.stage)
    return Text("service_label", name=service.name, stage=stage, holder=party_text(service.holder))


def service_name(service: Service, lang: str) -> str:
    """A service in ``lang``: name, stage, holder (``service.label`` in English)."""
    return service_text(service).render(lang)


def initiator_name(initiator: object, lang: str) -> str:
    """Who proposed, in ``lang``: a party by :func:`party_name`, a role by its name."""
    if isinstance(initiator, Party):
        return party_name(initiator, lang)
    return _named("initiator", str(initiator), lang)


def breach_text(breach: Breach, lang: str, by: str | None = None) -> str:
    """A breach in ``lang`` (``str(breach)`` is the English one), ``by`` who was responsible."""
    o = breach.obligation
    step = o.key if o.subject is not None else _named("step", o.step, lang)
    values = {
        "step": step,
        "due": o.due.isoformat(),
        "done": "" if o.done is None else o.done.isoformat(),
        "points": point_labels(o.points, lang),
        "days": count("days", lang, o.days_late),
        "working_days": count("working_days", lang, o.working_days_late),
        "by": o.by if by is None else by,
    }
    if o.status is ObligationStatus.MET_EARLY:
        return message("breach_early", lang, **values)
    key = "breach_late" if o.status is ObligationStatus.MET_LATE else "breach_missed"
    return message(key, lang, **values)


class Displayed(Documented):
    """Rows for tables, a readable summary and the notebook HTML, in English or Latvian.

    Every text a person reads comes from the message catalogue (:mod:`vkac_flow.messages`):
    the methods take ``lang`` (``"en"``, the default, or ``"lv"``); the notebook HTML
    (``_repr_html_``, which takes no argument) is rendered in :func:`choose_language`'s
    language at render time (``VKAC_LANG``, else the locale, else English), and
    :meth:`html_body` takes ``lang`` to choose it.
    """

    def events_rows(self, lang: str = "en") -> list[dict[str, str]]:
        """Rows of the history for a table: #, date, event, data (names in ``lang``)."""

        def shown(v: object) -> str:
            return ", ".join(v) if isinstance(v, tuple) else _named("value", str(v), lang)

        return [
            {
                "#": str(i),
                "date": e[ENTRY_DATE].isoformat(),
                "event": _named("event", e[ENTRY_EVENT], lang),
                "data": ", ".join(
                    f"{_named('event_data', k, lang)}={shown(v)}" for k, v in e[ENTRY_DATA]
                ),
            }
            for i, e in enumerate(self._history, start=1)
        ]

    def obligations_rows(self, as_of: object = None, lang: str = "en") -> list[dict[str, str]]:
        """Rows of :meth:`obligations` for a table (texts in ``lang``; keys are codes)."""
        return [self._obligation_row(o, lang) for o in self.obligations(as_of)]

    def _obligation_row(self, o: Obligation, lang: str) -> dict[str, str]:
        late = ""
        if o.days_late:
            late = message("late_amount", lang, days=o.days_late, working_days=o.working_days_late)
        return {
            "step": _step_name(o.step, o.subject, o.key, lang),
            "due": o.due.isoformat() + (" *" if o.deadline.provisional else ""),
            "by": self.responsible_text(o, lang),
            "points": point_labels(o.points, lang),
            "status": _named("obligation_status", o.status.value, lang),
            "done": "" if o.done is None else o.done.isoformat(),
            "late": late,
        }

    def waiting_rows(self, as_of: object = None, lang: str = "en") -> list[dict[str, str]]:
        """Rows of :meth:`waiting_periods` for a table: step, earliest, status (in ``lang``)."""
        check_lang(lang)
        return [
            {
                "step": _step_name(w.step, w.subject, w.key, lang),
                "earliest": w.earliest.isoformat(),
                "status": _named("display.waiting_status", w.status.value, lang),
            }
            for w in self.waiting_periods(as_of)
        ]

    def responsible_text(self, obligation: Obligation, lang: str = "en") -> str:
        """Who must act on ``obligation``, in ``lang`` (in English, ``obligation.by``)."""
        names = (self._by(role, obligation.subject, lang) for role in obligation.responsible)
        return message("and", lang).join(names)

    def breaches_text(self, as_of: object = None, lang: str = "en") -> list[str]:
        """The lines of the breaches as of ``as_of`` in ``lang`` (heading first)."""
        breaches = self.breaches(as_of)
        lines = [message("breaches_heading" if breaches else "breaches_none", lang)]
        lines.extend(
            "  " + breach_text(b, lang, self.responsible_text(b.obligation, lang)) for b in breaches
        )
        return lines

    def _title(self, lang: str = "en") -> str:
        return type(self).__name__

    def _not_allowed(self, event: str) -> Text:
        """The plain reason an event is refused in this state: the states it needs."""
        states = ", ".join(sorted(self._sources().get(event, ())))
        return Text("error.steps.not_allowed", event=event, state=self.state, states=states)

    def findings(self, lang: str = "en") -> tuple[str, ...]:
        """What the record shows missing that is no deadline (a kind may name some)."""
        check_lang(lang)
        return ()

    def summary(self, as_of: object = None, lang: str = "en") -> str:
        """A readable multi-line summary: state, events, obligations, allowed events.

        With ``as_of``, the summary of the snapshot :meth:`as_of` (state, events,
        obligations and breaches as of that day). ``lang`` is ``"en"`` or ``"lv"``
        (:mod:`vkac_flow.messages`): every line is a text of the catalogue, filled with
        codes, names, points and ISO dates.
        """
        if as_of is not None:
            return self.as_of(as_of).summary(lang)
        m = message
        state = _named("state", self.state, lang)
        lines = [m("summary_state", lang, title=self._title(lang), state=state)]
        note = self.rules_note_text(lang)
        if note is not None:  # a history written under older rules (procedures.folding)
            lines.append(m("summary_rules", lang, note=note))
        lines.append(m("summary_events", lang))
        for r in self.events_rows(lang):
            data = m("display.summary_event_data", lang, data=r["data"]) if r["data"] else ""
            lines.append(
                m(
                    "display.summary_event",
                    lang,
                    n=r["#"],
                    date=r["date"],
                    event=r["event"],
                    data=data,
                )
            )
        if not self._history:
            lines.append(m("summary_none", lang))
        lines.append(m("summary_obligations", lang))
        obligations = self.obligations_rows(lang=lang)
        for r in obligations:
            line = m(
                "summary_obligation",
                lang,
                step=r["step"],
                due=r["due"],
                by=r["by"],
                points=r["points"],
                status=r["status"],
            )
            if r["done"]:
                line += m("display.summary_done", lang, date=r["done"])
            if r["late"]:
                line += m("summary_late", lang, late=r["late"])
            lines.append(line)
        if not obligations:
            lines.append(m("summary_none", lang))
        waiting = self.waiting_periods()
        if waiting:
            lines.append(m("summary_waiting", lang))
            lines.extend(
                m(
                    "display.summary_waiting_period",
                    lang,
                    step=row["step"],
                    explanation=w.explain(lang),
                    status=row["status"],
                )
                for w, row in zip(waiting, self.waiting_rows(lang=lang), strict=True)
            )
        lines.extend(m("summary_finding", lang, finding=f) for f in self.findings(lang))
        allowed = ", ".join(_named("event", e, lang) for e in self.allowed_events())
        lines.append(m("summary_allowed", lang, events=allowed or m("none", lang)))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return self.html_body()

    def html_body(self, lang: str | None = None) -> str:
        """The HTML of ``_repr_html_`` (also a snapshot's), in ``lang``.

        Args:
            lang: ``"en"`` or ``"lv"``; ``None`` (what a notebook's ``_repr_html_`` uses):
                :func:`~vkac_flow.messages.choose_language` at render time (``VKAC_LANG``,
                else the locale, else English).
        """
        lang = choose_language(lang)
        esc = html.escape
        allowed = ", ".join(_named("event", e, lang) for e in self.allowed_events())
        heading = message(
            "display.html_heading",
            lang,
            title=f"<b>{esc(self._title(lang))}</b>",
            state=f"<code>{esc(_named('state', self.state, lang))}</code>",
            events=esc(allowed or message("none", lang)),
        )
        note = self.rules_note_text(lang)
        rules = (
            ""
            if note is None
            else f"<p><i>{esc(message('summary_rules', lang, note=note))}</i></p>"
        )
        return (
            f"<div><p>{heading}</p>{rules}"
            + _html_table(message("display.html_events", lang), self.events_rows(lang), lang)
            + _html_table(
                message("display.html_obligations", lang), self.obligations_rows(lang=lang), lang
            )
            + _html_table(message("display.html_waiting", lang), self.waiting_rows(lang=lang), lang)
            + "</div>"
        )


def _step_name(step: str, subject: str | None, key: str, lang: str) -> str:
    """A step in a table: its name in ``lang``, or its ``step/subject`` key when per subject."""
    return key if subject is not None else _named("step", step, lang)


def _html_table(caption: str, rows: list[dict[str, str]], lang: str) -> str:
    """``rows`` as an HTML table (column heads from the catalogue), or a "none" line."""
    esc = html.escape
    if not rows:
        return f"<p>{message('display.html_empty', lang, caption=f'<b>{esc(caption)}</b>')}</p>"
    head = "".join(f"<th>{esc(_named('display.column', c, lang))}</th>" for c in rows[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(v)}</td>" for v in r.values()) + "</tr>" for r in rows
    )
    return (
        f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
