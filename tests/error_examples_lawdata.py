"""Error examples of the law data: parties, services, centres, duties (see
tests/test_error_messages.py). Each is a real call of the public API."""

from __future__ import annotations

import datetime
import json

from latvian_words import Example
from vkac_flow import (
    Centre,
    CentreRegistry,
    CentreType,
    Institution,
    Party,
    PartyKind,
    Service,
    ServiceCategory,
    check_centre_staffing,
    duties_for,
    hours_change_notice,
    minimum_basket_service,
    notice_ok,
    periodic_status,
    staff_assignment_notice,
    synthetic_network,
)
from vkac_flow.law.duties import duty, load_duties

D = datetime.date
CESIS = Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL)
KINDS: tuple[str, ...] = ("municipality", "institution", "ministry", "committee", "municipal")
KINDS += ("other", "regional", "national", "continuous", "periodic", "immediate")
"""Codes listed in a message (kinds, roles, categories: the values a caller may pass)."""
NAMES = ("Cēsis", "Cēsu novads", "Būvatļauja", "Latvijas Valsts ceļi")
GOOD_DUTY = {
    "point": "17.10",
    "who": "county_municipality",
    "centres": ["county"],
    "kind": "continuous",
    "title_en": "Run",
}


def _registry() -> CentreRegistry:
    return CentreRegistry([CESIS])


EXAMPLES = [
    # ---------------------------------------------------------------- parties
    Example("InputTypeError", lambda: Party.institution(5), ("Institution", "str")),  # type: ignore[arg-type]
    Example("InputError", lambda: Party.institution("XYZ")),
    Example("InputError", lambda: Party.municipality("  ")),
    Example("InputError", lambda: Party(PartyKind.INSTITUTION, "State Revenue Service")),
    Example(
        "InputError",
        lambda: Party(PartyKind.INSTITUTION, "VID", institution=Institution.VID),
    ),
    Example(
        "InputError",
        lambda: Party(PartyKind.MUNICIPALITY, "Cēsu novads", institution=Institution.VID),
        NAMES,
    ),
    Example("InputError", lambda: Party.service_holder("VID")),
    Example("InputError", lambda: Party(PartyKind.MINISTRY, "Ministry"), ("VARAM",)),
    Example("InputError", lambda: Party(PartyKind.COMMITTEE, "board")),
    Example("InputTypeError", lambda: Party("municipality", "Cēsu novads"), ("PartyKind",)),  # type: ignore[arg-type]
    Example("InputTypeError", lambda: Party.from_dict([]), ("list",)),  # type: ignore[arg-type]
    Example("InputError", lambda: Party.from_dict({"kind": "ministry", "name": "VARAM", "x": 1})),
    Example("InputError", lambda: Party.from_dict({"kind": "ministry"})),
    Example("InputError", lambda: Party.from_dict({"kind": "mayor", "name": "X"}), KINDS),
    Example("InputTypeError", lambda: Party.from_dict({"kind": 1, "name": "X"}), ("kind", "int")),
    Example("InputTypeError", lambda: Party.municipality(5), ("int",)),  # type: ignore[arg-type]
    # ---------------------------------------------------------------- services
    Example("InputError", lambda: Service(" ", Party.municipality("Cēsu novads")), NAMES),
    Example(
        "InputError",
        lambda: Service("Būvatļauja", Party.municipality("Cēsu novads"), stage=" "),
        NAMES,
    ),
    Example(
        "InputError",
        lambda: Service("Būvatļauja", Party.municipality("Cēsu novads"), code="a b"),
        NAMES,
    ),
    Example("InputTypeError", lambda: Service("Būvatļauja", "VID"), (*NAMES, "Party", "str")),  # type: ignore[arg-type]
    Example(
        "InputError",
        lambda: Service("Būvatļauja", Party.ministry()),
        (*NAMES, "VARAM"),
    ),
    Example(
        "InputError",
        lambda: Service(
            "Būvatļauja",
            Party.service_holder("Latvijas Valsts ceļi"),
            ServiceCategory.MINIMUM_BASKET,
        ),
        NAMES,
    ),
    Example(
        "InputError",
        lambda: Service("Būvatļauja", Party.institution("VID"), ServiceCategory.MUNICIPAL),
        NAMES,
    ),
    Example(
        "InputError",
        lambda: Service.from_dict(
            {"name": "Būvatļauja", "holder": Party.ministry().to_dict(), "category": "x"}
        ),
        (*NAMES, *KINDS),
    ),
    Example(
        "InputTypeError", lambda: Service.from_dict({"name": 5, "holder": {}}), ("name", "int")
    ),
    Example("InputError", lambda: minimum_basket_service("VID", "")),
    # ---------------------------------------------------------------- centres
    Example("InputError", lambda: Centre("", "Cēsu novads", "regional"), NAMES),
    Example("InputError", lambda: Centre("Cēsis", "Cēsu novads", "village"), (*NAMES, *KINDS)),
    Example("InputTypeError", lambda: Centre("Cēsis", "Cēsu novads", 3), (*NAMES, "int")),
    Example(
        "DateOutOfRangeError",
        lambda: Centre("Cēsis", "Cēsu novads", "county", "2017-06-30"),
        (*NAMES, "None"),
    ),
    Example(
        "InputTypeError",
        lambda: Centre.from_dict(
            {"name": "Cēsis", "municipality": "Cēsu novads", "type": "county", "opened": 5}
        ),
        (*NAMES, "opened", "int"),
    ),
    Example("DuplicateCentreError", lambda: _registry().add(CESIS), NAMES),
    Example("DuplicateCentreError", lambda: CentreRegistry([CESIS, CESIS]), NAMES),
    Example("InputTypeError", lambda: _registry().add("Cēsis"), (*NAMES, "Centre", "str")),  # type: ignore[arg-type]
    Example("UnknownCentreError", lambda: _registry()["Cesis"]),
    Example(
        "UnknownCentreError",
        lambda: _registry().resolve(Centre("Cēsis", "Cēsu novads", "county")),
        NAMES,
    ),
    Example("InputTypeError", lambda: _registry()[5], ("int",)),  # type: ignore[index]
    Example("InputError", lambda: CentreRegistry.from_json("{")),
    Example("InputError", lambda: CentreRegistry.from_json(json.dumps({"centres": [], "x": 1}))),
    Example("InputTypeError", lambda: CentreRegistry.from_json('{"centres": 1}'), ("int",)),
    Example("InputError", lambda: CentreRegistry.from_json("[" * 100_000)),
    Example("InputTypeError", lambda: _registry().in_municipality(5), ("Party",)),
    Example("InputTypeError", lambda: synthetic_network("5"), ("centres", "str")),  # type: ignore[arg-type]
    Example("InputError", lambda: synthetic_network(10**6), ("synthetic_network", "centres")),
    Example("InputError", lambda: synthetic_network(3, 5)),
    # ---------------------------------------------------------------- duties
    Example("InputError", lambda: duty("13.2")),
    Example("InputError", lambda: duties_for("mayor"), KINDS),
    Example("InputTypeError", lambda: duties_for(Party.municipality("Cēsu novads")), NAMES),  # type: ignore[arg-type]
    Example("InputTypeError", lambda: duties_for(None), ("DutyRole", "NoneType")),  # type: ignore[arg-type]
    Example("InputError", lambda: duties_for("county_municipality", "regional", D(2026, 1, 5))),
    Example("InputError", lambda: duties_for("on_site_provider", "county", D(2026, 1, 5))),
    Example("InputError", lambda: duties_for("centre_operator", "county", D(2026, 1, 5))),
    Example("DateOutOfRangeError", lambda: duties_for("ministry", on=D(2017, 6, 30)), ("on",)),
    Example(
        "InputError", lambda: hours_change_notice("2026-03-09", absence_without_substitute=True)
    ),
    Example("InputError", lambda: staff_assignment_notice("2026-03-09", centre_type="county")),
    Example("DateOutOfRangeError", lambda: staff_assignment_notice("2017-07-07")),
    Example(
        "InputTypeError",
        lambda: staff_assignment_notice("2026-03-09", "lv"),  # type: ignore[arg-type]
        ("LatvianCalendar", "None", "str"),
    ),
    Example("InputError", lambda: notice_ok("2026-03-02", "2026-03-02", "19.3")),
    Example("InputError", lambda: notice_ok("2026-03-02", "2026-03-09", "17.10")),
    Example("InputError", lambda: periodic_status("19.1", [], "2026-01-01")),
    Example(
        "DateOutOfRangeError",
        lambda: periodic_status("11", [], "2018-01-01", since="2017-06-01"),
        ("since",),
    ),
    Example(
        "DateOutOfRangeError",
        lambda: periodic_status("11", [], "2018-01-01", since="2018-02-01"),
        ("as_of",),
    ),
    Example(
        "DateOutOfRangeError",
        lambda: periodic_status("11", ["2019-01-01"], "2018-01-01"),
        ("as_of",),
    ),
    Example(
        "InputTypeError",
        lambda: periodic_status("11", "2018-01-01", "2018-12-31"),
        ("done_dates", "str"),
    ),
    Example("InputError", lambda: check_centre_staffing("regional", {"XYZ": 1}, "2026-01-05")),
    Example(
        "InputError",
        lambda: check_centre_staffing(
            "regional", {Party.municipality("Cēsu novads"): 1}, "2026-01-05"
        ),
        NAMES,
    ),
    Example(
        "InputError",
        lambda: check_centre_staffing("regional", {"VID": 1, Institution.VID: 2}, "2026-01-05"),
    ),
    Example(
        "InputError",
        lambda: check_centre_staffing("regional", {"VID": 6}, "2026-01-05"),
        ("standard-week-schedule",),
    ),
    Example(
        "InputTypeError",
        lambda: check_centre_staffing("regional", {"VID": "1"}, "2026-01-05"),  # type: ignore[dict-item]
        ("str",),
    ),
    Example(
        "InputTypeError",
        lambda: check_centre_staffing("regional", [], "2026-01-05"),  # type: ignore[arg-type]
        ("institutions_serving", "list"),
    ),
    Example(
        "InputTypeError",
        lambda: check_centre_staffing("regional", {5: 1}, "2026-01-05"),
        ("Institution", "Party", "int"),
    ),
    Example("InputError", lambda: load_duties({"duty": [GOOD_DUTY, GOOD_DUTY]})),
    Example("InputError", lambda: load_duties({"duty": [{**GOOD_DUTY, "colour": "red"}]})),
    Example("InputError", lambda: load_duties({"duty": [{"point": "17.10"}]})),
    Example("InputError", lambda: load_duties({"duty": [{**GOOD_DUTY, "kind": "periodic"}]})),
    Example(
        "InputError", lambda: load_duties({"duty": [{**GOOD_DUTY, "period": {"working_days": 5}}]})
    ),
    Example(
        "InputError",
        lambda: load_duties({"duty": [{**GOOD_DUTY, "kind": "periodic", "times": 1, "years": 3}]}),
        ("rolling-36-months", "calendar-year"),
    ),
    Example("InputError", lambda: load_duties({"duty": [{**GOOD_DUTY, "who": "mayor"}]}), KINDS),
    Example("InputError", lambda: load_duties({"duty": [{**GOOD_DUTY, "kind": "weekly"}]}), KINDS),
    Example(
        "InputError",
        lambda: load_duties({"duty": [{**GOOD_DUTY, "centres": ["county", "county"]}]}),
    ),
    Example("InputTypeError", lambda: load_duties({"duty": [{**GOOD_DUTY, "centres": "county"}]})),
    Example(
        "InputError", lambda: load_duties({"duty": [{**GOOD_DUTY, "every_working_day": False}]})
    ),
    Example("InputError", lambda: load_duties({"duty": [{**GOOD_DUTY, "years": 0}]})),
    Example("InputError", lambda: load_duties({"duty": [{**GOOD_DUTY, "title_en": " "}]})),
    Example("InputError", lambda: load_duties({"duty": [{**GOOD_DUTY, "event": "x"}]})),
    Example(
        "InputError",
        lambda: load_duties({"duty": [{**GOOD_DUTY, "min_institutions": 0, "days_a_week": 1}]}),
    ),
    Example(
        "InputError",
        lambda: load_duties({"duty": [{**GOOD_DUTY, "min_institutions": "3", "days_a_week": 1}]}),
    ),
]
