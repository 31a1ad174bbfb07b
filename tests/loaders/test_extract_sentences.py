"""Sentence spans: abbreviations, decimals, Chinese full stops, list lines and headings."""

from __future__ import annotations

from thesisgraph.loaders.extract.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_decimals_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    text = ("Revenue was RMB 33.398 billion, up 26% yoy. The U.S. market fell. Mr. Lee of Example Inc. "
            "spoke with J. Smith on Jan. 5. Sales rose e.g. in Europe. Next sentence here.")
    assert _split(text) == [
        "Revenue was RMB 33.398 billion, up 26% yoy.",
        "The U.S. market fell.",
        "Mr. Lee of Example Inc. spoke with J. Smith on Jan. 5.",
        "Sales rose e.g. in Europe.",
        "Next sentence here.",
    ]


def test_chinese_full_stops_and_question_marks() -> None:
    assert _split("阿里云收入增长26%。利润率提升！会持续吗？") == ["阿里云收入增长26%。", "利润率提升！", "会持续吗？"]


def test_lines_headings_and_list_items_are_sentences_of_their_own() -> None:
    text = "Risk Warning:\n1. Demand may slow;\n2. Competition\n\n## Outlook\nWe expect growth. It holds."
    assert _split(text) == ["Risk Warning:", "1. Demand may slow;", "2. Competition", "## Outlook",
                            "We expect growth.", "It holds."]


def test_spans_are_absolute_and_within_the_range() -> None:
    text = "Header line\nFirst one. Second one.\nFooter"
    start = text.index("First")
    end = text.index("\nFooter")
    spans = split_sentences(text, start, end)
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one."]
    assert all(start <= a < b <= end for a, b in spans)
    assert split_sentences("   \n\n  ") == ()
