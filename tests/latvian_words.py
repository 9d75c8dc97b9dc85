"""Shared check of Latvian output: which words of it are English (issue 12).

Also :class:`Example`, an error example of ``tests/error_examples_*.py``.

A word is English when the English catalogue uses it and the Latvian catalogue does not.
Quoted values (a caller's input echoed back), codes with underscores (``institution_calendar``),
command-line options (``--today``), rules versions (``draft-2017+0df43027be66f0db``), ISO
dates and numbers, and the system's own words set apart ("[sistēmas teksts: ...]",
``vkac_flow.messages.causes``) are not words of the output and are skipped. A hyphenated id
(``holder-copy-as-letter-data``) is English words run together: it is reported whole,
unless it is listed (:data:`ALLOWED_IDS`) or is a named interpretation shown with its
Latvian name, „name“ (id).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

import attrs

from vkac_flow.messages import catalogue

ALLOWED = frozenset(
    {
        # codes and ids the Latvian text cites as they are (a law's site, its id)
        "likumi",
        "lv",
        "id",
        "apl",
        "varam",
        "vkac",
        "vpvkac",
        # Python's own names, shown as the library's API spells them
        "true",
        "false",
        "none",
    }
)

_WORD = re.compile(r"[^\W\d_]{2,}")

ALLOWED_IDS = frozenset({"vkac-flow", "GGGG-MM-DD"})
"""Hyphenated ids the Latvian text may show as they are (the program's name, the date format)."""

_ID = re.compile(r"(?<![\w-])[^\W\d_]{2,}(?:-[\w.]*[^\W\d_]{2,}[\w.]*)+(?![\w-])")
"""A hyphenated id of two or more words (``holder-copy-as-letter-data``, ``EXCL-PROPOSER``)."""

_LABELLED = re.compile(r"„[^„“]*“ \(([^()\s]+)\)")
"""A named interpretation as Latvian shows it: „name“ (id)."""


@functools.cache
def policy_ids() -> frozenset[str]:
    """The ids of the named interpretations: the catalogue's ``policy.name`` table."""
    prefix = "policy.name."
    return frozenset(k[len(prefix) :] for k in catalogue("lv") if k.startswith(prefix))


def _words(texts: Iterable[str]) -> set[str]:
    plain = (re.sub(r"\{\w+\}", " ", t) for t in texts)
    return {w.lower() for t in plain for w in _WORD.findall(t)}


@functools.cache
def english_words() -> frozenset[str]:
    """Words of the English catalogue that the Latvian one does not also use."""
    return frozenset(_words(catalogue("en").values()) - _words(catalogue("lv").values()) - ALLOWED)


def english_in(text: str, *, names: Iterable[str] = ()) -> set[str]:
    """The English words of ``text``, a Latvian rendering.

    Args:
        text: The Latvian output.
        names: Names from the input (parties, services) that may appear as they are.
    """
    for name in names:
        text = text.replace(name, " ")
    text = re.sub(r"'(?:[^'\\]|\\.)*'", " ", text)  # echoed values: 'Cēsis', 'x'
    text = re.sub(r"\[sistēmas teksts: [^\]]*\]", " ", text)  # the OS's / a driver's own words
    text = re.sub(r"\b[a-z0-9-]+\+[0-9a-f]+\b", " ", text)  # rules versions: draft-2017+0df4...
    # a named interpretation with its Latvian name: its id is shown set apart, allowed
    text = _LABELLED.sub(lambda m: " " if m[1] in policy_ids() else m[0], text)
    # any other hyphenated id is English words run together: reported whole, unless listed
    ids = {m[0] for m in _ID.finditer(text)} - ALLOWED_IDS
    text = _ID.sub(" ", text)
    text = re.sub(r"\b[A-Za-z]+(?:_[A-Za-z0-9]+)+\b", " ", text)  # codes: letter_received
    text = re.sub(r"(?<!\w)--[a-z][a-z-]*", " ", text)  # command-line options: --today
    return ({w.lower() for w in _WORD.findall(text)} & english_words()) | ids


@attrs.frozen
class Example:
    """A real call that raises ``error`` (exactly that class).

    Attributes:
        error: The class's name.
        call: The call.
        codes: Parameter or document-key names its message cites: code, the same in both
            languages (a described thing, "the centre's name", is a catalogue text instead).
    """

    error: str
    call: Callable[[], object]
    codes: tuple[str, ...] = ()
