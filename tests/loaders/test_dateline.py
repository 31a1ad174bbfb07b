"""A plain-text note's date comes from its dateline when it has no metadata."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from thesisgraph.loaders.readers import read_note
from thesisgraph.loaders.readers.text import dateline_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Results story\n\nSEATTLE, Aug. 1, 2025 - The company said revenue rose.\n", date(2025, 8, 1)),
        ("Weekly note\nDate: 2025-09-08\n\nCloud demand held up.\n", date(2025, 9, 8)),
        ("Flash note\n\nSeptember 5, 2025 — Shares rose 3%.\n", date(2025, 9, 5)),
        ("No date at the top\n\nRevenue for 2024 rose.\n", None),
        ("Bad day\n\nFebruary 30, 2025 - nothing.\n", None),
    ],
)
def test_dateline(text: str, expected: date | None) -> None:
    assert dateline_date(text) == expected


def test_a_date_deep_in_the_text_is_not_the_note_s_date(tmp_path: Path) -> None:
    body = "Title\n\n" + "Cloud demand stayed firm across the region.\n" * 10 + "On March 3, 2024 it said more.\n"
    note = tmp_path / "n.txt"
    note.write_text(body, encoding="utf-8")
    assert read_note(note).date is None
    (tmp_path / "d.txt").write_text("Title\n\nHONG KONG, May 15, 2025 - Alibaba said.\n", encoding="utf-8")
    assert read_note(tmp_path / "d.txt").date == date(2025, 5, 15)
