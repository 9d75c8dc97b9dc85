"""The user-facing strings of the calendar feed and the register report, per language.

One table per language in ``views/texts.toml`` (the same keys in each), so that every
message of :mod:`vkac_flow.views.ics` and :mod:`vkac_flow.views.report` stands in one place.
Latvian uses the regulation's own terms.

>>> texts("lv")["holder"]
'Pakalpojuma turētājs'
>>> texts("de")
Traceback (most recent call last):
...
vkac_flow.errors.InputError: lang must be 'lv' or 'en', got 'de'
"""

from __future__ import annotations

import argparse
import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Final

from vkac_flow.errors import InputError, echo

__all__ = ["LANGUAGES", "add_lang_option", "texts"]

LANGUAGES: Final = ("lv", "en")
"""The languages of the feed and the report."""


@functools.cache
def _all() -> dict[str, dict[str, str]]:
    raw = resources.files("vkac_flow.views").joinpath("texts.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def texts(lang: object) -> Mapping[str, str]:
    """The strings of ``lang`` (``"lv"`` or ``"en"``).

    Raises:
        InputError: Another language.
    """
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise InputError(f"lang must be 'lv' or 'en', got {echo(lang)}")
    return _all()[lang]


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang lv|en`` to a command.

    Unset, :func:`~vkac_flow.messages.choose_language` picks ``VKAC_LANG``, else the locale,
    else English (``docs/language.md``).
    """
    parser.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default=None,
        help="language of the output (default: $VKAC_LANG, else the locale, else en)",
    )
