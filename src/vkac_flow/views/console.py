"""The ``vkac-flow`` console script: :func:`vkac_flow.views.cli.main`, started more quickly.

Starting the command imports about 150 modules: tens of thousands of objects (modules,
functions, classes), none of them garbage. Python's cyclic garbage collector scans the
young ones again and again as they accumulate, and its later passes, while the command
builds the calendar's index, scan them once more: about a tenth of a short command's
whole process (issue 14, ``python benchmarks/startup.py``). So the console
script imports the command with the collector paused, moves everything imported to the
collector's permanent generation (:func:`gc.freeze`: those objects live as long as the
process anyway) and turns the collector back on before the command runs: the command's
own objects are collected as usual, and a long ``simulate`` run is unaffected.

``vkac_flow.views.cli.main`` itself (the Python API, the tests, ``python -m
vkac_flow.views.cli``) changes no collector setting: only the process that the
``vkac-flow`` script starts, and that ends with the command, does.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``vkac-flow`` (as :func:`vkac_flow.views.cli.main`); returns the exit status."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        from vkac_flow.views.cli import main as run
    finally:
        if enabled:
            gc.freeze()
            gc.enable()
    return run(argv)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
