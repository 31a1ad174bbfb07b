"""One note as Markdown, as a web page and as a PDF report reads the same and yields the same claims.

Each reader lays its text out the same way (one paragraph per line, a blank
line between), so whatever the extractor does with the text, it does the same
for all three.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reader_samples import PARAGRAPHS, html_page, markdown_note, pdf_document, require
from thesisgraph.graph.model import Note
from thesisgraph.loaders.extract import extract_note
from thesisgraph.loaders.gazetteer import load_gazetteer
from thesisgraph.loaders.readers import read_note


@pytest.fixture(autouse=True)
def _libraries() -> None:
    require("trafilatura", "pypdf", "fpdf")


def _three(tmp_path: Path) -> dict[str, Note]:
    (tmp_path / "note.md").write_text(markdown_note(), encoding="utf-8")
    (tmp_path / "note.html").write_text(html_page(), encoding="utf-8")
    (tmp_path / "note.pdf").write_bytes(pdf_document())
    return {fmt: read_note(tmp_path / f"note.{fmt}") for fmt in ("md", "html", "pdf")}


def _claims(note: Note) -> set[tuple[Any, ...]]:
    extraction = extract_note(note, load_gazetteer())
    return {
        (
            c.kind.value if hasattr(c.kind, "value") else str(c.kind),
            c.about,
            c.statement,
            c.metric,
            c.value,
            c.unit,
            c.period.label if c.period is not None else None,
        )
        for c in extraction.claims
    }


def test_the_three_formats_read_as_the_same_text_and_metadata(tmp_path: Path) -> None:
    notes = _three(tmp_path)
    expected = "\n\n".join(PARAGRAPHS)
    assert notes["md"].text.strip() == expected
    assert notes["html"].text == expected
    assert notes["pdf"].text == expected
    for field in ("title", "date", "publisher"):
        assert len({getattr(n, field) for n in notes.values()}) == 1, field


def test_the_three_formats_yield_the_same_claims(tmp_path: Path) -> None:
    notes = _three(tmp_path)
    claims = {fmt: _claims(note) for fmt, note in notes.items()}
    assert claims["md"], "the note states revenue and capex figures: some claims must be found"
    assert claims["html"] == claims["md"]
    assert claims["pdf"] == claims["md"]
