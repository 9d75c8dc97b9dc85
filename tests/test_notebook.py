"""The example notebook runs end to end (so it never rots) and is committed without outputs."""

from __future__ import annotations

import importlib.util
import json
import pathlib

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "docs" / "examples"
NOTEBOOK = EXAMPLES / "network-2027.ipynb"


def test_notebook_is_committed_without_outputs() -> None:
    doc = json.loads(NOTEBOOK.read_text("utf-8"))
    code = [c for c in doc["cells"] if c["cell_type"] == "code"]
    assert code
    for cell in code:
        assert cell["outputs"] == []
        assert cell["execution_count"] is None


def test_notebook_matches_its_generator() -> None:
    pytest.importorskip("nbformat", reason="nbformat (notebook extra) is not installed")
    spec = importlib.util.spec_from_file_location(
        "make_network_2027", EXAMPLES / "make_network_2027.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run python docs/examples/make_network_2027.py"


def test_notebook_executes() -> None:
    nbformat = pytest.importorskip("nbformat", reason="nbformat (notebook extra) is not installed")
    nbclient = pytest.importorskip("nbclient", reason="nbclient (notebook extra) is not installed")
    pytest.importorskip("ipykernel", reason="ipykernel (notebook extra) is not installed")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(EXAMPLES)}},
    )
    client.execute()  # raises CellExecutionError if any cell fails
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "p. 14.3" in text
    assert "most breached: committee_meeting" in text
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Statutory deadlines missed" in html  # the SimulationResult's _repr_html_
    assert any("image/png" in o.get("data", {}) for o in outputs)
