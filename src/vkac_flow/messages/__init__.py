"""Every word a person reads, in Latvian and English: one catalogue, one function.

The catalogue is one folder of TOML files per language, ``messages/en/`` and
``messages/lv/`` (one file per area: ``main.toml`` for the commands' texts, ``errors_*.toml``
for error messages...), with the same symbolic keys and the same named ``{placeholders}`` in
each language (``tests/test_messages.py`` checks); a key defined in two files of one language
is refused. :class:`Text` is a message not yet rendered (a key and its values): errors carry
one, so that ``str(error)`` is English and ``error.localized("lv")`` Latvian. :func:`message` looks a key up and fills it;
:func:`choose_language` picks the language (``--lang``, else ``VKAC_LANG``, else the locale,
else English); :func:`prose_date` and :func:`weekday_name` write dates as the regulation
does ("2017. gada 1. jūlijā"). Latvian uses the regulation's own terms (vienotais klientu
apkalpošanas centrs, pakalpojuma turētājs, uzraudzības komiteja, darbdiena).

The package sits at layer 0, beneath :mod:`vkac_flow.errors`, so that every layer (the
errors included) can speak both languages. It imports nothing from vkac_flow; a bad
language or key raises :class:`MessageError` (a :class:`ValueError`).

>>> message("calendar_heading", "lv", year=2026, transfers=message("transfers_on", "lv"))
'Latvijas kalendārs 2026. gadam (darba dienu pārcelšana ievērota)'
>>> import datetime
>>> prose_date(datetime.date(2026, 12, 1), "lv")
'2026. gada 1. decembris'
>>> prose_date(datetime.date(2017, 7, 1), "lv", form="locative")
'2017. gada 1. jūlijā'
>>> choose_language(None, {"VKAC_LANG": "", "LANG": "lv_LV.UTF-8"})
'lv'
"""

from __future__ import annotations

import datetime
import functools
import os
import re
import string
import threading
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Final, Literal, overload

__all__ = [
    "LANGUAGES",
    "PROSE_DATE_SPACE",
    "Cited",
    "Count",
    "InLanguage",
    "MessageError",
    "Points",
    "Text",
    "append_points",
    "catalogue",
    "check_language",
    "choose_language",
    "count",
    "legal_source",
    "message",
    "placeholders",
    "point_label",
    "point_labels",
    "prose_date",
    "render",
    "set_language_error",
    "table",
    "weekday_name",
    "with_points",
]

LANGUAGES: Final = ("en", "lv")
"""The languages of the catalogue; English is the fallback."""

PROSE_DATE_SPACE: Final = " "
"""The space inside a prose date ("2026. gada 1. decembris"): a plain space (U+0020).

The regulation's published text puts a no-break space (U+00A0) after the day and year
numbers ("2017.\u00a0gada 1.\u00a0jūlijā") so that print never breaks a date across lines.
The library writes a plain space instead, one choice for every output: its prose dates go
to terminals, calendar feeds and logs, where a no-break space is invisible, defeats search
("grep '1. decembr'") and copy-paste into other documents, and is no help, since those
outputs do not wrap. The HTML report keeps a date on one line by itself: it writes each
prose date in a ``<time>`` element styled ``white-space: nowrap``
(``views/templates/report.css``). See ``docs/language.md``."""

_LOCALE_VARIABLES: Final = ("LC_ALL", "LC_MESSAGES", "LANG")
"""The POSIX locale variables, in the order they take precedence."""


class MessageError(ValueError):
    """An unknown language, an unknown message key or a missing placeholder value."""


def _plain_language_error(lang: object) -> MessageError:
    shown = repr(lang)[:80] if isinstance(lang, str) else type(lang).__name__
    return MessageError(f"lang must be 'lv' or 'en', got {shown}")


_language_error: list[Callable[[object], MessageError]] = [_plain_language_error]
"""Makes the error :func:`check_language` raises (``vkac_flow.errors`` installs its own)."""


def set_language_error(make: Callable[[object], MessageError]) -> None:
    """Have :func:`check_language` raise ``make(lang)`` for a bad ``lang``.

    :mod:`vkac_flow.errors` (imported with the package, before any of this is used)
    installs :class:`~vkac_flow.errors.LanguageError`, both a ``VkacFlowError`` and a
    :class:`MessageError`, with its message from the catalogue; this package sits beneath
    the errors and cannot import them.
    """
    _language_error[0] = make


def check_language(lang: object) -> str:
    """``lang`` itself when it is ``"en"`` or ``"lv"``: the one check of a language.

    Every public function or method that takes ``lang`` calls it first (a tuple
    membership test), so a bad language is refused before any work.

    Raises:
        MessageError: Any other value: a :class:`~vkac_flow.errors.LanguageError` (also an
            ``InputError``, so a ``VkacFlowError``).
    """
    if isinstance(lang, str) and lang in LANGUAGES:
        return lang
    raise _language_error[0](lang)


_FOLDER: Final = os.path.dirname(os.path.abspath(__file__))
"""The catalogue's folder, read by a plain path (``vkac_flow.law.lazy.data_text`` says why)."""


def _stage(name: str) -> int:
    """The stage in which the catalogue file ``name`` is read (0, 1 or 2).

    ``main.toml`` (the commands' common texts) and ``cli.toml`` (the command line's help,
    which every command builds its parser with) first, then the other areas' texts, then
    the error messages and their words (``errors*.toml``, about three quarters of the
    catalogue).
    """
    return 0 if name in ("main.toml", "cli.toml") else 2 if name.startswith("errors") else 1


class _Catalogue(Mapping[str, str]):
    """The messages of one language, by key; its files read a stage at a time when needed.

    Parsing all of a language's files costs several milliseconds of every process's
    start-up (issue 14), and a command that prints no error needs few of them: the
    ``timeline`` command's texts are all in ``main.toml``. The files are read in the
    stages of :func:`_stage`; a key the files read so far do not have (an ``error.*`` key, a
    ``field.*`` word, an unknown key) reads the next stage, and iterating or counting the
    catalogue reads them all. Once all are read, the mapping is exactly the one reading
    every file at once in file-name order gives; a key defined in two files is refused
    when the later of the two is read.
    """

    __slots__ = ("_flat", "_folder", "_lang", "_lock", "_parsed", "_pending")

    def __init__(self, lang: str) -> None:
        self._folder = os.path.join(_FOLDER, lang)
        names = sorted(n for n in os.listdir(self._folder) if n.endswith(".toml"))
        self._lang = lang
        self._lock = threading.Lock()
        self._parsed: dict[str, Mapping[str, object]] = {}
        self._flat: dict[str, str] = {}
        self._pending = tuple(
            stage for k in range(3) if (stage := tuple(n for n in names if _stage(n) == k))
        )
        self._next()

    def _merge(self, parsed: Mapping[str, Mapping[str, object]]) -> dict[str, str]:
        flat: dict[str, str] = {}
        origin: dict[str, str] = {}

        def walk(prefix: str, node: Mapping[str, object], source: str) -> None:
            for key, value in node.items():
                name = f"{prefix}{key}"
                if isinstance(value, Mapping):
                    walk(name + ".", value, source)
                    continue
                if name in flat:
                    raise MessageError(
                        f"message {name!r} is defined twice in the {self._lang} catalogue: "
                        f"{origin[name]} and {source}"
                    )
                flat[name] = str(value)
                origin[name] = source

        for source in sorted(parsed):
            walk("", parsed[source], source)
        return flat

    def _next(self) -> bool:
        """Read the next stage of files; whether there was one."""
        if not self._pending:
            return False
        with self._lock:
            if self._pending:
                parsed = dict(self._parsed)
                parsed.update((n, _parse(os.path.join(self._folder, n))) for n in self._pending[0])
                self._flat = self._merge(parsed)  # whole, then swapped in: safe for readers
                self._parsed = parsed
                self._pending = self._pending[1:]
        return True

    def __getitem__(self, key: str) -> str:
        while True:
            try:
                return self._flat[key]
            except KeyError:
                if not self._next():
                    raise

    def __contains__(self, key: object) -> bool:
        while key not in self._flat:
            if not self._next():
                return False
        return True

    def __iter__(self) -> Iterator[str]:
        while self._next():
            pass
        return iter(self._flat)

    def table(self, name: str) -> dict[str, str]:
        """The messages of the table ``name``, by their keys within it (see :func:`table`)."""
        prefix = name + "."
        while not any(k.startswith(prefix) for k in self._flat) and self._next():
            pass
        return {k[len(prefix) :]: v for k, v in self._flat.items() if k.startswith(prefix)}

    def __len__(self) -> int:
        while self._next():
            pass
        return len(self._flat)


def _parse(path: str) -> Mapping[str, object]:
    with open(path, encoding="utf-8") as fh:
        return tomllib.loads(fh.read())


@functools.cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Every message of ``lang``, by key (read once from the files of ``messages/<lang>/``).

    The files are read a stage at a time, when a key is not among those read so far
    (``main.toml`` first, the error messages last; see :class:`_Catalogue`).

    Raises:
        MessageError: ``lang`` is neither ``"en"`` nor ``"lv"``, or two files of the
            language define the same key.
    """
    return _Catalogue(check_language(lang))


def table(lang: str, name: str) -> Mapping[str, str]:
    """The messages of one table of the catalogue (``"cli.argparse"``), by their keys in it.

    Reads only the stages of files up to the one that defines the table (a table is written
    in one file), not the whole catalogue as iterating :func:`catalogue` does.

    Raises:
        MessageError: Unknown language.
    """
    cat = catalogue(check_language(lang))
    assert isinstance(cat, _Catalogue)
    return cat.table(name)


def placeholders(text: str) -> frozenset[str]:
    """The named ``{placeholders}`` of a message text."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


def message(key: str, lang: str, /, **values: object) -> str:
    """The message ``key`` in ``lang``, its placeholders filled from ``values``.

    Keys are symbolic (``"deadline_due"``); a dotted key names a table of the catalogue
    (``"state.proposed"``).

    Raises:
        MessageError: Unknown language or key, or a placeholder without a value.
    """
    table = catalogue(check_language(lang))
    try:
        text = table[key]
    except KeyError:
        raise MessageError(f"no message {key!r} in the {lang} catalogue") from None
    try:
        return text.format(**values)
    except (KeyError, IndexError) as err:
        raise MessageError(f"message {key!r} needs a value for {err}") from None


class Text:
    """A message not yet rendered: a catalogue key and the values of its placeholders.

    A value may itself be a :class:`Text` (rendered in the same language), so that a word
    passed into a message ("the centre name") is translated too. ``str(text)`` is the
    English rendering. The key is checked when the text is rendered, not when it is made
    (making one is cheap: errors make them on their way out, the hot path never renders).

    >>> t = Text("error.input.expected_flag", what="transfers", got="str 'false'")
    >>> t.render("en")
    "transfers: expected True or False, got str 'false'"
    >>> t.render("lv")
    "transfers: jābūt True vai False, saņemts str 'false'"
    """

    __slots__ = ("key", "values")

    key: str
    values: Mapping[str, object]

    def __init__(self, key: str, /, **values: object) -> None:
        self.key = key
        self.values = values

    def render(self, lang: str) -> str:
        """The text in ``lang``, nested texts rendered in ``lang`` too.

        Raises:
            MessageError: Unknown language or key, or a placeholder without a value.
        """
        filled = {k: v.render(lang) if isinstance(v, Text) else v for k, v in self.values.items()}
        return message(self.key, lang, **filled)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        inner = "".join(f", {k}={v!r}" for k, v in self.values.items())
        return f"Text({self.key!r}{inner})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return self.key == other.key and dict(self.values) == dict(other.values)

    __hash__ = None  # type: ignore[assignment]  # values may be unhashable


def render(value: str | Text, lang: str) -> str:
    """``value`` in ``lang``: a :class:`Text` rendered, a plain string as it is."""
    if isinstance(value, Text):
        return value.render(lang)
    check_language(lang)
    return value


_ONE: Final = {
    "en": lambda n: n == 1,
    "lv": lambda n: n % 10 == 1 and n % 100 != 11,  # CLDR: 1, 21, 31... but not 11
}
"""When a count takes the singular form (the CLDR plural rules of each language)."""


def count(key: str, lang: str, n: int) -> str:
    """``n`` with the form of ``key`` it takes: ``key_one`` or ``key_many``.

    Latvian takes the singular after 1, 21, 31... but not 11 (CLDR). The Latvian ``days_*``
    and ``working_days_*`` forms are those the preposition "par" governs (accusative
    singular, dative plural), as every text they fill uses them: "nokavēts par 21 dienu",
    "par 11 dienām" (``tests/test_latvian_style.py`` checks).

    >>> count("days", "lv", 21), count("days", "lv", 11), count("days", "en", 21)
    ('21 dienu', '11 dienām', '21 days')
    """
    one = _ONE[check_language(lang)](n)
    return message(f"{key}_one" if one else f"{key}_many", lang, n=n)


def choose_language(requested: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language of the output: ``--lang``, else ``VKAC_LANG``, else the locale, else English.

    The locale is the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set;
    ``lv_LV...`` (or ``lv``) is Latvian, any other English.

    Args:
        requested: The ``--lang`` option, or ``None``.
        environ: The environment (default ``os.environ``).

    Raises:
        MessageError: ``requested`` or ``VKAC_LANG`` is set to another language.
    """
    if requested is not None:
        return check_language(requested)
    env = os.environ if environ is None else environ
    chosen = env.get("VKAC_LANG", "").strip()
    if chosen:
        return check_language(chosen)
    for name in _LOCALE_VARIABLES:
        value = env.get(name, "").strip()
        if value:  # the first one set decides (POSIX precedence)
            base = value.split(".")[0].split("@")[0]
            return "lv" if base == "lv" or base.startswith("lv_") else "en"
    return "en"


def weekday_name(day: datetime.date, lang: str, *, short: bool = False) -> str:
    """The weekday of ``day``: ``"otrdiena"`` / ``"Tuesday"``, or ``"Otrd."`` / ``"Tue"``.

    Raises:
        MessageError: Unknown language.
    """
    key = "weekday_short" if short else "weekday"
    return message(f"{key}.{day.isoweekday()}", lang)


def prose_date(
    day: datetime.date, lang: str, *, form: Literal["nominative", "locative"] = "nominative"
) -> str:
    """``day`` written in prose: ``"2026. gada 1. decembris"`` / ``"1 December 2026"``.

    ``form="locative"`` gives the Latvian "on" form the regulation writes (p. 25:
    "stājas spēkā 2017. gada 1. jūlijā"); English has one form. Tables use ISO dates. The
    spaces are :data:`PROSE_DATE_SPACE` (plain, not the regulation's no-break space).

    Raises:
        MessageError: Unknown language or form.
    """
    if form not in ("nominative", "locative"):
        raise MessageError(f"form must be 'nominative' or 'locative', got {form!r}")
    month = message(f"month_{form}.{day.month}", lang)
    text = message("prose_date", lang, year=day.year, day=day.day, month=month)
    return text.replace(" ", PROSE_DATE_SPACE)


_POINT: Final = re.compile(r"p\. (?P<number>\d+(?:\.\d+)*)")
_SECTION: Final = re.compile(
    r"(?P<act>[A-Z][A-Za-z ]*?) s\. (?P<section>\d+)(?:\((?P<part>\d+)\))?"
)


def point_label(point: str, lang: str) -> str:
    """A citation as ``lang`` writes it: a point of the regulation or a section of an act.

    The regulation's points are cited ``"p. 14"`` / ``"p. 14.2"`` in English; Latvian writes
    "14. punkts" for a point and "14.2. apakšpunkts" for a sub-point, as the regulation
    itself does. A section of another act (``"APL s. 43(2)"``, ``"Labour Law s. 133(4)"``)
    is written with the act's Latvian name ("APL 43. panta 2. daļa"); an act whose name is
    not in the catalogue (``act.<name>``), or any other text, is shown as written.

    >>> point_label("p. 14.2", "lv"), point_label("p. 16", "lv"), point_label("p. 16", "en")
    ('14.2. apakšpunkts', '16. punkts', 'p. 16')
    >>> point_label("APL s. 43(2)", "lv"), point_label("Labour Law s. 133(4)", "lv")
    ('APL 43. panta 2. daļa', 'Darba likuma 133. panta 4. daļa')
    """
    if check_language(lang) == "en":
        return point
    found = _POINT.fullmatch(point)
    if found is not None:
        number = found["number"]
        return message("point_sub" if "." in number else "point", lang, point=number)
    found = _SECTION.fullmatch(point)
    if found is None:
        return point
    act_key = "act." + found["act"].lower().replace(" ", "_")
    if act_key not in catalogue(lang):
        return point
    act = message(act_key, lang)
    if found["part"] is None:
        return message("act_section", lang, act=act, section=found["section"])
    return message("act_section_part", lang, act=act, section=found["section"], part=found["part"])


def point_labels(points: Iterable[str], lang: str) -> str:
    """Citations as ``lang`` writes them (:func:`point_label`), comma-separated.

    The one rule for a list of points in any output: tables, reports, feeds, messages.

    >>> point_labels(("p. 14.2", "APL s. 43(2)"), "lv"), point_labels(("p. 14.2",), "en")
    ('14.2. apakšpunkts, APL 43. panta 2. daļa', 'p. 14.2')
    """
    check_language(lang)
    return ", ".join(point_label(p, lang) for p in points)


_LV_CITED_POINTS: Final = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)*\.(?:(?:, | un | vai |–)\d+(?:\.\d+)*\.)*) (?:apakš)?punkt"
)
"""Latvian cites of points, alone or in a list: "14.2. apakšpunkta", "5.3. un 6.3. apakšpunkts"."""

_LV_CITE_NOUN: Final = re.compile(r"(punkt|pant)s$|(?<=daļ)a$")
"""The nominative ending of a Latvian cite's last word (:func:`point_label`): "punkts", "daļa"."""

_NUMBER: Final = re.compile(r"\d+(?:\.\d+)*")


def _named(body: str, point: str, label: str, lang: str, cited: frozenset[str]) -> bool:
    """Whether ``body`` (in ``lang``) names ``point`` (cited ``label``) itself.

    As written (``"p. 14.2"``) or as ``lang`` cites it (``"14.2. apakšpunkts"``), so an
    English message shows every point in its one form ("p. 15.1", not "p. 15, 15.1"). A
    Latvian one may also name it in a list of points (``cited``: "5.3. un 6.3.
    apakšpunkts") or with the cite's last word in another case ("16. punkta", "APL 43.
    panta 2. daļā"), as Latvian must. A number preceded by a digit or a dot is another
    point ("116. punkts" does not name point 16).
    """
    if point in body or label in body:
        return True
    if lang != "lv":
        return False
    if point.startswith("p. ") and point[3:] in cited:
        return True
    stem = _LV_CITE_NOUN.sub(r"\1", label)
    return stem != label and re.search(r"(?<![\d.])" + re.escape(stem), body) is not None


def append_points(body: str, points: Iterable[str], lang: str) -> str:
    """``body`` (rendered in ``lang``) with ``[points]`` it does not name appended.

    The one rule for citing the points a message rests on (errors, refusals, quoted
    reasons): every point is named, once. A point the message names itself (:func:`_named`:
    as written or as ``lang`` cites it; in Latvian also in a list of points or another case
    of the noun) is not repeated; the others are appended in brackets, as ``lang`` cites
    them (catalogue ``cited_points``).

    >>> append_points("Late", ("p. 14.2", "APL s. 43(2)"), "en")
    'Late [p. 14.2, APL s. 43(2)]'
    >>> append_points("Nokavēts", ("p. 14.2",), "lv"), append_points("p. 9: late", ("p. 9",), "en")
    ('Nokavēts [14.2. apakšpunkts]', 'p. 9: late')
    >>> append_points("p. 16, second sentence", ("p. 16", "p. 9"), "en")
    'p. 16, second sentence [p. 9]'
    >>> append_points("5.3. un 6.3. apakšpunkta izpratnē", ("p. 5.3", "p. 6.3"), "lv")
    '5.3. un 6.3. apakšpunkta izpratnē'

    Raises:
        MessageError: Unknown language.
    """
    points = tuple(points)
    if not points:
        return body
    labels = [point_label(p, lang) for p in points]
    found = _LV_CITED_POINTS.finditer(body) if lang == "lv" else ()
    cited = frozenset(n for cite in found for n in _NUMBER.findall(cite[1]))
    missing = [
        label
        for p, label in zip(points, labels, strict=True)
        if not _named(body, p, label, lang, cited)
    ]
    if not missing:
        return body
    return message("cited_points", lang, message=body, points=", ".join(missing))


class Count(Text):
    """A count in a message with the form its language gives it: "1 month", "21 darbdiena".

    The form is chosen when the text is rendered, by :func:`count` (the CLDR plural rule
    of the language, keys ``<key>_one`` and ``<key>_many``), so one text serves both
    languages.

    >>> Count("days", 21).render("lv"), Count("days", 11).render("lv"), Count("days", 1).render("en")
    ('21 dienu', '11 dienām', '1 day')
    """

    __slots__ = ()

    def __init__(self, key: str, n: int) -> None:
        super().__init__(key, n=n)

    def render(self, lang: str) -> str:
        """``n`` with the form of :attr:`key` it takes in ``lang``."""
        n = self.values["n"]
        assert isinstance(n, int)
        return count(self.key, lang, n)


class InLanguage(Text):
    """A value that data (not the catalogue) give in each language: ``en=`` and ``lv=``.

    A holiday's name from the calendar's data, an institution's name from the law's: a
    message shows the one of its language. The name only names the text; it is no key.

    >>> InLanguage("institution", en="State Land Service", lv="Valsts zemes dienests").render("lv")
    'Valsts zemes dienests'
    """

    __slots__ = ()

    def __init__(self, name: str, /, *, en: str, lv: str) -> None:
        super().__init__(name, en=en, lv=lv)

    def render(self, lang: str) -> str:
        """The value in ``lang``."""
        return str(self.values[check_language(lang)])


class Points(Text):
    """Citations as a text to pass into a message: :func:`point_labels` in its language.

    >>> Text("cited_points", message="x", points=Points(("p. 9",))).render("lv")
    'x [9. punkts]'
    """

    __slots__ = ()

    def __init__(self, points: Iterable[str]) -> None:
        super().__init__("points", points=tuple(points))

    def render(self, lang: str) -> str:
        """The points as ``lang`` cites them, comma-separated."""
        points = self.values["points"]
        assert isinstance(points, tuple)
        return point_labels(points, check_language(lang))


class Cited(Text):
    """A message citing its points (:func:`append_points`), in each language it is rendered in.

    Checked in that language, so a Latvian message that names "13.2.1. apakšpunkts" is not
    cited twice.
    """

    __slots__ = ()

    def __init__(self, message: Text, points: Iterable[str]) -> None:
        super().__init__("cited_points", message=message, points=tuple(points))

    def render(self, lang: str) -> str:
        """The message in ``lang``, then ``[points]`` it does not name."""
        body, points = self.values["message"], self.values["points"]
        assert isinstance(body, Text)
        assert isinstance(points, tuple)
        return append_points(body.render(lang), points, lang)


@overload
def with_points(message: str, points: Iterable[str]) -> str: ...
@overload
def with_points(message: Text, points: Iterable[str]) -> Text: ...
@overload
def with_points(message: str | Text, points: Iterable[str]) -> str | Text: ...
def with_points(message: str | Text, points: Iterable[str]) -> str | Text:
    """``message`` citing every one of ``points`` (:func:`append_points`).

    A :class:`Text` becomes a :class:`Cited` (checked and cited in each language it is
    rendered in); a plain string (the same in every language) is cited in English now.

    >>> with_points(Text("error.records.list", first="a", rest="b"), ("p. 9",)).render("lv")
    'a, b [9. punkts]'
    >>> with_points("a", ("p. 9", "p. 13.2"))
    'a [p. 9, p. 13.2]'
    """
    if isinstance(message, Text):
        return Cited(message, points)
    return append_points(message, points, "en")


_SOURCE = re.compile(
    r"(?P<order>Cabinet order )?(?:law of (?P<law>\d{4}-\d\d-\d\d), )?likumi\.lv id (?P<id>\d+)"
    r"(?: s\. (?P<section>\d+)(?:\((?P<part>\d+)\))?)?"
    r"(?: \(amendment of (?P<date>\d{4}-\d\d-\d\d), id (?P<amendment>\d+)\))?"
    r"(?P<reported> \(reported, not verified\))?"
)
_FESTIVAL = re.compile(r"(?P<song>[IVXLC]+) Song and (?P<dance>[IVXLC]+) Dance Festival")
_NO_ORDER = re.compile(r"no transfer order for (?P<year>\d{4})")
_NOTES: Final = {
    "added by the user": "calendar.source.added",
    "Cabinet transfer order (source not given)": "calendar.source.order_not_given",
}
"""The calendar's notes that stand for a source (``calendar/latvian.py``)."""


def legal_source(source: str, lang: str) -> str:
    """A day's legal source (``calendar_lv.toml``) in ``lang``.

    A source is one or more parts joined by "; " (two holidays on one day, a festival and
    its edition); each packaged part has one shape ("[Cabinet order ][law of DATE,
    ]likumi.lv id N[ s. S][ (amendment of DATE, id M)][ (reported, not verified)]", "N Song
    and M Dance Festival", or a note: "no transfer order for YEAR", "added by the user"), and
    in English is written back exactly as given; any other part (a user's ``--orders``
    file) is shown as written.

    >>> legal_source("likumi.lv id 72608 s. 1 (amendment of 2007-05-24, id 158621)", "lv")
    'likumi.lv id 72608, 1. pants (2007-05-24 grozījumi, id 158621)'
    >>> legal_source("Cabinet order likumi.lv id 361161", "lv")
    'Ministru kabineta rīkojums, likumi.lv id 361161'
    >>> legal_source("law of 2018-06-21, likumi.lv id 299942", "lv")
    '2018-06-21 likums, likumi.lv id 299942'
    """
    check_language(lang)
    return "; ".join(_source_part(part, lang) for part in source.split("; "))


def _source_part(source: str, lang: str) -> str:
    """One part of a legal source in ``lang`` (see :func:`legal_source`)."""
    if source in _NOTES:
        return message(_NOTES[source], lang)
    year = _NO_ORDER.fullmatch(source)
    if year is not None:
        return message("calendar.source.no_order", lang, year=year["year"])
    festival = _FESTIVAL.fullmatch(source)
    if festival is not None:
        song, dance = festival["song"], festival["dance"]
        return message("calendar.source.festival", lang, song=song, dance=dance)
    found = _SOURCE.fullmatch(source)
    if found is None:
        return source
    text = f"likumi.lv id {found['id']}"
    if found["part"] is not None:
        text = message(
            "source_law_part", lang, id=found["id"], section=found["section"], part=found["part"]
        )
    elif found["section"] is not None:
        text = message("source_law", lang, id=found["id"], section=found["section"])
    if found["date"] is not None:
        text = message(
            "source_amendment", lang, source=text, date=found["date"], id=found["amendment"]
        )
    if found["law"] is not None:
        text = message("calendar.source.law_of", lang, date=found["law"], source=text)
    if found["order"] is not None:
        text = message("source_cabinet_order", lang, source=text)
    if found["reported"] is not None:
        text = message("calendar.source.reported", lang, source=text)
    return text
