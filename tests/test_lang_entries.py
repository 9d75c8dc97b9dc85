"""A bad ``lang`` is a LanguageError at every public entry that takes one (issue 12).

:data:`ENTRIES` calls each public function or method that takes ``lang`` with ``"de"``;
:func:`test_the_list_names_every_public_entry_taking_lang` finds them all by inspection
(the public names of the package and of its documented modules, the classes among them
and the classes their functions return), so a new one cannot be left out.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import typing
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from vkac_flow.errors import InputError, LanguageError, VkacFlowError
from vkac_flow.messages import MessageError

PUBLIC_MODULES = (
    "vkac_flow",
    "vkac_flow.simulate",
    "vkac_flow.views.ics",
    "vkac_flow.views.report",
    "vkac_flow.views.plot",
    "vkac_flow.messages",
    "vkac_flow.law.duties",
)
"""The package face and the modules the docs tell users to import from (``docs/*.md``)."""


def _functions(obj: object) -> Iterator[Callable[..., Any]]:
    if inspect.isclass(obj):
        for attr in dir(obj):
            if attr.startswith("_"):
                continue
            value = inspect.getattr_static(obj, attr)
            if isinstance(value, staticmethod | classmethod):
                value = value.__func__
            if inspect.isfunction(value):
                yield value
    elif inspect.isfunction(obj):
        yield obj


def _classes_in(hint: object) -> Iterator[type]:
    if inspect.isclass(hint) and hint.__module__.startswith("vkac_flow"):
        yield hint
    for arg in typing.get_args(hint):
        yield from _classes_in(arg)


def _returned(function: Callable[..., Any]) -> Iterator[type]:
    try:
        hints = typing.get_type_hints(function)
    except Exception:  # a name imported only for type checking: read no further
        return
    yield from _classes_in(hints.get("return"))


def public_lang_entries() -> set[str]:
    """Every public function or method taking ``lang``, as ``module.qualname``."""
    todo: list[object] = []
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        todo.extend(getattr(module, n) for n in module.__all__)
    seen: set[int] = set()
    found: set[str] = set()
    while todo:
        obj = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        for function in _functions(obj):
            if "lang" in inspect.signature(function).parameters:
                found.add(f"{function.__module__}.{function.__qualname__}")
            todo.extend(_returned(function))
    return found


BAD = "de"
TODAY = datetime.date(2026, 12, 1)


def _transfer() -> Any:
    from vkac_flow import Party, Service, TransferProcedure

    holder = Party.service_holder("SIA Ceļi")
    proc = TransferProcedure.propose(
        Service("Road permit", holder), initiator=holder, procedure_id="t-1", clock=lambda: TODAY
    )
    proc.letter_received("2026-03-02")
    proc.centres_surveyed("2026-03-10", centres=["Cēsis"])
    proc.information_prepared("2026-04-10")  # late: a breach
    return proc


def _exclusion() -> Any:
    from vkac_flow import ExclusionProcedure, Party, Service

    holder = Party.service_holder("SIA Ceļi")
    return ExclusionProcedure.propose(
        Service("Road permit", holder), initiator=holder, procedure_id="e-1", clock=lambda: TODAY
    )


def _register(tmp: Any) -> Any:
    from vkac_flow import Register

    return Register.open(f"sqlite:///{tmp / 'register.db'}")


def _result() -> Any:
    from vkac_flow.simulate import regular_meetings, simulate

    return simulate(
        n=20,
        start="2027-01-01",
        end="2027-12-31",
        committee_meetings=regular_meetings(2027, 2028, 4),
        seed=1,
    )


def _plot(name: str) -> Callable[[Any], object]:
    def call(tmp: Any) -> object:
        pytest.importorskip("matplotlib")
        import matplotlib

        matplotlib.use("Agg")
        from vkac_flow.views import plot

        try:
            if name == "gantt":
                return plot.gantt(_transfer(), lang=BAD)
            return getattr(plot, name)(_result(), lang=BAD)
        finally:
            import matplotlib.pyplot as plt

            plt.close("all")

    return call


def _timeline() -> Any:
    from vkac_flow import statutory_timeline

    return statutory_timeline("2026-03-02", "municipality")


def _messages(name: str, *args: object) -> Callable[[Any], object]:
    def call(tmp: Any) -> object:
        from vkac_flow import messages

        return getattr(messages, name)(*args, BAD)

    return call


def _ics(name: str) -> Callable[[Any], object]:
    def call(tmp: Any) -> object:
        pytest.importorskip("icalendar")
        from vkac_flow.views import ics

        return getattr(ics, name)([_transfer()], as_of=TODAY, lang=BAD)

    return call


def _report(name: str) -> Callable[[Any], object]:
    def call(tmp: Any) -> object:
        pytest.importorskip("jinja2")
        from vkac_flow.views import report

        return getattr(report, name)([_transfer()], as_of=TODAY, lang=BAD)

    return call


def _cal() -> Any:
    from vkac_flow import LatvianCalendar

    return LatvianCalendar()


def _staffing() -> Any:
    from vkac_flow import check_centre_staffing

    return check_centre_staffing("regional", {"VID": 5, "VSAA": 5}, "2026-03-02")


def _excluded() -> Any:
    from vkac_flow import ExclusionProcedure, Party, Service

    holder = Party.service_holder("CSDD")
    proc = ExclusionProcedure.propose(
        Service("Road permit", holder), initiator=holder, procedure_id="e-2", clock=lambda: TODAY
    )
    proc.committee_informed("2026-09-01")
    return proc


def _notice() -> Any:
    from vkac_flow import notice_ok

    return notice_ok("2026-03-02", "2026-03-10", "p. 19.1")


ENTRIES: dict[str, Callable[[Any], object]] = {
    # calendar
    "vkac_flow.calendar.deadline.Deadline.explain": lambda tmp: (
        _cal().deadline("2026-03-02", __import__("vkac_flow").WorkingDays(3)).explain(BAD)
    ),
    "vkac_flow.calendar.latvian.LatvianCalendar.uncertainty": lambda tmp: _cal().uncertainty(
        "2026-03-02", lang=BAD
    ),
    # errors
    "vkac_flow.errors.VkacFlowError.localized": lambda tmp: InputError("x").localized(BAD),
    # law
    "vkac_flow.law.centres.Centre.describe": lambda tmp: next(
        iter(__import__("vkac_flow").synthetic_network())
    ).describe(BAD),
    "vkac_flow.law.parties.Party.describe": lambda tmp: (
        __import__("vkac_flow").Party.institution("VID").describe(BAD)
    ),
    "vkac_flow.law.regulation.Regulation.chapter_title": lambda tmp: __import__(
        "vkac_flow"
    ).REGULATION.chapter_title("I", lang=BAD),
    "vkac_flow.law.regulation.TextVersion.summary": lambda tmp: __import__(
        "vkac_flow.law.regulation", fromlist=["REGULATION"]
    ).REGULATION.text_version.summary(BAD),
    "vkac_flow.law.regulation.ministry_name": lambda tmp: __import__("vkac_flow").ministry_name(
        "2026-03-02", BAD
    ),
    "vkac_flow.law.duties.StaffingCheck.explain": lambda tmp: _staffing().explain(BAD),
    "vkac_flow.law.duties.duties_markdown": lambda tmp: __import__(
        "vkac_flow.law.duties"
    ).law.duties.duties_markdown(BAD),
    "vkac_flow.law.services.minimum_basket_service": lambda tmp: __import__(
        "vkac_flow"
    ).minimum_basket_service("VID", lang=BAD),
    "vkac_flow.law.duties.NoticeCheck.describe": lambda tmp: _notice().describe(BAD),
    # messages
    "vkac_flow.messages.Text.render": lambda tmp: (
        __import__("vkac_flow").messages.Text("and").render(BAD)
    ),
    "vkac_flow.messages.Cited.render": lambda tmp: (
        __import__("vkac_flow")
        .messages.with_points(__import__("vkac_flow").messages.Text("and"), ("p. 9",))
        .render(BAD)
    ),
    "vkac_flow.messages.Count.render": lambda tmp: (
        __import__("vkac_flow").messages.Count("days", 2).render(BAD)
    ),
    "vkac_flow.messages.InLanguage.render": lambda tmp: (
        __import__("vkac_flow").messages.InLanguage("x", en="a", lv="b").render(BAD)
    ),
    "vkac_flow.messages.Points.render": lambda tmp: (
        __import__("vkac_flow").messages.Points(("p. 9",)).render(BAD)
    ),
    "vkac_flow.messages.append_points": _messages("append_points", "x", ("p. 9",)),
    "vkac_flow.messages.check_language": _messages("check_language"),
    "vkac_flow.messages.count": lambda tmp: __import__("vkac_flow").messages.count("days", BAD, 2),
    "vkac_flow.messages.legal_source": _messages("legal_source", "likumi.lv id 1"),
    "vkac_flow.messages.message": _messages("message", "and"),
    "vkac_flow.messages.point_label": _messages("point_label", "Other Act s. 1"),
    "vkac_flow.messages.point_labels": lambda tmp: __import__("vkac_flow").messages.point_labels(
        ("x",), BAD
    ),
    "vkac_flow.messages.prose_date": _messages("prose_date", TODAY),
    "vkac_flow.messages.render": _messages("render", "plain"),
    "vkac_flow.messages.table": lambda tmp: __import__("vkac_flow").messages.table(BAD, "cli"),
    "vkac_flow.messages.weekday_name": _messages("weekday_name", TODAY),
    # procedures
    "vkac_flow.procedures.display.Displayed.breaches_text": lambda tmp: _transfer().breaches_text(
        lang=BAD
    ),
    "vkac_flow.procedures.display.Displayed.events_rows": lambda tmp: _transfer().events_rows(BAD),
    "vkac_flow.procedures.display.Displayed.findings": lambda tmp: _exclusion().findings(BAD),
    "vkac_flow.procedures.transfer.TransferProcedure.findings": lambda tmp: _transfer().findings(
        BAD
    ),
    "vkac_flow.procedures.display.Displayed.html_body": lambda tmp: _transfer().html_body(BAD),
    "vkac_flow.procedures.display.Displayed.obligations_rows": lambda tmp: (
        _transfer().obligations_rows(lang=BAD)
    ),
    "vkac_flow.procedures.display.Displayed.responsible_text": lambda tmp: (
        p := _transfer()
    ).responsible_text(p.obligations()[0], BAD),
    "vkac_flow.procedures.folding.Folding.rules_note_text": lambda tmp: _transfer().rules_note_text(
        BAD
    ),
    "vkac_flow.procedures.display.Displayed.summary": lambda tmp: _exclusion().summary(lang=BAD),
    "vkac_flow.procedures.display.Displayed.waiting_rows": lambda tmp: _exclusion().waiting_rows(
        lang=BAD
    ),
    "vkac_flow.procedures.snapshot.Snapshot.html_body": lambda tmp: (
        _transfer().as_of("2026-03-05").html_body(BAD)
    ),
    "vkac_flow.procedures.snapshot.Snapshot.summary": lambda tmp: (
        _transfer().as_of("2026-03-05").summary(lang=BAD)
    ),
    "vkac_flow.procedures.timeline.Timeline.rows": lambda tmp: _timeline().rows(BAD),
    "vkac_flow.procedures.timeline.Timeline.to_html": lambda tmp: _timeline().to_html(BAD),
    "vkac_flow.procedures.timeline.Timeline.to_text": lambda tmp: _timeline().to_text(lang=BAD),
    "vkac_flow.procedures.waiting.WaitingPeriod.explain": lambda tmp: (
        _excluded().waiting_periods()[0].explain(BAD)
    ),
    # register
    "vkac_flow.register.core.Register.breaches": lambda tmp: _register(tmp).breaches(lang=BAD),
    "vkac_flow.register.core.Register.check": lambda tmp: _register(tmp).check(BAD),
    # simulate
    "vkac_flow.simulate.result.Summary.to_html": lambda tmp: _result().summary().to_html(BAD),
    "vkac_flow.simulate.result.Summary.to_text": lambda tmp: _result().summary().to_text(BAD),
    "vkac_flow.simulate.timelines.StatutoryTimelines.to_html": lambda tmp: (
        __import__("vkac_flow.simulate")
        .simulate.statutory_timelines(["2026-03-02"], "municipality")
        .to_html(BAD)
    ),
    # views
    "vkac_flow.views.ics.feed_events": _ics("feed_events"),
    "vkac_flow.views.ics.ics_feed": _ics("ics_feed"),
    "vkac_flow.views.plot.breach_shares": _plot("breach_shares"),
    "vkac_flow.views.plot.gantt": _plot("gantt"),
    "vkac_flow.views.plot.go_live_curve": _plot("go_live_curve"),
    "vkac_flow.views.plot.lead_time_hist": _plot("lead_time_hist"),
    "vkac_flow.views.report.report_context": _report("report_context"),
    "vkac_flow.views.report.report_html": _report("report_html"),
}
"""Each public entry taking ``lang``, called with a language the library does not speak."""


def test_the_list_names_every_public_entry_taking_lang() -> None:
    assert sorted(public_lang_entries() - set(ENTRIES)) == []  # a new entry: add it
    assert sorted(set(ENTRIES) - public_lang_entries()) == []  # gone: remove it


@pytest.mark.parametrize("entry", sorted(ENTRIES))
def test_a_bad_language_is_a_language_error(entry: str, tmp_path: Any) -> None:
    with pytest.raises(LanguageError) as info:
        ENTRIES[entry](tmp_path)
    err = info.value
    assert all(isinstance(err, c) for c in (VkacFlowError, InputError, MessageError, ValueError))
    assert str(err) == "lang must be 'lv' or 'en', got 'de'"
    assert err.localized("lv") == "lang: jābūt 'lv' vai 'en', saņemts 'de'"


if __name__ == "__main__":
    for found in sorted(public_lang_entries()):
        print(found)
