"""docs/transfer.md embeds exactly what the code generates (diagram and rules table)."""

from __future__ import annotations

from pathlib import Path

from vkac_flow.procedures.transfer import RULES, TransferProcedure, diagram_markdown, rules_markdown

DOC = Path(__file__).parent.parent / "docs" / "transfer.md"


def test_doc_contains_the_generated_state_diagram() -> None:
    text = DOC.read_text("utf-8")
    assert diagram_markdown() in text
    assert text.count("```mermaid") == 1


def test_diagram_has_every_transition_and_final_state() -> None:
    diagram = TransferProcedure.state_diagram()
    for t in TransferProcedure.TRANSITIONS:
        for src in t.source:
            assert f"    {src} --> {t.dest} : {t.label or t.trigger}" in diagram
    for state in TransferProcedure.FINAL_STATES:
        assert f"    {state} --> [*]" in diagram


def test_doc_contains_the_generated_rules_table() -> None:
    assert rules_markdown() in DOC.read_text("utf-8")
    assert all(f"`{r.id}`" in rules_markdown() for r in RULES)
