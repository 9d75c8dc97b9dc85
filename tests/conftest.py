"""Shared fixtures and hypothesis settings for the calendar and deadline tests."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from vkac_flow.calendar import LatvianCalendar, default_calendar

# deadline=None: test machines are noisy, a slow example must not fail a property.
settings.register_profile("ci", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def cal() -> LatvianCalendar:
    """The shared default calendar (state institutions, transfers applied)."""
    return default_calendar()


def pytest_configure(config: pytest.Config) -> None:
    """Register ``@pytest.mark.cites("13.2.1", ...)``: the points a test exercises.

    tests/test_traceability.py reads these markers to check every procedure point is tested.
    """
    config.addinivalue_line(
        "markers", "cites(*points): points of the regulation the test exercises"
    )
