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

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.errors import HistoryError, InputError, InputTypeError, echo, echo_many
from vkac_flow.law.calendars import MunicipalCalendars
from vkac_flow.law.centres import CentreRegistry
from vkac_flow.messages import Text
from vkac_flow.procedures.base import Clock, Procedure
from vkac_flow.procedures.exclusion import ExclusionProcedure
from vkac_flow.procedures.reading import check_document, json_document
from vkac_flow.procedures.reasons import whole_text
from vkac_flow.procedures.transfer import TransferProcedure

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_VERSION",
    "PROCEDURE_FORMATS",
    "dump_bundle",
    "json_document",
    "load_bundle",
    "load_document",
    "load_procedure",
    "loads_procedure",
]

BUNDLE_FORMAT: Final = "vkac_flow.bundle"
"""The ``format`` of a bundle: many procedures' documents in one JSON document."""
BUNDLE_VERSION: Final = 1
"""The ``version`` of bundles :func:`dump_bundle` writes and :func:`load_bundle` reads."""

PROCEDURE_FORMATS: Final[Mapping[str, type[Procedure]]] = MappingProxyType(
    {
        TransferProcedure.FORMAT: TransferProcedure,
        ExclusionProcedure.FORMAT: ExclusionProcedure,
    }
)
"""The document formats vkac_flow reads, and the class that replays each (read-only)."""


def load_procedure(
    doc: object,
    *,
    calendar: LatvianCalendar | None = None,
    clock: Clock | None = None,
    registry: CentreRegistry | None = None,
    municipal_calendars: MunicipalCalendars | None = None,
) -> Procedure:
    """Rebuild a transfer or exclusion procedure from its ``to_dict()`` document.

    Args:
        doc: The document (a mapping with ``format``, ``version``, identity and history).
        calendar: The calendar to count on (default: the shared default).
        clock: Today's date for the date checks of the replay (default: today in Riga).
        registry: The centre registry to check centre names against (not in the document).
        municipal_calendars: A transfer's expected municipal calendars: must be the
            document's (:meth:`TransferProcedure.from_dict`); refused for another format.

    Raises:
        HistoryError: Not a mapping, an unknown format, a history that cannot be replayed,
            or ``municipal_calendars`` that are not the document's (or given for an exclusion).
    """
    if not isinstance(doc, Mapping):
        raise HistoryError(Text("error.codec.not_mapping", got=type(doc).__name__))
    fmt = doc.get("format")
    cls = PROCEDURE_FORMATS.get(fmt) if isinstance(fmt, str) else None
    if cls is None:
        known = ", ".join(sorted(PROCEDURE_FORMATS))
        if fmt == BUNDLE_FORMAT:  # a hint: the reader of bundles
            raise HistoryError(Text("error.documents.bundle_given", format=echo(fmt), known=known))
        raise HistoryError(Text("error.documents.unknown_format", format=echo(fmt), known=known))
    if municipal_calendars is not None:
        if cls is not TransferProcedure:
            raise HistoryError(Text("error.documents.municipal_calendars", format=echo(fmt)))
        return TransferProcedure.from_dict(
            doc,
            calendar=calendar,
            clock=clock,
            registry=registry,
            municipal_calendars=municipal_calendars,
        )
    return cls.from_dict(doc, calendar=calendar, clock=clock, registry=registry)


def dump_bundle(procedures: Iterable[Procedure]) -> dict[str, Any]:
    """One JSON-safe document holding many procedures' ``to_dict()`` documents.

    >>> from datetime import date
    >>> from vkac_flow import Party, Service, TransferProcedure
    >>> svc = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
    >>> p = TransferProcedure.propose(svc, initiator=svc.holder, clock=lambda: date(2026, 12, 31))
    >>> doc = dump_bundle([p])
    >>> doc["format"], doc["version"], len(doc["procedures"])
    ('vkac_flow.bundle', 1, 1)
    >>> load_bundle(doc, clock=lambda: date(2026, 12, 31)) == (p,)
    True

    Raises:
        InputTypeError: An item is not a procedure.
        InputError: Two procedures have the same id.
    """
    docs: list[dict[str, Any]] = []
    seen: set[str] = set()
    for p in procedures:
        if not isinstance(p, Procedure):
            raise InputTypeError(Text("error.documents.not_procedure", got=type(p).__name__))
        if p.id in seen:
            raise InputError(Text("error.documents.dump_twice", id=echo(p.id)))
        seen.add(p.id)
        docs.append(p.to_dict())
    return {"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "procedures": docs}


def load_bundle(
    doc: object,
    *,
    calendar: LatvianCalendar | None = None,
    clock: Clock | None = None,
    registry: CentreRegistry | None = None,
) -> tuple[Procedure, ...]:
    """The procedures of a :func:`dump_bundle` document, each replayed by :func:`load_procedure`.

    Raises:
        HistoryError: Not a bundle (the message names the formats accepted), or a procedure
            cannot be rebuilt (the message says which, counting from 1).
    """
    if not isinstance(doc, Mapping):
        raise HistoryError(Text("error.codec.not_mapping", got=type(doc).__name__))
    check_document(doc, "bundle")
    if doc.get("format") != BUNDLE_FORMAT:
        raise HistoryError(
            Text(
                "error.documents.not_bundle", format=echo(doc.get("format")), accepted=BUNDLE_FORMAT
            )
        )
    if type(doc.get("version")) is not int or doc["version"] != BUNDLE_VERSION:
        raise HistoryError(
            Text(
                "error.documents.bundle_version",
                version=echo(doc.get("version")),
                supported=BUNDLE_VERSION,
            )
        )
    if set(doc) != {"format", "version", "procedures"}:
        raise HistoryError(Text("error.documents.bundle_keys", got=echo_many(sorted(doc))))
    items = doc["procedures"]
    if not isinstance(items, list):
        raise HistoryError(Text("error.documents.procedures_list", got=type(items).__name__))
    out: list[Procedure] = []
    for i, item in enumerate(items, start=1):
        try:
            out.append(load_procedure(item, calendar=calendar, clock=clock, registry=registry))
        except HistoryError as err:
            raise HistoryError(
                Text("error.documents.bundle_item", number=i, reason=whole_text(err)),
                points=err.points,
            ) from err
    if len({p.id for p in out}) != len(out):
        raise HistoryError(Text("error.documents.bundle_twice"))
    return tuple(out)


def load_document(
    doc: object,
    *,
    calendar: LatvianCalendar | None = None,
    clock: Clock | None = None,
    registry: CentreRegistry | None = None,
) -> tuple[Procedure, ...]:
    """The procedures of a document of any accepted format: a bundle or one procedure.

    Raises:
        HistoryError: Not a document of an accepted format (the message lists them all).
    """
    if isinstance(doc, Mapping) and doc.get("format") == BUNDLE_FORMAT:
        return load_bundle(doc, calendar=calendar, clock=clock, registry=registry)
    fmt = doc.get("format") if isinstance(doc, Mapping) else None
    if isinstance(doc, Mapping) and not (isinstance(fmt, str) and fmt in PROCEDURE_FORMATS):
        accepted = ", ".join(sorted([BUNDLE_FORMAT, *PROCEDURE_FORMATS]))
        raise HistoryError(
            Text(
                "error.documents.unknown_accepted",
                format=echo(doc.get("format")),
                accepted=accepted,
            )
        )
    return (load_procedure(doc, calendar=calendar, clock=clock, registry=registry),)


def loads_procedure(
    text: str | bytes,
    *,
    calendar: LatvianCalendar | None = None,
    clock: Clock | None = None,
    registry: CentreRegistry | None = None,
) -> Procedure:
    """:func:`load_procedure` from JSON text (parsed by :func:`json_document`).

    Raises:
        HistoryError: The text is not a string of JSON, holds a value no document has (a
            number beyond 64 bits, ``NaN``, a lone surrogate, nesting too deep), or as
            :func:`load_procedure`.
    """
    doc: Any = json_document(text)
    return load_procedure(doc, calendar=calendar, clock=clock, registry=registry)
