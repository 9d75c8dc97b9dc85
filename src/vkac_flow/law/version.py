"""The version of the rules: which law data and named interpretations decide an event.

A history is decided by the law data (the regulation's points and dates, the duties, the
statutory steps, the municipal calendars registry) and by the named interpretations of the
readings the text leaves open. :func:`rules_version` is one identifier of both, so that a
document or register record can carry the rules it was written under:

``"<text id>+<digest>"``, e.g. ``"draft-2017+0df43027be66f0db"``: the text followed
(:attr:`REGULATION.text_version.id <vkac_flow.law.regulation.TextVersion.id>`) and the first
16 hex digits of a SHA-256 over the *parsed* data files (so a comment or the order
of a table's keys does not change it; a changed value or entry does) and the
interpretations (name and text).

Scope (named reading :data:`RULES_VERSION_SCOPE`): the law layer's data files and
interpretations. The working-day calendar's data (holidays, transfer orders) are not
included: a deadline records its own calendar facts, and a transfer order added for a new
year must not make every earlier history "older rules". A higher layer (the procedures) adds
its own interpretations with ``rules_version(extra=...)``.

>>> v = rules_version()
>>> v.startswith("draft-2017+"), len(v.split("+")[1])
(True, 16)
>>> rules_version() == rules_version(extra={})
True
>>> rules_version(extra={"x": "a changed reading"}) != v
True
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import tomllib
from collections.abc import Mapping
from typing import Any, Final

from vkac_flow.errors import InputError, InputTypeError, echo
from vkac_flow.law import calendars, duties
from vkac_flow.law.lazy import data_text
from vkac_flow.law.regulation import REGULATION
from vkac_flow.messages import Text

__all__ = [
    "RULES_DATA_FILES",
    "RULES_VERSION_SCOPE",
    "law_interpretations",
    "rules_digest",
    "rules_version",
]

RULES_DATA_FILES: Final[tuple[str, ...]] = (
    "calendars.toml",
    "duties.toml",
    "regulation.toml",
    "steps.toml",
)
"""The data files of ``vkac_flow.law`` that decide events (all but the traceability notes)."""

RULES_VERSION_SCOPE: Final = "law-data-and-interpretations"
"""What :func:`rules_version` covers: the parsed law data files of :data:`RULES_DATA_FILES`
and the named interpretations of the law layer (plus any ``extra`` a caller adds); not the
calendar's holiday and transfer-order data, and not the library's release number."""


def law_interpretations() -> Mapping[str, str]:
    """Every named interpretation of the law layer, by name (sorted).

    Returns:
        Name -> text, from :data:`vkac_flow.law.duties.INTERPRETATIONS` and
        :data:`vkac_flow.law.calendars.INTERPRETATIONS`.

    Raises:
        InputError: Two modules use one name for different readings.
    """
    merged: dict[str, str] = {}
    for table in (duties.INTERPRETATIONS, calendars.INTERPRETATIONS):
        for name, text in table.items():
            if merged.get(name, text) != text:
                raise InputError(Text("error.law.interpretation_twice", name=echo(name)))
            merged[name] = text
    return dict(sorted(merged.items()))


def _plain(value: object) -> object:
    """JSON-safe form of parsed TOML values (dates as ISO strings)."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def _data() -> dict[str, Any]:
    return {name: tomllib.loads(data_text(name)) for name in RULES_DATA_FILES}


def rules_digest(
    data: Mapping[str, Any], interpretations: Mapping[str, str], *, length: int = 16
) -> str:
    """The hex digest of law data and interpretations (canonical JSON, SHA-256).

    Args:
        data: File name -> parsed content.
        interpretations: Name -> text.
        length: How many hex digits to keep (8-64).

    Returns:
        The first ``length`` hex digits.

    Raises:
        InputTypeError: A mapping of the wrong type.
        InputError: ``length`` out of range, or a value that is not plain data.
    """
    if not isinstance(data, Mapping) or not isinstance(interpretations, Mapping):
        raise InputTypeError(Text("error.law.digest_mappings"))
    if not isinstance(length, int) or isinstance(length, bool) or not 8 <= length <= 64:
        raise InputError(Text("error.law.digest_length", value=echo(length)))
    for name, text in interpretations.items():
        if not isinstance(name, str) or not isinstance(text, str):
            raise InputTypeError(Text("error.law.interpretation_strings"))
    try:
        canon = json.dumps(
            {"data": data, "interpretations": dict(interpretations)},
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            default=_plain,
        )
    except (TypeError, ValueError) as exc:
        raise InputError(Text("error.law.rules_not_plain", detail=echo(str(exc)))) from exc
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:length]


@functools.cache
def _default_version() -> str:
    return _version({})


def _version(extra: Mapping[str, str]) -> str:
    readings = dict(law_interpretations())
    for name, text in extra.items():
        if readings.get(name, text) != text:
            raise InputError(Text("error.law.interpretation_law_layer", name=echo(name)))
        readings[name] = text
    return f"{REGULATION.text_version.id}+{rules_digest(_data(), readings)}"


def rules_version(*, extra: Mapping[str, str] | None = None) -> str:
    """The identifier of the rules: the text followed and a digest of data and readings.

    Args:
        extra: More named interpretations (name -> text), e.g. a procedure module's.

    Returns:
        ``"<text id>+<16 hex digits>"``; the same for the same data and readings.

    Raises:
        InputTypeError: ``extra`` is not a mapping of strings.
        InputError: ``extra`` redefines a law-layer interpretation differently.
    """
    if extra is None or (isinstance(extra, Mapping) and not extra):
        return _default_version()
    if not isinstance(extra, Mapping):
        raise InputTypeError(Text("error.law.extra_type", type=type(extra).__name__))
    for name, text in extra.items():
        if not isinstance(name, str) or not isinstance(text, str):
            raise InputTypeError(Text("error.law.extra_strings"))
    return _version(extra)
