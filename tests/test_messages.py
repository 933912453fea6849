"""ipshare.report.messages: one catalogue of the fixed texts of annexes and tables, in English and Chinese.

What a catalogue must guarantee before any annex uses it: every key in both languages with the same placeholders,
the Chinese texts in Chinese (statutes by their Chinese names), the English ones free of Chinese, the fallback to
the other language, ``zh+en`` as Chinese then English, and the method descriptions equal to those the English
annex prints today (:data:`ipshare.report.annex.METHODS`), so that moving the annex onto the catalogue changes no
English word.
"""

from __future__ import annotations

import pytest

from ipshare.errors import IpshareError
from ipshare.report import messages
from ipshare.report.document import Facts, Paragraph, Section
from ipshare.report.fonts import needs_cjk
from ipshare.report.messages import (
    UnknownLanguage,
    block,
    join_words,
    keys,
    missing,
    page_words,
    party_label,
    pick,
    placeholders,
    signature_block,
    signature_section,
    text,
)

ALL_KEYS = keys()


def test_every_key_has_both_languages():
    assert missing("en") == [] and missing("zh") == []
    assert len(ALL_KEYS) > 250


@pytest.mark.parametrize("key", ALL_KEYS)
def test_both_languages_have_the_same_placeholders(key):
    assert placeholders(messages.CATALOGUES["en"][key]) == placeholders(messages.CATALOGUES["zh"][key]), key


@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_template_formats_and_is_in_its_language(key):
    params = {name: f"<{name}>" for name in placeholders(messages.CATALOGUES["en"][key])}
    english, chinese = text(key, "en", **params), text(key, "zh", **params)
    assert not needs_cjk(english), f"{key}: Chinese characters in the English text"
    # Chinese texts are in Chinese, but for those that are identifiers, units or formulas in every language.
    language_neutral = {"header.percent_of", "method.heading", "none", "signature.full_name", "solver.highs",
                        "risk.measure.cvar_at"}
    if key not in language_neutral and not key.startswith(("list.",)):
        assert needs_cjk(chinese), f"{key}: the Chinese text has no Chinese"
    for rendered in (english, chinese):
        assert "{" not in rendered and "}" not in rendered  # every placeholder filled, no stray brace


def test_inline_and_block_forms():
    assert text("section.allocation", "zh+en") == "分配结果 / Allocation"
    assert block("section.allocation", "zh+en") == ("分配结果", "Allocation")
    assert block("section.allocation", "en") == ("Allocation",)
    assert block("section.allocation", "zh") == ("分配结果",)
    assert text("none", "zh+en") == "—"  # the same text in both languages is given once


def test_bilingual_parameters_take_each_language():
    name = {"zh": "江海新能源有限公司", "en": "Jianghai New Energy Co., Ltd."}
    assert text("revenue.own_use_by", "zh+en", member=name) == (
        "由江海新能源有限公司自行实施 / own use by Jianghai New Energy Co., Ltd."
    )
    assert text("revenue.own_use_by", "en", member={"zh": "星河大学"}) == "own use by 星河大学"  # falls back
    assert pick({"en": "Xinghe University"}, "zh") == "Xinghe University"
    assert pick("plain", "zh") == "plain" and pick(None, "en") == ""


def test_a_key_missing_in_one_language_falls_back_to_the_other(monkeypatch):
    without = {key: value for key, value in messages.CATALOGUES["zh"].items() if key != "section.game"}
    monkeypatch.setitem(messages.CATALOGUES, "zh", without)
    assert text("section.game", "zh") == "Game"
    assert text("section.game", "zh+en") == "Game"
    assert missing("zh") == ["section.game"]


def test_unknown_language_and_key():
    with pytest.raises(UnknownLanguage, match="unknown language 'fr'; use one of en, zh, zh\\+en") as caught:
        text("section.game", "fr")
    assert isinstance(caught.value, IpshareError) and caught.value.exit_status == 2
    with pytest.raises(KeyError):
        text("no.such.key", "en")


def test_user_text_in_a_parameter_is_not_formatted_again():
    assert text("revenue.own_use_by", "en", member="{pages} {0} {__class__}") == "own use by {pages} {0} {__class__}"


# ------------------------------------------------------------------------------------------------------------
# Seeded from the annex


def test_method_texts_are_those_of_the_annex():
    from ipshare.report.annex import METHODS

    for rule, method in METHODS.items():
        assert text(f"method.{rule}.name", "en") == method.name
        assert text(f"method.{rule}.words", "en") == method.words
        assert needs_cjk(text(f"method.{rule}.words", "zh"))


def test_section_titles_are_those_of_the_annex():
    import ipshare
    from ipshare.alliance.benefit import scenario_game
    from ipshare.report.annex import build_annex
    from ipshare.solutions import allocate

    scenario = ipshare.load("scenarios/battery-alliance.yaml")
    game = scenario_game(scenario)
    annex = build_annex(scenario, game, [allocate(game, "shapley")])
    for section in annex.sections:
        assert text(f"section.{section.key}", "en") == section.title


def test_statutes_by_their_chinese_names():
    assert text("statute.patent_law_14", "zh") == "《中华人民共和国专利法》第十四条"
    assert text("statute.civil_code_860", "zh").startswith("《中华人民共和国民法典》第八百六十条")
    assert "《中华人民共和国专利法》第十四条" in text("preset.co-owner-exploits", "zh")
    assert "DESCA" in text("preset.consortium", "zh") and "兰伯特" in text("preset.lead-exploiter", "zh")
    for key in ("basis.art14_exploit", "basis.art14_any_one", "basis.art14_exclusive", "basis.art14_fees"):
        assert text(key, "zh").startswith("《中华人民共和国专利法》第十四条：")
    assert "第七十五条" in text("caveat.research_exemption", "zh")


def test_legal_vocabulary():
    assert text("signature.representative", "zh") == "法定代表人或授权代表（签字）"
    assert (text("signature.seal", "zh"), text("signature.date", "zh")) == ("盖章", "日期")
    assert text("method.shapley.name", "zh") == "夏普利值" and text("method.nucleolus.name", "zh") == "核仁"
    assert text("status.satisfied", "zh") == "满足" and text("section.method", "zh") == "分配方法"
    heading = text("annex.of_agreement", "zh", annex="附件二", agreement="固态电池技术创新联盟协议", date="2026-03-01")
    assert heading == "《固态电池技术创新联盟协议》（2026-03-01签订）附件二"


# ------------------------------------------------------------------------------------------------------------
# Helpers


def test_page_words():
    assert page_words("en") == ("page ", "{page}", " of ", "{pages}", "")
    assert page_words("zh") == ("第 ", "{page}", " 页，共 ", "{pages}", " 页")
    assert "".join(page_words("zh+en")).count("{page}") == 2


def test_join_words():
    assert join_words(["JH"], "en") == "JH"
    assert join_words(["JH", "XU"], "en") == "JH and XU"
    assert join_words(["JH", "XU", "QU"], "en") == "JH, XU and QU"
    assert join_words(["JH", "XU", "QU"], "zh") == "JH、XU和QU"
    assert join_words([], "zh") == ""


@pytest.mark.parametrize(
    ("position", "zh_label"),
    [(0, "甲方"), (1, "乙方"), (2, "丙方"), (3, "丁方"), (9, "癸方"), (10, "第十一方"), (19, "第二十方")]
    + [(104, "第一百零五方"), (111, "第一百一十二方")],
)
def test_party_labels(position, zh_label):
    assert party_label(position, "zh") == zh_label
    assert party_label(position, "en") == f"Party {position + 1}"
    assert party_label(position, "zh+en") == f"{zh_label} / Party {position + 1}"


@pytest.mark.parametrize("lang", ["en", "zh", "zh+en"])
def test_signature_block_has_a_party_its_representative_seal_and_date_for_every_member(lang):
    members = {
        "JH": {"zh": "江海新能源有限公司", "en": "Jianghai New Energy Co., Ltd."},
        "XU": "Xinghe University",
        "QU": {"zh": "青山科技大学"},
    }
    blocks = signature_block(members, lang)
    assert all(isinstance(b, Paragraph) for b in blocks[: -len(members)])
    parties = blocks[-len(members) :]
    assert all(isinstance(b, Facts) and len(b.pairs) == 4 for b in parties)
    for position, (facts, member) in enumerate(zip(parties, members, strict=True)):
        label, name = facts.pairs[0]
        assert label == party_label(position, lang)
        assert name.count(member) == 1  # the id once, even in zh+en
        assert [value for _, value in facts.pairs[1:]] == [messages.SIGNATURE_LINE] * 3
    first = parties[0].pairs[0][1]
    expected = {
        "en": "Jianghai New Energy Co., Ltd. (JH)",
        "zh": "江海新能源有限公司（JH）",
        "zh+en": "江海新能源有限公司 / Jianghai New Energy Co., Ltd.（JH）",
    }
    assert first == expected[lang]
    assert parties[2].pairs[0][1].startswith("青山科技大学")  # no English name: falls back to the Chinese one
    labels = [pair[0] for pair in parties[0].pairs[1:]]
    assert labels == [text(f"signature.{k}", lang) for k in ("representative", "seal", "date")]


def test_signature_section_and_pairs_input():
    section = signature_section([("JH", "Jianghai"), ("XU", "Xinghe")], "zh")
    assert isinstance(section, Section) and section.key == "signatures" and section.title == "签署页"
    assert [b.pairs[0][0] for b in section.blocks if isinstance(b, Facts)] == ["甲方", "乙方"]
