"""The centres: unified customer service centres (p. 2.1) of three types (p. 3-6).

A :class:`Centre` is a value: its name, the municipality that runs it (p. 2.5, 4-6), its
type (p. 3) and, optionally, the day it opened. A :class:`CentreRegistry` holds the
network, looked up by name or municipality, and round-trips through JSON.

>>> reg = CentreRegistry([Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL)])
>>> reg["Cēsis"].type.point
'p. 3.2'
>>> [c.name for c in reg.in_municipality("Cēsu novads")]
['Cēsis']
>>> CentreRegistry.from_json(reg.to_json()) == reg
True

Names in :func:`synthetic_network` are synthetic ("Centre 001 (synthetic)"): only the size
of the network (166 centres in 35 municipalities, ministry figure of June 2023) is a fact.
"""

from __future__ import annotations

import datetime
import enum
import json
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from vkac_flow.calendar.dates import to_date
from vkac_flow.errors import (
    DateOutOfRangeError,
    InputError,
    InputTypeError,
    check_name,
    echo,
)
from vkac_flow.law.documents import check_keys
from vkac_flow.law.regulation import REGULATION_IN_FORCE, cite
from vkac_flow.messages import Text, check_language

__all__ = [
    "MAX_SYNTHETIC_CENTRES",
    "NETWORK_JUNE_2023",
    "Centre",
    "CentreRegistry",
    "CentreType",
    "DuplicateCentreError",
    "UnknownCentreError",
    "synthetic_network",
]


class UnknownCentreError(InputError, KeyError):
    """A centre name that is not in the registry.

    Attributes:
        name: The name that was looked up.
    """

    def __init__(self, message: str | Text, *, name: str) -> None:
        self.name = name
        super().__init__(message, points=cite("2.1"))

    def __str__(self) -> str:
        # KeyError would print the repr of the message; keep the plain message.
        return str(self.args[0]) if self.args else ""


class DuplicateCentreError(InputError):
    """A second centre with a name already in the registry (names identify centres)."""


class CentreType(enum.Enum):
    """The three types of centre (p. 3).

    >>> [t.point for t in CentreType]
    ['p. 3.1', 'p. 3.2', 'p. 3.3']
    >>> CentreType.NATIONAL.defining_point
    'p. 6'
    """

    COUNTY = "county"
    """Novadu nozīmes centrs, in a county development centre (p. 3.1, 4)."""
    REGIONAL = "regional"
    """Reģionālās nozīmes centrs, in a regional development centre (p. 3.2, 5)."""
    NATIONAL = "national"
    """Nacionālās nozīmes centrs, in a national development centre (p. 3.3, 6)."""

    @property
    def point(self) -> str:
        """The point of p. 3 that names the type, e.g. ``"p. 3.1"``."""
        return _TYPE_POINTS[self][0]

    @property
    def defining_point(self) -> str:
        """The point that says what the type provides (``"p. 4"``, ``"p. 5"``, ``"p. 6"``)."""
        return _TYPE_POINTS[self][1]

    @property
    def basket_point(self) -> str:
        """The point that puts the minimum basket in this type (``"p. 4.2"``, ``5.2``, ``6.2``)."""
        return _TYPE_POINTS[self][2]

    @classmethod
    def coerce(cls, value: object) -> CentreType:
        """A centre type from a :class:`CentreType` or its value (``"county"``...).

        Raises:
            InputError: A string that is not a centre type (p. 3).
            InputTypeError: Another type.
        """
        return _to_type(value)

    @property
    def label(self) -> str:
        """A readable name, e.g. ``"county significance centre"`` (any language: :meth:`name_in`)."""
        return f"{self.value} significance centre"

    @property
    def text(self) -> Text:
        """The type's name as a catalogue text (:attr:`label` in English)."""
        return Text(f"field.centres.type.{self.value}")

    def name_in(self, lang: str = "en") -> str:
        """The type's name in ``lang``; in Latvian the regulation's own (p. 3).

        >>> CentreType.COUNTY.name_in("lv")
        'novadu nozīmes vienotais klientu apkalpošanas centrs'

        Raises:
            MessageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        return self.text.render(check_language(lang))


_TYPE_POINTS: Final[Mapping[CentreType, tuple[str, ...]]] = MappingProxyType(
    {
        CentreType.COUNTY: cite("3.1", "4", "4.2"),
        CentreType.REGIONAL: cite("3.2", "5", "5.2"),
        CentreType.NATIONAL: cite("3.3", "6", "6.2"),
    }
)


_NAME: Final = Text("field.centres.name")
_MUNICIPALITY: Final = Text("field.centres.municipality")
_CENTRE: Final = Text("field.centres.centre")
_REGISTRY: Final = Text("field.centres.registry")


def _clean_text(value: object, what: Text) -> str:
    text = check_name(value, what)
    if not text:
        raise InputError(Text("error.centres.empty", what=what), points=cite("2.1"))
    return text


def _clean_name(value: object) -> str:
    return _clean_text(value, _NAME)


def _clean_municipality(value: object) -> str:
    return _clean_text(value, _MUNICIPALITY)


def _to_type(value: object) -> CentreType:
    if isinstance(value, CentreType):
        return value
    if isinstance(value, str):
        try:
            return CentreType(value)
        except ValueError:
            names = ", ".join(t.value for t in CentreType)
            raise InputError(
                Text("error.centres.type_unknown", value=echo(value), names=names),
                points=cite("3"),
            ) from None
    raise InputTypeError(Text("error.centres.type_type", got=type(value).__name__))


def _to_opened(value: object) -> datetime.date | None:
    if value is None:
        return None
    day = to_date(value, what="centre opened")
    if day < REGULATION_IN_FORCE:
        # Interpretation OPENED-CLAMP: the ledger counts from the regulation at the earliest.
        raise DateOutOfRangeError(
            Text(
                "error.centres.opened_early",
                day=day.isoformat(),
                in_force=REGULATION_IN_FORCE.isoformat(),
            ),
            points=cite("25"),
        )
    return day


@attrs.frozen
class Centre:
    """A unified customer service centre (p. 2.1).

    Attributes:
        name: Its name, which identifies it in a registry (e.g. ``"Cēsis"``).
        municipality: The name of the municipality that runs it (p. 2.5, 4-6), as in
            :meth:`vkac_flow.law.parties.Party.municipality` (e.g. ``"Cēsu novads"``).
        type: Its type (p. 3).
        opened: The first day it serves clients, or ``None`` if it did so before the
            regulation came into force (then the minimum basket counts from 2017-07-01,
            p. 25). Not before 2017-07-01.

    Raises:
        InputTypeError: An argument of the wrong type.
        InputError: An empty name or municipality, an unknown type, or an opening date
            before the regulation (p. 25).
    """

    name: str = attrs.field(converter=_clean_name)
    municipality: str = attrs.field(converter=_clean_municipality)
    type: CentreType = attrs.field(converter=_to_type)
    opened: datetime.date | None = attrs.field(default=None, converter=_to_opened)

    @property
    def serves_from(self) -> datetime.date:
        """The first day the centre's scope exists: :attr:`opened`, or 2017-07-01 (p. 25)."""
        return self.opened if self.opened is not None else REGULATION_IN_FORCE

    def __str__(self) -> str:
        return f"{self.name} ({self.type.label}, {self.municipality})"

    @property
    def text(self) -> Text:
        """The centre as a catalogue text: ``str(centre)`` in English, Latvian too."""
        return Text(
            "field.centres.shown",
            name=self.name,
            type=self.type.text,
            municipality=self.municipality,
        )

    def describe(self, lang: str = "en") -> str:
        """A readable description in ``lang`` (``str(centre)`` in English).

        >>> Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL).describe("lv")
        'Cēsis (reģionālās nozīmes vienotais klientu apkalpošanas centrs, Cēsu novads)'

        Raises:
            MessageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        return self.text.render(check_language(lang))

    def to_dict(self) -> dict[str, str | None]:
        """Return a JSON-safe dict, which :meth:`from_dict` turns back into an equal centre."""
        return {
            "name": self.name,
            "municipality": self.municipality,
            "type": self.type.value,
            "opened": None if self.opened is None else self.opened.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Centre:
        """Build a centre from the output of :meth:`to_dict`, strictly.

        Raises:
            InputTypeError: ``data`` is not a mapping or a value has the wrong type.
            InputError: Unknown or missing keys, or values the constructor rejects.
        """
        check_keys(data, _CENTRE, {"name", "municipality", "type"}, {"opened"})
        if not isinstance(data["type"], str):
            raise InputTypeError(
                Text(
                    "error.parties.key_type",
                    what=_CENTRE,
                    key="type",
                    got=type(data["type"]).__name__,
                )
            )
        opened = data.get("opened")
        if opened is not None and not isinstance(opened, str):
            raise InputTypeError(Text("error.centres.opened_type", got=type(opened).__name__))
        return cls(data["name"], data["municipality"], data["type"], opened)


class CentreRegistry:
    """The network of centres, by name (unique) and by municipality.

    Iteration is in insertion order. Two registries are equal if they hold equal centres
    in the same order.

    Args:
        centres: Centres to add (see :meth:`add`).
    """

    def __init__(self, centres: Iterable[Centre] = ()) -> None:
        self._by_name: dict[str, Centre] = {}
        self._by_municipality: dict[str, list[Centre]] = {}
        self.add_all(centres)

    def add(self, centre: Centre) -> Centre:
        """Add a centre and return it.

        Raises:
            InputTypeError: ``centre`` is not a :class:`Centre`.
            DuplicateCentreError: A centre with that name is already registered.
        """
        if not isinstance(centre, Centre):
            raise InputTypeError(Text("error.centres.not_a_centre", got=type(centre).__name__))
        if centre.name in self._by_name:
            raise DuplicateCentreError(
                Text(
                    "error.centres.duplicate_of",
                    name=echo(centre.name),
                    registered=self._by_name[centre.name].text,
                ),
                points=cite("2.1"),
            )
        self._by_name[centre.name] = centre
        self._by_municipality.setdefault(centre.municipality, []).append(centre)
        return centre

    def add_all(self, centres: Iterable[Centre]) -> None:
        """Add several centres; if one is rejected none is added.

        Raises:
            InputTypeError: An item is not a :class:`Centre`.
            DuplicateCentreError: A name is already registered or repeats in ``centres``.
        """
        if isinstance(centres, Centre):
            centres = [centres]
        if not isinstance(centres, Iterable) or isinstance(centres, str | bytes):
            raise InputTypeError(Text("error.centres.collection_type", got=echo(centres)))
        items = list(centres)
        seen: set[str] = set()
        for centre in items:
            if not isinstance(centre, Centre):
                raise InputTypeError(Text("error.centres.not_a_centre", got=type(centre).__name__))
            if centre.name in self._by_name or centre.name in seen:
                raise DuplicateCentreError(
                    Text("error.centres.duplicate", name=echo(centre.name)), points=cite("2.1")
                )
            seen.add(centre.name)
        for centre in items:
            self.add(centre)

    def get(self, name: str) -> Centre | None:
        """The centre named ``name``, or ``None`` (also for a value that is not a string)."""
        return self._by_name.get(name) if isinstance(name, str) else None

    def __getitem__(self, name: str) -> Centre:
        """The centre named ``name``.

        Raises:
            UnknownCentreError: No centre has that name (also a ``KeyError``).
        """
        if not isinstance(name, str):
            raise InputTypeError(Text("error.centres.name_type", got=type(name).__name__))
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownCentreError(
                Text("error.centres.unknown", name=echo(name), count=len(self)), name=name
            ) from None

    def resolve(self, centre: Centre | str) -> Centre:
        """Return the registered centre for a name or a centre.

        Raises:
            UnknownCentreError: The name is not registered, or a centre of that name is
                registered with other fields.
            InputTypeError: ``centre`` is neither a string nor a :class:`Centre`.
        """
        if isinstance(centre, Centre):
            found = self[centre.name]
            if found != centre:
                raise UnknownCentreError(
                    Text("error.centres.differs", centre=centre.text, registered=found.text),
                    name=centre.name,
                )
            return found
        return self[centre]

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Centre):
            return self._by_name.get(item.name) == item
        return isinstance(item, str) and item in self._by_name

    def __iter__(self) -> Iterator[Centre]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CentreRegistry):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CentreRegistry({len(self)} centres in {len(self._by_municipality)} municipalities)"

    @property
    def names(self) -> tuple[str, ...]:
        """The names of the centres, in insertion order."""
        return tuple(self._by_name)

    @property
    def municipalities(self) -> tuple[str, ...]:
        """The municipalities that run centres, in order of their first centre."""
        return tuple(self._by_municipality)

    def in_municipality(self, municipality: object) -> tuple[Centre, ...]:
        """The centres a municipality runs (empty if none).

        Args:
            municipality: Its name or a municipality :class:`~vkac_flow.law.parties.Party`.

        Raises:
            InputTypeError: ``municipality`` is neither a string nor a municipality party.
        """
        return tuple(self._by_municipality.get(_municipality_name(municipality), ()))

    def of_type(self, centre_type: CentreType | str) -> tuple[Centre, ...]:
        """The centres of one type (p. 3)."""
        wanted = _to_type(centre_type)
        return tuple(c for c in self if c.type is wanted)

    # -- serialisation -----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict: ``{"centres": [...]}``."""
        return {"centres": [c.to_dict() for c in self]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CentreRegistry:
        """Build a registry from the output of :meth:`to_dict`.

        Raises:
            InputTypeError: The data have the wrong shape.
            InputError: Bad centres, or duplicate names.
        """
        if not isinstance(data, Mapping):
            raise InputTypeError(
                Text("error.parties.document_type", what=_REGISTRY, got=type(data).__name__)
            )
        if set(data) != {"centres"}:
            raise InputError(Text("error.centres.registry_keys", keys=sorted(map(str, data))))
        rows = data["centres"]
        if not isinstance(rows, list):
            raise InputTypeError(Text("error.centres.registry_list", got=type(rows).__name__))
        return cls(Centre.from_dict(row) for row in rows)

    def to_json(self, **kwargs: Any) -> str:
        """The registry as JSON text (``kwargs`` go to :func:`json.dumps`)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_json(cls, text: str) -> CentreRegistry:
        """Build a registry from :meth:`to_json` output.

        Raises:
            InputError: The text is not valid JSON or not a registry.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                Text("error.centres.json_at", line=exc.lineno, column=exc.colno)
            ) from None
        except (TypeError, ValueError):
            raise InputError(Text("error.centres.json_text", got=type(text).__name__)) from None
        except RecursionError:
            raise InputError(Text("error.centres.json_deep")) from None
        return cls.from_dict(data)


def _municipality_name(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    kind = getattr(value, "kind", None)
    if getattr(kind, "value", None) == "municipality":
        name = getattr(value, "name", None)
        if isinstance(name, str):
            return name
    raise InputTypeError(
        Text("error.centres.municipality_type", got=echo(value)), points=cite("2.5")
    )


NETWORK_JUNE_2023: Final[tuple[int, int]] = (166, 35)
"""(centres, municipalities) of the national network, ministry figure of June 2023."""


MAX_SYNTHETIC_CENTRES = 100_000
"""The most centres (and municipalities) :func:`synthetic_network` builds: 600 times the real
network, enough for any benchmark; a larger request is refused instead of exhausting memory."""


def synthetic_network(
    centres: int = NETWORK_JUNE_2023[0],
    municipalities: int = NETWORK_JUNE_2023[1],
    *,
    opened: datetime.date | None = None,
) -> CentreRegistry:
    """A synthetic network of the real network's size, for examples and benchmarks.

    Only the counts are real (166 centres in 35 municipalities, ministry figure of June
    2023). Every name is synthetic and says so: ``"Centre 001 (synthetic)"`` in
    ``"Municipality 01 (synthetic)"``. The types are synthetic too: each municipality's
    first centre is regional, the first centre of every fifth municipality national, the
    rest county centres. Centres are spread round-robin over the municipalities.

    Args:
        centres: How many centres (at least ``municipalities``).
        municipalities: How many municipalities (at least 1).
        opened: The opening day of every centre (default ``None``: before the regulation).

    Raises:
        InputError: Counts that do not fit (every municipality needs a centre), or more
            than :data:`MAX_SYNTHETIC_CENTRES`.

    >>> net = synthetic_network()
    >>> len(net), len(net.municipalities)
    (166, 35)
    >>> net.names[0]
    'Centre 001 (synthetic)'
    """
    for what, n in (("centres", centres), ("municipalities", municipalities)):
        if isinstance(n, bool) or not isinstance(n, int):
            raise InputTypeError(Text("error.centres.count_type", what=what, got=type(n).__name__))
        if n > MAX_SYNTHETIC_CENTRES:
            raise InputError(
                Text(
                    "error.centres.count_too_large",
                    what=what,
                    limit=MAX_SYNTHETIC_CENTRES,
                    got=echo(n),
                )
            )
    if municipalities < 1 or centres < municipalities:
        raise InputError(
            Text(
                "error.centres.network_shape",
                centres=echo(centres),
                municipalities=echo(municipalities),
            )
        )
    width = max(3, len(str(centres)))
    mwidth = max(2, len(str(municipalities)))
    registry = CentreRegistry()
    for i in range(centres):
        m = i % municipalities
        first = i < municipalities
        if first and m % 5 == 0:
            kind = CentreType.NATIONAL
        elif first:
            kind = CentreType.REGIONAL
        else:
            kind = CentreType.COUNTY
        registry.add(
            Centre(
                f"Centre {i + 1:0{width}d} (synthetic)",
                f"Municipality {m + 1:0{mwidth}d} (synthetic)",
                kind,
                opened,
            )
        )
    return registry
