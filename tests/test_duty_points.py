"""Every duty point is owed by its role, in its types of centre, with the regulation's text.

One test per role, each citing (``@pytest.mark.cites``) the points it checks, so the
traceability table (tests/test_traceability.py) shows a test for every duty of p. 5.3, 6.3,
8-11 and 17-21. The lists are written out here, not read from the data, so a duty moved to
another role, dropped from the data or given a wrong centre type fails.
"""

from __future__ import annotations

import datetime

import pytest

from vkac_flow.errors import InputError
from vkac_flow.law.centres import CentreType
from vkac_flow.law.duties import DUTIES, DutyRole, duties_for
from vkac_flow.law.regulation import REGULATION

AFTER_ALL_IN_FORCE = datetime.date(2019, 1, 1)  # p. 23, 24 deferrals over
ALL = (CentreType.COUNTY, CentreType.REGIONAL, CentreType.NATIONAL)
BIG = (CentreType.REGIONAL, CentreType.NATIONAL)


def _owed(role: DutyRole, centre: CentreType) -> set[str]:
    return {d.number for d in duties_for(role, centre, AFTER_ALL_IN_FORCE)}


def _check(role: DutyRole, expected: dict[CentreType, set[str]]) -> None:
    for centre, points in expected.items():
        assert _owed(role, centre) == points, (role, centre)
        for d in duties_for(role, centre, AFTER_ALL_IN_FORCE):
            assert d.text_en == REGULATION.point(d.number).text_en
            assert d.who is role
    listed = {d.number for d in DUTIES if d.who is role}
    assert listed == set().union(*expected.values())


COUNTY_17 = {f"17.{i}" for i in range(1, 17)}
OPERATOR_20 = {f"20.{i}" for i in range(1, 21)}


@pytest.mark.cites(
    "17", "17.1", "17.2", "17.3", "17.4", "17.5", "17.6", "17.7", "17.8", "17.9", "17.10",
    "17.11", "17.12", "17.13", "17.14", "17.15", "17.16",
)  # fmt: skip
def test_the_county_municipality_owes_p17_in_county_centres() -> None:
    _check(DutyRole("county_municipality"), {CentreType.COUNTY: COUNTY_17})
    with pytest.raises(InputError, match=r"p\. 17"):
        duties_for("county_municipality", CentreType.REGIONAL, AFTER_ALL_IN_FORCE)


@pytest.mark.cites("18", "18.1", "18.2")
def test_service_providers_owe_p18_in_every_centre() -> None:
    _check(DutyRole("service_provider"), {c: {"18.1", "18.2"} for c in ALL})


@pytest.mark.cites("19", "19.1", "19.2", "19.3", "19.4", "19.5", "19.6", "19.7", "5.3", "6.3")
def test_on_site_providers_owe_p19_and_the_staffing_of_p5_3_and_6_3() -> None:
    p19 = {f"19.{i}" for i in range(1, 8)}
    _check(
        DutyRole("on_site_provider"),
        {CentreType.REGIONAL: p19 | {"5.3"}, CentreType.NATIONAL: p19 | {"6.3"}},
    )


@pytest.mark.cites(
    "20", "20.1", "20.2", "20.3", "20.4", "20.5", "20.6", "20.7", "20.8", "20.9", "20.10",
    "20.11", "20.12", "20.13", "20.14", "20.15", "20.16", "20.17", "20.18", "20.19", "20.20",
)  # fmt: skip
def test_centre_operators_owe_p20_in_regional_and_national_centres() -> None:
    _check(DutyRole("centre_operator"), dict.fromkeys(BIG, OPERATOR_20))


@pytest.mark.cites("8", "9", "11", "21", "21.1", "21.2", "21.3", "21.4")
def test_the_ministry_owes_p8_p9_p11_and_p21() -> None:
    _check(DutyRole("ministry"), {c: {"8", "9", "11", "21.1", "21.2", "21.3", "21.4"} for c in ALL})


@pytest.mark.cites("10", "10.1", "10.2", "10.3", "10.4")
def test_the_committee_owes_p10() -> None:
    _check(DutyRole("committee"), {c: {"10.1", "10.2", "10.3", "10.4"} for c in ALL})
