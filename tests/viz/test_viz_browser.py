"""The page in a real headless Chromium, offline: it draws, logs no error, fetches nothing,
shows evidence at a click, and runs nothing a hostile note carries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import chromium_path, need
from factories import BROKER, revenue_note
from thesisgraph.graph.iri import child_iri, document_iri, entity_iri
from thesisgraph.graph.model import (
    Claim,
    ClaimKind,
    Entity,
    EntityKind,
    Evidence,
    Extraction,
    Note,
    Period,
    Thesis,
    sha256_hex,
)
from thesisgraph.viz.browser import Chromium, PageReport, ink, png_size_and_rows

from thesisgraph import viz

pytestmark = pytest.mark.browser

MARK = "document.documentElement.setAttribute('data-pwned','{}')"
HOSTILE_NAME = f'<script>{MARK.format(1)};document.title="pwned"</script>'
HOSTILE_ALIAS = f'<img src=x onerror="{MARK.format(2)}">'
HOSTILE_QUOTE = f"</script><!-- <script>{MARK.format(3)}</script> \"quoted\" & <b>bold</b>"


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    need(chromium_path() is not None, "headless Chromium is not installed (Debian package chromium)")
    with Chromium(width=1280, height=800, timeout=90) as b:
        yield b


def hostile_note() -> Extraction:
    """A note whose entity name, alias, quote and title carry markup and script."""
    text = f"Intro. {HOSTILE_NAME} made revenue of {HOSTILE_QUOTE} 12 billion yuan. End."
    path = "/notes/<img src=x onerror=alert(1)>.txt"
    doc = document_iri(path)
    evil = Entity(iri=entity_iri(HOSTILE_NAME), name=HOSTILE_NAME, kind=EntityKind.COMPANY,
                  aliases=frozenset({HOSTILE_ALIAS}))
    start = text.index(HOSTILE_QUOTE)
    claim = Claim(
        iri=child_iri(doc, "claim", "x"), kind=ClaimKind.METRIC, about=evil.iri,
        statement=f"{HOSTILE_NAME} revenue {HOSTILE_ALIAS}",
        evidence=(Evidence.from_text(text, start, start + len(HOSTILE_QUOTE)),), asserted_by=BROKER.iri,
        metric="revenue", value=Decimal("12e9"), unit="CNY", period=Period(label="FY2025"),
    )
    thesis = Thesis(iri=child_iri(doc, "thesis", "x"), statement=HOSTILE_QUOTE, about=evil.iri,
                    supported_by=(claim.iri,))
    note = Note(path=path, text=text, sha256=sha256_hex(text), format="text", title=HOSTILE_ALIAS,
                date=date(2025, 1, 2))
    return Extraction(note=note, doc_iri=doc, entities=(evil, BROKER), mentions=frozenset({evil.iri}),
                      publisher=BROKER.iri, claims=(claim,), theses=(thesis,))


def assert_clean(report: PageReport) -> None:
    assert report.attributes["data-status"] == "drawn", report.attributes
    assert report.errors == [], report.errors
    assert report.requests == [], report.requests
    assert int(report.attributes["data-nodes-drawn"] or 0) > 0


def canvas_ink(png: bytes) -> int:
    """Non-white pixels in the graph area (below the header, left of the side panel)."""
    width, height, _ = png_size_and_rows(png)
    return ink(png, (10, 90, width - 380, height - 10))


def test_seed_thesis_view_draws_offline(seed_path: Path, memory_store, browser: Chromium,  # type: ignore[no-untyped-def]
                                        tmp_path: Path) -> None:
    import thesisgraph

    thesisgraph.load(memory_store, [seed_path])
    page = tmp_path / "seed.html"
    viz.write_html(memory_store, page)
    report = browser.open(page)
    assert_clean(report)
    assert canvas_ink(browser.screenshot()) > 2000
    whole = tmp_path / "thesis.html"
    viz.write_html(memory_store, whole, view="thesis")
    report = browser.open(whole)
    assert_clean(report)
    assert canvas_ink(browser.screenshot()) > 2000


def test_blank_page_has_no_ink(browser: Chromium, tmp_path: Path) -> None:
    """The ink measure itself: an empty page is (almost) all background."""
    page = tmp_path / "blank.html"
    page.write_text("<!DOCTYPE html><html data-stabilized='1'><body style='margin:0;background:#fff'></body></html>")
    browser.open(page)
    assert canvas_ink(browser.screenshot()) == 0


def test_clicking_a_claim_shows_its_evidence(memory_store, browser: Chromium, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    memory_store.write(revenue_note("/notes/a.txt", "33.398"))
    memory_store.write(revenue_note("/notes/b.txt", "33.98"))
    page = tmp_path / "focus.html"
    viz.write_html(memory_store, page, view="focus", focus="Alibaba Cloud")
    assert_clean(browser.open(page))
    found = browser.evaluate(
        "(() => { const d = thesisgraph.data; const n = d.nodes.find(x => x.label.includes('33.398bn'));"
        " thesisgraph.show(n.id); const p = document.getElementById('tg-panel');"
        " return {mark: p.querySelector('mark').textContent, quote: p.querySelector('blockquote').textContent,"
        " conflicts: [...p.querySelectorAll('.conflict')].map(e => e.textContent), text: p.textContent}; })()"
    )
    assert found["mark"] == "33.398 billion yuan"
    assert found["quote"] == "Alibaba Cloud revenue was 33.398 billion yuan in the quarter."
    assert len(found["conflicts"]) == 1 and "33.98" in found["conflicts"][0]
    assert "Note /notes/a.txt" in found["text"] and "Example Securities" in found["text"]


def test_hostile_note_runs_nothing(memory_store, browser: Chromium, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    memory_store.write(hostile_note())
    page = tmp_path / "hostile.html"
    viz.write_html(memory_store, page, view="thesis", title=HOSTILE_NAME)
    report = browser.open(page)
    assert_clean(report)
    state = browser.evaluate(
        "(() => { for (const n of thesisgraph.data.nodes) { thesisgraph.show(n.id); }"
        " const texts = thesisgraph.data.nodes.map(n => { thesisgraph.show(n.id);"
        "   return document.getElementById('tg-panel').textContent; });"
        " return {pwned: document.documentElement.getAttribute('data-pwned'), title: document.title,"
        " heading: document.getElementById('tg-title').textContent, texts: texts,"
        " imgs: document.querySelectorAll('img').length,"
        " scripts: document.querySelectorAll('script').length,"
        " bold: document.querySelectorAll('#tg-panel b').length}; })()"
    )
    assert state["pwned"] is None
    assert state["title"] == HOSTILE_NAME  # shown as text, not run
    assert state["heading"] == HOSTILE_NAME
    assert state["imgs"] == 0 and state["bold"] == 0
    assert state["scripts"] == 3  # data, vis-network, page: nothing added
    panel_text = "\n".join(state["texts"])
    assert HOSTILE_QUOTE in panel_text and HOSTILE_ALIAS in panel_text
    tips = browser.evaluate(
        "thesisgraph.data.nodes.map(n => n.title instanceof HTMLElement && n.title.children.length === 0)"
    )
    assert tips and all(tips)  # tooltips are text-only elements, never HTML strings
    assert report.requests == []  # the <img src=x> never became a request
