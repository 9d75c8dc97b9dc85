"""The package surface: __all__, py.typed, no heavy imports at import time."""

from __future__ import annotations

import importlib.resources
import subprocess
import sys

import pytest

import vkac_flow


def test_all_names_exist_and_are_sorted_unique() -> None:
    assert len(set(vkac_flow.__all__)) == len(vkac_flow.__all__)
    for name in vkac_flow.__all__:
        assert getattr(vkac_flow, name) is not None, name


def test_py_typed_is_shipped() -> None:
    assert importlib.resources.files("vkac_flow").joinpath("py.typed").is_file()


def test_import_does_not_load_heavy_optional_packages() -> None:
    code = (
        "import sys, vkac_flow; "
        "heavy = [m for m in ('numpy', 'pandas', 'matplotlib', 'sqlalchemy', 'jinja2', 'psycopg', 'icalendar', 'alembic')"
        " if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"imported at package import time: {out}"


def test_star_import_and_lazy_names() -> None:
    # `from vkac_flow import *` must not need numpy: the sim names are lazy and not in
    # __all__; they still load on attribute access.
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'numpy' or name.startswith('numpy.'):\n"
        "            raise ImportError('numpy blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from vkac_flow import *\n"
        "print(statutory_timeline('2026-03-02', 'institution')['information'].due)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "2026-03-30"
    assert "statutory_timelines" not in vkac_flow.__all__
    assert callable(vkac_flow.statutory_timelines)
    assert vkac_flow.Fixed.__module__.startswith("vkac_flow.simulate")


def test_lazy_names_of_the_extras_load_on_first_access() -> None:
    # The register (SQLAlchemy) and the feeds (icalendar, Jinja2) are on the package face
    # but load only when used.
    code = (
        "import sys, vkac_flow\n"
        "assert 'icalendar' not in sys.modules and 'sqlalchemy' not in sys.modules\n"
        "print(vkac_flow.ics_feed.__module__, vkac_flow.report_html.__module__,\n"
        "      vkac_flow.ProcedureSet.__module__, vkac_flow.Register.__module__)\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [
        "vkac_flow.views.ics",
        "vkac_flow.views.report",
        "vkac_flow.views.sources",
        "vkac_flow.register.core",
        "True",
    ]


def test_the_root_loads_its_names_on_first_access() -> None:
    # issue 14: ``import vkac_flow`` imports no layer; each name, and each layer as an
    # attribute, is imported the first time it is read, and is then the module's own
    code = (
        "import sys, vkac_flow\n"
        "print(sorted(m for m in sys.modules if m.startswith('vkac_flow')))\n"
        "from vkac_flow.calendar.latvian import LatvianCalendar\n"
        "print(vkac_flow.LatvianCalendar is LatvianCalendar, 'LatvianCalendar' in vars(vkac_flow))\n"
        "print(vkac_flow.procedures.__name__, 'workalendar' in sys.modules)\n"
        "print(set(vkac_flow.__all__) <= set(dir(vkac_flow)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == [
        "['vkac_flow', 'vkac_flow._version']",
        "True True",
        "vkac_flow.procedures False",
        "True",
    ]
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        vkac_flow.no_such_name  # noqa: B018
