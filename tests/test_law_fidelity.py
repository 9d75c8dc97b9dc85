"""Tests of issue #15's law-layer parts: the text version, the committee's record (p. 11,
p. 10.4), the municipal calendars registry and the rules version."""

from __future__ import annotations

import datetime
import tomllib
from importlib import resources
from typing import Any

import attrs
import pytest

from vkac_flow.calendar import LatvianCalendar, default_calendar
from vkac_flow.errors import (
    DateOutOfRangeError,
    InputError,
    InputTypeError,
    NaiveDatetimeError,
    UnknownPointError,
    VkacFlowError,
)
from vkac_flow.law import calendars, version
from vkac_flow.law.calendars import (
    MUNICIPALITY_FOLLOWS_TRANSFERS,
    MunicipalCalendars,
    NotFollowing,
    calendar_for,
    load_municipal_calendars,
    municipal_calendars,
)
from vkac_flow.law.committee import (
    SURVEY_POINTS,
    check_committee_record,
    meeting_shortfalls,
    survey_gaps,
)
from vkac_flow.law.duties import periodic_status
from vkac_flow.law.parties import Party
from vkac_flow.law.regulation import REGULATION, load_regulation, load_text_version
from vkac_flow.law.version import law_interpretations, rules_digest, rules_version
from vkac_flow.messages import message
from vkac_flow.views.cli import main

D = datetime.date


def _raw(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("vkac_flow.law").joinpath(name).read_text("utf-8"))


# ---------------------------------------------------------------- which text (issue #15)


def test_the_text_version_is_the_2017_draft_with_what_is_known_of_the_adopted_text() -> None:
    v = REGULATION.text_version
    assert (v.id, v.status, v.year) == ("draft-2017", "draft", 2017)
    assert v.title_lv == REGULATION.title_lv
    assert v.adopted_as == "Cabinet Regulation No. 401"
    assert v.adopted_on == D(2017, 7, 4)
    assert v.amended_on == (D(2019, 2, 19), D(2021, 8, 31))
    assert any(x.startswith("point 2:") and "not checked" in x for x in v.known_differences)
    assert "not known" in v.not_known
    assert "the rules follow the draft" in v.summary()


def test_the_text_version_summary_speaks_both_languages() -> None:
    v = REGULATION.text_version
    # the English catalogue names the text as the data do (no second copy that can drift)
    assert message(f"text_version.{v.id}.label", "en") == v.label
    assert message(f"text_version.{v.id}.adopted_as", "en") == v.adopted_as
    assert v.summary() == v.summary("en") == str(v.text)
    lv = v.summary("lv")
    assert lv.startswith("2017. gada projekts (pieņemts 2017-07-04 kā Ministru kabineta")
    assert "grozīti 2019-02-19, 2021-08-31" in lv
    assert lv.endswith("atbilst projektam)")
    unamended = attrs.evolve(v, amended_on=())
    assert "amended" not in unamended.summary()
    assert "grozīti" not in unamended.summary("lv")


def test_text_version_data_are_checked() -> None:
    good = _raw("regulation.toml")["text_version"]
    assert load_text_version(good) == REGULATION.text_version
    with pytest.raises(InputError, match="incomplete"):
        load_text_version({k: v for k, v in good.items() if k != "source"})
    with pytest.raises(InputError, match="in order"):
        load_text_version(dict(good, amended_on=[D(2021, 8, 31), D(2019, 2, 19)]))
    with pytest.raises(InputTypeError):
        load_text_version(dict(good, adopted_on="2017-07-04"))
    with pytest.raises(InputTypeError):
        load_text_version(dict(good, year="2017"))
    with pytest.raises(InputError):
        load_text_version(dict(good, label=" "))
    data = _raw("regulation.toml")
    with pytest.raises(InputError, match="incomplete"):
        load_regulation({k: v for k, v in data.items() if k != "text_version"})


def test_version_option_prints_the_text_and_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "2017 draft" in out
    assert "Cabinet Regulation No. 401 of 2017-07-04" in out
    assert "the rules follow the draft" in out
    # the versions documents carry (review finding: only the law layer's was shown)
    from vkac_flow import ExclusionProcedure, TransferProcedure

    # each document kind by its catalogue name (so that --lang lv names it in Latvian)
    assert f"transfer (p. 12-15) {TransferProcedure.current_rules_version()}" in out
    assert f"exclusion (p. 16) {ExclusionProcedure.current_rules_version()}" in out
    assert rules_version() in out


# ---------------------------------------------------------------- p. 11, p. 10.4


@pytest.mark.cites("11")
def test_each_year_with_fewer_than_two_meetings_is_reported() -> None:
    meetings = ["2017-09-01", "2018-02-01", "2018-10-01", "2019-04-01", "2021-03-01", "2021-03-01"]
    short = meeting_shortfalls(meetings, "2022-06-30")
    # 2017: one required (6 months in force, PARTIAL_YEAR); 2019: one of two; 2020: none;
    # 2021: two on one day count once (ONE_ACT_PER_DAY); 2022 is in progress.
    assert [(s.year, s.required, s.held, s.missing) for s in short] == [
        (2019, 2, 1, 1),
        (2020, 2, 0, 2),
        (2021, 2, 1, 1),
    ]
    assert short[0].start == D(2019, 1, 1)
    assert short[0].end == D(2019, 12, 31)
    assert meeting_shortfalls([], "2017-12-31") == ()  # 2017 is still in progress


@pytest.mark.cites("11")
def test_the_first_year_counts_from_a_later_start() -> None:
    short = meeting_shortfalls([], "2019-01-01", since="2018-11-15")
    assert [(s.year, s.start, s.required) for s in short] == [(2018, D(2018, 11, 15), 1)]


@pytest.mark.cites("10.4", "17.16", "20.12")
def test_each_three_year_period_without_a_report_is_reported() -> None:
    gaps = survey_gaps(["2021-01-10"], "2025-06-01")
    # due 36 months after 2017-07-01: 2020-07-01; the report of 2021-01-10 closes it late;
    # the next was due by 2024-01-10 (a working day) and is still open.
    assert [(g.start, g.due, g.closed_on, g.open) for g in gaps] == [
        (D(2017, 7, 1), D(2020, 7, 1), D(2021, 1, 10), False),
        (D(2021, 1, 10), D(2024, 1, 10), None, True),
    ]
    assert gaps[0].days_late == (D(2021, 1, 10) - D(2020, 7, 1)).days
    assert {g.point for g in gaps} == {"p. 10.4"}
    for point in ("17.16", "20.12"):
        assert survey_gaps(["2020-06-30"], "2023-06-30", point=point) == ()
        assert survey_gaps([], "2020-07-02", point=point)[0].point == f"p. {point}"


@pytest.mark.cites("10.4", "11")
def test_the_record_check_is_the_periodic_duty_rule_not_a_copy() -> None:
    meetings = ["2017-09-01", "2018-03-01", "2019-05-05", "2019-11-11"]
    reports = ["2019-03-01"]
    check = check_committee_record(meetings, reports, "2021-12-31")
    assert check.meetings == periodic_status("11", meetings, "2021-12-31")
    assert check.surveys == periodic_status("10.4", reports, "2021-12-31")
    assert [s.year for s in check.short_years] == [2018, 2020]
    assert check.survey_gaps == ()
    assert not check.ok
    text = check.explain()
    assert "p. 11 (calendar-year): 2018: 1 of 2 meetings; 2020: 0 of 2 meetings" in text
    assert "2021 in progress: 2 more by 2021-12-31" in text
    assert "p. 10.4 (rolling-36-months): every report within 36 months; next by 2022-03-01" in text
    late = check_committee_record(["2017-09-01"], [], "2020-07-02")
    assert "due 2020-07-01, open, 1 days late" in late.explain()
    fine = check_committee_record(["2017-09-01"], [], "2017-12-01")
    assert fine.ok


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: meeting_shortfalls("2018-01-01", "2019-01-01"), InputTypeError),
        (lambda: meeting_shortfalls(None, "2019-01-01"), InputTypeError),  # type: ignore[arg-type]
        (lambda: meeting_shortfalls(["2016-12-01"], "2019-01-01"), DateOutOfRangeError),
        (lambda: meeting_shortfalls(["2019-02-01"], "2019-01-01"), DateOutOfRangeError),
        (lambda: meeting_shortfalls(["2018-13-01"], "2019-01-01"), InputError),
        (
            lambda: meeting_shortfalls([datetime.datetime(2018, 1, 1, 10)], "2019-01-01"),
            NaiveDatetimeError,
        ),
        (lambda: meeting_shortfalls([], "2017-01-01"), DateOutOfRangeError),
        (lambda: survey_gaps([], "2020-01-01", point="11"), InputError),
        (lambda: survey_gaps([], "2020-01-01", point="10.9"), UnknownPointError),
        (lambda: survey_gaps([], "2020-01-01", point=10.4), InputTypeError),  # type: ignore[arg-type]
        (lambda: survey_gaps([], "2020-01-01", calendar="state"), InputTypeError),  # type: ignore[arg-type]
        (lambda: check_committee_record([], [3], "2020-01-01"), InputTypeError),  # type: ignore[list-item]
        (
            lambda: check_committee_record([], [], "2020-01-01", since="2017-06-30"),
            DateOutOfRangeError,
        ),
    ],
)
def test_bad_records_raise_typed_errors(call: Any, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, VkacFlowError)


def test_survey_points_are_the_three_year_points() -> None:
    assert SURVEY_POINTS == ("p. 10.4", "p. 17.16", "p. 20.12")


# ---------------------------------------------------------------- municipal calendars


def test_by_default_every_party_counts_on_the_state_calendar() -> None:
    assert len(municipal_calendars()) == 0
    for party in (
        Party.municipality("Cēsu novads"),
        Party.institution("VID"),
        Party.service_holder("Latvijas Banka"),
        Party.ministry(),
        Party.committee(),
    ):
        assert municipal_calendars().follows_transfers(party)
        assert calendar_for(party) is default_calendar()
    assert MUNICIPALITY_FOLLOWS_TRANSFERS in calendars.INTERPRETATIONS


def test_a_municipality_not_following_counts_without_the_transfer_orders() -> None:
    reg = municipal_calendars().with_municipality(
        "Cēsu novads", follows=False, source="council decision (test)"
    )
    cesis, valmiera = Party.municipality("Cēsu novads"), Party.municipality("Valmieras novads")
    plain = calendar_for(cesis, reg)
    assert not plain.transfers
    assert calendar_for(cesis, reg) is plain  # shared, built once
    assert calendar_for(valmiera, reg) is default_calendar()
    # 2026-01-02 (Friday) is a day off by the Cabinet order, and Saturday 2026-01-17 a
    # working day: not so for a municipality that does not follow the order.
    assert not default_calendar().is_working_day(D(2026, 1, 2))
    assert plain.is_working_day(D(2026, 1, 2))
    assert not plain.is_working_day(D(2026, 1, 17))
    assert reg.entry(cesis) == NotFollowing("Cēsu novads", "council decision (test)")
    assert reg.entry(valmiera) is None
    # A holder with the same name is not the municipality.
    assert reg.follows_transfers(Party.service_holder("Cēsu novads"))
    back = reg.with_municipality("Cēsu novads", follows=True)
    assert back == municipal_calendars()
    assert len(reg) == 1


def test_a_given_base_calendar_keeps_its_own_changes() -> None:
    extra = LatvianCalendar(extra_days_off=[D(2026, 3, 2)])
    reg = MunicipalCalendars([NotFollowing("Cēsu novads", "test")])
    cal = calendar_for(Party.municipality("Cēsu novads"), reg, base=extra)
    assert not cal.transfers
    assert not cal.is_working_day(D(2026, 3, 2))
    assert calendar_for(Party.institution("VID"), reg, base=extra) is extra
    plain = LatvianCalendar(transfers=False)
    assert calendar_for(Party.municipality("Cēsu novads"), reg, base=plain) is plain


def test_registry_data_are_checked() -> None:
    assert load_municipal_calendars(_raw("calendars.toml")) == municipal_calendars()
    loaded = load_municipal_calendars(
        {"not_following": [{"name": " B ", "source": "s"}, {"name": "A", "source": "s"}]}
    )
    assert [e.name for e in loaded] == ["A", "B"]
    bad: list[tuple[Any, type[Exception]]] = [
        ({}, InputError),
        ({"not_following": {"name": "A"}}, InputError),
        ({"not_following": [{"name": "A"}]}, InputError),
        ({"not_following": [{"name": "A", "source": "s", "x": 1}]}, InputError),
        ({"not_following": [{"name": "A", "source": "s"}] * 2}, InputError),
        ({"not_following": [{"name": "", "source": "s"}]}, InputError),
        ({"not_following": [{"name": "A\x00", "source": "s"}]}, InputError),
        ({"not_following": [{"name": 3, "source": "s"}]}, InputTypeError),
    ]
    for data, error in bad:
        with pytest.raises(error):
            load_municipal_calendars(data)
    reg = municipal_calendars()
    with pytest.raises(InputTypeError):
        reg.with_municipality("A", follows="no")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        reg.with_municipality("A", follows=False)  # a source is required
    with pytest.raises(InputTypeError):
        reg.follows_transfers("Cēsu novads")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        MunicipalCalendars("A")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        MunicipalCalendars(["A"])  # type: ignore[list-item]
    with pytest.raises(InputTypeError):
        calendar_for(Party.institution("VID"), registry={})  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        calendar_for(Party.institution("VID"), base="plain")  # type: ignore[arg-type]
    assert len(reg) == 0  # unchanged


# ---------------------------------------------------------------- rules version


def test_rules_version_is_stable_and_names_the_text() -> None:
    v = rules_version()
    assert v == rules_version() == rules_version(extra=None)
    text_id, digest = v.split("+")
    assert text_id == REGULATION.text_version.id
    assert len(digest) == 16
    assert int(digest, 16) >= 0


def test_rules_version_changes_with_a_value_or_a_reading_not_with_a_comment() -> None:
    data = {name: _raw(name) for name in version.RULES_DATA_FILES}
    readings = dict(law_interpretations())
    base = rules_digest(data, readings)
    assert rules_version().endswith(base)
    # Same values, the TOML re-read (comments are not part of parsed data): same digest.
    assert rules_digest({k: dict(v) for k, v in data.items()}, readings) == base
    changed = {**data, "duties.toml": dict(data["duties.toml"])}
    rows = [dict(r) for r in changed["duties.toml"]["duty"]]
    rows[0] = dict(rows[0], min_institutions=2)
    changed["duties.toml"]["duty"] = rows
    assert rules_digest(changed, readings) != base
    reworded = dict(readings, **{"calendar-year": "a different reading"})
    assert rules_digest(data, reworded) != base
    assert rules_version(extra={"procedure-reading": "x"}) != rules_version()
    assert set(law_interpretations()) >= {"rolling-36-months", MUNICIPALITY_FOLLOWS_TRANSFERS}


def test_rules_version_bad_input() -> None:
    with pytest.raises(InputError):
        rules_version(extra={"calendar-year": "redefined"})
    with pytest.raises(InputTypeError):
        rules_version(extra=[("a", "b")])  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        rules_version(extra={"a": 1})  # type: ignore[dict-item]
    with pytest.raises(InputError):
        rules_digest({}, {}, length=4)
    with pytest.raises(InputTypeError):
        rules_digest([], {})  # type: ignore[arg-type]
    with pytest.raises(InputError):
        rules_digest({"x": object()}, {})
