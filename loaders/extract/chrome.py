"""Page chrome: where the note's body starts and ends inside a page's text.

News and broker pages carry more than the note: "Related Articles" and
"Recommended" lists, share buttons, headline lists with their dates, lines
repeated from a carousel. None of it belongs to the note, and the companies
named there must not become its entities. :func:`find_body` returns the
``[start, end)`` range of the note itself; the text is never changed, so
evidence offsets still index the stored document text.

The rules are generic: a heading line that opens a chrome block ends the
body, and a trailing run of short, title-like lines, dates, share words and
repeated lines is cut off the end.
"""

from __future__ import annotations

import re

#: A line that opens a block of page chrome (the whole line, case ignored).
_CHROME_HEADING = re.compile(
    r"(?:related(?: articles?| stories| news| posts| reading| content| reports?| coverage| links)?"
    r"|recommend(?:ed)?(?: for you| reading| articles?| stories| news)?"
    r"|read (?:more|next|also)|also read|see also|further reading|more (?:from|on|in|news|stories|articles|to read)\b[^.!?]{0,60}"
    r"|you (?:may|might) also (?:like|be interested in)|(?:most )?popular(?: articles| stories| now)?|most read"
    r"|trending(?: now| stories)?|latest (?:news|articles|stories)|top stories|editor'?s picks|hot (?:news|topics)"
    r"|share(?: this)?(?: article| story| page| on)?|sponsored content|comments?|hashtags|tags|topics"
    r"|disclaimers?|important disclosures?|analyst certifications?|legal notice|免责声明|分析师声明|重要声明"
    r"|相关(?:文章|阅读|新闻|推荐)|推荐阅读|热门(?:文章|推荐)|延伸阅读)"
    r"\s*[:：]?",
    re.IGNORECASE,
)
#: Lines that are share buttons, bylines of page furniture, or dates on their own.
_FURNITURE = re.compile(
    r"(?:(?:share|tweet|email|print|copy link|facebook|twitter|x|linkedin|wechat|weibo|whatsapp|telegram|reddit"
    r"|comments?|like|subscribe|follow us|back to top|advertisement|top)[\s|/·,]*)+"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?:\s+\d{1,2}:\d{2})?",
    re.IGNORECASE,
)
_LINE = re.compile(r"[^\n]*\n?")
#: Sentence-ending punctuation: a line ending with it reads as prose, not as a headline.
_PROSE_END = ("。", "！", "？", ".", "!", "?", ";", "；", ":", "：", '"', "”", ")")
_MIN_BODY = 80
#: A list item or a Markdown heading: part of the note's structure, never a headline list.
_LIST_ITEM = re.compile(r"(?:[-*•·#>]|\(?\d{1,2}[.)、]|[①-⑳])")


def _lines(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every line, without its newline."""
    out = []
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        end = m.end() - 1 if m.group().endswith("\n") else m.end()
        out.append((m.start(), end))
    return out


def _is_heading(line: str) -> bool:
    s = line.strip().strip("#*=_-—|[]").strip()
    return 0 < len(s) <= 80 and _CHROME_HEADING.fullmatch(s) is not None


def _is_furniture(line: str) -> bool:
    s = line.strip()
    return not s or (len(s) <= 200 and _FURNITURE.fullmatch(s) is not None)


def _is_title_like(line: str) -> bool:
    """A short line that reads as a headline: no closing punctuation, mostly capitalised words."""
    s = line.strip()
    if not s or len(s) > 200 or s.endswith(_PROSE_END) or _LIST_ITEM.match(s):
        return False
    words = [w for w in s.split() if w[:1].isalpha()]
    if not words:
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps * 2 >= len(words)


def find_body(text: str) -> tuple[int, int]:
    """The ``[start, end)`` range of ``text`` that is the note, page chrome left out."""
    lines = _lines(text)
    if not lines:
        return (0, len(text))
    # Leading furniture (share rows, dates) before the first real line.
    first = 0
    while first < len(lines) - 1 and _is_furniture(text[slice(*lines[first])]):
        first += 1
    start = lines[first][0]
    # The first chrome heading after some body text ends the body.
    last = len(lines)
    for i in range(first + 1, len(lines)):
        a, b = lines[i]
        if a - start >= _MIN_BODY and _is_heading(text[a:b]):
            last = i
            break
    # Then a trailing run of furniture, repeated lines and headline-like lines.
    seen: dict[str, int] = {}
    for i in range(first, last):
        seen.setdefault(text[slice(*lines[i])].strip(), i)
    i = last
    titles = 0
    while i - 1 > first:
        line = text[slice(*lines[i - 1])]
        s = line.strip()
        if _is_furniture(line):
            i -= 1
            continue
        if seen.get(s, i - 1) < i - 1 and len(s) < 300:
            i -= 1  # a repeat of an earlier line
            continue
        if _is_title_like(line) and (titles > 0 or _headline_run(text, lines, first, i)):
            i -= 1
            titles += 1
            continue
        break
    end = lines[i - 1][1] if i > first else lines[first][1]
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return (0, len(text))
    return (start, end)


def _headline_run(text: str, lines: list[tuple[int, int]], first: int, upto: int) -> bool:
    """Whether the lines before ``upto`` end in at least two headline-like lines (dates and blanks between)."""
    count = 0
    j = upto
    while j - 1 > first and count < 2:
        line = text[slice(*lines[j - 1])]
        if _is_furniture(line):
            j -= 1
            continue
        if not _is_title_like(line):
            break
        count += 1
        j -= 1
    return count >= 2
