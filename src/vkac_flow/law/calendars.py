"""Whose calendar counts a step: municipalities and the Cabinet transfer orders.

The Cabinet's orders moving a working day to a Saturday (Labour Law s. 133(4), "Par darba
dienu pārcelšanu") bind state institutions; a municipality is only advised to follow them,
so its working days may differ from the ministry's. The procedures count some steps on a
municipality's side (p. 15.3: the service start in its centres; p. 14.1: its letter), so a
step should be counted on the calendar of the party responsible for it.

This module is the law layer's part of that: a registry of the municipalities that do not
follow the orders (data in ``law/calendars.toml``, empty by default: no such municipality is
known here) and :func:`calendar_for`, the calendar of a party under the named reading
:data:`MUNICIPALITY_FOLLOWS_TRANSFERS`, and :func:`step_calendar`, the one rule of whose
calendar counts a statutory step (:data:`STEP_ON_RESPONSIBLE_CALENDAR`), called by the
transfer procedure, its statutory timeline and the simulator alike.

>>> from vkac_flow.law.parties import Party
>>> calendar_for(Party.municipality("Cēsu novads")).transfers
True
>>> reg = municipal_calendars().with_municipality("Cēsu novads", follows=False, source="test")
>>> calendar_for(Party.municipality("Cēsu novads"), reg).transfers
False
>>> calendar_for(Party.institution("VID"), reg).transfers
True
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from vkac_flow.calendar.latvian import LatvianCalendar, default_calendar
from vkac_flow.errors import InputError, InputTypeError, echo
from vkac_flow.law.lazy import data_text
from vkac_flow.law.parties import Party, PartyKind
from vkac_flow.law.steps import STEPS
from vkac_flow.messages import Text

__all__ = [
    "INTERPRETATIONS",
    "MUNICIPALITY_FOLLOWS_TRANSFERS",
    "STEP_ON_RESPONSIBLE_CALENDAR",
    "MunicipalCalendars",
    "NotFollowing",
    "calendar_for",
    "calendar_label",
    "load_municipal_calendars",
    "municipal_calendars",
    "step_calendar",
]

MUNICIPALITY_FOLLOWS_TRANSFERS: Final = "municipality-follows-transfer-orders"
"""A municipality counts working days on the state institutions' calendar (the Cabinet
transfer orders applied) unless the registry lists it as not following them; then on
``LatvianCalendar(transfers=False)``. The institutions, service holders, the ministry and the
committee always count on the state institutions' calendar."""

STEP_ON_RESPONSIBLE_CALENDAR: Final = "step-counted-on-responsible-partys-calendar"
"""A statutory step is counted on the calendar of the party responsible for it: a step of
a municipality (p. 15.3, the service start in its centre) on that municipality's calendar
(:data:`MUNICIPALITY_FOLLOWS_TRANSFERS`); the steps of the ministry, the committee, the
institutions and the holders on the state institutions' calendar. When the municipality of a
step is not known (no centre registry names the centre's municipality), the step is counted
on the state institutions' calendar, as for a municipality that follows the orders."""

INTERPRETATIONS: Final[Mapping[str, str]] = {
    STEP_ON_RESPONSIBLE_CALENDAR: (
        "Each statutory step is counted on the calendar of the party responsible for it: a "
        "municipality's step (p. 15.3) on that municipality's calendar, the ministry's, the "
        "committee's, institutions' and holders' steps on the state institutions' calendar; "
        "a municipality not known (no centre registry) counts as following the orders."
    ),
    MUNICIPALITY_FOLLOWS_TRANSFERS: (
        "The Cabinet transfer orders bind state institutions; a municipality is only "
        "advised to follow them (Labour Law s. 133(4)). A municipality is read as following "
        "them unless the registry (law/calendars.toml, or a registry given) lists it as not "
        "following; a listed municipality counts on LatvianCalendar(transfers=False). "
        "Institutions, service holders, the ministry and the committee count on the state "
        "institutions' calendar (transfers applied)."
    ),
}
"""The named interpretations of this module (documented in ``docs/legal-time.md``)."""


def _clean(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InputTypeError(
            Text("error.input.expected_string", what=what, got=type(value).__name__)
        )
    text = value.strip()
    if not text:
        raise InputError(Text("error.law.empty", what=what))
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise InputError(Text("error.law.control_character", what=what, value=echo(value)))
    return text


@attrs.frozen
class NotFollowing:
    """A municipality that does not follow the Cabinet transfer orders.

    Attributes:
        name: The municipality's name, as in ``Party.municipality(name)``.
        source: Where its decision is recorded.
    """

    name: str
    source: str

    def __attrs_post_init__(self) -> None:
        """Check and clean the two strings."""
        object.__setattr__(self, "name", _clean(self.name, "name"))
        object.__setattr__(self, "source", _clean(self.source, "source"))


def _to_entries(value: Iterable[NotFollowing]) -> tuple[NotFollowing, ...]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise InputTypeError(Text("error.law.not_following_type", type=type(value).__name__))
    return tuple(value)


@attrs.frozen
class MunicipalCalendars:
    """Which municipalities do not follow the transfer orders (immutable).

    Attributes:
        not_following: The municipalities that do not, in name order.

    Raises:
        InputError: A municipality listed twice.
        InputTypeError: An entry that is not a :class:`NotFollowing`.
    """

    not_following: tuple[NotFollowing, ...] = attrs.field(converter=_to_entries, default=())
    _by_name: Mapping[str, NotFollowing] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        """Index the entries by name and keep them in name order."""
        index: dict[str, NotFollowing] = {}
        for entry in self.not_following:
            if not isinstance(entry, NotFollowing):
                raise InputTypeError(
                    Text("error.law.not_following_entry", type=type(entry).__name__)
                )
            if entry.name in index:
                raise InputError(Text("error.law.municipality_twice", name=echo(entry.name)))
            index[entry.name] = entry
        object.__setattr__(self, "not_following", tuple(index[n] for n in sorted(index)))
        object.__setattr__(self, "_by_name", index)

    def __iter__(self) -> Iterator[NotFollowing]:
        """Iterate over the municipalities that do not follow the orders."""
        return iter(self.not_following)

    def __len__(self) -> int:
        """Return how many municipalities do not follow the orders."""
        return len(self.not_following)

    def follows_transfers(self, party: Party) -> bool:
        """Tell whether a party counts working days with the transfer orders applied.

        Args:
            party: Any party; only a municipality can be listed as not following.

        Returns:
            ``False`` for a listed municipality, ``True`` otherwise
            (:data:`MUNICIPALITY_FOLLOWS_TRANSFERS`).

        Raises:
            InputTypeError: ``party`` is not a :class:`~vkac_flow.law.parties.Party`.
        """
        if not isinstance(party, Party):
            raise InputTypeError(Text("error.law.party_type", type=type(party).__name__))
        return not (party.kind is PartyKind.MUNICIPALITY and party.name in self._by_name)

    def entry(self, party: Party) -> NotFollowing | None:
        """Return the registry entry of a municipality that does not follow, or ``None``."""
        if not self.follows_transfers(party):
            return self._by_name[party.name]
        return None

    def with_municipality(
        self, name: str, *, follows: bool, source: str = ""
    ) -> MunicipalCalendars:
        """Return a copy with one municipality's choice recorded.

        Args:
            name: The municipality's name.
            follows: Whether it follows the transfer orders (``True`` removes it from the
                list, ``False`` adds it).
            source: Where its decision is recorded (required when ``follows`` is False).

        Returns:
            The new registry; this one is unchanged.

        Raises:
            InputTypeError: ``follows`` is not a bool, or a string argument is not a string.
            InputError: An empty name or source, or a control character in them.
        """
        if not isinstance(follows, bool):
            raise InputTypeError(Text("error.law.follows_type", type=type(follows).__name__))
        clean = _clean(name, "name")
        rest = [e for e in self.not_following if e.name != clean]
        if not follows:
            rest.append(NotFollowing(clean, source))
        return MunicipalCalendars(rest)


def load_municipal_calendars(data: Mapping[str, Any] | None = None) -> MunicipalCalendars:
    """Build a :class:`MunicipalCalendars` from parsed TOML data.

    Args:
        data: The parsed content of a ``calendars.toml``; by default the packaged one.

    Returns:
        The registry.

    Raises:
        InputError: The data are incomplete or inconsistent.
        InputTypeError: A value of the wrong type.
    """
    if data is None:
        raw = data_text("calendars.toml")
        data = tomllib.loads(raw)
    rows = data.get("not_following")
    if not isinstance(rows, list):
        raise InputError(Text("error.law.calendar_data_list"))
    entries = []
    for row in rows:
        if not isinstance(row, Mapping) or set(row) != {"name", "source"}:
            raise InputError(Text("error.law.calendar_data_entry", value=echo(row)))
        entries.append(NotFollowing(row["name"], row["source"]))
    return MunicipalCalendars(entries)


@functools.cache
def municipal_calendars() -> MunicipalCalendars:
    """The packaged registry (``law/calendars.toml``), read on first use."""
    return load_municipal_calendars()


def calendar_for(
    party: Party,
    registry: MunicipalCalendars | None = None,
    *,
    base: LatvianCalendar | None = None,
) -> LatvianCalendar:
    """Return the working-day calendar a party counts on (:data:`MUNICIPALITY_FOLLOWS_TRANSFERS`).

    Args:
        party: The party responsible for a step.
        registry: Which municipalities do not follow the orders; by default the packaged one.
        base: The calendar to start from (e.g. one with a user's extra orders); by default
            the shared state institutions' calendar.

    Returns:
        ``base`` for a party that follows the transfer orders; for a municipality that does
        not, the same calendar without them (``base.with_changes(transfers=False)``).

    Raises:
        InputTypeError: An argument of the wrong type.
    """
    reg = municipal_calendars() if registry is None else registry
    if not isinstance(reg, MunicipalCalendars):
        raise InputTypeError(Text("error.law.registry_type", type=type(reg).__name__))
    if base is not None and not isinstance(base, LatvianCalendar):
        raise InputTypeError(Text("error.law.base_type", type=type(base).__name__))
    cal = default_calendar() if base is None else base
    if reg.follows_transfers(party) or not cal.transfers:
        return cal
    if base is None:
        return _plain_calendar()
    return cal.with_changes(transfers=False)


@functools.cache
def _plain_calendar() -> LatvianCalendar:
    """The shared calendar without the transfer orders (built once)."""
    return default_calendar().with_changes(transfers=False)


def step_calendar(
    step: str,
    municipality: Party | None = None,
    registry: MunicipalCalendars | None = None,
    *,
    base: LatvianCalendar | None = None,
) -> LatvianCalendar:
    """The calendar a statutory step is counted on (:data:`STEP_ON_RESPONSIBLE_CALENDAR`).

    The one rule, called by the procedures, the statutory timeline and the simulator.

    >>> from vkac_flow.law.parties import Party
    >>> reg = municipal_calendars().with_municipality("Cēsu novads", follows=False, source="t")
    >>> step_calendar("service_start", Party.municipality("Cēsu novads"), reg).transfers
    False
    >>> step_calendar("information", Party.municipality("Cēsu novads"), reg).transfers
    True

    Args:
        step: A key of :data:`~vkac_flow.law.steps.STEPS`.
        municipality: The municipality responsible for the step, if it is a municipality's
            step and known (e.g. the one running the centre of p. 15.3); else ``None``.
        registry: Which municipalities do not follow the orders (default: the packaged one).
        base: The state institutions' calendar (default: the shared default calendar).

    Returns:
        :func:`calendar_for` the municipality for a municipality's step, else ``base``.

    Raises:
        KeyError: ``step`` is not a statutory step.
        InputTypeError: An argument of the wrong type.
    """
    rule = STEPS[step]
    if municipality is None or "municipality" not in rule.responsible:
        return default_calendar() if base is None else base
    return calendar_for(municipality, registry, base=base)


def calendar_label(calendar: LatvianCalendar, party: Party | None) -> tuple[str, str]:
    """Which calendar counted a step, in English and Latvian (for a deadline's explanation).

    >>> from vkac_flow.law.parties import Party
    >>> calendar_label(_plain_calendar(), Party.municipality("Cēsu novads"))[0][:60]
    'Counted on the calendar of municipality Cēsu novads: without'
    """
    who_en = "the state institutions" if party is None else str(party)
    who_lv = "valsts iestāžu" if party is None else f"{party.name}"
    if calendar.transfers:
        return (
            f"Counted on the calendar of {who_en}: with the Cabinet transfer orders (reading "
            f"{STEP_ON_RESPONSIBLE_CALENDAR}, {MUNICIPALITY_FOLLOWS_TRANSFERS}).",
            f"Skaitīts pēc {who_lv} kalendāra: ar Ministru kabineta rīkojumiem par darba dienu "
            f"pārcelšanu (lasījums {STEP_ON_RESPONSIBLE_CALENDAR}).",
        )
    return (
        f"Counted on the calendar of {who_en}: without the Cabinet transfer orders (it does "
        f"not follow them; reading {STEP_ON_RESPONSIBLE_CALENDAR}, "
        f"{MUNICIPALITY_FOLLOWS_TRANSFERS}).",
        f"Skaitīts pēc {who_lv} kalendāra: bez Ministru kabineta rīkojumiem par darba dienu "
        f"pārcelšanu (tā tiem neseko; lasījums {STEP_ON_RESPONSIBLE_CALENDAR}).",
    )
