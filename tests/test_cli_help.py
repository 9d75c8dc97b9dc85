"""The command line's own words in the user's language (issue 12): every ``--help``, the
usage line and argparse's usage errors (src/vkac_flow/views/cli_language.py, the catalogue's
``messages/<lang>/cli.toml``).

The Latvian renderings are checked for English words with ``latvian_words.english_in``; the
commands, options and choices a user types (``{text,json}``, ``--format``) are code, the same
in both languages.
"""

from __future__ import annotations

import argparse
import gettext
import pathlib
import re

import pytest

from latvian_words import english_in
from vkac_flow.messages import catalogue
from vkac_flow.views.cli import build_parser, main
from vkac_flow.views.cli_language import (
    CatalogueTranslations,
    help_language,
    requested_language,
    speaking,
)


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of ``parser``: (), ("timeline",), ("register", "agenda")..."""
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, (*path, name))
    return found


COMMANDS = _commands(build_parser())
NAMES = "|".join(sorted({n for p in COMMANDS for n in p}))
COMMAND_NAMES = re.compile(rf"\b(?:{NAMES})\b")


def _strip_codes(text: str) -> str:
    """``text`` without what a user types: choices (``{text,json}``) and command names."""
    return COMMAND_NAMES.sub(" ", re.sub(r"\{[^{}\s]*\}", " ", text))


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


def test_every_command_is_covered() -> None:
    assert len(COMMANDS) == 1 + 6 + 14  # vkac-flow, its commands, register's subcommands
    assert ("register", "agenda") in COMMANDS
    assert ("register", "ics") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "vkac-flow")
@pytest.mark.parametrize("how", ["option", "environment"])
def test_help_is_latvian(
    path: tuple[str, ...],
    how: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    if how == "option":
        argv = [*path, "--help", "--lang", "lv"]
    else:
        monkeypatch.setenv("VKAC_LANG", "lv")
        argv = [*path, "--help"]
    status, out, err = _run(argv, capsys)
    assert (status, err) == (0, "")
    assert out.startswith("lietošana: vkac-flow")
    assert "opcijas:" in out
    assert "parādīt šo palīdzību un beigt" in out
    assert english_in(_strip_codes(out)) == set(), out


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "vkac-flow")
def test_help_is_english_otherwise(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VKAC_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    status, out, _ = _run([*path, "--help"], capsys)
    assert status == 0
    assert out.startswith("usage: vkac-flow")
    assert "\noptions:\n  -h, --help " in out
    assert "show this help message and exit" in out
    assert "lietošana" not in out
    # the same page as --lang en, and as the parser built in English
    assert _run([*path, "--help", "--lang", "en"], capsys)[1] == out
    parser = build_parser("en")
    for name in path:
        parser = next(
            a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
        ).choices[name]
    assert parser.format_help() == out


def test_english_help_keeps_its_words(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["deadline", "--help", "--lang", "en"], capsys)
    assert out.startswith(
        "usage: vkac-flow deadline [-h] (--working-days N | --months N | --days N)\n"
    )
    assert "positional arguments:\n  date                  the event date (ISO-8601)\n" in out
    assert "latest day N before the event (p. 16, 19)" in out
    _, out, _ = _run(["status", "--help", "--lang", "en"], capsys)
    assert "--known-at INSTANT" in out
    assert "--as-of AS_OF" in out
    _, lv, _ = _run(["status", "--help", "--lang", "lv"], capsys)
    assert "--known-at BRĪDIS" in lv
    assert "--as-of DATUMS" in lv


USAGE_ERRORS: dict[str, tuple[list[str], str, str]] = {
    "missing-required": (
        ["deadline"],
        "jānorāda šādi argumenti: datums",
        "the following arguments are required: date",
    ),
    "missing-command": (
        [],
        "jānorāda šādi argumenti: {timeline,calendar,deadline,status,simulate,register}",
        "the following arguments are required: command",
    ),
    "invalid-command": (
        ["nope"],
        "nederīga izvēle: 'nope' (jāizvēlas no 'timeline', ",
        "argument command: invalid choice: 'nope' (choose from 'timeline', ",
    ),
    "invalid-choice": (
        ["timeline", "--letter-received", "2026-12-01", "--initiator", "x"],
        "arguments --initiator: nederīga izvēle: 'x' (jāizvēlas no 'municipality', ",
        "argument --initiator: invalid choice: 'x' (choose from 'municipality', ",
    ),
    "invalid-register-command": (
        ["register", "nope"],
        "nederīga izvēle: 'nope' (jāizvēlas no 'init', ",
        "argument register_command: invalid choice: 'nope'",
    ),
    "missing-register-option": (
        ["register", "agenda", "--start", "2026-01-01"],
        "jānorāda šādi argumenti: --end",
        "the following arguments are required: --end",
    ),
    "unrecognized": (
        ["calendar", "2026", "--bogus"],
        "neatpazīti argumenti: --bogus",
        "unrecognized arguments: --bogus",
    ),
    "invalid-int": (
        ["calendar", "x"],
        "arguments gads: nederīga vērtība: 'x'",
        "argument year: invalid int value: 'x'",
    ),
    "exclusive": (
        ["deadline", "2026-01-01", "--days", "1", "--months", "2"],
        "arguments --months: nav atļauts kopā ar argumentu --days",
        "argument --months: not allowed with argument --days",
    ),
    "one-required": (
        ["deadline", "2026-01-01"],
        "jānorāda viens no argumentiem --working-days --months --days",
        "one of the arguments --working-days --months --days is required",
    ),
    "expected-one": (
        ["deadline", "2026-01-01", "--days"],
        "arguments --days: jānorāda viens arguments",
        "argument --days: expected one argument",
    ),
}
"""Usage errors: the arguments, a part of the Latvian and of the English message."""


@pytest.mark.parametrize("name", sorted(USAGE_ERRORS))
def test_usage_errors_follow_the_language(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VKAC_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    argv, lv_part, en_part = USAGE_ERRORS[name]
    status, out, lv = _run([*argv, "--lang", "lv"], capsys)
    assert (status, out) == (2, "")
    assert lv.startswith("lietošana: vkac-flow")
    assert "kļūda: " in lv
    assert lv_part in lv
    assert english_in(_strip_codes(lv)) == set(), lv
    status, _, en = _run([*argv, "--lang", "en"], capsys)
    assert status == 2
    assert en.startswith("usage: vkac-flow")
    assert ": error: " in en
    assert en_part in en
    monkeypatch.setenv("VKAC_LANG", "lv")  # the environment decides as --lang does
    assert _run(argv, capsys)[2] == lv


def test_a_bad_language_gives_english_and_is_reported(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VKAC_LANG", raising=False)
    status, _, err = _run(["calendar", "2026", "--lang", "de"], capsys)
    assert status == 2
    assert "argument --lang: invalid choice: 'de' (choose from 'en', 'lv')" in err
    status, out, _ = _run(["calendar", "--help", "--lang=de"], capsys)
    assert status == 0  # --help comes first, in English
    assert out.startswith("usage: vkac-flow calendar")
    monkeypatch.setenv("VKAC_LANG", "de")
    status, out, _ = _run(["--help"], capsys)
    assert status == 0
    assert out.startswith("usage: vkac-flow")
    assert main(["calendar", "2026"]) == 2  # reported after parsing, as before
    assert "VKAC_LANG" in capsys.readouterr().err


def test_lang_before_the_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VKAC_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert main(["--lang", "lv", "deadline", "2026-04-30", "--months", "1"]) == 0
    assert capsys.readouterr().out.strip() == "termiņš: 2026-06-01"
    # the command's own --lang wins, as the last --lang does for the help
    assert main(["--lang", "lv", "deadline", "2026-04-30", "--months", "1", "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == "due: 2026-06-01"
    status, out, _ = _run(["--lang", "lv", "--help"], capsys)
    assert status == 0
    assert out.startswith("lietošana: vkac-flow")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["deadline", "x", "--lang", "lv"], "lv"),
        (["--lang=lv", "deadline"], "lv"),
        (["--lang", "lv", "calendar", "2026", "--lang", "en"], "en"),  # the last one
        (["calendar", "--la", "lv"], "lv"),  # a prefix argparse accepts
        (["calendar", "--", "--lang", "lv"], None),  # after "--": not an option
        (["calendar", "--lang"], None),  # no value: argparse reports it
        (["calendar", "--language", "lv"], None),  # another option
        (["calendar", "2026"], None),
    ],
)
def test_requested_language(argv: list[str], expected: str | None) -> None:
    assert requested_language(argv) == expected


def test_help_language() -> None:
    assert help_language("lv", {}) == "lv"
    assert help_language(None, {"VKAC_LANG": "lv"}) == "lv"
    assert help_language(None, {"LC_ALL": "lv_LV.UTF-8"}) == "lv"
    assert help_language("de", {"VKAC_LANG": "lv"}) == "en"
    assert help_language(None, {"VKAC_LANG": "de"}) == "en"
    assert help_language(None, {}) == "en"


ARGPARSE = pathlib.Path(argparse.__file__).read_text(encoding="utf-8")


def test_every_argparse_text_is_an_argparse_msgid() -> None:
    # The English text of each cli.argparse key must be argparse's own msgid, or the
    # translation would never be found (a new Python's wording is then English, not wrong).
    english = {k: v for k, v in catalogue("en").items() if k.startswith("cli.argparse.")}
    assert len(english) >= 20
    written = {k: text.replace("\n", "\\n") for k, text in english.items()}  # as in source
    missing = [k for k, text in written.items() if not any(q + text + q in ARGPARSE for q in "'\"")]
    assert missing == []


def test_translations_fill_like_argparse() -> None:
    lv = CatalogueTranslations("lv")
    assert isinstance(lv, gettext.NullTranslations)
    assert lv.gettext("usage: ") == "lietošana: "
    assert lv.gettext("not a msgid of ours") == "not a msgid of ours"
    assert lv.ngettext("expected %s argument", "expected %s arguments", 1) % 1 == (
        "jānorāda 1 arguments"
    )
    assert lv.ngettext("expected %s argument", "expected %s arguments", 3) % 3 == (
        "jānorāda 3 argumenti"
    )
    assert lv.ngettext("expected %s argument", "expected %s arguments", 21) % 21 == (
        "jānorāda 21 arguments"
    )
    assert lv.ngettext("x %s", "xs %s", 2) == "xs %s"
    text = lv.gettext("invalid choice: %(value)r (choose from %(choices)s)")
    assert text % {"value": "x", "choices": "'a', 'b'"} == (
        "nederīga izvēle: 'x' (jāizvēlas no 'a', 'b')"
    )


def test_argparse_is_itself_again_after_parsing(capsys: pytest.CaptureFixture[str]) -> None:
    names = vars(argparse)
    _run(["deadline", "--lang", "lv"], capsys)
    assert names["_"]("options") == "options"
    assert names["ngettext"]("expected %s argument", "expected %s arguments", 2) == (
        "expected %s arguments"
    )
    with speaking("lv"):
        assert names["_"]("options") == "opcijas"
    assert names["_"]("options") == "options"
    # a plain argparse parser, built and run after a Latvian one, is English
    plain = argparse.ArgumentParser(prog="x")
    assert plain.format_help().startswith("usage: x")
    assert "show this help message and exit" in plain.format_help()


def test_a_latvian_parser_in_one_thread_leaves_other_threads_english() -> None:
    """Review finding: argparse's words were swapped for the whole process while parsing."""
    import threading

    from vkac_flow.views.cli import build_parser

    stop = threading.Event()

    def latvian() -> None:
        while not stop.is_set():
            assert "lietošana" in build_parser("lv").format_help()

    worker = threading.Thread(target=latvian)
    worker.start()
    try:
        usages = [argparse.ArgumentParser(prog="x").format_usage() for _ in range(300)]
    finally:
        stop.set()
        worker.join()
    assert {u.split(":")[0] for u in usages} == {"usage"}


def test_an_argument_error_raised_to_the_caller_stays_in_the_parsers_language() -> None:
    """Review finding: with exit_on_error=False, "argument --n:" came out in English."""
    from vkac_flow.views.cli_language import CliArgumentError, CliParser

    parser = CliParser(prog="x", lang="lv", exit_on_error=False)
    parser.add_argument("--n", type=int)
    with pytest.raises(argparse.ArgumentError) as info:
        parser.parse_args(["--n", "z"])
    assert isinstance(info.value, CliArgumentError)
    assert info.value.argument_name == "--n"
    assert str(info.value) == "arguments --n: nederīga vērtība: 'z'"
    english = CliParser(prog="x", lang="en", exit_on_error=False)
    english.add_argument("--n", type=int)
    with pytest.raises(argparse.ArgumentError) as info:
        english.parse_args(["--n", "z"])
    assert str(info.value) == "argument --n: invalid int value: 'z'"
