"""Web pages: the article's main text, without navigation, scripts or styles.

The main text is found by trafilatura (the ``html`` extra), which drops page
chrome (menus, footers, comment threads) and never turns scripts or styles
into text. Metadata comes from the page's own ``<meta>`` tags: title,
publication date, site name as the publisher, canonical or ``og:url`` address
as the source. The text is laid out one paragraph per line, paragraphs
separated by a blank line (see :mod:`.meta`); evidence offsets index into it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...graph.errors import LoaderError, MissingDependencyError
from ...graph.model import Note, sha256_hex
from .meta import clean_meta, first_line, layout_paragraphs, lenient_date

#: A page whose main text has fewer word characters than this has no main text.
MIN_TEXT_CHARS = 20

_WORD = re.compile(r"\w")
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{1,40})""", re.IGNORECASE)


class HtmlReader:
    """``.html`` and ``.htm`` pages: main text and page metadata."""

    suffixes = (".html", ".htm")
    format = "html"

    def read(self, path: Path, data: bytes) -> Note:
        try:
            import trafilatura
        except ImportError as exc:
            raise MissingDependencyError(getattr(exc, "name", None) or "trafilatura", "html") from None
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data[:65536]:
            raise LoaderError(str(path), "looks like a binary file, not an HTML page (NUL bytes)")
        html = _decode(data)
        try:
            tree = trafilatura.load_html(html)
            if tree is None:
                raise LoaderError(str(path), "not an HTML page (no markup could be parsed)")
            source = _source(tree)
            scripts = sum(len(el.text or "") for el in tree.iter("script", "style"))
            for fallback in tree.xpath("//noscript"):  # text for browsers without scripts
                fallback.drop_tree()
            doc = trafilatura.bare_extraction(
                tree,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                include_images=False,
                include_links=False,
                deduplicate=False,
                favor_recall=True,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except (ValueError, TypeError, AttributeError, LookupError, RecursionError) as exc:
            # lxml and trafilatura raise these on markup they cannot build a tree from
            raise LoaderError(str(path), f"cannot parse the page: {type(exc).__name__}") from None
        meta: dict[str, Any] = {}
        if doc is not None:
            meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        raw_text = str(meta.get("text") or "")
        text = layout_paragraphs(raw_text.split("\n"))
        if len(_WORD.findall(text[:10_000])) < MIN_TEXT_CHARS:
            share = f"; {scripts * 100 // max(len(data), 1)}% of it is script or style" if scripts else ""
            raise LoaderError(str(path), f"the page has no main text{share}")
        title = clean_meta(meta.get("title"), limit=300)
        if title is None:
            title = clean_meta(first_line(text), limit=300)
        return Note(
            path=str(path.resolve()),
            text=text,
            sha256=sha256_hex(data),
            format=self.format,
            title=title,
            date=lenient_date(meta.get("date")),
            publisher=clean_meta(meta.get("sitename"), limit=200),
            source_url=clean_meta(source or meta.get("url"), limit=2000),
            extra=tuple(
                (key, value)
                for key, value in (
                    ("author", clean_meta(meta.get("author"), limit=200)),
                    ("description", clean_meta(meta.get("description"), limit=500)),
                )
                if value
            ),
        )


def _decode(data: bytes) -> str:
    """The page as text: its BOM or declared charset, else UTF-8, else a detected encoding."""
    from .text import _detect

    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii").lower())
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _detect(data) or data.decode("utf-8", errors="replace")


def _source(tree: Any) -> str | None:
    """The page's address as it states it: its canonical link, else its ``og:url``."""
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        for url in tree.xpath(xpath):
            url = str(url).strip()
            if url.lower().startswith(("http://", "https://")):
                return url
    return None
