"""p. 15.3 on the calendar of a municipality not following the orders: saved, reloaded, registered."""

from __future__ import annotations

import copy
import datetime
import json
import pathlib
from datetime import date

import pytest

from vkac_flow import Party, Service, TransferProcedure
from vkac_flow.errors import HistoryError, InputTypeError
from vkac_flow.law.calendars import MunicipalCalendars, municipal_calendars
from vkac_flow.law.centres import Centre, CentreRegistry, CentreType
from vkac_flow.procedures.documents import dump_bundle, load_bundle, load_procedure
from vkac_flow.procedures.transfer import MUNICIPAL_CALENDARS_KEY
from vkac_flow.register.core import Register

CLOCK = lambda: date(2026, 12, 31)  # noqa: E731
SVC = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
CENTRES = CentreRegistry(
    [
        Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL),
        Centre("Valmiera", "Valmieras novads", CentreType.REGIONAL),
    ]
)
NOT_FOLLOWING = municipal_calendars().with_municipality(
    "Cēsu novads", follows=False, source="test: a council decision"
)
# training ends 2025-12-01: p. 15.3 due 2026-01-02 on the plain calendar (Cēsis, not
# following), 2026-01-05 with the Cabinet transfer order (Valmiera, the state's)
CESIS_DUE, STATE_DUE = date(2026, 1, 2), date(2026, 1, 5)


def _rollout(calendars: MunicipalCalendars | None = NOT_FOLLOWING) -> TransferProcedure:
    p = TransferProcedure.propose(
        SVC,
        initiator=SVC.holder,
        clock=CLOCK,
        registry=CENTRES,
        procedure_id="t1",
        municipal_calendars=calendars,
    )
    p.letter_received("2025-10-01")
    p.centres_surveyed("2025-10-10", centres=["Cēsis", "Valmiera"])
    p.information_prepared("2025-10-20")
    p.committee_decided("2025-11-10", approved=True, centres=["Cēsis", "Valmiera"])
    p.training_completed("2025-12-01")
    return p


def _dues(p: TransferProcedure) -> tuple[date, date]:
    d = p.deadlines()
    return d["service_start/Cēsis"].due, d["service_start/Valmiera"].due


@pytest.mark.cites("15.3")
def test_the_document_keeps_the_municipal_calendars() -> None:
    p = _rollout()
    doc = p.to_dict()
    assert doc[MUNICIPAL_CALENDARS_KEY] == [
        {"name": "Cēsu novads", "source": "test: a council decision"}
    ]
    q = TransferProcedure.from_dict(json.loads(json.dumps(doc)), clock=CLOCK, registry=CENTRES)
    assert q == p
    assert q.municipal_calendars == NOT_FOLLOWING
    assert _dues(p) == _dues(q) == (CESIS_DUE, STATE_DUE)
    assert q.to_dict() == doc
    r = load_procedure(doc, clock=CLOCK, registry=CENTRES, municipal_calendars=NOT_FOLLOWING)
    assert isinstance(r, TransferProcedure)
    assert _dues(r) == (CESIS_DUE, STATE_DUE)
    (b,) = load_bundle(dump_bundle([p]), clock=CLOCK, registry=CENTRES)
    assert isinstance(b, TransferProcedure)
    assert _dues(b) == (CESIS_DUE, STATE_DUE)
    # the snapshot of a reloaded procedure counts the same way
    snap = q.as_of("2025-12-15")
    assert {o.key: o.due for o in snap.obligations()}["service_start/Cēsis"] == CESIS_DUE


@pytest.mark.cites("15.3")
def test_the_packaged_list_writes_nothing_and_changes_nothing() -> None:
    for calendars in (None, municipal_calendars()):
        p = _rollout(calendars)
        doc = p.to_dict()
        assert MUNICIPAL_CALENDARS_KEY not in doc
        q = TransferProcedure.from_dict(doc, clock=CLOCK, registry=CENTRES)
        assert q == p == _rollout(None)
        assert _dues(q) == (STATE_DUE, STATE_DUE)
    assert _rollout() != _rollout(None)  # another calendar: another procedure


@pytest.mark.cites("15.3")
def test_an_argument_that_disagrees_with_the_document_is_refused() -> None:
    doc = _rollout().to_dict()
    plain = _rollout(None).to_dict()
    other = municipal_calendars().with_municipality("Valmieras novads", follows=False, source="x")
    for d, arg in ((doc, other), (doc, municipal_calendars()), (plain, NOT_FOLLOWING)):
        with pytest.raises(HistoryError, match="municipal_calendars") as err:
            TransferProcedure.from_dict(d, clock=CLOCK, municipal_calendars=arg)
        assert "p. 15.3" in err.value.points
        with pytest.raises(HistoryError, match="municipal_calendars"):
            load_procedure(d, clock=CLOCK, municipal_calendars=arg)
    with pytest.raises(InputTypeError):
        TransferProcedure.from_dict(doc, municipal_calendars=["Cēsu novads"])  # type: ignore[arg-type]
    # agreeing arguments: the packaged list for a document without the key
    TransferProcedure.from_dict(plain, clock=CLOCK, municipal_calendars=municipal_calendars())


@pytest.mark.parametrize(
    "value",
    [
        "Cēsu novads",
        [],  # the packaged (empty) list is written as no key at all
        [{"name": "Cēsu novads"}],
        [{"name": "Cēsu novads", "source": "x", "extra": 1}],
        [{"name": " Cēsu novads", "source": "x"}],  # not as to_dict writes it
        [{"name": "b", "source": "x"}, {"name": "a", "source": "x"}],  # not in name order
        [{"name": "a", "source": "x"}, {"name": "a", "source": "y"}],
        [{"name": 3, "source": "x"}],
    ],
)
def test_a_bad_municipal_calendars_key_is_refused(value: object) -> None:
    doc = copy.deepcopy(_rollout().to_dict())
    doc[MUNICIPAL_CALENDARS_KEY] = value
    with pytest.raises(HistoryError):
        TransferProcedure.from_dict(doc, clock=CLOCK, registry=CENTRES)


@pytest.mark.cites("15.3")
def test_the_register_counts_p_15_3_as_the_live_procedure(tmp_path: pathlib.Path) -> None:
    live = _rollout()
    at = lambda: datetime.datetime(2026, 12, 31, 9, tzinfo=datetime.UTC)  # noqa: E731
    reg = Register.open(f"sqlite:///{tmp_path / 'r.db'}", clock=at, registry=CENTRES)
    try:
        reg.propose(_rollout())
        got = reg.get("t1")
        assert isinstance(got, TransferProcedure)
        assert got == live
        assert _dues(got) == (CESIS_DUE, STATE_DUE)
        agenda = {(a.step, a.subject): a.due for a in reg.agenda("2025-12-15", "2026-01-31")}
        assert agenda[("service_start", "Cēsis")] == CESIS_DUE
        assert agenda[("service_start", "Valmiera")] == STATE_DUE
        # both start on 2026-01-05: late for Cēsis only, in the register as live
        for centre in ("Cēsis", "Valmiera"):
            live.service_started("2026-01-05", centre=centre)
            reg.record("t1", "service_started", on="2026-01-05", centre=centre)
        assert [(b.step, b.subject, b.due) for b in reg.breaches()] == [
            ("service_start", "Cēsis", CESIS_DUE)
        ]
        assert [b.obligation.key for b in live.breaches()] == ["service_start/Cēsis"]
        after = reg.get("t1")
        assert isinstance(after, TransferProcedure)
        assert after.municipal_calendars == NOT_FOLLOWING
        assert [str(b) for b in after.breaches()] == [str(b) for b in live.breaches()]
        # and what the register exports reads back the same
        (again,) = load_bundle(reg.export_bundle(), clock=CLOCK, registry=CENTRES)
        assert again == after
    finally:
        reg.close()
