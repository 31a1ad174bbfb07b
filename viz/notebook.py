"""Showing a page inline in Jupyter: an iframe whose ``srcdoc`` is the escaped page.

The page runs in a sandboxed frame (scripts allowed, no same-origin access to
the notebook), so nothing in it can reach the notebook's own page.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GraphView:
    """A rendered page; notebooks display it, ``str()`` gives the HTML, ``save`` writes it."""

    page: str
    height: int = 640

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #e2e8f0" '
            'sandbox="allow-scripts" loading="eager" title="thesisgraph"></iframe>'
        )

    def __str__(self) -> str:
        return self.page

    def save(self, path: str | os.PathLike[str]) -> Path:
        out = Path(path)
        out.write_text(self.page, encoding="utf-8")
        return out
