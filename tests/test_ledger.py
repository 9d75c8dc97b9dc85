"""Tests of vkac_flow.register.ledger: the scope of centres over time (p. 7, 15.3, 16)."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vkac_flow.errors import (
    DateOutOfRangeError,
    HistoryError,
    InputError,
    InputTypeError,
    NaiveDatetimeError,
    RuleViolationError,
)
from vkac_flow.law.centres import Centre, CentreRegistry, CentreType, UnknownCentreError
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service, ServiceCategory, minimum_basket_service
from vkac_flow.register.ledger import (
    ScopeConflictError,
    ScopeFact,
    ScopeLedger,
    ScopeSource,
    default_minimum_basket,
)

D = datetime.date
CESIS = Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL)
PRIEKULI = Centre("Priekuļi", "Cēsu novads", CentreType.COUNTY, D(2019, 3, 1))
VALMIERA = Centre("Valmiera", "Valmieras novads", CentreType.NATIONAL)
CSDD = Party.service_holder("CSDD")
ROADS = Service("Vehicle registration", CSDD)
FISH = Service("Fishing card", Party.service_holder("Fisheries"))
PERMIT = Service("Building permit", Party.municipality("Cēsu novads"), ServiceCategory.MUNICIPAL)
VID = minimum_basket_service("VID")


def make() -> ScopeLedger:
    return ScopeLedger(CentreRegistry([CESIS, PRIEKULI, VALMIERA]))


def snapshot(ledger: ScopeLedger) -> tuple[Any, ...]:
    return (ledger.intervals(), ledger.changes(), ledger.sources, repr(ledger))


@attrs.frozen
class FakeProc:
    """A stand-in procedure (the ScopeSource protocol)."""

    ident: str
    facts: tuple[ScopeFact, ...]

    @property
    def scope_source_id(self) -> str:
        return self.ident

    def scope_facts(self) -> tuple[ScopeFact, ...]:
        return self.facts


def start(centre: str, day: D, service: Service = ROADS) -> ScopeFact:
    return ScopeFact("start", service, centre, day, ("p. 7.3", "p. 15.3"))


def end(centre: str | None, day: D, service: Service = ROADS) -> ScopeFact:
    return ScopeFact("end", service, centre, day, ("p. 16",))


# -- the minimum basket (p. 7.1, 2.6, 4.2, 5.2, 6.2) -----------------------------------------


def test_basket_always_from_the_day_the_centre_serves() -> None:
    ledger = make()
    assert [s.holder.key for s in ledger.minimum_basket] == sorted(
        s.holder.key for s in default_minimum_basket()
    )
    assert ledger.services_at("Cēsis", D(2017, 7, 1)) == ledger.minimum_basket
    assert ledger.services_at("Priekuļi", D(2019, 2, 28)) == ()
    assert len(ledger.services_at("Priekuļi", D(2019, 3, 1))) == 7
    assert ledger.offers("Cēsis", VID, D(2020, 1, 1))
    # any minimum-basket service: the basket is indivisible (p. 2.6)
    assert ledger.offers("Cēsis", minimum_basket_service("VID", "Income declaration"), "2020-01-01")
    assert not ledger.offers("Priekuļi", VID, D(2019, 2, 28))
    assert [c.name for c in ledger.centres_offering(VID, D(2018, 1, 1))] == ["Cēsis", "Valmiera"]
    first = ledger.history("Valmiera")[0]
    assert first.kind == "start"
    assert first.points == ("p. 6.2", "p. 7.1", "p. 2.6")
    assert ledger.history("Priekuļi")[0].points[0] == "p. 4.2"
    assert ledger.history("Cēsis", basket=False) == ()


def test_basket_cannot_get_intervals_or_be_ended() -> None:
    ledger = make()
    before = snapshot(ledger)
    with pytest.raises(RuleViolationError, match=r"p\. 2\.6"):
        ledger.add_interval(VID, "Cēsis", D(2020, 1, 1))
    with pytest.raises(RuleViolationError, match=r"cannot be excluded.*p\. 2\.6, 16"):
        ledger.end_interval(VID, "Cēsis", D(2020, 1, 1))
    assert snapshot(ledger) == before


def test_custom_basket_is_checked() -> None:
    reg = CentreRegistry([CESIS])
    assert ScopeLedger(reg, minimum_basket=[VID]).minimum_basket == (VID,)
    with pytest.raises(InputError, match=r"not a minimum-basket service"):
        ScopeLedger(reg, minimum_basket=[ROADS])
    with pytest.raises(InputTypeError):
        ScopeLedger(reg, minimum_basket=["VID"])  # type: ignore[list-item]
    with pytest.raises(InputTypeError):
        ScopeLedger([CESIS])  # type: ignore[arg-type]


# -- municipal services (p. 7.2) -------------------------------------------------------------


def test_designate_municipal_service_in_all_own_centres_then_withdraw() -> None:
    ledger = make()
    ivs = ledger.designate(PERMIT, D(2020, 1, 1))
    assert [iv.centre for iv in ivs] == ["Cēsis", "Priekuļi"]
    assert all(iv.start_points == ("p. 7.2",) for iv in ivs)
    assert ledger.offers("Priekuļi", PERMIT, D(2020, 1, 1))
    assert not ledger.offers("Valmiera", PERMIT, D(2020, 1, 1))
    assert ledger.services_at("Cēsis", D(2020, 1, 1))[-1] == PERMIT
    ledger.end_designation(PERMIT, D(2021, 1, 1), centres=["Priekuļi"])
    assert not ledger.offers("Priekuļi", PERMIT, D(2021, 1, 1))
    assert ledger.offers("Cēsis", PERMIT, D(2021, 1, 1))
    ledger.end_designation(PERMIT, D(2022, 1, 1))  # the remaining ones
    assert ledger.centres_offering(PERMIT, D(2022, 1, 1)) == ()
    assert [c.kind for c in ledger.history("Cēsis", basket=False)] == ["start", "end"]
    assert ledger.history("Cēsis", basket=False)[-1].points == ("p. 7.2",)
    with pytest.raises(ScopeConflictError, match="none of the municipality"):
        ledger.end_designation(PERMIT, D(2023, 1, 1))


@pytest.mark.cites("7.2", "4.1", "5.1", "6.1")
def test_designation_rules() -> None:
    ledger = make()
    before = snapshot(ledger)
    with pytest.raises(RuleViolationError, match="MUNICIPAL-OWN-CENTRES"):
        ledger.designate(PERMIT, D(2020, 1, 1), centres=["Cēsis", "Valmiera"])
    with pytest.raises(RuleViolationError, match=r"transfer.*p\. 10\.1, 15\.3"):
        ledger.designate(ROADS, D(2020, 1, 1))
    with pytest.raises(RuleViolationError, match=r"always provided"):
        ledger.designate(VID, D(2020, 1, 1))
    elsewhere = Service("Permit", Party.municipality("Nowhere"), ServiceCategory.MUNICIPAL)
    with pytest.raises(RuleViolationError, match="runs no centre"):
        ledger.designate(elsewhere, D(2020, 1, 1))
    with pytest.raises(ScopeConflictError, match=r"p\. 2\.1"):  # Priekuļi opens 2019-03-01
        ledger.designate(PERMIT, D(2018, 1, 1))
    with pytest.raises(InputError, match="at least one centre"):
        ledger.designate(PERMIT, D(2020, 1, 1), centres=[])
    assert snapshot(ledger) == before
    ledger.designate(PERMIT, D(2020, 1, 1), centres="Cēsis")
    with pytest.raises(ScopeConflictError, match="already provided"):
        ledger.designate(PERMIT, D(2020, 6, 1))  # Priekuļi ok, Cēsis clashes: all or nothing
    assert not ledger.offers("Priekuļi", PERMIT, D(2020, 6, 1))


# -- other services: intervals and contradictions ---------------------------------------------


def test_intervals_are_half_open_and_cite_points() -> None:
    ledger = make()
    ledger.add_interval(ROADS, "Cēsis", D(2026, 3, 2))
    iv = ledger.end_interval(ROADS, CESIS, D(2026, 10, 5))
    assert (iv.start, iv.end, iv.start_points, iv.end_points) == (
        D(2026, 3, 2),
        D(2026, 10, 5),
        ("p. 7.3",),
        ("p. 16",),
    )
    assert iv.contains(D(2026, 10, 4))
    assert not iv.contains(D(2026, 10, 5))
    assert not ledger.offers("Cēsis", ROADS, D(2026, 3, 1))
    assert ledger.offers("Cēsis", ROADS, D(2026, 3, 2))
    assert ledger.offers("Cēsis", ROADS.key, D(2026, 10, 4))
    assert not ledger.offers("Cēsis", ROADS, D(2026, 10, 5))
    # a new transfer may start on the day the exclusion took effect
    ledger.add_interval(ROADS, "Cēsis", D(2026, 10, 5), D(2027, 1, 1))
    assert ledger.offers("Cēsis", ROADS, D(2026, 10, 5))
    assert len(ledger.intervals("Cēsis", ROADS)) == 2
    assert ledger.intervals(service=FISH) == ()
    assert ledger.intervals("Valmiera") == ()


@pytest.mark.parametrize(
    ("s", "e", "match"),
    [
        (D(2026, 5, 1), None, "already provided"),  # inside an open stretch
        (D(2026, 1, 1), D(2026, 3, 3), "overlaps"),  # ends inside
        (D(2026, 1, 1), None, "overlaps"),  # open, runs into it
        (D(2026, 3, 2), None, "already provided"),  # same day
    ],
)
def test_overlapping_start_is_a_typed_error_and_changes_nothing(
    s: D, e: D | None, match: str
) -> None:
    ledger = make()
    ledger.add_interval(ROADS, "Cēsis", D(2026, 3, 2))
    before = snapshot(ledger)
    with pytest.raises(ScopeConflictError, match=match) as info:
        ledger.add_interval(ROADS, "Cēsis", s, e)
    assert info.value.points == ("p. 7.3",)
    assert info.value.centre == "Cēsis"
    assert info.value.service == ROADS.key
    assert snapshot(ledger) == before


def test_excluding_what_is_not_offered_is_a_typed_error() -> None:
    ledger = make()
    before = snapshot(ledger)
    with pytest.raises(ScopeConflictError, match=r"nothing to exclude.*p\. 16"):
        ledger.end_interval(ROADS, "Cēsis", D(2026, 10, 5))
    ledger.add_interval(ROADS, "Cēsis", D(2026, 3, 2))
    with pytest.raises(ScopeConflictError, match="nothing to exclude"):
        ledger.end_interval(ROADS, "Cēsis", D(2026, 3, 2))  # the day it started
    ledger.end_interval(ROADS, "Cēsis", D(2026, 10, 5))
    mid = snapshot(ledger)
    with pytest.raises(ScopeConflictError, match="already stops"):
        ledger.end_interval(ROADS, "Cēsis", D(2026, 9, 1))
    with pytest.raises(ScopeConflictError, match="nothing to exclude"):
        ledger.end_interval(ROADS, "Cēsis", D(2026, 12, 1))
    assert snapshot(ledger) == mid
    assert before != mid


def test_bad_input_is_typed_and_changes_nothing() -> None:
    ledger = make()
    before = snapshot(ledger)
    with pytest.raises(UnknownCentreError):
        ledger.add_interval(ROADS, "Rīga", D(2026, 1, 1))
    with pytest.raises(NaiveDatetimeError):
        ledger.add_interval(ROADS, "Cēsis", datetime.datetime(2026, 1, 1, 9))
    with pytest.raises(DateOutOfRangeError, match=r"p\. 25"):
        ledger.add_interval(ROADS, "Cēsis", D(2017, 6, 30))
    with pytest.raises(InputTypeError):
        ledger.add_interval("roads", "Cēsis", D(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        ledger.add_interval(ROADS, 7, D(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ScopeConflictError, match="must be after the start"):
        ledger.add_interval(ROADS, "Cēsis", D(2026, 1, 1), D(2026, 1, 1))
    clash = Service("Other name", Party.service_holder("X"), code="SHARED")
    ledger.add_interval(Service("Name", CSDD, code="SHARED"), "Cēsis", D(2026, 1, 1))
    mid = snapshot(ledger)
    with pytest.raises(ScopeConflictError, match="already used"):
        ledger.add_interval(clash, "Valmiera", D(2026, 1, 1))
    assert snapshot(ledger) == mid != before
    with pytest.raises(DateOutOfRangeError):
        ledger.services_at("Cēsis", D(2010, 1, 1))
    with pytest.raises(InputTypeError):
        ledger.offers("Cēsis", 3, D(2020, 1, 1))  # type: ignore[arg-type]


# -- feeding from procedures ------------------------------------------------------------------


def test_record_is_idempotent_and_incremental() -> None:
    ledger = make()
    transfer = FakeProc("transfer:1", (start("Cēsis", D(2026, 3, 2)),))
    assert isinstance(transfer, ScopeSource)
    added = ledger.record(transfer)
    assert [(c.kind, c.centre, c.source) for c in added] == [("start", "Cēsis", "transfer:1")]
    assert ledger.record(transfer) == ()
    grown = FakeProc("transfer:1", (*transfer.facts, start("Valmiera", D(2026, 3, 9))))
    assert [c.centre for c in ledger.record(grown)] == ["Valmiera"]
    assert ledger.sources == ("transfer:1",)
    before = snapshot(ledger)
    with pytest.raises(HistoryError, match="no longer reports"):
        ledger.record(transfer)
    with pytest.raises(InputTypeError):
        ledger.record("transfer")
    assert snapshot(ledger) == before


def test_record_all_orders_facts_by_date_and_is_all_or_nothing() -> None:
    ledger = make()
    transfer = FakeProc(
        "transfer:1", (start("Cēsis", D(2026, 3, 2)), start("Valmiera", D(2026, 3, 9)))
    )
    exclusion = FakeProc("exclusion:1", (end(None, D(2026, 10, 5)),))
    # given in the "wrong" order: the exclusion's facts still come after the starts
    added = ledger.record_all([exclusion, transfer])
    assert [(c.day, c.kind) for c in added] == [
        (D(2026, 3, 2), "start"),
        (D(2026, 3, 9), "start"),
        (D(2026, 10, 5), "end"),
        (D(2026, 10, 5), "end"),
    ]
    assert ledger.centres_offering(ROADS, D(2026, 10, 4)) == (CESIS, VALMIERA)
    assert ledger.centres_offering(ROADS, D(2026, 10, 5)) == ()
    before = snapshot(ledger)
    bad = FakeProc("exclusion:2", (end("Cēsis", D(2026, 12, 1)),))
    good = FakeProc("transfer:2", (start("Cēsis", D(2027, 1, 4), FISH),))
    with pytest.raises(ScopeConflictError):
        ledger.record_all([good, bad])
    assert snapshot(ledger) == before
    with pytest.raises(ScopeConflictError, match="provided in no centre"):
        ledger.record(FakeProc("exclusion:3", (end(None, D(2027, 1, 1), FISH),)))
    assert snapshot(ledger) == before


def test_a_transfer_may_only_start_other_services() -> None:
    ledger = make()
    with pytest.raises(RuleViolationError, match=r"p\. 7\.3, 10\.1, 15\.3"):
        ledger.record(FakeProc("t", (start("Cēsis", D(2026, 1, 1), PERMIT),)))
    assert ledger.sources == ()


def test_changes_and_history_are_ordered_with_points() -> None:
    ledger = make()
    ledger.add_interval(ROADS, "Valmiera", D(2026, 3, 9))
    ledger.add_interval(FISH, "Cēsis", D(2025, 1, 2), D(2026, 3, 9))
    ch = ledger.changes(basket=False)
    assert [(c.day, c.centre, c.kind) for c in ch] == [
        (D(2025, 1, 2), "Cēsis", "start"),
        (D(2026, 3, 9), "Cēsis", "end"),
        (D(2026, 3, 9), "Valmiera", "start"),
    ]
    assert ledger.changes(since=D(2026, 1, 1), until="2026-03-09", basket=False) == ch[1:]
    full = ledger.changes()
    assert len(full) == 3 + 3 * 7
    assert list(full) == sorted(full)
    assert ch[0].to_dict()["points"] == ["p. 7.3"]
    assert [c.service.name for c in ledger.history("Cēsis", basket=False)] == ["Fishing card"] * 2


# -- the indexes agree with a naive scan --------------------------------------------------------

_DAYS = st.integers(min_value=0, max_value=60).map(lambda n: D(2026, 1, 1) + datetime.timedelta(n))


@given(
    ops=st.lists(
        st.tuples(
            st.sampled_from(["add", "end"]),
            st.sampled_from([ROADS, FISH]),
            st.sampled_from(["Cēsis", "Valmiera"]),
            _DAYS,
            st.one_of(st.none(), _DAYS),
        ),
        max_size=25,
    ),
    probe=_DAYS,
)
def test_queries_match_a_naive_model(
    ops: list[tuple[str, Service, str, D, D | None]], probe: D
) -> None:
    ledger = make()
    model: list[tuple[str, str, D, D | None]] = []  # centre, key, start, end
    for op, svc, centre, day, other in ops:
        try:
            if op == "add":
                ledger.add_interval(svc, centre, day, other)
            else:
                ledger.end_interval(svc, centre, day)
        except ScopeConflictError:
            continue
        if op == "add":
            model.append((centre, svc.key, day, other))
        else:
            i = next(
                i
                for i, (c, k, s, e) in enumerate(model)
                if c == centre and k == svc.key and s < day and e is None
            )
            c, k, s, _ = model[i]
            model[i] = (c, k, s, day)
    # model invariant: no overlaps per pair
    for c in ("Cēsis", "Valmiera"):
        for svc in (ROADS, FISH):
            naive = any(
                mc == c and mk == svc.key and ms <= probe and (me is None or probe < me)
                for mc, mk, ms, me in model
            )
            assert ledger.offers(c, svc, probe) == naive
            assert (svc in ledger.services_at(c, probe)) == naive
    for svc in (ROADS, FISH):
        naive_centres = {
            mc
            for mc, mk, ms, me in model
            if mk == svc.key and ms <= probe and (me is None or probe < me)
        }
        assert {c.name for c in ledger.centres_offering(svc, probe)} == naive_centres
    assert len(ledger.intervals()) == len(model)


def test_an_exclusion_from_every_centre_recorded_first_still_ends_later_starts() -> None:
    ledger = make()
    ledger.record(FakeProc("transfer:1", (start("Cēsis", D(2026, 3, 2)),)))
    before = snapshot(ledger)
    ledger.record(FakeProc("exclusion:1", (end(None, D(2026, 10, 5)),)))
    # a start recorded afterwards, dated before the exclusion: EXCL-CENTRES ends it too
    added = ledger.record(FakeProc("transfer:2", (start("Valmiera", D(2026, 4, 1)),)))
    assert [(c.centre, c.kind, c.day, c.source) for c in added] == [
        ("Valmiera", "start", D(2026, 4, 1), "transfer:2"),
        ("Valmiera", "end", D(2026, 10, 5), "exclusion:1"),
    ]
    assert ledger.centres_offering(ROADS, D(2026, 10, 5)) == ()
    # a start after the exclusion is not touched by it
    ledger.record(FakeProc("transfer:3", (start("Priekuļi", D(2026, 11, 2)),)))
    assert ledger.offers("Priekuļi", ROADS, D(2027, 1, 4))
    # all or nothing also for the remembered exclusion
    fresh = make()
    fresh.record(FakeProc("transfer:1", (start("Cēsis", D(2026, 3, 2)),)))
    assert snapshot(fresh) == before
    with pytest.raises(ScopeConflictError):
        fresh.record_all(
            [
                FakeProc("exclusion:1", (end(None, D(2026, 10, 5)),)),
                FakeProc("exclusion:2", (end("Valmiera", D(2026, 12, 1)),)),
            ]
        )
    assert snapshot(fresh) == before
    fresh.record(FakeProc("transfer:2", (start("Valmiera", D(2026, 4, 1)),)))
    assert fresh.offers("Valmiera", ROADS, D(2026, 12, 1))  # the failed exclusion left no trace
