"""The parties of the regulation: municipalities, institutions, service holders, ministry, committee.

A :class:`Party` is a value: two parties are the same party if they are equal. The seven
institutions of the minimum service basket (p. 8) are an enum, :class:`Institution`, so an
institution party can only be one of them (p. 2.4: an institution is a holder whose services
are in the minimum basket).

>>> vid = Party.institution("VID")
>>> str(vid)
'institution VID (State Revenue Service)'
>>> vid.may_propose_transfer, Party.ministry().may_propose_transfer
(True, False)
>>> Party.from_dict(vid.to_dict()) == vid
True
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final, overload

import attrs

from vkac_flow.errors import InputError, InputTypeError, check_name, echo
from vkac_flow.law.documents import check_keys
from vkac_flow.law.memo import Memo
from vkac_flow.messages import InLanguage, Text, check_language

__all__ = ["COMMITTEE_NAME", "MINISTRY_NAME", "Institution", "Party", "PartyKind"]

MINISTRY_NAME: Final = "VARAM"
"""The name of the ministry party (p. 8; its full name by date: :func:`vkac_flow.law.regulation.ministry_name`)."""

COMMITTEE_NAME: Final = "supervisory committee"
"""The name of the committee party (p. 9-11: "uzraudzības komiteja")."""


class PartyKind(enum.Enum):
    """The kinds of party the regulation names.

    >>> PartyKind("service_holder").point
    'p. 2.3'
    """

    MUNICIPALITY = "municipality"
    """Pašvaldība: runs the centre and provides the minimum basket there (p. 2.5)."""
    INSTITUTION = "institution"
    """Iestāde: a direct-administration holder of minimum-basket services (p. 2.4)."""
    SERVICE_HOLDER = "service_holder"
    """Pakalpojuma turētājs: the body competent to ensure a service (p. 2.3)."""
    MINISTRY = "ministry"
    """Ministrija: the ministry of p. 8 (VARAM)."""
    COMMITTEE = "committee"
    """Uzraudzības komiteja: the supervisory committee (p. 9-11)."""

    @property
    def point(self) -> str:
        """The point that defines this kind of party, e.g. ``"p. 2.5"``."""
        return _KIND_POINTS[self]

    @property
    def label(self) -> str:
        """A readable name of the kind, e.g. ``"service holder"`` (English: :meth:`name_in`)."""
        return self.value.replace("_", " ")

    @property
    def text(self) -> Text:
        """The kind's name as a catalogue text (:attr:`label` in English)."""
        return Text(f"field.parties.kind.{self.value}")

    def name_in(self, lang: str = "en") -> str:
        """The kind's name in ``lang``, as the regulation calls it (p. 2.3-2.5, 8, 9).

        >>> PartyKind.SERVICE_HOLDER.name_in("lv"), PartyKind.COMMITTEE.name_in("lv")
        ('pakalpojuma turētājs', 'uzraudzības komiteja')

        Raises:
            MessageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        return self.text.render(check_language(lang))


_KIND_POINTS: Final[Mapping[PartyKind, str]] = MappingProxyType(
    {
        PartyKind.MUNICIPALITY: "p. 2.5",
        PartyKind.INSTITUTION: "p. 2.4",
        PartyKind.SERVICE_HOLDER: "p. 2.3",
        PartyKind.MINISTRY: "p. 8",
        PartyKind.COMMITTEE: "p. 9",
    }
)


class Institution(enum.Enum):
    """The seven institutions whose services make up the minimum service basket (p. 8).

    The values are their usual Latvian abbreviations.

    >>> Institution("VZD").name_en
    'State Land Service'
    >>> Institution.LAD.name_lv
    'Lauku atbalsta dienests'
    """

    LAD = "LAD"
    NVA = "NVA"
    UR = "UR"
    PMLP = "PMLP"
    VID = "VID"
    VSAA = "VSAA"
    VZD = "VZD"

    @property
    def code(self) -> str:
        """The abbreviation, e.g. ``"VID"``."""
        return self.value

    @property
    def name_lv(self) -> str:
        """The Latvian name (p. 8)."""
        return _INSTITUTION_NAMES[self][0]

    @staticmethod
    def named(name: str) -> Institution | None:
        """The institution whose code or Latvian or English name is ``name`` (any case).

        >>> Institution.named("vid"), Institution.named("Valsts zemes dienests")
        (<Institution.VID: 'VID'>, <Institution.VZD: 'VZD'>)
        >>> Institution.named("Cēsu novada pašvaldība") is None
        True
        """
        return _institution_named(name)

    @property
    def name_en(self) -> str:
        """The English name (p. 8)."""
        return _INSTITUTION_NAMES[self][1]

    def name_in(self, lang: str = "en") -> str:
        """The name in ``lang``: :attr:`name_en` or :attr:`name_lv`.

        Raises:
            MessageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        return self.name_lv if check_language(lang) == "lv" else self.name_en

    @property
    def text(self) -> Text:
        """The name as a catalogue text (:attr:`name_en` in English, :attr:`name_lv` in Latvian)."""
        return InLanguage("institution", en=self.name_en, lv=self.name_lv)


# p. 8: "Minimālo pakalpojumu grozu veido Lauku atbalsta dienesta, Nodarbinātības valsts
# aģentūras, Uzņēmumu reģistra, Pilsonības un migrācijas lietu pārvaldes, Valsts ieņēmumu
# dienesta, Valsts sociālās apdrošināšanas aģentūras, Valsts zemes dienesta ... pakalpojumi".
_INSTITUTION_NAMES: Final[Mapping[Institution, tuple[str, str]]] = MappingProxyType(
    {
        Institution.LAD: ("Lauku atbalsta dienests", "Rural Support Service"),
        Institution.NVA: ("Nodarbinātības valsts aģentūra", "State Employment Agency"),
        Institution.UR: ("Uzņēmumu reģistrs", "Register of Enterprises"),
        Institution.PMLP: (
            "Pilsonības un migrācijas lietu pārvalde",
            "Office of Citizenship and Migration Affairs",
        ),
        Institution.VID: ("Valsts ieņēmumu dienests", "State Revenue Service"),
        Institution.VSAA: (
            "Valsts sociālās apdrošināšanas aģentūra",
            "State Social Insurance Agency",
        ),
        Institution.VZD: ("Valsts zemes dienests", "State Land Service"),
    }
)

_HOLDING_KINDS: Final = frozenset(
    {PartyKind.INSTITUTION, PartyKind.SERVICE_HOLDER, PartyKind.MUNICIPALITY}
)
_PROPOSING_KINDS: Final = _HOLDING_KINDS  # p. 12: the same three may propose a transfer


def cite(*numbers: str) -> tuple[str, ...]:
    """:func:`vkac_flow.law.regulation.cite`, imported on first use.

    Parties cite points only when they refuse one, so the regulation's module stays off
    the start-up path of a command that builds parties (``vkac-flow timeline``, issue 14).
    """
    from vkac_flow.law.regulation import cite as check

    return check(*numbers)


def _to_institution(code: object) -> Institution:
    """Return the :class:`Institution` of a code or member, or raise a typed error."""
    if isinstance(code, Institution):
        return code
    if not isinstance(code, str):
        raise InputTypeError(
            Text("error.parties.institution_type", got=type(code).__name__),
            points=cite("2.4", "8"),
        )
    try:
        return Institution(code)
    except ValueError:
        codes = ", ".join(i.value for i in Institution)
        raise InputError(
            Text("error.parties.institution_unknown", code=echo(code), codes=codes),
            points=cite("2.4", "8"),
        ) from None


_NAME: Final = Text("field.parties.name")
_PARTY: Final = Text("field.parties.party")


def _clean_name(value: object) -> str:
    """Strip a party or service name; reject non-strings (converter, runs before validators)."""
    return check_name(value, _NAME)


@functools.cache
def _institution_names() -> dict[str, Institution]:
    """Every institution's code and Latvian and English name, casefolded (built once)."""
    return {
        key.casefold(): inst
        for inst in Institution
        for key in (inst.code, inst.name_en, inst.name_lv)
    }


def _institution_named(name: str) -> Institution | None:
    """The institution whose code or Latvian or English name is ``name`` (any case)."""
    return _institution_names().get(name.casefold())


def _institution_party(code: str | Institution) -> Party:
    """Return one of the seven minimum-basket institutions as a party (p. 2.4, 8).

    Args:
        code: Its code (``"VID"``) or :class:`Institution` member.

    Returns:
        The party, named by the institution's English name.

    Raises:
        InputError: ``code`` is not one of the seven codes (the message lists them).
        InputTypeError: ``code`` is neither a string nor an :class:`Institution`.
    """
    inst = _to_institution(code)
    return Party(PartyKind.INSTITUTION, inst.name_en, institution=inst)


class _InstitutionAccessor:
    """``Party.institution``: the constructor on the class, the field on an instance."""

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Callable[[str | Institution], Party]: ...
    @overload
    def __get__(self, obj: Party, owner: type[Any]) -> Institution | None: ...
    def __get__(
        self, obj: Party | None, owner: type[Any]
    ) -> Callable[[str | Institution], Party] | Institution | None:
        if obj is None:
            return _institution_party
        return obj._institution


@attrs.frozen
class Party:
    """A party to the procedure: who proposes, holds, decides or provides.

    Prefer the constructors :meth:`municipality`, ``Party.institution(code)``,
    :meth:`service_holder`, :meth:`ministry` and :meth:`committee`. On the class,
    ``Party.institution`` is the constructor of an institution party (p. 2.4, 8: ``code`` is
    ``"VID"`` or an :class:`Institution`; an unknown code raises :class:`InputError` listing
    the seven); on a party, ``party.institution`` is its :class:`Institution` or ``None``.

    Attributes:
        kind: What the party is.
        name: Its name (whitespace stripped, never empty). For an institution, its English
            name; for the ministry ``"VARAM"``; for the committee ``"supervisory committee"``.
        institution: Which of the seven institutions (p. 8), set iff ``kind`` is
            :attr:`PartyKind.INSTITUTION`.

    Raises:
        InputTypeError: An argument of the wrong type.
        InputError: An empty name, or a name or institution that does not fit the kind.
    """

    kind: PartyKind
    name: str = attrs.field(converter=_clean_name)
    _institution: Institution | None = attrs.field(default=None, alias="institution")

    # ``institution`` is both the field (on a party) and the constructor (on the class):
    # ``Party.institution("VID").institution is Institution.VID``.
    institution = _InstitutionAccessor()

    def __attrs_post_init__(self) -> None:
        """Check that the fields fit together."""
        if not isinstance(self.kind, PartyKind):
            raise InputTypeError(Text("error.parties.kind_type", got=type(self.kind).__name__))
        if not self.name:
            raise InputError(Text("error.parties.name_empty", kind=self.kind.text))
        inst = self._institution
        if inst is not None and not isinstance(inst, Institution):
            raise InputTypeError(
                Text("error.parties.institution_field_type", got=type(inst).__name__)
            )
        if self.kind is PartyKind.INSTITUTION:
            if inst is None:
                raise InputError(Text("error.parties.institution_missing"), points=cite("2.4", "8"))
            if self.name != inst.name_en:
                raise InputError(
                    Text(
                        "error.parties.institution_name",
                        code=inst.code,
                        expected=echo(inst.name_en),
                        got=echo(self.name),
                    ),
                    points=cite("8"),
                )
        elif inst is not None:
            raise InputError(
                Text("error.parties.institution_not_allowed", kind=self.kind.text, code=inst.code),
                points=cite("2.4"),
            )
        if self.kind is PartyKind.SERVICE_HOLDER:
            # p. 2.4, 8: the seven institutions are one party each, so that "another
            # institution or holder" (p. 13.2.1) and "its own service" (p. 16) compare the
            # same body as equal.
            same = _institution_named(self.name)
            if same is not None:
                raise InputError(
                    Text(
                        "error.parties.holder_is_institution",
                        name=echo(self.name),
                        code=same.code,
                        institution=same.text,
                        quoted_code=echo(same.code),
                    ),
                    points=cite("2.4", "8"),
                )
        if self.kind is PartyKind.MINISTRY and self.name != MINISTRY_NAME:
            raise InputError(
                Text(
                    "error.parties.ministry_name", expected=echo(MINISTRY_NAME), got=echo(self.name)
                ),
                points=cite("8"),
            )
        if self.kind is PartyKind.COMMITTEE and self.name != COMMITTEE_NAME:
            raise InputError(
                Text(
                    "error.parties.committee_name",
                    expected=echo(COMMITTEE_NAME),
                    got=echo(self.name),
                ),
                points=cite("9"),
            )

    # -- constructors ------------------------------------------------------------------------

    @classmethod
    def municipality(cls, name: str) -> Party:
        """Return a municipality (p. 2.5).

        Args:
            name: Its name, e.g. ``"Cēsu novads"``.

        Returns:
            The party.

        >>> str(Party.municipality("  Cēsu novads "))
        'municipality Cēsu novads'
        """
        return cls(PartyKind.MUNICIPALITY, name)

    @classmethod
    def service_holder(cls, name: str) -> Party:
        """Return a service holder that is not one of the seven institutions (p. 2.3).

        Args:
            name: Its name, e.g. ``"Latvijas Valsts ceļi"``.

        Returns:
            The party.
        """
        return cls(PartyKind.SERVICE_HOLDER, name)

    @classmethod
    def ministry(cls) -> Party:
        """Return the ministry of p. 8 (VARAM).

        Returns:
            The party.
        """
        return cls(PartyKind.MINISTRY, MINISTRY_NAME)

    @classmethod
    def committee(cls) -> Party:
        """Return the supervisory committee (p. 9-11).

        Returns:
            The party.
        """
        return cls(PartyKind.COMMITTEE, COMMITTEE_NAME)

    # -- properties --------------------------------------------------------------------------

    @property
    def may_propose_transfer(self) -> bool:
        """Whether the party may propose a transfer: municipality, institution, holder (p. 12)."""
        return self.kind in _PROPOSING_KINDS

    @property
    def may_hold_service(self) -> bool:
        """Whether the party can hold a service: institution, holder or municipality (p. 2.3)."""
        return self.kind in _HOLDING_KINDS

    @property
    def is_municipality(self) -> bool:
        """Whether the party is a municipality (p. 2.5)."""
        return self.kind is PartyKind.MUNICIPALITY

    @property
    def is_institution(self) -> bool:
        """Whether the party is one of the seven institutions (p. 2.4, 8)."""
        return self.kind is PartyKind.INSTITUTION

    @property
    def is_service_holder(self) -> bool:
        """Whether the party is a service holder other than the seven institutions (p. 2.3)."""
        return self.kind is PartyKind.SERVICE_HOLDER

    @property
    def is_ministry(self) -> bool:
        """Whether the party is the ministry (p. 8)."""
        return self.kind is PartyKind.MINISTRY

    @property
    def is_committee(self) -> bool:
        """Whether the party is the supervisory committee (p. 9-11)."""
        return self.kind is PartyKind.COMMITTEE

    @property
    def key(self) -> str:
        """A stable identifier: ``"institution:VID"``, ``"municipality:Cēsu novads"``."""
        ident = self._institution.code if self._institution is not None else self.name
        return f"{self.kind.value}:{ident}"

    @property
    def institution_code(self) -> str | None:
        """The code of a registered institution of the basket (``"VID"``), else ``None``."""
        return None if self._institution is None else self._institution.code

    @property
    def text(self) -> Text:
        """The party as a catalogue text: ``str(party)`` in English, Latvian too.

        >>> Party.municipality("Cēsu novads").text.render("lv")
        'pašvaldība Cēsu novads'
        >>> Party.institution("VID").text.render("lv")
        'iestāde VID (Valsts ieņēmumu dienests)'
        """
        if self._institution is not None:
            inst = self._institution
            return Text("field.parties.shown_institution", code=inst.code, name=inst.text)
        if self.kind is PartyKind.COMMITTEE:
            return Text("field.parties.shown_committee")
        return Text("field.parties.shown", kind=self.kind.text, name=self.name)

    def describe(self, lang: str = "en") -> str:
        """A readable description in ``lang`` (``str(party)`` in English).

        Raises:
            MessageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        return self.text.render(check_language(lang))

    def __str__(self) -> str:
        """Return a readable description, e.g. ``"institution VID (State Revenue Service)"``."""
        if self._institution is not None:
            return f"institution {self._institution.code} ({self.name})"
        if self.kind is PartyKind.COMMITTEE:
            return self.name
        return f"{self.kind.label} {self.name}"

    # -- serialisation -----------------------------------------------------------------------

    def to_dict(self) -> dict[str, str | None]:
        """Return a JSON-safe dict: ``kind``, ``name`` and ``institution`` (code or ``None``).

        Returns:
            The dict, which :meth:`from_dict` turns back into an equal party.
        """
        return {
            "kind": self.kind.value,
            "name": self.name,
            "institution": None if self._institution is None else self._institution.code,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Party:
        """Build a party from the output of :meth:`to_dict`, strictly.

        A frozen value: the same input (:func:`~vkac_flow.law.memo.exact_key`) read again
        gives back the value built before (a replay reads the same identities again).

        Args:
            data: A mapping with ``kind`` and ``name`` (strings) and optionally
                ``institution`` (a code, or ``None``); no other keys.

        Returns:
            The party.

        Raises:
            InputTypeError: ``data`` is not a mapping or a value has the wrong type.
            InputError: Unknown or missing keys, unknown kind or institution code, or values
                that do not fit together.
        """
        if cls is Party:
            return _MEMO.read(data)
        return cls._read(data)

    @classmethod
    def _read(cls, data: Mapping[str, Any]) -> Party:
        """:meth:`from_dict` itself (every check), not memoised."""
        what = _PARTY
        check_keys(data, what, {"kind", "name"}, {"institution"})
        kind_raw, name, code = data["kind"], data["name"], data.get("institution")
        for key, value in (("kind", kind_raw), ("name", name)):
            if not isinstance(value, str):
                raise InputTypeError(
                    Text("error.parties.key_type", what=what, key=key, got=type(value).__name__)
                )
        if code is not None and not isinstance(code, str):
            raise InputTypeError(
                Text("error.parties.institution_key_type", got=type(code).__name__)
            )
        try:
            kind = PartyKind(kind_raw)
        except ValueError:
            kinds = ", ".join(k.value for k in PartyKind)
            raise InputError(
                Text("error.parties.unknown_kind", kind=echo(kind_raw), kinds=kinds)
            ) from None
        institution = None if code is None else _to_institution(code)
        return cls(kind, name, institution)


_MEMO: Final[Memo[Party]] = Memo(Party._read, depth=1)
