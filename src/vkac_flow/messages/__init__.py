"""Every word a person reads, in Latvian and English: one catalogue, one function.

The catalogue is one TOML file per language, ``messages/en.toml`` and ``messages/lv.toml``,
with the same symbolic keys and the same named ``{placeholders}`` in each
(``tests/test_messages.py`` checks). :func:`message` looks a key up and fills it;
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
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Final, Literal

__all__ = [
    "LANGUAGES",
    "MessageError",
    "catalogue",
    "check_language",
    "choose_language",
    "count",
    "legal_source",
    "message",
    "placeholders",
    "prose_date",
    "weekday_name",
]

LANGUAGES: Final = ("en", "lv")
"""The languages of the catalogue; English is the fallback."""

_LOCALE_VARIABLES: Final = ("LC_ALL", "LC_MESSAGES", "LANG")
"""The POSIX locale variables, in the order they take precedence."""


class MessageError(ValueError):
    """An unknown language, an unknown message key or a missing placeholder value."""


def check_language(lang: object) -> str:
    """``lang`` itself when it is ``"en"`` or ``"lv"``.

    Raises:
        MessageError: Any other value.
    """
    if isinstance(lang, str) and lang in LANGUAGES:
        return lang
    shown = repr(lang)[:80] if isinstance(lang, str) else type(lang).__name__
    raise MessageError(f"lang must be 'lv' or 'en', got {shown}")


@functools.cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Every message of ``lang``, by key (read once from ``messages/<lang>.toml``).

    Raises:
        MessageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
    """
    check_language(lang)
    raw = resources.files(__name__).joinpath(f"{lang}.toml").read_text(encoding="utf-8")
    table = tomllib.loads(raw)
    flat: dict[str, str] = {}

    def walk(prefix: str, node: Mapping[str, object]) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if isinstance(value, Mapping):
                walk(name + ".", value)
            else:
                flat[name] = str(value)

    walk("", table)
    return flat


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


_ONE: Final = {
    "en": lambda n: n == 1,
    "lv": lambda n: n % 10 == 1 and n % 100 != 11,  # CLDR: 1, 21, 31... but not 11
}
"""When a count takes the singular form (the CLDR plural rules of each language)."""


def count(key: str, lang: str, n: int) -> str:
    """``n`` with the form of ``key`` it takes: ``key_one`` or ``key_many``.

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
    "stājas spēkā 2017. gada 1. jūlijā"); English has one form. Tables use ISO dates.

    Raises:
        MessageError: Unknown language or form.
    """
    if form not in ("nominative", "locative"):
        raise MessageError(f"form must be 'nominative' or 'locative', got {form!r}")
    month = message(f"month_{form}.{day.month}", lang)
    return message("prose_date", lang, year=day.year, day=day.day, month=month)


_SOURCE = re.compile(
    r"(?P<order>Cabinet order )?likumi\.lv id (?P<id>\d+)"
    r"(?: s\. (?P<section>\d+)(?:\((?P<part>\d+)\))?)?"
    r"(?: \(amendment of (?P<date>\d{4}-\d\d-\d\d), id (?P<amendment>\d+)\))?"
)


def legal_source(source: str, lang: str) -> str:
    """A day's legal source (``calendar_lv.toml``) in ``lang``.

    The packaged sources have one shape ("[Cabinet order ]likumi.lv id N[ s. S][ (amendment
    of DATE, id M)]"); any other text (a user's ``--orders`` file) is shown as written.

    >>> legal_source("likumi.lv id 72608 s. 1 (amendment of 2007-05-24, id 158621)", "lv")
    'likumi.lv id 72608, 1. pants (2007-05-24 grozījumi, id 158621)'
    >>> legal_source("Cabinet order likumi.lv id 361161", "lv")
    'Ministru kabineta rīkojums, likumi.lv id 361161'
    """
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
    if found["order"] is not None:
        text = message("source_cabinet_order", lang, source=text)
    return text
