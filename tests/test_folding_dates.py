"""Folding skips the event's rules, not the checks no rules version changes (FOLDED_DATES_POLICY)."""

from __future__ import annotations

import copy
import datetime
import pathlib
from collections.abc import Callable
from typing import Any

import pytest

from vkac_flow import Party, Service, TransferProcedure
from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.errors import HistoryError, VkacFlowError
from vkac_flow.procedures.documents import dump_bundle, load_procedure
from vkac_flow.procedures.folding import FOLDED_DATES_POLICY
from vkac_flow.register.core import Register

UTC = datetime.UTC
DAY = lambda: datetime.date(2026, 12, 1)  # noqa: E731
SVC = Service("Road permit", Party.service_holder("LVC"))


def _doc() -> dict[str, Any]:
    t = TransferProcedure.propose(SVC, initiator=SVC.holder, clock=DAY, procedure_id="f1")
    t.letter_received("2026-03-02")
    t.centres_surveyed("2026-03-05", centres=["Cēsis"])
    t.information_prepared("2026-03-10")
    doc = copy.deepcopy(t.to_dict())
    doc["rules_version"] = "draft-2017+0000000000000000"  # another rules version: folded
    return doc


def _dated(*days: str) -> dict[str, Any]:
    doc = _doc()
    for item, day in zip(doc["audit"], days, strict=False):
        item["on"] = day
    return doc


def test_a_good_folded_document_still_reads() -> None:
    p = load_procedure(_doc(), clock=DAY)
    assert p.folded
    assert p.state == "awaiting_committee"


@pytest.mark.parametrize(
    ("days", "event", "why", "points"),
    [
        (("2017-03-01",), "e1", "before the regulation entered into force", ("p. 25",)),
        (("2015-03-02",), "e1", "before the regulation entered into force", ("p. 25",)),
        (("2026-03-02", "2031-05-05", "2031-05-06"), "e2", "in the future", None),
        (("2031-05-05", "2031-05-06", "2031-05-07"), "e1", "in the future", None),
        (("2026-03-02", "2026-03-05", "2026-03-04"), "e3", "before the previous event", None),
    ],
)
def test_folded_dates_are_checked(
    days: tuple[str, ...], event: str, why: str, points: tuple[str, ...] | None
) -> None:
    with pytest.raises(HistoryError, match=why) as err:
        load_procedure(_dated(*days), clock=DAY)
    assert f"event {event} (" in str(err.value)
    assert FOLDED_DATES_POLICY in str(err.value)
    latvian = err.value.localized("lv")
    assert f"notikumu {event} (" in latvian
    assert "nevar pārņemt kā ierakstītu" in latvian
    assert FOLDED_DATES_POLICY in latvian
    assert err.value.points  # each refusal cites a point
    if points is not None:
        assert err.value.points == points
    # the strict replay of the same dates is refused too (same checks, same days)
    strict = _dated(*days)
    strict["rules_version"] = TransferProcedure.current_rules_version()
    with pytest.raises(HistoryError):
        load_procedure(strict, clock=DAY)


def test_a_folded_date_outside_the_calendar_is_refused() -> None:
    cal = LatvianCalendar()
    far = lambda: datetime.date(2100, 6, 1)  # noqa: E731  a clock past the calendar's range
    assert cal.last_date < datetime.date(2100, 1, 4)
    with pytest.raises(HistoryError, match="outside the calendar's range") as err:
        load_procedure(_dated("2026-03-02", "2100-01-04", "2100-01-05"), calendar=cal, clock=far)
    assert "event e2 (" in str(err.value)


def test_the_register_imports_nothing_of_such_a_bundle(tmp_path: pathlib.Path) -> None:
    at: Callable[[], datetime.datetime] = lambda: datetime.datetime(2026, 12, 1, 9, tzinfo=UTC)  # noqa: E731
    good = load_procedure(_doc(), clock=DAY)
    bundle = dump_bundle([good])
    bad = copy.deepcopy(bundle)
    bad["procedures"][0]["audit"][0]["on"] = "2031-03-02"
    second = copy.deepcopy(_doc())
    second["id"] = "f2"
    bad["procedures"].insert(0, second)  # a good procedure first: all or nothing
    reg = Register.open(f"sqlite:///{tmp_path / 'r.db'}", clock=at)
    try:
        before = reg.export_bundle()
        with pytest.raises(VkacFlowError, match="in the future"):
            reg.import_bundle(bad)
        assert reg.export_bundle() == before
        assert reg.find() == ()
        reg.import_bundle(bundle)  # the good one imports
        assert [s.id for s in reg.find()] == ["f1"]
    finally:
        reg.close()
