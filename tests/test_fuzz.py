"""Issue 13: untrusted input can only raise the library's own errors.

Arbitrary JSON values and hostile Python objects (huge integers, deep nesting, lone
surrogates, control characters, objects whose ``repr`` fails) are thrown at every public
entry point outside the procedures package; only :class:`VkacFlowError` may come out.
Derandomized under CI (tests/conftest.py); the number of examples per entry point is set
here so that the whole module stays within a few seconds per entry point.
"""

from __future__ import annotations

import datetime
import pathlib
import tempfile
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vkac_flow.calendar import LatvianCalendar, TransferOrder, default_calendar
from vkac_flow.calendar.data import load_transfer_orders
from vkac_flow.calendar.dates import to_date
from vkac_flow.calendar.periods import Days, Months, WorkingDays, period_from_dict
from vkac_flow.errors import VkacFlowError, check_flag, check_name, echo, echo_many
from vkac_flow.law import duties
from vkac_flow.law.centres import Centre, CentreRegistry, synthetic_network
from vkac_flow.law.parties import Party
from vkac_flow.law.regulation import REGULATION
from vkac_flow.law.services import Service
from vkac_flow.law.steps import STEPS, load_steps
from vkac_flow.register.ledger import ScopeLedger
from vkac_flow.views.cli import main


class _BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("hostile repr")


def _deep(n: int) -> list[Any]:
    out: list[Any] = []
    for _ in range(n):
        out = [out]
    return out


HOSTILE = st.sampled_from(
    [
        10**5000,
        -(10**5000),
        _deep(3000),
        "\ud800",
        "x\nvkac-flow: error: forged",
        "\x1b[2J",
        "\u202e",
        "a" * 100_000,
        _BadRepr(),
        float("nan"),
        float("inf"),
        b"bytes",
        object(),
        None,
        True,
        0,
        -1,
        5,
        "",
        "2026-13-45",
        "2026-03-02",
        datetime.date(2026, 3, 2),
        datetime.datetime(2026, 3, 2, 12, 0),
        [None],
        {"a": 1},
        {1, 2},
    ]
)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["2026-03-02", "municipality", "Cēsis", "working_days"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
VALUE = HOSTILE | JSON

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
"""80 examples per entry point and argument mix (see docs/reliability.md for the counts)."""


def _only_library_errors(call: Callable[[], object]) -> None:
    try:
        call()
    except VkacFlowError as exc:
        text = str(exc)
        assert "\n" not in text, text
        assert "\x1b" not in text, text
        assert len(text) <= 2100, len(text)
        text.encode("utf-8")  # no lone surrogate survives into a message


CAL = default_calendar()

ENTRY_POINTS: dict[str, Callable[[Any, Any], object]] = {
    "to_date": lambda a, b: to_date(a),
    "WorkingDays": lambda a, b: WorkingDays(a),
    "Months": lambda a, b: Months(a),
    "Days": lambda a, b: Days(a),
    "period_from_dict": lambda a, b: period_from_dict(a),
    "deadline": lambda a, b: CAL.deadline(a, b),
    "deadline_basis": lambda a, b: CAL.deadline("2026-03-02", WorkingDays(5), basis=a),
    "deadline_before": lambda a, b: CAL.deadline_before(a, b),
    "is_working_day": lambda a, b: CAL.is_working_day(a, b),
    "is_holiday": lambda a, b: CAL.is_holiday(a, b),
    "add_working_days": lambda a, b: CAL.add_working_days(a, b),
    "add_working_days_extra": lambda a, b: CAL.add_working_days("2026-03-02", 3, a, b),
    "sub_working_days": lambda a, b: CAL.sub_working_days(a, b),
    "get_working_days_delta": lambda a, b: CAL.get_working_days_delta(a, "2026-03-02", b),
    "day_info": lambda a, b: CAL.day_info(a),
    "special_days": lambda a, b: CAL.special_days(a),
    "uncertainty": lambda a, b: CAL.uncertainty(a),
    "TransferOrder": lambda a, b: TransferOrder(a, days_off=b),
    "TransferOrder_source": lambda a, b: TransferOrder(2027, source=a),
    "Party": lambda a, b: Party.municipality(a),
    "Party.from_dict": lambda a, b: Party.from_dict(a),
    "Service": lambda a, b: Service(a, Party.municipality("Cēsu novads")),
    "Service.from_dict": lambda a, b: Service.from_dict(a),
    "Centre": lambda a, b: Centre(a, b, "county"),
    "Centre.from_dict": lambda a, b: Centre.from_dict(a),
    "CentreRegistry": lambda a, b: CentreRegistry(a),
    "CentreRegistry.get": lambda a, b: CentreRegistry().get(a),
    "CentreRegistry.resolve": lambda a, b: CentreRegistry().resolve(a),
    "CentreRegistry.from_dict": lambda a, b: CentreRegistry.from_dict(a),
    "synthetic_network": lambda a, b: synthetic_network(a, b) if a != 10**9 else None,
    "ScopeLedger.record_all": lambda a, b: ScopeLedger(synthetic_network(3, 2)).record_all(a),
    "ScopeLedger.changes": lambda a, b: ScopeLedger(synthetic_network(3, 2)).changes(
        since=a, basket=b
    ),
    "duty": lambda a, b: duties.duty(a),
    "hours_change_notice": lambda a, b: duties.hours_change_notice(a, absence_without_substitute=b),
    "regulation.point": lambda a, b: REGULATION.point(a),
}


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
def test_entry_point_raises_only_library_errors(name: str) -> None:
    call = ENTRY_POINTS[name]

    @FUZZ
    @given(VALUE, VALUE)
    def run(a: Any, b: Any) -> None:
        _only_library_errors(lambda: call(a, b))

    run()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(VALUE, VALUE, VALUE)
def test_calendar_constructor_and_with_changes(a: Any, b: Any, c: Any) -> None:
    _only_library_errors(lambda: LatvianCalendar(transfers=a))
    _only_library_errors(lambda: LatvianCalendar(extra_days_off=a, extra_working_days=b))
    _only_library_errors(lambda: LatvianCalendar(extra_orders=c))
    _only_library_errors(lambda: CAL.with_changes(extra_days_off=a))


ORDER_VALUE = st.sampled_from(
    ["5", "[]", "[2027-05-03]", '"x"', "2027", "10" * 3000, '"a\\nb"', '"\\u001b[2J"', "true"]
)


@settings(max_examples=80, deadline=None)
@given(ORDER_VALUE, ORDER_VALUE, ORDER_VALUE, ORDER_VALUE, st.booleans())
def test_order_files(year: str, off: str, sat: str, source: str, drop: bool) -> None:
    rows = [f"year = {year}", f"days_off = {off}", f"working_saturdays = {sat}"]
    if not drop:
        rows.append(f"source = {source}")
    text = "[[transfer_order]]\n" + "\n".join(rows) + "\n"
    _only_library_errors(lambda: load_transfer_orders(text))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.sampled_from(
            [
                "--orders",
                "x.toml",
                "calendar",
                "2027",
                "deadline",
                "2026-03-02",
                "--working-days",
                "99999999999999999999",
                "--months",
                "-1",
                "timeline",
                "--letter-received",
                "--initiator",
                "municipality",
                "--format",
                "json",
                "\x1b",
                "status",
                "-",
                "simulate",
                "--n",
                "\ud800",
                "--today",
            ]
        ),
        max_size=8,
    ),
    ORDER_VALUE,
)
def test_cli_main(argv: list[str], content: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp, "x.toml")
        path.write_text(f"[[transfer_order]]\nyear = 2027\ndays_off = {content}\n", "utf-8")
        args = [str(path) if a == "x.toml" else a for a in argv]
        code: object
        try:
            code = main(args)
        except SystemExit as exc:  # argparse: usage error (2), --help/--version (0)
            code = exc.code
        assert code in (0, 2)


# ---------------------------------------------------------------- one test per class


def test_shared_state_is_read_only() -> None:
    with pytest.raises(AttributeError):
        CAL.first_date = datetime.date(2000, 1, 1)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        CAL.last_date = datetime.date(2000, 1, 1)  # type: ignore[misc]
    for table in (STEPS, load_steps(), REGULATION.chapter_titles, duties.INTERPRETATIONS):
        assert isinstance(table, MappingProxyType)
        with pytest.raises(TypeError):
            table["x"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        STEPS["information"].points["any"] = ()  # type: ignore[index]


def test_flags_are_never_truthiness() -> None:
    for bad in ("false", 0, 1, None, "True"):
        with pytest.raises(VkacFlowError):
            LatvianCalendar(transfers=bad)  # type: ignore[arg-type]
        with pytest.raises(VkacFlowError):
            check_flag(bad, "x")
    with pytest.raises(VkacFlowError):
        ScopeLedger(synthetic_network(3, 2)).changes(basket="no")  # type: ignore[arg-type]


def test_huge_integers_are_bounded_and_never_formatted() -> None:
    for cls in (WorkingDays, Months, Days):
        with pytest.raises(VkacFlowError, match="at most"):
            cls(10**5000)
    with pytest.raises(VkacFlowError, match=r"≈10\^5000"):
        to_date(10**5000)
    with pytest.raises(VkacFlowError):
        synthetic_network(10**9)
    assert echo(-(10**5000)) == "≈-10^5000"


def test_wrong_types_in_simple_places() -> None:
    for call in (
        lambda: LatvianCalendar(extra_days_off=5),  # type: ignore[arg-type]
        lambda: LatvianCalendar(extra_working_days=5),  # type: ignore[arg-type]
        lambda: LatvianCalendar(extra_orders=5),  # type: ignore[arg-type]
        lambda: CAL.with_changes(extra_days_off=5),
        lambda: CAL.with_changes(nonsense=1),
        lambda: CAL.deadline("2026-03-02", WorkingDays(1), basis=None),  # type: ignore[arg-type]
        lambda: CentreRegistry(None),  # type: ignore[arg-type]
        lambda: ScopeLedger(synthetic_network(3, 2)).record_all(None),  # type: ignore[arg-type]
        lambda: TransferOrder(2027, source=5),
    ):
        with pytest.raises(VkacFlowError):
            call()
    assert CentreRegistry().get([1]) is None  # type: ignore[arg-type]
    missing = "[[transfer_order]]\nyear = 2027\ndays_off = [2027-05-03]\nsource = 'x'\n"
    with pytest.raises(VkacFlowError, match="working_saturdays"):
        load_transfer_orders(missing)
    with pytest.raises(TypeError):  # a typed error, and a TypeError
        load_transfer_orders(
            "[[transfer_order]]\nyear = 2027\ndays_off = 5\nworking_saturdays = []\nsource = 'x'\n"
        )


def test_names_refuse_control_characters_and_surrogates() -> None:
    for bad in ("a\nvkac-flow: error: forged", "a\x1b[2J", "a\u202eb", "a\ud800", "a" * 501):
        with pytest.raises(VkacFlowError):
            Party.municipality(bad)
        with pytest.raises(VkacFlowError):
            Centre(bad, "Cēsu novads", "county")
        with pytest.raises(VkacFlowError):
            Service(bad, Party.municipality("Cēsu novads"))
        with pytest.raises(VkacFlowError):
            check_name(bad, "name")
    assert Party.municipality(" Cēsu novads\n").name == "Cēsu novads"


def test_messages_escape_and_cut_every_echo(capsys: pytest.CaptureFixture[str]) -> None:
    long = "x" * 10_000_000
    with pytest.raises(VkacFlowError) as info:
        CentreRegistry()[long]
    assert len(str(info.value)) < 300
    assert "(len=10000000)" in str(info.value)
    assert "(len=1000)" in echo_many(range(1000))
    assert echo(_BadRepr()) == "<_BadRepr>"
    assert echo(_deep(5000)) == "<list …>"
    # the CLI prints one line per error and escapes its text output
    assert main(["deadline", "2026-03-02\nvkac-flow: error: forged", "--days", "1"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert err.startswith("vkac-flow: error:")
    assert "\\n" in err  # the newline is shown escaped, inside the one line
