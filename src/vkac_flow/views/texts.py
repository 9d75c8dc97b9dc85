"""The language of the views: the ``--lang`` option, the feed's and report's choice of it.

The texts themselves are in the message catalogue (``messages/<lang>/views.toml``, read by
:mod:`vkac_flow.messages`); this module decides which language a view speaks, the same way
for every view -- the ``lang`` argument (``--lang`` on the command line), else
:func:`~vkac_flow.messages.choose_language` (``VKAC_LANG``, else the locale, else English;
``docs/language.md``) -- and writes the two things the feed and the report both show: a
step's title and its points, as that language cites them.

>>> view_language("lv"), view_language(None, {"VKAC_LANG": "lv"}), view_language(None, {})
('lv', 'lv', 'en')
>>> view_language("de")
Traceback (most recent call last):
...
vkac_flow.errors.LanguageError: lang must be 'lv' or 'en', got 'de'
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping

from vkac_flow.errors import InputError, check_lang, echo
from vkac_flow.law.steps import STEPS
from vkac_flow.messages import LANGUAGES, Text, choose_language, message

__all__ = ["add_lang_option", "step_title", "view_language"]


def view_language(lang: object, environ: Mapping[str, str] | None = None) -> str:
    """``lang`` (``"lv"`` or ``"en"``), or when it is ``None`` the user's choice.

    Args:
        lang: The language asked for, or ``None``.
        environ: The environment read when ``lang`` is ``None`` (default ``os.environ``).

    Raises:
        LanguageError: ``lang`` is another value (an ``InputError``).
        InputError: ``VKAC_LANG`` names another language.
    """
    if lang is None:
        try:
            return choose_language(None, environ)
        except ValueError:
            value = (os.environ if environ is None else environ).get("VKAC_LANG", "")
            raise InputError(
                Text("error.views.language_environment", value=echo(value.strip()))
            ) from None
    return check_lang(lang)


def step_title(step: str, subject: str | None, lang: str) -> str:
    """The title of a statutory step in ``lang`` (``law/steps.toml``), with its centre.

    >>> step_title("service_start", "Cēsis", "lv")
    'Pašvaldība uzsāk pakalpojuma izpildi vienotajā klientu apkalpošanas centrā (Cēsis)'
    """
    rule = STEPS[step]
    title = {"lv": rule.title_lv, "en": rule.title_en}[lang]
    return title if subject is None else f"{title} ({subject})"


def add_lang_option(parser: argparse.ArgumentParser, lang: str = "en") -> None:
    """Add ``--lang lv|en`` to a command, its help in ``lang`` (``messages/<lang>/cli.toml``).

    Unset, :func:`~vkac_flow.messages.choose_language` picks ``VKAC_LANG``, else the locale,
    else English (``docs/language.md``).
    """
    parser.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default=None,
        help=message("cli.help.lang", lang),
    )
