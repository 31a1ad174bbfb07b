"""Page chrome: the body range leaves out related-article lists, share rows and headline lists."""

from __future__ import annotations

from pathlib import Path

from thesisgraph.graph.model import Note, sha256_hex
from thesisgraph.loaders.extract import extract_note, find_body
from thesisgraph.loaders.gazetteer import load_gazetteer
from thesisgraph.loaders.readers import read_note

ARTICLE = (
    "Harbor Freight Robotics doubles its output\n"
    "Harbor Freight Robotics Co., Ltd. said its factory in Ningbo now builds 400 arms a week, "
    "twice the rate of last spring. The company plans a second line next year.\n"
    "Analysts at a local brokerage expect margins to widen as the plant fills up.\n"
)


def _body(text: str) -> str:
    a, b = find_body(text)
    return text[a:b]


def test_a_related_heading_ends_the_body() -> None:
    for heading in ("Related Articles", "RELATED STORIES", "Recommended for you", "Read more:", "More from Markets",
                    "You may also like", "相关阅读", "## Related"):
        text = ARTICLE + heading + "\nOrchid Mining Group (600999.SH) wins a copper licence\n"
        body = _body(text)
        assert body.endswith("as the plant fills up."), heading
        assert "Orchid" not in body


def test_trailing_share_row_dates_and_headline_list_are_cut() -> None:
    text = (
        ARTICLE
        + "\nShare | Tweet | Email\n\n"
        + "Copper Prices Climb on Supply Worries\n12/09/2025\n\n"
        + "Lakeside Dairy Group Cuts Prices Again\n12/09/2025\n"
    )
    assert _body(text).endswith("as the plant fills up.")


def test_repeated_lines_after_the_body_are_cut() -> None:
    text = ARTICLE + "Harbor Freight Robotics doubles its output\n"
    assert _body(text).endswith("as the plant fills up.")


def test_a_leading_share_row_is_skipped() -> None:
    text = "Share\nTwitter | Facebook | LinkedIn\n" + ARTICLE
    assert _body(text).startswith("Harbor Freight Robotics doubles")


def test_a_note_without_chrome_keeps_its_lists() -> None:
    text = ARTICLE + "Risks:\n- Slower Orders From Carmakers\n- Higher Steel Prices\n"
    assert _body(text).endswith("Higher Steel Prices")
    assert find_body("") == (0, 0)
    assert _body("Just one line") == "Just one line"


def test_a_heading_word_inside_a_sentence_does_not_end_the_body() -> None:
    text = ARTICLE + "Related articles in the press said little about pricing.\nThe plant opened in May.\n"
    assert _body(text).endswith("The plant opened in May.")


def test_extract_note_stores_the_body_and_leaves_chrome_companies_out() -> None:
    text = ARTICLE + "Related Articles\nOrchid Mining Group (600999.SH) wins a copper licence\n"
    note = Note(path="/notes/harbor.txt", text=text, sha256=sha256_hex(text), format="text")
    x = extract_note(note, load_gazetteer())
    assert x.note.body == find_body(text)
    names = {e.name for e in x.entities}
    assert "Harbor Freight Robotics" in names
    assert not any("Orchid" in n for n in names)


def test_seed_body(seed_path: Path) -> None:
    note = read_note(seed_path)
    a, b = find_body(note.text)
    assert a == 0
    assert b <= note.text.index("Related Articles")
    assert "RECOMMEND" not in note.text[a:b]


def test_an_advertisement_slot_inside_the_article_does_not_end_it() -> None:
    text = ARTICLE + "Advertisement\nThe second line will start in March, the company added.\nComments\nNo comments yet\n"
    body = _body(text)
    assert body.endswith("the company added.")


def test_broker_legal_boilerplate_is_left_out_but_a_safe_harbour_stays() -> None:
    for heading in ("Disclaimer", "Important Disclosures", "Analyst Certification", "免责声明"):
        text = ARTICLE + heading + "\nOrchid Mining Group may differ materially from what it expects.\n"
        assert _body(text).endswith("as the plant fills up."), heading
    text = ARTICLE + "Safe Harbor Statement\nResults may differ; see our filings with the SEC.\n"
    assert _body(text).endswith("filings with the SEC.")
