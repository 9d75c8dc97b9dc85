"""The scope ledger: which services a centre provides on a given day (p. 7, 15.3, 16).

The scope of a centre (p. 7) is three parts, and each enters and leaves differently:

* the **minimum basket** (p. 7.1) is always there, from the day the centre serves clients
  (:attr:`~vkac_flow.law.centres.Centre.serves_from`: its opening date, or 2017-07-01 for a
  centre that existed when the regulation came into force, p. 25). The basket is an
  indivisible set (p. 2.6) that every type of centre provides (p. 4.2, 5.2, 6.2) and that
  no one can exclude (p. 16);
* **municipal services** (p. 7.2) are there from the day the municipality designates them
  for the centre, until it withdraws them: the municipality's own choice, outside p. 16
  (:meth:`ScopeLedger.designate`, :meth:`ScopeLedger.end_designation`);
* **other services** (p. 7.3) are there from the day a completed transfer started them in
  that centre (p. 15.3, the ``service_started`` event for that centre) until the day an
  exclusion took effect there (p. 16): :meth:`ScopeLedger.record` reads both from the
  procedures' histories.

Intervals are half-open: a service started on day S and excluded on day E is provided on
S, ..., E - 1 and not on E (interpretation ``EXCLUSION-DAY-EXCLUSIVE``: the exclusion
"takes effect" on E, so E is the first day without the service).

Every (centre, service) pair keeps its intervals in sorted lists searched with
:mod:`bisect`, and every centre and every service has an index of the pairs it appears in,
so :meth:`~ScopeLedger.offers` is O(log n) and :meth:`~ScopeLedger.services_at` /
:meth:`~ScopeLedger.centres_offering` touch only that centre's / service's pairs.

A change that overlaps or contradicts what is recorded (a second start while the service
is provided, excluding a service that is not provided there) raises
:class:`ScopeConflictError` citing the points, and the ledger stays exactly as it was.

>>> import datetime
>>> from vkac_flow.law.centres import Centre, CentreRegistry, CentreType
>>> from vkac_flow.law.parties import Party
>>> from vkac_flow.law.services import Service
>>> reg = CentreRegistry([Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL)])
>>> ledger = ScopeLedger(reg)
>>> roads = Service("Vehicle registration", Party.service_holder("CSDD"))
>>> _ = ledger.add_interval(roads, "Cēsis", datetime.date(2026, 3, 2))
>>> ledger.offers("Cēsis", roads, datetime.date(2026, 3, 2))
True
>>> _ = ledger.end_interval(roads, "Cēsis", datetime.date(2026, 10, 5))
>>> ledger.offers("Cēsis", roads, datetime.date(2026, 10, 5))
False
>>> [(c.day.isoformat(), c.kind, c.points) for c in ledger.history("Cēsis", basket=False)]
[('2026-03-02', 'start', ('p. 7.3',)), ('2026-10-05', 'end', ('p. 16',))]
"""

from __future__ import annotations

import bisect
import datetime
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, TypeVar

import attrs

from vkac_flow.calendar.dates import to_date
from vkac_flow.errors import (
    DateOutOfRangeError,
    InputError,
    InputTypeError,
    RuleViolationError,
    check_flag,
    echo,
)
from vkac_flow.law.centres import Centre, CentreRegistry
from vkac_flow.law.parties import Institution
from vkac_flow.law.regulation import REGULATION_IN_FORCE, cite
from vkac_flow.law.scope import ChangeKind, ScopeFact, ScopeSource
from vkac_flow.law.services import Service, ServiceCategory, minimum_basket_service
from vkac_flow.messages import Text
from vkac_flow.procedures.display import party_text, service_text

__all__ = [
    "ChangeKind",
    "ScopeChange",
    "ScopeConflictError",
    "ScopeFact",
    "ScopeInterval",
    "ScopeLedger",
    "ScopeSource",
    "default_minimum_basket",
]

_T = TypeVar("_T")

_START_POINTS: Final[Mapping[ServiceCategory, tuple[str, ...]]] = MappingProxyType(
    {
        ServiceCategory.MINIMUM_BASKET: cite("7.1"),
        ServiceCategory.MUNICIPAL: cite("7.2"),
        ServiceCategory.OTHER: cite("7.3"),
    }
)
_P16: Final = cite("16")
_P7_2: Final = cite("7.2")
_P15_3: Final = cite("15.3")
_CATEGORY_ORDER: Final[Mapping[ServiceCategory, int]] = MappingProxyType(
    {c: i for i, c in enumerate(ServiceCategory)}
)


class ScopeConflictError(RuleViolationError):
    """A change of scope that overlaps or contradicts what the ledger holds.

    The ledger is left exactly as it was.

    Attributes:
        centre: The centre's name (``None`` if the change names no single centre).
        service: The service's key.
        day: The day of the rejected change.
    """

    def __init__(
        self,
        message: str | Text,
        *,
        points: Iterable[str],
        centre: str | None,
        service: str,
        day: datetime.date,
    ) -> None:
        self.centre = centre
        self.service = service
        self.day = day
        super().__init__(message, points=points)


@attrs.frozen
class ScopeInterval:
    """One stretch of days on which a centre provides a service: ``[start, end)``.

    Attributes:
        centre: The centre's name.
        service: The service.
        start: The first day it is provided.
        end: The first day it is no longer provided, or ``None`` (still provided).
        start_points: The points under which it started (e.g. ``("p. 7.3", "p. 15.3")``).
        end_points: The points under which it ended (``("p. 16",)``), or ``()``.
        start_source: What recorded the start (e.g. ``"transfer:..."``).
        end_source: What recorded the end, or ``None``.
    """

    centre: str
    service: Service
    start: datetime.date
    end: datetime.date | None
    start_points: tuple[str, ...]
    end_points: tuple[str, ...] = ()
    start_source: str = "manual"
    end_source: str | None = None

    def contains(self, day: datetime.date) -> bool:
        """Whether the service is provided on ``day``."""
        return self.start <= day and (self.end is None or day < self.end)


@attrs.frozen(order=True)
class ScopeChange:
    """A change of a centre's scope: a service starts or ends there on a day.

    Ordered by day, then centre, then ends before starts, then service key.

    Attributes:
        day: The day of the change (a start: first day provided; an end: first day not).
        centre: The centre's name.
        kind: ``"start"`` or ``"end"``.
        service_key: The service's key.
        points: The points of the regulation under which it happened.
        source: What recorded it (``"basket"``, ``"designation"``, ``"transfer:<id>"``...).
        service: The service.
    """

    day: datetime.date
    centre: str
    kind: ChangeKind = attrs.field(order=lambda k: 0 if k == "end" else 1)
    service_key: str
    points: tuple[str, ...] = attrs.field(order=False)
    source: str = attrs.field(order=False)
    service: Service = attrs.field(order=False, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of the change."""
        return {
            "day": self.day.isoformat(),
            "centre": self.centre,
            "kind": self.kind,
            "service": self.service.to_dict(),
            "points": list(self.points),
            "source": self.source,
        }


def default_minimum_basket() -> tuple[Service, ...]:
    """One minimum-basket service per institution of p. 8 (the whole basket, p. 2.6, 7.1).

    >>> [s.holder.institution.code for s in default_minimum_basket()]
    ['LAD', 'NVA', 'UR', 'PMLP', 'VID', 'VSAA', 'VZD']
    """
    return tuple(minimum_basket_service(i) for i in Institution)


class _Track:
    """The sorted, non-overlapping intervals of one (centre, service) pair."""

    __slots__ = ("end_points", "end_sources", "ends", "start_points", "start_sources", "starts")

    def __init__(self) -> None:
        self.starts: list[datetime.date] = []
        self.ends: list[datetime.date | None] = []
        self.start_points: list[tuple[str, ...]] = []
        self.end_points: list[tuple[str, ...]] = []
        self.start_sources: list[str] = []
        self.end_sources: list[str | None] = []

    def copy(self) -> _Track:
        new = _Track()
        new.starts = self.starts[:]
        new.ends = self.ends[:]
        new.start_points = self.start_points[:]
        new.end_points = self.end_points[:]
        new.start_sources = self.start_sources[:]
        new.end_sources = self.end_sources[:]
        return new

    def restore(self, saved: _Track) -> None:
        """Put back the lists of ``saved`` (a copy of this track), in place."""
        self.starts = saved.starts
        self.ends = saved.ends
        self.start_points = saved.start_points
        self.end_points = saved.end_points
        self.start_sources = saved.start_sources
        self.end_sources = saved.end_sources

    def index_at(self, day: datetime.date) -> int:
        """Index of the interval that contains ``day``, or -1."""
        i = bisect.bisect_right(self.starts, day) - 1
        if i >= 0:
            end = self.ends[i]
            if end is None or day < end:
                return i
        return -1


class _Txn:
    """An undo log: touched tracks and added changes, restored if a change fails."""

    def __init__(self) -> None:
        self.tracks: dict[tuple[str, str], _Track | None] = {}
        self.changes: list[ScopeChange] = []
        self.pairs: list[tuple[str, str]] = []
        self.services: list[str] = []
        self.facts: dict[str, frozenset[ScopeFact] | None] = {}
        self.wildcards: list[tuple[str, tuple[datetime.date, str, tuple[str, ...]]]] = []


class ScopeLedger:
    """The scope of every centre of a registry, over time (p. 7).

    Args:
        registry: The centres (read live: centres added later are known to the ledger).
        minimum_basket: The services listed as the minimum basket (p. 7.1, 8); by default
            one per institution (:func:`default_minimum_basket`). Whatever the list, every
            service of category minimum basket counts as provided in every centre that
            serves clients (p. 2.6: the basket is indivisible).

    Raises:
        InputTypeError: ``registry`` is not a :class:`CentreRegistry`, or a basket item is
            not a service.
        InputError: A basket item is not of category minimum basket.
    """

    def __init__(
        self,
        registry: CentreRegistry,
        *,
        minimum_basket: Iterable[Service] | None = None,
    ) -> None:
        if not isinstance(registry, CentreRegistry):
            raise InputTypeError(Text("error.ledger.registry_type", got=type(registry).__name__))
        basket = default_minimum_basket() if minimum_basket is None else tuple(minimum_basket)
        for s in basket:
            if not isinstance(s, Service):
                raise InputTypeError(Text("error.ledger.basket_item", got=echo(s)))
            if s.category is not ServiceCategory.MINIMUM_BASKET:
                raise InputError(
                    Text(
                        "error.ledger.basket_category",
                        service=service_text(s),
                        category=_category(s.category),
                        point=_point(s.category.point),
                    ),
                    points=cite("7.1", "8"),
                )
        self.registry = registry
        self._basket: tuple[Service, ...] = tuple(sorted(set(basket), key=lambda s: s.key))
        self._services: dict[str, Service] = {s.key: s for s in self._basket}
        self._tracks: dict[tuple[str, str], _Track] = {}
        # the same track objects, indexed by centre and by service (restored in place)
        self._by_centre: dict[str, dict[str, _Track]] = {}
        self._by_service: dict[str, dict[str, _Track]] = {}
        self._changes: list[ScopeChange] = []
        self._centre_changes: dict[str, list[ScopeChange]] = {}
        self._facts: dict[str, frozenset[ScopeFact]] = {}
        # exclusions recorded for "every centre" (EXCL-CENTRES), by service key, in date
        # order: a start recorded later that runs across one is ended by it
        self._wildcard_ends: dict[str, list[tuple[datetime.date, str, tuple[str, ...]]]] = {}
        self._txn: _Txn | None = None

    # ------------------------------------------------------------------ properties

    @property
    def minimum_basket(self) -> tuple[Service, ...]:
        """The services listed as the minimum basket (p. 7.1)."""
        return self._basket

    @property
    def sources(self) -> tuple[str, ...]:
        """The ids of the procedures recorded so far."""
        return tuple(self._facts)

    def __repr__(self) -> str:
        return (
            f"ScopeLedger({len(self.registry)} centres, {len(self._tracks)} centre-service "
            f"pairs, {len(self._changes)} recorded changes)"
        )

    # ------------------------------------------------------------------ transactions

    def _atomic(self, action: Callable[[], _T]) -> _T:
        """Run ``action``; on any error restore the ledger exactly and re-raise."""
        if self._txn is not None:  # nested: the outer transaction owns the undo log
            return action()
        txn = self._txn = _Txn()
        try:
            return action()
        except BaseException:
            self._rollback(txn)
            raise
        finally:
            self._txn = None

    def _rollback(self, txn: _Txn) -> None:
        for key, old in txn.tracks.items():
            if old is None:
                self._tracks.pop(key, None)
            else:
                self._tracks[key].restore(old)
        for change in txn.changes:
            _remove(self._changes, change)
            _remove(self._centre_changes[change.centre], change)
        for centre, skey in txn.pairs:
            self._by_centre[centre].pop(skey, None)
            if not self._by_centre[centre]:
                del self._by_centre[centre]
            self._by_service[skey].pop(centre, None)
            if not self._by_service[skey]:
                del self._by_service[skey]
        for skey in txn.services:
            self._services.pop(skey, None)
        for skey, entry in txn.wildcards:
            self._wildcard_ends[skey].remove(entry)
        for source, old_facts in txn.facts.items():
            if old_facts is None:
                self._facts.pop(source, None)
            else:
                self._facts[source] = old_facts

    def _track_for_write(self, centre: str, service: Service) -> _Track:
        txn = self._txn
        assert txn is not None, "writes happen inside _atomic"
        key = (centre, service.key)
        track = self._tracks.get(key)
        if key not in txn.tracks:
            txn.tracks[key] = None if track is None else track.copy()
        if track is None:
            track = self._tracks[key] = _Track()
            self._by_centre.setdefault(centre, {})[service.key] = track
            self._by_service.setdefault(service.key, {})[centre] = track
            txn.pairs.append((centre, service.key))
        if service.key not in self._services:
            self._services[service.key] = service
            txn.services.append(service.key)
        elif self._services[service.key] != service:
            other = self._services[service.key]
            raise ScopeConflictError(
                Text(
                    "error.ledger.key_used",
                    key=echo(service.key),
                    other=service_text(other),
                    service=service_text(service),
                ),
                points=(),
                centre=centre,
                service=service.key,
                day=REGULATION_IN_FORCE,
            )
        return track

    def _log(self, change: ScopeChange) -> None:
        assert self._txn is not None
        bisect.insort(self._changes, change)
        bisect.insort(self._centre_changes.setdefault(change.centre, []), change)
        self._txn.changes.append(change)

    # ------------------------------------------------------------------ input checks

    def _day(self, value: object, what: str) -> datetime.date:
        day = to_date(value, what=what)
        if day < REGULATION_IN_FORCE:
            raise DateOutOfRangeError(
                Text(
                    "error.ledger.before_regulation",
                    what=what,
                    day=day.isoformat(),
                    in_force=REGULATION_IN_FORCE.isoformat(),
                ),
                points=cite("25"),
            )
        return day

    def _centre(self, centre: object) -> Centre:
        if not isinstance(centre, str | Centre):
            raise InputTypeError(Text("error.ledger.centre_type", got=type(centre).__name__))
        return self.registry.resolve(centre)

    @staticmethod
    def _service(service: object) -> Service:
        if not isinstance(service, Service):
            raise InputTypeError(Text("error.ledger.service_type", got=type(service).__name__))
        return service

    def _service_key(self, service: object) -> str:
        if isinstance(service, Service):
            return service.key
        if isinstance(service, str):
            return service
        raise InputTypeError(Text("error.ledger.service_key_type", got=type(service).__name__))

    # ------------------------------------------------------------------ low-level writes

    def add_interval(
        self,
        service: Service,
        centre: Centre | str,
        start: object,
        end: object = None,
        *,
        basis: Sequence[str] | None = None,
        source: str = "manual",
    ) -> ScopeInterval:
        """Record that ``centre`` provides ``service`` from ``start`` (until ``end``).

        The building block of :meth:`record` and :meth:`designate`; use it directly for
        services whose transfer is not modelled as a procedure.

        Args:
            service: A municipal (p. 7.2) or other (p. 7.3) service.
            centre: The centre (name or :class:`Centre`).
            start: The first day it is provided.
            end: The first day it is no longer provided, or ``None``.
            basis: The points the start rests on (default: the category's point of p. 7).
            source: What records it (kept in :meth:`changes`).

        Returns:
            The new interval.

        Raises:
            ScopeConflictError: The service is already provided there on a day of the new
                interval (p. 7.3, 15.3), the interval starts before the centre serves
                clients, or it is empty.
            RuleViolationError: ``service`` is in the minimum basket (always provided,
                p. 2.6, 7.1).
            InputError: Bad dates (naive datetimes, before 2017-07-01, p. 25).
            UnknownCentreError: The centre is not in the registry.
        """
        return self._atomic(
            lambda: self._add(service, centre, start, end, basis=basis, source=source)
        )

    def _add(
        self,
        service: object,
        centre: object,
        start_value: object,
        end_value: object,
        *,
        basis: Sequence[str] | None,
        source: str,
    ) -> ScopeInterval:
        svc = self._service(service)
        ctr = self._centre(centre)
        start = self._day(start_value, "start")
        end = None if end_value is None else self._day(end_value, "end")
        if svc.category is ServiceCategory.MINIMUM_BASKET:
            raise RuleViolationError(
                Text("error.ledger.basket_interval", service=service_text(svc)),
                points=cite("2.6", "7.1"),
            )
        points = tuple(basis) if basis is not None else _START_POINTS[svc.category]
        if start < ctr.serves_from:
            raise ScopeConflictError(
                Text(
                    "error.ledger.before_serving",
                    service=service_text(svc),
                    centre=ctr.name,
                    day=start.isoformat(),
                    serves_from=ctr.serves_from.isoformat(),
                    point=_point(svc.category.point),
                ),
                points=(*cite("2.1"), svc.category.point),
                centre=ctr.name,
                service=svc.key,
                day=start,
            )
        if end is not None and end <= start:
            raise ScopeConflictError(
                Text(
                    "error.ledger.end_before_start",
                    service=service_text(svc),
                    centre=ctr.name,
                    end=end.isoformat(),
                    start=start.isoformat(),
                ),
                points=(*points, *_P16),
                centre=ctr.name,
                service=svc.key,
                day=end,
            )
        track = self._track_for_write(ctr.name, svc)
        i = bisect.bisect_right(track.starts, start)
        prev_end = track.ends[i - 1] if i > 0 else start
        if i > 0 and (prev_end is None or prev_end > start):
            raise ScopeConflictError(
                Text(
                    "error.ledger.already_provided",
                    service=service_text(svc),
                    centre=ctr.name,
                    day=start.isoformat(),
                    since=track.starts[i - 1].isoformat(),
                    since_points=_points(track.start_points[i - 1]),
                    points=_points(points),
                ),
                points=points,
                centre=ctr.name,
                service=svc.key,
                day=start,
            )
        if i < len(track.starts) and (end is None or end > track.starts[i]):
            values = {
                "service": service_text(svc),
                "centre": ctr.name,
                "start": start.isoformat(),
                "next": track.starts[i].isoformat(),
                "points": _points(points),
            }
            raise ScopeConflictError(
                Text("error.ledger.overlaps_open", **values)
                if end is None
                else Text("error.ledger.overlaps", end=end.isoformat(), **values),
                points=points,
                centre=ctr.name,
                service=svc.key,
                day=start,
            )
        track.starts.insert(i, start)
        track.ends.insert(i, None)
        track.start_points.insert(i, points)
        track.end_points.insert(i, ())
        track.start_sources.insert(i, source)
        track.end_sources.insert(i, None)
        self._log(ScopeChange(start, ctr.name, "start", svc.key, points, source, svc))
        if end is not None:
            self._close(track, i, ctr.name, svc, end, points, source)
        return self._interval(ctr.name, svc, track, i)

    def _close(
        self,
        track: _Track,
        i: int,
        centre: str,
        svc: Service,
        end: datetime.date,
        points: tuple[str, ...],
        source: str,
    ) -> None:
        track.ends[i] = end
        track.end_points[i] = points
        track.end_sources[i] = source
        self._log(ScopeChange(end, centre, "end", svc.key, points, source, svc))

    def end_interval(
        self,
        service: Service,
        centre: Centre | str,
        end: object,
        *,
        basis: Sequence[str] | None = None,
        source: str = "manual",
    ) -> ScopeInterval:
        """Record that ``centre`` stops providing ``service`` from ``end`` (first day without).

        Args:
            service: The service.
            centre: The centre.
            end: The first day the service is no longer provided.
            basis: The points (default ``("p. 16",)`` for other services, ``("p. 7.2",)`` for
                municipal ones).
            source: What records it.

        Returns:
            The closed interval.

        Raises:
            ScopeConflictError: The service is not provided there on the day before ``end``
                (nothing to exclude), or it started on ``end`` itself (p. 16).
            RuleViolationError: The service is in the minimum basket (p. 2.6, 16).
        """
        return self._atomic(lambda: self._end(service, centre, end, basis=basis, source=source))

    def _end(
        self,
        service: object,
        centre: object,
        end_value: object,
        *,
        basis: Sequence[str] | None,
        source: str,
    ) -> ScopeInterval:
        svc = self._service(service)
        ctr = self._centre(centre)
        end = self._day(end_value, "end")
        if svc.category is ServiceCategory.MINIMUM_BASKET:
            raise RuleViolationError(
                Text("error.ledger.basket_exclusion", service=service_text(svc)),
                points=cite("2.6", "16"),
            )
        if basis is not None:
            points = tuple(basis)
        else:
            points = _P7_2 if svc.category is ServiceCategory.MUNICIPAL else _P16
        track = self._tracks.get((ctr.name, svc.key))
        i = -1 if track is None else track.index_at(end - datetime.timedelta(days=1))
        if track is None or i < 0 or track.starts[i] >= end:
            raise ScopeConflictError(
                Text(
                    "error.ledger.nothing_to_exclude",
                    service=service_text(svc),
                    centre=ctr.name,
                    before=(end - datetime.timedelta(days=1)).isoformat(),
                    end=end.isoformat(),
                    points=_points(points),
                ),
                points=points,
                centre=ctr.name,
                service=svc.key,
                day=end,
            )
        current_end = track.ends[i]
        if current_end is not None:
            raise ScopeConflictError(
                Text(
                    "error.ledger.already_stops",
                    service=service_text(svc),
                    centre=ctr.name,
                    stops=current_end.isoformat(),
                    stop_points=_points(track.end_points[i]),
                    end=end.isoformat(),
                ),
                points=points,
                centre=ctr.name,
                service=svc.key,
                day=end,
            )
        track = self._track_for_write(ctr.name, svc)
        self._close(track, i, ctr.name, svc, end, points, source)
        return self._interval(ctr.name, svc, track, i)

    def _interval(self, centre: str, svc: Service, track: _Track, i: int) -> ScopeInterval:
        return ScopeInterval(
            centre=centre,
            service=svc,
            start=track.starts[i],
            end=track.ends[i],
            start_points=track.start_points[i],
            end_points=track.end_points[i],
            start_source=track.start_sources[i],
            end_source=track.end_sources[i],
        )

    # ------------------------------------------------------------------ municipal services

    def _municipal_centres(
        self, svc: Service, centres: Iterable[Centre | str] | None
    ) -> list[Centre]:
        if svc.category is not ServiceCategory.MUNICIPAL:
            key = (
                "error.ledger.not_municipal_other"
                if svc.category is ServiceCategory.OTHER
                else "error.ledger.not_municipal_basket"
            )
            raise RuleViolationError(
                Text(key, service=service_text(svc)),
                points=(*_P7_2, svc.category.point),
            )
        own = self.registry.in_municipality(svc.holder.name)
        if centres is None:
            if not own:
                raise RuleViolationError(
                    Text("error.ledger.no_centre", holder=party_text(svc.holder), name=svc.name),
                    points=cite("7.2", "4.1", "5.1", "6.1"),
                )
            return list(own)
        chosen = [self._centre(c) for c in _as_list(centres, "centres")]
        for c in chosen:
            # Interpretation MUNICIPAL-OWN-CENTRES: p. 4.1, 5.1, 6.1 have the municipality
            # provide its own services in the centre it runs; p. 7.2 services are designated
            # by that municipality, so only for its own centres.
            if c.municipality != svc.holder.name:
                raise RuleViolationError(
                    Text(
                        "error.ledger.not_own_centre",
                        centre=c.name,
                        municipality=c.municipality,
                        holder=party_text(svc.holder),
                    ),
                    points=cite("7.2", "4.1", "5.1", "6.1"),
                )
        if not chosen:
            raise InputError(Text("error.ledger.no_centres"))
        return chosen

    def designate(
        self,
        service: Service,
        start: object,
        *,
        centres: Iterable[Centre | str] | None = None,
        end: object = None,
    ) -> tuple[ScopeInterval, ...]:
        """Record a municipal service designated for provision in centres (p. 7.2).

        Args:
            service: A municipal service; its holder is the municipality.
            start: The first day it is provided.
            centres: The municipality's centres (default: all of them).
            end: The first day it is no longer provided, or ``None``.

        Returns:
            The new intervals, one per centre.

        Raises:
            RuleViolationError: The service is not municipal, or a centre belongs to another
                municipality (p. 7.2; interpretation MUNICIPAL-OWN-CENTRES).
            ScopeConflictError: It is already designated there on one of those days.
        """

        def run() -> tuple[ScopeInterval, ...]:
            svc = self._service(service)
            return tuple(
                self._add(svc, c, start, end, basis=_P7_2, source="designation")
                for c in self._municipal_centres(svc, centres)
            )

        return self._atomic(run)

    def end_designation(
        self,
        service: Service,
        end: object,
        *,
        centres: Iterable[Centre | str] | None = None,
    ) -> tuple[ScopeInterval, ...]:
        """Record that a municipality stops providing its service in centres (p. 7.2).

        This is the municipality's own choice, not an exclusion under p. 16.

        Args:
            service: A municipal service.
            end: The first day it is no longer provided.
            centres: The centres (default: every centre of the municipality that provides it
                the day before ``end``).

        Raises:
            RuleViolationError: The service is not municipal.
            ScopeConflictError: It is not provided in a named centre (or in none).
        """

        def run() -> tuple[ScopeInterval, ...]:
            svc = self._service(service)
            day = self._day(end, "end")
            chosen = self._municipal_centres(svc, centres)
            if centres is None:
                before = day - datetime.timedelta(days=1)
                chosen = [c for c in chosen if self._offers_other(c.name, svc.key, before)]
                if not chosen:
                    raise ScopeConflictError(
                        Text(
                            "error.ledger.designation_not_provided",
                            service=service_text(svc),
                            day=before.isoformat(),
                        ),
                        points=_P7_2,
                        centre=None,
                        service=svc.key,
                        day=day,
                    )
            return tuple(self._end(svc, c, day, basis=_P7_2, source="designation") for c in chosen)

        return self._atomic(run)

    # ------------------------------------------------------------------ procedures

    def record(self, procedure: ScopeSource | Any) -> tuple[ScopeChange, ...]:
        """Record what a procedure established: starts (p. 15.3) and exclusions (p. 16).

        A :class:`~vkac_flow.procedures.transfer.TransferProcedure` yields one start per
        ``service_started`` event, for its centre, on its date (p. 15.3), read from its
        history; an :class:`~vkac_flow.procedures.exclusion.ExclusionProcedure` (or any
        :class:`ScopeSource`) reports its facts through ``scope_facts()``: one end per centre
        once ``excluded`` (p. 16). Idempotent: facts already recorded from the same procedure
        (``scope_source_id``: ``transfer:<id>`` / ``exclusion:<id>``, the procedure's own
        :attr:`~vkac_flow.procedures.base.Procedure.id`, kept across ``to_dict``/``from_dict``)
        are skipped, so recording a procedure again after it advanced adds only what is new;
        two different procedures never share a source, even with the same service,
        initiator and dates.

        Order: :meth:`record_all` applies facts by date, so any order works there. Across
        separate calls, an exclusion from every centre is remembered (a start recorded later
        but dated before it is ended by it, interpretation ``EXCL-CENTRES``); an exclusion
        naming a centre needs the start recorded first.

        Returns:
            The changes added (empty if nothing was new).

        Raises:
            ScopeConflictError: A fact contradicts the ledger (nothing is recorded).
            HistoryError: The procedure lost facts it had when last recorded.
            InputTypeError: ``procedure`` does not report scope facts.
        """
        return self.record_all([procedure])

    def record_all(self, procedures: Iterable[ScopeSource | Any]) -> tuple[ScopeChange, ...]:
        """Record several procedures at once, their facts in date order (ends first on a day).

        Order does not matter: a transfer and the exclusion that ends it can be given in
        any order. All or nothing: if one fact is rejected, nothing is recorded.

        Returns:
            The changes added.

        Raises:
            The errors of :meth:`record`.
        """
        if not isinstance(procedures, Iterable) or isinstance(procedures, str | bytes):
            raise InputTypeError(Text("error.ledger.record_all_type", got=echo(procedures)))
        procs = list(procedures)
        pending: list[tuple[datetime.date, int, int, str, ScopeFact]] = []
        seen: dict[str, frozenset[ScopeFact]] = {}
        for proc in procs:
            source, found = _scope_of(proc)
            facts = frozenset(found)
            if source in seen:
                facts |= seen[source]
            seen[source] = facts
        for source, facts in seen.items():
            old = self._facts.get(source, frozenset())
            lost = old - facts
            if lost:
                from vkac_flow.errors import HistoryError

                raise HistoryError(
                    Text("error.ledger.facts_lost", source=source, n=len(lost)),
                    points=_P16 if any(f.kind == "end" for f in lost) else _P15_3,
                )
            for n, fact in enumerate(sorted(facts - old, key=_fact_order)):
                pending.append((fact.day, 0 if fact.kind == "end" else 1, n, source, fact))
        pending.sort(key=lambda t: (t[0], t[1], t[3], t[2]))

        def run() -> tuple[ScopeChange, ...]:
            assert self._txn is not None
            before = len(self._txn.changes)
            for _, _, _, source, fact in pending:
                self._apply_fact(source, fact)
            for source, facts in seen.items():
                if facts:  # a procedure with nothing to report yet is not a source
                    self._txn.facts.setdefault(source, self._facts.get(source))
                    self._facts[source] = facts
            return tuple(self._txn.changes[before:])

        return self._atomic(run)

    def _apply_fact(self, source: str, fact: ScopeFact) -> None:
        if fact.kind == "start":
            assert fact.centre is not None
            if fact.service.category is not ServiceCategory.OTHER:
                raise RuleViolationError(
                    Text(
                        "error.ledger.transfer_category",
                        service=service_text(fact.service),
                        category=_category(fact.service.category),
                        point=_point(fact.service.category.point),
                    ),
                    points=cite("7.3", "10.1", "15.3"),
                )
            iv = self._add(
                fact.service, fact.centre, fact.day, None, basis=fact.points, source=source
            )
            # EXCL-CENTRES: an exclusion from every centre, recorded before this start, ends
            # it too if it took effect later (so separate record() calls need no order).
            for day, end_source, points in self._wildcard_ends.get(fact.service.key, ()):
                if day > iv.start:
                    self._end(fact.service, fact.centre, day, basis=points, source=end_source)
                    break
            return
        if fact.centre is not None:
            self._end(fact.service, fact.centre, fact.day, basis=fact.points, source=source)
            return
        before = fact.day - datetime.timedelta(days=1)
        names = [
            c
            for c in self._by_service.get(fact.service.key, {})
            if self._offers_other(c, fact.service.key, before)
        ]
        if not names:
            raise ScopeConflictError(
                Text(
                    "error.ledger.provided_nowhere",
                    service=service_text(fact.service),
                    before=before.isoformat(),
                    day=fact.day.isoformat(),
                    points=_points(fact.points),
                ),
                points=fact.points,
                centre=None,
                service=fact.service.key,
                day=fact.day,
            )
        for c in names:
            self._end(fact.service, c, fact.day, basis=fact.points, source=source)
        assert self._txn is not None
        entry = (fact.day, source, fact.points)
        bisect.insort(self._wildcard_ends.setdefault(fact.service.key, []), entry)
        self._txn.wildcards.append((fact.service.key, entry))

    # ------------------------------------------------------------------ queries

    def _offers_other(self, centre: str, skey: str, day: datetime.date) -> bool:
        track = self._tracks.get((centre, skey))
        return track is not None and track.index_at(day) >= 0

    def offers(self, centre: Centre | str, service: Service | str, day: object) -> bool:
        """Whether ``centre`` provides ``service`` on ``day``.

        A minimum-basket service is provided in every centre from the day it serves clients
        (p. 2.6, 7.1); a municipal or other service when an interval covers the day.

        Args:
            centre: The centre (name or :class:`Centre`).
            service: The service, or its key.
            day: The day.

        Raises:
            UnknownCentreError: The centre is not in the registry.
            InputError: A bad date (naive datetime, before 2017-07-01).
        """
        ctr = self._centre(centre)
        d = self._day(day, "day")
        skey = self._service_key(service)
        svc = service if isinstance(service, Service) else self._services.get(skey)
        if svc is not None and svc.category is ServiceCategory.MINIMUM_BASKET:
            return d >= ctr.serves_from
        return self._offers_other(ctr.name, skey, d)

    def services_at(self, centre: Centre | str, day: object) -> tuple[Service, ...]:
        """The services ``centre`` provides on ``day``: basket, municipal, other (p. 7).

        Sorted by category (p. 7.1, 7.2, 7.3), then key.

        Raises:
            UnknownCentreError: The centre is not in the registry.
            InputError: A bad date.
        """
        ctr = self._centre(centre)
        d = self._day(day, "day")
        if d < ctr.serves_from:
            return ()
        found = [
            self._services[skey]
            for skey, track in self._by_centre.get(ctr.name, {}).items()
            if track.index_at(d) >= 0
        ]
        found.sort(key=lambda s: (_CATEGORY_ORDER[s.category], s.key))
        return self._basket + tuple(found)

    def centres_offering(self, service: Service | str, day: object) -> tuple[Centre, ...]:
        """The centres that provide ``service`` on ``day``, in registry order.

        Raises:
            InputError: A bad date.
        """
        d = self._day(day, "day")
        skey = self._service_key(service)
        svc = service if isinstance(service, Service) else self._services.get(skey)
        if svc is not None and svc.category is ServiceCategory.MINIMUM_BASKET:
            return tuple(c for c in self.registry if d >= c.serves_from)
        pairs = self._by_service.get(skey, {})
        names = {c for c, track in pairs.items() if track.index_at(d) >= 0}
        if not names:
            return ()
        return tuple(c for c in self.registry if c.name in names)

    def intervals(
        self, centre: Centre | str | None = None, service: Service | str | None = None
    ) -> tuple[ScopeInterval, ...]:
        """The recorded intervals (municipal and other services), filtered.

        Args:
            centre: Only this centre (default: all).
            service: Only this service (default: all).
        """
        cname = None if centre is None else self._centre(centre).name
        skey = None if service is None else self._service_key(service)
        if cname is not None and skey is not None:
            keys: Iterable[tuple[str, str]] = (
                [(cname, skey)] if (cname, skey) in self._tracks else []
            )
        elif cname is not None:
            keys = [(cname, k) for k in self._by_centre.get(cname, {})]
        elif skey is not None:
            keys = [(c, skey) for c in self._by_service.get(skey, {})]
        else:
            keys = list(self._tracks)
        out: list[ScopeInterval] = []
        for c, k in keys:
            track = self._tracks[(c, k)]
            svc = self._services[k]
            out.extend(self._interval(c, svc, track, i) for i in range(len(track.starts)))
        out.sort(key=lambda iv: (iv.start, iv.centre, iv.service.key))
        return tuple(out)

    def _basket_changes(self, centres: Iterable[Centre]) -> Iterator[ScopeChange]:
        for c in centres:
            points = (c.type.basket_point, *cite("7.1", "2.6"))
            for s in self._basket:
                yield ScopeChange(c.serves_from, c.name, "start", s.key, points, "basket", s)

    def changes(
        self,
        *,
        since: object = None,
        until: object = None,
        basket: bool = True,
    ) -> tuple[ScopeChange, ...]:
        """Every change of scope in the network, in date order, with its points.

        Args:
            since: Only changes on or after this day.
            until: Only changes on or before this day.
            basket: Include the start of the minimum basket in every centre (p. 7.1).
        """
        basket = check_flag(basket, "basket")
        lo = None if since is None else self._day(since, "since")
        hi = None if until is None else self._day(until, "until")
        stored: Iterable[ScopeChange] = self._changes
        if basket:
            stored = heapq.merge(self._changes, sorted(self._basket_changes(self.registry)))
        return tuple(
            c for c in stored if (lo is None or c.day >= lo) and (hi is None or c.day <= hi)
        )

    def history(self, centre: Centre | str, *, basket: bool = True) -> tuple[ScopeChange, ...]:
        """The changes of one centre's scope, in date order, with their points.

        Args:
            centre: The centre.
            basket: Include the start of the minimum basket (p. 7.1).

        Raises:
            UnknownCentreError: The centre is not in the registry.
        """
        basket = check_flag(basket, "basket")
        ctr = self._centre(centre)
        own = self._centre_changes.get(ctr.name, [])
        if basket:
            return tuple(heapq.merge(own, sorted(self._basket_changes([ctr]))))
        return tuple(own)


def _scope_of(proc: object) -> tuple[str, tuple[ScopeFact, ...]]:
    """The source id and facts of a procedure (a :class:`ScopeSource`).

    A :class:`~vkac_flow.procedures.transfer.TransferProcedure` and an
    :class:`~vkac_flow.procedures.exclusion.ExclusionProcedure` are sources; their id is the procedure's
    own id (``transfer:<id>``, ``exclusion:<id>``), kept in their documents, so two
    procedures never share one even with the same service, initiator and dates.
    """
    if isinstance(proc, ScopeSource):
        return proc.scope_source_id, tuple(proc.scope_facts())
    raise InputTypeError(Text("error.ledger.record_type", got=type(proc).__name__))


def _remove(changes: list[ScopeChange], change: ScopeChange) -> None:
    i = bisect.bisect_left(changes, change)
    while changes[i] is not change:
        i += 1
    del changes[i]


def _fact_order(fact: ScopeFact) -> tuple[datetime.date, str, str]:
    return (fact.day, fact.centre or "", fact.service.key)


def _as_list(value: object, what: str) -> list[Any]:
    if isinstance(value, str | Centre):
        return [value]
    if not isinstance(value, Iterable):
        raise InputTypeError(Text("error.ledger.centres_type", what=what, got=type(value).__name__))
    return list(value)


def _category(category: ServiceCategory) -> Text:
    """The name of a part of the scope (p. 7), for a message."""
    return Text(f"field.ledger.category.{category.value}")


def _point(point: str) -> Text | str:
    """A point of the regulation (``"p. 7.2"``) as the message's language cites it."""
    number = point.removeprefix("p. ")
    if number == point:  # not a point of the regulation: shown as written
        return point
    return Text("point_sub" if "." in number else "point", point=number)


def _points(points: Sequence[str]) -> Text | str:
    """Points (``("p. 7.3", "p. 15.3")``) as the message's language cites them, in order."""
    if not points:
        return ""
    first = _point(points[0])
    if len(points) == 1:
        return first
    return Text("field.ledger.list", first=first, rest=_points(points[1:]))
