"""Exceptions of vkac_flow: one base class, typed subclasses, each naming its legal point.

Every error the library raises on purpose derives from :class:`VkacFlowError`, so an
application can catch the whole family with one ``except``. Errors about bad input also
derive from the built-in :class:`ValueError` or :class:`TypeError`, so code that already
catches those keeps working.

Errors about the regulation carry ``points``: the points of the regulation (``"p. 13.2.1"``)
or of another act (``"APL s. 43(2)"``) that the rejected action breaks.

Every message is a :class:`~vkac_flow.messages.Text` of the message catalogue
(``messages/<lang>/errors*.toml``): ``str(error)`` is English, for logs and code, and
``error.localized("lv")`` is the same message in Latvian, with the points written as
Latvian cites them ("13.2.1. apakšpunkts"); the command line prints the user's language.

>>> err = InputTypeError(Text("error.input.expected_flag", what="transfers", got="str 'x'"))
>>> str(err)
"transfers: expected True or False, got str 'x'"
>>> err.localized("lv")
"transfers: jābūt True vai False, saņemts str 'x'"
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable

from vkac_flow.messages import (
    MessageError,
    Text,
    append_points,
    check_language,
    render,
    set_language_error,
)

__all__ = [
    "MAX_ECHO",
    "MAX_MESSAGE",
    "MAX_NAME_LENGTH",
    "CalendarDataError",
    "ConcurrentUpdateError",
    "DateFormatError",
    "DateOutOfRangeError",
    "EventDateError",
    "EventInputTypeError",
    "HistoryError",
    "IllegalTransitionError",
    "InputError",
    "InputTypeError",
    "InvalidPeriodError",
    "LanguageError",
    "NaiveDatetimeError",
    "ProcedureError",
    "RegisterError",
    "RuleViolationError",
    "SchemaVersionError",
    "UnknownPointError",
    "UnknownProcedureError",
    "VkacFlowError",
    "check_flag",
    "check_lang",
    "check_name",
    "echo",
    "echo_many",
    "terminal_safe",
]

# ---------------------------------------------------------------------- echoing values
#
# Every message that shows a caller's value goes through :func:`echo` (one value) or
# :func:`echo_many` (a collection): the value is shown quoted, on one line, with control
# characters escaped, cut at a bounded length, and without ever failing (a 5,000-digit
# integer, a structure nested 2,000 levels deep or an object whose ``repr`` raises are
# described, not formatted). :class:`VkacFlowError` itself escapes and bounds its whole
# message as a last line of defence. See ``docs/reliability.md``.

MAX_ECHO = 80
"""The longest echo of one value, in characters, before it is cut with an ellipsis."""

MAX_MESSAGE = 2000
"""The longest error message, in characters; a longer one is cut with an ellipsis."""

MAX_NAME_LENGTH = 500
"""The longest name (of a party, service, centre, municipality) the library accepts."""

_MAX_ECHO_DIGITS = 40
"""Integers of more digits are described by their size, not formatted."""

# Characters that would move the cursor, start a new (forged) line, switch the terminal's
# mode or reorder the text: C0/C1 controls, line/paragraph separators, lone surrogates
# (not encodable as UTF-8) and the bidirectional overrides and isolates.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def _is_unsafe(char: str) -> bool:
    return char in _BIDI or unicodedata.category(char) in _UNSAFE_CATEGORIES


def _escape(char: str) -> str:
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escape_unsafe(text: str, keep: str = "") -> str:
    if text.isprintable() and _BIDI.isdisjoint(text):
        return text
    return "".join(_escape(c) if c not in keep and _is_unsafe(c) else c for c in text)


def _cut(text: str, limit: int, length: int) -> str:
    """``text`` cut after ``limit`` characters: an ellipsis and ``len=`` the whole length.

    The mark is the same in every language (a message is rendered after its values are
    echoed, so an echo cannot know the language it will be read in).
    """
    if len(text) <= limit:
        return text
    return f"{text[: max(limit - 1, 1)]}\u2026 (len={length})"


def echo(value: object, *, limit: int = MAX_ECHO) -> str:
    r"""Show ``value`` in a message: quoted, one line, escaped, bounded; never raises.

    A string is shown as its ``repr`` (control characters and lone surrogates escaped),
    cut after ``limit`` characters with an ellipsis and its length (``len=``); an integer
    of more than 36 digits by its order of magnitude (``≈10^5000``, never converted to
    decimal); any other value by its ``repr``, escaped and cut the same way, or by its
    type in angle brackets if its ``repr`` fails (``<list>``) or nests too deeply
    (``<list …>``). The descriptions use no words, so they read the same inside a message
    of every language.

    >>> echo("Cēsis")
    "'Cēsis'"
    >>> echo("a\nvkac-flow: error: forged")
    "'a\\nvkac-flow: error: forged'"
    >>> echo("x" * 1000, limit=12)
    "'xxxxxxxxxx… (len=1000)"
    >>> echo(10**5000), echo(-(10**5000))
    ('≈10^5000', '≈-10^5000')
    """
    try:
        if isinstance(value, str):
            if len(value) > limit:
                return _cut(repr(value[:limit]), limit, len(value))
            return repr(value)
        if isinstance(value, int) and not isinstance(value, bool):
            bits = abs(value).bit_length()
            if bits > _MAX_ECHO_DIGITS * 3:  # > ~36 digits: do not convert to decimal
                exponent = int(bits * math.log10(2))  # the number of digits, less one
                sign = "-" if value < 0 else ""
                return f"\u2248{sign}10^{exponent}"
            return repr(value)
        text = repr(value)
    except RecursionError:
        return f"<{_type_name(value)} \u2026>"
    except Exception:  # a hostile or broken __repr__: describe the value by its type
        return f"<{_type_name(value)}>"
    return _cut(_escape_unsafe(text), limit, len(text))


def _type_name(value: object) -> str:
    """The name of ``value``'s type, escaped and bounded (a code: the same in every language)."""
    try:
        name = str(type(value).__name__)
    except Exception:  # pragma: no cover - every type has a name
        return "object"
    return _cut(_escape_unsafe(name), MAX_ECHO, len(name))


def echo_many(values: Iterable[object], *, limit: int = 10, each: int = MAX_ECHO) -> str:
    r"""Show a collection in a message: its first items, an ellipsis and the total count.

    Each of the first ``limit`` items is shown by :func:`echo`; the count of a longer
    collection is shown as ``len=`` (no words: the same in every language).

    >>> echo_many(["a", "b"])
    "'a', 'b'"
    >>> echo_many(range(1000), limit=3)
    '0, 1, 2, … (len=1000)'
    """
    shown: list[str] = []
    total = 0
    try:
        for item in values:
            if total < limit:
                shown.append(echo(item, limit=each))
            total += 1
    except Exception:
        return f"<{_type_name(values)}>"
    if total > limit:
        shown.append(f"\u2026 (len={total})")
    return ", ".join(shown)


def terminal_safe(text: str) -> str:
    r"""``text`` with every control character except newlines escaped, for a terminal.

    Used by the command line on everything it prints: a name from a document cannot
    forge a line, move the cursor or change the terminal's mode, and a lone surrogate
    cannot break the output's encoding.

    >>> terminal_safe("ok\x1b[2Jline\nnext")
    'ok\\x1b[2Jline\nnext'
    """
    return _escape_unsafe(text, keep="\n")


def _safe_message(message: str) -> str:
    """Escape and bound a whole error message (the last line of defence)."""
    if not isinstance(message, str):  # pragma: no cover - the library passes strings
        message = echo(message)
    message = _escape_unsafe(message)
    return _cut(message, MAX_MESSAGE, len(message))


def check_flag(value: object, what: str | Text) -> bool:
    """Return ``value`` if it is a :class:`bool`, else raise :class:`InputTypeError`.

    A flag is never read by truthiness: ``"false"``, ``0`` or ``None`` is refused, not
    taken as ``True`` or ``False``.

    >>> check_flag(False, "transfers")
    False
    >>> check_flag("false", "transfers")
    Traceback (most recent call last):
    ...
    vkac_flow.errors.InputTypeError: transfers: expected True or False, got str 'false'
    """
    if value is True or value is False:
        return value
    got = f"{_type_name(value)} {echo(value)}"
    raise InputTypeError(Text("error.input.expected_flag", what=what, got=got))


def check_name(value: object, what: str | Text, *, max_length: int = MAX_NAME_LENGTH) -> str:
    r"""Return ``value`` stripped, if it is a usable name, else raise a typed error.

    Surrounding whitespace is stripped first. A name is then a string of at most ``max_length`` characters without control characters,
    line separators, bidirectional overrides or lone surrogates (which cannot be written
    as UTF-8): such a name could forge lines in a message or a terminal, or break a
    document. Emptiness is left to the caller (some names may be empty).

    Raises:
        InputTypeError: ``value`` is not a string.
        InputError: It is too long or contains a refused character.

    >>> check_name("  Cēsu novads ", "municipality")
    'Cēsu novads'
    >>> check_name("Cēsis\nvkac-flow: error: x", "centre name")
    Traceback (most recent call last):
    ...
    vkac_flow.errors.InputError: centre name: must not contain control characters, got 'Cēsis\nvkac-flow: error: x'
    """
    if not isinstance(value, str):
        raise InputTypeError(Text("error.input.expected_string", what=what, got=_type_name(value)))
    value = value.strip()  # surrounding whitespace (a trailing newline too) is not part of it
    if len(value) > max_length:
        raise InputError(
            Text(
                "error.input.name_too_long",
                what=what,
                limit=max_length,
                length=len(value),
                value=echo(value),
            )
        )
    if not (value.isprintable() and _BIDI.isdisjoint(value)):
        bad = next((c for c in value if _is_unsafe(c)), None)
        if bad is not None:
            surrogate = 0xD800 <= ord(bad) <= 0xDFFF
            key = "error.input.name_surrogate" if surrogate else "error.input.name_control"
            raise InputError(Text(key, what=what, value=echo(value)))
    return value


class VkacFlowError(Exception):
    """Base class of every error raised by vkac_flow.

    Args:
        message: The message: a :class:`~vkac_flow.messages.Text` of the catalogue (every
            error the library raises), or a plain string (shown as it is in every
            language).
        points: The legal points the error is about.

    Attributes:
        points: The legal points the error is about, e.g. ``("p. 13.2.1",)``.
        message: The English message, without the points appended.
        text: The catalogue message, or ``None`` for a plain string.
    """

    def __init__(self, message: str | Text, *, points: Iterable[str] = ()) -> None:
        self.points: tuple[str, ...] = tuple(points)
        self.text: Text | None = message if isinstance(message, Text) else None
        self._plain = "" if isinstance(message, Text) else message
        self.message = self._body("en")
        super().__init__(self.localized("en"))

    def _body(self, lang: str) -> str:
        """The message in ``lang``, escaped and bounded, without the points appended."""
        return _safe_message(self.text.render(lang) if self.text is not None else self._plain)

    def localized(self, lang: str) -> str:
        """The whole message in ``lang`` (``"en"`` gives ``str(error)``).

        The points the message does not already name are appended in brackets, written as
        ``lang`` cites them (:func:`~vkac_flow.messages.append_points`, the one rule).

        >>> err = InputError(Text("error.exclusion.excluded_before_notice", event="excluded"),
        ...                  points=("p. 16",))
        >>> err.localized("lv")
        'excluded: vispirms vienu mēnesi iepriekš jāinformē uzraudzības komiteja (16. punkts).'

        Raises:
            LanguageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        body = self._body(check_lang(lang))
        if not self.points:
            return body
        return _escape_unsafe(append_points(body, self.points, lang))


class InputError(VkacFlowError, ValueError):
    """A value of the right type that cannot be used (bad date, negative count...)."""


class LanguageError(InputError, MessageError):
    """A language other than ``"en"`` and ``"lv"`` asked of an output (``lang=``).

    Both an :class:`InputError` (so a ``VkacFlowError`` and a ``ValueError``) and a
    :class:`~vkac_flow.messages.MessageError`, which the catalogue raised for it before.
    """


def _language_error(lang: object) -> LanguageError:
    return LanguageError(Text("error.language", value=echo(lang)))


set_language_error(_language_error)

check_lang = check_language
"""``lang`` itself when it is ``"en"`` or ``"lv"``, else :class:`LanguageError`: the one check.

:func:`vkac_flow.messages.check_language` (the same function; this module installs the
error it raises), called first by every public function or method that takes ``lang``.

>>> check_lang("lv")
'lv'
>>> check_lang("de")
Traceback (most recent call last):
...
vkac_flow.errors.LanguageError: lang must be 'lv' or 'en', got 'de'
"""


class InputTypeError(VkacFlowError, TypeError):
    """A value of a type the library does not accept."""


class NaiveDatetimeError(InputError):
    """A datetime without a time zone: its date in Riga cannot be known (APL s. 42(1))."""


class DateFormatError(InputError):
    """A string that is not an ISO-8601 date or an aware ISO-8601 datetime."""


class DateOutOfRangeError(InputError):
    """A date outside the range the library supports (or before the regulation, p. 25)."""


class InvalidPeriodError(InputError):
    """A statutory period with a negative or non-integer count."""


class CalendarDataError(InputError):
    """Calendar data that contradict themselves (e.g. a day both off and working)."""


class ProcedureError(VkacFlowError):
    """Base class of errors raised by a procedure (transfer p. 12-15, exclusion p. 16).

    A procedure that raises a ``ProcedureError`` is left exactly as it was.

    Attributes:
        event: The event that was rejected (e.g. ``"training_completed"``).
        allowed: The events the procedure accepts now.
    """

    def __init__(
        self,
        message: str | Text,
        *,
        points: Iterable[str] = (),
        event: str | None = None,
        allowed: Iterable[str] = (),
    ) -> None:
        self.event = event
        self.reason = render(message, "en")
        """The English message without the list of allowed events."""
        self.allowed: tuple[str, ...] = tuple(allowed)
        super().__init__(message, points=points)

    def _body(self, lang: str) -> str:
        reason = render(self.text, lang) if self.text is not None else self._plain
        if self.event is not None or self.allowed:
            events = ", ".join(self.allowed) or render(Text("error.allowed_none"), lang)
            reason = render(Text("error.allowed_now", reason=reason, events=events), lang)
        return _safe_message(reason)


class IllegalTransitionError(ProcedureError, InputError):
    """An event that the regulation does not allow in the procedure's current state."""


class RuleViolationError(ProcedureError, InputError):
    """An event allowed in this state but whose content breaks a rule (e.g. p. 15.3)."""


class EventDateError(ProcedureError, InputError):
    """An event dated before the previous one, before the regulation (p. 25) or in the future."""


class HistoryError(ProcedureError, InputError):
    """A serialised history that cannot be replayed (tampered, impossible or unknown)."""


class UnknownPointError(InputError):
    """A point number that is not a point of the regulation (e.g. ``"13.4"``, ``"p. 99"``).

    Attributes:
        number: The rejected number, as given.
    """

    def __init__(self, message: str | Text, *, number: str, points: Iterable[str] = ()) -> None:
        self.number = number
        super().__init__(message, points=points)


class EventInputTypeError(ProcedureError, InputTypeError):
    """An event given a value of the wrong type (e.g. ``approved=1``, a set of centres).

    Both a :class:`ProcedureError` (with ``event`` and ``allowed``; the procedure is left
    exactly as it was) and an :class:`InputTypeError` (so a ``TypeError``).
    """


class RegisterError(VkacFlowError):
    """Base class of errors of the durable register (:mod:`vkac_flow.register`).

    A write that raises a ``RegisterError`` (or any other error) has written nothing: every
    command of the register is one database transaction.
    """


class ConcurrentUpdateError(RegisterError):
    """A write based on a stale version of a procedure: another writer got there first.

    Raised when ``expected_version`` is not the procedure's version, or when a concurrent
    writer inserted the same sequence number first (the unique key ``(procedure_id, seq)``).
    Nothing was written; read the procedure again and retry.

    Attributes:
        procedure_id: The procedure concerned.
        expected: The version the writer expected (``None``: the latest it read).
        actual: The version found in the database, when known.
    """

    def __init__(
        self, message: str | Text, *, procedure_id: str, expected: int | None, actual: int | None
    ) -> None:
        self.procedure_id = procedure_id
        self.expected = expected
        self.actual = actual
        super().__init__(message)


class SchemaVersionError(RegisterError):
    """A database whose schema is newer than this vkac_flow (or is not a register's).

    Attributes:
        found: The schema revision found in the database (``None``: none).
        supported: The newest revision this vkac_flow knows.
    """

    def __init__(self, message: str | Text, *, found: str | None, supported: str) -> None:
        self.found = found
        self.supported = supported
        super().__init__(message)


class UnknownProcedureError(RegisterError, LookupError):
    """A procedure id that is not in the register.

    Attributes:
        procedure_id: The id asked for.
    """

    def __init__(self, message: str | Text, *, procedure_id: str) -> None:
        self.procedure_id = procedure_id
        super().__init__(message)
