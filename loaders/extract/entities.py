"""Entity mentions: names from the gazetteer and organisations found in the text itself.

Two sources of mentions, merged so that a longer name wins over a name it
contains ("Baidu Capital" over "Baidu"):

- every alias of the gazetteer (one trie regex, see
  :func:`~thesisgraph.loaders.gazetteer.alias_pattern`);
- discovery, for organisations and people the gazetteer does not know:
  capitalised names ending in a company suffix ("Wus Printed Circuit Co.,
  Ltd.", "Tianshan Aluminum Group"), names followed by a listing in brackets
  ("(002463.SZ)", "(NYSE: BABA)"; a known ticker resolves to its entity),
  names in subject position before a reporting verb when they look like
  organisations, business units named as "X's chip unit, Y" or "Y, a unit of
  X", people named with a title or a role ("Mr Li", "CEO Eddie Wu", "said
  Jane Doe"), and ``[[wiki links]]``.

A discovered entity's IRI comes from its canonical name (legal suffixes such
as "Inc." or "Co., Ltd." dropped), so the same company named in two notes is
one node; every way the text writes it is kept as a surface form.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ...graph.iri import document_iri, entity_iri
from ...graph.model import Entity, EntityKind, Note
from ..gazetteer import EXCHANGES, Gazetteer, alias_pattern, qualified_ticker, trie_regex
from . import lexicon
from .context import DocContext, Mention
from .sentences import split_sentences

_TOK = r"(?:[A-Z][A-Za-z0-9&\-]*+(?:\.[A-Za-z]++)*+\.?|[0-9]++[A-Z][A-Za-z0-9]*+)"
#: A run of capitalised words on one line, "of"/"for"/"&" allowed inside ("Bank of China").
_SEQ = rf"{_TOK}(?:[ \t]+(?:(?:of|for|&|de)[ \t]+)?{_TOK}){{0,7}}"
_NAME = re.compile(rf"(?<![\w&-])(?:{_SEQ})")
_CJK_ORG = re.compile(r"[\u4e00-\u9fff]{2,10}(?:股份有限公司|有限公司|集团|证券|银行|科技|控股)")
#: What may follow a name: a listing in brackets.
_TICKER_AFTER = re.compile(
    r"\.?\s*[(（]\s*(?:(?P<ex>[A-Za-z]{2,8})\s*[:：]\s*)?"
    r"(?P<code>\d{4,6}(?:\.[A-Z]{2})?|[A-Z]{1,5}(?:\.[A-Z]{1,2})?)\s*(?:[,;，][^)）]{0,30})?[)）]"
)
_LEGAL_TAIL = re.compile(
    r"\.?,?\s+(?:Co\.,?\s*Ltd|Co\.?,?\s+Limited|Co|Inc|Ltd|Corp|Corporation|Company|LLC|PLC|plc|Limited|S\.A|N\.V|AG)"
    r"\.?(?![\w-])"
)
_VERB_AFTER = re.compile(rf"(?:['’]s\s+(?:shares|stock)\b|\s+(?:{lexicon.AUX}\s+)?(?:{lexicon.REPORTING_VERBS})\b)")
_PERSON_BEFORE = re.compile(rf"(?:\b(?:{lexicon.HONORIFICS})\.?|\b(?:{lexicon.ROLES})|\bsaid)[ \t]+$", re.IGNORECASE)
_PERSON_AFTER = re.compile(
    rf"(?:,|\s+(?:is|was|became|remains|,\s+who\s+is))\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:former\s+|new\s+|incoming\s+)?"
    rf"(?:\w+['’]s\s+|(?-i:[A-Z][\w&.-]*)\s+){{0,3}}(?:{lexicon.ROLES})\b",
    re.IGNORECASE,
)
_TITLE_WORD = re.compile(
    r"(?<![\w-])(?:(?:[Cc]o-)?(?:CEO|Chairman|President)|CEO|CFO|CTO|COO|Chairman|Chairwoman|President|Founder|Co-founder|Chief(?:\s+[A-Z]\w+)*\s+Officer"
    r"|Chief\s+Executive|Vice\s+President|Director|Analyst|Minister|Secretary|Governor|Premier|Senator"
    r"|(?:Senior\s+|Chief\s+)?(?:Portfolio\s+|Fund\s+|Investment\s+)?(?:Manager|Strategist|Economist)"
    r"|Mr|Mrs|Ms|Dr|Prof)\.?(?![\w-])[ \t]*"
)
_UNIT_WORDS = r"(?:unit|arm|division|subsidiary|affiliate|spin-?off|subsidiaries)"
_UNIT_OF = re.compile(
    rf",\s+(?:a|an|the|its)\s+(?:[a-z][a-z-]*\s+){{0,3}}?{_UNIT_WORDS}\s+of\s+(?P<parent>{_SEQ})"
)
_UNIT_POSS = re.compile(
    rf"(?<![\w&-])(?P<parent>{_SEQ})['’]s\s+(?:[a-z][a-z-]*\s+){{0,3}}?{_UNIT_WORDS},?\s+(?P<name>{_SEQ})"
)
_ORG_BEFORE = re.compile(rf"\b(?:{lexicon.ORG_CUES})\s+(?:the\s+)?$")
_LINE = re.compile(r"[^\n]+")
_RATING_AFTER = re.compile(lexicon.RATING_AFTER)
_RATING_BEFORE = re.compile(rf"\b{lexicon.RATING_BEFORE}\s+$")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z]*+(?![\w-])")
_WIKI = re.compile(r"\[\[([^\[\]|\n]{1,120})(?:\|[^\[\]\n]{0,120})?\]\]")
_SOURCE_LINE = re.compile(
    r"(?im)^[ \t]*(?:source|sources|by|from|author|authors|publisher|published\s+by|research\s+by|作者|来源|出处)"
    r"(?:[ \t]*[:：]|[ \t]+)[ \t]*(?P<who>[^\n]{2,120})$"
)
_BYLINE_PART = re.compile(r"[A-Z][\w&'’.-]*(?:[ \t]+(?:of[ \t]+|&[ \t]+)?[A-Z][\w&'’.-]*){0,5}")
_REPORT_BY = re.compile(
    r"[ \t]*(?:released|issued|published)\s+(?:a|an|its)\s+(?:\w+\s+){0,2}(?:report|note)"
    r"|['’]s\s+(?:main|key)\s+(?:points|views|conclusions)|\s+(?:maintains|reiterates|initiates|upgrades|downgrades)\b"
)


@dataclass(slots=True)
class _Found:
    """A discovered entity while the note is read."""

    name: str
    kind: EntityKind
    tickers: set[str] = field(default_factory=set)
    parent: str | None = None


def build_context(note: Note, gazetteer: Gazetteer) -> DocContext:
    """Sentences, mentions, entities, publisher and subject of one note."""
    lo, hi = note.body_range
    text = note.text
    sentences = split_sentences(text, lo, hi)
    starts = {a for a, _ in sentences}
    finder = _Finder(note, gazetteer, starts)
    finder.run(lo, hi)
    mentions = finder.mentions()
    entities: dict[str, Entity] = {}
    for m in mentions:
        finder.add_entity(entities, m.iri)
    publisher = _publisher(note, gazetteer, finder, mentions, entities, lo, hi)
    subject = _subject(note, gazetteer, mentions, entities, publisher, sentences)
    return DocContext(
        note=note,
        doc_iri=document_iri(note.path),
        sentences=sentences,
        mentions=tuple(mentions),
        entities=entities,
        publisher=publisher,
        subject=subject,
    )


class _Finder:
    """Finds the mentions of one note."""

    def __init__(self, note: Note, gazetteer: Gazetteer, sentence_starts: set[int]) -> None:
        self.note = note
        self.text = note.text
        self.gaz = gazetteer
        self.starts = sentence_starts
        self.start_list = sorted(sentence_starts)
        self.found: dict[str, _Found] = {}  # IRI -> discovered entity
        self.spans: list[Mention] = []
        self.blocked: list[tuple[int, int]] = []  # ticker brackets: no mention inside
        self.aliases: dict[str, str] = {}  # short forms defined in brackets -> IRI
        self.listed: dict[str, str] = {}  # ticker -> IRI of a discovered company
        self._lower: set[str] | None = None

    def lower_words(self) -> set[str]:
        """The words the note writes in lower case (read once, when first needed)."""
        if self._lower is None:
            self._lower = set(_LOWER_WORD.findall(self.text))
        return self._lower

    # -- the passes ---------------------------------------------------------------

    def run(self, lo: int, hi: int) -> None:
        text = self.text
        for m in alias_pattern(self.gaz).finditer(text, lo, hi):
            ent = self.gaz.lookup(m.group())
            if ent is not None:
                self.spans.append(Mention(m.start(), m.end(), ent.iri, m.group()))
        people: set[str] = set()
        headlines = _title_case_lines(text, lo, hi)
        for m in _NAME.finditer(text, lo, hi):
            if headlines and any(a <= m.start() < b for a, b in headlines):
                continue  # In Title Case every word is capitalised: capitals say nothing there
            # A run of capitals never crosses a sentence end, and a title splits it
            # ("Alibaba CEO Eddie Wu" is a company and a person).
            i = bisect_right(self.start_list, m.start())
            j = bisect_left(self.start_list, m.end())
            cuts = [(x, x) for x in self.start_list[i:j]]
            cuts += [(t.start(), t.end()) for t in _TITLE_WORD.finditer(text, m.start(), m.end())]
            a = m.start()
            for s, e in sorted(cuts):
                if s > a:
                    self._name(a, s, hi, people)
                a = max(a, e)
            if a < m.end():
                self._name(a, m.end(), hi, people)
        for m in _CJK_ORG.finditer(text, lo, hi):
            if self.gaz.lookup(m.group()) is None:
                iri = self._discover(m.group(), EntityKind.COMPANY)
                self.spans.append(Mention(m.start(), m.end(), iri, m.group()))
        for m in _UNIT_POSS.finditer(text, lo, hi):
            self._unit(m.start("name"), m.end("name"), m.start("parent"), m.end("parent"))
        for m in _WIKI.finditer(text, lo, hi):
            self._wiki(m.start(1), m.end(1))
        self._repeat(lo, hi, people)

    def _name(self, a: int, b: int, hi: int, people: set[str]) -> None:
        """Classify one run of capitalised words."""
        text = self.text
        a, b = self._trim(a, b)
        if a >= b:
            return
        tail = _LEGAL_TAIL.match(text, b, hi)
        full_end = tail.end() if tail else b
        surface = text[a:full_end]
        words = surface.replace(",", " ").split()
        ticker = _TICKER_AFTER.match(text, full_end, hi)
        before = text[max(0, a - 40) : a]
        cue = _PERSON_BEFORE.search(before)
        titled = _TITLE_WORD.match(text, b + (1 if text[b : b + 1] == " " else 0), hi) is not None
        if cue or titled or _PERSON_AFTER.match(text, b, hi):
            honorific = cue is not None and re.match(lexicon.HONORIFICS, cue.group(), re.IGNORECASE) is not None
            if _looks_like_person(words) and (len(words) >= 2 or honorific):
                people.add(text[a:b])
                self.spans.append(Mention(a, b, self._discover(text[a:b], EntityKind.PERSON), text[a:b]))
                return
            if lexicon.suffix_kind(words) is None:
                return  # named with a role but not a person's name: neither
        acronym = None
        if ticker is not None and _is_acronym(ticker.group("code"), words) and ticker.group("ex") is None:
            acronym, ticker = ticker, None  # "London Stock Exchange Group (LSEG)": a name and its short form
        if ticker is not None:
            self._listed(a, full_end, ticker)
            return
        iri = self._classify(a, b, full_end, hi, words)
        if iri is not None and acronym is not None:
            self.aliases.setdefault(acronym.group("code"), iri)

    def _classify(self, a: int, b: int, full_end: int, hi: int, words: list[str]) -> str | None:
        """The IRI of an organisation the run ``[a, full_end)`` names, else None."""
        text = self.text
        if lexicon.only_places(words):
            return None
        suffix = lexicon.suffix_kind(words)
        if suffix is not None and len(words) >= 2 and not lexicon.only_place_and_suffix(words):
            return self._org(a, full_end, suffix)
        unit = _UNIT_OF.match(text, full_end, hi)
        if unit is not None:
            return self._unit(a, b, unit.start("parent"), unit.end("parent"))
        if _VERB_AFTER.match(text, full_end, hi) and self._org_like(words):
            return self._org(a, full_end, lexicon.name_kind(words))
        if _RATING_AFTER.match(text, full_end, hi) or (
            _RATING_BEFORE.search(text, max(0, a - 20), a) and re.match(r"\s+(?:from|to|at)\s+[A-Z]", text[full_end:hi])
        ):
            return self._org(a, full_end, EntityKind.COMPANY)
        if _ORG_BEFORE.search(text, max(0, a - 40), a) and (
            self._org_like(words) if len(words) == 1 else not _looks_like_person(words) or len(words) >= 3
        ) and not lexicon.only_place_and_suffix(words):
            return self._org(a, full_end, lexicon.name_kind(words))
        return None

    def _trim(self, a: int, b: int) -> tuple[int, int]:
        """Drop leading words that are not part of a name (sentence openers, months, "The")."""
        text = self.text
        while a < b:
            m = re.match(r"\S+", text[a:b])
            if m is None:
                break
            word = m.group().rstrip(".,")
            if word in lexicon.NATIONALITIES:
                word = "the"  # "Chinese Foo Group": a description, not part of the name
            if word.endswith(("-based", "-headquartered", "-listed", "-owned")):
                word = "the"  # "Shenzhen-based Nexora": a description, not part of the name
            at_start = a in self.starts or text[max(0, a - 2) : a].strip() in ("", "(", '"', "“")
            if word in lexicon.CONNECTORS or word.lower() in lexicon.STOPWORDS or (
                at_start and word.isalpha() and word.lower() in lexicon.OPENERS
            ):
                nxt = re.match(r"\S+\s*", text[a:b])
                a += nxt.end() if nxt else b - a
                continue
            break
        while b > a and text[b - 1] in ".,":
            b -= 1
        # A trailing month or weekday is a date, not part of the name.
        words = text[a:b].split()
        while words and words[-1].lower() in lexicon.STOPWORDS:
            b = a + text[a:b].rfind(words[-1])
            words.pop()
            while b > a and text[b - 1] in " \t,":
                b -= 1
        return a, b

    def _org_like(self, words: list[str]) -> bool:
        """Whether a name with no suffix still looks like an organisation, not a common word or a person."""
        if len(words) == 1:
            w = words[0]
            if w.lower() in lexicon.STOPWORDS or w.lower() in lexicon.OPENERS or len(w) < 3:
                return False
            inner_cap = any(c.isupper() for c in w[1:])
            if inner_cap or any(c.isdigit() for c in w):
                return True
            # A capitalised word that the note also writes in lower case is a common word.
            return w.lower() not in self.lower_words()
        return any(w.isupper() and len(w) >= 2 for w in words) and not _looks_like_person(words)

    def _org(self, a: int, b: int, kind: EntityKind) -> str:
        surface = self.text[a:b]
        known = _known(self.gaz, surface)
        iri = known.iri if known else self._discover(surface, kind)
        self.spans.append(Mention(a, b, iri, surface))
        return iri

    def _listed(self, a: int, b: int, ticker: re.Match[str]) -> None:
        """A name followed by a listing: resolve by name, else by ticker, else a new company."""
        text = self.text
        surface = text[a:b]
        code, ex = ticker.group("code"), ticker.group("ex")
        if ex is not None and ex.upper() not in _EXCHANGE_NAMES:
            return
        if ex is None and not code[0].isdigit() and "." not in code and self.gaz.lookup_ticker(code) is None:
            # "(AI)", "(CPIC)": an abbreviation, not a listing; the name stands on its own
            self._classify(a, a + len(surface.rstrip(" .,")), b, len(text), surface.split())
            return
        self.blocked.append((ticker.start(), ticker.end()))
        known = _known(self.gaz, surface) or self.gaz.lookup_ticker(*_split_code(code, ex))
        if known is not None:
            self.spans.append(Mention(a, b, known.iri, surface))
            return
        q = qualified_ticker(*_split_code(code, ex))
        listed = self.listed.get(q or code.lstrip("0"))
        if listed is not None:  # the same listing under another name: one company
            self.spans.append(Mention(a, b, listed, surface))
            return
        words = surface.split()
        kind = lexicon.suffix_kind(words) or lexicon.name_kind(words)
        iri = self._discover(surface, kind)
        if q:
            self.found[iri].tickers.add(q)
        self.listed.setdefault(q or code.lstrip("0"), iri)
        self.spans.append(Mention(a, b, iri, surface))

    def _unit(self, a: int, b: int, pa: int, pb: int) -> str | None:
        """A business unit named together with its parent."""
        text = self.text
        pa, pb = self._trim(pa, pb)
        a, b = self._trim(a, b)
        if a >= b or pa >= pb:
            return None
        parent = _known(self.gaz, text[pa:pb])
        parent_iri = parent.iri if parent else self._discover(text[pa:pb], lexicon.name_kind(text[pa:pb].split()))
        if not parent:
            self.spans.append(Mention(pa, pb, parent_iri, text[pa:pb]))
        unit = _known(self.gaz, text[a:b])
        if unit is not None:
            self.spans.append(Mention(a, b, unit.iri, text[a:b]))
            return unit.iri
        iri = self._discover(text[a:b], EntityKind.BUSINESS_UNIT)
        if iri != parent_iri:
            self.found[iri].parent = parent_iri
        self.spans.append(Mention(a, b, iri, text[a:b]))
        return iri

    def _wiki(self, a: int, b: int) -> None:
        surface = self.text[a:b].strip()
        if not surface or self.gaz.lookup(surface) is not None:
            return  # the alias pass has it
        words = surface.split()
        kind = lexicon.suffix_kind(words) or lexicon.name_kind(words)
        start = a + self.text[a:b].index(surface)
        self.spans.append(Mention(start, start + len(surface), self._discover(surface, kind), surface))

    def _repeat(self, lo: int, hi: int, people: set[str]) -> None:
        """Other places where a discovered name (or a person's surname) is written again."""
        forms: dict[str, str] = dict(self.aliases)
        for m in self.spans:
            if m.iri in self.found:
                forms.setdefault(m.surface, m.iri)
                short = canonical_name(m.surface)
                if short != m.surface and len(short) >= 3:
                    forms.setdefault(short, m.iri)
        for f in list(self.found.values()):
            words = f.name.split()
            first = words[0] if len(words) >= 2 and f.kind is EntityKind.COMPANY else ""
            if (
                len(first) >= 4 and first.isalpha() and first not in forms
                and lexicon.is_distinctive(first)
                and self.gaz.lookup(first) is None
                and first.lower() not in self.lower_words()
            ):
                forms[first] = entity_iri(f.name)
        for person in people:
            last = person.split()[-1]
            iri = entity_iri(person)
            if len(last) >= 3 and last not in forms and self.gaz.lookup(last) is None:
                forms[last] = iri
        if not forms:
            return
        pattern = re.compile(rf"(?<![\w&-])(?:{trie_regex(sorted(forms))})(?![\w&-])")
        for hit in pattern.finditer(self.text, lo, hi):
            self.spans.append(Mention(hit.start(), hit.end(), forms[hit.group()], hit.group()))

    # -- bookkeeping ---------------------------------------------------------------

    def _discover(self, surface: str, kind: EntityKind) -> str:
        name = canonical_name(surface)
        if kind in (EntityKind.COMPANY, EntityKind.ORGANIZATION):
            kind = lexicon.name_kind(name.split())  # from the name alone: the same in every note
        iri = entity_iri(name)
        if iri not in self.found:
            self.found[iri] = _Found(name=name, kind=kind)
        return iri

    def _merge_short_forms(self) -> None:
        """A discovered name that opens a longer discovered name ("Nexora" in "Nexora Robotics") is that entity."""
        names = sorted(
            ((f.name, iri) for iri, f in self.found.items() if f.kind is not EntityKind.PERSON),
            key=lambda x: len(x[0]),
        )
        redirect: dict[str, str] = {
            iri: self.aliases[f.name]
            for iri, f in self.found.items()
            if f.name in self.aliases and self.aliases[f.name] != iri
        }
        surnames = {
            f.name.split()[-1]: iri for iri, f in self.found.items()
            if f.kind is EntityKind.PERSON and len(f.name.split()) >= 2
        }
        for iri, f in self.found.items():
            if f.kind is not EntityKind.PERSON and f.name in surnames:
                redirect[iri] = surnames[f.name]  # "Ellison said": the person named in full before
        for i, (short, iri) in enumerate(names):
            if iri in redirect:
                continue
            for longer, other in names[i + 1 :]:
                if longer.startswith(short + " ") and self.found[other].kind is not EntityKind.BUSINESS_UNIT:
                    redirect[iri] = other
                    break
        if not redirect:
            return
        for iri, target in redirect.items():
            for child in self.found.values():
                if child.parent == iri:
                    child.parent = target
            del self.found[iri]
        self.spans = [
            Mention(m.start, m.end, redirect.get(m.iri, m.iri), m.surface) for m in self.spans
        ]

    def mentions(self) -> list[Mention]:
        """Mentions sorted by start; of overlapping ones the longest (then the gazetteer's) wins."""
        self._merge_short_forms()
        blocked = sorted(self.blocked)
        starts = [s for s, _ in blocked]

        def inside_bracket(m: Mention) -> bool:
            i = bisect_right(starts, m.start) - 1
            return i >= 0 and m.end <= blocked[i][1]

        spans = [m for m in self.spans if not inside_bracket(m)]
        spans.sort(key=lambda m: (m.start, -(m.end - m.start), m.iri in self.found))
        out: list[Mention] = []
        for m in spans:
            if out and m.start < out[-1].end:
                continue
            out.append(m)
        return out

    def add_entity(self, out: dict[str, Entity], iri: str) -> None:
        """Put an entity and its parents into ``out``."""
        while iri and iri not in out:
            if iri in self.gaz.entities:
                ent = self.gaz.entities[iri]
            elif iri in self.found:
                f = self.found[iri]
                ent = Entity(
                    iri=iri, name=f.name, kind=f.kind, tickers=tuple(sorted(f.tickers)), part_of=f.parent
                )
            else:
                return
            out[iri] = ent
            iri = ent.part_of or ""


_EXCHANGE_NAMES = frozenset(EXCHANGES)


def _title_case_lines(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Lines written in Title Case (headlines): most of at least four words capitalised, small words too."""
    out = []
    for line in _LINE.finditer(text, lo, hi):
        words = line.group().split()
        if len(words) < 4:
            continue
        caps = sum(1 for w in words if w[:1].isupper())
        small = sum(1 for w in words if w in lexicon.TITLE_SMALL_WORDS)
        if small and caps >= 0.8 * len(words):
            out.append((line.start(), line.end()))
    return out


def _is_acronym(code: str, words: list[str]) -> bool:
    """Whether ``code`` is made of the initials of ``words`` ("LSEG" of "London Stock Exchange Group")."""
    initials = "".join(w[0] for w in words if w[:1].isupper())
    return code.isalpha() and len(code) >= 2 and (code == initials or code == initials[: len(code)])


def _split_code(code: str, ex: str | None) -> tuple[str, str | None]:
    if ex is None and "." in code:
        c, _, suffix = code.partition(".")
        return c, suffix
    return code, ex


def canonical_name(surface: str) -> str:
    """The name a discovered entity is filed under: spacing folded, legal suffixes dropped."""
    name = " ".join(surface.split())
    stripped = _LEGAL_TAIL.sub("", name).rstrip(" ,.")
    while stripped != name:
        name = stripped
        stripped = _LEGAL_TAIL.sub("", name).rstrip(" ,.")
    if name.lower().startswith("the ") and len(name) > 4:
        name = name[4:]
    return name or " ".join(surface.split())


def _known(gaz: Gazetteer, surface: str) -> Entity | None:
    """A gazetteer entity for a name, also once legal and generic corporate suffixes are dropped."""
    ent = gaz.lookup(surface) or gaz.lookup(canonical_name(surface))
    if ent is not None:
        return ent
    words = canonical_name(surface).split()
    while len(words) > 1 and words[-1] in lexicon.GENERIC_SUFFIXES:
        words.pop()
        ent = gaz.lookup(" ".join(words))
        if ent is not None:
            return ent
    return None


def _looks_like_person(words: list[str]) -> bool:
    """Two or three capitalised alphabetic words with no company suffix."""
    return (
        1 <= len(words) <= 3
        and all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words)
        and lexicon.suffix_kind(words) is None
        and not any(w.isupper() and len(w) > 1 for w in words)
        and not any(w in lexicon.PLACE_WORDS for w in words)
    )


def _publisher(
    note: Note,
    gaz: Gazetteer,
    finder: _Finder,
    mentions: list[Mention],
    entities: dict[str, Entity],
    lo: int,
    hi: int,
) -> str | None:
    """Who wrote the note: front matter, a "Source:"/"By" line, a "Broker:" headline, "Broker released a report"."""
    if note.publisher:
        ent = gaz.lookup(note.publisher) or _known(gaz, note.publisher)
        if ent is None:
            ent = Entity(iri=entity_iri(note.publisher), name=note.publisher, kind=EntityKind.ORGANIZATION)
        if ent.iri in gaz.entities:
            finder.add_entity(entities, ent.iri)
        else:
            entities.setdefault(ent.iri, ent)
        return ent.iri

    def org(m: Mention) -> bool:
        return entities[m.iri].kind not in (EntityKind.PERSON, EntityKind.PLACE, EntityKind.PRODUCT)

    text = note.text
    for line in _SOURCE_LINE.finditer(text, lo, hi):
        inside = [m for m in mentions if line.start("who") <= m.start < line.end() and org(m)]
        if inside:
            return inside[0].iri
        named = _byline_org(line.group("who"))
        if named is not None:
            ent = _known(gaz, named) or Entity(
                iri=entity_iri(named), name=named, kind=lexicon.name_kind(named.split()) if lexicon.suffix_kind(
                    named.split()) else EntityKind.ORGANIZATION
            )
            if ent.iri in gaz.entities:
                finder.add_entity(entities, ent.iri)
            else:
                entities.setdefault(ent.iri, ent)
            return ent.iri
    # A short line at the top naming one organisation ("Morning notes, Example Securities").
    for line in re.finditer(r"[^\n]+", text[lo : min(hi, lo + 400)]):
        a, b = lo + line.start(), lo + line.end()
        on_line = {m.iri for m in mentions if a <= m.start < b}
        if a > lo and b - a <= 80 and len(on_line) == 1:
            only = next(iter(on_line))
            if entities[only].kind is EntityKind.ORGANIZATION:
                return only
    votes: Counter[str] = Counter()
    for m in mentions:
        if not org(m):
            continue
        if m.start == lo and text.startswith((":", "："), m.end):
            votes[m.iri] += 2
        elif _REPORT_BY.match(text, m.end, hi):
            votes[m.iri] += 1
    for voted, _ in votes.most_common():
        if entities[voted].kind is EntityKind.ORGANIZATION:
            return voted
    return votes.most_common(1)[0][0] if votes else None


def _byline_org(who: str) -> str | None:
    """The organisation a byline names ("the Cloud Desk, Example Wire, 20 June 2025" -> "Example Wire")."""
    for part in re.split(r"[,;|/·]| - | – | and ", who):
        part = part.strip()
        m = _BYLINE_PART.fullmatch(part)
        if m is None:
            continue
        words = part.split()
        if re.search(r"\d", part) or words[0].lower() in lexicon.STOPWORDS:
            continue
        single = (
            len(words) == 1 and len(part) > 3 and part not in lexicon.PLACE_WORDS and not part.endswith(".")
        )
        pair = len(words) == 2 and not _looks_like_person(words)
        if lexicon.suffix_kind(words) or len(words) >= 3 or pair or single:
            return part
    return None


def _subject(
    note: Note,
    gaz: Gazetteer,
    mentions: list[Mention],
    entities: dict[str, Entity],
    publisher: str | None,
    sentences: tuple[tuple[int, int], ...],
) -> str | None:
    """The entity the note is mainly about: its ticker, else the most named company (units count for their parent)."""
    for t in note.tickers:
        code, _, ex = t.partition(".")
        ent = gaz.lookup_ticker(code, ex or None)
        if ent is not None and ent.iri in entities:
            return ent.iri
    first_end = sentences[0][1] if sentences else 0
    scores: Counter[str] = Counter()
    for m in mentions:
        ent = entities[m.iri]
        if m.iri == publisher or ent.kind not in (EntityKind.COMPANY, EntityKind.BUSINESS_UNIT):
            continue
        weight = 3 if m.start < first_end else 1
        while ent.part_of and ent.part_of in entities:
            ent = entities[ent.part_of]
        if ent.iri != publisher:
            scores[ent.iri] += weight
    if not scores:
        for m in mentions:
            if m.iri != publisher and entities[m.iri].kind is not EntityKind.PERSON:
                scores[m.iri] += 1
    return scores.most_common(1)[0][0] if scores else None

