"""How a procedure shows itself: table rows, a readable summary, HTML for notebooks."""

from __future__ import annotations

import html

from vkac_flow.procedures.codec import Documented

__all__ = ["Displayed"]


class Displayed(Documented):
    """Rows for tables, a readable summary and the notebook HTML."""

    def events_rows(self) -> list[dict[str, str]]:
        """Rows of the history for a table: #, date, event, data."""
        return [
            {
                "#": str(i),
                "date": r.date.isoformat(),
                "event": r.event,
                "data": ", ".join(
                    f"{k}={', '.join(v) if isinstance(v, tuple) else v}" for k, v in r.data.items()
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

    def _title(self) -> str:
        return type(self).__name__

    def findings(self) -> tuple[str, ...]:
        """What the record shows missing that is no deadline (a kind may name some)."""
        return ()

    def summary(self, as_of: object = None) -> str:
        """A readable multi-line summary: state, events, obligations, allowed events.

        With ``as_of``, the summary of the snapshot :meth:`as_of` (state, events,
        obligations and breaches as of that day).
        """
        if as_of is not None:
            return self.as_of(as_of).summary()
        lines = [f"{self._title()}: state {self.state}"]
        note = self.rules_note
        if note is not None:  # a history written under older rules (procedures.folding)
            lines.append(f"rules: {note}")
        lines.append("events:")
        lines.extend(
            f"  {r['#']}. {r['date']} {r['event']}" + (f" ({r['data']})" if r["data"] else "")
            for r in self.events_rows()
        )
        if not self._history:
            lines.append("  (none)")
        lines.append("obligations:")
        rows = self.obligations_rows()
        lines.extend(
            f"  {r['step']}: due {r['due']} by {r['by']} [{r['points']}] {r['status']}"
            + (f" {r['done']}" if r["done"] else "")
            + (f" ({r['late']} late)" if r["late"] else "")
            for r in rows
        )
        if not rows:
            lines.append("  (none)")
        waiting = self.waiting_periods()
        if waiting:
            lines.append("waiting periods:")
            lines.extend(f"  {w.key}: {w.explanation} [{w.status.value}]" for w in waiting)
        lines.extend(f"finding: {f}" for f in self.findings())
        lines.append(f"allowed now: {', '.join(self.allowed_events()) or 'none'}")
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
