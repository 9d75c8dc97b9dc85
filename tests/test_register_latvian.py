"""``vkac-flow register ...`` in Latvian: every subcommand, against a real SQLite file (#12).

Each subcommand runs with ``--lang lv`` on a register filled through the real API and its
output is checked for English words (``tests/latvian_words.py``; party, service and centre
names are allowed as they are); with ``--lang en`` it prints today's English. The command
line's errors (views/cli.py, views/register_cli.py) are checked the same way on standard
error. ``ics`` and ``report`` write files whose texts are the views' own (tests/test_ics.py,
tests/test_report.py).
"""

from __future__ import annotations

import datetime
import json
import pathlib
from collections.abc import Callable

import pytest

from latvian_words import english_in
from vkac_flow import ExclusionProcedure, Party, Register, Service, TransferProcedure
from vkac_flow.views.cli import main

pytestmark = pytest.mark.usefixtures("_register_extra")

SERVICE = Service("Būvatļauja", Party.service_holder("Latvijas Valsts ceļi"))
NAMES = (
    "Būvatļauja",
    "Latvijas Valsts ceļi",
    "Cēsu novads",
    "Cēsis",
    "anna",
    "invalid continuation byte",  # Python's own decoder reason (status-not-utf8), as given
)
"""Names from the register (parties, services, centres, who recorded): shown as they are."""

TODAY = datetime.date(2026, 9, 1)


@pytest.fixture
def _register_extra() -> None:
    pytest.importorskip("sqlalchemy")


def _fill(url: str) -> None:
    """A transfer (late information, an event corrected, one retracted) and an exclusion."""
    with Register.open(url) as reg:
        transfer = TransferProcedure.propose(
            SERVICE,
            initiator=Party.municipality("Cēsu novads"),
            procedure_id="road-1",
            clock=lambda: TODAY,
        )
        reg.propose(transfer, recorded_by="anna")
        reg.record("road-1", "letter_received", "2026-03-02", holder_informed="2026-03-02")
        reg.record("road-1", "readiness_confirmed", "2026-03-09", recorded_by="anna")
        reg.record("road-1", "centres_surveyed", "2026-03-16", centres=["Cēsis"])
        reg.record("road-1", "information_prepared", "2026-04-20")  # due 2026-03-30: late
        reg.correct("road-1", "e4", on="2026-04-21", reason="drukas kļūda")
        reg.record("road-1", "committee_decided", "2026-05-20", approved=True, centres=["Cēsis"])
        reg.record("road-1", "training_completed", "2026-06-01")
        reg.retract("road-1", "e7", reason="kļūda")
        exclusion = ExclusionProcedure.propose(
            SERVICE, initiator=SERVICE.holder, centres=["Cēsis"], procedure_id="ex-1"
        )
        reg.propose(exclusion)
        reg.record("ex-1", "committee_informed", "2026-03-02")


def _bundle(tmp: pathlib.Path, url: str) -> str:
    with Register.open(url) as reg:
        doc = reg.export_bundle()
    path = tmp / "bundle.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


Argv = Callable[[pathlib.Path, str], list[str]]

RENDERINGS: dict[str, Argv] = {
    "init": lambda tmp, url: ["init"],
    "upgrade": lambda tmp, url: ["upgrade"],
    "propose": lambda tmp, url: [
        "propose",
        "--service",
        "Būvatļauja",
        "--holder",
        "Latvijas Valsts ceļi",
        "--id",
        "road-2",
    ],
    "record": lambda tmp, url: ["record", "road-1", "training_completed", "2026-06-02"],
    "record-repeated": lambda tmp, url: [
        "record",
        "road-1",
        "training_completed",
        "2026-06-03",
        "--idempotency-key",
        "k",
    ],
    "correct": lambda tmp, url: ["correct", "road-1", "e6", "--on", "2026-05-21", "--reason", "x"],
    "retract": lambda tmp, url: ["retract", "ex-1", "e1", "--reason", "kļūda"],
    "show": lambda tmp, url: ["show", "road-1"],
    "show-as-of": lambda tmp, url: ["show", "road-1", "--as-of", "2026-04-01"],
    "list": lambda tmp, url: ["list"],
    "list-none": lambda tmp, url: ["list", "--state", "completed"],
    "agenda": lambda tmp, url: [
        "agenda",
        "--start",
        "2026-01-01",
        "--end",
        "2027-12-31",
        "--as-of",
        "2026-09-01",
    ],
    "agenda-none": lambda tmp, url: ["agenda", "--start", "2030-01-01", "--end", "2030-12-31"],
    "breaches": lambda tmp, url: ["breaches"],
    "breaches-none": lambda tmp, url: ["breaches", "--as-of", "2026-03-03"],
    "import": lambda tmp, url: ["import", _bundle(tmp, url)],
    # an exclusion: its p. 16 waiting period explained in Latvian (procedures/waiting.py)
    "show-exclusion": lambda tmp, url: ["show", "ex-1"],
}
"""Each subcommand's arguments after ``register`` (``--db`` and ``--lang`` are added)."""


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("name", sorted(RENDERINGS))
def test_register_subcommand_in_latvian(
    name: str,
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outputs = {}
    for lang in ("lv", "en"):  # a fresh register each time: the writes are the same
        folder = tmp_path / lang
        folder.mkdir()
        url = f"sqlite:///{folder / 'register.db'}"
        if name not in ("init", "import"):
            _fill(url)
        if name == "import":  # a bundle of the filled register, into an empty one
            _fill(f"sqlite:///{folder / 'source.db'}")
        source = f"sqlite:///{folder / 'source.db'}" if name == "import" else url
        argv = RENDERINGS[name](folder, source)
        if name == "record-repeated":  # the same request under the same key, twice
            assert main(["register", *argv, "--db", url, "--lang", lang]) == 0
            capsys.readouterr()
        status, out, err = _run(["register", *argv, "--db", url, "--lang", lang], capsys)
        assert status == 0, err
        outputs[lang] = out.replace(str(folder), "DIR")
    found = english_in(outputs["lv"], names=NAMES)
    assert found == set(), f"{name}: English words in the Latvian output: {sorted(found)}\n{out}"
    assert outputs["lv"] != outputs["en"]


def test_the_english_output_is_unchanged(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    _fill(url)

    def out(*argv: str) -> str:
        status, text, err = _run(["register", *argv, "--db", url, "--lang", "en"], capsys)
        assert status == 0, err
        return text

    assert out("record", "road-1", "training_completed", "2026-06-02") == (
        "road-1: version 9: #9 event e9\n"
    )
    assert out("list", "--state", "completed") == "no procedures\n"
    assert out("list") == (
        "ex-1  notice_running  v1  Būvatļauja, service holder Latvijas Valsts ceļi  next: -\n"
        "road-1  rollout  v9  Būvatļauja, service holder Latvijas Valsts ceļi  next: 2026-06-16 "
        "methodological_material (holder: service holder Latvijas Valsts ceļi)\n"
    )
    agenda = ("agenda", "--start", "2026-01-01", "--end", "2027-12-31", "--as-of", "2026-09-01")
    assert out(*agenda) == (
        "2026-04-02  ex-1  exclusion_notice  p. 16  WAITING (not before; nobody owes it)\n"
        "2026-06-16  road-1  methodological_material  p. 15.2  holder: service holder "
        "Latvijas Valsts ceļi  OVERDUE\n"
        "2026-07-02  road-1  service_start/Cēsis  p. 15.3  municipality of centre Cēsis  OVERDUE\n"
    )
    assert out("breaches").startswith(
        "road-1  information: due 2026-03-30, done 2026-04-21, 22 days (14 working days) late; "
        "responsible: ministry (VARAM) (p. 14.2)"
    )
    log = out("show", "road-1").split("log:\n")[1].splitlines()
    assert log[0].startswith("  #1 event 2026-03-02 letter_received (recorded ")
    assert log[0].endswith(" UTC) e1")
    assert " UTC by anna) e2" in log[1]
    assert log[4].startswith("  #5 correction 2026-04-21 information_prepared (of e4) (recorded ")
    assert log[7].startswith("  #8 retraction None  (of e7) (recorded ")


def test_export_is_a_document_the_same_in_both_languages(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    _fill(url)
    exported = {}
    for lang in ("lv", "en"):
        status, out, err = _run(["register", "export", "--db", url, "--lang", lang], capsys)
        assert status == 0, err
        exported[lang] = json.loads(out)
    assert exported["lv"] == exported["en"]
    assert exported["lv"]["format"] == "vkac_flow.bundle"


def _saved(tmp: pathlib.Path) -> str:
    p = TransferProcedure.propose(
        SERVICE, initiator=Party.municipality("Cēsu novads"), clock=lambda: TODAY
    )
    path = tmp / "transfer.json"
    path.write_text(json.dumps(p.to_dict(), ensure_ascii=False), encoding="utf-8")
    return str(path)


def _not_utf8(tmp: pathlib.Path) -> str:
    path = tmp / "latin1.json"
    path.write_bytes('{"a": "\xe2"}'.encode("latin-1"))
    return str(path)


ERRORS: dict[str, Callable[[pathlib.Path, str], list[str]]] = {
    "unknown-procedure": lambda tmp, url: ["register", "show", "road-9", "--db", url],
    "stale": lambda tmp, url: [
        "register",
        *("record", "road-1", "material_uploaded", "2026-06-02", "--expected-version", "1"),
        *("--db", url),
    ],
    "already-in": lambda tmp, url: [
        "register",
        *("propose", "--service", "Būvatļauja", "--holder", "Latvijas Valsts ceļi"),
        *("--id", "road-1", "--db", url),
    ],
    "data": lambda tmp, url: [
        "register",
        *("record", "road-1", "material_uploaded", "2026-06-02", "--data", "x", "--db", url),
    ],
    "propose-options": lambda tmp, url: ["register", "propose", "--db", url],
    "known-at-register": lambda tmp, url: [
        "register",
        *("show", "road-1", "--known-at", "vakar", "--db", url),
    ],
    "agenda-order": lambda tmp, url: [
        "register",
        *("agenda", "--start", "2026-03-31", "--end", "2026-03-01", "--db", url),
    ],
    "bad-url": lambda tmp, url: ["register", "list", "--db", "mysql://x/y"],
    "status-not-utf8": lambda tmp, url: ["status", _not_utf8(tmp)],
    "status-bad-name": lambda tmp, url: ["status", "a\x00b"],
    "status-today": lambda tmp, url: ["status", _saved(tmp), "--today", "1900-01-01"],
    "status-known-at": lambda tmp, url: ["status", _saved(tmp), "--known-at", "vakar"],
}
"""Refused commands: the message on standard error, in the user's language."""


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_register_cli_errors_in_latvian(
    name: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    _fill(url)
    argv = ERRORS[name](tmp_path, url)
    status, _, lv = _run([*argv, "--lang", "lv"], capsys)
    assert status == 2
    assert lv.startswith("vkac-flow: kļūda: ")
    assert english_in(lv, names=NAMES) == set(), lv
    status, _, en = _run([*argv, "--lang", "en"], capsys)
    assert status == 2
    assert en.startswith("vkac-flow: error: ")
    assert en != lv


@pytest.mark.parametrize("holder", ["VID", "Valsts zemes dienests", "State Revenue Service"])
def test_propose_takes_an_institution_as_the_holder(
    holder: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review finding: `--holder VID` was refused with Python advice (use Party.institution)."""
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert main(["register", "init", "--db", db]) == 0
    argv = ["register", "propose", "--db", db, "--lang", "lv", "--id", "p1"]
    assert main([*argv, "--service", "Deklarācija", "--holder", holder]) == 0, capsys.readouterr()
    assert main(["register", "show", "p1", "--db", db, "--format", "json"]) == 0
    shown = capsys.readouterr().out
    assert '"institution"' in shown
