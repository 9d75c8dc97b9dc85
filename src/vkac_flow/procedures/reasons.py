"""The catalogue texts that refusals of a procedure are built from (issue 12).

A refusal often quotes another one: a history that cannot be replayed says why its event
was refused, a refused correction why the corrected history breaks. :func:`reason_of` is
that quoted reason as a :class:`~vkac_flow.messages.Text` (so it is rendered in the
language of the whole message); :func:`with_points` appends the citations a message does
not already name, written as each language cites them (:func:`points_text`). Everything
here runs on the error path only.

>>> str(with_points(Text("error.records.list", first="a", rest="b"), ("p. 13.2", "p. 9")))
'a, b [p. 13.2, p. 9]'
>>> with_points(Text("error.records.list", first="a", rest="b"), ("p. 9",)).render("lv")
'a, b [9. punkts]'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final, overload

from vkac_flow.calendar.periods import Period
from vkac_flow.errors import ProcedureError, VkacFlowError
from vkac_flow.messages import Text

__all__ = [
    "TextReason",
    "join_texts",
    "period_text",
    "points_text",
    "reason_of",
    "whole_text",
    "with_points",
]

_POINT: Final = re.compile(r"p\. (?P<number>\d+(?:\.\d+)*)")


class TextReason(str):
    """A reason as an English ``str`` that also carries its catalogue :class:`Text`.

    For the reason hooks typed ``-> str`` (``_final_reason``, ``_illegal_reason``, which
    procedure kinds override and extend): the base returns one, and :func:`with_points`
    (so every refusal built from it) uses its :attr:`text`, rendered in each language.
    """

    text: Text

    def __new__(cls, text: Text) -> TextReason:
        """The English rendering of ``text``, carrying ``text``."""
        made = super().__new__(cls, str(text))
        made.text = text
        return made


def _point_text(point: str) -> str | Text:
    """A point of the regulation (``"p. 14.2"``) as a text of each language; others as written."""
    found = _POINT.fullmatch(point)
    if found is None:
        return point
    number = found["number"]
    return Text("point_sub", point=number) if "." in number else Text("point", point=number)


def join_texts(items: Sequence[str | Text], key: str = "error.records.list") -> str | Text:
    """``items`` joined by the catalogue text ``key`` (``"{first}, {rest}"``), first to last.

    Args:
        items: At least one item.
        key: A text with the placeholders ``first`` and ``rest``.
    """
    out = items[-1]
    for item in reversed(items[:-1]):
        out = Text(key, first=item, rest=out)
    return out


def points_text(points: Sequence[str]) -> str | Text:
    """The citations ``points`` (at least one), comma-separated, in each language's form."""
    return join_texts([_point_text(p) for p in points])


def period_text(period: Period) -> Text:
    """A statutory period ("10 working days", "10 darbdienu") as a text of each language.

    The form follows each language's plural rule: English singular for 1 only, Latvian also
    for 21, 31... (not 11), hence three texts per unit.
    """
    n = period.n
    if n == 1:
        form = "one"
    elif n % 10 == 1 and n % 100 != 11:
        form = "many_lv_one"
    else:
        form = "many"
    return Text(f"field.records.{period.unit}_{form}", n=n)


@overload
def with_points(message: str, points: Iterable[str]) -> str: ...
@overload
def with_points(message: Text, points: Iterable[str]) -> Text: ...
@overload
def with_points(message: str | Text, points: Iterable[str]) -> str | Text: ...
def with_points(message: str | Text, points: Iterable[str]) -> str | Text:
    """``message`` with the citations its English text does not already name appended.

    A plain string stays a plain string (``"... [p. 13.2]"``); a :class:`Text` (or a
    :class:`TextReason`'s) becomes the text ``error.records.with_points``, its citations
    written as each language cites them.
    """
    if isinstance(message, TextReason):
        message = message.text
    english = str(message)
    missing = [p for p in points if p not in english]
    if not missing:
        return message
    if isinstance(message, str):
        return f"{message} [{', '.join(missing)}]"
    return Text("error.records.with_points", message=message, points=points_text(missing))


def whole_text(err: VkacFlowError) -> str | Text:
    """The whole message of ``err`` (as ``err.localized(lang)`` writes it), to be quoted.

    Its reason, the events allowed now (a :class:`~vkac_flow.errors.ProcedureError` with an
    event or allowed events) and its points, appended unless the message names one. An
    error raised with a plain string gives its English ``str()``.
    """
    if err.text is None:
        return str(err)
    body: Text = err.text
    if isinstance(err, ProcedureError) and (err.event is not None or err.allowed):
        events: str | Text = ", ".join(err.allowed) or Text("error.allowed_none")
        body = Text("error.allowed_now", reason=body, events=events)
    if err.points and not any(p in str(body) for p in err.points):
        body = Text("error.records.with_points", message=body, points=points_text(err.points))
    return body


def reason_of(err: VkacFlowError) -> str | Text:
    """Why ``err`` refused, to be quoted in another message, in the language of that message.

    A :class:`~vkac_flow.errors.ProcedureError` gives its reason without the events allowed
    now (:attr:`~vkac_flow.errors.ProcedureError.reason`); any other error its whole
    message (:func:`whole_text`). An error raised with a plain string gives its English text.
    """
    if isinstance(err, ProcedureError):
        return err.reason if err.text is None else err.text
    return whole_text(err)
