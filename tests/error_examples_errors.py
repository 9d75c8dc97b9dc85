"""Error examples of ``vkac_flow.errors`` itself (see tests/test_error_messages.py)."""

from __future__ import annotations

from latvian_words import Example
from vkac_flow import errors

EXAMPLES = [
    Example("InputTypeError", lambda: errors.check_flag("false", "transfers"), ("transfers",)),
    Example("InputTypeError", lambda: errors.check_name(5, "recorded_by"), ("recorded_by",)),
    Example("InputError", lambda: errors.check_name("x\x1b[2J", "recorded_by"), ("recorded_by",)),
    Example("InputError", lambda: errors.check_name("\ud800", "recorded_by"), ("recorded_by",)),
    Example("InputError", lambda: errors.check_name("x" * 9, "reason", max_length=3), ("reason",)),
    # a bad language: the one check (errors.check_lang) every public entry taking lang calls
    Example("LanguageError", lambda: errors.check_lang("de"), ("lang",)),
]
