"""A read-only view of a procedure as of a day, as known at an instant (``Procedure.as_of``).

By definition a snapshot *is* the procedure replayed from exactly the events that happened
on or before ``day`` (legal time, ``on``) and, with ``known_at``, were recorded by then
(``recorded_at``; corrections recorded later are not seen, the records they replaced are).
:meth:`vkac_flow.procedures.base.Procedure.as_of` builds that replay; this class only
exposes its queries, judged on ``day``, and offers no event methods.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Mapping
from typing import Protocol

from vkac_flow.calendar.deadline import Deadline
from vkac_flow.messages import choose_language, message
from vkac_flow.procedures.projections import Breach, Obligation, WaitingPeriod
from vkac_flow.procedures.records import AuditRecord, EventRecord
from vkac_flow.procedures.timeline import Timeline

__all__ = ["Snapshot", "SnapshotSource"]


class SnapshotSource(Protocol):
    """What a snapshot reads of the replayed procedure (its public queries)."""

    @property
    def state(self) -> str: ...  # noqa: D102
    @property
    def history(self) -> tuple[EventRecord, ...]: ...  # noqa: D102
    @property
    def is_final(self) -> bool: ...  # noqa: D102
    @property
    def id(self) -> str: ...  # noqa: D102
    def allowed_events(self) -> tuple[str, ...]: ...  # noqa: D102
    def deadlines(self) -> dict[str, Deadline]: ...  # noqa: D102
    def obligations(self, as_of: object = None) -> tuple[Obligation, ...]: ...  # noqa: D102
    def breaches(self, as_of: object = None) -> tuple[Breach, ...]: ...  # noqa: D102
    def waiting_periods(self, as_of: object = None) -> tuple[WaitingPeriod, ...]: ...  # noqa: D102
    def summary(self, as_of: object = None, lang: str = "en") -> str: ...  # noqa: D102
    def breaches_text(self, as_of: object = None, lang: str = "en") -> list[str]: ...  # noqa: D102
    def html_body(self, lang: str | None = None) -> str: ...  # noqa: D102
    def timeline_or_none(self) -> Timeline | None: ...  # noqa: D102


class Snapshot:
    """A procedure as of ``day`` (and as known at ``known_at``): read-only.

    Attributes:
        day: The legal date the view is judged on.
        known_at: The instant of knowledge (``None``: everything recorded so far).
    """

    __slots__ = ("_audit", "_source", "day", "known_at")

    def __init__(
        self,
        source: SnapshotSource,
        *,
        day: datetime.date,
        known_at: datetime.datetime | None,
        audit: tuple[AuditRecord, ...],
    ) -> None:
        self._source = source
        self._audit = audit
        self.day = day
        self.known_at = known_at

    @property
    def id(self) -> str:
        """The procedure's id."""
        return self._source.id

    @property
    def state(self) -> str:
        """The state on ``day``."""
        return self._source.state

    @property
    def history(self) -> tuple[EventRecord, ...]:
        """The effective events on or before ``day`` (as known at ``known_at``)."""
        return self._source.history

    @property
    def is_final(self) -> bool:
        """Whether the procedure had ended by ``day``."""
        return self._source.is_final

    def audit_log(self) -> tuple[AuditRecord, ...]:
        """The audit records known at ``known_at`` (all of them without it), any ``on``."""
        return self._audit

    def allowed_events(self) -> tuple[str, ...]:
        """The events the procedure accepted on ``day``."""
        return self._source.allowed_events()

    def deadlines(self) -> Mapping[str, Deadline]:
        """The deadlines opened by ``day``."""
        return self._source.deadlines()

    def obligations(self) -> tuple[Obligation, ...]:
        """The obligations as of ``day``."""
        return self._source.obligations(self.day)

    def breaches(self) -> tuple[Breach, ...]:
        """The breaches as of ``day`` (a duty overdue but not done is not one yet)."""
        return self._source.breaches(self.day)

    def waiting_periods(self) -> tuple[WaitingPeriod, ...]:
        """The waiting periods as of ``day``."""
        return self._source.waiting_periods(self.day)

    def projected_timeline(self) -> Timeline | None:
        """The projected statutory timeline from the events by ``day`` (transfers; else None)."""
        return self._source.timeline_or_none()

    def _heading(self, lang: str = "en") -> str:
        known = (
            ""
            if self.known_at is None
            else message("as_known_at", lang, instant=self.known_at.isoformat())
        )
        return message("as_of", lang, date=self.day.isoformat()) + known

    def summary(self, lang: str = "en") -> str:
        """The procedure's summary as of ``day``, with its breaches, in ``lang``."""
        lines = self._source.summary(lang=lang).split("\n")
        lines[0] += f" ({self._heading(lang)})"
        lines.extend(self._source.breaches_text(self.day, lang))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return f"Snapshot(id={self.id!r}, {self._heading()}, state={self.state!r})"

    def _repr_html_(self) -> str:
        return self.html_body()

    def html_body(self, lang: str | None = None) -> str:
        """The HTML of the snapshot, in ``lang`` (as the procedure's ``html_body``).

        ``_repr_html_`` passes ``None``: the language of
        :func:`~vkac_flow.messages.choose_language` when the notebook renders it.
        """
        lang = choose_language(lang)
        heading = html.escape(self._heading(lang))
        return f"<div><p><i>{heading}</i></p>{self._source.html_body(lang)}</div>"
