"""The shape of the law layer's documents: the dicts ``from_dict`` reads back strictly.

:meth:`~vkac_flow.law.parties.Party.from_dict`, :meth:`~vkac_flow.law.services.Service.from_dict`
and :meth:`~vkac_flow.law.centres.Centre.from_dict` each read a JSON-safe mapping with some
required and some optional keys and no others: :func:`check_keys` checks that shape once,
with one message per fault in English and Latvian (``messages/*/errors_parties.toml``).

>>> check_keys({"kind": "ministry", "name": "VARAM"}, "party", {"kind", "name"}, {"institution"})
>>> check_keys({"kind": "ministry"}, "party", {"kind", "name"})
Traceback (most recent call last):
...
vkac_flow.errors.InputError: party: missing keys ['name']
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from vkac_flow.errors import InputError, InputTypeError
from vkac_flow.messages import Text

__all__ = ["check_keys"]


def check_keys(
    data: object,
    what: str | Text,
    required: Collection[str],
    optional: Collection[str] = (),
) -> None:
    """Check that ``data`` is a mapping with every key of ``required`` and no unknown key.

    Args:
        data: The document.
        what: What it is, for the message (a catalogue text, or a code name).
        required: The keys it must have.
        optional: The keys it may have besides.

    Raises:
        InputTypeError: ``data`` is not a mapping.
        InputError: An unknown key (checked first) or a missing one; the message lists them.
    """
    if not isinstance(data, Mapping):
        raise InputTypeError(
            Text("error.parties.document_type", what=what, got=type(data).__name__)
        )
    unknown = set(data) - set(required) - set(optional)
    if unknown:
        raise InputError(
            Text("error.parties.unknown_keys", what=what, keys=sorted(map(str, unknown)))
        )
    missing = set(required) - set(data)
    if missing:
        raise InputError(Text("error.parties.missing_keys", what=what, keys=sorted(missing)))
