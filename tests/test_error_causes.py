"""The causes of unreadable files and unopenable registers in the user's language.

The OS, the JSON parser and the drivers speak English; a Latvian error line names the
common causes in the catalogue's words and shows the system's own words only set apart and
marked, "[sistēmas teksts: ...]" (``vkac_flow.messages.causes``, ``docs/language.md``).
"""

from __future__ import annotations

import errno
import os
import pathlib
from collections.abc import Callable

import pytest

from latvian_words import english_in
from vkac_flow.messages import message
from vkac_flow.messages.causes import os_cause, system_detail
from vkac_flow.views.cli import main

Args = Callable[[pathlib.Path], list[str]]


def _files(tmp: pathlib.Path) -> pathlib.Path:
    (tmp / "bad.json").write_text("not json", encoding="utf-8")
    (tmp / "bin.json").write_bytes(b"\xff\xfe")
    return tmp


CASES: dict[str, tuple[Args, str, str]] = {
    # name: (arguments, the Latvian cause expected, the English one)
    "status-missing": (
        lambda t: ["status", str(t / "nonexist.json")],
        "fails vai mape nav atrasta",
        "no such file or directory",
    ),
    "status-folder": (
        lambda t: ["status", str(t)],
        "tā ir mape",
        "it is a folder",
    ),
    "status-not-json": (
        lambda t: ["status", str(t / "bad.json")],
        "nav JSON dokuments: kļūda 1. rindā, 1. kolonnā [sistēmas teksts: Expecting value]",
        "not a JSON document: Expecting value (line 1, column 1)",
    ),
    "status-not-utf8": (
        lambda t: ["status", str(t / "bin.json")],
        "nav UTF-8 teksts (nederīgs baits nobīdē 0) [sistēmas teksts: invalid start byte]",
        "not UTF-8 text (a bad byte at offset 0: invalid start byte)",
    ),
    "import-missing": (
        lambda t: ["register", "import", str(t / "exp.json"), "--db", f"sqlite:///{t}/r.db"],
        "fails vai mape nav atrasta",
        "no such file or directory",
    ),
    "import-not-json": (
        lambda t: ["register", "import", str(t / "bad.json"), "--db", f"sqlite:///{t}/r.db"],
        "kļūda 1. rindā, 1. kolonnā [sistēmas teksts: Expecting value]",
        "not a JSON document: Expecting value (line 1, column 1)",
    ),
    "import-not-utf8": (
        lambda t: ["register", "import", str(t / "bin.json"), "--db", f"sqlite:///{t}/r.db"],
        "nederīgs baits nobīdē 0",
        "a bad byte at offset 0",
    ),
    "register-missing-folder": (
        lambda t: ["register", "list", "--db", "sqlite:////nonexistent/dir/x.db"],
        "reģistru nevar atvērt: datubāzes failu vai tā mapi nevar atvērt",
        "cannot open the register: the database file or its folder cannot be opened",
    ),
    "register-not-a-database": (
        lambda t: ["register", "list", "--db", f"sqlite:///{t}/bad.json"],
        "reģistru nevar atvērt: fails nav datubāze",
        "cannot open the register: the file is not a database",
    ),
    "register-server-unreachable": (
        lambda t: ["register", "list", "--db", "postgresql+psycopg://u@127.0.0.1:1/x"],
        "reģistru nevar atvērt: datubāzes serveris nav sasniedzams",
        "cannot open the register: the database server cannot be reached",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_cause_is_named_in_the_users_language(
    name: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, latvian, english = CASES[name]
    argv = args(_files(tmp_path))
    assert main([*argv, "--lang", "lv"]) != 0
    err = capsys.readouterr().err
    assert latvian in err
    assert english_in(err) == set(), err
    assert "Errno" not in err
    assert main([*argv, "--lang", "en"]) != 0
    assert english in capsys.readouterr().err


def test_a_missing_postgresql_database_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    url = os.environ.get("VKAC_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("VKAC_TEST_POSTGRES_URL not set: no PostgreSQL server to test against")
    base, _, query = url.partition("?")
    missing = base.rsplit("/", 1)[0] + "/vkac_no_such_database_fixreview"
    if query:
        missing += "?" + query
    assert main(["register", "list", "--db", missing, "--lang", "lv"]) != 0
    err = capsys.readouterr().err
    assert "reģistru nevar atvērt: serverī šādas datubāzes nav" in err
    assert english_in(err) == set(), err


@pytest.mark.parametrize(
    ("code", "key"),
    [
        (errno.ENOENT, "not_found"),
        (errno.EACCES, "permission"),
        (errno.EPERM, "permission"),
        (errno.EISDIR, "is_folder"),
        (errno.ENOTDIR, "not_folder"),
        (errno.ENAMETOOLONG, "name_too_long"),
        (errno.ENOSPC, "no_space"),
        (errno.EROFS, "read_only"),
    ],
)
def test_the_common_os_errors_have_their_own_texts(code: int, key: str) -> None:
    cause = os_cause(OSError(code, os.strerror(code)))
    assert cause.render("lv") == message(f"cause.os.{key}", "lv")
    assert cause.render("en") == message(f"cause.os.{key}", "en")
    assert english_in(cause.render("lv")) == set()


def test_another_os_error_keeps_the_systems_words_set_apart() -> None:
    cause = os_cause(OSError(errno.EIO, "Input/output error"))
    assert cause.render("en") == "Input/output error"
    assert cause.render("lv") == "operētājsistēmas kļūda [sistēmas teksts: Input/output error]"
    assert system_detail("a\n  b").render("en") == "a b"  # one line
