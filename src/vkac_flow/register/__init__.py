"""What spans many procedures: the scope ledger of every centre.

Layer 4 of vkac_flow (see ``docs/architecture.md``), beside :mod:`vkac_flow.simulate`:

* :mod:`vkac_flow.register.ledger` -- which services each centre provides on a given day
  (p. 7, 15.3, 16), read from the procedures' histories.
"""
