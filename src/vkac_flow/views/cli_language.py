"""The command line's own words in the user's language: its help, its usage, its usage errors.

``vkac-flow`` decides the language before it builds its parser (:func:`help_language`: a
pre-scan of the arguments for ``--lang lv|en``, else ``VKAC_LANG``, else the locale, else
English, as :func:`~vkac_flow.messages.choose_language` decides for the output), then
builds it with the catalogue's texts (``messages/<lang>/cli.toml``: descriptions, option
help, metavars) out of :class:`CliParser`.

Argparse's own words ("usage: ", "options", "the following arguments are required: %s",
"invalid choice: ...") go through gettext: argparse calls ``gettext.gettext`` and
``gettext.ngettext`` under the names ``_`` and ``ngettext`` of its module. A
:class:`CatalogueTranslations` (a :class:`gettext.NullTranslations` whose messages are the
catalogue's ``cli.argparse`` texts, keyed by argparse's English msgids) stands in for them
while a :class:`CliParser` is built, parses or writes its help, and only then
(:func:`speaking`); the English texts are argparse's own msgids. A msgid the catalogue lacks (another
Python version's new wording) stays English rather than failing.

>>> requested_language(["deadline", "2026-04-30", "--months", "1", "--lang=lv"])
'lv'
>>> help_language("de", {}), help_language(None, {"VKAC_LANG": "lv"})
('en', 'lv')
>>> CatalogueTranslations("lv").gettext("usage: ")
'lietošana: '
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import functools
import gettext
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from vkac_flow.messages import MessageError, choose_language, count, table

__all__ = [
    "CatalogueTranslations",
    "CliArgumentError",
    "CliParser",
    "help_language",
    "name_commands",
    "requested_language",
    "speaking",
]

_ARGPARSE = "cli.argparse"
"""The catalogue's table of argparse's own messages (English text: argparse's msgid)."""

_LOCK = threading.RLock()
"""Held while argparse's ``_`` is replaced: one parser speaks at a time."""


def requested_language(argv: Sequence[str]) -> str | None:
    """The value of the last ``--lang`` of ``argv`` (``--lang lv``, ``--lang=lv``), or ``None``.

    A prefix argparse accepts (``--la lv``) counts too; the scan stops at ``--`` (the end of
    the options). The value is not checked here (:func:`help_language` does).
    """
    found: str | None = None
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        name, sep, value = arg.partition("=")
        if len(name) < 3 or not "--lang".startswith(name):
            continue
        if sep:
            found = value
        elif i + 1 < len(args):
            found = args[i + 1]
    return found


def help_language(requested: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language of the help and the usage errors: the user's, or English if it is bad.

    A bad ``--lang`` or ``VKAC_LANG`` value falls back to English here; it is reported
    after parsing, as before (argparse refuses a bad ``--lang``, ``main`` a bad
    ``VKAC_LANG``).
    """
    try:
        return choose_language(requested, environ)
    except MessageError:
        return "en"


class CatalogueTranslations(gettext.NullTranslations):
    """Argparse's messages in ``lang``: the catalogue's ``cli.argparse`` texts, by msgid.

    The English text of each key is argparse's msgid (its %-format placeholders included);
    the same key in ``lang`` is the translation. A plural message has two keys,
    ``<name>_one`` and ``<name>_many`` (English: argparse's singular and plural msgid); the
    form is chosen by :func:`~vkac_flow.messages.count`, by the language's plural rule.
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        english, here = table("en", _ARGPARSE), table(lang, _ARGPARSE)
        self.singular = {english[k]: here[k] for k in english if not k.endswith(("_one", "_many"))}
        self.plural = {
            (
                english[k],
                english[k.removesuffix("_one") + "_many"],
            ): f"{_ARGPARSE}.{k.removesuffix('_one')}"
            for k in english
            if k.endswith("_one")
        }

    def gettext(self, message: str) -> str:
        """``message`` (an argparse msgid) in this language; itself when it has no text."""
        return self.singular.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """The form of a plural msgid for ``n``; argparse's English when it has no text."""
        key = self.plural.get((msgid1, msgid2))
        if key is None:
            return msgid1 if n == 1 else msgid2
        return count(key, self.lang, n)


@functools.cache
def _translations(lang: str) -> CatalogueTranslations:
    return CatalogueTranslations(lang)


_SPEAKING: contextvars.ContextVar[CatalogueTranslations | None] = contextvars.ContextVar(
    "vkac_flow_argparse_language", default=None
)
"""The translations argparse speaks in this thread (or task) now; ``None``: its own."""


_INSTALLED: list[object] = []
"""The lookups :func:`_install` bound as argparse's ``_`` (to bind them once)."""


def _install() -> None:
    """Bind argparse's ``_`` and ``ngettext`` once to lookups that follow :data:`_SPEAKING`.

    Where no :func:`speaking` block is active (another thread, another program's parser,
    after the block) they give exactly what argparse's own functions give.
    """
    names = vars(argparse)
    if names["_"] in _INSTALLED:
        return
    with _LOCK:
        if names["_"] in _INSTALLED:
            return
        own_gettext, own_ngettext = names["_"], names["ngettext"]

        def gettext(message: str) -> str:
            said = _SPEAKING.get()
            return own_gettext(message) if said is None else said.gettext(message)

        def ngettext(msgid1: str, msgid2: str, n: int) -> str:
            said = _SPEAKING.get()
            return (
                own_ngettext(msgid1, msgid2, n)
                if said is None
                else said.ngettext(msgid1, msgid2, n)
            )

        _INSTALLED.append(gettext)
        names["_"], names["ngettext"] = gettext, ngettext


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Argparse speaks ``lang`` inside the block, in this thread (or task) only.

    Argparse looks ``_`` and ``ngettext`` up in its module's namespace each time it writes
    a message; they are bound once (:func:`_install`) to lookups that use this block's
    :class:`CatalogueTranslations` (a context variable) and argparse's own functions
    everywhere else, so that another thread's or another program's parser is never
    affected. In English that gives argparse's own msgids back, from a dict: it is also
    faster than ``gettext.gettext``, which looks for ``.mo`` files on every call.
    """
    _install()
    token = _SPEAKING.set(_translations(lang))
    try:
        yield
    finally:
        _SPEAKING.reset(token)


class CliArgumentError(argparse.ArgumentError):
    """An :class:`argparse.ArgumentError` whose message is already in the parser's language.

    Argparse writes an argument error's "argument X: ..." when it is shown; a
    :class:`CliParser` built with ``exit_on_error=False`` raises this instead, written
    while the parser still spoke its language.
    """

    def __init__(self, error: argparse.ArgumentError, text: str) -> None:
        self.argument_name = error.argument_name
        self.message = error.message
        self.text = text
        Exception.__init__(self, text)

    def __str__(self) -> str:
        return self.text


class CliParser(argparse.ArgumentParser):
    """An argument parser that speaks ``lang``: argparse's own words in that language.

    Its subparsers are :class:`CliParser` of the same language. The texts the program
    gives (descriptions, help, metavars) are the caller's, already in ``lang``.
    """

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        self.lang = lang
        with speaking(lang):  # the "positional arguments", "options" and -h help texts
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:  # noqa: D102 - argparse's own
        kwargs.setdefault("parser_class", functools.partial(type(self), lang=self.lang))
        with speaking(self.lang):
            return super().add_subparsers(**kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        with speaking(self.lang):
            try:
                return super().parse_known_args(*args, **kwargs)
            except argparse.ArgumentError as err:  # exit_on_error=False: raised to the caller
                # its str() is argparse's wording looked up when shown: render it now, in
                # this parser's language, not after the block in argparse's own
                raise CliArgumentError(err, str(err)) from None

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        with speaking(self.lang):
            return super().parse_args(*args, **kwargs)

    def format_usage(self) -> str:  # noqa: D102
        with speaking(self.lang):
            return super().format_usage()

    def format_help(self) -> str:  # noqa: D102
        with speaking(self.lang):
            return super().format_help()

    def error(self, message: str) -> Any:  # noqa: D102
        with speaking(self.lang):
            super().error(message)


def name_commands(subparsers: Any, lang: str) -> None:
    """Name a group of subcommands by its commands in usage errors, except in English.

    Argparse names a subcommand argument by its ``dest`` ("argument command: invalid
    choice"), a code word; in another language the argument is named by its commands
    (``{timeline,calendar,...}``), as argparse shows it in the usage line. English keeps
    argparse's own wording (scripts and tests match on it).
    """
    if lang != "en":
        subparsers.metavar = "{" + ",".join(subparsers.choices) + "}"
