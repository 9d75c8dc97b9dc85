"""What a document may contain: its values checked before anything reads it.

:func:`check_document` refuses every value that
:meth:`~vkac_flow.procedures.codec.Documented.to_dict` never writes (non-JSON types, keys
that are not strings, integers beyond 64 bits, non-finite floats, strings that cannot be
written as UTF-8, nesting deeper than :data:`MAX_DOCUMENT_DEPTH`), without unbounded
recursion; :func:`json_document` parses JSON text under the same limits. Every refusal is a
:class:`~vkac_flow.errors.HistoryError` (see ``docs/reliability.md``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any, Final

from vkac_flow.errors import HistoryError, echo
from vkac_flow.messages import Text
from vkac_flow.messages.causes import system_detail, utf8_cause

__all__ = [
    "MAX_DOCUMENT_DEPTH",
    "MAX_DOCUMENT_INT_BITS",
    "all_written",
    "check_document",
    "json_document",
]

MAX_DOCUMENT_DEPTH: Final = 32
"""The deepest nesting of lists and mappings a document may have (the writer's is under 10)."""

MAX_DOCUMENT_INT_BITS: Final = 63
"""Integers in a document fit in 64 bits (signed); larger ones are refused, never formatted."""


_MAX_INT_DIGITS: Final = 19  # 2**63 has 19 digits: longer JSON numbers are refused unparsed


def _kind_of(value: object) -> str:
    return "null" if value is None else type(value).__name__


def check_document(doc: object, what: str = "document") -> None:
    r"""Refuse any value in ``doc`` that a document writer never writes (iteratively).

    Accepted: ``None``, ``bool``, ``int`` of at most 64 bits, finite ``float``, ``str``
    encodable as UTF-8 (no lone surrogates), ``list`` and mappings with string keys, nested
    at most :data:`MAX_DOCUMENT_DEPTH` deep. One quick pass (recursing at most that deep)
    accepts the common document; the walk that names a refused value is iterative, so a value
    nested 100,000 deep (or a list that contains itself) is refused, not a ``RecursionError``.

    >>> check_document({"a": [1, "x", None]})
    >>> check_document({"a": "\ud800"})
    Traceback (most recent call last):
    ...
    vkac_flow.errors.HistoryError: document: a string with a lone surrogate (not UTF-8) at ['a']: '\ud800'

    Raises:
        HistoryError: The first refused value, with where it is.
    """
    if isinstance(doc, dict | list) and type(doc) in (dict, list) and all_written(doc, 0):
        return  # the common case: one pass, no paths kept (issue 14)
    _find_refused(doc, what)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def all_written(value: dict[Any, Any] | list[Any], depth: int) -> bool:
    """Whether ``value`` (a dict or list) holds only what a writer writes (no paths kept).

    ``depth``: how deep ``value`` itself sits in its document (the document: 0). The quick
    pass of :func:`check_document`, also of a part of a document
    (:func:`~vkac_flow.procedures.reading.quick_audit_fields`). Recursion is bounded by :data:`MAX_DOCUMENT_DEPTH`. ``False`` also for what this quick
    pass does not judge (mappings other than ``dict``): :func:`_find_refused` then decides.
    """
    if depth >= MAX_DOCUMENT_DEPTH:
        return False
    children: Iterable[Any]
    if type(value) is dict:
        for k in value:
            if type(k) is not str or not (k.isascii() or _utf8(k)):
                return False
        children = value.values()
    else:
        children = value
    for v in children:
        kind = type(v)
        if kind is str:
            if not (v.isascii() or _utf8(v)):
                return False
        elif kind is int:
            if v.bit_length() > MAX_DOCUMENT_INT_BITS:
                return False
        elif kind is bool or v is None:
            continue
        elif kind is float:
            if not math.isfinite(v):
                return False
        elif kind is dict or kind is list:
            if not all_written(v, depth + 1):
                return False
        else:
            return False
    return True


def _find_refused(doc: object, what: str) -> None:
    """Walk ``doc`` iteratively, keeping paths, and raise for the first refused value."""
    stack: list[tuple[object, int, tuple[object, ...]]] = [(doc, 0, ())]
    while stack:
        value, depth, path = stack.pop()
        if value is None or value is True or value is False:
            continue
        kind = type(value)
        if kind is str:
            assert isinstance(value, str)
            if not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    _refuse(what, Text("error.checking.surrogate"), path, value)
            continue
        if kind is int:
            assert isinstance(value, int)
            if value.bit_length() > MAX_DOCUMENT_INT_BITS:
                _refuse(what, Text("error.checking.big_integer"), path, value)
            continue
        if kind is float:
            assert isinstance(value, float)
            if not math.isfinite(value):
                _refuse(what, Text("error.checking.not_finite"), path, value)
            continue
        if depth >= MAX_DOCUMENT_DEPTH:
            deep = Text("error.checking.too_deep", levels=MAX_DOCUMENT_DEPTH)
            _refuse(what, deep, path[:8], None)
        if kind is list:
            assert isinstance(value, list)
            stack.extend((v, depth + 1, (*path, i)) for i, v in enumerate(value))
        elif isinstance(value, Mapping):
            items = list(value.items())
            for k, v in items:
                if type(k) is not str:
                    _refuse(what, Text("error.checking.key_type", kind=_kind_of(k)), path, k)
                stack.append((k, depth + 1, (*path, "<key>")))
                stack.append((v, depth + 1, (*path, k)))
        else:
            _refuse(what, Text("error.checking.value_type", kind=_kind_of(value)), path, value)


_WHAT: Final = {"document": "field.checking.document", "bundle": "field.checking.bundle"}
"""The words :func:`check_document` names its documents by, as catalogue texts."""


def _refuse(what: str, problem: Text, path: tuple[object, ...], value: object) -> None:
    named: str | Text = Text(_WHAT[what]) if what in _WHAT else what
    if path and value is not None:
        text = Text(
            "error.checking.refused_at_value",
            what=named,
            problem=problem,
            path=echo(list(path)),
            value=echo(value),
        )
    elif path:
        text = Text("error.checking.refused_at", what=named, problem=problem, path=echo(list(path)))
    elif value is not None:
        text = Text("error.checking.refused_value", what=named, problem=problem, value=echo(value))
    else:
        text = Text("error.checking.refused", what=named, problem=problem)
    raise HistoryError(text)


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise HistoryError(Text("error.checking.long_number", digits=len(text)))
    return int(text)


def _parse_constant(text: str) -> float:
    raise HistoryError(Text("error.checking.constant", text=text))


def json_document(text: object) -> Any:
    """Parse the JSON text of a document under the limits of :func:`check_document`.

    >>> json_document('{"format": "vkac_flow.transfer"}')
    {'format': 'vkac_flow.transfer'}
    >>> json_document('[' + '1' * 5000 + ']')
    Traceback (most recent call last):
    ...
    vkac_flow.errors.HistoryError: document: a number of 5000 digits is out of range

    Raises:
        HistoryError: ``text`` is not a string (or bytes) of JSON, or holds a refused value.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as err:
            raise HistoryError(Text("error.checking.not_utf8", reason=utf8_cause(err))) from None
    if not isinstance(text, str):
        raise HistoryError(Text("error.checking.not_text", got=_kind_of(text)))
    try:
        doc = json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)
    except json.JSONDecodeError as err:
        raise HistoryError(
            Text(
                "error.checking.not_json",
                msg=system_detail(err.msg),
                line=err.lineno,
                column=err.colno,
            )
        ) from None
    except RecursionError:
        raise HistoryError(Text("error.checking.nested")) from None
    except HistoryError:
        raise
    except ValueError as err:  # pragma: no cover - what json may raise besides the above
        raise HistoryError(Text("error.checking.json_error", kind=type(err).__name__)) from None
    check_document(doc)
    return doc
