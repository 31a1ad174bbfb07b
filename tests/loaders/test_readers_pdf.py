"""PDF reader: the text layer rebuilt into paragraphs, document information, refused PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_samples import PARAGRAPHS, PUBLISHER, TITLE, pdf_document, require, scanned_pdf
from thesisgraph.graph.errors import LoaderError
from thesisgraph.loaders.readers import read_note


@pytest.fixture(autouse=True)
def _libraries() -> None:
    require("pypdf", "fpdf")


def _write(tmp_path: Path, data: bytes, name: str = "report.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_wrapped_lines_become_paragraphs_and_metadata_is_read(tmp_path: Path) -> None:
    note = read_note(_write(tmp_path, pdf_document()))
    assert note.format == "pdf"
    assert note.text == "\n\n".join(PARAGRAPHS)  # the page number is not text
    assert (note.title, note.publisher) == (TITLE, PUBLISHER)
    assert note.date is not None and note.date.isoformat() == "2025-09-02"


def test_words_broken_across_lines_are_joined(tmp_path: Path) -> None:
    lines = (
        "Growth at the cloud unit re-",
        "covered in the quarter, and year-over-",
        "year growth in AI products stayed at triple-",
        "digit rates; triple-digit growth is rare for a business of this size",
    )
    note = read_note(_write(tmp_path, pdf_document(PARAGRAPHS[:1], lines=lines)))
    assert note.text.endswith(
        "\n\nGrowth at the cloud unit recovered in the quarter, and year-over-year growth in AI "
        "products stayed at triple-digit rates; triple-digit growth is rare for a business of this size"
    )


def test_title_falls_back_to_the_first_line(tmp_path: Path) -> None:
    note = read_note(_write(tmp_path, pdf_document(title=None, author=None, date=None)))
    assert note.title is not None and note.title.startswith("Alibaba Cloud revenue was")
    assert note.publisher is None


def test_pdf_with_an_empty_user_password_opens(tmp_path: Path) -> None:
    note = read_note(_write(tmp_path, pdf_document(owner_password="owner-only")))
    assert note.text == "\n\n".join(PARAGRAPHS)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda: pdf_document(user_password="s3cret"), "encrypted with a password"),
        (lambda: pdf_document()[: len(pdf_document()) // 2], "truncated"),
        (lambda: pdf_document()[:-40], "truncated"),
        (scanned_pdf, "no text layer"),
        (lambda: b"%!PS-Adobe-3.0\nnot a pdf\n", "not a PDF"),
        (lambda: pdf_document()[:9] + bytes(range(256)) * 8 + b"\n%%EOF\n", "damaged"),
    ],
    ids=["encrypted", "half", "tail-cut", "scanned", "postscript", "garbage"],
)
def test_unreadable_pdfs_get_one_clear_error(tmp_path: Path, make, problem: str) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, make())
    with pytest.raises(LoaderError) as err:
        read_note(path)
    assert str(path) in str(err.value)
    assert problem in err.value.problem
    assert "\n" not in str(err.value)


def test_paragraph_continues_across_a_page_break(tmp_path: Path) -> None:
    long = " ".join(f"Sentence {i} says the cloud unit kept growing" for i in range(150)) + "."
    note = read_note(_write(tmp_path, pdf_document((long,))))
    assert note.text == long


def test_running_headers_and_footers_are_not_text(tmp_path: Path) -> None:
    long = " ".join(f"Point {i}: the cloud unit kept growing in the quarter" for i in range(260)) + "."
    data = pdf_document((long, PARAGRAPHS[0]), running="Example Securities | China cloud | Company update")
    note = read_note(_write(tmp_path, data))
    assert note.text == long + "\n\n" + PARAGRAPHS[0]
    assert "Company update" not in note.text and "institutional" not in note.text


def test_lines_of_chinese_text_join_without_a_space() -> None:
    from thesisgraph.loaders.readers.pdf import _join

    assert _join("\u963f\u91cc\u4e91\u672c\u5b63\u5ea6\u6536\u5165", "\u540c\u6bd4\u589e\u957f26%", set()) == (
        "\u963f\u91cc\u4e91\u672c\u5b63\u5ea6\u6536\u5165\u540c\u6bd4\u589e\u957f26%"
    )
    assert _join("revenue of RMB 33.4", "billion", set()) == "revenue of RMB 33.4 billion"
    assert _join("a well-", "known name", {"well-known"}) == "a well-known name"
    assert _join("a recog-", "nised name", set()) == "a recognised name"
    assert _join("non-", "GAAP margin", set()) == "non-GAAP margin"
    assert _join("the US-", "China rules", set()) == "the US-China rules"
    assert _join("margins -", "a detail", set()) == "margins - a detail"
