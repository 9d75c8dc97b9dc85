"""What a procedure shows a person, in Latvian and English (issue 12, procedure steps).

``summary()``, the findings, the rules note of a folded history, the p. 16 waiting period
and the HTML reprs (``html_body``, a snapshot's, the timeline's) are rendered in Latvian and
checked for English words (tests/latvian_words.py); the notebook HTML follows
``VKAC_LANG`` at render time.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable

import pytest

from latvian_words import english_in
from vkac_flow import ExclusionProcedure, Party, Service, TransferProcedure, load_procedure
from vkac_flow.procedures.timeline import Timeline, statutory_timeline

TODAY = datetime.date(2026, 9, 1)
HOLDER = Party.service_holder("Latvijas Valsts ceļi")
SERVICE = Service("Būvatļauja", HOLDER)
MUNICIPALITY = Party.municipality("Cēsu novads")
NAMES = ("Būvatļauja", "Latvijas Valsts ceļi", "Cēsu novads", "Cēsis", "Valmiera")


def _transfer() -> TransferProcedure:
    """Route p. 14, no copy to the holder (a finding), the information late (a breach)."""
    p = TransferProcedure.propose(SERVICE, initiator=MUNICIPALITY, clock=lambda: TODAY)
    p.letter_received("2026-03-02")
    p.readiness_confirmed("2026-03-09")
    p.centres_surveyed("2026-03-16", centres=["Cēsis", "Valmiera"])
    p.information_prepared("2026-04-20")  # due 2026-03-30 (p. 14.2): late
    p.committee_decided("2026-05-20", approved=True, centres=["Cēsis", "Valmiera"])
    p.training_completed("2026-06-15")
    p.service_started("2026-07-01", centre="Cēsis")
    return p


def _exclusion() -> ExclusionProcedure:
    e = ExclusionProcedure.propose(SERVICE, initiator=HOLDER, clock=lambda: TODAY)
    e.committee_informed("2026-08-03")
    return e


def _folded() -> TransferProcedure:
    """A transfer written under other rules: folded, its summary says so (the rules note)."""
    doc = _transfer().to_dict()
    doc["rules_version"] = "older-" + str(doc["rules_version"])
    q = load_procedure(doc, clock=lambda: TODAY)
    assert isinstance(q, TransferProcedure)
    assert q.folded
    return q


def _text(markup: str) -> str:
    """The text a reader sees of ``markup`` (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def _rules_versions(*procs: TransferProcedure | ExclusionProcedure) -> tuple[str, ...]:
    return tuple(v for p in procs for v in (p.rules_version, p.current_rules_version()))


def _projected() -> Timeline:
    timeline = _transfer().projected_timeline()
    assert timeline is not None
    return timeline


RENDERINGS: dict[str, Callable[[str], str]] = {
    "transfer-summary": lambda lang: _transfer().summary(lang=lang),
    "transfer-summary-as-of": lambda lang: _transfer().summary("2026-05-01", lang=lang),
    "exclusion-summary": lambda lang: _exclusion().summary(lang=lang),
    "folded-summary": lambda lang: _folded().summary(lang=lang),
    "transfer-html": lambda lang: _text(_transfer().html_body(lang)),
    "exclusion-html": lambda lang: _text(_exclusion().html_body(lang)),
    "folded-html": lambda lang: _text(_folded().html_body(lang)),
    "snapshot-html": lambda lang: _text(_transfer().as_of("2026-05-01").html_body(lang)),
    "timeline-html": lambda lang: _text(
        statutory_timeline("2026-12-01", "municipality").to_html(lang)
    ),
    "projected-timeline-html": lambda lang: _text(_projected().to_html(lang)),
    "waiting-period": lambda lang: _exclusion().waiting_periods()[0].explain(lang),
    "finding": lambda lang: _transfer().findings(lang)[0],
}
"""Each procedure text, rendered in ``lang``."""


@pytest.mark.parametrize("name", sorted(RENDERINGS))
def test_latvian_procedure_texts_have_no_english_words(name: str) -> None:
    latvian, english = RENDERINGS[name]("lv"), RENDERINGS[name]("en")
    assert latvian.strip()
    assert latvian != english
    # a named interpretation appears as „Latvian name“ (id): latvian_words allows only that
    found = english_in(latvian, names=(*_rules_versions(_folded()), *NAMES))
    assert found == set(), f"{name}: English words in the Latvian text: {sorted(found)}\n{latvian}"


def test_the_latvian_summary_reads_as_the_regulation_does() -> None:
    lv = _transfer().summary(lang="lv")
    assert "stāvoklis — ieviešana" in lv
    assert "konstatējums: 14.1. apakšpunkts: pašvaldības vēstules kopija nav reģistrēta" in lv
    assert "informācija: termiņš 2026-03-30" in lv
    wait = _exclusion().summary(lang="lv")
    assert "nogaidīšanas termiņi:" in wait
    assert "pakalpojums izslēgts ne agrāk kā 2026-09-03: 1 mēnesis no 2026-08-03" in wait
    assert "[rit]" in wait
    folded = _folded().summary(lang="lv")
    assert "noteikumi: nolasīts pēc noteikumu versijas" in folded


def test_the_english_texts_are_unchanged() -> None:
    en = _transfer().summary()
    assert en == str(_transfer())
    assert "p. 14.1: the holder (service holder Latvijas Valsts ceļi) was not informed" in en
    assert "  1. 2026-03-02 letter_received" in en
    assert "  3. 2026-03-16 centres_surveyed (centres=Cēsis, Valmiera)" in en
    wait = _exclusion().summary()
    assert (
        "  exclusion_notice: excluded no earlier than 2026-09-03: 1 month from 2026-08-03 "
        "(p. 16; The committee is informed one month before the exclusion takes effect) "
        "[running]"
    ) in wait
    assert _folded().rules_note_text("en") == _folded().rules_note
    body = _exclusion().html_body("en")
    assert "<b>Waiting periods</b>" not in body  # a table, with its caption
    assert "<caption>Waiting periods</caption>" in body
    assert "<th>earliest</th>" in body


def test_the_notebook_html_follows_the_language_at_render_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p, t = _transfer(), statutory_timeline("2026-12-01", "municipality")
    snap = p.as_of("2026-05-01")
    monkeypatch.setenv("VKAC_LANG", "lv")
    assert p._repr_html_() == p.html_body("lv")
    assert "Pienākumi" in p._repr_html_()
    assert t._repr_html_() == t.to_html("lv")
    assert "uz 2026-05-01" in snap._repr_html_()
    monkeypatch.setenv("VKAC_LANG", "en")
    assert p._repr_html_() == p.html_body("en")
    assert "Obligations" in p._repr_html_()
    assert t._repr_html_() == t.to_html("en")
    assert "as of 2026-05-01" in snap._repr_html_()
    monkeypatch.delenv("VKAC_LANG")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "lv_LV.UTF-8")  # the locale, when VKAC_LANG is not set
    assert p._repr_html_() == p.html_body("lv")
