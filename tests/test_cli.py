"""The vkac-flow command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from vkac_flow.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_timeline_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "timeline", "--letter-received", "2026-12-01", "--initiator", "municipality"
    )
    assert code == 0
    assert "p. 14.2" in out
    assert "2027-01-04 *" in out
    assert "provisional" in out


def test_timeline_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "timeline",
        "--letter-received",
        "2026-12-01",
        "--initiator",
        "municipality",
        "--format",
        "json",
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["letter_received"] == "2026-12-01"
    assert next(s["key"] for s in doc["steps"]) == "information"
    assert doc["steps"][0]["due"] == "2027-01-04"
    assert doc["steps"][0]["provisional"] is True


def test_timeline_explain_lv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "timeline",
        "--letter-received",
        "2026-03-02",
        "--initiator",
        "institution",
        "--explain",
        "--lang",
        "lv",
    )
    assert code == 0
    assert "APL 42. panta pirmā daļa" in out


def test_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "2026")
    assert code == 0
    assert "2026-01-17 Sat  WORK" in out
    assert "361161" in out
    assert "2026-01-02 Fri  off" in out
    code, out, _ = run(capsys, "calendar", "2026", "--no-transfers")
    assert "2026-01-17" not in out
    code, out, _ = run(capsys, "calendar", "2027")
    assert "PROVISIONAL" in out
    code, out, _ = run(capsys, "calendar", "2025", "--format", "json")
    doc = json.loads(out)
    assert {"date": "2025-11-08", "kind": "working_saturday"}.items() <= doc["days"][
        -6
    ].items() or any(d["date"] == "2025-11-08" and d["working"] for d in doc["days"])


def test_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "2025-12-19", "--working-days", "20", "--explain")
    assert code == 0
    assert out.startswith("due: 2026-01-23")
    assert "2026-01-17" in out
    code, out, _ = run(capsys, "deadline", "2026-04-30", "--months", "1")
    assert out.strip() == "due: 2026-06-01"
    code, out, _ = run(capsys, "deadline", "2026-06-01", "--months", "1", "--before")
    assert out.strip() == "latest day: 2026-04-30"
    code, out, _ = run(
        capsys, "deadline", "2026-05-27", "--months", "1", "--roll-policy", "statute_text"
    )
    assert out.strip() == "due: 2026-06-29"
    code, out, _ = run(capsys, "deadline", "2026-03-02", "--days", "5", "--format", "json")
    assert json.loads(out)["due"] == "2026-03-09"


def test_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "deadline", "2026-13-01", "--working-days", "2")
    assert code == 2
    assert "not an ISO-8601 date" in err
    assert out == ""
    code, _, err = run(capsys, "deadline", "2026-03-01", "--working-days", "-2")
    assert code == 2
    assert ">= 0" in err
    code, _, err = run(
        capsys, "timeline", "--letter-received", "2017-01-02", "--initiator", "institution"
    )
    assert code == 2
    assert "p. 25" in err


def test_console_script_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "vkac_flow.cli", "calendar", "2025"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "2025-11-17 Mon  off" in proc.stdout
