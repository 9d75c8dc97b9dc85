"""The statutory steps of points 13-16 and the routes of a transfer, as data.

The steps (period, legal points, who must act, which event opens and which meets them)
live in ``law/steps.toml``; the live procedures, the statutory timeline and the
simulator all read them from here, so the rules exist once.

>>> STEPS["information"].period
WorkingDays(n=20)
>>> STEPS["information"].points_for(Route.MUNICIPALITY)
('p. 14.2',)
>>> route_for("service_holder")
<Route.INSTITUTION: 'institution'>
"""

from __future__ import annotations

import enum
import functools
import tomllib
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, cast

import attrs

from vkac_flow.calendar.periods import Period, period_from_dict
from vkac_flow.errors import InputTypeError, RuleViolationError, echo
from vkac_flow.law.lazy import Lazy, data_text
from vkac_flow.messages import Text

__all__ = [
    "STEPS",
    "TRANSFER_STEP_KEYS",
    "Route",
    "StatutoryStep",
    "load_steps",
    "route_for",
]


class Route(enum.Enum):
    """Which point governs a transfer: who proposed it (p. 12)."""

    INSTITUTION = "institution"
    """p. 13: an institution (p. 2.4) or a service holder (p. 2.3) proposed."""
    MUNICIPALITY = "municipality"
    """p. 14: a municipality (p. 2.5) proposed."""

    @property
    def point(self) -> str:
        """The point that sets the route ("p. 13" or "p. 14")."""
        return "p. 13" if self is Route.INSTITUTION else "p. 14"


_ROUTE_OF_KIND: Mapping[str, Route] = MappingProxyType(
    {
        "institution": Route.INSTITUTION,
        "service_holder": Route.INSTITUTION,
        "municipality": Route.MUNICIPALITY,
    }
)


def route_for(initiator: object) -> Route:
    """The route of a transfer proposed by ``initiator`` (p. 12-14).

    Args:
        initiator: A :class:`~vkac_flow.law.parties.Party`, a
            :class:`~vkac_flow.law.parties.PartyKind`, or one of the strings
            ``"municipality"``, ``"institution"``, ``"service_holder"``.

    Raises:
        RuleViolationError: The initiator may not propose a transfer (p. 12).
        InputTypeError: ``initiator`` is of another type.
    """
    kind: object = initiator
    if not isinstance(kind, str):
        kind = getattr(kind, "kind", kind)
        kind = getattr(kind, "value", kind)
    if not isinstance(kind, str):
        raise InputTypeError(Text("error.law.initiator_type", value=echo(initiator)))
    try:
        return _ROUTE_OF_KIND[kind]
    except KeyError:
        raise RuleViolationError(
            Text("error.law.may_not_propose", value=echo(kind)), points=("p. 12",)
        ) from None


def _frozen_points(points: Mapping[str, Any]) -> Mapping[str, tuple[str, ...]]:
    """The points by route, read-only (a shared step must not be changed in place)."""
    return MappingProxyType({k: tuple(v) for k, v in points.items()})


def _as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    # a function, not ``converter=tuple``: attrs reads a converter's signature, and
    # ``inspect.signature(tuple)`` compiles tokenize's patterns (milliseconds at import)
    return tuple(values)


@attrs.frozen
class StatutoryStep:
    """One statutory step: a period opened by an event and met by another.

    Attributes:
        key: The step's name (``"information"``, ``"service_start"``...).
        title_en: What must be done, in English.
        title_lv: The same in Latvian.
        opened_by: The event whose date starts the period.
        met_by: The events that fulfil the step.
        period: The statutory period.
        points: The points that set the step, by route (``"any"`` for both).
        responsible: Who must act (``ministry``, ``service_holder``, ``municipality``,
            ``initiator``).
        kind: ``"deadline"`` (act on or before the due date) or ``"waiting"`` (act on or
            after it).
    """

    key: str
    title_en: str
    title_lv: str
    opened_by: str
    met_by: tuple[str, ...] = attrs.field(converter=_as_tuple)
    period: Period = attrs.field()
    points: Mapping[str, tuple[str, ...]] = attrs.field(converter=_frozen_points)
    responsible: tuple[str, ...] = attrs.field(converter=_as_tuple)
    kind: str = attrs.field()

    def points_for(self, route: Route | None = None) -> tuple[str, ...]:
        """The citations (``"p. 13.2"``) of this step on ``route``."""
        numbers = self.points.get("any")
        if numbers is None:
            if route is None:
                numbers = tuple(n for ns in self.points.values() for n in ns)
            else:
                numbers = self.points[route.value]
        return tuple(f"p. {n}" for n in numbers)


def _step(row: dict[str, Any]) -> StatutoryStep:
    return StatutoryStep(
        key=row["key"],
        title_en=row["title_en"],
        title_lv=row["title_lv"],
        opened_by=row["opened_by"],
        met_by=tuple(row["met_by"]),
        period=period_from_dict(row["period"]),
        points={k: tuple(v) for k, v in row["points"].items()},
        responsible=tuple(row["responsible"]),
        kind=row["kind"],
    )


@functools.cache
def load_steps() -> Mapping[str, StatutoryStep]:
    """Load the statutory steps from the packaged data (once; read-only and shared)."""
    text = data_text("steps.toml")
    return MappingProxyType({row["key"]: _step(row) for row in tomllib.loads(text)["step"]})


STEPS: Mapping[str, StatutoryStep] = cast(Mapping[str, StatutoryStep], Lazy(load_steps))
"""All statutory steps by key (``law/steps.toml`` is read on first use)."""

TRANSFER_STEP_KEYS: tuple[str, ...] = (
    "information",
    "committee_meeting",
    "training",
    "methodological_material",
    "service_start",
)
"""The steps of a transfer (p. 13-15), in the order the statutory timeline chains them."""
