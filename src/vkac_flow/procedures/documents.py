"""Loading a saved procedure document of either kind (transfer p. 12-15, exclusion p. 16).

A document's ``format`` picks the class from an explicit whitelist, never by importing a
name found in the document; the history is then replayed through the same rules as a live
procedure (:meth:`~vkac_flow.procedures.base.Procedure.from_dict`).

>>> from datetime import date
>>> from vkac_flow import Party, Service, TransferProcedure
>>> svc = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
>>> p = TransferProcedure.propose(svc, initiator=svc.holder, clock=lambda: date(2026, 12, 31))
>>> p.letter_received("2026-03-02")
>>> load_procedure(p.to_dict(), clock=lambda: date(2026, 12, 31)) == p
True
>>> load_procedure({"format": "os.system"})
Traceback (most recent call last):
...
vkac_flow.errors.HistoryError: unknown document format 'os.system'; known: vkac_flow.exclusion, vkac_flow.transfer
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.errors import HistoryError
from vkac_flow.law.centres import CentreRegistry
from vkac_flow.procedures.base import Clock, Procedure
from vkac_flow.procedures.exclusion import ExclusionProcedure
from vkac_flow.procedures.transfer import TransferProcedure

__all__ = ["PROCEDURE_FORMATS", "load_procedure", "loads_procedure"]

PROCEDURE_FORMATS: Final[Mapping[str, type[Procedure]]] = {
    TransferProcedure.FORMAT: TransferProcedure,
    ExclusionProcedure.FORMAT: ExclusionProcedure,
}
"""The document formats vkac_flow reads, and the class that replays each."""


def load_procedure(
    doc: object,
    *,
    calendar: LatvianCalendar | None = None,
    clock: Clock | None = None,
    registry: CentreRegistry | None = None,
) -> Procedure:
    """Rebuild a transfer or exclusion procedure from its ``to_dict()`` document.

    Args:
        doc: The document (a mapping with ``format``, ``version``, identity and history).
        calendar: The calendar to count on (default: the shared default).
        clock: Today's date for the date checks of the replay (default: today in Riga).
        registry: The centre registry to check centre names against (not in the document).

    Raises:
        HistoryError: Not a mapping, an unknown format, or a history that cannot be replayed.
    """
    if not isinstance(doc, Mapping):
        raise HistoryError(f"expected a mapping, got {type(doc).__name__}")
    fmt = doc.get("format")
    cls = PROCEDURE_FORMATS.get(fmt) if isinstance(fmt, str) else None
    if cls is None:
        raise HistoryError(
            f"unknown document format {fmt!r}; known: {', '.join(sorted(PROCEDURE_FORMATS))}"
        )
    return cls.from_dict(doc, calendar=calendar, clock=clock, registry=registry)


def loads_procedure(
    text: str,
    *,
    calendar: LatvianCalendar | None = None,
    clock: Clock | None = None,
    registry: CentreRegistry | None = None,
) -> Procedure:
    """:func:`load_procedure` from JSON text.

    Raises:
        HistoryError: The text is not JSON, or as :func:`load_procedure`.
    """
    try:
        doc: Any = json.loads(text)
    except json.JSONDecodeError as err:
        raise HistoryError(f"not a JSON document: {err}") from None
    except RecursionError:
        raise HistoryError("not a procedure document: nested too deeply") from None
    return load_procedure(doc, calendar=calendar, clock=clock, registry=registry)
