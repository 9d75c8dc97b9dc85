"""The seams issue 12's parallel conversion left (issue 12, leftovers).

One copy of each rule (citing points), the reason hooks typed as texts, and the English
that was left in outputs, each output checked in Latvian for English words.
"""

from __future__ import annotations

import ast
import pathlib
import typing

import pytest

import vkac_flow
from latvian_words import english_in
from vkac_flow import (
    IllegalTransitionError,
    InputError,
    Party,
    Service,
    TransferProcedure,
    check_centre_staffing,
    minimum_basket_service,
    notice_ok,
)
from vkac_flow.law.duties import duties_markdown
from vkac_flow.messages import Cited, Points, Text, with_points

SRC = pathlib.Path(vkac_flow.__file__).parent
MESSAGES = SRC / "messages" / "__init__.py"

# ------------------------------------------------------------------ one rule for citing points

COPIES = frozenset({"cited", "with_points", "_with_points", "points_text", "_Cited", "TextReason"})
"""The names the copies of the citing rule had (views/texts.py, simulate/timelines.py,
procedures/reasons.py, display.py, applying.py, law/committee.py, simulate/_arrays.py)."""


def _copies(path: pathlib.Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name in COPIES:
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.name}")
        # ", ".join(point_label(p, lang) for p in points) is point_labels written again
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "join"
            and node.args
            and isinstance(node.args[0], ast.ListComp | ast.GeneratorExp)
            and isinstance(node.args[0].elt, ast.Call)
            and getattr(node.args[0].elt.func, "id", "") == "point_label"
        ):
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: point_label joined")
    return found


def test_the_points_are_cited_by_one_function_only() -> None:
    copies = [c for path in sorted(SRC.rglob("*.py")) if path != MESSAGES for c in _copies(path)]
    assert copies == []


def test_an_error_and_a_quoted_refusal_cite_alike() -> None:
    """errors.localized and with_points are one rule: every point named, once."""
    points = ("p. 13.2", "APL s. 43(2)")
    err = InputError(Text("error.input.expected_string", what="x", got="int"), points=points)
    cited = with_points(Text("error.input.expected_string", what="x", got="int"), points)
    assert isinstance(cited, Cited)
    for lang in ("en", "lv"):
        assert err.localized(lang) == cited.render(lang)
    assert cited.render("lv").endswith("[13.2. apakšpunkts, APL 43. panta 2. daļa]")
    named = Text("error.records.list", first="p. 13.2", rest="x")
    assert with_points(named, points).render("en") == "p. 13.2, x [APL s. 43(2)]"
    named_lv = Text("error.records.list", first="13.2. apakšpunkta", rest="APL 43. panta 2. daļā")
    assert with_points(named_lv, points).render("lv") == named_lv.render("lv")  # any case


def test_points_in_a_message_speak_the_acts_latvian_name() -> None:
    """The copy in procedures/reasons.py left another act's citation in English."""
    assert Points(("p. 14.2", "APL s. 43(2)")).render("lv") == (
        "14.2. apakšpunkts, APL 43. panta 2. daļa"
    )


# ------------------------------------------------------------------ the reason hooks are texts


def test_the_reason_hooks_are_typed_as_texts() -> None:
    from vkac_flow.procedures.applying import Applying
    from vkac_flow.procedures.core import ProcedureCore

    for hook in (Applying._final_reason, Applying._illegal_reason):
        assert typing.get_type_hints(hook)["return"] is Text
    guard = typing.get_type_hints(ProcedureCore._guard)["return"]
    assert Text in typing.get_args(typing.get_args(guard)[0])
    procedures = SRC / "procedures"
    ignores = [
        f"{p.name}:{n}"
        for p in sorted(procedures.glob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if "type: ignore[override" in line or "cast(str" in line
    ]
    assert ignores == []


def test_a_refused_event_speaks_latvian_with_its_points() -> None:
    holder = Party.service_holder("SIA Ceļi")
    proc = TransferProcedure.propose(Service("Road permit", holder), initiator=holder)
    with pytest.raises(IllegalTransitionError) as info:
        proc.committee_decided("2026-03-02", approved=True, centres=["Cēsis"])
    assert isinstance(info.value.text, Cited)  # the reason a text, cited in each language
    codes = ["Cēsis", "committee_decided", *info.value.allowed]
    assert english_in(info.value.localized("lv"), names=codes) == set()


# ------------------------------------------------------------------ English left in outputs


@pytest.mark.parametrize(
    ("centre", "serving", "on"),
    [
        ("county", {}, "2026-03-02"),
        ("regional", {"VID": 5}, "2026-03-02"),
        ("regional", {"VID": 5}, "2018-03-02"),
        ("national", {"VID": 5, "VSAA": 5, "LAD": 5, "NVA": 5, "UR": 5}, "2026-03-02"),
    ],
)
def test_a_staffing_check_explains_itself_in_latvian(
    centre: str, serving: dict[str, int], on: str
) -> None:
    check = check_centre_staffing(centre, serving, on)
    latvian = check.explain("lv")
    assert latvian != check.explain()
    assert english_in(latvian, names=[*serving, "VID", "VSAA", "LAD", "NVA", "UR"]) == set()
    assert "punkts" in latvian  # the point, as Latvian cites it


def test_a_staffing_check_keeps_its_english() -> None:
    check = check_centre_staffing("regional", {"VID": 5}, "2026-03-02")
    assert check.explain() == (
        "p. 5.3: at least 3 institutions serving at least 1 working day(s) a week; "
        "qualifying: VID. Not met: 2 more needed."
    )


@pytest.mark.parametrize("sent", ["2026-03-02", "2026-03-09"])
def test_a_notice_check_in_latvian(sent: str) -> None:
    check = notice_ok(sent, "2026-03-10", "p. 19.1")
    latvian = check.describe("lv")
    assert latvian.startswith("19.1. apakšpunkts: nosūtīts")
    assert english_in(latvian) == set()
    assert str(check) == check.describe("en")


def test_the_late_notice_keeps_its_english() -> None:
    assert str(notice_ok("2026-03-09", "2026-03-10", "p. 19.1")) == (
        "p. 19.1: sent on 2026-03-09, 4 working day(s) late (latest day 2026-03-03 for 2026-03-10)"
    )


def test_the_duties_table_in_latvian() -> None:
    table = duties_markdown("lv")
    assert (
        table.splitlines()[0]
        == "| punkts | kam | centri | veids | termiņš | spēkā no | pienākums |"
    )
    assert len(table.splitlines()) == len(duties_markdown().splitlines())
    # the duty column quotes the regulation's Latvian text, which cites names like these
    assert english_in(table, names=["rolling-36-months", "calendar-year"]) == set()


def test_the_default_basket_service_name_in_latvian() -> None:
    service = minimum_basket_service("VZD", lang="lv")
    assert service.name == "Minimālā pakalpojumu groza pakalpojumi: Valsts zemes dienests"
    assert minimum_basket_service("VZD").name == "Minimum-basket services of the State Land Service"


def _folded() -> TransferProcedure:
    from vkac_flow import load_procedure

    holder = Party.service_holder("SIA Ceļi")
    proc = TransferProcedure.propose(Service("Road permit", holder), initiator=holder)
    proc.letter_received("2026-03-02")
    doc = proc.to_dict()
    doc["rules_version"] = "older-" + str(doc["rules_version"])
    folded = load_procedure(doc)
    assert isinstance(folded, TransferProcedure)
    return folded


def test_the_rules_note_is_stated_once() -> None:
    """folding.py's rules_note and display's rules_note_text were two statements of it."""
    defined = [
        f"{path.name}:{node.name}"
        for path in sorted((SRC / "procedures").glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name in ("rules_note", "rules_note_text")
    ]
    assert defined == ["folding.py:rules_note", "folding.py:rules_note_text"]
    folded = _folded()
    assert folded.rules_note == folded.rules_note_text("en")
    assert folded.rules_note is not None
    assert folded.rules_note.startswith("read under rules ")
    latvian = folded.rules_note_text("lv")
    assert latvian is not None
    from vkac_flow.procedures.folding import FOLDED_CONTINUES_POLICY, OLDER_RULES_POLICY

    policies = [OLDER_RULES_POLICY, FOLDED_CONTINUES_POLICY]
    codes = [folded.rules_version, folded.current_rules_version(), *policies]
    assert english_in(latvian, names=codes) == set(), latvian


@pytest.mark.parametrize("kind", ["OBSERVED", "TRANSFER_DAY_OFF"])
def test_the_days_the_calendar_makes_are_named_from_the_catalogue(kind: str) -> None:
    """calendar/latvian.py wrote these names in bilingual f-strings."""
    import datetime

    from vkac_flow import DayKind, LatvianCalendar

    calendar = LatvianCalendar()
    days = [
        calendar.day_info(datetime.date(2018, 1, 1) + datetime.timedelta(days=n))
        for n in range(365 * 8)
    ]
    made = [d for d in days if d.kind is DayKind[kind]]
    assert made  # 2018-2025 have both (weekend holidays, transfer orders)
    for day in made:
        assert day.name_en.startswith("Day off ")
        assert day.name_lv.startswith("Brīvdiena")
        assert english_in(day.name_lv) == set(), day.name_lv
    source = (SRC / "calendar" / "latvian.py").read_text(encoding="utf-8")
    assert 'f"Day off' not in source
    assert 'f"Brīvdiena' not in source


def test_the_register_check_reports_in_latvian(tmp_path: pathlib.Path) -> None:
    import sqlalchemy as sa

    from vkac_flow import Register
    from vkac_flow.register.schema import procedures

    holder = Party.service_holder("SIA Ceļi")
    with Register.open(f"sqlite:///{tmp_path / 'r.db'}") as reg:
        reg.propose(
            TransferProcedure.propose(
                Service("Road permit", holder), initiator=holder, procedure_id="p-1"
            )
        )
        assert reg.check("lv") == ()
        with reg.engine.begin() as conn:
            conn.execute(
                sa.update(procedures).where(procedures.c.id == "p-1").values(rules_version="x")
            )
        assert reg.check() == ("p-1: projection rules_version differs from the log",)
        (latvian,) = reg.check("lv")
        assert latvian == "p-1: projekcija rules_version atšķiras no žurnāla"
        assert english_in(latvian) == set()
