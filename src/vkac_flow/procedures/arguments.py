"""The type check of a procedure's arguments (a service, a party, a calendar...), one message.

>>> check_instance(3, str, "name")
Traceback (most recent call last):
...
vkac_flow.errors.InputTypeError: name must be a str, got int
"""

from __future__ import annotations

from vkac_flow.errors import InputTypeError
from vkac_flow.messages import Text

__all__ = ["check_instance"]


def check_instance(value: object, expected: type, what: str, *, optional: bool = False) -> None:
    """Refuse ``value`` unless it is an ``expected`` (or, with ``optional``, ``None``).

    Args:
        value: The argument.
        expected: The class it must be an instance of.
        what: The parameter's name (a code: the same in both languages).
        optional: Whether ``None`` is accepted too (and said so in the message).

    Raises:
        InputTypeError: ``value`` is of another type; the message names both types.
    """
    if isinstance(value, expected) or (optional and value is None):
        return
    key = "error.steps.instance_or_none" if optional else "error.steps.instance"
    raise InputTypeError(Text(key, what=what, expected=expected.__name__, got=type(value).__name__))
