"""Events, relations, outlooks, risks, second-hand sources and the thesis, on invented notes."""

from __future__ import annotations

import datetime as dt

from thesisgraph.graph.model import Claim, ClaimKind, Extraction, Note, sha256_hex
from thesisgraph.loaders.extract import extract_note
from thesisgraph.loaders.extract.dates import find_dates
from thesisgraph.loaders.gazetteer import load_gazetteer

GAZ = load_gazetteer()


def _extract(text: str, **meta: object) -> Extraction:
    note = Note(path="/notes/c.txt", text=text, sha256=sha256_hex(text), format="text", **meta)  # type: ignore[arg-type]
    x = extract_note(note, GAZ)
    x.check()
    return x


def _of(x: Extraction, kind: ClaimKind) -> list[Claim]:
    return [c for c in x.claims if c.kind is kind]


def _name(x: Extraction, iri: str | None) -> str | None:
    return next((e.name for e in x.entities if e.iri == iri), None)


def test_dates_absolute_and_relative() -> None:
    today = dt.date(2025, 9, 3)  # a Wednesday
    text = ("On August 29, 2025 X. In February 2025 Y. 5 March 2024 Z. 2025-07-01 W. 2025年2月 V. "
            "Yesterday U. Last month T. On Monday S. On December 30 R. In May Q.")
    values = [d.value for d in find_dates(text, 0, len(text), today)]
    assert values == ["2025-08-29", "2025-02", "2024-03-05", "2025-07-01", "2025-02", "2025-09-02",
                      "2025-08", "2025-09-01", "2024-12-30"]
    spans = [text[d.start : d.end] for d in find_dates(text, 0, len(text), today)]
    assert spans[0] == "On August 29, 2025" and spans[1] == "In February 2025"
    assert [d.value for d in find_dates("Yesterday and June 3 it rained.", 0, 30, None)] == []


def test_dated_events_with_their_actor_and_reporter() -> None:
    text = ("Tencent Cloud update\n"
            "On March 3, 2025, according to Bloomberg, Tencent signed a cloud deal with a carmaker. "
            "Yesterday Baidu launched a new ERNIE model. In the quarter ended June 30, 2025 revenue rose.\n")
    x = _extract(text, date=dt.date(2025, 7, 10))
    events = {(_name(x, c.about), c.date): c for c in _of(x, ClaimKind.EVENT)}
    deal = events[("Tencent", "2025-03-03")]
    assert _name(x, deal.reported_by) == "Bloomberg"
    assert deal.evidence[0].exact.startswith("On March 3, 2025")
    assert ("Baidu", "2025-07-09") in events
    assert all(c.date != "2025-06-30" for c in _of(x, ClaimKind.EVENT))


def test_relations_between_named_entities() -> None:
    text = ("Cloud roundup\n"
            "Volcano Engine competes with Alibaba Cloud for model customers. "
            "Baidu has models such as ERNIE and Apollo Go. "
            "TSMC supplies NVIDIA with wafers. "
            "Tencent partnered with Xiaomi on phone assistants. "
            "Alibaba Group invested in Moonshot AI last year. "
            "Lumen Works, a subsidiary of Kuaishou, trains video models. "
            "Meituan buys GPUs from Huawei.\n")
    x = _extract(text)
    rel = {(_name(x, c.about), c.relation, _name(x, c.obj)) for c in _of(x, ClaimKind.RELATION)}
    assert ("Volcano Engine", "competesWith", "Alibaba Cloud") in rel
    assert ("Baidu", "develops", "ERNIE") in rel
    assert ("Baidu", "develops", "Apollo Go") in rel
    assert ("TSMC", "supplies", "NVIDIA") in rel
    assert ("Tencent", "partnersWith", "Xiaomi") in rel
    assert ("Alibaba Group", "invests", "Moonshot AI") in rel
    assert ("Lumen Works", "partOf", "Kuaishou") in rel
    assert ("Huawei", "supplies", "Meituan") in rel
    for c in _of(x, ClaimKind.RELATION):
        assert _name(x, c.about) in c.evidence[0].exact and _name(x, c.obj) in c.statement


def test_no_relation_from_a_noun_or_a_distant_pair() -> None:
    text = ("Baidu's advantage is a supply of compute that does not depend on NVIDIA. "
            "Alibaba Cloud cut prices, while Baidu made two versions of its ERNIE models free.\n")
    x = _extract(text)
    rel = {(_name(x, c.about), c.relation, _name(x, c.obj)) for c in _of(x, ClaimKind.RELATION)}
    assert ("Baidu", "supplies", "NVIDIA") not in rel
    assert ("Alibaba Cloud", "develops", "ERNIE") not in rel


def test_outlooks_ratings_and_targets() -> None:
    text = ("Example Securities | Tencent\n"
            "We maintain a Buy rating on Tencent with a target price of HK$700. "
            "Tencent Cloud is expected to return to growth in 2026. "
            "Revenue rose 15% in the quarter.\n")
    x = _extract(text, publisher="Example Securities")
    outlooks = _of(x, ClaimKind.OUTLOOK)
    statements = [c.statement for c in outlooks]
    assert any("Buy rating" in s for s in statements)
    assert any("expected to return to growth" in s for s in statements)
    assert not any("rose 15%" in s for s in statements)
    assert all(_name(x, c.asserted_by) == "Example Securities" for c in outlooks)
    assert {_name(x, c.about) for c in outlooks} == {"Tencent", "Tencent Cloud"}


def test_risk_lists_inline_numbered_and_bulleted() -> None:
    numbered = "Xiaomi note\nXiaomi sold more phones.\nRisk Factors\n(1) Weak demand;\n(2) Chip costs.\n"
    inline = "Xiaomi note\nXiaomi sold more phones.\nRisks: weak demand; chip costs; tariffs\n"
    bullets = "Xiaomi note\nXiaomi sold more phones.\n## Key Risks\n- Weak demand\n- Chip costs\n\nMore text here.\n"
    for text in (numbered, inline, bullets):
        x = _extract(text)
        risks = [c.evidence[0].exact for c in _of(x, ClaimKind.RISK)]
        assert risks[:2] == ["Weak demand", "Chip costs"] or risks[:2] == ["weak demand", "chip costs"], text
        assert all(_name(x, c.about) == "Xiaomi" for c in _of(x, ClaimKind.RISK))
    x = _extract("Xiaomi note\nRisks of weak demand are rising for Xiaomi.\n")
    assert _of(x, ClaimKind.RISK) == []


def test_thesis_from_front_matter_else_headline_else_conclusion() -> None:
    x = _extract("Body about Xiaomi.\nXiaomi is expected to gain share.\n", thesis="Xiaomi will gain share",
                 title="Ignored title")
    (t,) = x.theses
    assert t.statement == "Xiaomi will gain share" and t.evidence == ()
    x = _extract("Example Securities: Xiaomi (01810) is set for a strong year\nXiaomi grew.\n",
                 title="Example Securities: Xiaomi (01810) is set for a strong year")
    (t,) = x.theses
    assert t.statement == "Xiaomi is set for a strong year"
    assert t.evidence[0].exact == "Xiaomi (01810) is set for a strong year"
    assert _name(x, x.publisher) == "Example Securities"
    x = _extract("Xiaomi grew.\nWe believe Xiaomi will keep gaining share.\n")
    (t,) = x.theses
    assert t.statement == "We believe Xiaomi will keep gaining share"


def test_second_hand_source_reaches_metric_claims_too() -> None:
    x = _extract("Alibaba Cloud revenue was RMB 33.4 billion in the June quarter, according to Reuters.\n")
    metrics = _of(x, ClaimKind.METRIC)
    assert metrics and all(_name(x, c.reported_by) == "Reuters" for c in metrics)


def test_the_subject_of_a_relative_clause_sentence() -> None:
    x = _extract("Oracle, which has cloud deals with AT&T, is trying to catch up with rivals such as Microsoft.\n")
    rel = {(_name(x, c.about), c.relation, _name(x, c.obj)) for c in _of(x, ClaimKind.RELATION)}
    assert ("Oracle", "competesWith", "Microsoft") in rel
    assert ("AT&T", "competesWith", "Microsoft") not in rel


def test_a_chinese_note() -> None:
    text = ("阿里云季度点评\n据彭博报道，阿里巴巴于2025年8月29日推出新款AI芯片。我们预计阿里云收入将继续加速增长。\n"
            "风险提示：\n1. 行业竞争加剧；\n2. 需求不及预期。\n")
    x = _extract(text)
    (event,) = _of(x, ClaimKind.EVENT)
    assert (_name(x, event.about), event.date, _name(x, event.reported_by)) == ("Alibaba Group", "2025-08-29", "Bloomberg")
    assert [_name(x, c.about) for c in _of(x, ClaimKind.OUTLOOK)] == ["Alibaba Cloud"]
    assert [c.evidence[0].exact for c in _of(x, ClaimKind.RISK)] == ["行业竞争加剧", "需求不及预期"]


def test_units_named_with_their_parent_every_way_round() -> None:
    x = _extract("Chip note\nCorvel Logic, Nexora Robotics' chip unit, designs controllers. "
                 "Pingtou Ge, Alibaba's chip unit, ships a part. Halvard Motors' battery arm, Ostra Cells, grew.\n")
    parts = {(_name(x, c.about), _name(x, c.obj)) for c in _of(x, ClaimKind.RELATION) if c.relation == "partOf"}
    assert parts == {("Corvel Logic", "Nexora Robotics"), ("Pingtou Ge", "Alibaba Group"),
                     ("Ostra Cells", "Halvard Motors")}
    by_name = {e.name: e for e in x.entities}
    assert by_name["Corvel Logic"].part_of == by_name["Nexora Robotics"].iri


def test_a_broker_named_in_a_rating_holds_the_view() -> None:
    x = _extract("Rating moves\nGoldman Sachs cut China Life from Buy to Neutral. Ping An kept at Buy by Nomura, "
                 "with TP lifted to HKD58.\n")
    views = {_name(x, c.about): _name(x, c.asserted_by) for c in _of(x, ClaimKind.OUTLOOK)}
    assert views == {"China Life Insurance": "Goldman Sachs", "Ping An Insurance": "Nomura"}
