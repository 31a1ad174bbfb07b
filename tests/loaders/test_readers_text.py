"""Text and Markdown readers: encodings, the reader registry, size limits and hostile metadata."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from thesisgraph.graph.errors import LoaderError, UnknownFormatError
from thesisgraph.loaders.readers import known_suffixes, read_note, reader_for

LATIN1 = "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale kept its rating on the caf\u00e9 chain; revenue rose 5% to \u00a36.8 billion."
GBK = "\u963f\u91cc\u4e91\u672c\u5b63\u5ea6\u6536\u5165\u4e3a334\u4ebf\u5143\uff0c\u540c\u6bd4\u589e\u957f26%\u3002"


def test_registry_knows_every_builtin_reader_and_lists_them_for_an_unknown_suffix() -> None:
    known = known_suffixes()
    for suffix in (".txt", ".md", ".markdown", ".html", ".htm", ".pdf"):
        assert suffix in known
    with pytest.raises(UnknownFormatError) as err:
        reader_for(Path("report.docx"))
    assert "report.docx" in str(err.value)
    assert ".pdf" in str(err.value) and ".html" in str(err.value)


def test_suffix_is_matched_without_regard_to_case(tmp_path: Path) -> None:
    path = tmp_path / "NOTE.TXT"
    path.write_text("Alibaba Cloud revenue was RMB 33.4 billion.", encoding="utf-8")
    assert read_note(path).format == "text"


@pytest.mark.parametrize(("text", "encoding"), [(LATIN1, "latin-1"), (GBK, "gbk"), (GBK, "gb18030")])
def test_legacy_encodings_are_detected_and_decoded(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert read_note(path).text == text


def test_utf8_and_utf16_with_bom_and_crlf_newlines(tmp_path: Path) -> None:
    for name, data in (
        ("bom8.txt", b"\xef\xbb\xbf" + GBK.encode() + b"\r\nsecond line\r\n"),
        ("bom16.txt", ("\ufeff" + GBK + "\r\nsecond line\r\n").encode("utf-16-le")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        assert read_note(path).text == GBK + "\nsecond line\n"


def test_damaged_utf8_is_refused_with_the_offset(tmp_path: Path) -> None:
    good = "Alibaba Cloud \u963f\u91cc\u4e91 revenue grew 26%.".encode()
    path = tmp_path / "damaged.txt"
    path.write_bytes(good + b"\xff\xfe\xc3" + good)
    with pytest.raises(LoaderError) as err:
        read_note(path)
    assert str(path) in str(err.value)
    assert "invalid UTF-8" in err.value.problem and f"offset {len(good)}" in err.value.problem


def test_binary_content_with_a_text_name_is_refused(tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    for i, data in enumerate((
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        bytes(rng.randrange(128, 256) for _ in range(4096)),
        bytes(rng.randrange(1, 32) for _ in range(4096)),
    )):
        path = tmp_path / f"picture{i}.txt"
        path.write_bytes(data)
        with pytest.raises(LoaderError) as err:
            read_note(path)
        assert str(path) in str(err.value)


def test_size_limit_is_documented_and_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Alibaba Cloud revenue grew. " * 100, encoding="utf-8")
    with pytest.raises(LoaderError) as err:
        read_note(path, max_bytes=1000)
    assert "above the limit of 1,000 bytes" in err.value.problem
    assert "THESISGRAPH_MAX_BYTES" in err.value.problem
    monkeypatch.setenv("THESISGRAPH_MAX_BYTES", "1000")
    with pytest.raises(LoaderError):
        read_note(path)
    monkeypatch.setenv("THESISGRAPH_MAX_BYTES", "5000")
    assert read_note(path).text.startswith("Alibaba Cloud")
    for spelled in ("5KB", "5k", "5 KiB", "5_120"):
        monkeypatch.setenv("THESISGRAPH_MAX_BYTES", spelled)
        assert read_note(path).text.startswith("Alibaba Cloud")
    monkeypatch.setenv("THESISGRAPH_MAX_BYTES", "2k")
    with pytest.raises(LoaderError):
        read_note(path)
    monkeypatch.setenv("THESISGRAPH_MAX_BYTES", "lots")
    with pytest.raises(LoaderError) as err:
        read_note(path)
    assert "THESISGRAPH_MAX_BYTES" in str(err.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this system has no named pipes")
def test_a_pipe_with_a_note_name_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(LoaderError) as err:
        read_note(path)
    assert "not a regular file" in err.value.problem


def test_front_matter_metadata_is_read(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: Cloud check\ndate: 2025-08-30\npublisher: Example Securities\n"
        "source: https://example.com/a\ntickers: [9988.HK, BABA.N]\nthesis: Cloud growth is back\n"
        "analyst: A. Person\n---\nSee [[Alibaba Cloud]] and [[T-Head|Pingtou Ge]].\n",
        encoding="utf-8",
    )
    note = read_note(path)
    assert (note.title, note.publisher, note.source_url) == ("Cloud check", "Example Securities", "https://example.com/a")
    assert note.date is not None and note.date.isoformat() == "2025-08-30"
    assert note.tickers == ("9988.HK", "BABA.N")
    assert note.thesis == "Cloud growth is back"
    assert note.links == ("Alibaba Cloud", "T-Head")
    assert ("analyst", "A. Person") in note.extra
    assert note.text.startswith("See [[Alibaba Cloud]]")


def test_hostile_front_matter_is_stored_as_clean_literals(tmp_path: Path) -> None:
    path = tmp_path / "hostile.md"
    path.write_text(
        '---\ntitle: "Cloud\\x1b[31m check\\u202e\\x07 ok\\r\\nInjected: yes"\n'
        'source: "../../../etc/passwd\\x00"\npublisher: "Broker\\tName\\x7f"\n---\n'
        "Alibaba Cloud revenue was RMB 33.4 billion.\n",
        encoding="utf-8",
    )
    note = read_note(path)
    assert note.title == "Cloud [31m check ok Injected: yes"
    assert note.source_url == "../../../etc/passwd"
    assert note.publisher == "Broker Name"
    assert note.path == str(path.resolve())
    for value in (note.title, note.source_url, note.publisher):
        assert value is not None
        assert all(ord(ch) >= 32 and ch not in "\x7f\u202e" for ch in value)


def test_yaml_alias_bomb_in_front_matter_stays_small(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        lines.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    lines.append("title: *l")
    lines.append("tickers: *l")
    path = tmp_path / "bomb.md"
    path.write_text("---\n" + "\n".join(lines) + "\n---\nAlibaba Cloud grew.\n", encoding="utf-8")
    note = read_note(path)
    assert note.title == "Alibaba Cloud grew."  # a list of lists is no title: the first line is
    assert note.tickers == ()
    assert all(len(value) <= 500 for _, value in note.extra)


@pytest.mark.parametrize(
    ("front", "problem"),
    [
        ("title: [unclosed\n", "malformed YAML front matter"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("date: next Tuesday\n", "is not a date"),
    ],
)
def test_bad_front_matter_is_refused_naming_the_file(tmp_path: Path, front: str, problem: str) -> None:
    path = tmp_path / "bad.md"
    path.write_text(f"---\n{front}---\nAlibaba Cloud grew.\n", encoding="utf-8")
    with pytest.raises(LoaderError) as err:
        read_note(path)
    assert str(path) in str(err.value) and problem in err.value.problem


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Alibaba Cloud revenue grew 26%.\nSecond line\n".encode(encoding))
    assert read_note(path).text == "Alibaba Cloud revenue grew 26%.\nSecond line\n"


@pytest.mark.parametrize(("suffix", "module", "extra"), [(".html", "trafilatura", "html"), (".pdf", "pypdf", "pdf")])
def test_a_missing_optional_library_names_its_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, module: str, extra: str
) -> None:
    import sys

    from thesisgraph.graph.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, module, None)  # as if it were not installed
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(b"%PDF-1.4\n<html><p>text</p></html>\n%%EOF\n")
    with pytest.raises(MissingDependencyError) as err:
        read_note(path)
    assert f"thesisgraph[{extra}]" in str(err.value)


def test_the_package_declares_its_readers_as_entry_points() -> None:
    """The entry points in pyproject.toml (what other packages copy) name real reader classes."""
    from importlib.metadata import entry_points

    declared = {ep.name: ep for ep in entry_points(group="thesisgraph.readers")}
    for name in ("txt", "md", "html", "htm", "pdf"):
        reader = declared[name].load()()
        assert f".{name}" in reader.suffixes
        assert callable(reader.read)
