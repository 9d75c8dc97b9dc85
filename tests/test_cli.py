"""The vkac-flow command line."""

from __future__ import annotations

import datetime
import json
import pathlib
import subprocess
import sys

import pytest

from vkac_flow.views.cli import main


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
    assert "APL 42. panta 1. daļa" in out


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
    assert ">= 1" in err
    code, _, err = run(
        capsys, "timeline", "--letter-received", "2017-01-02", "--initiator", "institution"
    )
    assert code == 2
    assert "p. 25" in err


def test_console_script_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "vkac_flow.views.cli", "calendar", "2025"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "2025-11-17 Mon  off" in proc.stdout


def _saved_transfer(tmp_path: pathlib.Path) -> pathlib.Path:
    from vkac_flow import Party, Service, TransferProcedure

    svc = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
    p = TransferProcedure.propose(
        svc, initiator=Party.municipality("Cēsu novads"), clock=lambda: datetime.date(2026, 6, 1)
    )
    p.letter_received("2026-03-02")
    p.readiness_confirmed("2026-03-09")
    p.centres_surveyed("2026-03-16", centres=["Cēsis"])
    p.information_prepared("2026-04-20")  # due 2026-03-30 (p. 14.2): 21 days late
    path = tmp_path / "transfer.json"
    path.write_text(json.dumps(p.to_dict(), ensure_ascii=False), encoding="utf-8")
    return path


def test_status_replays_a_saved_procedure(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    path = _saved_transfer(tmp_path)
    code, out, _ = run(capsys, "status", str(path), "--as-of", "2026-06-01")
    assert code == 0
    assert "state awaiting_committee" in out
    assert "committee_meeting: due 2026-05-20" in out
    assert "overdue" in out
    assert "information: due 2026-03-30, done 2026-04-20, 21 days" in out
    code, out, _ = run(capsys, "status", str(path), "--format", "json", "--as-of", "2026-05-01")
    doc = json.loads(out)
    assert doc["state"] == "awaiting_committee"
    assert doc["id"] == json.loads(path.read_text(encoding="utf-8"))["id"]
    assert doc["allowed_events"] == ["committee_decided", "committee_deferred", "withdrawn"]
    assert [b["step"] for b in doc["breaches"]] == ["information"]
    assert {o["step"]: o["status"] for o in doc["obligations"]}["committee_meeting"] == "open"


def test_status_rejects_tampered_and_unreadable_documents(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    path = _saved_transfer(tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["audit"][1]["on"] = "2026-02-01"  # before the letter: impossible order
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run(capsys, "status", str(path))
    assert code == 2
    assert out == ""
    assert "event #2" in err
    code, _, err = run(capsys, "status", str(tmp_path / "missing.json"))
    assert code == 2
    assert "cannot read" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "status", str(bad))
    assert code == 2
    assert "not a JSON document" in err
    # The replay's clock: an event after --today is in the future.
    code, _, err = run(capsys, "status", str(_saved_transfer(tmp_path)), "--today", "2026-04-01")
    assert code == 2
    assert "in the future" in err


def test_simulate_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["simulate", "--n", "2000", "--start", "2027-01-01", "--end", "2027-12-31"]
    code, out, _ = run(capsys, *argv, "--seed", "7", "--meetings-per-year", "2")
    assert code == 0
    assert "2000 simulated procedures" in out
    assert "p. 13.3, p. 14.3" in out
    code, out1, _ = run(capsys, *argv, "--seed", "7", "--format", "json")
    code, out2, _ = run(capsys, *argv, "--seed", "7", "--format", "json")
    assert json.loads(out1) == json.loads(out2)
    assert json.loads(out1)["n"] == 2000
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--meetings-per-year", "0"])
    assert exit_.value.code == 2
    assert "--meetings-per-year: invalid choice: 0" in capsys.readouterr().err


def test_version_and_orders_file(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("vkac-flow ")
    orders = tmp_path / "orders.toml"
    orders.write_text(
        "[[transfer_order]]\nyear = 2027\ndays_off = [2027-05-03]\n"
        'working_saturdays = [2027-05-08]\nsource = "Cabinet order (test)"\n',
        encoding="utf-8",
    )
    # Without the 2027 order, the timeline from 2026-12-01 is provisional; with it, not.
    code, out, _ = run(
        capsys,
        "timeline",
        "--letter-received",
        "2026-12-01",
        "--initiator",
        "municipality",
        "--format",
        "json",
        "--orders",
        str(orders),
    )
    assert code == 0
    assert [s["provisional"] for s in json.loads(out)["steps"]] == [False] * 5
    code, out, _ = run(capsys, "calendar", "2027", "--orders", str(orders))
    assert "2027-05-03 Mon  off" in out
    assert "2027-05-08 Sat  WORK" in out
    assert "PROVISIONAL" not in out
    # (a complete order: the file format requires all four keys, issue 13)
    orders.write_text(
        "[[transfer_order]]\nyear = 2027\ndays_off = [2027-05-08]\n"
        'working_saturdays = [2027-05-15]\nsource = "order"\n',
        "utf-8",
    )
    code, _, err = run(capsys, "calendar", "2027", "--orders", str(orders))
    assert code == 2
    assert "not a weekday" in err


def test_status_refuses_non_utf8(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"format": "Cēsis"}'.encode("utf-16"))
    code, _, err = run(capsys, "status", str(path))
    assert code == 2
    assert "not UTF-8" in err


def test_status_with_a_centre_registry(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    from vkac_flow import Centre, CentreRegistry, CentreType

    path = _saved_transfer(tmp_path)  # names the centre "Cēsis"
    good = tmp_path / "registry.json"
    good.write_text(
        CentreRegistry([Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL)]).to_json(),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "status", str(path), "--registry", str(good))
    assert code == 0
    assert "state awaiting_committee" in out
    bad = tmp_path / "other.json"
    bad.write_text(
        CentreRegistry([Centre("Cesis", "Cēsu novads", CentreType.REGIONAL)]).to_json(),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "status", str(path), "--registry", str(bad))
    assert code == 2
    assert "Cēsis" in err
    assert "Cesis" in err  # the close match is suggested


def test_cli_turns_resource_errors_into_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    path = _saved_transfer(tmp_path)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, _, err = run(capsys, "status", str(path), "--registry", str(deep))
    assert code == 2
    assert err.count("\n") == 1
    assert "nested too deeply" in err
    code, _, err = run(
        capsys, "simulate", "--n", "100000000000000", "--start", "2027-01-01", "--end", "2027-12-31"
    )
    assert code == 2
    assert err.count("\n") == 1
