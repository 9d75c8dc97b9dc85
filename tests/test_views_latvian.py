"""The calendar feed and the register report in Latvian, end to end (issue 12).

A real feed is rendered and parsed back with icalendar, a real report rendered and read back
with the standard HTML parser; every human text of each is checked for English words
(tests/latvian_words.py). Names from the documents (services, parties, centres, ids) are
allowed as they are; so are the codes the feed carries for filtering (the step code of
``CATEGORIES``, ``PRODID``).
"""

from __future__ import annotations

import datetime
import html.parser
import pathlib
from typing import Any

import pytest

icalendar = pytest.importorskip("icalendar", reason="icalendar (the feeds extra) is missing")
pytest.importorskip("jinja2", reason="Jinja2 (the feeds extra) is missing")

from latvian_words import english_in  # noqa: E402
from viewsdata import TODAY, exclusion, procedures  # noqa: E402
from vkac_flow import ExclusionProcedure, Party, Service  # noqa: E402
from vkac_flow.messages import message, point_label, prose_date  # noqa: E402
from vkac_flow.procedures.base import Procedure  # noqa: E402
from vkac_flow.views.ics import feed_events, ics_feed  # noqa: E402
from vkac_flow.views.report import report_context, report_html  # noqa: E402

STAMP = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def _notice() -> Procedure:
    """An exclusion whose p. 16 notice runs on TODAY: a waiting period in feed and report."""
    svc = Service("Fishing card", Party.service_holder("Zivju dienests"))
    ex = ExclusionProcedure.propose(
        svc, initiator=svc.holder, centres=["Cēsis"], procedure_id="ex-6", clock=lambda: TODAY
    )
    ex.apply("committee_informed", "2026-11-20")
    return ex


def _all() -> list[Procedure]:
    return [*procedures(), exclusion(), _notice()]


def _names(procs: list[Procedure]) -> list[str]:
    """What the documents name: shown as they are in any language (longest first)."""
    found: set[str] = {"Cēsis", "Valmiera", "PMLP", "VARAM"}
    for p in procs:
        found.add(p.id)
        service: Any = getattr(p, "service", None)
        initiator: Any = getattr(p, "initiator", None)
        for named in (service, getattr(service, "holder", None), initiator):
            name = getattr(named, "name", None)
            if isinstance(name, str):
                found.add(name)
        for r in p.audit_log():
            found.update(x for x in (r.recorded_by, r.reason) if x)
    return sorted(found, key=len, reverse=True)


def _feed_texts(data: bytes) -> list[str]:
    cal = icalendar.Calendar.from_ical(data)
    texts = [str(cal["x-wr-calname"])]
    for ev in cal.walk("VEVENT"):
        texts += [str(ev["summary"]), str(ev["description"])]
        _step, *points = [str(c) for c in ev["categories"].cats]
        texts += points  # the step code is a code (the same in both languages)
        texts += [str(al["description"]) for al in ev.walk("VALARM")]
    return texts


def test_the_latvian_feed_has_no_english_words() -> None:
    procs = _all()
    data = ics_feed(procs, as_of=TODAY, lang="lv", alarm=3, generated_at=STAMP)
    texts = _feed_texts(data)
    assert len(texts) > 10
    found = {w for t in texts for w in english_in(t, names=_names(procs))}
    assert found == set(), found
    joined = "\n".join(texts)
    assert "13.2. apakšpunkts" in joined or "14.2. apakšpunkts" in joined  # points, in Latvian
    assert "p. 1" not in joined
    assert "16. punkts" in joined  # the waiting period's point
    assert "ministrija" in joined  # who must act, in Latvian
    english = "\n".join(_feed_texts(ics_feed(procs, as_of=TODAY, lang="en", generated_at=STAMP)))
    assert "Who must act: ministry" in english
    assert "p. 16" in english


def test_the_feed_names_who_must_act_in_its_language() -> None:
    procs = _all()
    for lang in ("lv", "en"):
        for e in feed_events(procs, as_of=TODAY, lang=lang):
            if e.step_kind == "waiting":
                assert e.by == ""
                continue
            p = next(p for p in procs if p.id == e.procedure_id)
            (o,) = (o for o in p.obligations() if (o.step, o.subject) == (e.step, e.subject))
            assert e.by == p.responsible_text(o, lang)
            assert ", ".join(point_label(x, lang) for x in e.points) in e.description


class _Text(html.parser.HTMLParser):
    """Every text node of a page, and the ``lang`` of its ``<html>``."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.lang = ""
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        if tag == "style":
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def _report_texts(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    return parser


def test_the_latvian_report_has_no_english_words() -> None:
    procs = _all()
    page = _report_texts(report_html(procs, as_of=TODAY, lang="lv"))
    assert page.lang == "lv"
    rules = {p.rules_version for p in procs}  # rules version ids: codes
    names = [*_names(procs), *sorted(rules, key=len, reverse=True)]
    found = {w for t in page.texts for w in english_in(t, names=names)}
    assert found == set(), found
    joined = "\n".join(page.texts)
    assert "13.2. apakšpunkts" in joined  # the breach's point, cited in Latvian
    assert "p. 13.2" not in joined
    assert "pakalpojuma turētājs Ceļi" in joined  # the holder as a party, in Latvian
    assert "pašvaldība Cēsu novads" in joined  # the initiator
    assert "vēstule saņemta" in joined  # the audit log's events by their Latvian names
    assert "(VPVKAC), stāvoklis" in joined
    assert prose_date(TODAY, "lv", form="locative") in page.texts  # a prose date, in <time>
    english = _report_texts(report_html(procs, as_of=TODAY, lang="en"))
    assert english.lang == "en"
    assert "1 December 2026" in english.texts
    assert "service holder Ceļi" in "\n".join(english.texts)


def test_the_report_labels_breach_points_in_its_language() -> None:
    ctx = report_context(_all(), as_of=TODAY, lang="lv")
    assert [p for p, _, _ in ctx["breach_points"]] == ["p. 13.2"]  # the rule's own cite
    assert ctx["point_label"] == {"p. 13.2": "13.2. apakšpunkts"}
    assert message("report.states.proposed", "lv") in ctx["state_label"].values()


@pytest.mark.parametrize("view", ["feed", "report"])
def test_views_follow_the_users_language(view: str, monkeypatch: pytest.MonkeyPatch) -> None:
    procs = procedures()

    def render() -> str:
        if view == "feed":
            return ics_feed(procs, as_of=TODAY, generated_at=STAMP).decode()
        return report_html(procs, as_of=TODAY)

    for name in ("VKAC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    english = render()
    monkeypatch.setenv("LANG", "lv_LV.UTF-8")
    latvian = render()
    assert latvian != english
    monkeypatch.setenv("VKAC_LANG", "en")
    assert render() == english
    monkeypatch.setenv("VKAC_LANG", "lv")
    assert render() == latvian
    assert ("Termiņš" if view == "feed" else 'lang="lv"') in latvian


def test_register_commands_follow_the_users_language(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from vkac_flow.register.core import Register
    from vkac_flow.views import cli

    url = f"sqlite:///{tmp_path / 'r.db'}"
    with Register.open(url, clock=lambda: STAMP) as reg:
        for p in procedures()[:2]:  # road-1 and pass-2 (fish-3's letter is after TODAY)
            reg.propose(p)
    monkeypatch.setenv("VKAC_LANG", "lv")
    feed, page = tmp_path / "f.ics", tmp_path / "r.html"
    base = ["--db", url, "--as-of", TODAY.isoformat()]
    assert cli.main(["register", "ics", *base, "--out", str(feed)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"failā {feed} ierakstīts: ")
    assert english_in(said.replace(str(feed), " ")) == set()
    assert "Termiņš" in feed.read_text(encoding="utf-8")
    assert cli.main(["register", "report", *base, "--out", str(page)]) == 0
    assert "pārskats" in capsys.readouterr().out
    assert 'lang="lv"' in page.read_text(encoding="utf-8")
    assert cli.main(["register", "report", *base, "--out", str(page), "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("wrote the report (")
    assert 'lang="en"' in page.read_text(encoding="utf-8")
