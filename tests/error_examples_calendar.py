# mypy: disable-error-code="arg-type, list-item, dict-item, call-overload"
"""Error examples of ``vkac_flow.calendar`` and of ``vkac_flow.law``'s regulation, steps,
version, calendars and committee modules (see tests/test_error_messages.py).

Each is a real call of the public API that raises exactly the named class; its Latvian
message is checked for English words.
"""

from __future__ import annotations

import datetime
import tomllib

import numpy as np

from latvian_words import Example
from vkac_flow import (
    REGULATION,
    Days,
    LatvianCalendar,
    Months,
    MunicipalCalendars,
    Party,
    TransferOrder,
    WorkingDays,
    calendar_for,
    cite,
    rules_version,
    survey_gaps,
    to_date,
)
from vkac_flow.calendar.data import load_transfer_orders
from vkac_flow.calendar.periods import period_from_dict
from vkac_flow.law.calendars import NotFollowing, load_municipal_calendars
from vkac_flow.law.regulation import load_text_version
from vkac_flow.law.steps import route_for
from vkac_flow.law.version import rules_digest

CAL = LatvianCalendar()
UTC = datetime.UTC

_ORDER = (
    "[[transfer_order]]\nyear = 2027\ndays_off = {off}\nworking_saturdays = {sat}\nsource = {src}\n"
)


_BAD_TOML = "[[transfer_order"


def _toml_says() -> str:
    try:
        tomllib.loads(_BAD_TOML)
    except tomllib.TOMLDecodeError as err:
        return str(err)
    raise AssertionError("valid TOML")


def _orders(off: str = "[]", sat: str = "[]", src: str = "'x'") -> str:
    return _ORDER.format(off=off, sat=sat, src=src)


EXAMPLES = [
    # calendar.dates: every kind of bad date
    Example("DateFormatError", lambda: to_date("2026-13-45"), ()),
    Example("DateFormatError", lambda: CAL.deadline("02.03.2026", WorkingDays(3)), ("start",)),
    Example("NaiveDatetimeError", lambda: to_date(datetime.datetime(2026, 3, 2, 12)), ()),
    Example(
        "DateOutOfRangeError",
        lambda: to_date(
            datetime.datetime(
                9999, 12, 31, 23, tzinfo=datetime.timezone(-datetime.timedelta(hours=5))
            )
        ),
        (),
    ),
    Example("InputTypeError", lambda: to_date(5), ("int",)),
    # calendar.periods
    Example("InvalidPeriodError", lambda: WorkingDays(0), ()),
    Example("InvalidPeriodError", lambda: Months(10**10), ()),
    Example("InvalidPeriodError", lambda: period_from_dict({"weeks": 2}), ()),
    Example("InvalidPeriodError", lambda: period_from_dict([1]), ()),
    # calendar.deadline and the counts of calendar.latvian
    Example(
        "LanguageError", lambda: CAL.deadline("2026-03-02", WorkingDays(3)).explain("de"), ("lang",)
    ),
    Example(
        "InputTypeError",
        lambda: CAL.deadline("2026-03-02", 3),
        ("period", "WorkingDays", "Months", "Days", "int"),
    ),
    Example("DateOutOfRangeError", lambda: CAL.deadline("2099-12-01", Months(2)), ()),
    Example("DateOutOfRangeError", lambda: CAL.deadline("2099-12-01", Months(10**9)), ()),
    Example("DateOutOfRangeError", lambda: CAL.deadline("2099-12-01", Days(45)), ()),
    Example("DateOutOfRangeError", lambda: CAL.deadline_before("2017-01-10", Months(10**9)), ()),
    Example("DateOutOfRangeError", lambda: CAL.deadline("2099-12-01", WorkingDays(23)), ()),
    Example("DateOutOfRangeError", lambda: CAL.deadline_before("2017-01-10", Days(30)), ()),
    Example("DateOutOfRangeError", lambda: CAL.deadline("2016-12-01", WorkingDays(1)), ("start",)),
    Example("DateOutOfRangeError", lambda: CAL.day_info("2100-01-01"), ()),
    Example(
        "DateOutOfRangeError", lambda: CAL.add_working_days(datetime.date(2099, 12, 1), 40), ()
    ),
    Example("InputTypeError", lambda: CAL.add_working_days("2026-03-02", 1.5), ()),
    Example(
        "InputError",
        lambda: CAL.deadline("2026-03-02", WorkingDays(1), basis=["p. 1"] * 51),
        ("basis",),
    ),
    Example(
        "InputTypeError", lambda: CAL.deadline("2026-03-02", WorkingDays(1), basis=[5]), ("basis",)
    ),
    Example(
        "InputTypeError", lambda: CAL.deadline("2026-03-02", WorkingDays(1), basis=5), ("basis",)
    ),
    Example("InputTypeError", lambda: CAL.special_days("2026"), ("year", "int")),
    Example("DateOutOfRangeError", lambda: CAL.special_days(2200), ()),
    # calendar.latvian: building a calendar
    Example(
        "InputTypeError", lambda: LatvianCalendar(roll_policy="x"), ("roll_policy", "RollPolicy")
    ),
    Example(
        "InputTypeError", lambda: LatvianCalendar(extra_orders=5), ("extra_orders", "TransferOrder")
    ),
    Example(
        "InputTypeError",
        lambda: LatvianCalendar(extra_orders=[5]),
        ("extra_orders", "TransferOrder"),
    ),
    Example(
        "DateOutOfRangeError",
        lambda: LatvianCalendar(extra_orders=[TransferOrder(2200, source="x")]),
        (),
    ),
    Example("InputTypeError", lambda: LatvianCalendar(extra_days_off={"2026-03-03": 5}), ()),
    Example("InputTypeError", lambda: LatvianCalendar(extra_days_off=5), ()),
    Example("DateOutOfRangeError", lambda: LatvianCalendar(extra_days_off=["2100-03-03"]), ()),
    Example(
        "CalendarDataError",
        lambda: LatvianCalendar(extra_days_off=["2026-03-03"], extra_working_days=["2026-03-03"]),
        (),
    ),
    Example(
        "CalendarDataError",
        lambda: LatvianCalendar(
            extra_orders=[TransferOrder(2027, days_off=["2027-11-18"], source="x")]
        ),
        (),
    ),
    Example(
        "CalendarDataError",
        lambda: LatvianCalendar(
            extra_orders=[TransferOrder(2027, working_saturdays=["2027-12-25"], source="x")]
        ),
        (),
    ),
    Example(
        "InputTypeError",
        lambda: CAL.with_changes(nonsense=1),
        (
            "with_changes",
            "extra_days_off",
            "extra_orders",
            "extra_working_days",
            "roll_policy",
            "transfers",
        ),
    ),
    # calendar.data: transfer orders
    Example("InputTypeError", lambda: TransferOrder("2027", source="x"), ()),
    Example("DateOutOfRangeError", lambda: TransferOrder(0, source="x"), ()),
    Example("InputTypeError", lambda: TransferOrder(2027, days_off="2027-05-03", source="x"), ()),
    Example("InputTypeError", lambda: TransferOrder(2027, days_off=[5], source="x"), ()),
    Example(
        "CalendarDataError",
        lambda: TransferOrder(2027, days_off=["2027-05-03"] * 60, source="x"),
        (),
    ),
    Example(
        "CalendarDataError",
        lambda: TransferOrder(2027, days_off=["2027-05-03", "2027-05-03"], source="x"),
        (),
    ),
    Example(
        "CalendarDataError", lambda: TransferOrder(2027, days_off=["2026-05-04"], source="x"), ()
    ),
    Example(
        "CalendarDataError", lambda: TransferOrder(2027, days_off=["2027-05-01"], source="x"), ()
    ),
    Example(
        "CalendarDataError",
        lambda: TransferOrder(2027, working_saturdays=["2027-05-03"], source="x"),
        (),
    ),
    Example("InputError", lambda: TransferOrder(2027, source="x\x1b[2J"), ()),
    Example("InputTypeError", lambda: load_transfer_orders(5), ("TOML",)),
    # the TOML parser's own message is quoted as it is (tomllib speaks English only)
    Example("CalendarDataError", lambda: load_transfer_orders(_BAD_TOML), ("TOML", _toml_says())),
    Example("CalendarDataError", lambda: load_transfer_orders("x = " + "1" * 5000), ("TOML",)),
    Example("CalendarDataError", lambda: load_transfer_orders("x = 1"), ()),
    Example(
        "CalendarDataError", lambda: load_transfer_orders("[[transfer_order]]\nyear = 2027\n"), ()
    ),
    Example("OrderFileTypeError", lambda: load_transfer_orders(_orders(off="5")), ("days_off",)),
    Example("OrderFileTypeError", lambda: load_transfer_orders(_orders(src="5")), ("source",)),
    Example("OrderFileTypeError", lambda: load_transfer_orders(_orders(off="[5]")), ()),
    Example("CalendarDataError", lambda: load_transfer_orders(_orders() + _orders()), ()),
    # calendar.arrays (the sim extra)
    Example(
        "DateOutOfRangeError",
        lambda: CAL.arrays().add_working_days(np.array(["2100-01-01"], dtype="datetime64[D]"), 1),
        (),
    ),
    Example(
        "DateOutOfRangeError",
        lambda: CAL.arrays().add_working_days(np.array(["2099-12-30"], dtype="datetime64[D]"), 5),
        (),
    ),
    Example(
        "DateOutOfRangeError",
        lambda: CAL.arrays().deadline(np.array(["2099-12-01"], dtype="datetime64[D]"), Months(2)),
        (),
    ),
    Example(
        "DateOutOfRangeError",
        lambda: CAL.arrays().deadline(np.array(["2099-12-30"], dtype="datetime64[D]"), Days(5)),
        (),
    ),
    Example(
        "InputTypeError",
        lambda: CAL.arrays().deadline(np.array(["2026-03-02"], dtype="datetime64[D]"), 3),
        ("period", "WorkingDays", "Months", "Days", "int"),
    ),
    # law.regulation
    Example("UnknownPointError", lambda: REGULATION.point("99"), ()),
    Example("UnknownPointError", lambda: cite("p 13"), ()),
    Example("InputTypeError", lambda: cite(13), ("int",)),
    Example("InputError", lambda: REGULATION.chapter_title("VI"), ()),
    Example("LanguageError", lambda: REGULATION.chapter_title("I", lang="de"), ("lang",)),
    Example(
        "InputError",
        lambda: load_text_version({}),
        # the data's keys are code, shown as they are in both languages
        ("text_version", "id", "status", "label", "year", "title_lv", "date_note", "source"),
    ),
    # law.steps
    Example("InputTypeError", lambda: route_for(5), ("initiator", "PartyKind", "Party")),
    Example("RuleViolationError", lambda: route_for("ministry"), ()),
    # law.version
    Example("InputTypeError", lambda: rules_version(extra=5), ("extra",)),
    Example("InputTypeError", lambda: rules_version(extra={"x": 5}), ("extra",)),
    Example("InputError", lambda: rules_digest({}, {}, length=5), ("length",)),
    Example("InputTypeError", lambda: rules_digest(5, {}), ("data", "interpretations")),
    Example("InputError", lambda: rules_digest({"x": {1, 2}}, {}), ()),
    # law.calendars
    Example("InputTypeError", lambda: NotFollowing(5, "x"), ("name", "int")),
    Example("InputError", lambda: NotFollowing(" ", "x"), ("name",)),
    Example("InputError", lambda: NotFollowing("Cēsu novads", "a\x01b"), ("source",)),
    Example(
        "InputTypeError", lambda: MunicipalCalendars("x"), ("not_following", "NotFollowing", "str")
    ),
    Example(
        "InputTypeError", lambda: MunicipalCalendars([5]), ("not_following", "NotFollowing", "int")
    ),
    Example(
        "InputError",
        lambda: MunicipalCalendars([NotFollowing("A", "x"), NotFollowing("A", "y")]),
        (),
    ),
    Example(
        "InputTypeError",
        lambda: MunicipalCalendars().follows_transfers("A"),
        ("party", "Party", "str"),
    ),
    Example(
        "InputTypeError",
        lambda: MunicipalCalendars().with_municipality("A", follows=1),
        ("follows", "int"),
    ),
    Example(
        "InputError", lambda: load_municipal_calendars({"not_following": 5}), ("not_following",)
    ),
    Example(
        "InputError", lambda: load_municipal_calendars({"not_following": [5]}), ("name", "source")
    ),
    Example(
        "InputTypeError",
        lambda: calendar_for(Party.municipality("A"), registry=5),
        ("registry", "MunicipalCalendars", "None", "int"),
    ),
    Example(
        "InputTypeError",
        lambda: calendar_for(Party.municipality("A"), base=5),
        ("base", "LatvianCalendar", "None", "int"),
    ),
    # law.committee
    Example("InputError", lambda: survey_gaps([], "2026-03-02", point="13"), ()),
]

# workalendar's API, implemented by the calendar itself (issue 14: workalendar off the path)
EXAMPLES.append(Example("InputTypeError", lambda: LatvianCalendar().get_easter_sunday("2026")))
