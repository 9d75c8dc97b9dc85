"""Every named interpretation and policy of the library has a short name in each language.

Latvian sentences show a policy as „name“ (id), never its id alone (the ids are English
phrases): ``vkac_flow.messages.policies``. The ids are collected from the library itself:
every module-level ``*_POLICY`` string constant, every module-level ``INTERPRETATIONS``
table, the roll policies and the rules version's scope.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping

import pytest

import vkac_flow
from latvian_words import english_in
from vkac_flow.calendar.base import RollPolicy
from vkac_flow.law.version import RULES_VERSION_SCOPE
from vkac_flow.messages import MessageError, catalogue
from vkac_flow.messages.policies import policy_label, policy_name, policy_text


def _library_ids() -> dict[str, str]:
    """Each policy id of the library, with one place that names it."""
    found: dict[str, str] = {}
    for info in pkgutil.walk_packages(vkac_flow.__path__, "vkac_flow."):
        try:
            module = importlib.import_module(info.name)
        except ModuleNotFoundError as exc:  # an optional extra that is not installed
            if (exc.name or "vkac_flow").startswith("vkac_flow"):
                raise
            continue
        for name, value in vars(module).items():
            if name.endswith("_POLICY") and isinstance(value, str):
                found.setdefault(value, f"{info.name}.{name}")
            if name == "INTERPRETATIONS" and isinstance(value, Mapping):
                for key in value:
                    found.setdefault(key, f"{info.name}.INTERPRETATIONS")
    for policy in RollPolicy:
        found.setdefault(policy.value, "RollPolicy")
    found.setdefault(RULES_VERSION_SCOPE, "vkac_flow.law.version.RULES_VERSION_SCOPE")
    return found


IDS = _library_ids()
PREFIX = "policy.name."


def test_the_library_has_its_known_policies() -> None:
    # the collection itself works: ids of each kind are found
    for known in (
        "holder-copy-as-letter-data",
        "older-rules-folded-not-re-decided",
        "latest-consistent-working-day",
        "institution_calendar",
        "EXCL-PROPOSER",
        "rolling-36-months",
        "step-counted-on-responsible-partys-calendar",
        "sequence-counts-due-date-moves",
    ):
        assert known in IDS
    assert len(IDS) >= 40


@pytest.mark.parametrize("policy_id", sorted(IDS))
def test_every_policy_has_a_name_in_each_language(policy_id: str) -> None:
    en, lv = policy_name(policy_id, "en"), policy_name(policy_id, "lv")
    assert en.strip()
    assert lv.strip()
    assert en != lv, f"{policy_id} ({IDS[policy_id]}): the Latvian name is the English one"
    assert english_in(lv) == set(), lv
    assert policy_label(policy_id, "lv") == f"„{lv}“ ({policy_id})"
    assert policy_text(policy_id).render("en") == policy_id  # English shows the id, as before
    assert policy_text(policy_id).render("lv") == f"„{lv}“ ({policy_id})"


def test_the_catalogue_names_only_the_librarys_policies() -> None:
    for lang in ("en", "lv"):
        named = {k[len(PREFIX) :] for k in catalogue(lang) if k.startswith(PREFIX)}
        assert named == set(IDS), lang


def test_an_unknown_policy_is_refused_in_every_language() -> None:
    for lang in ("en", "lv"):
        with pytest.raises(MessageError):
            policy_text("no-such-policy").render(lang)
