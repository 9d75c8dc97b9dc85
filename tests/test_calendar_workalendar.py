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
