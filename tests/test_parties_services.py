"""Tests of vkac_flow.law.parties and vkac_flow.law.services."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

from vkac_flow.errors import InputError, InputTypeError, VkacFlowError
from vkac_flow.law.memo import MAX_KEYS, exact_key
from vkac_flow.law.parties import COMMITTEE_NAME, MINISTRY_NAME, Institution, Party, PartyKind
from vkac_flow.law.regulation import REGULATION
from vkac_flow.law.services import Service, ServiceCategory, minimum_basket_service

CESIS = Party.municipality("Cēsu novads")
VID = Party.institution("VID")
LVC = Party.service_holder("Latvijas Valsts ceļi")


def all_parties() -> list[Party]:
    return [
        CESIS,
        LVC,
        Party.ministry(),
        Party.committee(),
        *(Party.institution(i) for i in Institution),
    ]


# -- PartyKind and Institution -------------------------------------------------------------


@pytest.mark.cites("2.3", "2.4", "2.5", "8")
def test_party_kind_values() -> None:
    assert [k.value for k in PartyKind] == [
        "municipality",
        "institution",
        "service_holder",
        "ministry",
        "committee",
    ]
    assert PartyKind.MUNICIPALITY.point == "p. 2.5"
    assert PartyKind.INSTITUTION.point == "p. 2.4"
    assert PartyKind.SERVICE_HOLDER.point == "p. 2.3"
    assert PartyKind.MINISTRY.point == "p. 8"
    assert PartyKind.SERVICE_HOLDER.label == "service holder"


def test_seven_institutions() -> None:
    assert [i.value for i in Institution] == ["LAD", "NVA", "UR", "PMLP", "VID", "VSAA", "VZD"]
    assert Institution.PMLP.name_en == "Office of Citizenship and Migration Affairs"
    assert Institution.NVA.name_lv == "Nodarbinātības valsts aģentūra"
    assert Institution.VSAA.code == "VSAA"


@pytest.mark.cites("8")
def test_institution_names_match_point_8() -> None:
    """Each Latvian name appears in p. 8 (in the genitive: drop the last letter or two)."""
    text = REGULATION.point("8").text_lv
    for inst in Institution:
        stem = inst.name_lv[:-2]
        assert stem in text, inst
        assert inst.name_en in REGULATION.point("8").text_en, inst


# -- Party constructors --------------------------------------------------------------------


def test_constructors() -> None:
    assert CESIS.kind is PartyKind.MUNICIPALITY
    assert CESIS.name == "Cēsu novads"
    assert CESIS.institution is None
    assert VID.kind is PartyKind.INSTITUTION
    assert VID.institution is Institution.VID
    assert VID.name == "State Revenue Service"
    assert Party.institution(Institution.VID) == VID
    assert LVC.kind is PartyKind.SERVICE_HOLDER
    assert Party.ministry().name == MINISTRY_NAME == "VARAM"
    assert Party.committee().name == COMMITTEE_NAME


def test_name_is_stripped_and_equality_by_value() -> None:
    assert Party.municipality("  Cēsu novads\n") == CESIS
    assert Party.municipality("Valmieras novads") != CESIS
    assert hash(Party.institution("VID")) == hash(VID)


def test_str() -> None:
    assert str(CESIS) == "municipality Cēsu novads"
    assert str(VID) == "institution VID (State Revenue Service)"
    assert str(LVC) == "service holder Latvijas Valsts ceļi"
    assert str(Party.ministry()) == "ministry VARAM"
    assert str(Party.committee()) == "supervisory committee"


def test_predicates() -> None:
    proposers = {p.kind for p in all_parties() if p.may_propose_transfer}
    assert proposers == {PartyKind.MUNICIPALITY, PartyKind.INSTITUTION, PartyKind.SERVICE_HOLDER}
    holders = {p.kind for p in all_parties() if p.may_hold_service}
    assert holders == proposers
    assert CESIS.is_municipality
    assert not CESIS.is_institution
    assert VID.is_institution
    assert LVC.is_service_holder
    assert not LVC.is_institution
    assert Party.ministry().is_ministry
    assert Party.committee().is_committee
    assert not Party.committee().is_ministry


def test_party_is_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CESIS.name = "x"  # type: ignore[misc]


def test_key() -> None:
    assert VID.key == "institution:VID"
    assert CESIS.key == "municipality:Cēsu novads"
    assert len({p.key for p in all_parties()}) == len(all_parties())


# -- Party validation ----------------------------------------------------------------------


def _assert_input_error(exc: BaseException) -> None:
    assert isinstance(exc, VkacFlowError)
    assert isinstance(exc, ValueError)


def test_unknown_institution_code() -> None:
    with pytest.raises(InputError) as info:
        Party.institution("LVC")
    _assert_input_error(info.value)
    assert info.value.points == ("p. 2.4", "p. 8")
    message = str(info.value)
    assert "'LVC'" in message
    for inst in Institution:
        assert inst.value in message


@pytest.mark.parametrize("code", ["vid", "", " VID"])
def test_institution_code_is_exact(code: str) -> None:
    with pytest.raises(InputError):
        Party.institution(code)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Party.institution(7),  # type: ignore[arg-type]
        lambda: Party.municipality(None),  # type: ignore[arg-type]
        lambda: Party.service_holder(b"LVC"),  # type: ignore[arg-type]
        lambda: Party("municipality", "x"),  # type: ignore[arg-type]
        lambda: Party(PartyKind.INSTITUTION, "State Revenue Service", institution="VID"),  # type: ignore[arg-type]
    ],
)
def test_wrong_types(make: Any) -> None:
    with pytest.raises(InputTypeError) as info:
        make()
    assert isinstance(info.value, VkacFlowError)
    assert isinstance(info.value, TypeError)


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_empty_names(name: str) -> None:
    with pytest.raises(InputError) as info:
        Party.municipality(name)
    _assert_input_error(info.value)
    with pytest.raises(InputError):
        Party.service_holder(name)


def test_institution_field_iff_kind_institution() -> None:
    with pytest.raises(InputError, match=r"p\. 2\.4"):
        Party(PartyKind.MUNICIPALITY, "Cēsu novads", institution=Institution.VID)
    with pytest.raises(InputError, match=r"p\. 2\.4"):
        Party(PartyKind.INSTITUTION, "State Revenue Service")
    with pytest.raises(InputError, match="name must be"):
        Party(PartyKind.INSTITUTION, "VID", institution=Institution.VID)
    assert Party(PartyKind.INSTITUTION, "State Revenue Service", institution=Institution.VID) == VID


def test_ministry_and_committee_names_fixed() -> None:
    with pytest.raises(InputError):
        Party(PartyKind.MINISTRY, "Finanšu ministrija")
    with pytest.raises(InputError):
        Party(PartyKind.COMMITTEE, "another committee")


# -- Party serialisation -------------------------------------------------------------------


@pytest.mark.parametrize("party", all_parties(), ids=str)
def test_party_round_trip(party: Party) -> None:
    data = party.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert Party.from_dict(json.loads(json.dumps(data))) == party


def test_party_to_dict_shape() -> None:
    assert VID.to_dict() == {
        "kind": "institution",
        "name": "State Revenue Service",
        "institution": "VID",
    }
    assert CESIS.to_dict() == {"kind": "municipality", "name": "Cēsu novads", "institution": None}
    assert Party.from_dict({"kind": "municipality", "name": "Cēsu novads"}) == CESIS


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "county", "name": "Cēsu novads"},
        {"kind": "municipality"},
        {"name": "Cēsu novads"},
        {"kind": "municipality", "name": "Cēsu novads", "extra": 1},
        {"kind": "institution", "name": "State Revenue Service", "institution": "XYZ"},
        {"kind": "institution", "name": "State Revenue Service"},
        {"kind": "municipality", "name": "Cēsu novads", "institution": "VID"},
        {"kind": "municipality", "name": ""},
        {"kind": "MUNICIPALITY", "name": "Cēsu novads"},
    ],
)
def test_party_from_dict_rejects_values(data: dict[str, Any]) -> None:
    with pytest.raises(InputError) as info:
        Party.from_dict(data)
    _assert_input_error(info.value)


@pytest.mark.parametrize(
    "data",
    [
        ["municipality", "Cēsu novads"],
        "municipality",
        {"kind": 1, "name": "Cēsu novads"},
        {"kind": "municipality", "name": None},
        {"kind": "institution", "name": "State Revenue Service", "institution": 5},
    ],
)
def test_party_from_dict_rejects_types(data: Any) -> None:
    with pytest.raises(InputTypeError):
        Party.from_dict(data)


# -- ServiceCategory -----------------------------------------------------------------------


@pytest.mark.cites("7", "7.1", "7.2", "7.3")
def test_categories() -> None:
    assert [c.value for c in ServiceCategory] == ["minimum_basket", "municipal", "other"]
    assert [c.point for c in ServiceCategory] == ["p. 7.1", "p. 7.2", "p. 7.3"]


# -- Service -------------------------------------------------------------------------------


def test_service_defaults() -> None:
    s = Service("Road use permit", LVC)
    assert s.category is ServiceCategory.OTHER
    assert s.stage is None
    assert s.code is None
    assert not s.is_stage
    assert s.label == "Road use permit, service holder Latvijas Valsts ceļi"


def test_service_stage() -> None:
    whole = Service("Road use permit", LVC)
    stage = Service(" Road use permit ", LVC, stage=" application intake ")
    assert stage.name == "Road use permit"
    assert stage.stage == "application intake"
    assert stage.is_stage
    assert stage != whole
    assert stage.key != whole.key
    assert stage.label == (
        "Road use permit (stage: application intake), service holder Latvijas Valsts ceļi"
    )


def test_keys() -> None:
    assert (
        Service("Road use permit", LVC).key == "service_holder:Latvijas Valsts ceļi/Road use permit"
    )
    assert Service("Road use permit", LVC, stage="intake").key.endswith("/Road use permit#intake")
    assert Service("Road use permit", LVC, code="portal-1234").key == "portal-1234"


def test_keys_are_injective_despite_separators() -> None:
    a = Service("a/b", LVC)
    b = Service("a", LVC, stage="b")
    c = Service("a#b", LVC)
    d = Service("a", Party.service_holder("Latvijas Valsts ceļi/a"))
    keys = {
        s.key for s in (a, b, c, d, Service("a", LVC, stage="b#c"), Service("a#b", LVC, stage="c"))
    }
    assert len(keys) == 6


def test_minimum_basket_service() -> None:
    s = minimum_basket_service("VID")
    assert s.holder == VID
    assert s.category is ServiceCategory.MINIMUM_BASKET
    assert s.name == "Minimum-basket services of the State Revenue Service"
    named = minimum_basket_service(Institution.VZD, "Cadastre extract")
    assert named.name == "Cadastre extract"
    assert named.holder.institution is Institution.VZD
    with pytest.raises(InputError):
        minimum_basket_service("LVC")


@pytest.mark.cites("2.3")
@pytest.mark.parametrize("holder", [Party.ministry(), Party.committee()])
def test_holder_must_be_able_to_hold(holder: Party) -> None:
    with pytest.raises(InputError) as info:
        Service("Anything", holder)
    _assert_input_error(info.value)
    assert info.value.points == ("p. 2.3",)


@pytest.mark.cites("2.6", "8")
@pytest.mark.parametrize("holder", [CESIS, LVC])
def test_minimum_basket_needs_institution(holder: Party) -> None:
    with pytest.raises(InputError) as info:
        Service("Declaration", holder, ServiceCategory.MINIMUM_BASKET)
    assert info.value.points == ("p. 2.6", "p. 8")


@pytest.mark.cites("7.2")
@pytest.mark.parametrize("holder", [VID, LVC])
def test_municipal_needs_municipality(holder: Party) -> None:
    with pytest.raises(InputError) as info:
        Service("Building permit", holder, ServiceCategory.MUNICIPAL)
    assert info.value.points == ("p. 7.2",)


def test_other_services_any_holder() -> None:
    for holder in (VID, LVC, CESIS):
        assert Service("x", holder).category is ServiceCategory.OTHER
    assert Service("Building permit", CESIS, ServiceCategory.MUNICIPAL).holder == CESIS


@pytest.mark.cites("2.2")
@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "", "holder": LVC},
        {"name": "  ", "holder": LVC},
        {"name": "x", "holder": LVC, "stage": ""},
        {"name": "x", "holder": LVC, "stage": "  "},
        {"name": "x", "holder": LVC, "code": ""},
        {"name": "x", "holder": LVC, "code": "a b"},
        {"name": "x", "holder": LVC, "code": "a/b"},
    ],
)
def test_service_value_errors(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InputError) as info:
        Service(**kwargs)
    _assert_input_error(info.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": None, "holder": LVC},
        {"name": "x", "holder": "LVC"},
        {"name": "x", "holder": LVC.to_dict()},
        {"name": "x", "holder": LVC, "category": "other"},
        {"name": "x", "holder": LVC, "stage": 1},
        {"name": "x", "holder": LVC, "code": 1234},
    ],
)
def test_service_type_errors(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InputTypeError) as info:
        Service(**kwargs)
    assert isinstance(info.value, VkacFlowError)
    assert isinstance(info.value, TypeError)


# -- Service serialisation -----------------------------------------------------------------

SERVICES = [
    minimum_basket_service("VID"),
    minimum_basket_service("PMLP", "Passport application"),
    Service("Road use permit", LVC, stage="application intake", code="LVC-17"),
    Service("Building permit", CESIS, ServiceCategory.MUNICIPAL),
]


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.key)
def test_service_round_trip(service: Service) -> None:
    text = json.dumps(service.to_dict(), ensure_ascii=False)
    back = Service.from_dict(json.loads(text))
    assert back == service
    assert back.key == service.key


def test_service_from_dict_defaults() -> None:
    s = Service.from_dict({"name": "Road use permit", "holder": LVC.to_dict()})
    assert s == Service("Road use permit", LVC)


@pytest.mark.parametrize(
    "patch",
    [
        {"category": "basket"},
        {"extra": True},
        {"holder": {"kind": "ministry", "name": "VARAM"}},
        {"holder": {"kind": "municipality", "name": "Cēsu novads", "x": 1}},
        {"category": "minimum_basket"},
        {"name": ""},
    ],
)
def test_service_from_dict_rejects_values(patch: dict[str, Any]) -> None:
    data = {**Service("Road use permit", LVC).to_dict(), **patch}
    with pytest.raises(InputError):
        Service.from_dict(data)


def test_service_from_dict_rejects_missing_keys() -> None:
    data = Service("Road use permit", LVC).to_dict()
    for key in ("name", "holder"):
        with pytest.raises(InputError, match="missing"):
            Service.from_dict({k: v for k, v in data.items() if k != key})


@pytest.mark.parametrize(
    "patch",
    [{"category": 1}, {"name": 5}, {"stage": 5}, {"code": ["x"]}, {"holder": "LVC"}],
)
def test_service_from_dict_rejects_types(patch: dict[str, Any]) -> None:
    data = {**Service("Road use permit", LVC).to_dict(), **patch}
    with pytest.raises(InputTypeError):
        Service.from_dict(data)


def test_service_from_dict_not_a_mapping() -> None:
    with pytest.raises(InputTypeError):
        Service.from_dict([("name", "x")])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name", ["VID", "vid", "Valsts ieņēmumu dienests", "State Revenue Service"]
)
def test_an_institution_cannot_pose_as_a_service_holder(name: str) -> None:
    # p. 2.4, 8: one body, one party; otherwise "another institution" (p. 13.2.1) and "its
    # own service" (p. 16) would compare the same body as two.
    with pytest.raises(InputError, match=r"Party\.institution\('VID'\)") as err:
        Party.service_holder(name)
    assert err.value.points == ("p. 2.4", "p. 8")


def _nested(levels: int) -> dict[str, Any]:
    data: dict[str, Any] = {"a": "x"}
    for _ in range(levels):
        data = {"a": data}
    return data


def test_deeply_nested_documents_are_refused_by_the_strict_reader_not_recursion() -> None:
    """The memo's key is bounded: a table nested 5000 levels deep meets the reader's error."""
    deep = _nested(5000)
    with pytest.raises(InputError, match=r"party: unknown keys \['a'\]"):
        Party.from_dict(deep)
    with pytest.raises(InputError, match=r"unknown keys \['a'\]"):
        Service.from_dict(deep)
    with pytest.raises(InputError, match=r"party: unknown keys \['a'\]"):
        Service.from_dict({"name": "Road use permit", "holder": deep})


def test_the_memo_keys_only_the_shapes_the_readers_accept() -> None:
    flat = {"kind": "municipality", "name": "Cēsu novads"}
    assert exact_key(flat, depth=1) is not None
    assert exact_key({"name": "x", "holder": flat}, depth=1) is None
    assert exact_key({"name": "x", "holder": flat}, depth=2) is not None
    assert exact_key({"name": "x", "holder": {"a": flat}}, depth=2) is None
    assert exact_key({str(i): "v" for i in range(MAX_KEYS + 1)}) is None
    assert exact_key(_nested(5000)) is None
    # the memo still hands back the value built before for an accepted shape
    assert Party.from_dict(dict(flat)) is Party.from_dict(dict(flat))
    svc = {"name": "Road use permit", "holder": dict(flat)}
    assert Service.from_dict(svc) is Service.from_dict(dict(svc))
