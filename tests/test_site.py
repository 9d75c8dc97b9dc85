"""The documentation site builds strictly (``mkdocs build --strict``) and holds its key pages.

Skipped only where mkdocs (the ``docs`` extra) is not installed. The build executes the
example notebook (once per language), which is most of its run time.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None,
    reason="mkdocs (the docs extra) is not installed: pip install -e '.[docs]'",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def _page(site: pathlib.Path, path: str) -> str:
    page = site / path / "index.html"
    assert page.is_file(), f"{path} was not built"
    return page.read_text("utf-8")


def test_the_overview_and_every_docs_page_are_built(site: pathlib.Path) -> None:
    index = (site / "index.html").read_text("utf-8")
    assert "vkac_flow documentation" in index
    for md in sorted((ROOT / "docs").glob("*.md")):
        if md.name == "index.md" or md.name.count(".") > 1:
            continue
        assert (site / md.stem / "index.html").is_file(), md.name
    assert (site / "search" / "search_index.json").is_file()  # the search box's index


def test_architecture_renders_its_mermaid_diagrams(site: pathlib.Path) -> None:
    html = _page(site, "architecture")
    assert html.count('class="mermaid"') == 2
    assert "flowchart BT" in html
    assert "sequenceDiagram" in html


def test_the_api_reference_documents_the_classes(site: pathlib.Path) -> None:
    html = _page(site, "api/procedures")
    assert 'id="vkac_flow.procedures.transfer.TransferProcedure"' in html
    assert "committee_decided" in html
    calendar = _page(site, "api/calendar")
    assert 'id="vkac_flow.calendar.latvian.LatvianCalendar"' in calendar
    plot = _page(site, "api/views")
    assert 'id="vkac_flow.views.plot.gantt"' in plot
    # doctests in docstrings are code, not Markdown (their output would read as links)
    register = _page(site, "api/register")
    assert '<span class="gp">&gt;&gt;&gt; </span>' in register  # a pycon block


def test_the_notebook_is_executed_with_its_figures(site: pathlib.Path) -> None:
    html = _page(site, "examples/network-2027")
    assert "data:image/png;base64," in html
    assert "most breached: committee_meeting" in html  # a printed output
    assert "Statutory deadlines missed" in html  # a SimulationResult's HTML output


def test_the_latvian_site(site: pathlib.Path) -> None:
    html = _page(site, "lv")
    assert "vienotajiem klientu" in html
    assert "uzraudzības komiteja" in html
    assert 'lang="lv"' in html
    assert "Pārskats" in html  # the translated navigation
    # pages without a translation fall back to English inside the Latvian site
    assert "flowchart BT" in _page(site, "lv/architecture")
    assert "data:image/png;base64," in _page(site, "lv/examples/network-2027")
    assert 'hreflang="lv"' in (site / "index.html").read_text("utf-8")  # the language switch
