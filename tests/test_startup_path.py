"""What a ``vkac-flow timeline`` process loads and reads (issue 14), and that it answers alike.

No timings: the modules in ``sys.modules`` at the end of a real process, the catalogue files
it read, and the answers of the staged catalogue and the plain-path data readers against
reading everything at once.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path

import pytest

from vkac_flow import messages
from vkac_flow.law.lazy import data_text
from vkac_flow.law.parties import PartyKind
from vkac_flow.law.regulation import cite
from vkac_flow.messages import LANGUAGES, MessageError, catalogue, message

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["timeline", "--letter-received", "2026-12-01", "--initiator", "municipality"]

NOT_LOADED = (
    "importlib.resources",  # package data are read by plain paths
    "tempfile",
    "zipfile",
    "vkac_flow.law.duties",  # the timeline needs no duty
    "vkac_flow.law.regulation",  # nor the regulation's text (parties cite only on refusal)
    "vkac_flow.law.version",
    "vkac_flow.procedures.core",  # nor the procedures' machinery (register_cli: lazy)
    "vkac_flow.procedures.display",
    "hashlib",
    "zoneinfo",
)


def _process(entry: str) -> dict[str, object]:
    """Run the timeline command through ``entry`` in a fresh process; what it loaded."""
    code = (
        "import contextlib, gc, io, json, sys\n"
        f"from {entry} import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    status = main({ARGS!r})\n"
        "from vkac_flow.messages import catalogue\n"
        "print(json.dumps({'status': status, 'out': out.getvalue(),\n"
        "    'modules': sorted(sys.modules), 'gc': gc.isenabled(),\n"
        "    'frozen': gc.get_freeze_count(), 'read': sorted(catalogue('en')._parsed)}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("VKAC_LANG", "LC_ALL", "LANG")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def console() -> dict[str, object]:
    return _process("vkac_flow.views.console")


@pytest.fixture(scope="module")
def api() -> dict[str, object]:
    return _process("vkac_flow.views.cli")


@pytest.mark.parametrize("which", ["console", "api"])
def test_the_timeline_process_loads_no_module_it_does_not_use(
    which: str, request: pytest.FixtureRequest
) -> None:
    run = request.getfixturevalue(which)
    modules = set(run["modules"])
    assert [m for m in NOT_LOADED if m in modules] == []
    assert "vkac_flow.procedures.timeline" in modules  # it did run the command


def test_the_timeline_reads_only_main_toml_of_the_catalogue(api: dict[str, object]) -> None:
    # main.toml and the command line's help texts (cli.toml): the first stage, nothing more
    assert sorted(api["read"]) == ["cli.toml", "main.toml"]  # type: ignore[call-overload]


def test_the_console_script_answers_as_the_api_and_leaves_the_collector_on(
    console: dict[str, object], api: dict[str, object]
) -> None:
    assert console["status"] == api["status"] == 0
    assert console["out"] == api["out"]
    assert "Latvian Song" not in str(console["out"])  # sanity: the timeline, not a calendar
    assert console["gc"] is True
    assert api["gc"] is True
    assert isinstance(console["frozen"], int)
    assert console["frozen"] > 10_000
    assert api["frozen"] == 0  # the Python API changes no collector setting


def test_the_console_script_is_the_entry_point() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["scripts"]["vkac-flow"] == "vkac_flow.views.console:main"


def test_the_console_script_reports_errors_as_the_command_does() -> None:
    code = (
        "import sys\nfrom vkac_flow.views.console import main\n"
        "sys.exit(main(['timeline', '--letter-received', '2016-01-01',"
        " '--initiator', 'municipality']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith("vkac-flow: ")
    assert done.stdout == ""


def _all_at_once(lang: str) -> list[tuple[str, str]]:
    """The catalogue as reading every file of ``lang`` at once, in name order, gives it."""
    flat: dict[str, str] = {}

    def walk(prefix: str, node: Mapping[str, object]) -> None:
        for key, value in node.items():
            if isinstance(value, Mapping):
                walk(f"{prefix}{key}.", value)
            else:
                assert f"{prefix}{key}" not in flat
                flat[f"{prefix}{key}"] = str(value)

    folder = ROOT / "src" / "vkac_flow" / "messages" / lang
    for path in sorted(folder.glob("*.toml")):
        walk("", tomllib.loads(path.read_text("utf-8")))
    return list(flat.items())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_staged_catalogue_is_the_whole_catalogue(lang: str) -> None:
    fresh = messages._Catalogue(lang)
    assert sorted(fresh._parsed) == ["cli.toml", "main.toml"]
    assert fresh["step.training"] == catalogue(lang)["step.training"]
    assert sorted(fresh._parsed) == ["cli.toml", "main.toml"]  # found in the first stage
    # a table is read from the stage that defines it, not the whole catalogue
    argparse_texts = fresh.table("cli.argparse")
    assert sorted(fresh._parsed) == ["cli.toml", "main.toml"]
    assert (
        argparse_texts
        == messages.table(lang, "cli.argparse")
        == {
            k.removeprefix("cli.argparse."): v
            for k, v in _all_at_once(lang)
            if k.startswith("cli.argparse.")
        }
    )
    assert "error.input.expected_flag" in fresh  # an error key reads the later stages
    assert any(name.startswith("errors") for name in fresh._parsed)
    assert list(messages._Catalogue(lang).items()) == _all_at_once(lang)
    assert len(messages._Catalogue(lang)) == len(_all_at_once(lang))
    assert "no.such.key" not in fresh


def _folder(tmp_path: Path, files: dict[str, str]) -> None:
    (tmp_path / "en").mkdir()
    for name, text in files.items():
        (tmp_path / "en" / name).write_text(text, encoding="utf-8")


def test_a_key_defined_in_two_stages_is_refused_when_the_later_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _folder(tmp_path, {"main.toml": 'x = "one"\n', "errors_a.toml": 'x = "two"\n'})
    monkeypatch.setattr(messages, "_FOLDER", str(tmp_path))
    cat = messages._Catalogue("en")
    assert cat["x"] == "one"
    with pytest.raises(
        MessageError, match=r"'x' is defined twice .* errors_a\.toml and main\.toml"
    ):
        cat["y"]
    with pytest.raises(MessageError, match=r"errors_a\.toml and main\.toml"):
        len(messages._Catalogue("en"))


def test_a_key_defined_twice_in_one_stage_is_refused_when_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {"main.toml": 'a = "1"\n', "calendar.toml": 'x = "one"\n', "views.toml": 'x = "two"\n'}
    _folder(tmp_path, files)
    monkeypatch.setattr(messages, "_FOLDER", str(tmp_path))
    cat = messages._Catalogue("en")
    assert cat["a"] == "1"
    with pytest.raises(MessageError, match=r"calendar\.toml and views\.toml"):
        cat["x"]


def test_an_unknown_key_reads_every_stage_then_is_an_error() -> None:
    with pytest.raises(MessageError, match=r"no message 'no\.such\.key' in the lv catalogue"):
        message("no.such.key", "lv")


@pytest.mark.parametrize(
    "name", ["regulation.toml", "duties.toml", "steps.toml", "calendars.toml", "traceability.toml"]
)
def test_law_data_by_plain_path_is_the_packaged_resource(name: str) -> None:
    packaged = importlib.resources.files("vkac_flow.law").joinpath(name).read_text("utf-8")
    assert data_text(name) == packaged


def test_every_party_kind_cites_a_point_of_the_regulation() -> None:
    # checked at import before the regulation left the start-up path; now here
    points = tuple(kind.point for kind in PartyKind)
    assert cite(*points) == points
