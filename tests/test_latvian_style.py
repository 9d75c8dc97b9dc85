"""The Latvian catalogue's style decisions (issue 12), checked over every ``messages/lv/`` file.

The Latvian texts were written by several people at once; a review made them one voice. These
tests keep the decisions it made, so that a new text follows them too:

- the regulation's own terms, one Latvian term for each English one (``TERMS``): a working day
  is a *darbdiena* (p. 13.2, 15.2, 19.1; "darba diena" only in the title of the Cabinet's
  orders, *rīkojums par darba dienu pārcelšanu*), training is *mācības* (p. 15.1-15.3
  "pēc mācību beigām", not "apmācība"), a waiting period a *nogaidīšanas termiņš*, a named
  policy an *interpretācija*, the committee always the *uzraudzības komiteja*;
- points cited as the regulation cites them: "14. punkts", "14.2. apakšpunkts", ranges with an
  en dash ("12.–15. punkts"), parts of a section in digits ("APL 43. panta 2. daļa", as
  :func:`~vkac_flow.messages.point_label` writes them);
- Latvian letters, never ASCII stand-ins (``LOOKALIKES``), in composed form (NFC);
- Latvian quotation marks „…“ only; no double spaces the English text does not have; month and
  weekday names in lower case;
- the count forms: ``days_one`` / ``days_many`` are the forms the preposition "par" takes
  ("nokavēts par 21 dienu", "par 11 dienām"), and every text they fill puts "par" before them;
- an error whose Latvian text already names its point, in any case or in a list, does not
  repeat it in brackets (:meth:`~vkac_flow.errors.VkacFlowError.localized`).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from importlib import resources

import pytest

from vkac_flow.errors import InputError, RuleViolationError
from vkac_flow.messages import Text, count, message

NOT_YET_REVIEWED: frozenset[str] = frozenset()
"""Files not reviewed yet, skipped by the term checks (:data:`TERMS`, :data:`FORBIDDEN`): none."""


def _flat(node: Mapping[str, object], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in node.items():
        if isinstance(value, Mapping):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", str(value)


def _texts(lang: str) -> dict[str, tuple[str, str]]:
    """Every text of ``lang``: key -> (file name, text)."""
    folder = resources.files("vkac_flow.messages").joinpath(lang)
    found: dict[str, tuple[str, str]] = {}
    for file in folder.iterdir():
        if file.name.endswith(".toml"):
            data = tomllib.loads(file.read_text(encoding="utf-8"))
            found.update({k: (file.name, v) for k, v in _flat(data)})
    return found


LV = _texts("lv")
EN = _texts("en")


_CODE = re.compile(
    r"'[^']*'|`[^`]*`|\{\w+\}|--[\w-]+|\b\w*_\w*\b|\w+\([^)]*\)|\b\w+(?:\.\w+)+\b|\b[A-Z]\w*[A-Z]\w*\b"
)
"""Codes inside a text: quotes, placeholders, options, ``a_b``, ``f()``, ``a.b``, ``CamelCase``."""


def _words(text: str, latvian: str = "") -> str:
    """``text`` without its codes (and without a leading ``name:`` the Latvian text repeats)."""
    lead = re.match(r"(\w+): ", text)
    if lead is not None and latvian.startswith(lead[0]):
        text = text[len(lead[0]) :]
    return _CODE.sub(" ", text)


TERMS: tuple[tuple[str, str, frozenset[str]], ...] = (
    # (English term, the Latvian the text must contain, keys where the English word is a code)
    (r"\bworking[- ]days?\b", r"darbd", frozenset()),
    (r"\bcommittee\b", r"uzraudzības komitej", frozenset()),
    (r"\bminimum[- ]basket\b", r"minimāl\w* pakalpojumu groz", frozenset()),
    (r"\bmethodological material\b", r"metodisk\w* materiāl", frozenset()),
    (r"\btraining\b", r"mācīb", frozenset()),
    (r"\bministry\b", r"ministrij", frozenset()),
    (r"\bmunicipalit(y|ies)\b", r"pašvaldīb", frozenset()),
    (r"\bwaiting periods?\b", r"nogaidīšanas termiņ", frozenset()),
    (r"\bpolicy\b", r"interpretācij", frozenset()),
    (r"\btransfer orders?\b", r"darba dienu pārcelšan", frozenset()),
    (r"\bexclu(de|ded|des|ding|sion)\b", r"izslē(g|dz)", frozenset()),
    (r"\bholder\b", r"pakalpojuma turētāj|\{holder\}", frozenset({"error.services.holder_type"})),
)
"""One Latvian term for each English one (the regulation's own, p. 2, 9-16)."""

FORBIDDEN: tuple[tuple[str, str], ...] = (
    (r"\bapmācīb", "training is 'mācības' (p. 15.1-15.3: 'pēc mācību beigām')"),
    (r"\bpolitik", "a named policy is an 'interpretācija'"),
    (r"(?<!uzraudzības )\bkomitej", "the committee is the 'uzraudzības komiteja' (p. 9)"),
    (r"(?<!no)gaidīšanas (termiņ|period)", "a waiting period is a 'nogaidīšanas termiņš'"),
    (r"(?<!darba dienu )\bpārcelšanas rīkojum", "a transfer order: 'darba dienu pārcelšanas'"),
    (r"\bturētāj", ""),  # checked below: always "pakalpojuma turētājs"
)

LOOKALIKES = (
    r"\bpasvald",
    r"\biestad",
    r"\bturetaj",
    r"\buzraudzib",
    r"\bapaksp",
    r"\btermin(s|a|u|i|os)\b",
    r"\bjabut\b",
    r"\bnedrikst\b",
    r"\bsanemt",
    r"\bmenes",
    r"\bstavokl",
    r"\bprocedur(a|as|u|ai|am|as)\b",
    r"\bizsleg",
    r"\bnodosan",
    r"\bmaterial(s|a|u)\b",
    r"\bmacib",
    r"\bsede\b",
    r"\bvestul",
    r"\blidz\b",
    r"\barpus\b",
    r"\bsniegsan",
    r"\bdarbdien(a|as)\s+(laik|pec)\b",
    r"\bkalendar(s|a)\b",
    r"\bpazinojum",
    r"\bjanvar|\bfebruar|\baprilis|\bjunij|\bjulij",
)
"""ASCII stand-ins of Latvian words ("pasvaldiba" for "pašvaldība"): never correct Latvian."""


def _reviewed() -> Iterator[tuple[str, str, str]]:
    for key, (file, text) in sorted(LV.items()):
        if file not in NOT_YET_REVIEWED:
            yield key, file, text


def test_every_english_term_has_its_one_latvian_term() -> None:
    wrong = []
    for key, file, text in _reviewed():
        english = _words(EN[key][1], text)
        for term, latvian, codes in TERMS:
            if key in codes or not re.search(term, english, re.IGNORECASE):
                continue
            if not re.search(latvian, text, re.IGNORECASE):
                wrong.append((file, key, term, text))
    assert wrong == []


def test_no_second_translation_of_a_term() -> None:
    wrong = []
    for key, file, text in _reviewed():
        for pattern, why in FORBIDDEN:
            if why and re.search(pattern, text, re.IGNORECASE):
                wrong.append((file, key, why, text))
        for found in re.finditer(r"\w*turētāj\w*", text, re.IGNORECASE):
            if not text[: found.start()].lower().endswith("pakalpojuma "):
                wrong.append((file, key, "'pakalpojuma turētājs', never a bare 'turētājs'", text))
    assert wrong == []


def test_working_days_are_darbdienas() -> None:
    """P. 13.2, 15.2 and 19.1 write "darbdiena"; "darba diena" only in the orders' title."""
    wrong = [
        (key, text)
        for key, (_, text) in LV.items()
        if re.search(r"\bdarba dien(?!u pārcelšan)|\bdarbadien", text, re.IGNORECASE)
    ]
    assert wrong == []


def test_latvian_letters_not_ascii_lookalikes() -> None:
    wrong = [
        (key, pattern, text)
        for key, (_, text) in LV.items()
        for pattern in LOOKALIKES
        if re.search(pattern, _CODE.sub(" ", text), re.IGNORECASE)
    ]
    assert wrong == []
    assert [k for k, (_, t) in LV.items() if unicodedata.normalize("NFC", t) != t] == []


def test_points_are_cited_as_the_regulation_cites_them() -> None:
    wrong = []
    for key, (_, text) in LV.items():
        for found in re.finditer(r"(\d+(?:\.\d+)*)\.\s+(apakšpunkt|punkt)", text):
            if ("." in found[1]) != (found[2] == "apakšpunkt"):  # 14.2. apakšpunkts, 14. punkts
                wrong.append((key, found[0]))
        if re.search(r"\d\.-\d", text):  # a range takes an en dash: 12.–15. punkts
            wrong.append((key, "hyphen in a range"))
        if re.search(r"panta (pirm|otr|treš|ceturt|piekt)\w* daļ", text):  # APL 43. panta 2. daļa
            wrong.append((key, "part of a section in words"))
        if re.search(r"\bp\. ?\d", text) and "'p. " not in text:  # "p. 14" is English
            wrong.append((key, "English cite"))
    assert wrong == []


def test_latvian_quotation_marks_and_spacing() -> None:
    wrong = []
    for key, (_, text) in LV.items():
        if re.search(r"[\"”«»]", text) or text.count("„") != text.count("“"):
            wrong.append((key, "quotes: „…“ only"))
        marks = "".join(c for c in text if c in "„“")
        if marks != "„“" * (len(marks) // 2):
            wrong.append((key, "a closing “ before its opening „"))
        if text.count("  ") != EN[key][1].count("  "):
            wrong.append((key, "double space"))
        if text != text.strip() and EN[key][1].strip() == EN[key][1]:
            wrong.append((key, "space at an end"))
    assert wrong == []


def test_months_and_weekdays_are_lower_case() -> None:
    names = [
        message(f"month_{form}.{m}", "lv")
        for form in ("nominative", "locative")
        for m in range(1, 13)
    ]
    names += [message(f"weekday.{d}", "lv") for d in range(1, 8)]
    assert all(n == n.lower() for n in names)
    capitalised = {n.capitalize() for n in names}
    wrong = [(k, t) for k, (_, t) in LV.items() for n in capitalised if re.search(rf"\b{n}\b", t)]
    assert wrong == []


@pytest.mark.parametrize(
    ("n", "form"),
    [
        (1, "dienu"),
        (21, "dienu"),
        (31, "dienu"),
        (11, "dienām"),
        (0, "dienām"),
        (5, "dienām"),
        (111, "dienām"),
    ],
)
def test_day_counts_take_the_forms_par_governs(n: int, form: str) -> None:
    """CLDR: 1, 21, 31 (not 11, 111) singular; "par" + accusative singular / dative plural."""
    assert count("days", "lv", n) == f"{n} {form}"
    working = "darbdienu" if form == "dienu" else "darbdienām"
    assert count("working_days", "lv", n) == f"{n} {working}"


@pytest.mark.parametrize(
    ("key", "placeholders"),
    [
        ("breach_late", ("days",)),
        ("breach_missed", ("days",)),
        ("error.exclusion.too_early", ("days",)),
    ],
)
def test_counted_days_follow_par(key: str, placeholders: tuple[str, ...]) -> None:
    """The texts ``count("days")`` fills (display.py, exclusion.py) put "par" before it."""
    text = LV[key][1]
    for name in placeholders:
        assert re.search(r"\bpar \{" + name + r"\}", text), text


def test_a_point_named_in_the_genitive_is_not_repeated() -> None:
    err = RuleViolationError(
        Text(
            "error.transfer.calendars_mismatch",
            what="municipal_calendars",
            document="'x'",
            argument="'y'",
            key="k",
            policy="P",
        ),
        points=("p. 15.3",),
    )
    lv = err.localized("lv")
    assert "15.3. apakšpunkta termiņus" in lv
    assert "[15.3. apakšpunkts]" not in lv
    assert "[p. 15.3]" not in str(err)  # English names it too ("counts p. 15.3")


def test_a_point_named_in_a_latvian_list_is_not_repeated() -> None:
    err = InputError(
        Text("error.duties.staffing_code", code="'XYZ'", codes="LAD, NVA"),
        points=("p. 5.3", "p. 6.3"),
    )
    assert "5.3. un 6.3. apakšpunktā" in err.localized("lv")
    assert "[" not in err.localized("lv")


@pytest.mark.parametrize(
    ("body", "points", "appended"),
    [
        ("skatīt 116. punktu", ("p. 16",), True),  # 116 is another point
        ("skatīt 16. punktā", ("p. 16",), False),
        ("APL 43. panta 2. daļā noteiktais", ("APL s. 43(2)",), False),
        ("APL 43. panta 3. daļā noteiktais", ("APL s. 43(2)",), True),
        ("8.–11. punkta pienākumi", ("p. 11",), False),
        ("14.2.1. apakšpunkta informācija", ("p. 14.2",), True),  # 14.2.1 is not 14.2
    ],
)
def test_which_latvian_cites_name_a_point(
    body: str, points: tuple[str, ...], appended: bool
) -> None:
    err = InputError(body, points=points)
    assert (err.localized("lv") != body) is appended
