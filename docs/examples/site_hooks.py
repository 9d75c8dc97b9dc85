"""A mkdocs hook (mkdocs.yml ``hooks:``): the example notebook as a page in every language.

mkdocs-static-i18n rebuilds the site's file list for each language after the other
plugins, as plain files; the notebook that mkdocs-jupyter had wrapped as a page would then
be copied raw. This hook runs after it and wraps the notebooks again (under ``lv/`` for the
Latvian build), so mkdocs-jupyter executes and renders them. It imports mkdocs only when
mkdocs calls it (pytest imports this file for its doctests without the ``docs`` extra).
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["on_files"]


def on_files(files: Any, config: Any) -> Any:
    """Wrap each notebook mkdocs-jupyter includes as a page, in the current language's tree."""
    from mkdocs_jupyter.plugin import NotebookFile

    jupyter = config.plugins["mkdocs-jupyter"]
    i18n = config.plugins.get("i18n")
    prefix = ""
    if i18n is not None and i18n.current_language != i18n.default_language:
        prefix = i18n.current_language
    notebooks = [f for f in files if not isinstance(f, NotebookFile) and jupyter.should_include(f)]
    for f in notebooks:  # in place: keep i18n's own Files class (it resolves index.lv.md)
        page = NotebookFile(f, config.use_directory_urls, config.site_dir)
        if prefix:
            page.dest_path = f"{prefix}/{page.dest_path}"
            page.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, page.dest_path))
            page.url = page._get_url(config.use_directory_urls)
        files.remove(f)
        files.append(page)
    return files


on_files.mkdocs_priority = -200  # type: ignore[attr-defined]  # after i18n's -100
