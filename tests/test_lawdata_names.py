"""The names the law data show, in English and Latvian (issue 12): party kinds, institutions,
centre types, duty roles and kinds, the events of the notices; and the Latvian of their errors."""

from __future__ import annotations

import pathlib

import pytest

from vkac_flow import (
    Centre,
    CentreType,
    DuplicateCentreError,
    InputError,
    Institution,
    Party,
    PartyKind,
    Service,
    duties_for,
)
from vkac_flow.law.centres import CentreRegistry
from vkac_flow.law.duties import DUTIES, DutyKind, DutyRole, staff_assignment_notice
from vkac_flow.messages import MessageError, catalogue

LAW_LV = pathlib.Path("/work/shared/law/regulation-lv.txt")


def _regulation_lv() -> str | None:
    """The shared copy of the regulation's Latvian text, lower case, where this checkout has it."""
    return (
        LAW_LV.read_text(encoding="utf-8").replace("\xa0", " ").lower() if LAW_LV.exists() else None
    )


def test_every_party_kind_has_both_names_the_latvian_one_from_the_regulation() -> None:
    law = _regulation_lv()
    for kind in PartyKind:
        assert kind.name_in("en") == kind.label == kind.name_in()
        lv = kind.name_in("lv")
        assert lv
        assert lv != kind.label
        if law is not None:
            assert lv.lower() in law, lv
    assert PartyKind.SERVICE_HOLDER.name_in("lv") == "pakalpojuma turētājs"  # p. 2.3


def test_every_institution_text_renders_the_datas_two_names() -> None:
    # the names are law data (p. 8), one copy; the text shows the one of its language
    for inst in Institution:
        assert inst.text.render("en") == inst.name_en == inst.name_in("en")
        assert inst.text.render("lv") == inst.name_lv == inst.name_in("lv")


def test_every_centre_type_has_the_regulations_latvian_name() -> None:
    law = _regulation_lv()
    for ctype in CentreType:
        assert ctype.name_in("en") == ctype.label
        lv = ctype.name_in("lv")
        assert lv.endswith("nozīmes vienotais klientu apkalpošanas centrs")
        if law is not None:
            assert lv.lower() in law, lv  # p. 3.1-3.3 word for word


def test_every_duty_role_and_kind_has_both_names() -> None:
    law = _regulation_lv()
    for role in DutyRole:
        assert role.name_in("en") == role.label
        assert role.name_in("lv") != role.label
    assert DutyRole.COUNTY_MUNICIPALITY.label == "municipality running a county centre"
    assert DutyRole.COMMITTEE.name_in("lv") == "uzraudzības komiteja"
    if law is not None:
        assert "uzraudzības komiteja" in law
    for kind in DutyKind:
        assert kind.text.render("en") == kind.value
        assert kind.text.render("lv") != kind.value


def test_every_notice_event_has_both_names_and_the_english_is_the_data() -> None:
    en, lv = catalogue("en"), catalogue("lv")
    notices = [d for d in DUTIES if d.kind is DutyKind.NOTICE_BEFORE]
    assert notices
    for d in notices:
        assert en[f"field.duties.event.{d.number}"] == d.event
        assert lv[f"field.duties.event.{d.number}"] != d.event


def test_parties_centres_and_services_describe_themselves_in_both_languages() -> None:
    parties = [
        Party.municipality("Cēsu novads"),
        Party.institution("VID"),
        Party.service_holder("Latvijas Valsts ceļi"),
        Party.ministry(),
        Party.committee(),
    ]
    for party in parties:
        assert party.describe() == party.describe("en") == str(party)
        assert party.describe("lv") != str(party)
    assert Party.committee().describe("lv") == "uzraudzības komiteja"
    centre = Centre("Cēsis", "Cēsu novads", CentreType.NATIONAL)
    assert centre.describe("en") == str(centre)
    assert "nacionālās nozīmes" in centre.describe("lv")
    for stage in (None, "pieņemšana"):
        svc = Service("Būvatļauja", parties[0], stage=stage)
        assert svc.text.render("en") == svc.label
    with pytest.raises(MessageError):
        Party.ministry().describe("de")
    with pytest.raises(MessageError):
        CentreType.COUNTY.name_in("LV")


def test_errors_of_the_law_data_speak_latvian() -> None:
    with pytest.raises(DuplicateCentreError) as dup:
        CentreRegistry([Centre("Cēsis", "Cēsu novads", "regional")] * 2)
    assert "jau ir reģistrēts" in dup.value.localized("lv")
    with pytest.raises(InputError) as scope:
        duties_for("on_site_provider", "county", "2026-01-05")
    assert str(scope.value).startswith("role 'on_site_provider' (institution or holder")
    lv = scope.value.localized("lv")
    assert "novadu nozīmes vienotais klientu apkalpošanas centrs" in lv
    assert "19. punkts attiecas tikai" in lv
    with pytest.raises(InputError) as county:
        staff_assignment_notice("2026-03-09", centre_type="county")
    assert county.value.localized("lv").startswith("19.1. apakšpunkts attiecas tikai")
