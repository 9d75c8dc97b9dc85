"""How a procedure shows itself: table rows, a readable summary, HTML for notebooks."""

from __future__ import annotations

import html

from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.messages import Text, catalogue, count, message, point_label
from vkac_flow.procedures.codec import Documented
from vkac_flow.procedures.projections import Breach, Obligation, ObligationStatus

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


def party_text(party: Party) -> Text | str:
    """A party as a catalogue text (for a message): :func:`party_name` not yet rendered."""
    code = party.institution_code
    if code is not None:
        return Text("party_institution", code=code, name=party.name)
    if party.is_committee:
        return party.name
    return Text(f"party.{party.kind.value}", name=party.name)


def party_name(party: Party, lang: str) -> str:
    """A party in ``lang``: ``"pašvaldība Cēsu novads"`` (``str(party)`` in English)."""
    text = party_text(party)
    return text if isinstance(text, str) else text.render(lang)


def service_text(service: Service) -> Text:
    """A service as a catalogue text (for a message): :func:`service_name` not yet rendered."""
    stage: Text | str = "" if service.stage is None else Text("service_stage", stage=service.stage)
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
        "points": ", ".join(point_label(p, lang) for p in o.points),
        "days": count("days", lang, o.days_late),
        "working_days": count("working_days", lang, o.working_days_late),
        "by": o.by if by is None else by,
    }
    if o.status is ObligationStatus.MET_EARLY:
        return message("breach_early", lang, **values)
    key = "breach_late" if o.status is ObligationStatus.MET_LATE else "breach_missed"
    return message(key, lang, **values)


class Displayed(Documented):
    """Rows for tables, a readable summary and the notebook HTML."""

    def events_rows(self, lang: str = "en") -> list[dict[str, str]]:
        """Rows of the history for a table: #, date, event, data (names in ``lang``)."""

        def shown(v: object) -> str:
            return ", ".join(v) if isinstance(v, tuple) else _named("value", str(v), lang)

        return [
            {
                "#": str(i),
                "date": r.date.isoformat(),
                "event": _named("event", r.event, lang),
                "data": ", ".join(
                    f"{_named('event_data', k, lang)}={shown(v)}" for k, v in r.data.items()
                ),
            }
            for i, r in enumerate(self._history, start=1)
        ]

    def obligations_rows(self, as_of: object = None) -> list[dict[str, str]]:
        """Rows of :meth:`obligations` for a table."""
        return [
            {
                "step": o.key,
                "due": o.due.isoformat() + (" *" if o.deadline.provisional else ""),
                "by": o.by,
                "points": ", ".join(o.points),
                "status": o.status.value,
                "done": "" if o.done is None else o.done.isoformat(),
                "late": f"{o.days_late} d / {o.working_days_late} wd" if o.days_late else "",
            }
            for o in self.obligations(as_of)
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

    def findings(self) -> tuple[str, ...]:
        """What the record shows missing that is no deadline (a kind may name some)."""
        return ()

    def summary(self, as_of: object = None, lang: str = "en") -> str:
        """A readable multi-line summary: state, events, obligations, allowed events.

        With ``as_of``, the summary of the snapshot :meth:`as_of` (state, events,
        obligations and breaches as of that day). ``lang`` is ``"en"`` or ``"lv"``
        (:mod:`vkac_flow.messages`).
        """
        if as_of is not None:
            return self.as_of(as_of).summary(lang)
        m = message
        state = _named("state", self.state, lang)
        lines = [m("summary_state", lang, title=self._title(lang), state=state)]
        note = self.rules_note
        if note is not None:  # a history written under older rules (procedures.folding)
            lines.append(m("summary_rules", lang, note=note))
        lines.append(m("summary_events", lang))
        lines.extend(
            f"  {r['#']}. {r['date']} {r['event']}" + (f" ({r['data']})" if r["data"] else "")
            for r in self.events_rows(lang)
        )
        if not self._history:
            lines.append(m("summary_none", lang))
        lines.append(m("summary_obligations", lang))
        obligations = self.obligations()
        for o, r in zip(obligations, self.obligations_rows(), strict=True):
            step = o.key if o.subject is not None else _named("step", o.step, lang)
            by = self.responsible_text(o, lang)
            status = _named("obligation_status", r["status"], lang)
            line = m(
                "summary_obligation",
                lang,
                step=step,
                due=r["due"],
                by=by,
                points=", ".join(point_label(p, lang) for p in o.points),
                status=status,
            )
            if r["done"]:
                line += f" {r['done']}"
            if r["late"]:
                late = m("late_amount", lang, days=o.days_late, working_days=o.working_days_late)
                line += m("summary_late", lang, late=late)
            lines.append(line)
        if not obligations:
            lines.append(m("summary_none", lang))
        waiting = self.waiting_periods()
        if waiting:
            lines.append(m("summary_waiting", lang))
            lines.extend(f"  {w.key}: {w.explanation} [{w.status.value}]" for w in waiting)
        lines.extend(m("summary_finding", lang, finding=f) for f in self.findings())
        allowed = ", ".join(_named("event", e, lang) for e in self.allowed_events())
        lines.append(m("summary_allowed", lang, events=allowed or m("none", lang)))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return self.html_body()

    def html_body(self) -> str:
        """The HTML of :meth:`_repr_html_` (also a snapshot's)."""

        def table(caption: str, rows: list[dict[str, str]]) -> str:
            if not rows:
                return f"<p><b>{html.escape(caption)}</b>: none</p>"
            head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in r.values()) + "</tr>"
                for r in rows
            )
            return (
                f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table>"
            )

        return (
            f"<div><p><b>{html.escape(self._title())}</b>: state "
            f"<code>{html.escape(self.state)}</code>; allowed now: "
            f"{html.escape(', '.join(self.allowed_events()) or 'none')}</p>"
            + (
                ""
                if self.rules_note is None
                else f"<p><i>rules: {html.escape(self.rules_note)}</i></p>"
            )
            + table("Events", self.events_rows())
            + table("Obligations", self.obligations_rows())
            + table(
                "Waiting periods",
                [
                    {"step": w.key, "earliest": w.earliest.isoformat(), "status": w.status.value}
                    for w in self.waiting_periods()
                ],
            )
            + "</div>"
        )
