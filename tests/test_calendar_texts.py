"""The calendar's texts in both languages (issue 12): day names, legal sources and notes,
the deadline explanations, and the space inside a prose date."""

from __future__ import annotations

import datetime
import pathlib
import re
import tomllib

import pytest

from latvian_words import english_in
from vkac_flow.calendar import LatvianCalendar
from vkac_flow.calendar.base import RollPolicy
from vkac_flow.calendar.data import TransferOrder
from vkac_flow.calendar.deadline import BACKWARD_POLICY, Deadline
from vkac_flow.calendar.periods import Days, Months, WorkingDays
from vkac_flow.messages import PROSE_DATE_SPACE, legal_source, message, prose_date

DATA = pathlib.Path(__file__).parents[1] / "src" / "vkac_flow" / "calendar" / "calendar_lv.toml"
LAW = pathlib.Path("/work/shared/law/regulation-lv.txt")


def _packaged_sources() -> list[str]:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    found = []
    for table in ("fixed", "moving", "festival", "one_off", "transfer_order"):
        for entry in data.get(table, []):
            found += [entry[k] for k in ("source", "observed_source") if k in entry]
    return found


def test_every_packaged_source_is_written_back_exactly_in_english() -> None:
    sources = _packaged_sources()
    assert len(sources) > 20
    assert [s for s in sources if legal_source(s, "en") != s] == []


def test_every_packaged_source_is_latvian_in_latvian() -> None:
    shown = {s: legal_source(s, "lv") for s in _packaged_sources()}
    assert {s: english_in(lv) for s, lv in shown.items() if english_in(lv)} == {}
    assert (
        legal_source(
            "likumi.lv id 72608 s. 1 (amendment of 2014-10-02, id 269373); "
            "XXVI Song and XVI Dance Festival",
            "lv",
        )
        == "likumi.lv id 72608, 1. pants (2014-10-02 grozījumi, id 269373); "
        "XXVI Vispārējie latviešu Dziesmu un XVI Deju svētki"
    )
    assert legal_source("Cabinet order likumi.lv id 367734 (reported, not verified)", "lv") == (
        "Ministru kabineta rīkojums, likumi.lv id 367734 (ziņots, nav pārbaudīts)"
    )
    assert legal_source("no transfer order for 2019", "lv") == (
        "2019. gadā nav rīkojuma par darba dienu pārcelšanu"
    )
    assert legal_source("an order of my own", "lv") == "an order of my own"  # as written


@pytest.mark.parametrize("transfers", [True, False])
def test_every_day_has_a_latvian_and_an_english_name(transfers: bool) -> None:
    cal = LatvianCalendar(
        transfers=transfers,
        extra_days_off=[datetime.date(2026, 12, 28)],
        extra_working_days=[datetime.date(2026, 12, 19)],
    )
    days = [d for year in range(2017, 2041) for d in cal.special_days(year)]
    days += [cal.day_info("2026-12-05"), cal.day_info("2026-12-06")]  # plain weekend days
    assert len(days) > 300
    assert [d for d in days if not (d.name_lv.strip() and d.name_en.strip())] == []
    assert [d for d in days if d.name_lv == d.name_en] == []
    latvian = {d.date: f"{d.name_lv} {legal_source(d.source, 'lv')}" for d in days}
    assert {day: text for day, text in latvian.items() if english_in(text)} == {}


def test_the_calendar_command_shows_the_languages_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from vkac_flow.views.cli import main

    for year in (2018, 2023, 2028):  # the festivals, a one-off law, an unverified order
        assert main(["calendar", str(year), "--lang", "lv"]) == 0
        out = capsys.readouterr().out
        assert english_in(out) == set(), out
        assert main(["calendar", str(year), "--lang", "en"]) == 0
        english = capsys.readouterr().out
        assert "Song and Dance Festival" in english
    assert "Vispārējo latviešu Dziesmu un deju svētku noslēguma diena" in out


def _deadlines(cal: LatvianCalendar) -> list[Deadline]:
    out: list[Deadline] = []
    start = datetime.date(2017, 7, 3)  # backward periods of up to 113 working days fit
    periods = (WorkingDays(1), WorkingDays(21), WorkingDays(113), Months(1), Months(3), Days(10))
    for k in range(0, 4700, 17):
        day = start + datetime.timedelta(days=k)
        for period in periods:
            out.append(cal.deadline(day, period))
            out.append(cal.deadline_before(day, period))
    return out


@pytest.mark.parametrize("policy", list(RollPolicy))
def test_latvian_explanations_have_no_english_words(policy: RollPolicy) -> None:
    cal = LatvianCalendar(roll_policy=policy)
    found: dict[str, set[str]] = {}
    for d in _deadlines(cal):
        text = d.explain("lv")
        words = english_in(text, names=(BACKWARD_POLICY, policy.value))  # policies: codes
        if words:
            found[text] = words
    assert found == {}


def test_english_ordinals_and_latvian_order_numbers() -> None:
    cal = LatvianCalendar()
    for n, en in ((1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (21, "21st"), (113, "113th")):
        d = cal.deadline("2026-03-02", WorkingDays(n))
        assert f"The {en} working day after Mon 2026-03-02 is " in d.explain("en")
        assert f"{n}. darbdiena pēc 2026-03-02 (pirmdiena) ir " in d.explain("lv")


def test_an_unconfirmed_festival_is_explained_in_each_language() -> None:
    # Orders for 2027 and 2028 push the horizon past the unconfirmed 2028 festival day.
    cal = LatvianCalendar(extra_orders=[TransferOrder(2027), TransferOrder(2028)])
    d = cal.deadline("2028-07-03", WorkingDays(10))
    assert d.provisional
    en, lv = d.explain("en"), d.explain("lv")
    assert "the festival closing day 2028-07-09 is not confirmed (Cabinet order likumi.lv id " in en
    assert "svētku noslēguma diena 2028-07-09 nav apstiprināta (Ministru kabineta rīkojums" in lv
    assert english_in(lv) == set(), lv
    assert cal.uncertainty("2028-07-10", lang="lv") == message(
        "calendar.uncertain_festival",
        "lv",
        date="2028-07-09",
        source="Ministru kabineta rīkojums, likumi.lv id 367734 (ziņots, nav pārbaudīts)",
    )


def test_prose_dates_use_the_one_chosen_space() -> None:
    assert PROSE_DATE_SPACE == " "
    day = prose_date(datetime.date(2026, 12, 1), "lv")
    assert day == "2026. gada 1. decembris"
    assert "\u00a0" not in day
    if not LAW.exists():  # the shared copy of the regulation, where this checkout has it
        pytest.skip("the regulation's text is not in this checkout")
    # Every prose date of the regulation is ours, its no-break spaces (U+00A0) made plain.
    months = {message(f"month_locative.{m}", "lv"): m for m in range(1, 13)}
    pattern = r"(\d{4})\.\u00a0gada (\d{1,2})\.\u00a0(" + "|".join(months) + r")"
    found = re.findall(pattern, LAW.read_text(encoding="utf-8"))
    assert len(found) >= 3
    for year, day_n, month in found:
        written = f"{year}.\u00a0gada {day_n}.\u00a0{month}"
        date = datetime.date(int(year), months[month], int(day_n))
        ours = prose_date(date, "lv", form="locative")
        assert ours == written.replace("\u00a0", PROSE_DATE_SPACE)


def test_the_report_keeps_a_prose_date_on_one_line() -> None:
    pytest.importorskip("jinja2", reason="Jinja2 (the feeds extra) is missing")
    from vkac_flow.views.report import report_html

    page = report_html([], as_of="2026-12-01", lang="lv")
    assert '<time datetime="2026-12-01">2026. gada 1. decembrī</time>' in page
    assert "time { white-space: nowrap; }" in page
