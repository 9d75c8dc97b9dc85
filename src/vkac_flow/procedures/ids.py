"""Procedure ids: new random ones, checked given ones, and the ids of version-1 documents.

>>> check_procedure_id("same")
'same'
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from typing import Any, Final

from vkac_flow.errors import (
    InputError,
    InputTypeError,
    echo,
)
from vkac_flow.messages import Text

__all__ = ["check_procedure_id", "legacy_procedure_id", "new_procedure_id"]

_ID_MAX: Final = 200


def new_procedure_id() -> str:
    """A new random procedure id: 32 hex digits (128 random bits, from :func:`os.urandom`).

    >>> len(new_procedure_id()), new_procedure_id() != new_procedure_id()
    (32, True)
    """
    return os.urandom(16).hex()


def check_procedure_id(value: object) -> str:
    """``value`` if it can be a procedure id: a printable string without surrounding spaces."""
    if not isinstance(value, str):
        raise InputTypeError(Text("error.ids.not_string", got=type(value).__name__))
    if not value or value != value.strip() or not value.isprintable() or len(value) > _ID_MAX:
        raise InputError(Text("error.ids.bad", value=echo(value), limit=_ID_MAX))
    return value


def legacy_procedure_id(doc: Mapping[str, Any], identity_keys: Iterable[str]) -> str:
    """The id a version-1 document (written before procedures had ids) gets when read.

    Deterministic: ``"v1-"`` and 32 hex digits of a SHA-256 of the document's format, its
    identity (``identity_keys``) and its first event. So the same procedure read again --
    also later, with more events -- gets the same id (the scope ledger recognises it), and
    two procedures differing in identity or first event get different ids. Two version-1
    documents that agree on all of that get the same id: they describe the same procedure
    as far as the document can tell.

    Args:
        doc: The version-1 document.
        identity_keys: The identity keys of its class (``IDENTITY_KEYS``).
    """
    history = doc.get("history")
    first = history[0] if isinstance(history, list) and history else None
    content = {
        "format": doc.get("format"),
        "identity": {k: doc.get(k) for k in identity_keys},
        "first": first,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=repr)
    return "v1-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
