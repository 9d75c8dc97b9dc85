"""Tests of vkac_flow.law.centres: centre types (p. 3-6), centres, the registry."""

from __future__ import annotations

import datetime
import json

import pytest

from vkac_flow.errors import (
    DateOutOfRangeError,
    InputError,
    InputTypeError,
    NaiveDatetimeError,
    VkacFlowError,
)
from vkac_flow.law.centres import (
    NETWORK_JUNE_2023,
    Centre,
    CentreRegistry,
    CentreType,
    DuplicateCentreError,
    UnknownCentreError,
    synthetic_network,
)
from vkac_flow.law.parties import Party
from vkac_flow.law.regulation import REGULATION

D = datetime.date
CESIS = Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL)
PRIEKULI = Centre("Priekuļi", "Cēsu novads", CentreType.COUNTY, D(2019, 3, 1))
RIGA = Centre("Rīga", "Rīga", "national")


@pytest.mark.cites("3", "3.1", "3.2", "3.3", "4", "4.2", "5", "5.2", "6", "6.2")
def test_types_cite_points_3_to_6() -> None:
    assert [t.point for t in CentreType] == ["p. 3.1", "p. 3.2", "p. 3.3"]
    assert [t.defining_point for t in CentreType] == ["p. 4", "p. 5", "p. 6"]
    assert [t.basket_point for t in CentreType] == ["p. 4.2", "p. 5.2", "p. 6.2"]
    for t in CentreType:
        assert t.point in REGULATION
        assert "minim" in REGULATION.point(t.basket_point).text_lv
    assert CentreType.COUNTY.label == "county significance centre"


@pytest.mark.cites("2.1", "3", "25")
def test_centre_fields_and_validation() -> None:
    assert RIGA.type is CentreType.NATIONAL
    assert Centre("  Cēsis ", " Cēsu novads", CentreType.REGIONAL) == CESIS
    assert CESIS.opened is None
    assert CESIS.serves_from == D(2017, 7, 1)
    assert PRIEKULI.serves_from == D(2019, 3, 1)
    assert Centre("X", "Y", CentreType.COUNTY, "2020-01-02").opened == D(2020, 1, 2)
    assert str(CESIS) == "Cēsis (regional significance centre, Cēsu novads)"
    with pytest.raises(InputError, match="must not be empty"):
        Centre(" ", "Cēsu novads", CentreType.COUNTY)
    with pytest.raises(InputTypeError):
        Centre(1, "Cēsu novads", CentreType.COUNTY)
    with pytest.raises(InputError, match=r"p\. 3"):
        Centre("X", "Y", "metropolitan")
    with pytest.raises(InputTypeError):
        Centre("X", "Y", 3)
    with pytest.raises(DateOutOfRangeError, match=r"p\. 25"):
        Centre("X", "Y", CentreType.COUNTY, D(2017, 6, 30))
    with pytest.raises(NaiveDatetimeError):
        Centre("X", "Y", CentreType.COUNTY, datetime.datetime(2020, 1, 1, 12))


def test_centre_is_frozen_and_round_trips() -> None:
    with pytest.raises(AttributeError):
        CESIS.name = "other"  # type: ignore[misc]
    for c in (CESIS, PRIEKULI, RIGA):
        assert Centre.from_dict(json.loads(json.dumps(c.to_dict()))) == c
    with pytest.raises(InputError, match="unknown keys"):
        Centre.from_dict({**CESIS.to_dict(), "x": 1})
    with pytest.raises(InputError, match="missing keys"):
        Centre.from_dict({"name": "X"})
    with pytest.raises(InputTypeError):
        Centre.from_dict({**CESIS.to_dict(), "opened": 20200101})
    with pytest.raises(InputTypeError):
        Centre.from_dict([])  # type: ignore[arg-type]


def test_registry_lookup_iteration_and_municipalities() -> None:
    reg = CentreRegistry([CESIS, PRIEKULI, RIGA])
    assert reg["Cēsis"] is CESIS
    assert reg.get("Nowhere") is None
    assert list(reg) == [CESIS, PRIEKULI, RIGA]
    assert len(reg) == 3
    assert reg.names == ("Cēsis", "Priekuļi", "Rīga")
    assert reg.municipalities == ("Cēsu novads", "Rīga")
    assert reg.in_municipality("Cēsu novads") == (CESIS, PRIEKULI)
    assert reg.in_municipality(Party.municipality("Cēsu novads")) == (CESIS, PRIEKULI)
    assert reg.in_municipality("Nowhere") == ()
    with pytest.raises(InputTypeError, match=r"p\. 2\.5"):
        reg.in_municipality(Party.institution("VID"))
    assert reg.of_type("county") == (PRIEKULI,)
    assert "Cēsis" in reg
    assert CESIS in reg
    assert "x" not in reg
    assert 3 not in reg
    assert Centre("Cēsis", "Other", CentreType.COUNTY) not in reg
    assert reg.resolve(CESIS) is CESIS
    assert reg.resolve("Rīga") is RIGA
    with pytest.raises(UnknownCentreError, match="differs"):
        reg.resolve(Centre("Cēsis", "Other", CentreType.COUNTY))
    assert repr(reg) == "CentreRegistry(3 centres in 2 municipalities)"


def test_unknown_centre_is_key_error_and_vkac_error() -> None:
    reg = CentreRegistry([CESIS])
    with pytest.raises(UnknownCentreError) as info:
        reg["Valmiera"]
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, VkacFlowError)
    assert info.value.name == "Valmiera"
    assert "no centre named 'Valmiera'" in str(info.value)
    assert "p. 2.1" in str(info.value)
    with pytest.raises(InputTypeError):
        reg[3]  # type: ignore[index]


def test_duplicates_rejected_and_registry_unchanged() -> None:
    reg = CentreRegistry([CESIS])
    with pytest.raises(DuplicateCentreError, match="already registered"):
        reg.add(Centre("Cēsis", "Other", CentreType.COUNTY))
    with pytest.raises(DuplicateCentreError):
        reg.add_all([RIGA, Centre("Rīga", "Rīga", CentreType.COUNTY)])
    assert list(reg) == [CESIS]
    with pytest.raises(InputTypeError):
        reg.add_all([RIGA, "Valmiera"])  # type: ignore[list-item]
    assert list(reg) == [CESIS]
    with pytest.raises(InputTypeError):
        reg.add("Valmiera")  # type: ignore[arg-type]


def test_registry_json_round_trip_and_strictness() -> None:
    reg = CentreRegistry([CESIS, PRIEKULI, RIGA])
    text = reg.to_json()
    assert "Cēsis" in text  # not escaped
    again = CentreRegistry.from_json(text)
    assert again == reg
    assert again is not reg
    assert CentreRegistry([RIGA, CESIS]) != CentreRegistry([CESIS, RIGA])
    with pytest.raises(InputError, match="not valid JSON"):
        CentreRegistry.from_json("{")
    with pytest.raises(InputError, match="exactly the key"):
        CentreRegistry.from_dict({"centres": [], "x": 1})
    with pytest.raises(InputTypeError):
        CentreRegistry.from_dict({"centres": {}})
    with pytest.raises(DuplicateCentreError):
        CentreRegistry.from_dict({"centres": [CESIS.to_dict(), CESIS.to_dict()]})


def test_synthetic_network_has_the_june_2023_size_and_says_synthetic() -> None:
    net = synthetic_network()
    assert (len(net), len(net.municipalities)) == NETWORK_JUNE_2023 == (166, 35)
    assert all("(synthetic)" in c.name and "(synthetic)" in c.municipality for c in net)
    assert all(len(net.in_municipality(m)) >= 4 for m in net.municipalities)
    counts = {t: len(net.of_type(t)) for t in CentreType}
    assert counts == {CentreType.NATIONAL: 7, CentreType.REGIONAL: 28, CentreType.COUNTY: 131}
    small = synthetic_network(3, 2, opened=D(2020, 1, 1))
    assert [c.name for c in small] == [
        "Centre 001 (synthetic)",
        "Centre 002 (synthetic)",
        "Centre 003 (synthetic)",
    ]
    assert all(c.opened == D(2020, 1, 1) for c in small)
    with pytest.raises(InputError):
        synthetic_network(2, 3)
    with pytest.raises(InputTypeError):
        synthetic_network(True)
