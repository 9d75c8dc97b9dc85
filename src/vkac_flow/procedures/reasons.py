"""The catalogue texts that refusals of a procedure are built from (issue 12).

A refusal often quotes another one: a history that cannot be replayed says why its event
was refused, a refused correction why the corrected history breaks. :func:`reason_of` is
that quoted reason as a :class:`~vkac_flow.messages.Text` (so it is rendered in the
language of the whole message); the citations are appended by the one rule,
:func:`~vkac_flow.messages.with_points`. Everything here runs on the error path only.

>>> join_texts(["a", "b", "c"]).render("lv")
'a, b, c'
"""

from __future__ import annotations

from collections.abc import Sequence

from vkac_flow.errors import ProcedureError, VkacFlowError
from vkac_flow.messages import Text, with_points

__all__ = [
    "join_texts",
    "reason_of",
    "whole_text",
]


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
    return with_points(body, err.points) if err.points else body


def reason_of(err: VkacFlowError) -> str | Text:
    """Why ``err`` refused, to be quoted in another message, in the language of that message.

    A :class:`~vkac_flow.errors.ProcedureError` gives its reason without the events allowed
    now (:attr:`~vkac_flow.errors.ProcedureError.reason`); any other error its whole
    message (:func:`whole_text`). An error raised with a plain string gives its English text.
    """
    if isinstance(err, ProcedureError):
        return err.reason if err.text is None else err.text
    return whole_text(err)
