"""Entity discovery on invented notes: suffixes, listings, units, people, and what must not become an entity."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from thesisgraph.graph.iri import entity_iri
from thesisgraph.graph.model import EntityKind, Extraction, Note, sha256_hex
from thesisgraph.loaders.extract import extract_note
from thesisgraph.loaders.gazetteer import load_gazetteer

GAZ = load_gazetteer()


def _extract(text: str, path: str = "/notes/n.txt", **meta: object) -> Extraction:
    note = Note(path=path, text=text, sha256=sha256_hex(text), format="text", **meta)  # type: ignore[arg-type]
    x = extract_note(note, GAZ)
    x.check()
    return x


def _kinds(x: Extraction) -> dict[str, EntityKind]:
    return {e.name: e.kind for e in x.entities}


NEWS = """Orchard Robotics widens its lead

Shenzhen-based Orchard Robotics Co., Ltd. (688412.SH) said on Tuesday that it shipped 1,200 warehouse arms in the third quarter.
Kestrel Automation Inc. (NASDAQ: KSTL) reported weaker margins, and Brightwave Capital led a $50 million round in Orchard Robotics.
Orchard's chip unit, Lumen Silicon, designs the motion controllers. Mr. Zhou Haoran, the chairman, spoke to investors.
"Demand is broad," said Alice Tremont, an analyst at Morgan Stanley.
In March, shares of Tianmu Paper Group rose 4%. The Board met on Monday. However, Quarterly Results looked mixed.
"""


def test_companies_by_suffix_and_listing_get_their_tickers() -> None:
    x = _extract(NEWS)
    kinds = _kinds(x)
    assert kinds["Orchard Robotics"] is EntityKind.COMPANY
    assert kinds["Kestrel Automation"] is EntityKind.COMPANY
    assert kinds["Brightwave Capital"] is EntityKind.COMPANY
    assert kinds["Tianmu Paper Group"] is EntityKind.COMPANY
    by_name = {e.name: e for e in x.entities}
    assert by_name["Orchard Robotics"].tickers == ("688412.SS",)
    assert by_name["Kestrel Automation"].tickers == ("KSTL.O",)
    assert "Nasdaq" not in kinds  # an exchange inside a listing bracket is not a mention


def test_unit_people_and_short_forms() -> None:
    x = _extract(NEWS)
    by_name = {e.name: e for e in x.entities}
    unit = by_name["Lumen Silicon"]
    assert unit.kind is EntityKind.BUSINESS_UNIT and unit.part_of == by_name["Orchard Robotics"].iri
    assert by_name["Zhou Haoran"].kind is EntityKind.PERSON
    assert by_name["Alice Tremont"].kind is EntityKind.PERSON
    assert "Orchard" not in by_name  # the short form is the same company
    surfaces = {s for iri, s in x.surface_forms if iri == by_name["Orchard Robotics"].iri}
    assert {"Orchard", "Orchard Robotics", "Orchard Robotics Co., Ltd."} <= surfaces
    assert by_name["Morgan Stanley"].kind is EntityKind.ORGANIZATION


def test_no_entities_from_sentence_openers_months_headings_or_places() -> None:
    x = _extract(NEWS)
    names = set(_kinds(x))
    for wrong in ("In March", "March", "The Board", "Board", "Monday", "However", "Quarterly Results",
                  "Shenzhen", "Shenzhen-based Orchard Robotics", "Tuesday", "Orchard Robotics Co"):
        assert wrong not in names, wrong


def test_a_known_ticker_resolves_to_the_gazetteer_entity() -> None:
    x = _extract("Alibaba Holdings (09988) and Tencent (00700.HK) both rose. Tencent said more.\n")
    names = {e.name for e in x.entities}
    assert {"Alibaba Group", "Tencent"} <= names
    assert not any("Holdings" in n for n in names)
    alibaba = entity_iri("Alibaba Group")
    assert (alibaba, "Alibaba Holdings") in x.surface_forms


def test_the_same_company_in_two_notes_is_one_node() -> None:
    a = _extract("Quartz Fields Corp. said output rose.\n", path="/notes/a.txt")
    b = _extract("Analysts like Quartz Fields Corporation (NYSE: QZF). Quartz Fields Corp reported.\n",
                 path="/notes/b.txt")
    ia = {e.iri for e in a.entities if e.name.startswith("Quartz")}
    ib = {e.iri for e in b.entities if e.name.startswith("Quartz")}
    assert ia == ib == {entity_iri("Quartz Fields")}


def test_reporting_verb_finds_distinctive_names_only() -> None:
    x = _extract("ZenRay said it would raise prices. Analysts said demand held. Officials reported nothing.\n"
                 "Investors reported gains while investors waited.\n")
    names = set(_kinds(x))
    assert "ZenRay" in names
    assert not names & {"Analysts", "Officials", "Investors"}


def test_wiki_links_and_chinese_company_names() -> None:
    note = Note(path="/notes/w.md", text="We met [[Pearl River Optics]] and 华东电子科技有限公司 today.\n",
                sha256="0" * 64, format="markdown", links=("Pearl River Optics",), date=dt.date(2025, 1, 2))
    x = extract_note(note, GAZ)
    names = {e.name for e in x.entities}
    assert "Pearl River Optics" in names
    assert "华东电子科技有限公司" in names


def test_places_are_neither_people_nor_companies() -> None:
    x = _extract("NVIDIA said Washington had assured it that licences would come. "
                 "Its shares in New York rose, and shares in Hong Kong fell.\n")
    assert not {"Washington", "New York", "Hong Kong"} & set(_kinds(x))


def test_acronyms_cues_and_one_listing_under_two_names() -> None:
    text = ("Halden Ports said its stake in Northsea Freight Exchange Group (NFEG) rose. NFEG shares fell.\n"
            "The acquisition of Quillon closed, and chipmaker Vantor raised prices. Vantor said more.\n"
            "Marlow Glass (02878) rose 2%; Marlow Glassworks (02878) is the same listing.\n")
    x = _extract(text)
    by_name = {e.name: e for e in x.entities}
    nfeg = by_name["Northsea Freight Exchange Group"]
    assert (nfeg.iri, "NFEG") in x.surface_forms and "NFEG" not in by_name
    assert {"Quillon", "Vantor"} <= set(by_name)
    assert by_name["Marlow Glass"].tickers == ("2878.HK",)
    assert "Marlow Glassworks" not in by_name
    assert (by_name["Marlow Glass"].iri, "Marlow Glassworks") in x.surface_forms


def test_people_named_with_their_role_and_employer() -> None:
    x = _extract("Ravel Motors' Co-CEO Dana Whitlock spoke. Omar Sayed, Ravel Motors chief executive, agreed.\n")
    kinds = _kinds(x)
    assert kinds["Dana Whitlock"] is EntityKind.PERSON
    assert kinds["Omar Sayed"] is EntityKind.PERSON
    assert kinds["Ravel Motors"] is EntityKind.COMPANY


def test_a_surname_alone_is_the_person_named_before() -> None:
    x = _extract("Harriet Vane, Quillmark Labs chief executive, spoke first. Later Vane said margins would hold.\n")
    by_name = {e.name: e for e in x.entities}
    assert by_name["Harriet Vane"].kind is EntityKind.PERSON
    assert "Vane" not in by_name
    assert (by_name["Harriet Vane"].iri, "Vane") in x.surface_forms


def test_title_case_headlines_and_nationality_words() -> None:
    x = _extract("Alibaba Cloud Partners With Nexora Group To Build Data Centres\n"
                 "Chinese robot maker Nexora Group said it would build two sites with Alibaba Cloud. "
                 "Chinese Tianlu Machinery Co. said it would supply racks.\n")
    names = set(_kinds(x))
    assert {"Alibaba Cloud", "Nexora Group", "Tianlu Machinery"} <= names
    assert not any(n.startswith(("Alibaba Cloud Partners", "Chinese")) for n in names), names
    nexora = entity_iri("Nexora Group")
    assert any(iri == nexora for iri, _ in x.surface_forms)


def test_broker_rating_lines_name_companies() -> None:
    x = _extract("Rating changes\n"
                 "Goldman Sachs cut Orient Harbour from Buy to Neutral. Pacific Pearl Insurance (PPI) stays Neutral. "
                 "New Lotus Life (NLX) remains Sell at Goldman Sachs. Kuaishou-W rose. "
                 "UBS lifted Lantern Group TP to HKD8.5.\n")
    names = set(_kinds(x))
    assert {"Orient Harbour", "Pacific Pearl Insurance", "New Lotus Life", "Kuaishou", "Lantern Group",
            "Goldman Sachs", "UBS"} <= names, names
    assert not any(n.endswith("TP") for n in names)


def test_rating_cues_and_lists_that_continue_a_company() -> None:
    x = _extract("Broker moves\nHuatai Securities cut the rating for Qinlan from \"Buy\" to \"Hold\". "
                 "Targets rose for Harbin Lantern Glass and Moxi Cola, while Peter Hall and Mary Lee said little.\n")
    names = set(_kinds(x))
    assert {"Qinlan", "Harbin Lantern Glass", "Moxi Cola"} <= names, names
    assert not {"Peter Hall", "Mary Lee"} & names


def test_one_node_in_the_store_for_a_company_named_in_two_notes(tmp_path: Path, memory_store: Any) -> None:
    import thesisgraph as tg

    (tmp_path / "a.txt").write_text("Quartz Fields Corp. said output rose 5% in May.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Investors bought Quartz Fields Corporation (NYSE: QZF) shares.\n", encoding="utf-8")
    tg.load(memory_store, [tmp_path])
    rows = memory_store.query(
        "PREFIX tg: <https://w3id.org/thesisgraph/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?e (COUNT(DISTINCT ?doc) AS ?docs) WHERE { ?doc tg:mentions ?e . ?e rdfs:label ?l . "
        "FILTER(STRSTARTS(?l, 'Quartz')) } GROUP BY ?e"
    ).rows()
    assert len(rows) == 1 and int(rows[0]["docs"]) == 2
    aliases = memory_store.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?a WHERE { ?e skos:altLabel ?a }"
    ).column("a")
    assert {"Quartz Fields Corp", "Quartz Fields Corporation"} <= set(aliases)
    assert tg.validate(memory_store).conforms


def test_versioned_models_and_chips() -> None:
    x = _extract("Model note\nDeepSeek, a start-up backed by High-Flyer, released its V3 model in December and "
                 "its reasoning model R1 in January. R1 was cheap to run. Orvian Labs said its Z9 chips ship in Q3. "
                 "Revenue in Q2 rose.\n")
    by_name = {e.name: e for e in x.entities}
    assert {"DeepSeek-V3", "DeepSeek-R1", "High-Flyer"} <= set(by_name), set(by_name)
    r1 = by_name["DeepSeek-R1"].iri
    assert sum(1 for iri, s in x.surface_forms if iri == r1 and s == "R1") == 1
    assert len([m for m in x.mentions if m == r1]) == 1
    assert by_name["Orvian Labs Z9"].kind is EntityKind.PRODUCT
    assert not any(n in by_name for n in ("Q3", "Q2", "High-Flyer V3"))
