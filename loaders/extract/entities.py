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
  organisations, names after a cue ("chipmaker X", "acquisition of X",
  "rating for X") or in a rating move ("cut X from Buy", "X remains Sell"),
  names that continue a list of companies, business units named as "X's chip
  unit, Y", "Y, X's chip unit" or "Y, a unit of X", people named with a title
  or a role ("Mr Li", "CEO Eddie Wu", "said Jane Doe", "Jane Doe, Acme's
  chief executive"), and ``[[wiki links]]``. An abbreviation defined in
  brackets ("London Stock Exchange Group (LSEG)") is a short form of the name.

What is not a name: sentence openers, months and weekdays, places, headlines
in Title Case or capitals (every word is capitalised there), page chrome
(never read), and words the note also writes in lower case. A short form
("Nexora" for "Nexora Robotics") or a surname alone is the entity named in
full elsewhere in the note.

A discovered entity's IRI comes from its canonical name (legal suffixes such
as "Inc." or "Co., Ltd." dropped), so the same company named in two notes is
one node; every way the text writes it is kept as a surface form.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ...graph.iri import document_iri, entity_iri
from ...graph.model import Entity, EntityKind, Note
from ..gazetteer import EXCHANGES, Gazetteer, alias_pattern, qualified_ticker, trie_regex
from . import lexicon
from .context import DocContext, Mention
from .names import LEGAL_TAIL, canonical_name, known_entity, looks_like_person
from .roles import find_publisher, find_subject
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
    rf"(?<![\w&-])(?P<parent>{_SEQ})['’]s?\s+(?:[a-z][a-z-]*\s+){{0,3}}?{_UNIT_WORDS},?\s+(?P<name>{_SEQ})"
)
#: "T-Head, Alibaba's chip unit": the name before, its parent after.
_UNIT_POSS_AFTER = re.compile(rf",\s+(?P<parent>{_SEQ})['’]s?\s+(?:[a-z][a-z-]*\s+){{0,3}}?{_UNIT_WORDS}\b")
#: A version-like name: letters and digits ("V3", "R1", "H20", "Qwen3", "GPT-4o").
_VERSIONED = re.compile(r"(?<![\w$-])(?P<tok>[A-Z][A-Za-z]{0,7}-?\d{1,4}(?:\.\d{1,2})?[A-Za-z]{0,3})(?![\w-])")
_PERIOD_TOKEN = re.compile(r"(?:[QH][1-4]|FY\d{2,4}|CY\d{2,4}|[12]H\d{2}|[1-4]Q\d{2}|Q[1-4]FY\d{2})", re.IGNORECASE)
_PRODUCT_NOUNS = (
    r"(?:model|models|chip|chips|GPU|GPUs|processor|processors|accelerator|accelerators|series|LLM|LLMs"
    r"|smartphone|smartphones|phone|phones|handset|handsets|SUV|sedan|robot|robots|platform)"
)
_PRODUCT_AFTER = re.compile(rf"\s+{_PRODUCT_NOUNS}\b")
_PRODUCT_BEFORE = re.compile(rf"\b{_PRODUCT_NOUNS}\s+(?:called\s+|named\s+)?$")
_ORG_BEFORE = re.compile(rf"\b(?:{lexicon.ORG_CUES})\s+(?:the\s+)?$")
_LINE = re.compile(r"[^\n]+")
_LIST_SEP = re.compile(r"(?:,|\s+and|\s+or|\s+&)\s+$")
_RATING_AFTER = re.compile(lexicon.RATING_AFTER)
_RATING_BEFORE = re.compile(rf"\b{lexicon.RATING_BEFORE}\s+$")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z]*+(?![\w-])")
_WIKI = re.compile(r"\[\[([^\[\]|\n]{1,120})(?:\|[^\[\]\n]{0,120})?\]\]")


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
    publisher = find_publisher(note, gazetteer, finder.add_entity, mentions, entities, lo, hi)
    subject = find_subject(note, gazetteer, mentions, entities, publisher, sentences)
    latent = {
        iri: unit
        for parent in list(entities)
        for iri, unit in gazetteer.units_of(parent).items()
        if iri not in entities
    }
    return DocContext(
        note=note,
        doc_iri=document_iri(note.path),
        sentences=sentences,
        mentions=tuple(mentions),
        entities={**entities, **latent},
        publisher=publisher,
        subject=subject,
        latent=frozenset(latent),
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
        self.known_spans: set[tuple[int, int]] = set()  # spans of gazetteer names
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
                self.known_spans.add((m.start(), m.end()))
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
        ordered = sorted(self.spans, key=lambda s: s.start)
        starts = [s.start for s in ordered]
        for m in _VERSIONED.finditer(text, lo, hi):
            self._versioned(m, lo, hi, ordered, starts)
        self._repeat(lo, hi, people)

    def _versioned(
        self, m: re.Match[str], lo: int, hi: int, ordered: list[Mention], starts: list[int]
    ) -> None:
        """A model or chip named by a version ("its V3 model", "reasoning model R1", "H20 chips").

        Filed under its maker's name when the text says whose it is ("DeepSeek ... its V3 model" ->
        "DeepSeek V3"), so that it meets the gazetteer's name; the bare token stays a surface form.
        """
        text = self.text
        tok = m.group("tok")
        if _PERIOD_TOKEN.fullmatch(tok) or (m.start(), m.end()) in self.known_spans:
            return
        if not (_PRODUCT_AFTER.match(text, m.end(), hi) or _PRODUCT_BEFORE.search(text, max(lo, m.start() - 20), m.start())):
            return
        owner = None
        if re.search(r"\bits\s+(?:[a-z]+\s+){0,2}$", text[max(lo, m.start() - 30) : m.start()]):
            # "its" points back to the sentence's subject: the first company or product it names.
            i = bisect_right(self.start_list, m.start()) - 1
            s0 = self.start_list[i] if i >= 0 else lo
            owner = next(
                (
                    s for s in ordered[bisect_left(starts, s0) : bisect_left(starts, m.start())]
                    if s.end <= m.start() and s.surface not in self.aliases
                    and self._kind(s.iri) in (EntityKind.COMPANY, EntityKind.PRODUCT)
                ),
                None,
            )
        names = [tok]
        if owner is not None:
            owner_name = self.gaz.entities[owner.iri].name if owner.iri in self.gaz.entities else owner.surface
            names = [f"{owner.surface} {tok}", f"{owner_name} {tok}", f"{owner_name}-{tok}", tok]
        known = next((e for e in (self.gaz.lookup(n) for n in names) if e is not None), None)
        iri = known.iri if known else self._discover(names[0], EntityKind.PRODUCT)
        self.spans.append(Mention(m.start(), m.end(), iri, tok))
        self.aliases.setdefault(tok, iri)

    def _name(self, a: int, b: int, hi: int, people: set[str]) -> None:
        """Classify one run of capitalised words."""
        text = self.text
        a, b = self._trim(a, b)
        if a >= b or (a, b) in self.known_spans:
            return  # empty, or exactly a name the gazetteer knows
        if lexicon.not_a_name(text[a:b].split()):
            return  # "TP", "EPS", "CEO", "YoY": abbreviations, not names
        tail = LEGAL_TAIL.match(text, b, hi)
        full_end = tail.end() if tail else b
        surface = text[a:full_end]
        words = surface.replace(",", " ").split()
        ticker = _TICKER_AFTER.match(text, full_end, hi)
        before = text[max(0, a - 40) : a]
        cue = _PERSON_BEFORE.search(before)
        titled = _TITLE_WORD.match(text, b + (1 if text[b : b + 1] == " " else 0), hi) is not None
        if cue or titled or _PERSON_AFTER.match(text, b, hi):
            honorific = cue is not None and re.match(lexicon.HONORIFICS, cue.group(), re.IGNORECASE) is not None
            if looks_like_person(words) and (len(words) >= 2 or honorific):
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
        unit = _UNIT_OF.match(text, full_end, hi) or _UNIT_POSS_AFTER.match(text, full_end, hi)
        if unit is not None:
            return self._unit(a, b, unit.start("parent"), unit.end("parent"))
        if _VERB_AFTER.match(text, full_end, hi) and self._org_like(words):
            return self._org(a, full_end, lexicon.name_kind(words))
        if _RATING_AFTER.match(text, full_end, hi) or (
            _RATING_BEFORE.search(text, max(0, a - 20), a) and re.match(r"\s+(?:from|to|at)\s+[\"“']?[A-Z]", text[full_end:hi])
        ):
            return self._org(a, full_end, EntityKind.COMPANY)
        if self._listed_after_org(a) and len(words) >= 2:
            return self._org(a, full_end, lexicon.name_kind(words))  # "X Group and Guibao Pet"
        if _ORG_BEFORE.search(text, max(0, a - 40), a) and (
            self._org_like(words) if len(words) == 1 else not looks_like_person(words) or len(words) >= 3
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
            ) or word.lower() in lexicon.RATINGS:
                nxt = re.match(r"\S+\s*", text[a:b])
                a += nxt.end() if nxt else b - a
                continue
            break
        while b > a and text[b - 1] in "., \t":
            b -= 1
        # A trailing month or weekday is a date, not part of the name.
        words = text[a:b].split()
        while words and (
            words[-1].lower() in lexicon.STOPWORDS or words[-1].lower() in lexicon.RATINGS
        ):
            b = a + text[a:b].rfind(words[-1])
            words.pop()
            while b > a and text[b - 1] in " \t,":
                b -= 1
        return a, b

    def _kind(self, iri: str) -> EntityKind:
        return self.found[iri].kind if iri in self.found else self.gaz.entities[iri].kind

    def _listed_after_org(self, a: int) -> bool:
        """Whether the name at ``a`` continues a list whose previous item is an organisation."""
        sep = _LIST_SEP.search(self.text, max(0, a - 8), a)
        if sep is None or not self.spans:
            return False
        prev = self.spans[-1]
        kind = self.found[prev.iri].kind if prev.iri in self.found else self.gaz.entities[prev.iri].kind
        return prev.end == sep.start() and kind in (EntityKind.COMPANY, EntityKind.ORGANIZATION)

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
        return any(w.isupper() and len(w) >= 2 for w in words) and not looks_like_person(words)

    def _org(self, a: int, b: int, kind: EntityKind) -> str:
        surface = self.text[a:b]
        known = known_entity(self.gaz, surface)
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
        known = known_entity(self.gaz, surface) or self.gaz.lookup_ticker(*_split_code(code, ex))
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
        parent = known_entity(self.gaz, text[pa:pb])
        parent_iri = parent.iri if parent else self._discover(text[pa:pb], lexicon.name_kind(text[pa:pb].split()))
        if not parent:
            self.spans.append(Mention(pa, pb, parent_iri, text[pa:pb]))
        unit = known_entity(self.gaz, text[a:b])
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
                if longer.startswith(short + " ") and self.found[other].kind in (
                    EntityKind.COMPANY, EntityKind.ORGANIZATION
                ):
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
    """Headlines: lines of at least four words in Title Case (small words capitalised too) or in capitals."""
    out = []
    for line in _LINE.finditer(text, lo, hi):
        words = line.group().split()
        if len(words) < 4:
            continue
        caps = sum(1 for w in words if w[:1].isupper())
        small = sum(1 for w in words if w in lexicon.TITLE_SMALL_WORDS)
        shouted = sum(1 for w in words if w.isupper() and len(w) > 1)
        if (small and caps >= 0.8 * len(words)) or shouted >= 0.8 * len(words):
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
