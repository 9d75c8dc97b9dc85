"""Every error the library raises speaks both languages (issue 12).

``str(error)`` is English (for logs and code); ``error.localized("lv")`` is Latvian, and the
command line prints the user's language. Two checks:

* the source: every ``raise SomeError(...)`` of a :class:`VkacFlowError` class passes a
  catalogue :class:`~vkac_flow.messages.Text`, never a literal or f-string, and every
  ``Text("key", ...)`` written in the source names a key of the catalogue with exactly its
  placeholders;
* the classes: each error class is raised by a real call (``EXAMPLES``) and its Latvian
  message holds no English words.
"""

from __future__ import annotations

import ast
import importlib
import pathlib
import pkgutil
from collections.abc import Iterator

import pytest

import vkac_flow
from latvian_words import Example, english_in
from vkac_flow import errors
from vkac_flow.messages import Text, catalogue, placeholders

SRC = pathlib.Path(vkac_flow.__file__).parent


def _error_classes() -> set[type[errors.VkacFlowError]]:
    for info in pkgutil.walk_packages(vkac_flow.__path__, "vkac_flow."):
        if ".migrations" not in info.name:
            importlib.import_module(info.name)

    def walk(cls: type[errors.VkacFlowError]) -> Iterator[type[errors.VkacFlowError]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return {errors.VkacFlowError, *walk(errors.VkacFlowError)}


ERROR_NAMES = frozenset(c.__name__ for c in _error_classes())


def _literal(node: ast.expr) -> bool:
    """Whether ``node`` builds message text in place (a literal, an f-string, a join)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and (node.func.attr in {"format", "join"})
    )


def _offences(path: pathlib.Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name in ERROR_NAMES and node.args and _literal(node.args[0]):
            yield f"{path.relative_to(SRC)}:{node.lineno}: {name}(<literal text>)"


def test_every_raised_error_is_a_catalogue_text() -> None:
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for offence in _offences(path):
            found.setdefault(str(path.relative_to(SRC)), []).append(offence)
    assert [o for offences in found.values() for o in offences] == []


def _texts(path: pathlib.Path) -> Iterator[tuple[int, str, frozenset[str] | None]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Text"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            spread = any(k.arg is None for k in node.keywords)  # Text("k", **values)
            names = None if spread else frozenset(str(k.arg) for k in node.keywords)
            yield node.lineno, node.args[0].value, names


def test_every_text_in_the_source_names_a_catalogue_key_with_its_placeholders() -> None:
    en = catalogue("en")
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        for line, key, names in _texts(path):
            where = f"{path.relative_to(SRC)}:{line}"
            if key not in en:
                bad.append(f"{where}: no key {key!r}")
            elif names is not None and names != placeholders(en[key]):
                bad.append(f"{where}: {key!r} takes {sorted(placeholders(en[key]))}")
    assert bad == []


# ------------------------------------------------------------------ each class, in Latvian


def _examples() -> list[tuple[str, Example]]:
    """Every ``EXAMPLES`` list of the ``tests/error_examples_*.py`` modules, one per area."""
    found = []
    for path in sorted(pathlib.Path(__file__).parent.glob("error_examples_*.py")):
        module = importlib.import_module(path.stem)
        for n, example in enumerate(module.EXAMPLES):
            found.append(
                (f"{path.stem.removeprefix('error_examples_')}-{n}-{example.error}", example)
            )
    return found


EXAMPLES = _examples()


def _raised_names() -> set[str]:
    """The error classes the library raises itself (called somewhere in its source)."""
    called: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return called & ERROR_NAMES


def test_every_error_class_has_an_example() -> None:
    named = {e.error for _, e in EXAMPLES}
    assert sorted(named - ERROR_NAMES) == []
    # a base class the library never raises itself (VkacFlowError, ProcedureError) needs none
    assert sorted(_raised_names() - named) == []
    assert {"VkacFlowError", "ProcedureError"} - _raised_names() == {
        "VkacFlowError",
        "ProcedureError",
    }


@pytest.mark.parametrize("example", [e for _, e in EXAMPLES], ids=[n for n, _ in EXAMPLES])
def test_each_error_class_speaks_latvian(example: Example) -> None:
    with pytest.raises(errors.VkacFlowError) as info:
        example.call()
    err = info.value
    assert type(err).__name__ == example.error
    assert isinstance(err.text, Text), "raised with a plain string, not a catalogue text"
    english, latvian = err.localized("en"), err.localized("lv")
    assert english == str(err)
    assert latvian != english
    assert english_in(latvian, names=example.codes) == set(), latvian


def test_points_are_cited_as_each_language_writes_them() -> None:
    err = errors.RuleViolationError(
        Text("error.input.expected_string", what="x", got="int"), points=("p. 13.2", "APL s. 43(2)")
    )
    assert str(err).endswith("[p. 13.2, APL s. 43(2)]")
    assert err.localized("lv").endswith("[13.2. apakšpunkts, APL 43. panta 2. daļa]")


def test_procedure_errors_list_the_allowed_events_in_each_language() -> None:
    err = errors.IllegalTransitionError(
        Text("error.input.expected_string", what="x", got="int"), event="e", allowed=()
    )
    assert "Allowed now: none." in str(err)
    assert "Tagad atļauts: nekas." in err.localized("lv")
    assert err.reason == "x: expected a string, got int"


def test_a_plain_string_message_is_shown_as_it_is() -> None:
    err = errors.InputError("as given")
    assert err.text is None
    assert err.localized("lv") == err.localized("en") == str(err) == "as given"


def test_the_cli_prints_errors_in_the_users_language(capsys: pytest.CaptureFixture[str]) -> None:
    from vkac_flow.views.cli import main

    assert main(["deadline", "2026-13-45", "--working-days", "3", "--lang", "lv"]) == 2
    lv = capsys.readouterr().err
    assert lv.startswith("vkac-flow: kļūda: ")
    assert main(["deadline", "2026-13-45", "--working-days", "3", "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith("vkac-flow: error: ")
