"""The package surface: __all__, py.typed, no heavy imports at import time."""

from __future__ import annotations

import importlib.resources
import subprocess
import sys

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
        "heavy = [m for m in ('numpy', 'pandas', 'matplotlib') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"imported at package import time: {out}"
