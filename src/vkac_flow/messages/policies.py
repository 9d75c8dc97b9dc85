"""The named interpretations and policies in messages: an id, and its name in each language.

Every reading the regulation leaves open is one named choice with an id (``*_POLICY``
constants, the ``INTERPRETATIONS`` tables, the roll policies). The ids are English phrases
(``holder-copy-as-letter-data``), so a Latvian sentence must not show one alone: the
catalogue (``messages/<lang>/policies.toml``, ``policy.name.<id>``) gives each a short name
in each language, and :func:`policy_text` is the id as a message value. English output
names the policy by its id, as before (it is English already); other languages show the
name, then the id set apart, so that it can still be looked up in the documentation:

>>> policy_text("latest-consistent-working-day").render("en")
'latest-consistent-working-day'
>>> print(policy_text("latest-consistent-working-day").render("lv"))
„vēlākā saskanīgā darbdiena“ (latest-consistent-working-day)
>>> policy_label("final-states", "en")
'“final states are final” (final-states)'
"""

from __future__ import annotations

from vkac_flow.messages import Text, check_language, message

__all__ = ["policy_label", "policy_name", "policy_text"]


def policy_name(policy_id: str, lang: str) -> str:
    """The short name of the interpretation ``policy_id`` in ``lang``.

    Raises:
        MessageError: Unknown language, or an id the catalogue does not name.
    """
    return message(f"policy.name.{policy_id}", lang)


def policy_label(policy_id: str, lang: str) -> str:
    """The name and the id: „name“ (id), as a Latvian sentence shows a policy."""
    return message("policy.shown", lang, name=policy_name(policy_id, lang), id=policy_id)


class _PolicyText(Text):
    """A policy id in a message: the id in English, :func:`policy_label` in other languages."""

    __slots__ = ()

    def render(self, lang: str) -> str:
        policy_id = self.values["id"]
        assert isinstance(policy_id, str)
        if check_language(lang) == "en":
            policy_name(policy_id, lang)  # an id without a name is refused in English too
            return policy_id
        return policy_label(policy_id, lang)


def policy_text(policy_id: str) -> Text:
    """The interpretation ``policy_id`` as a value of a message (rendered when it is)."""
    return _PolicyText("policy.shown", id=policy_id)
