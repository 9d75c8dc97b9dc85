"""Error examples of the calendar feed and the register report (views/ics.py, views/report.py,
views/texts.py; see tests/test_error_messages.py)."""

from __future__ import annotations

import datetime

from latvian_words import Example
from viewsdata import procedures
from vkac_flow.views.ics import feed_events, ics_feed
from vkac_flow.views.report import report_context
from vkac_flow.views.texts import view_language

EXAMPLES = [
    Example("InputTypeError", lambda: feed_events(procedures(), alarm="3"), ("alarm",)),  # type: ignore[arg-type]
    Example("InputError", lambda: feed_events(procedures(), alarm=61), ("alarm",)),
    Example(
        "InputTypeError",
        lambda: ics_feed(procedures(), generated_at=datetime.datetime(2026, 12, 1)),
        ("generated_at", "datetime.datetime"),  # the value echoed as Python writes it
    ),
    Example("LanguageError", lambda: report_context(procedures(), lang="de"), ("lang",)),
    Example("InputError", lambda: view_language(None, {"VKAC_LANG": "de"}), ("VKAC_LANG",)),
]
