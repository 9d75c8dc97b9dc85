"""The facts that change a centre's scope of services (p. 7, 15.3, 16).

A procedure reports what it establishes about the scope of the centres as
:class:`ScopeFact` values: a transfer starts a service in a centre (p. 15.3), an exclusion
ends it (p. 16). The scope ledger (:mod:`vkac_flow.register.ledger`) reads any
:class:`ScopeSource`; the procedures only produce the facts, so neither imports the other.
"""

from __future__ import annotations

import datetime
from typing import Literal, Protocol, runtime_checkable

import attrs

from vkac_flow.law.services import Service

__all__ = ["ChangeKind", "ScopeFact", "ScopeSource"]

ChangeKind = Literal["start", "end"]
"""How a fact changes the scope: ``"start"`` (p. 15.3) or ``"end"`` (p. 16)."""


@attrs.frozen
class ScopeFact:
    """One fact a procedure contributes to the ledger.

    Attributes:
        kind: ``"start"`` (p. 15.3: the service started in the centre) or ``"end"`` (p. 16:
            the exclusion took effect there).
        service: The service.
        centre: The centre's name; for an ``"end"``, ``None`` means every centre that
            provides the service on ``day``.
        day: The day.
        points: The points the fact rests on.
    """

    kind: ChangeKind
    service: Service
    centre: str | None
    day: datetime.date
    points: tuple[str, ...]


@runtime_checkable
class ScopeSource(Protocol):
    """Anything the scope ledger can read: a procedure that reports its facts.

    ``scope_source_id`` must be stable across ``to_dict``/``from_dict`` (it makes
    :meth:`~vkac_flow.register.ledger.ScopeLedger.record` idempotent), and ``scope_facts()``
    must only ever grow as the procedure advances.
    """

    @property
    def scope_source_id(self) -> str:
        """A stable id of the procedure."""
        ...

    def scope_facts(self) -> tuple[ScopeFact, ...]:
        """The facts the procedure establishes so far."""
        ...
