"""The regulation as data: every point, its Latvian and English text and its in-force date.

The text of the regulation lives in ``vkac_flow/law/regulation.toml`` (one ``[[point]]``
table per point and sub-point, 1 through 25, in document order), read once on first use. Code,
errors and tests cite points through :func:`cite`, which checks that every number exists, so
a typo in a citation fails loudly instead of printing a point the regulation does not have.

>>> cite("13.2.1", "p. 15.3")
('p. 13.2.1', 'p. 15.3')
>>> REGULATION.point("13.2").parent
'13'
>>> REGULATION.point("5.3").in_force_from
datetime.date(2018, 7, 1)
>>> ministry_name(datetime.date(2024, 7, 1))
'Ministry of Smart Administration and Regional Development'
>>> REGULATION.text_version.label
'2017 draft'
"""

from __future__ import annotations

import datetime
import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final, cast

import attrs

from vkac_flow.calendar.dates import DateInput, to_date
from vkac_flow.errors import (
    InputError,
    InputTypeError,
    UnknownPointError,
    check_lang,
    echo,
    echo_many,
)
from vkac_flow.law.lazy import Lazy, data_text
from vkac_flow.messages import Text

__all__ = [
    "CHAPTERS",
    "PROCEDURE_POINTS",
    "REGULATION",
    "REGULATION_IN_FORCE",
    "MinistryName",
    "Point",
    "Regulation",
    "TextVersion",
    "cite",
    "load_regulation",
    "load_text_version",
    "ministry_name",
]
CHAPTERS: Final[tuple[str, ...]] = ("I", "II", "III", "IV", "V")
"""The chapters of the regulation, in order."""

_NUMBER_RE: Final = re.compile(r"[1-9][0-9]*(?:\.[1-9][0-9]*)*")
_REF_RE: Final = re.compile(r"(?:p\. )?([1-9][0-9]*(?:\.[1-9][0-9]*)*)")
_BASIS_RE: Final = re.compile(r"p\. [1-9][0-9]*(?:\.[1-9][0-9]*)*")
_LANGS: Final[tuple[str, ...]] = ("en", "lv")
_NUMBER_LINE_RE: Final = re.compile(r'^number = "([^"\n]*)"[ \t]*$', re.MULTILINE)


_Validator = Callable[[object, "attrs.Attribute[Any]", object], None]


def _as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    # a function, not ``converter=tuple``: attrs reads a converter's signature, and
    # ``inspect.signature(tuple)`` compiles tokenize's patterns (milliseconds at import)
    return tuple(values)


def _check_str(what: str, pattern: re.Pattern[str] | None = None) -> _Validator:
    """Return an attrs validator: the value is a non-empty string (matching ``pattern``)."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise InputTypeError(
                Text("error.input.expected_string", what=what, got=type(value).__name__)
            )
        if not value.strip():
            raise InputError(Text("error.law.empty", what=what))
        if pattern is not None and not pattern.fullmatch(value):
            raise InputError(Text("error.law.malformed", what=what, value=echo(value)))

    return validate


def _check_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate that ``value`` is a plain date (not a datetime)."""
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise InputTypeError(
            Text("error.law.date_type", what=attribute.name, type=type(value).__name__)
        )


def _check_chapter(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate that ``value`` is one of the chapters I..V."""
    if value not in CHAPTERS:
        raise InputError(Text("error.law.chapter", value=echo(value), chapters=", ".join(CHAPTERS)))


@attrs.frozen
class Point:
    """One point or sub-point of the regulation.

    Attributes:
        number: The point's number, e.g. ``"13.2.1"``.
        chapter: The chapter it stands in, ``"I"`` to ``"V"``.
        text_lv: The authoritative Latvian text.
        text_en: The working English translation.
        in_force_from: The first day the point is in force (p. 23-25).
        in_force_basis: The point that sets ``in_force_from``, e.g. ``"p. 25"``.

    >>> p = REGULATION.point("13.2.1")
    >>> (p.ref, p.parent, p.depth)
    ('p. 13.2.1', '13.2', 3)
    """

    number: str = attrs.field(validator=_check_str("number", _NUMBER_RE))
    chapter: str = attrs.field(validator=_check_chapter)
    text_lv: str = attrs.field(validator=_check_str("text_lv"))
    text_en: str = attrs.field(validator=_check_str("text_en"))
    in_force_from: datetime.date = attrs.field(validator=_check_date)
    in_force_basis: str = attrs.field(validator=_check_str("in_force_basis", _BASIS_RE))

    @property
    def ref(self) -> str:
        """The citation of the point, e.g. ``"p. 13.2.1"``."""
        return f"p. {self.number}"

    @property
    def parent(self) -> str | None:
        """The number of the enclosing point (``"13.2"`` for ``"13.2.1"``), or ``None``."""
        head, sep, _ = self.number.rpartition(".")
        return head if sep else None

    @property
    def depth(self) -> int:
        """How deep the point is nested: 1 for ``"13"``, 2 for ``"13.2"``, 3 for ``"13.2.1"``."""
        return self.number.count(".") + 1

    def in_force(self, on: DateInput) -> bool:
        """Tell whether the point is in force on a day.

        Args:
            on: The day: a date, an aware datetime (counted by its date in Riga) or an
                ISO-8601 string (see :func:`vkac_flow.calendar.dates.to_date`).

        Returns:
            ``True`` from :attr:`in_force_from` on.

        Raises:
            InputTypeError: ``on`` is not a date or a string.
            InputError: ``on`` is a naive datetime or a malformed string.
        """
        return to_date(on, what="on") >= self.in_force_from


@attrs.frozen
class MinistryName:
    """A name the ministry of p. 8 has borne, with the day it took it.

    Attributes:
        valid_from: The first day of the name, or ``None`` for the earliest name.
        name_lv: The Latvian name.
        name_en: The English name.
        source: Where the name comes from.
    """

    valid_from: datetime.date | None
    name_lv: str
    name_en: str
    source: str


@attrs.frozen
class TextVersion:
    """Which text of the regulation the library implements (``[text_version]`` in the data).

    The library follows the 2017 draft, its seed text. The regulation as adopted (Cabinet
    Regulation No. 401 of 2017-07-04, amended since) is not among the library's sources: what
    is known of its differences is in :attr:`known_differences`, and :attr:`not_known` says
    what is not.

    Attributes:
        id: A short identifier, e.g. ``"draft-2017"``.
        status: ``"draft"`` (or, for another text, ``"adopted"``, ``"consolidated"``).
        label: A readable name, e.g. ``"2017 draft"``.
        year: The year of the text.
        title_lv: Its Latvian title.
        date_note: What the text says of its own date and number.
        source: Where the text comes from.
        adopted_as: The regulation the draft became, e.g. ``"Cabinet Regulation No. 401"``.
        adopted_on: The day it was adopted.
        amended_on: The days of the amendments known, in date order.
        numbering: Whose point numbers the library uses.
        known_differences: The differences of the adopted text known (or reported) here.
        not_known: What is not known about the adopted text.

    >>> v = REGULATION.text_version
    >>> v.status, v.adopted_as, v.adopted_on
    ('draft', 'Cabinet Regulation No. 401', datetime.date(2017, 7, 4))
    >>> v.summary()
    '2017 draft (adopted as Cabinet Regulation No. 401 of 2017-07-04, amended 2019-02-19, 2021-08-31; the rules follow the draft)'
    """

    id: str = attrs.field(validator=_check_str("text_version.id"))
    status: str = attrs.field(validator=_check_str("text_version.status"))
    label: str = attrs.field(validator=_check_str("text_version.label"))
    year: int
    title_lv: str = attrs.field(validator=_check_str("text_version.title_lv"))
    date_note: str = attrs.field(validator=_check_str("text_version.date_note"))
    source: str = attrs.field(validator=_check_str("text_version.source"))
    adopted_as: str = attrs.field(validator=_check_str("text_version.adopted_as"))
    adopted_on: datetime.date = attrs.field(validator=_check_date)
    amended_on: tuple[datetime.date, ...] = attrs.field(converter=_as_tuple)
    numbering: str = attrs.field(validator=_check_str("text_version.numbering"))
    known_differences: tuple[str, ...] = attrs.field(converter=_as_tuple)
    not_known: str = attrs.field(validator=_check_str("text_version.not_known"))

    def __attrs_post_init__(self) -> None:
        """Check the year and the order of the amendment dates."""
        if not isinstance(self.year, int) or isinstance(self.year, bool):
            raise InputTypeError(Text("error.law.text_version_year", value=echo(self.year)))
        previous = self.adopted_on
        for day in self.amended_on:
            if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
                raise InputTypeError(Text("error.law.text_version_amended_type", value=echo(day)))
            if day <= previous:
                raise InputError(Text("error.law.text_version_amended_order"))
            previous = day
        for item in self.known_differences:
            if not isinstance(item, str) or not item.strip():
                raise InputError(Text("error.law.text_version_differences"))

    def summary(self, lang: str = "en") -> str:
        """One line in ``lang``: the text followed, what it became and its amendments.

        The label and what the text was adopted as come from the catalogue
        (``text_version.<id>`` in ``messages/<lang>/law.toml``); dates are ISO.

        >>> print(REGULATION.text_version.summary("lv"))
        2017. gada projekts (pieņemts 2017-07-04 kā Ministru kabineta noteikumi Nr. 401, grozīti 2019-02-19, 2021-08-31; noteikumu loģika atbilst projektam)

        Raises:
            MessageError: Unknown language, or a text version the catalogue does not name.
        """
        return self.text.render(lang)

    @property
    def text(self) -> Text:
        """:meth:`summary` as a catalogue text (English and Latvian)."""
        follows = Text(
            "text_version.follows_draft" if self.status == "draft" else "text_version.follows_text"
        )
        values: dict[str, object] = {
            "label": Text(f"text_version.{self.id}.label"),
            "adopted_as": Text(f"text_version.{self.id}.adopted_as"),
            "adopted_on": self.adopted_on.isoformat(),
            "follows": follows,
        }
        if not self.amended_on:
            return Text("text_version.summary_unamended", **values)
        amended = ", ".join(d.isoformat() for d in self.amended_on)
        return Text("text_version.summary", amended=amended, **values)


def load_text_version(data: Mapping[str, Any]) -> TextVersion:
    """Build the :class:`TextVersion` from the ``[text_version]`` table of the data.

    Args:
        data: The parsed ``[text_version]`` table.

    Returns:
        The text version.

    Raises:
        InputError: The table is incomplete or inconsistent.
        InputTypeError: A value of the wrong type.
    """
    try:
        return TextVersion(**data)
    except InputTypeError:
        raise
    except TypeError as exc:
        keys = [a.name for a in attrs.fields(TextVersion)]
        got = echo_many(sorted(map(str, data))) if isinstance(data, Mapping) else echo(data)
        text = Text("error.law.text_version_incomplete", keys=", ".join(keys), got=got)
        raise InputError(text) from exc


def _split(number: object) -> str:
    """Return the bare number of ``"13.2.1"`` or ``"p. 13.2.1"``, or raise."""
    if not isinstance(number, str):
        raise InputTypeError(Text("error.law.point_number_type", type=type(number).__name__))
    match = _REF_RE.fullmatch(number)
    if match is None:
        raise UnknownPointError(
            Text("error.law.not_a_point_number", value=echo(number)), number=number
        )
    return match.group(1)


def _frozen_titles(titles: Mapping[str, tuple[str, str]]) -> Mapping[str, tuple[str, str]]:
    """The chapter titles, read-only (the shared regulation must not be changed in place)."""
    return MappingProxyType(dict(titles))


@attrs.frozen
class Regulation:
    """The regulation: its points in document order, looked up by number.

    Immutable. Use the module-level :data:`REGULATION` rather than building one.

    Attributes:
        title_lv: The Latvian title.
        title_en: The English title.
        source: Which text the library implements (draft numbering, see docs/regulation.md).
        points: Every point, in document order.
        chapter_titles: Chapter (``"I"``..``"V"``) -> ``(title_lv, title_en)``.
        ministry_names: The names of the ministry of p. 8, in date order.
        text_version: Which text of the regulation this is (the 2017 draft).

    >>> len(REGULATION)
    112
    >>> "p. 13.2.1" in REGULATION, "13.4" in REGULATION
    (True, False)
    >>> [p.number for p in REGULATION.children("13.2")]
    ['13.2.1', '13.2.2']
    """

    title_lv: str
    title_en: str
    source: str
    points: tuple[Point, ...] = attrs.field(repr=False)
    chapter_titles: Mapping[str, tuple[str, str]] = attrs.field(
        repr=False, eq=False, converter=_frozen_titles
    )
    ministry_names: tuple[MinistryName, ...] = attrs.field(repr=False)
    text_version: TextVersion = attrs.field(repr=False)
    _index: Mapping[str, Point] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        """Index the points and check that the tree is whole and in document order."""
        index: dict[str, Point] = {}
        for point in self.points:
            if point.number in index:
                raise InputError(Text("error.law.point_twice", point=point.number))
            if point.parent is not None and point.parent not in index:
                raise InputError(
                    Text("error.law.point_before_parent", point=point.number, parent=point.parent)
                )
            index[point.number] = point
        if not self.ministry_names or self.ministry_names[0].valid_from is not None:
            raise InputError(Text("error.law.ministry_first"))
        previous = datetime.date.min
        for name in self.ministry_names[1:]:
            if name.valid_from is None or name.valid_from <= previous:
                raise InputError(Text("error.law.ministry_order"))
            previous = name.valid_from
        object.__setattr__(self, "_index", MappingProxyType(index))

    def __contains__(self, number: object) -> bool:
        """Tell whether ``number`` (``"13.2"`` or ``"p. 13.2"``) is a point; never raises."""
        if not isinstance(number, str):
            return False
        match = _REF_RE.fullmatch(number)
        return match is not None and match.group(1) in self._index

    def __iter__(self) -> Iterator[Point]:
        """Iterate over the points in document order."""
        return iter(self.points)

    def __len__(self) -> int:
        """Return the number of points and sub-points."""
        return len(self.points)

    def point(self, number: str) -> Point:
        """Return a point by its number.

        Args:
            number: ``"13.2.1"`` or ``"p. 13.2.1"``.

        Returns:
            The point.

        Raises:
            UnknownPointError: ``number`` is not a point of the regulation.
            InputTypeError: ``number`` is not a string.
        """
        bare = _split(number)
        try:
            return self._index[bare]
        except KeyError:
            raise UnknownPointError(
                Text(
                    "error.law.no_point",
                    point=bare,
                    value=echo(number),
                    last=self.points[-1].number,
                ),
                number=number,
            ) from None

    def children(self, number: str) -> tuple[Point, ...]:
        """Return the direct sub-points of a point, in document order.

        Args:
            number: ``"13.2"`` or ``"p. 13.2"``.

        Returns:
            The sub-points one level down (empty for a point without sub-points).

        Raises:
            UnknownPointError: ``number`` is not a point of the regulation.
        """
        parent = self.point(number).number
        return tuple(p for p in self.points if p.parent == parent)

    def descendants(self, number: str) -> tuple[Point, ...]:
        """Return every sub-point of a point, at any depth, in document order.

        Args:
            number: ``"13"`` or ``"p. 13"``.

        Returns:
            All sub-points (``13.1``, ``13.2``, ``13.2.1``, ...).

        Raises:
            UnknownPointError: ``number`` is not a point of the regulation.
        """
        prefix = self.point(number).number + "."
        return tuple(p for p in self.points if p.number.startswith(prefix))

    def top_level(self) -> tuple[Point, ...]:
        """Return the numbered points 1 to 25 without their sub-points.

        Returns:
            The points of depth 1, in document order.
        """
        return tuple(p for p in self.points if p.depth == 1)

    def in_force(self, number: str, on: DateInput) -> bool:
        """Tell whether a point and every point enclosing it are in force on a day.

        Args:
            number: ``"5.3"`` or ``"p. 5.3"``.
            on: The day (as for :meth:`Point.in_force`).

        Returns:
            ``True`` if the point is in force on ``on``.

        Raises:
            UnknownPointError: ``number`` is not a point of the regulation.

        >>> REGULATION.in_force("5.3", datetime.date(2018, 6, 30))
        False
        """
        point: Point | None = self.point(number)
        while point is not None:
            if not point.in_force(on):
                return False
            point = None if point.parent is None else self._index[point.parent]
        return True

    def chapter_title(self, chapter: str, lang: str = "en") -> str:
        """Return the title of a chapter.

        Args:
            chapter: ``"I"`` to ``"V"``.
            lang: ``"en"`` or ``"lv"``.

        Returns:
            The title.

        Raises:
            InputError: Unknown chapter or language.
        """
        check_lang(lang)
        if chapter not in self.chapter_titles:
            raise InputError(
                Text("error.law.chapter_unknown", value=echo(chapter), chapters=", ".join(CHAPTERS))
            )
        title_lv, title_en = self.chapter_titles[chapter]
        return title_en if lang == "en" else title_lv


def load_regulation(data: Mapping[str, Any] | None = None) -> Regulation:
    """Build a :class:`Regulation` from the parsed TOML data.

    Args:
        data: The parsed content of a ``regulation.toml``; by default the packaged one.

    Returns:
        The regulation.

    Raises:
        InputError: The data are incomplete or inconsistent.
    """
    if data is None:
        raw = data_text("regulation.toml")
        data = tomllib.loads(raw)
    try:
        meta = data["meta"]
        points = tuple(Point(**p) for p in data["point"])
        chapters = {c: (t["title_lv"], t["title_en"]) for c, t in data["chapters"].items()}
        names = tuple(
            MinistryName(
                valid_from=m.get("valid_from"),
                name_lv=m["name_lv"],
                name_en=m["name_en"],
                source=m["source"],
            )
            for m in data["ministry"]["names"]
        )
        return Regulation(
            title_lv=meta["title_lv"],
            title_en=meta["title_en"],
            source=meta["source"],
            points=points,
            chapter_titles=chapters,
            ministry_names=names,
            text_version=load_text_version(data["text_version"]),
        )
    except (KeyError, TypeError) as exc:
        raise InputError(Text("error.law.regulation_incomplete", detail=echo(exc))) from exc


REGULATION: Final[Regulation] = cast(Regulation, Lazy(load_regulation))
"""The regulation, loaded once from ``vkac_flow/law/regulation.toml`` on first use."""


@functools.cache
def _point_numbers() -> frozenset[str]:
    """The point numbers of the packaged regulation, read without parsing all of it.

    :func:`cite` runs at import in many modules; checking a number against this set costs
    microseconds, where building :data:`REGULATION` costs milliseconds. A test checks that
    the set equals the numbers of the fully parsed regulation.
    """
    raw = data_text("regulation.toml")
    return frozenset(_NUMBER_LINE_RE.findall(raw))


# p. 25: "Noteikumi stājas spēkā 2017. gada 1. jūlijā." No procedure event can be dated earlier.
REGULATION_IN_FORCE: Final[datetime.date] = datetime.date(2017, 7, 1)
"""The day the regulation came into force (p. 25): the lower bound for procedure event dates."""

PROCEDURE_POINTS: Final[tuple[str, ...]] = (
    "12",
    "13.1",
    "13.2",
    "13.2.1",
    "13.2.2",
    "13.3",
    "14.1",
    "14.2",
    "14.2.1",
    "14.2.2",
    "14.3",
    "15.1",
    "15.2",
    "15.3",
    "16",
)
"""The normative points of the transfer (p. 12-15) and exclusion (p. 16) procedure.

Each must be cited by at least one rule and one test (traceability).
"""


def cite(*numbers: str) -> tuple[str, ...]:
    """Return the citations of points, checking that every one exists.

    This is how rules and errors across the library cite the regulation, so a typo in a
    citation fails at import or in tests rather than printing a point that does not exist.

    Args:
        *numbers: Point numbers, ``"13.2.1"`` or ``"p. 13.2.1"``.

    Returns:
        The citations, e.g. ``("p. 13.2.1",)``, in the order given.

    Raises:
        UnknownPointError: A number is not a point of the regulation.
        InputTypeError: A number is not a string.

    >>> cite("13.4")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    vkac_flow.errors.UnknownPointError: the regulation has no point 13.4 ...
    """
    known = _point_numbers()
    out: list[str] = []
    for n in numbers:
        match = _REF_RE.fullmatch(n) if type(n) is str else None
        if match is not None and match.group(1) in known:
            out.append(f"p. {match.group(1)}")
        else:  # unknown or malformed: the regulation itself raises the error
            out.append(REGULATION.point(n).ref)
    return tuple(out)


def ministry_name(on: DateInput, lang: str = "en") -> str:
    """Return the name of the ministry of p. 8 (VARAM) on a day.

    The ministry was renamed on 2024-07-01 (abbreviation VARAM kept). The names are data in
    ``regulation.toml`` (``[ministry]``), with their sources.

    Args:
        on: The day (as for :meth:`Point.in_force`).
        lang: ``"en"`` or ``"lv"``.

    Returns:
        The ministry's name on that day.

    Raises:
        InputError: ``lang`` is not ``"en"`` or ``"lv"``, or ``on`` is a naive datetime or
            a malformed string.
        InputTypeError: ``on`` is not a date or a string.

    >>> ministry_name(datetime.date(2024, 6, 30), "lv")
    'Vides aizsardzības un reģionālās attīstības ministrija'
    """
    check_lang(lang)
    day = to_date(on, what="on")
    current = REGULATION.ministry_names[0]
    for entry in REGULATION.ministry_names[1:]:
        if entry.valid_from is not None and entry.valid_from <= day:
            current = entry
    return current.name_en if lang == "en" else current.name_lv
