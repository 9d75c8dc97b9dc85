"""workalendar off the start-up path: LatvianCalendar keeps workalendar's API without it.

``LatvianCalendar`` used to subclass ``workalendar.europe.Latvia``; importing
``workalendar.europe`` loads every European calendar (and convertdate, pymeeus, lunardate,
importlib.metadata), most of the start-up time of ``import vkac_flow`` (issue 14). The
documented choice (``docs/legal-time.md`` s. 7): the class implements workalendar's API
itself, forwards workalendar's other ``Latvia`` methods on first use, and
``WorkalendarLatvianCalendar`` is the subclass of both for code that needs the
``isinstance``.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from typing import Any

import pytest
from dateutil.easter import easter
from workalendar.europe import Latvia

from vkac_flow.calendar import LatvianCalendar, default_calendar
from vkac_flow.calendar.latvian import easter_sunday
from vkac_flow.calendar.workalendar_compat import WorkalendarLatvianCalendar
from vkac_flow.errors import InputTypeError

D = datetime.date


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_import_vkac_flow_does_not_import_workalendar() -> None:
    loaded = _modules_after("import vkac_flow\nvkac_flow.default_calendar().deadline")
    assert not {m for m in loaded if m.split(".")[0] in ("workalendar", "convertdate")}


def test_the_timeline_command_does_not_import_workalendar() -> None:
    loaded = _modules_after(
        "import contextlib, io\n"
        "from vkac_flow.views.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['timeline', '--letter-received', '2026-12-01', '--initiator', "
        "'municipality'])"
    )
    assert "vkac_flow.procedures.timeline" in loaded
    assert not {m for m in loaded if m.split(".")[0] == "workalendar"}


def test_easter_is_dateutils_western_easter() -> None:
    # workalendar's Latvia computes Easter with dateutil (EASTER_WESTERN)
    for year in range(1583, 4100):
        assert easter_sunday(year) == easter(year), year
    assert default_calendar().get_easter_sunday(2026) == Latvia().get_easter_sunday(2026)
    with pytest.raises(InputTypeError):
        default_calendar().get_easter_sunday("2026")  # type: ignore[arg-type]


def test_latvian_calendar_is_not_a_workalendar_latvia_by_design() -> None:
    cal = LatvianCalendar()
    assert not isinstance(cal, Latvia)
    compat = WorkalendarLatvianCalendar(transfers=False)
    assert isinstance(compat, Latvia)
    assert isinstance(compat, LatvianCalendar)
    assert isinstance(compat.with_changes(transfers=True), WorkalendarLatvianCalendar)


@pytest.mark.parametrize("transfers", [True, False])
def test_the_compat_subclass_answers_as_the_latvian_calendar(transfers: bool) -> None:
    ours = LatvianCalendar(transfers=transfers)
    compat = WorkalendarLatvianCalendar(transfers=transfers)
    for year in (2017, 2020, 2026):
        assert compat.holidays(year) == ours.holidays(year)
    day = D(2017, 1, 1)
    while day < D(2027, 1, 1):
        assert compat.is_working_day(day) == ours.is_working_day(day)
        day += datetime.timedelta(days=1)
    assert compat.add_working_days(D(2025, 12, 19), 20) == ours.add_working_days(
        D(2025, 12, 19), 20
    )


def test_workalendars_other_methods_are_forwarded_and_bound_to_our_days() -> None:
    cal: Any = default_calendar()  # the forwarded names are not in the static type
    # static helpers
    assert cal.get_nth_weekday_in_month(2026, 5, 6, 2) == D(2026, 5, 10)
    assert cal.get_last_weekday_in_month(2026, 5, 4) == D(2026, 5, 29)
    assert cal.get_first_weekday_after(D(2026, 12, 1), 0) == D(2026, 12, 7)
    # class-level data and properties, as if inherited
    assert cal.include_christmas is True
    assert cal.name == (LatvianCalendar.__doc__ or "").splitlines()[0]
    assert cal.get_weekend_days() == (5, 6)
    # a method bound to this calendar: workalendar's iCal export lists our holidays,
    # Mother's Day (a Sunday workalendar's Latvia does not know) among them
    ical = cal.export_to_ical(period=[2026, 2026])
    assert "Mother's Day" in ical
    assert "Day off by Cabinet transfer order" in ical


def test_unknown_and_special_names_are_attribute_errors() -> None:
    cal: Any = default_calendar()
    with pytest.raises(AttributeError, match="no attribute 'no_such_thing'"):
        cal.no_such_thing  # noqa: B018
    with pytest.raises(AttributeError):
        cal._holidays  # noqa: B018  (workalendar's cache: unused)
    assert not hasattr(cal, "__html__")


# Arguments for every public workalendar Latvia method, keyed by name: calls over a range
# of years and dates (and the iCal export, whose output names our days).
_YEARS = (2017, 2020, 2024, 2026)
_DATES = (D(2017, 3, 1), D(2020, 6, 23), D(2024, 12, 24), D(2026, 5, 4), D(2026, 11, 18))
_CALLS: dict[str, list[tuple[Any, ...]]] = {
    "add_working_days": [(d, n) for d in _DATES for n in (0, 1, 20, -5)],
    "sub_working_days": [(d, n) for d in _DATES for n in (1, 20)],
    "find_following_working_day": [(d,) for d in _DATES],
    "get_working_days_delta": [(a, b) for a in _DATES for b in _DATES],
    "is_working_day": [(d,) for d in _DATES],
    "is_holiday": [(d,) for d in _DATES],
    "get_holiday_label": [(d,) for d in _DATES],
    "get_iso_week_date": [(y, w) for y in _YEARS for w in (1, 25)],
    "get_nth_weekday_in_month": [(y, 5, 6, 2) for y in _YEARS],
    "get_last_weekday_in_month": [(y, 5, 4) for y in _YEARS],
    "get_first_weekday_after": [(d, 0) for d in _DATES],
    "get_weekend_days": [()],
    "export_to_ical": [],  # checked below: its output carries a creation time stamp
}
# every other public method takes a year. Not compared: ``name``, the class's docstring's
# first line (workalendar meaning), checked in the test above.
_NOT_COMPARED = {"name"}


def _public_latvia_names() -> list[str]:
    return [n for n in dir(Latvia) if not n.startswith("_") and n not in _NOT_COMPARED]


@pytest.mark.parametrize("name", _public_latvia_names())
@pytest.mark.parametrize("transfers", [True, False])
def test_every_workalendar_latvia_name_answers_as_the_compat_subclass(
    name: str, transfers: bool
) -> None:
    """Each public name of ``Latvia`` answers from LatvianCalendar as from the compat class.

    Methods that call ``super()`` (``get_fixed_holidays``, ``get_variable_days``) used to
    raise TypeError: they were bound to an object that is not a ``Latvia``.
    """
    ours: Any = LatvianCalendar(transfers=transfers)
    compat: Any = WorkalendarLatvianCalendar(transfers=transfers)
    mine, theirs = getattr(ours, name), getattr(compat, name)
    if not callable(theirs):
        assert mine == theirs
        return
    calls = _CALLS.get(name, [(y,) for y in _YEARS])
    for args in calls:
        assert _answer(mine, args) == _answer(theirs, args), (name, args)


def _answer(method: Any, args: tuple[Any, ...]) -> Any:
    """What ``method(*args)`` returns, or the class and text of what it raises."""
    try:
        return method(*args)
    except Exception as exc:  # workalendar's own refusals (an unconfigured label) count
        return ("raises", type(exc), str(exc))


def test_super_calling_workalendar_methods_answer() -> None:
    cal: Any = LatvianCalendar()
    assert (D(2026, 6, 24), "St. John's Day") in cal.get_fixed_holidays(2026)
    assert cal.get_variable_days(2026) == WorkalendarLatvianCalendar().get_variable_days(2026)
    assert cal.get_calendar_holidays(2026) == cal.holidays(2026)
    ical_ours = cal.export_to_ical(period=[2026, 2026]).splitlines()
    ical_compat = WorkalendarLatvianCalendar().export_to_ical(period=[2026, 2026]).splitlines()
    stamped = ("DTSTAMP", "UID", "PRODID")
    assert [x for x in ical_ours if not x.startswith(stamped)] == [
        x for x in ical_compat if not x.startswith(stamped)
    ]


def test_an_extra_day_off_shows_in_workalendars_forwarded_methods() -> None:
    extra = D(2026, 7, 3)
    cal: Any = LatvianCalendar(extra_days_off={extra: "Test day"})
    compat: Any = WorkalendarLatvianCalendar(extra_days_off={extra: "Test day"})
    assert cal.get_working_days_delta(D(2026, 7, 1), D(2026, 7, 8)) == (
        compat.get_working_days_delta(D(2026, 7, 1), D(2026, 7, 8))
    )
    assert not cal.is_working_day(extra)
    assert cal.get_variable_days(2026) == compat.get_variable_days(2026)


def test_workalendar_holiday_rules_answer_as_workalendar_latvia() -> None:
    """The observed days of 4 May and 18 November are placed as workalendar places them.

    Workalendar's rule rolls a weekend holiday to the next weekday; this calendar's
    ``find_following_working_day`` skips days off too, and used to move the observed day
    past itself (2024: 7 May instead of 6 May). Review finding.
    """
    from workalendar.europe import Latvia

    from vkac_flow.calendar.latvian import LatvianCalendar
    from vkac_flow.calendar.workalendar_compat import WorkalendarLatvianCalendar

    theirs = Latvia()
    ours: Any = LatvianCalendar()  # workalendar's other names are looked up on first access
    cals: tuple[Any, ...] = (ours, WorkalendarLatvianCalendar(), LatvianCalendar(transfers=False))
    for cal in cals:
        for year in range(1990, 2100):
            assert sorted(cal.get_variable_days(year)) == sorted(theirs.get_variable_days(year))
            assert cal.get_independence_days(year) == theirs.get_independence_days(year)
            assert cal.get_republic_days(year) == theirs.get_republic_days(year)
    observed = {n: d for d, n in ours.get_variable_days(2024)}
    assert observed["Restoration of Independence Observed"].isoformat() == "2024-05-06"
