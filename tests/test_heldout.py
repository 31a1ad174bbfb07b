"""The held-out evaluation set: every gold file pairs with a note, every quote is verbatim, every note loads.

No score thresholds here: the set measures the extractor, it does not gate it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thesisgraph import load, open_store
from thesisgraph.gold import read_gold, read_gold_files

HELDOUT = Path(__file__).resolve().parent.parent / "benchmarks" / "heldout"
NOTES = HELDOUT / "notes"
GOLD = HELDOUT / "gold"
GOLD_FILES = sorted(GOLD.glob("*.gold.json"))


def _note_for(gold_file: Path) -> Path:
    stem = gold_file.name[: -len(".gold.json")]
    matches = [p for p in NOTES.iterdir() if p.stem == stem]
    assert len(matches) == 1, f"{gold_file.name}: expected one note named {stem}.*, found {matches}"
    return matches[0]


def test_every_note_has_one_gold_file_and_back() -> None:
    notes = {p.stem for p in NOTES.iterdir() if p.is_file()}
    golds = set(read_gold_files(GOLD))
    assert len(notes) == 5
    assert notes == golds


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.name)
def test_gold_quotes_and_surfaces_are_verbatim(gold_file: Path) -> None:
    text = _note_for(gold_file).read_text("utf-8")
    gold = read_gold(gold_file)
    assert gold.metrics and gold.entities
    for metric in gold.metrics:
        assert metric.quote, f"{metric.describe()}: empty quote"
        assert metric.quote in text, f"{gold_file.name}: quote not in note: {metric.quote!r}"
    raw = json.loads(gold_file.read_text("utf-8"))
    for entity in raw["entities"]:
        for surface in entity.get("surface") or []:
            assert surface in text, f"{gold_file.name}: surface {surface!r} of {entity['name']} not in note"
    for name in raw.get("not_entities_of_this_note") or []:
        assert all(name != e["name"] for e in raw["entities"]), f"{name} is both an entity and a non-entity"


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.name)
def test_metric_subjects_are_annotated_entities(gold_file: Path) -> None:
    raw = json.loads(gold_file.read_text("utf-8"))
    names = {e["name"] for e in raw["entities"]}
    for metric in raw["metrics"]:
        assert metric["subject"] in names, f"{gold_file.name}: subject {metric['subject']!r} is not an entity"


def test_every_note_loads() -> None:
    store = open_store(":memory:")
    report = load(store, [NOTES])
    assert report.ok, [str(f) for f in report.failed]
    assert len(report.added) == 5
