"""Fuzzing the readers: random and mutated bytes never raise anything but the project's own errors.

Every reader is fed random bytes, random text, and real notes of its format
(Markdown, a web page, a PDF report, the example notes) with bytes flipped,
cut, inserted and repeated. A reader either returns a Note whose body range
lies inside its text, or raises a :class:`ThesisGraphError` naming the file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reader_samples import html_page, markdown_note, pdf_document, require
from thesisgraph.graph.errors import LoaderError, ThesisGraphError
from thesisgraph.graph.model import Note
from thesisgraph.loaders.gazetteer import Gazetteer
from thesisgraph.loaders.readers import read_note, reader_for


@pytest.fixture(autouse=True)
def _libraries() -> None:
    require("trafilatura", "pypdf", "fpdf")


SUFFIXES = (".txt", ".md", ".html", ".pdf")
#: THESISGRAPH_FUZZ_EXAMPLES=5000 runs a longer, randomised campaign; the default run is fixed.
CAMPAIGN = int(os.environ.get("THESISGRAPH_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=CAMPAIGN or 120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not CAMPAIGN,
)


@cache
def _samples() -> dict[str, list[bytes]]:
    """Real documents of each format to mutate."""
    out: dict[str, list[bytes]] = {
        ".md": [markdown_note().encode()],
        ".txt": [markdown_note().split("---\n", 2)[2].encode(), "\u963f\u91cc\u4e91 33.4".encode("gbk")],
        ".html": [html_page().encode()],
        ".pdf": [
            pdf_document(),
            pdf_document(owner_password="o"),
            pdf_document(compress=False),
            pdf_document(compress=False, running="Example Securities | Update", lines=("re-", "covered")),
        ],
    }
    if EXAMPLES.is_dir():
        for path in sorted(EXAMPLES.iterdir())[:20]:
            if path.suffix.lower() in out and path.stat().st_size < 200_000:
                out[path.suffix.lower()].append(path.read_bytes())
    return out


def _check(suffix: str, data: bytes) -> None:
    """Read ``data`` as a file with ``suffix``, directly and through read_note."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzzed{suffix}"
        path.write_bytes(data)
        for read in (lambda: reader_for(path).read(path, data), lambda: read_note(path)):
            try:
                note = read()
            except ThesisGraphError as exc:
                if isinstance(exc, LoaderError):
                    assert exc.path == str(path)
                assert str(path) in str(exc)
                continue
            assert isinstance(note, Note)
            assert isinstance(note.text, str) and note.text.strip()
            start, end = note.body_range
            assert 0 <= start <= end <= len(note.text)
            for value in (note.title, note.publisher, note.source_url, note.thesis):
                assert value is None or all(ord(ch) >= 32 for ch in value)


@st.composite
def mutated(draw: st.DrawFn, suffix: str) -> bytes:
    """A real document of ``suffix``'s format with a few random edits."""
    data = bytearray(draw(st.sampled_from(_samples()[suffix])))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(("flip", "cut", "insert", "repeat", "truncate", "delete")))
        if edit == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif edit == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 256))] * draw(st.integers(2, 8))
        elif edit == "truncate":
            del data[at:]
        else:
            data[at : at + 1] = b""
    return bytes(data)


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes(suffix: str, data: bytes) -> None:
    _check(suffix, data)


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(text=st.text(max_size=2000), encoding=st.sampled_from(("utf-8", "utf-16", "gb18030", "latin-1")))
def test_random_text(suffix: str, text: str, encoding: str) -> None:
    _check(suffix, text.encode(encoding, errors="replace"))


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=st.data())
def test_mutated_real_documents(suffix: str, data: st.DataObject) -> None:
    _check(suffix, data.draw(mutated(suffix)))


@FUZZ
@given(
    front=st.dictionaries(
        st.sampled_from(("title", "date", "publisher", "source", "tickers", "thesis", "x")),
        st.one_of(st.text(max_size=80), st.integers(), st.lists(st.text(max_size=10), max_size=4), st.none()),
        max_size=6,
    ),
    body=st.text(min_size=1, max_size=500),
)
def test_markdown_front_matter_of_any_shape(front: dict[str, object], body: str) -> None:
    import yaml

    _check(".md", ("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body).encode())


@FUZZ
@given(
    parts=st.lists(
        st.one_of(
            st.sampled_from(("<p>", "</p>", "<script>", "</script>", "<style>", "<title>", "<meta charset=gbk>",
                             "<article>", "<!--", "-->", "<![CDATA[", "<html>", "<body>", "&amp;", "&#0;")),
            st.text(max_size=60),
        ),
        max_size=40,
    )
)
def test_html_of_any_shape(parts: list[str]) -> None:
    _check(".html", "".join(parts).encode("utf-8", errors="replace"))


@pytest.mark.parametrize(
    ("suffix", "make"),
    [(".pdf", lambda: pdf_document()), (".html", lambda: html_page().encode()), (".md", lambda: markdown_note().encode())],
)
def test_every_prefix_of_a_real_document(suffix: str, make: Callable[[], bytes]) -> None:
    """Truncated at every 97th byte: each prefix is read or refused with our own error."""
    data = make()
    for end in range(0, len(data), 97):
        _check(suffix, data[:end])


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=st.data())
def test_mutated_notes_through_reading_and_extraction(suffix: str, data: st.DataObject) -> None:
    """What a reader returns from a mutated note extracts without an unexpected error, and every
    evidence quotes the note's text exactly."""
    from thesisgraph.loaders.extract import extract_note

    raw = data.draw(mutated(suffix))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzzed{suffix}"
        path.write_bytes(raw)
        try:
            note = read_note(path)
            extraction = extract_note(note, _gazetteer())
        except ThesisGraphError:
            return
    for claim in extraction.claims:
        for ev in claim.evidence:
            assert note.text[ev.start : ev.end] == ev.exact


@cache
def _gazetteer() -> Gazetteer:
    from thesisgraph.loaders.gazetteer import load_gazetteer

    return load_gazetteer()
