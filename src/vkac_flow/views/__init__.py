"""The faces of vkac_flow: the command line and plots.

Layer 5, the top (see ``docs/architecture.md``): nothing below imports from here.

* :mod:`vkac_flow.views.cli` -- the ``vkac-flow`` command;
* :mod:`vkac_flow.views.console` -- the ``vkac-flow`` console script (a quicker start);
* :mod:`vkac_flow.views.plot` -- matplotlib charts (the ``plot`` extra).
"""
