"""Display texts in two languages (DESIGN.md, "Text in two languages"): the Text value, alliance.language and the
agreement's title, date and annex name (issue 13)."""

import datetime
import pickle

import pytest

from ipshare.errors import ScenarioError
from ipshare.model import loads
from ipshare.model.text import Text, text_in

SCENARIO = """
alliance:
  name: {{zh: 固态电池联盟, en: Solid-State Battery Alliance}}
  currency: CNY
{language}
members:
  JH: {{name: {{zh: 江海新能源有限公司, en: "Jianghai New Energy Co., Ltd."}}, type: enterprise}}
  XU: {{name: {{en: Xinghe University}}, type: university}}
contributions:
  - {{id: C1, member: JH, kind: cash, value: 100}}
  - {{id: C2, member: XU, kind: cash, value: 50}}
patents:
  P1: {{title: {{zh: 电解质合成, en: Electrolyte synthesis}}, from: [C1, C2]}}
revenue:
  - {{id: L1, kind: licence, licensee: {{zh: 某车企, en: A carmaker}}, requires: [P1], upfront: 300}}
agreement:
  rule: shapley
{agreement}
"""


def scenario(language="", agreement=""):
    return loads(SCENARIO.format(language=language, agreement=agreement))


def test_a_text_is_a_string_of_its_default_language_and_knows_the_other():
    name = Text({"zh": "星河大学", "en": "Xinghe University"}, default="zh")
    assert str(name) == name == "星河大学"
    assert name.get("en") == "Xinghe University" and name.get("zh") == "星河大学"
    assert name.get("zh+en") == "星河大学 / Xinghe University"
    assert name.bilingual and name.translations == {"zh": "星河大学", "en": "Xinghe University"}
    assert pickle.loads(pickle.dumps(name)).get("en") == "Xinghe University"
    with pytest.raises(AttributeError):
        name.default = "en"


def test_a_missing_language_falls_back_to_the_other():
    only_english = Text({"en": "Xinghe University"}, default="zh")
    assert str(only_english) == only_english.get("zh") == only_english.get("zh+en") == "Xinghe University"
    assert not only_english.bilingual
    assert text_in(None, "zh") == "" and text_in("plain", "zh") == "plain"
    assert text_in({"zh": "甲", "en": "A"}, "en") == "A"


def test_the_loader_reads_bilingual_names_in_the_alliance_language():
    english = scenario()
    assert english.alliance.language == "en"
    assert str(english.members["JH"].name) == "Jianghai New Energy Co., Ltd."
    assert english.members["JH"].name.get("zh") == "江海新能源有限公司"
    assert english.patents["P1"].title.get("zh") == "电解质合成"
    chinese = scenario(language="  language: zh")
    assert chinese.alliance.language == "zh"
    assert str(chinese.alliance.name) == "固态电池联盟"
    assert str(chinese.members["XU"].name) == "Xinghe University"  # no Chinese name given: the English one


def test_the_agreement_names_its_document():
    found = scenario(agreement="  title: {zh: 联盟协议, en: Alliance Agreement}\n  date: 2026-03-01\n"
                     "  annex: {zh: 附件二, en: Annex 2}").agreement
    assert found.title.get("zh") == "联盟协议" and str(found.annex) == "Annex 2"
    assert found.date == datetime.date(2026, 3, 1)
    assert scenario(agreement="  date: '2026-03-01'").agreement.date == datetime.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("language", "agreement", "message"),
    [
        ("  language: fr", "", "alliance.language"),
        ("", "  date: '2026-13-01'", "agreement.date"),
        ("", "  date: 3", "agreement.date"),
        ("", "  title: {fr: Accord}", "unknown language 'fr'"),
        ("", "  title: {}", "agreement.title"),
        ("", "  title: {zh: ''}", "agreement.title"),
    ],
)
def test_bad_language_fields_are_refused_in_one_line(language, agreement, message):
    with pytest.raises(ScenarioError) as caught:
        scenario(language=language, agreement=agreement)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_role_and_a_currency_stay_plain_text():
    with pytest.raises(ScenarioError, match="currency"):
        loads(SCENARIO.format(language="", agreement="").replace("currency: CNY", "currency: {en: CNY}"))


def test_lang_shows_names_in_the_asked_language_and_json_keeps_its_keys():
    import json

    from click.testing import CliRunner

    from ipshare.cli import cli

    scenario = "scenarios/battery-alliance-zh.yaml"
    runner = CliRunner()
    chinese = runner.invoke(cli, ["allocate", scenario, "-f", "csv"]).stdout  # alliance.language: zh
    english = runner.invoke(cli, ["allocate", scenario, "--lang", "en", "-f", "csv"]).stdout
    both = runner.invoke(cli, ["allocate", scenario, "--lang", "zh+en", "-f", "csv"]).stdout
    assert "江海新能源有限公司" in chinese and "Jianghai" not in chinese
    assert "Jianghai New Energy Co., Ltd." in english and "江海" not in english
    assert "江海新能源有限公司 / Jianghai New Energy Co., Ltd." in both
    found = json.loads(runner.invoke(cli, ["allocate", scenario, "--lang", "en", "-f", "json"]).stdout)
    assert found["scenario"]["name"] == "Solid-State Battery Technology Innovation Alliance"  # one string, as before
    assert found["scenario"]["name_translations"]["zh"] == "固态电池技术创新联盟"
    assert found["scenario"]["member_names"]["XU"] == {"zh": "星河大学", "en": "Xinghe University"}
    plain = json.loads(runner.invoke(cli, ["allocate", "scenarios/battery-alliance.yaml", "-f", "json"]).stdout)
    assert "name_translations" not in plain["scenario"] and "member_names" not in plain["scenario"]


@pytest.mark.parametrize("command", ["allocate", "game", "core", "rights", "risk", "withdraw", "report"])
def test_every_command_that_shows_text_takes_lang(command):
    from click.testing import CliRunner

    from ipshare.cli import cli

    shown = CliRunner().invoke(cli, [command, "--help"]).stdout
    assert "--lang" in shown and "zh+en" in shown


def test_the_allocation_table_takes_its_fixed_texts_from_the_catalogue_in_chinese():
    from click.testing import CliRunner

    from ipshare.cli import cli

    runner = CliRunner()
    shown = runner.invoke(cli, ["allocate", "scenarios/battery-alliance-zh.yaml", "-f", "markdown"]).stdout
    assert "成员" in shown and "名称" in shown and "合计" in shown and "大联盟价值：165,142,916.40 CNY" in shown
    english = runner.invoke(cli, ["allocate", "scenarios/battery-alliance.yaml", "-f", "markdown"]).stdout
    assert "Member" in english and "grand coalition value: 165,142,916.40 CNY" in english and "成员" not in english
