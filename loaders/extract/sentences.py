"""Sentence spans: where each sentence of a body starts and ends.

A line break that ends a heading, a list item or a paragraph always ends a
sentence; inside a line, a sentence ends at ".", "!" or "?" followed by
space and a capital letter, digit or quote, or at the Chinese full stops
"。！？". Decimals ("33.398"), initials and abbreviations ("U.S.", "Mr.",
"Inc.", "e.g.") do not end one. Spans are ``[start, end)`` into the text,
without surrounding whitespace.
"""

from __future__ import annotations

import re

#: Candidate sentence ends inside a line: Latin punctuation then space, or a Chinese full stop.
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*(?=[ \t]+[\"'“‘(\[]?[A-Z0-9\u4e00-\u9fff])|[。！？]+[”’」』)]*")
#: Words that end with a dot without ending the sentence (lower-cased, without the dot).
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "no", "nos", "vs", "etc", "approx", "inc", "corp", "co", "ltd", "plc", "llc", "bhd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "fig", "vol", "op", "cf", "al", "dept", "govt", "gen", "rep", "sen", "ave", "blvd"]
)
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.+$")
_LINE = re.compile(r"[^\n]+")
#: A list number at the start of a line ("1.", "(2)", "a."): its dot ends nothing.
_MARKER = re.compile(r"[ \t]*\(?(?:\d{1,3}|[A-Za-z])[.)]")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> tuple[tuple[int, int], ...]:
    """The sentences of ``text[start:end]`` as absolute ``[start, end)`` spans, in order."""
    stop = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, stop):
        a = line.start()
        for m in _BOUNDARY.finditer(text, line.start(), line.end()):
            if m.group()[0] == "." and (
                _is_abbreviation(text, a, m.start()) or _MARKER.fullmatch(text, line.start(), m.end())
            ):
                continue
            _add(text, out, a, m.end())
            a = m.end()
        _add(text, out, a, line.end())
    return tuple(out)


def _is_abbreviation(text: str, a: int, dot: int) -> bool:
    """Whether the dot at ``dot`` closes an abbreviation or an initial rather than a sentence."""
    m = _LAST_WORD.search(text, max(a, dot - 12), dot + 1)
    if m is None:
        return False
    word = m.group(1).lower()
    if word in _ABBREVIATIONS:
        return True
    # Single initials ("J. Smith") and dotted acronyms ("U.S.", "N.V.").
    return len(word) == 1 or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _add(text: str, out: list[tuple[int, int]], a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b))
