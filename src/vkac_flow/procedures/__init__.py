"""The state machines of the regulation's procedures and what they compute.

Layer 3 of vkac_flow (see ``docs/architecture.md``), resting on :mod:`vkac_flow.law` and
:mod:`vkac_flow.calendar`:

* :mod:`vkac_flow.procedures.base` -- the shared base: events, obligations, breaches,
  audit trail, replay;
* :mod:`vkac_flow.procedures.transfer` -- the transfer of a service (p. 12-15);
* :mod:`vkac_flow.procedures.exclusion` -- the exclusion of a service (p. 16);
* :mod:`vkac_flow.procedures.timeline` -- the statutory timeline of a transfer;
* :mod:`vkac_flow.procedures.documents` -- reading a saved procedure of either kind.
"""
