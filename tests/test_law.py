"""Tests of vkac_flow.law.regulation: the regulation as data, citations, in-force dates, the ministry."""

from __future__ import annotations

import datetime
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from vkac_flow.errors import InputError, InputTypeError, UnknownPointError, VkacFlowError
from vkac_flow.law.regulation import (
    CHAPTERS,
    PROCEDURE_POINTS,
    REGULATION,
    REGULATION_IN_FORCE,
    Point,
    cite,
    load_regulation,
    ministry_name,
)

D = datetime.date
LV_TEXT = Path(__file__).resolve().parents[2] / "shared" / "law" / "regulation-lv.txt"


def _raw() -> dict[str, Any]:
    text = resources.files("vkac_flow.law").joinpath("regulation.toml").read_text("utf-8")
    return tomllib.loads(text)


# -- the registry --------------------------------------------------------------------------


def test_counts() -> None:
    numbers = [p.number for p in REGULATION]
    assert len(REGULATION) == len(numbers) == 112
    assert [p.number for p in REGULATION.top_level()] == [str(n) for n in range(1, 26)]
    assert [p.number for p in REGULATION.children("20")] == [f"20.{n}" for n in range(1, 21)]
    assert [p.number for p in REGULATION.children("17")] == [f"17.{n}" for n in range(1, 17)]
    assert [p.number for p in REGULATION.children("2")] == [f"2.{n}" for n in range(1, 8)]
    assert [p.number for p in REGULATION.children("21")] == [f"21.{n}" for n in range(1, 5)]
    assert [p.number for p in REGULATION.children("19")] == [f"19.{n}" for n in range(1, 8)]
    assert len(set(numbers)) == len(numbers)


def test_document_order() -> None:
    def key(number: str) -> tuple[int, ...]:
        return tuple(int(part) for part in number.split("."))

    numbers = [p.number for p in REGULATION]
    assert numbers == sorted(numbers, key=key)
    assert numbers[:4] == ["1", "2", "2.1", "2.2"]
    assert numbers[-3:] == ["23", "24", "25"]


@pytest.mark.parametrize(
    "number",
    ["2", "2.7", "3.3", "13", "13.1", "13.2", "13.2.1", "13.2.2", "13.3", "14.2.2", "16", "22"],
)
def test_spot_points_exist(number: str) -> None:
    assert number in REGULATION
    assert f"p. {number}" in REGULATION
    assert REGULATION.point(number).number == number


@pytest.mark.parametrize("number", ["13.4", "14.4", "15.4", "20.21", "26", "0", "2.8", "13.2.3"])
def test_absent_points(number: str) -> None:
    assert number not in REGULATION
    with pytest.raises(UnknownPointError):
        REGULATION.point(number)


def test_contains_never_raises() -> None:
    assert 13 not in REGULATION
    assert None not in REGULATION
    assert "p.13" not in REGULATION
    assert "point 13" not in REGULATION


def test_texts_non_empty_and_distinct_languages() -> None:
    for p in REGULATION:
        assert p.text_lv.strip(), p.number
        assert p.text_en.strip(), p.number
        assert p.text_lv != p.text_en, p.number
        assert p.text_lv == p.text_lv.strip(), p.number
        assert p.chapter in CHAPTERS


def test_latvian_key_phrases() -> None:
    assert "20 darbdienu laikā" in REGULATION.point("13.2").text_lv
    assert "20 darbdienu laikā" in REGULATION.point("14.2").text_lv
    assert "10 darbdienu" in REGULATION.point("15.2").text_lv
    assert "viena mēneša laikā" in REGULATION.point("15.3").text_lv
    assert "vienu mēnesi iepriekš" in REGULATION.point("16").text_lv
    assert "izņemot minimālo pakalpojumu grozu" in REGULATION.point("16").text_lv
    assert REGULATION.point("12").text_lv.startswith("Pašvaldība, iestāde vai pakalpojuma")


def test_english_key_phrases() -> None:
    assert "20 working days" in REGULATION.point("13.2").text_en
    assert "10 working days" in REGULATION.point("15.2").text_en
    assert "another institution or service holder" in REGULATION.point("13.2.1").text_en
    assert "except the minimum service basket" in REGULATION.point("16").text_en
    # 20.13..20.20 are summarised in regulation-en.md: here each is translated in full.
    assert REGULATION.point("20.14").text_en == REGULATION.point("17.4").text_en
    assert "official electronic address" in REGULATION.point("20.14").text_en


def test_chapters() -> None:
    chapter_of = {p.number: p.chapter for p in REGULATION}
    assert chapter_of["2.7"] == "I"
    assert chapter_of["3"] == "II"
    assert chapter_of["6.3"] == "II"
    assert chapter_of["7"] == "III"
    assert chapter_of["16"] == "III"
    assert chapter_of["17"] == "IV"
    assert chapter_of["22"] == "IV"
    assert chapter_of["23"] == "V"
    assert REGULATION.chapter_title("V", "lv") == "Noslēguma jautājumi"
    assert REGULATION.chapter_title("I") == "General provisions"
    with pytest.raises(InputError):
        REGULATION.chapter_title("VI")


@pytest.mark.skipif(not LV_TEXT.exists(), reason="shared/law/regulation-lv.txt not beside the repo")
def test_latvian_text_matches_source() -> None:
    """Every point of the authoritative text is in the data with the same text, and no more."""
    source: dict[str, str] = {}
    started = False
    for line in LV_TEXT.read_text("utf-8").splitlines():
        if re.match(r"^I\.[ \xa0]", line):
            started = True
        match = re.match(r"^(\d+(?:\.\d+)*)\.[ \xa0](.*)$", line)
        if started and match:
            source[match.group(1)] = match.group(2).rstrip()
    assert {p.number: p.text_lv for p in REGULATION} == source


# -- in force ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "first_day", "basis"),
    [
        ("5.3", D(2018, 7, 1), "p. 23"),
        ("17.4", D(2018, 6, 1), "p. 24"),
        ("20.14", D(2018, 6, 1), "p. 24"),
        ("6.3", D(2017, 7, 1), "p. 25"),
        ("17.3", D(2017, 7, 1), "p. 25"),
        ("20.13", D(2017, 7, 1), "p. 25"),
        ("13.2.1", D(2017, 7, 1), "p. 25"),
        ("25", D(2017, 7, 1), "p. 25"),
    ],
)
def test_in_force_dates(number: str, first_day: datetime.date, basis: str) -> None:
    point = REGULATION.point(number)
    assert point.in_force_from == first_day
    assert point.in_force_basis == basis
    assert point.in_force(first_day)
    assert not point.in_force(first_day - datetime.timedelta(days=1))
    assert REGULATION.in_force(number, first_day)
    assert not REGULATION.in_force(f"p. {number}", first_day - datetime.timedelta(days=1))


def test_only_three_points_deferred() -> None:
    deferred = {p.number for p in REGULATION if p.in_force_from != REGULATION_IN_FORCE}
    assert deferred == {"5.3", "17.4", "20.14"}


def test_regulation_in_force_is_point_25() -> None:
    assert D(2017, 7, 1) == REGULATION_IN_FORCE
    assert REGULATION.point("25").in_force_from == REGULATION_IN_FORCE
    assert "2017.\xa0gada 1.\xa0jūlijā" in REGULATION.point("25").text_lv


def test_in_force_accepts_aware_datetime_in_riga() -> None:
    # 2018-05-31T22:30Z is 2018-06-01 01:30 in Riga: 17.4 is in force.
    late = datetime.datetime(2018, 5, 31, 22, 30, tzinfo=datetime.UTC)
    assert REGULATION.point("17.4").in_force(late)


def test_in_force_rejects_naive_datetime_and_other_types() -> None:
    with pytest.raises(InputError):
        REGULATION.point("17.4").in_force(datetime.datetime(2018, 6, 1, 12))
    with pytest.raises(InputTypeError):
        REGULATION.point("17.4").in_force(20180601)  # type: ignore[arg-type]


# -- tree ----------------------------------------------------------------------------------


def test_parent_depth_ref() -> None:
    p = REGULATION.point("13.2.1")
    assert (p.ref, p.parent, p.depth) == ("p. 13.2.1", "13.2", 3)
    assert REGULATION.point("13.2").parent == "13"
    assert REGULATION.point("13").parent is None
    assert REGULATION.point("13").depth == 1
    assert REGULATION.point("20.20").parent == "20"


def test_children_and_descendants() -> None:
    assert [p.number for p in REGULATION.children("13")] == ["13.1", "13.2", "13.3"]
    assert [p.number for p in REGULATION.children("p. 13.2")] == ["13.2.1", "13.2.2"]
    assert REGULATION.children("12") == ()
    assert [p.number for p in REGULATION.descendants("13")] == [
        "13.1",
        "13.2",
        "13.2.1",
        "13.2.2",
        "13.3",
    ]
    # "1" is not a prefix of "13.1" in the tree sense.
    assert REGULATION.descendants("1") == ()
    assert [p.number for p in REGULATION.descendants("2")][-1] == "2.7"
    with pytest.raises(UnknownPointError):
        REGULATION.children("13.4")


# -- cite ----------------------------------------------------------------------------------


def test_cite_accepts_both_forms() -> None:
    assert cite("13.2.1") == ("p. 13.2.1",)
    assert cite("p. 13.2.1", "16") == ("p. 13.2.1", "p. 16")
    assert cite() == ()


@pytest.mark.parametrize("bad", ["13.4", "p. 99", "p.13", "13.", "13.2.1.", " 13", "", "P. 13"])
def test_cite_rejects(bad: str) -> None:
    with pytest.raises(UnknownPointError) as info:
        cite("13", bad)
    assert isinstance(info.value, VkacFlowError)
    assert isinstance(info.value, ValueError)
    assert info.value.number == bad
    assert repr(bad) in str(info.value)


def test_cite_rejects_non_string() -> None:
    with pytest.raises(InputTypeError):
        cite(13)  # type: ignore[arg-type]


def test_unknown_point_message_names_number() -> None:
    with pytest.raises(UnknownPointError, match=r"no point 99"):
        REGULATION.point("p. 99")


def test_procedure_points_exist_and_are_normative() -> None:
    assert len(PROCEDURE_POINTS) == len(set(PROCEDURE_POINTS)) == 15
    assert cite(*PROCEDURE_POINTS) == tuple(f"p. {n}" for n in PROCEDURE_POINTS)
    for number in PROCEDURE_POINTS:
        assert REGULATION.point(number).chapter == "III"
    # Headings that only introduce sub-points are not in the list.
    assert "13" not in PROCEDURE_POINTS
    assert "15" not in PROCEDURE_POINTS


# -- the ministry --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "lang", "name"),
    [
        (D(2017, 7, 1), "en", "Ministry of Environmental Protection and Regional Development"),
        (D(2024, 6, 30), "en", "Ministry of Environmental Protection and Regional Development"),
        (D(2024, 7, 1), "en", "Ministry of Smart Administration and Regional Development"),
        (D(2030, 1, 1), "en", "Ministry of Smart Administration and Regional Development"),
        (D(2024, 6, 30), "lv", "Vides aizsardzības un reģionālās attīstības ministrija"),
        (D(2024, 7, 1), "lv", "Viedās administrācijas un reģionālās attīstības ministrija"),
    ],
)
def test_ministry_name(day: datetime.date, lang: str, name: str) -> None:
    assert ministry_name(day, lang) == name


def test_ministry_name_matches_point_8() -> None:
    old = ministry_name(D(2018, 1, 1), "lv")
    assert old in REGULATION.point("8").text_lv


def test_ministry_name_errors() -> None:
    with pytest.raises(InputError):
        ministry_name(D(2024, 7, 1), "de")
    with pytest.raises(InputError):
        ministry_name("x")
    with pytest.raises(InputTypeError):
        ministry_name(2024)  # type: ignore[arg-type]
    assert ministry_name("2024-07-01") == ministry_name(D(2024, 7, 1))


# -- the data file -------------------------------------------------------------------------


def test_meta() -> None:
    assert REGULATION.title_lv.startswith("Valsts un pašvaldību vienoto klientu")
    assert REGULATION.title_en.startswith("Types of state and municipal")
    assert "No. 401" in REGULATION.source
    assert "draft" in REGULATION.source


def test_load_regulation_rejects_broken_data() -> None:
    data = _raw()
    assert load_regulation(data) == REGULATION
    broken = dict(data, point=[*data["point"], data["point"][5]])
    with pytest.raises(InputError, match="twice"):
        load_regulation(broken)
    orphan = dict(data, point=[p for p in data["point"] if p["number"] != "13.2"])
    with pytest.raises(InputError, match="parent"):
        load_regulation(orphan)
    no_meta = {k: v for k, v in data.items() if k != "meta"}
    with pytest.raises(InputError):
        load_regulation(no_meta)


def test_point_validation() -> None:
    good: dict[str, Any] = {
        "number": "1",
        "chapter": "I",
        "text_lv": "a",
        "text_en": "b",
        "in_force_from": D(2017, 7, 1),
        "in_force_basis": "p. 25",
    }
    Point(**good)
    for key, value in [
        ("number", "1.a"),
        ("chapter", "VI"),
        ("text_lv", " "),
        ("in_force_basis", "25"),
    ]:
        with pytest.raises(InputError):
            Point(**{**good, key: value})
    with pytest.raises(InputTypeError):
        Point(**{**good, "in_force_from": "2017-07-01"})
    with pytest.raises(InputTypeError):
        Point(**{**good, "number": 1})
