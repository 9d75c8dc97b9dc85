"""The register report: its HTML (self-contained, accessible) and as headless Chromium shows it.

The browser test is skipped only where no Chromium can be had; under CI=true it fails
instead (CI installs Debian's chromium, see .ci/run).
"""

from __future__ import annotations

import datetime
import html.parser
import os
import pathlib
import re
import shutil
import subprocess

import pytest

pytest.importorskip("jinja2", reason="Jinja2 (the feeds extra) is missing")

from viewsdata import HOSTILE, TODAY, exclusion, procedures
from vkac_flow import ExclusionProcedure, Party, Service, TransferProcedure
from vkac_flow.errors import InputError
from vkac_flow.messages import message
from vkac_flow.procedures.base import Procedure
from vkac_flow.views.report import report_context, report_html, write_report

LATE_RGB = (0xB3, 0x26, 0x1E)


class Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(doc: str) -> list[tuple[str, dict[str, str | None]]]:
    t = Tags()
    t.feed(doc)
    return t.tags


@pytest.fixture(scope="module")
def report() -> str:
    return report_html([*procedures(), exclusion()], as_of=TODAY, lang="lv")


def test_self_contained_no_script_no_network(report: str) -> None:
    found = tags(report)
    names = {t for t, _ in found}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "base"}
    for _, attrs in found:
        for key, value in attrs.items():
            assert not key.startswith("on"), key
            if key in ("href", "src"):
                assert value is not None
                assert value.startswith("#"), value
    assert "@import" not in report
    assert "@font-face" not in report
    assert "url(" not in report
    assert re.findall(r"https?://[^\s\"'<]+", report) == ["http://www.w3.org/2000/svg"] * 3


def test_accessible_structure(report: str) -> None:
    found = tags(report)
    assert found[0] == ("html", {"lang": "lv"})
    ths = [a for t, a in found if t == "th"]
    assert ths
    assert all(a.get("scope") in ("col", "row") for a in ths)
    assert sum(t == "table" for t, _ in found) == sum(t == "caption" for t, _ in found)
    svgs = [a for t, a in found if t == "svg"]
    assert len(svgs) == 3  # road-1, pass-2, old-4 (fish-3 and dog-5 have no step yet)
    for a in svgs:
        assert a["role"] == "img"
        for ident in (a["aria-labelledby"] or "").split():
            assert f'id="{ident}"' in report
    assert report.count("<title id=") == report.count("<desc id=") == len(svgs)
    assert "@media print" in report


def test_overview_counts_and_terms(report: str) -> None:
    ctx = report_context([*procedures(), exclusion()], as_of=TODAY, lang="lv")
    assert dict(ctx["by_state"]) == {"approved": 1, "information_gathering": 1, "proposed": 2}
    assert [(r["procedure"], r["due"]) for r in ctx["overdue"]] == [
        ("road-1", "2026-05-20"),
        ("pass-2", "2026-10-29"),
    ]
    assert [p for p, _, _ in ctx["breach_points"]] == ["p. 13.2"]
    for term in ("Pakalpojuma turētājs", "uzraudzības komitejas", "darbdienās", "Nokavēti termiņi"):
        assert term in report
    assert message("report.report_title", "lv") in report
    assert "Vienoto klientu apkalpošanas centru" in report
    en = report_html(procedures(), as_of=TODAY, lang="en")
    assert 'lang="en"' in en
    assert "Service holder" in en
    with pytest.raises(InputError):
        report_html(procedures(), lang="de")


def test_names_are_escaped(report: str) -> None:
    assert HOSTILE not in report
    assert (
        "Ceļi &lt;b id=&#34;injected&#34;&gt;&amp;amp; &#34;SIA&#34; &#39;x&#39;&lt;/b&gt;"
        in report
    )
    assert not any(a.get("id") == "injected" for _, a in tags(report))


def test_written_whole(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "r.html"
    with pytest.raises(InputError):
        write_report(out, procedures(), lang="xx")
    assert list(tmp_path.iterdir()) == []
    size = write_report(out, procedures(), as_of=TODAY)
    assert out.stat().st_size == size


def notice(today: list[datetime.date] | None = None) -> Procedure:
    """An exclusion whose p. 16 notice runs on TODAY (committee informed on 2026-11-20)."""
    days = [TODAY] if today is None else today
    svc = Service("Fishing card", Party.service_holder("Zivju dienests"))
    ex = ExclusionProcedure.propose(
        svc, initiator=svc.holder, centres=["Cēsis"], procedure_id="ex-6", clock=lambda: days[0]
    )
    ex.apply("committee_informed", "2026-11-20")
    return ex


def test_sections_show_waiting_periods_and_rules_versions() -> None:
    # Review findings: an exclusion's section had no timeline nor its earliest exclusion day
    # (p. 16), and the footer's rules version matched no document.
    days = [TODAY]
    ex = notice(days)
    ctx = report_context([*procedures(), ex], as_of=TODAY, lang="en")
    (section,) = [s for s in ctx["sections"] if s["id"] == "ex-6"]
    (w,) = section["waiting"]
    assert (w["earliest"], w["status"], w["points"]) == ("2026-12-21", "running", "p. 16")
    assert "2026-12-21" in w["explanation"]
    assert "APL" in w["explanation"]
    assert section["chart"] is not None
    (bar,) = [r for r in section["chart"]["rows"] if r["waiting"]]
    assert bar["due"] == "2026-12-21"
    assert not bar["late"]
    assert section["rules_version"] == ex.rules_version == ex.to_dict()["rules_version"]
    for kind in (TransferProcedure, ExclusionProcedure):
        assert kind.current_rules_version() in ctx["rules"]
    html = report_html([ex], as_of=TODAY, lang="en")
    assert ExclusionProcedure.current_rules_version() in html.split("<footer>")[1]
    assert f'<dd class="rules">{ex.rules_version}</dd>' in html
    # once the exclusion took effect, the period is respected and still shown
    days[0] = datetime.date(2026, 12, 22)
    ex.apply("excluded", "2026-12-21")
    (w,) = report_context([ex], as_of="2026-12-22", lang="en")["sections"][0]["waiting"]
    assert (w["status"], w["done"]) == ("respected", "2026-12-21")


# ------------------------------------------------------------------ the browser


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI") == "true":
        pytest.fail("no Chromium under CI=true: .ci/run must install Debian's chromium")
    pytest.skip("no Chromium on this machine (apt-get install chromium); CI runs this test")


def run_chromium(exe: str, page: pathlib.Path, profile: pathlib.Path, *extra: str) -> str:
    args = [
        exe,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *(["--no-sandbox"] if os.geteuid() == 0 else []),
        *extra,
        page.as_uri(),
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, pathlib.Path]:
    exe = chromium()
    folder = tmp_path_factory.mktemp("browser")
    page = folder / "report.html"
    write_report(page, [*procedures(), exclusion(), notice()], as_of=TODAY, lang="lv")
    dom = run_chromium(exe, page, folder / "profile", "--dump-dom")
    png = folder / "report.png"
    run_chromium(exe, page, folder / "profile2", f"--screenshot={png}", "--window-size=1280,2000")
    return dom, png


def test_browser_dom_holds_open_procedures_and_overdue(rendered: tuple[str, pathlib.Path]) -> None:
    dom, _ = rendered
    ps = [*procedures(), exclusion()]
    for p in ps:
        if not p.is_final:
            assert f'<span class="pid">{p.id}</span>' in dom
    overdue = re.search(r'<table class="wide overdue">(.*?)</table>', dom, re.S)
    assert overdue is not None
    assert "pass-2" in overdue.group(1)
    assert "2026-10-29" in overdue.group(1)
    assert message("report.nothing", "lv") not in overdue.group(1)


def test_browser_dom_holds_the_earliest_exclusion_day(
    rendered: tuple[str, pathlib.Path],
) -> None:
    dom, _ = rendered
    table = re.search(r'<table class="wide waiting">(.*?)</table>', dom, re.S)
    assert table is not None
    assert '<td class="date earliest">2026-12-21</td>' in table.group(1)
    assert message("report.waiting_statuses.running", "lv") in table.group(1)
    assert 'class="row waiting"' in dom


def test_browser_dom_escapes_names(rendered: tuple[str, pathlib.Path]) -> None:
    dom, _ = rendered
    assert '<b id="injected"' not in dom
    assert 'Ceļi &lt;b id="injected"&gt;&amp;amp; "SIA" \'x\'&lt;/b&gt;' in dom
    assert "<script" not in dom


def test_browser_screenshot_is_not_blank(rendered: tuple[str, pathlib.Path]) -> None:
    from PIL import Image, ImageStat  # a dependency of matplotlib (the test extra)

    _, png = rendered
    with Image.open(png) as img:
        assert img.size == (1280, 2000)
        rgb = img.convert("RGB")
        stat = ImageStat.Stat(rgb)
        assert max(stat.stddev) > 20  # text, tables and bars, not one colour
        colours = rgb.getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 50
        counts = rgb.getcolors(maxcolors=1 << 24) or []
        red = sum(
            n
            for n, px in counts
            if isinstance(px, tuple)
            and all(abs(c - v) < 40 for c, v in zip(px, LATE_RGB, strict=True))
        )
        assert red > 50, "no late or overdue step drawn in red"


def test_report_to_a_directory_is_one_line_and_leaves_nothing(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Review finding: IsADirectoryError with a traceback, and a stray temporary file.
    from vkac_flow.views import cli

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(InputError, match="cannot write"):
        write_report(folder, procedures(), as_of=TODAY)
    assert list(tmp_path.iterdir()) == [folder]
    assert list(folder.iterdir()) == []
    url = f"sqlite:///{tmp_path / 'r.db'}"
    assert cli.main(["register", "report", "--db", url, "--out", str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "r.db"]
