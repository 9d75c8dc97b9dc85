"""A griffe extension for the API reference: doctest blocks in docstrings become code.

vkac_flow's docstrings carry doctests (run by pytest) in their prose, not in an
``Examples:`` section; rendered as Markdown, their output (``['13.2.1', '13.2.2']``,
``x[:2]``) would read as links. This extension wraps every run of ``>>>`` lines and
their output in a ``pycon`` fence before mkdocstrings renders the docstring, and leaves
the source untouched. mkdocs.yml loads it as ``docs/api/doctest_fences.py``.
"""

from __future__ import annotations

from typing import Any

try:
    from griffe import Extension
except ImportError:  # the docs extra is not installed: this file is only read by mkdocs
    Extension = object  # type: ignore[assignment,misc]

__all__ = ["DoctestFences", "fence_doctests"]


def fence_doctests(text: str) -> str:
    r"""Wrap each doctest block of ``text`` (``>>>`` lines and their output) in a fence.

    >>> fence_doctests("Say:\n\n>>> [1][:1]\n[1]\n\nDone.").splitlines()
    ['Say:', '', '```pycon', '>>> [1][:1]', '[1]', '```', '', 'Done.']
    >>> fence_doctests("```\n>>> 1\n```").splitlines()  # already fenced: unchanged
    ['```', '>>> 1', '```']
    """
    out: list[str] = []
    in_fence = False  # inside a ``` block already written by the author
    in_doctest = False
    indent = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not in_doctest and stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and not in_doctest and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            in_doctest = True
        elif in_doctest and not stripped:
            out.append(f"{indent}```")
            in_doctest = False
        out.append(line)
    if in_doctest:
        out.append(f"{indent}```")
    return "\n".join(out)


class DoctestFences(Extension):  # type: ignore[misc]
    """Fence the doctests of every docstring griffe loads."""

    def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
        """Rewrite ``obj``'s docstring (if any) with fenced doctests."""
        docstring = getattr(obj, "docstring", None)
        if docstring is not None:
            docstring.value = fence_doctests(docstring.value)
