"""Documents made in the tests for the readers: one note as Markdown, HTML and PDF, and bad files.

The note is written here in our own words with public facts (quarterly
figures of Alibaba Cloud, Tencent and NVIDIA). PDFs are generated with fpdf2
(the core Helvetica font: ASCII text only).
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
from pathlib import Path

TITLE = "China cloud check: AI demand lifts the big three"
PUBLISHER = "Example Securities"
DATE = dt.date(2025, 9, 2)
SOURCE = "https://research.example.com/notes/china-cloud-check"

PARAGRAPHS = (
    ("Alibaba Cloud revenue was RMB 33.4 billion in the quarter ended June 30, 2025, up 26% year "
    "over year, as enterprise customers kept adding AI computing on top of their ordinary "
    "storage and database workloads."),
    ("Tencent did not give a separate figure for Tencent Cloud, but its capital expenditure was "
    "RMB 19.1 billion in the second quarter of 2025, most of it spent on servers for model "
    "training and inference."),
    ("NVIDIA revenue was US$46.7 billion in fiscal Q2 2026, and the company booked no sales of its "
    "H20 chip to customers in China during that quarter."),
    ("We believe cloud spending in China will keep growing through 2026. The main risks are tighter "
    "export controls on accelerators and a slower recovery of enterprise demand."),
)


#: The libraries the reader tests need: (module, what installs it).
EXTRAS = {"trafilatura": "the html extra", "pypdf": "the pdf extra", "fpdf": "fpdf2, in the test extra"}


def require(*modules: str) -> None:
    """Skip unless ``modules`` import; under CI=true a missing one fails the test instead."""
    import importlib

    from conftest import need

    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            need(False, f"{module} cannot be imported ({EXTRAS.get(module, module)}): {exc}")


def markdown_note(paragraphs: tuple[str, ...] = PARAGRAPHS) -> str:
    """The note as Markdown with front matter, one paragraph per line."""
    return (
        f"---\ntitle: \"{TITLE}\"\ndate: {DATE.isoformat()}\npublisher: {PUBLISHER}\n"
        f"source: {SOURCE}\n---\n" + "\n\n".join(paragraphs) + "\n"
    )


def html_page(paragraphs: tuple[str, ...] = PARAGRAPHS, *, script: str = "") -> str:
    """The note as a web page, with navigation, a footer, share buttons and scripts around it."""
    esc = html_lib.escape
    body = "\n".join(
        # lines wrapped inside a paragraph, as an editor writes them
        "<p>" + esc(p).replace(", ", ",\n   ", 1) + "</p>" for p in paragraphs
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{esc(TITLE)}</title>
<meta property="og:title" content="{esc(TITLE)}">
<meta property="og:site_name" content="{esc(PUBLISHER)}">
<meta property="og:url" content="{esc(SOURCE)}?utm=feed">
<link rel="canonical" href="{esc(SOURCE)}">
<meta name="date" content="{DATE.isoformat()}">
<meta property="article:published_time" content="{DATE.isoformat()}T08:00:00+08:00">
<style>body {{ font-family: serif; }} .share {{ display: flex; }}</style>
<script>window.dataLayer = [{{"revenue": "RMB 99 billion in 2024"}}];</script>
{script}
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/markets">Markets</a></li>
<li><a href="/research">Research</a></li></ul></nav></header>
<main><article>
{body}
</article></main>
<aside class="share"><a href="#">Share on X</a> <a href="#">Email</a></aside>
<footer><p>Copyright 2025 Example Securities. All rights reserved.</p></footer>
<script>document.querySelectorAll('a').forEach(a => a.dataset.seen = "Alibaba revenue was RMB 99 billion");</script>
</body></html>
"""


def pdf_document(
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    *,
    title: str | None = TITLE,
    author: str | None = PUBLISHER,
    date: dt.date | None = DATE,
    user_password: str | None = None,
    owner_password: str | None = None,
    lines: tuple[str, ...] = (),
    running: str | None = None,
    compress: bool = True,
) -> bytes:
    """The note as a PDF report: wrapped paragraphs with space between them, and a page number.

    ``lines`` are written one per line as they are (to test words broken across lines);
    ``running`` is a header on every page, with a footer that numbers the pages;
    ``compress=False`` leaves the page content readable (for fuzzing its operators).
    """
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            if running:
                self.set_font("Helvetica", size=8)
                self.cell(0, 5, running, new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self) -> None:
            if running:
                self.set_y(-12)
                self.set_font("Helvetica", size=8)
                self.cell(0, 5, f"Page {self.page_no()} of {{nb}}  |  For institutional investors only", align="C")

    pdf = Report(format="A4")
    pdf.set_compression(compress)
    pdf.set_auto_page_break(auto=True, margin=20)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    if date:
        pdf.set_creation_date(dt.datetime(date.year, date.month, date.day, 9, 0, tzinfo=dt.UTC))
    if user_password is not None or owner_password is not None:
        pdf.set_encryption(owner_password=owner_password or "owner", user_password=user_password or "")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10.5)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3.5)
    for line in lines:
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    if not running:
        pdf.set_y(-15)
        pdf.cell(0, 5, "1", align="C")
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF with drawings and no text layer, like a scanned page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for i in range(12):
        pdf.rect(20, 20 + i * 12, 170, 8, style="F")
    return bytes(pdf.output())


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


class CrashingReader:
    """A reader for ``.crash`` files that ends its process on the spot, as a reader crashing
    in native code, or killed by the system for memory, would."""

    suffixes = (".crash",)
    format = "crash"

    def read(self, path: Path, data: bytes) -> object:
        import os

        os._exit(70)
