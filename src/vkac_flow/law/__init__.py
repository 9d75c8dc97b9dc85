"""The regulation as data: its points and text, parties, services, centres, steps, duties.

Layer 2 of vkac_flow (see ``docs/architecture.md``): it rests on :mod:`vkac_flow.errors`
and :mod:`vkac_flow.calendar`, and knows nothing of procedures. Each module reads its legal
data from the TOML file beside it:

* :mod:`vkac_flow.law.regulation` -- every point and its text, dates of entry into force
  (``regulation.toml``);
* :mod:`vkac_flow.law.parties` -- who acts (ministry, institutions, municipalities, holders);
* :mod:`vkac_flow.law.services` -- public services and the minimum basket (p. 2.6, 7);
* :mod:`vkac_flow.law.centres` -- centre types (p. 3-6) and the centre registry;
* :mod:`vkac_flow.law.scope` -- the facts that change a centre's scope (p. 7, 15.3, 16);
* :mod:`vkac_flow.law.steps` -- the statutory steps of p. 12-16 (``steps.toml``);
* :mod:`vkac_flow.law.duties` -- the other duties and notice periods (``duties.toml``).
"""
