"""Test helper: a version-3 document without corrections, written as version 2 was."""

from __future__ import annotations

from typing import Any


def as_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """The version-2 form of ``doc`` (a ``history`` of ``{event, date, data}``)."""
    audit = doc["audit"]
    assert all(r["kind"] == "event" for r in audit)
    out = {k: v for k, v in doc.items() if k != "audit"}
    out["version"] = 2
    out["history"] = [{"event": r["event"], "date": r["on"], "data": r["data"]} for r in audit]
    return out
