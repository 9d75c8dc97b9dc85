"""The simulator and its plots in Latvian and English (issue 12): the summary, the HTML
tables, the p. 11 warning on the command line, and every text of a real matplotlib figure."""

from __future__ import annotations

import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes

from latvian_words import english_in
from vkac_flow.errors import InputError
from vkac_flow.messages import MessageError, message
from vkac_flow.procedures.timeline import statutory_timeline
from vkac_flow.simulate import (
    CommitteeScheduleWarning,
    Fixed,
    SimulationResult,
    regular_meetings,
    simulate,
    statutory_timelines,
)
from vkac_flow.simulate.result import NO_SERVICE_START
from vkac_flow.views import plot
from vkac_flow.views.cli import main

SCENARIOS = ("2 reizes gadā", "4 reizes gadā")
"""Scenario labels a Latvian user gives: shown as they are."""


@pytest.fixture(autouse=True)
def _close_figures() -> object:
    yield None
    plt.close("all")


def _result(per_year: int = 4, defer_probability: float = 0.0) -> SimulationResult:
    """300 letters of 2027 on a calendar of ``per_year`` meetings a year."""
    meetings = regular_meetings(2027, 2031, per_year)
    start, end = "2027-01-01", "2027-12-31"
    return simulate(
        n=300,
        start=start,
        end=end,
        committee_meetings=meetings,
        defer_probability=defer_probability,
        seed=3,
    )


def _untagged(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_summary_text_in_latvian_names_steps_and_points_as_latvian_does() -> None:
    s = _result(defer_probability=0.2).summary()
    lv = s.to_text("lv")
    assert english_in(lv) == set(), lv
    assert lv.splitlines()[0] == "simulētās procedūras: 300; lēmums par nodošanu: 300"
    assert "metodiskais materiāls" in lv
    assert "15.2. apakšpunkts" in lv
    assert "p. 15.2" not in lv
    english = s.to_text()
    assert english == s.to_text("en") == str(s)
    assert english.splitlines()[0] == "300 simulated procedures, 300 transferred"
    with pytest.raises(MessageError):
        s.to_text("de")


def test_summary_without_service_start_in_both_languages() -> None:
    none = simulate(["2026-01-05", "2026-02-02"], reject_probability=1.0, seed=0).summary()
    assert message("simulate.no_service_start", "en") == NO_SERVICE_START
    assert NO_SERVICE_START in none.to_text()
    lv = none.to_text("lv")
    assert message("simulate.no_service_start", "lv") in lv
    assert english_in(lv) == set(), lv
    empty = simulate(n=0, start="2027-01-01", end="2027-01-31", seed=0).summary()
    assert english_in(empty.to_text("lv")) == set()


def test_html_tables_in_latvian() -> None:
    r = _result()
    lv = r.summary().to_html("lv")
    assert english_in(_untagged(lv)) == set(), lv
    assert "Nokavētie normatīvie termiņi" in lv
    assert r._repr_html_() == r.summary().to_html("en")  # a notebook shows English
    t = statutory_timelines(["2026-12-01", "2027-01-04"], ["municipality", "institution"])
    tl = t.to_html("lv")
    assert english_in(_untagged(tl)) == set(), tl
    assert "13.2. apakšpunkts" in tl
    assert t._repr_html_() == t.to_html("en")
    none = statutory_timelines([], "municipality")
    assert english_in(_untagged(none.to_html("lv"))) == set()


def test_the_p11_warning_carries_a_text_and_the_cli_prints_it_in_latvian(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.warns(CommitteeScheduleWarning, match=r"2027.*p\. 11") as caught:
        simulate(["2027-01-04"], committee_meetings=["2027-03-01", "2028-03-01", "2028-09-01"])
    said = caught[0].message.args[0]  # type: ignore[union-attr]
    assert said.render("lv").endswith("(11. punkts)")
    argv = ["simulate", "--n", "20", "--start", "2027-01-01", "--end", "2027-02-28"]
    argv += ["--seed", "1", "--meetings-per-year", "1"]
    assert main([*argv, "--lang", "lv"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("vkac-flow: brīdinājums: committee_meetings: mazāk nekā divas sēdes")
    assert english_in(err) == set(), err
    assert main([*argv, "--lang", "en"]) == 0
    assert "fewer than two meetings" in capsys.readouterr().err


def test_errors_of_the_simulator_in_latvian() -> None:
    with pytest.raises(InputError, match=r"p\. 11") as info:
        simulate(
            ["2026-08-20"],
            committee_meetings=["2026-09-01", "2026-09-10"],
            durations={"information": Fixed(20, "working_days")},
            seed=0,
        )
    lv = info.value.localized("lv")
    assert "nav ieplānota neviena uzraudzības komitejas sēde" in lv
    assert "11. punkts" in lv
    with pytest.raises(InputError) as info:
        statutory_timelines(["2099-10-01"], "municipality")
    lv = info.value.localized("lv")
    assert "soļa „metodiskais materiāls“ termiņš (10 darbdienas, 15.2. apakšpunkts)" in lv
    with pytest.raises(InputError) as info:
        simulate(["2026-03-02"], seed=0).procedure(3)
    assert info.value.localized("lv") == (
        "procedūras indekss 3 ir ārpus robežām: procedūru skaits ir 1 (-1..0)"
    )


def _texts(ax: Axes) -> list[str]:
    """Every text a reader sees on ``ax``: title, axis labels, ticks, legend, annotations."""
    ax.figure.canvas.draw()  # a real rendering: tick labels are made when drawn
    found = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    found += [t.get_text() for t in (*ax.get_xticklabels(), *ax.get_yticklabels())]
    found.append(ax.xaxis.get_offset_text().get_text())
    legend = ax.get_legend()
    if legend is not None:
        found += [t.get_text() for t in legend.get_texts()]
    found += [t.get_text() for t in ax.texts]
    return [t for t in found if t]


def _plots(lang: str | None) -> list[Axes]:
    from vkac_flow.law.parties import Party
    from vkac_flow.law.services import Service
    from vkac_flow.procedures.transfer import TransferProcedure

    two, four = _result(2), _result(4, defer_probability=0.3)
    deferred = next(i for i in range(len(four)) if four.deferrals[i] > 1)
    live = TransferProcedure.propose(
        Service("Būvatļauja", Party.service_holder("Latvijas Valsts ceļi")),
        initiator=Party.municipality("Cēsu novads"),
    )
    live.letter_received("2026-03-02")
    late = simulate(
        ["2026-03-02"], "institution", durations={"information": Fixed(25, "working_days")}
    )
    return [
        plot.gantt(statutory_timeline("2026-12-01", "municipality"), lang=lang),
        plot.gantt(late.procedure(0), lang=lang),
        plot.gantt(four.procedure(deferred), lang=lang),  # the first deferral and the count
        plot.gantt(four.procedure(deferred), meetings=four.committee_meetings, lang=lang),
        plot.gantt(live, as_of="2026-06-01", lang=lang),
        plot.lead_time_hist(two, lang=lang),
        plot.lead_time_hist(dict(zip(SCENARIOS, (two, four), strict=True)), bins=20, lang=lang),
        plot.lead_time_hist(four, bin_days=1, clip=0.5, lang=lang),
        plot.go_live_curve(dict(zip(SCENARIOS, (two, four), strict=True)), lang=lang),
        plot.go_live_curve(two, share=False, lang=lang),
        plot.breach_shares(dict(zip(SCENARIOS, (two, four), strict=True)), lang=lang),
    ]


def test_every_text_of_every_plot_in_latvian() -> None:
    names = (*SCENARIOS, "TransferProcedure")
    latvian = [_texts(ax) for ax in _plots("lv")]
    for texts in latvian:
        found = english_in("\n".join(texts), names=names)
        assert found == set(), texts
    every = "\n".join(t for texts in latvian for t in texts)
    for word in ("metodiskais materiāls", "15.2. apakšpunkts", "izpildīts ar nokavējumu"):
        assert word in every
    assert "uzraudzības komiteja lēmumu atlika" in every
    plt.close("all")
    english = [_texts(ax) for ax in _plots("en")]
    assert english != latvian
    assert "Statutory deadlines missed, by step and point" in english[-1]


def test_plots_follow_the_users_language(monkeypatch: pytest.MonkeyPatch) -> None:
    r = _result()
    monkeypatch.setenv("VKAC_LANG", "lv")
    assert plot.breach_shares(r).get_title() == message("plot.breach_title", "lv")
    monkeypatch.setenv("VKAC_LANG", "en")
    assert plot.breach_shares(r).get_title() == "Statutory deadlines missed, by step and point"
    assert plot.go_live_curve(r, lang="lv").get_ylabel() == message("plot.live_share", "lv")
    with pytest.raises(MessageError):
        plot.go_live_curve(r, lang="de")


def test_collected_warnings_keep_their_english_str() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        simulate(["2027-01-04"], committee_meetings=["2027-03-01", "2028-03-01", "2028-09-01"])
    assert str(caught[0].message).startswith("committee_meetings has fewer than two meetings")
