"""HTML reader: the article's main text and the page's metadata; scripts never become text."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_samples import PARAGRAPHS, PUBLISHER, SOURCE, TITLE, html_page, require
from thesisgraph.graph.errors import LoaderError
from thesisgraph.loaders.readers import read_note


@pytest.fixture(autouse=True)
def _libraries() -> None:
    require("trafilatura")


def test_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(html_page(), encoding="utf-8")
    note = read_note(path)
    assert note.format == "html"
    assert note.text == "\n\n".join(PARAGRAPHS)
    assert (note.title, note.publisher) == (TITLE, PUBLISHER)
    assert note.date is not None and note.date.isoformat() == "2025-09-02"
    assert note.source_url == SOURCE  # the canonical link wins over og:url
    for chrome in ("Home", "Markets", "Share on X", "Copyright", "dataLayer", "RMB 99 billion", "font-family"):
        assert chrome not in note.text


def test_og_url_is_the_source_when_there_is_no_canonical_link(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(html_page().replace(f'<link rel="canonical" href="{SOURCE}">', ""), encoding="utf-8")
    assert read_note(path).source_url == SOURCE + "?utm=feed"


def test_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    text = "\u963f\u91cc\u4e91\u672c\u5b63\u5ea6\u6536\u5165\u4e3a334\u4ebf\u5143\uff0c\u540c\u6bd4\u589e\u957f26%\u3002"
    page = html_page((text * 3, PARAGRAPHS[0])).replace('charset="utf-8"', 'charset="gbk"')
    path = tmp_path / "gbk.html"
    path.write_bytes(page.encode("gbk"))
    assert read_note(path).text.startswith(text * 3)


def test_script_only_page_is_refused_naming_the_file(tmp_path: Path) -> None:
    scripts = "".join(
        f"<script>var s{i} = 'Alibaba Cloud revenue was RMB {i} billion in the quarter';</script>"
        for i in range(200)
    )
    path = tmp_path / "app.html"
    path.write_text(
        f"<html><head><title>App</title>{scripts}</head><body><div id='root'></div>"
        "<noscript>Please enable JavaScript.</noscript><script>boot()</script></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(LoaderError) as err:
        read_note(path)
    assert str(path) in str(err.value)
    assert "no main text" in err.value.problem and "script" in err.value.problem


@pytest.mark.parametrize(
    "data",
    [b"", b"<", b"<html></html>", b"\x00\x01\x02<html>", b"just words, not a page at all"],
)
def test_pages_without_text_are_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(data)
    with pytest.raises(LoaderError) as err:
        read_note(path)
    assert str(path) in str(err.value)


def test_hostile_page_metadata_is_cleaned(tmp_path: Path) -> None:
    page = html_page().replace(
        f"<title>{TITLE}</title>".replace(":", ":"), "<title>Evil\x07 \u202etitle\x1b[0m</title>"
    ).replace('<meta property="og:title" content="China cloud check: AI demand lifts the big three">', "")
    path = tmp_path / "hostile.html"
    path.write_text(page, encoding="utf-8")
    note = read_note(path)
    assert note.title is not None
    assert all(ord(ch) >= 32 and ch != "\u202e" for ch in note.title)
    assert "Evil" in note.title


def test_a_page_heavy_with_scripts_but_with_an_article_loads(tmp_path: Path) -> None:
    bundle = "<script>" + "window.track = function (e) { return e; };\n" * 20000 + "</script>"
    path = tmp_path / "news.html"
    path.write_text(html_page(script=bundle), encoding="utf-8")
    assert path.stat().st_size > 20 * len(html_page())
    assert read_note(path).text == "\n\n".join(PARAGRAPHS)
