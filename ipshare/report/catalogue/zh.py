"""Chinese texts of the message catalogue (:mod:`ipshare.report.messages`)."""

MESSAGES = {
    "page.of": "第 {page} 页，共 {pages} 页",
    "section.parties": "协议各方",
    "signature.title": "签署页",
    "signature.intro": "各方法定代表人或授权代表签署如下：",
    "signature.party": "当事方：{name}",
    "signature.full_name": "{name}",
    "signature.name": "{name}（{member}）",
    "signature.representative": "法定代表人或授权代表（签字）",
    "signature.seal": "盖章",
    "signature.date": "日期",
    "caveat.research_exemption": "本表未反映法律规定的例外",
}
