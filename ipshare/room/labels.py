"""The negotiation room's own fixed texts, in English and Chinese (``--lang en|zh|zh+en``).

The annex and the tables the room downloads take their texts from the report's message catalogue
(:mod:`ipshare.report.messages`); these are the words of the page around them. ``zh+en`` gives ``中文 / English``.
User text (names, titles) may itself be a mapping of languages (DESIGN.md, "Text in two languages"):
:func:`user_text` picks from it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["LANGUAGES", "label", "user_text", "localised_svg"]

LANGUAGES = ("en", "zh", "zh+en")

LABELS = {
    "room": ("Negotiation room", "谈判室"),
    "file": ("scenario file", "情景文件"),
    "terms": ("Terms on the table", "谈判条款"),
    "terms.none": ("The agreement lists no negotiable terms (agreement.negotiable); these are the revenue sources' "
                   "chances and the clauses' shares.",
                   "协议未列出可谈判条款（agreement.negotiable）；以下为各收入来源的概率及条款的份额。"),
    "every_field": ("Every numeric field", "全部数值字段"),
    "more": ("More changes: --set PATH=VALUE, one a line", "其他修改：--set 路径=值，每行一项"),
    "rules": ("Rules", "分配规则"),
    "rule.agreement": ("the agreement's rule", "协议规则"),
    "recompute": ("Recompute", "重新计算"),
    "baseline": ("baseline", "基准"),
    "now": ("now", "当前"),
    "change": ("change", "变化"),
    "pp": ("pp", "百分点"),
    "member": ("Member", "成员"),
    "name": ("Name", "名称"),
    "type": ("Type", "类型"),
    "role": ("Role", "角色"),
    "total": ("Total", "合计"),
    "shares": ("Shares", "分配结果"),
    "shares.caption": ("{rounding}; change = now − baseline, of the figures shown; pp = percentage points",
                       "{rounding}；变化 = 当前 − 基准（按所示数字计算）；百分点 = 百分比之差"),
    "clauses": ("Clauses", "协议条款"),
    "clause": ("Clause", "条款"),
    "says": ("What it says", "内容"),
    "was": ("baseline: {status}", "基准：{status}"),
    "council": ("Council power", "理事会表决权"),
    "votes": ("Votes %", "票数 %"),
    "shapley_shubik": ("Shapley–Shubik %", "Shapley–Shubik %"),
    "banzhaf": ("Banzhaf %", "Banzhaf %"),
    "quota": ("quota {quota}", "通过票数 {quota}"),
    "plots": ("Plots", "图表"),
    "plot.split": ("The split by rule", "各规则下的分配"),
    "plot.sweep": ("Sweep of {path}", "{path} 的扫描"),
    "reproduce": ("Reproduce this view", "重现此视图"),
    "reproduce.none": ("no change: the scenario as in the file", "无修改：即文件中的情景"),
    "downloads": ("Annex for these terms", "按当前条款生成附件"),
    "save": ("Save a copy as", "另存为"),
    "save.button": ("Save", "保存"),
    "save.note": ("A new file beside the scenario; the scenario itself is never written.",
                  "在情景文件旁保存新文件；原情景文件不会被改写。"),
    "saved": ("wrote {name}", "已写入 {name}"),
    "alliance": ("The alliance", "联盟"),
    "members": ("Members", "成员"),
    "patents": ("Patents", "专利"),
    "owners": ("Owners", "权利人"),
    "builds_on": ("Builds on", "基础专利"),
    "title": ("Title", "名称"),
    "sources": ("Revenue sources", "收入来源"),
    "kind": ("Kind", "类型"),
    "who": ("Licensee / exploiter", "被许可人 / 实施方"),
    "requires": ("Requires", "所需专利"),
    "probability": ("Probability", "概率"),
    "worth": ("Expected present value", "期望现值"),
    "graph": ("Members, contributions, patents and revenue", "成员、投入、专利与收入"),
    "marks": ("exact breakpoints", "精确转折点"),
    "marks.none": ("no breakpoint in this range", "此区间内无转折点"),
    "marks.kind.slope": ("slope changes", "斜率变化"),
    "marks.kind.ranking": ("ranking changes", "排名变化"),
    "marks.kind.clauses": ("binding clauses change", "约束条款变化"),
    "range": ("range {start} to {stop}", "区间 {start} 至 {stop}"),
    "outside": ("outside the range on the table", "超出谈判区间"),
    "in_file": ("in the file: {value}", "文件中：{value}"),
    "recomputed": ("recomputed in {seconds} s", "重新计算用时 {seconds} 秒"),
    "rule_failed": ("{rule} has no answer here: {message}", "{rule} 在此无解：{message}"),
    "plot.unavailable": ("Plots need matplotlib: {message}", "图表需要 matplotlib：{message}"),
    "lang": ("Language", "语言"),
    "marks.pending": ("exact breakpoints: computing…", "精确转折点：计算中…"),
}


def label(key: str, lang: str, **params) -> str:
    """The page text ``key`` in ``lang`` (``zh+en``: Chinese / English, once when both are the same)."""
    english, chinese = LABELS[key]
    english, chinese = english.format(**params), chinese.format(**params)
    if lang == "zh":
        return chinese
    if lang == "zh+en":
        return chinese if chinese == english else f"{chinese} / {english}"
    return english


def user_text(value, lang: str) -> str:
    """A text of the scenario in ``lang``: a plain string as it is; of a text in two languages (a
    :class:`~ipshare.model.text.Text` or a mapping of languages) the one asked (the other when it is missing;
    ``zh+en`` both, Chinese first)."""
    from ..model.text import Text

    if isinstance(value, Text):
        value = {language: value.get(language) for language in ("zh", "en")}
    if not isinstance(value, Mapping):
        return "" if value is None else str(value)
    chinese, english = value.get("zh"), value.get("en")
    if lang == "zh+en" and chinese and english and chinese != english:
        return f"{chinese} / {english}"
    first, second = (english, chinese) if lang == "en" else (chinese, english)
    return str(first or second or next(iter(value.values()), ""))


# The fixed words ipshare.report.plots draws (axis labels, legend titles, the scale of the axis), each a whole
# text of the SVG, in Chinese; the room's own words (titles, marks) are given to the plots in the language already.
PLOT_WORDS = {"allocation": "分配", "cost share": "成本分摊", "rule": "规则", "member": "成员",
              "million": "百万", "thousand": "千", "billion": "十亿"}
_AXIS = re.compile(r">(allocation|cost share|rule|member)(?: \(([^<()]*)\))?</text>")


def localised_svg(data: bytes, lang: str) -> bytes:
    """An SVG of :mod:`ipshare.report.plots` with its fixed English words (axis labels, legend titles) in
    ``lang`` (``zh+en``: ``分配 / allocation``); user text is left as drawn. English: the bytes unchanged."""
    if lang == "en":
        return data

    def word(english: str) -> str:
        chinese = PLOT_WORDS.get(english, english)
        return chinese if lang == "zh" or chinese == english else f"{chinese} / {english}"

    def replace(match) -> str:
        unit = match.group(2)
        if unit is not None:
            unit = " ".join(PLOT_WORDS.get(part, part) if lang == "zh" else part for part in unit.split(" "))
        return ">" + word(match.group(1)) + (f" ({unit})" if unit is not None else "") + "</text>"

    return _AXIS.sub(replace, data.decode("utf-8")).encode("utf-8")
