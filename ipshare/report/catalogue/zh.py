"""Chinese texts of the message catalogue (:mod:`ipshare.report.messages`).

The words are those of Chinese contract practice: 附件, 协议, 甲方/乙方 (parties), 法定代表人或授权代表, 盖章, 日期;
statutes by their Chinese names (《中华人民共和国专利法》第十四条, 《中华人民共和国民法典》第八百六十条); the solution
concepts by their usual Chinese names in cooperative game theory (夏普利值, 班扎夫值, 核仁, 最小核心, 欧文值, 迈尔森值).
"""

MESSAGES = {
    # ---- pages, the annex as a document
    "page.of": "第 {page} 页，共 {pages} 页",
    "table.part": "第 {number} 部分，共 {count} 部分",
    "annex.title.benefits": "附件：收益分配 — {name}",
    "annex.title.costs": "附件：成本分摊 — {name}",
    "annex.title.benefits_at": "附件：收益分配 — {name}（截至 {date}）",
    "annex.title.costs_at": "附件：成本分摊 — {name}（截至 {date}）",
    "annex.of_agreement": "《{agreement}》（{date}签订）{annex}",
    "annex.of_agreement_undated": "《{agreement}》{annex}",
    "annex.subtitle": "由 ipshare {version} 按 {rules} 根据 SHA-256 为 {sha256} 的情景文件计算。",
    "annex.footer": "{name} — ipshare {version} — 情景文件 SHA-256 {sha256}…",
    "annex.operative": "本附件以协议约定的分配规则{rule}为准；{others}仅供比较。",
    "annex.operative_alone": "本附件按协议约定的分配规则{rule}进行分配。",
    "annex.language_precedence": "本附件以中文和英文书写，两种文本如有不一致，以中文文本为准。",
    "amount.in_words": "大写：{words}",
    "amount.with_words": "{figures}（大写：{words}）",
    "list.separator": "、",
    "list.and": "{first}和{last}",
    # ---- section titles
    "section.identification": "基本信息",
    "section.parties": "协议各方",
    "section.players": "参与者",
    "section.game": "博弈",
    "section.contributions": "各方投入",
    "section.patents": "专利",
    "section.revenue": "收益来源",
    "section.method": "分配方法",
    "section.allocation": "分配结果",
    "section.clauses": "协议条款",
    "section.risk": "成本与风险",
    "section.signatures": "签署",
    # ---- identification
    "identification.intro": (
        "本附件载明{whole}的分配方式及其依据。持有下列 SHA-256 所对应情景文件的任何人，均可使用所示命令复现本附件中的"
        "每一数字。"
    ),
    "identification.whole.alliance": "联盟价值",
    "identification.whole.game_value": "该博弈的价值",
    "identification.whole.game_cost": "该博弈的成本",
    "identification.whatif_note": (
        "本附件所述为适用上列假设变更后的情景文件；所列 SHA-256 为未经变更的原文件的 SHA-256。"
    ),
    "fact.alliance": "联盟",
    "fact.game": "博弈",
    "fact.agreement": "协议",
    "fact.agreement_date": "协议签订日期",
    "fact.operative_rule": "适用的分配规则",
    "fact.scenario_file": "情景文件",
    "fact.sha256": "情景文件 SHA-256",
    "fact.whatif": "假设变更",
    "fact.produced_by": "生成工具",
    "fact.rules": "分配规则",
    "fact.solver": "求解器",
    "fact.grand.alliance": "联盟整体价值",
    "fact.grand.game": "大联盟价值",
    "fact.grand.cost": "大联盟成本",
    "fact.rounding": "舍入",
    "fact.reproduce": "复现命令",
    "fact.generated": "生成时间",
    # ---- rounding
    "rounding.describe": "金额按最大余额法舍入至小数点后 {digits} 位，每栏之和等于其合计；余数相同时归于{ties}",
    "rounding.describe_one": "金额按最大余额法舍入至小数点后 1 位，每栏之和等于其合计；余数相同时归于{ties}",
    "rounding.short": "按最大余额法舍入至 {step}；余数相同时归于{ties}",
    "rounding.with_percentages": "{rounding}；百分比同样舍入至 0.01，合计为 100.00",
    "rounding.table_line": "{rounding}；百分比舍入至 0.01，合计为 100.00",
    "ties.listed-first": "情景文件中列于最前的成员",
    "ties.listed-last": "情景文件中列于最后的成员",
    "ties.by-id": "编号按码位顺序排列最前的成员",
    "allocation.rounding_note": (
        "各金额为精确有理数，仅按最大余额法舍入一次至小数点后 {digits} 位：先全部向下舍入，尚缺的单位依次分给余数最大者"
        "（余数相同时归于{ties}），因此每栏之和恰等于其合计；百分比以同样方法舍入至 0.01，合计为 100.00。"
    ),
    # ---- table headers
    "header.member": "成员",
    "header.name": "名称",
    "header.player": "参与者",
    "header.type": "类型",
    "header.role": "角色",
    "header.id": "编号",
    "header.kind": "类别",
    "header.total": "合计",
    "header.exact": "精确值",
    "header.amount_in": "{rule}（{unit}）",
    "header.percent_of": "{rule} %",
    "header.value_in": "价值（{unit}）",
    "header.quantity": "数量",
    "header.substitute_cost": "替代成本（{unit}）",
    "header.description": "说明",
    "header.title": "名称",
    "header.made_from": "所依据的投入",
    "header.builds_on": "所依赖的专利",
    "header.owners": "权利人（份额）",
    "header.patent": "专利",
    "header.research": "研究",
    "header.own_use": "自行实施",
    "header.licensing": "对外许可",
    "header.counterparty": "相对方",
    "header.requires": "所需专利",
    "header.terms": "条件",
    "header.probability": "概率",
    "header.epv": "期望现值（{unit}）",
    "header.clause": "条款",
    "header.purpose": "目的",
    "header.condition": "条件",
    "header.what_it_says": "内容",
    "header.at_bound": "达到界限者",
    "header.shadow_price": "影子价格",
    "header.item": "项目",
    "header.amount": "金额（{unit}）",
    "header.failure_probability": "失败概率",
    "header.expected_loss": "预期损失（{unit}）",
    "header.borne_by": "承担方",
    "header.expected_cost": "预期成本（{unit}）",
    "header.risk": "风险：{measure}（{unit}）",
    "header.benefit": "收益（{rule}）（{unit}）",
    "header.net": "净额（{unit}）",
    "header.coalition": "联盟",
    "header.value": "价值",
    "header.cost": "成本",
    "header.weight": "权重",
    "header.claim": "债权",
    "header.stand_alone_cost": "单独成本",
    "unit.value": "价值",
    "unit.cost_share": "成本分摊",
    "unit.cost_share_in": "成本分摊，{currency}",
    "unit.cost_share_of": "成本分摊（{currency}）",
    # ---- words in cells
    "type.enterprise": "企业",
    "type.university": "高等学校",
    "type.institute": "科研机构",
    "type.financial": "金融机构",
    "type.government": "政府机构",
    "type.other": "其他",
    "contribution.cash": "资金",
    "contribution.personnel": "人员",
    "contribution.equipment": "设备",
    "contribution.background-ip": "背景知识产权",
    "contribution.data": "数据",
    "contribution.other": "其他",
    "patent.background": "背景专利",
    "patent.foreground": "成果专利",
    "revenue.licence": "许可",
    "revenue.own-use": "自行实施",
    "revenue.own_use_by": "由{member}自行实施",
    "revenue.built_on": "{requires}（及其所依赖的 {extra}）",
    "terms.upfront": "入门费 {amount}",
    "terms.royalty": "提成费为每年 {base} 的 {rate}，为期 {years}",
    "terms.margin": "每年利润 {amount}，为期 {years}",
    "years.one": "1 年",
    "years.many": "{years} 年",
    "borne_by.all": "全体成员",
    "none": "—",
    # ---- game section
    "game.type": "类型",
    "game.kind": "性质",
    "game.players": "参与者人数",
    "game.quota": "定额",
    "game.estate": "待分配财产",
    "game.in_file": "{count} 个联盟的价值载于情景文件。",
    # ---- contributions, patents, rights, revenue
    "contributions.none": "情景文件未列出投入。",
    "contributions.note": (
        "替代成本是指缺少该项投入的成员组合向外部购买同等投入所需支付的费用；未列替代成本的投入不可替代。"
    ),
    "patents.none": "情景文件未列出专利。",
    "patents.ownership": (
        "权属：协议未指明权利人的成果专利，{ownership}（{basis}）。共同许可（{rule}）：{licensing}。"
        "依赖于其他专利的专利，只能与其所依赖的专利一并使用。"
    ),
    "ownership.by-contribution": "由作出相应投入的成员按其投入价值的比例共有",
    "ownership.equal": "由作出相应投入的成员等份共有",
    "ownership.as-given": "按情景文件所载确定",
    "ownership.lead": "归牵头实施方{lead}所有（成果转让予该方）",
    "licensing.unanimous": "共有专利须经全体共有人同意方可许可或使用",
    "licensing.any-owner": "共有专利的任一共有人均可不经其他共有人同意以普通许可方式许可他人实施",
    "access.heading": "使用权",
    "access.intro": (
        "各成员对各项专利可为之行为：免费使用、按公平合理条件使用、须经所列成员同意方可使用（A+B：两者均须同意；"
        "A | B：任一方同意即可），或不得使用。"
    ),
    "access.preset": "协议预设：{preset}。",
    "access.basis": "依据：{bases}。",
    "access.royalty-free": "免费",
    "access.fair-and-reasonable": "公平合理条件",
    "access.needs-consent": "须经同意",
    "access.needs_consent_of": "须经{who}同意",
    "access.none": "无",
    # ---- the rights command (ipshare rights): its tables
    "rights.title": "{name}：权利",
    "rights.subtitle": "{preset}；情景文件 sha256 {sha256}…",
    "rights.no_preset": "未采用预设：agreement.joint_licensing = {rule}",
    "rights.preset": "预设 {preset}",
    "rights.preset_lead": "预设 {preset}（牵头实施方 {lead}）",
    "rights.owners.title": "权属",
    "rights.header.patent": "专利",
    "rights.header.title": "名称",
    "rights.header.kind": "类别",
    "rights.header.owners": "权利人",
    "rights.header.basis": "权属依据",
    "rights.kind.background": "背景专利",
    "rights.kind.foreground": "成果专利",
    "rights.basis.background": "背景专利，按情景文件所载",
    "rights.basis.stated": "按情景文件所载",
    "rights.basis.lead": "归牵头实施方 {lead} 所有（lead-exploiter）",
    "rights.basis.ownership": "{ownership}（agreement.ownership）",
    "rights.access.title": "使用权：各方可按何种条件使用何项专利",
    "rights.header.member": "成员",
    "rights.purpose.research": "研究",
    "rights.purpose.own-use": "自行实施",
    "rights.purpose.licensing": "对外许可",
    "rights.purpose.exclusive": "独占许可",
    "rights.term.royalty-free": "免费",
    "rights.term.fair-and-reasonable": "公平合理的许可费",
    "rights.term.needs-consent": "须经同意",
    "rights.term.none": "无",
    "rights.term.consent_of": "须经 {who} 同意",
    "rights.access.caption": "须经同意：须经所列成员同意（A+B：双方均须同意；A | B：任一方同意即可）",
    "rights.total": "合计",
    "rights.council.votes": "票数",
    "rights.council.votes_percent": "票数 %",
    "rights.council.shapley_shubik": "夏普利–舒比克 %",
    "rights.council.banzhaf": "班扎夫 %",
    "rights.council.benefit": "收益份额 %\n{rule}",
    "rights.council.caption": (
        "收益份额：收益博弈按 {rule} 计算的份额，与 allocate 所示相同；各栏按最大余额法舍入至 0.01，合计为 100.00"
    ),
    "rights.council.title_quota": "理事会（通过所需票数 {quota}）：控制权与收益对照",
    "rights.council.title": "理事会：控制权与收益对照",
    "rights.council.rule": "理事会议事规则：{rule}",
    "rights.matters.title": "理事会：按事项的表决权力",
    "rights.matters.shapley_shubik": "夏普利–舒比克 %\n{matter}",
    "rights.matters.banzhaf": "班扎夫 %\n{matter}",
    "rights.matters.rule": "{matter}：{rule}",
    "rights.matters.caption": (
        "表决权力按 docs/rights.md（“Council”）所述的简单博弈计算：一个联盟投赞成票即可使动议通过，"
        "而不论其他成员如何投票时，该联盟为获胜联盟"
    ),
    "rights.revenue.title": "由 {lead} 支付的收益分成",
    "rights.revenue.share": "份额 %",
    "rights.revenue.amount": "预期金额\n{unit}",
    "rights.revenue.value": "价值",
    "rights.revenue.caption": (
        "由牵头实施方 {lead} 从其受让成果的预期收入中支付：{revenue} {unit}；以 min_amount 条款计入（规则 core-lp）"
    ),
    "revenue.none": "情景文件未列出收益来源。",
    "revenue.note": (
        "期望现值 = 概率 ×（入门费 + 每年提成费或利润按年折现率 {rate} 折现，于年末支付）。"
        "联盟价值 v(N) 可能与合计不同：联盟无法实现的收益来源不计价值，且须扣除已支付的替代成本。"
    ),
    # ---- where access rights come from: the presets, their statutes and model agreements
    "statute.patent_law_14": "《中华人民共和国专利法》第十四条",
    "statute.patent_law_75": "《中华人民共和国专利法》第七十五条",
    "statute.civil_code_technology_contracts": "《中华人民共和国民法典》第三编第二分编第二十章（技术合同）",
    "statute.civil_code_860": "《中华人民共和国民法典》第八百六十条（合作开发完成的发明创造）",
    "statute.civil_code_861": "《中华人民共和国民法典》第八百六十一条（技术开发合同完成的技术秘密成果）",
    "statute.transformation_law_45": "《中华人民共和国促进科技成果转化法》第四十五条",
    "model.desca": "DESCA 示范联合体协议（欧盟框架计划）",
    "model.lambert_b": "兰伯特工具包联合体协议范本 B（英国）",
    "preset.co-owner-exploits": (
        "co-owner-exploits（共有人实施）：共有人可以单独实施或者以普通许可方式许可他人实施共有专利，收取的使用费在共有人"
        "之间分配；其他行使共有专利权的行为须经全体共有人同意（《中华人民共和国专利法》第十四条）"
    ),
    "preset.consortium": (
        "consortium（联合体）：成果归完成该成果的一方所有；为内部研究免费使用，为实施目的按公平合理条件使用，不含分许可权"
        "（DESCA 示范联合体协议）"
    ),
    "preset.lead-exploiter": (
        "lead-exploiter（牵头实施方）：成果转让予牵头实施方，由其单独许可；其他各方可将成果用于研究"
        "（兰伯特工具包联合体协议范本 B）"
    ),
    "preset.none": (
        "无预设：共有成果适用协议的共同许可规则；当事人没有约定的，合作开发完成的发明创造申请专利的权利属于合作开发的"
        "当事人共有（《中华人民共和国民法典》第八百六十条）"
    ),
    "basis.lead_research": "牵头实施方模式：各方均可将成果用于研究",
    "basis.lead_assigned": "牵头实施方模式：成果归牵头实施方所有",
    "basis.lead_assigned_to": "牵头实施方模式：成果归{lead}所有",
    "basis.lead_licenses": "牵头实施方模式：仅{lead}可许可成果",
    "basis.art14_exploit": "《中华人民共和国专利法》第十四条：共有人可以单独实施该专利",
    "basis.art14_any_one": "《中华人民共和国专利法》第十四条：任一共有人均可以普通许可方式许可他人实施",
    "basis.art14_exclusive": "《中华人民共和国专利法》第十四条：独占许可须经全体共有人同意",
    "basis.art14_fees": (
        "《中华人民共和国专利法》第十四条：共有人可单独以普通许可方式许可他人实施，使用费按共有份额分配"
    ),
    "basis.owner_only": "仅权利人可许可该专利",
    "basis.owner": "权利人",
    "basis.sole_owner": "单独权利人",
    "basis.desca_research": "DESCA 示范联合体协议：为内部研究免费使用",
    "basis.desca_fair": "DESCA 示范联合体协议：为实施目的按公平合理条件使用",
    "basis.desca_no_sublicense": "DESCA 示范联合体协议：使用权不含分许可权",
    "basis.desca_exclusive": "DESCA 示范联合体协议：独占许可须经全体共有人同意",
    "basis.desca_joint": "DESCA 示范联合体协议：共有人经通知其他共有人并给予公平合理补偿后，可授予非独占许可",
    "basis.any_owner": "共同许可规则：任一共有人（any-owner）",
    "basis.any_owner_licenses": "共同许可规则：任一共有人（任一共有人均可许可）",
    "basis.unanimous_co_owners": "共同许可规则：一致同意（须经全体共有人同意）",
    "basis.unanimous_owners": "共同许可规则：一致同意（须经全体权利人同意）",
    # ---- caveats where the model simplifies
    "caveat.research_exemption": (
        "本表未反映法律规定的例外，仅列示协议赋予各成员的权利；无需协议即可为之的使用未予建模，包括专为科学研究和实验而使用"
        "有关专利（《中华人民共和国专利法》第七十五条）、技术秘密成果（《中华人民共和国民法典》第八百六十一条）以及职务科技"
        "成果完成人的法定奖励和报酬（《中华人民共和国促进科技成果转化法》第四十五条）。"
    ),
    "caveat.fair_and_reasonable": "条件为公平合理条件的，本附件不计算其所含的使用费：模型视该使用权为已授予。",
    "caveat.expected_values": (
        "收益与成本均为按情景文件所载概率计算的期望值；实际金额将有所不同，实际收入的分配以协议约定为准。"
    ),
    # ---- method
    "method.heading": "{name} — {rule}",
    "method.cost_game": (
        "本博弈为成本博弈：v 即成本 c，各数额为成本分摊额，联盟的超额为其支付额超出其单独成本的部分，即 y(S) − c(S)。"
    ),
    "method.computed_by": "计算方法：{method}；求解器：{solver}。",
    "method.reference": "参考文献：{reference}",
    "method.objective": "目标：{objective}——{meaning}。",
    "method.ties": "并列处理：{tie_break}。",
    "method.least_core": "最小核心 ε = {epsilon}；核心{state}。",
    "core.empty": "为空",
    "core.not_empty": "非空",
    "method.weights": "权重（{weights}）：{values}。",
    "method.sampled": "抽样估计（样本 {samples} 个，随机种子 {seed}）；标准误差最大为 {largest}。",
    "solver.closed_form_exact": "无（闭式解，精确有理数运算）",
    "solver.closed_form": "无（闭式解）",
    "solver.sampling": "无（随机抽样，随机种子 {seed}）",
    "solver.highs": "HiGHS（highspy {version}）",
    "solver.cbc": "CBC（随 PuLP {version} 提供）",
    "solver.unknown_version": "版本不详",
    "formula.core_lp.closest": "min Σ_i |x_i − r_i|，约束条件：x(N) = v(N) 且满足全部有效条款；r 为{rule}分配",
    "formula.core_lp.closest_linf": "min max_i |x_i − r_i|，约束条件：x(N) = v(N) 且满足全部有效条款；r 为{rule}分配",
    "formula.core_lp.maxmin": "min ε，约束条件：x(N) = v(N)，满足全部有效条款，且对每一真子联盟 S 有 v(S) − x(S) ≤ ε",
    "formula.core_lp.nucleolus": "x 为满足 x(N) = v(N) 及全部有效条款的分配方案集合的核仁",
    # ---- the method of each rule, in words
    "method.shapley.name": "夏普利值",
    "method.shapley.words": (
        "每一成员所得，为其加入时给已在联盟中的成员所增加的价值，按成员加入联盟的全部可能次序取平均值，各次序的可能性相同。"
        "各成员所得之和等于联盟整体价值；对每一联盟所增加价值相同的成员所得相同；不增加任何价值的成员所得为零。"
    ),
    "method.banzhaf.name": "班扎夫值（原始）",
    "method.banzhaf.words": (
        "每一成员所得，为其给其他成员所组成的各联盟所增加价值的平均值，各联盟的可能性相同。原始班扎夫值之和不必等于联盟"
        "整体价值；合计栏列明其实际之和，百分比按该合计计算。"
    ),
    "method.banzhaf-normalized.name": "标准化班扎夫值",
    "method.banzhaf-normalized.words": (
        "将原始班扎夫值（各成员给其他成员所组成的各联盟所增加价值的平均值）按同一比例缩放，使其之和等于联盟整体价值。"
    ),
    "method.nucleolus.name": "核仁",
    "method.nucleolus.words": (
        "在使每一成员至少获得其单独所能取得价值的各分配方案中，选取使不满最大的联盟处境尽可能好、其次使不满次大的联盟处境"
        "尽可能好、依此类推的方案。联盟的不满（超额）为该联盟单独所能取得的价值减去分配给其成员的数额。通过一系列线性规划"
        "计算，并以 Kohlberg 判据验证。"
    ),
    "method.prenucleolus.name": "前核仁",
    "method.prenucleolus.words": (
        "在联盟价值的各分配方案中，选取使不满最大的联盟处境尽可能好、其次使不满次大的联盟处境尽可能好、依此类推的方案；"
        "与核仁不同，不要求每一成员至少获得其单独所能取得的价值。联盟的不满（超额）为该联盟单独所能取得的价值减去分配给其"
        "成员的数额。"
    ),
    "method.least-core.name": "最小核心（取其中心）",
    "method.least-core.words": (
        "最小的数额 ε，使得存在一种联盟价值的分配方案，令每一成员组合至少获得其单独所能取得的价值减去 ε；"
        "ε 为零或负数时，任何成员组合退出均无利可图（核心非空）。在满足该界限的分配方案中，本附件列示其中心（前核仁）。"
    ),
    "method.proportional.name": "按投入比例分配",
    "method.proportional.words": (
        "联盟价值按各成员的权重按比例分配：对联盟而言，权重为该成员所作投入的总价值；对经典博弈而言，权重为其债权、表决"
        "权重、单独成本或单独价值。所用权重列示如下。"
    ),
    "method.graph-flow.name": "图流法（专利池规则）",
    "method.graph-flow.words": (
        "每一收益来源的期望现值在其所需的各项专利（其直接要求的专利及这些专利所依赖的专利）之间平均分配，如同专利池按"
        "必要专利分配许可费。背景专利所分得部分按权利份额归其权利人；成果专利所分得部分按其所依据各项投入的价值比例归于"
        "各项投入；各项投入所得再归作出该投入的成员。"
    ),
    "method.equal.name": "平均分配",
    "method.equal.words": "联盟价值在全体成员之间平均分配。",
    "method.core-lp.name": "协议条款约束下的线性规划分配",
    "method.core-lp.words": (
        "在满足协议全部条款（列于协议条款一节）的联盟价值分配方案中，选取最符合下述目标的方案；如有并列，以固定顺序的"
        "后续线性规划决定，因此同一情景始终得出同一分配。"
    ),
    "method.owen.name": "欧文值",
    "method.owen.words": "成员按事先结成的集团（先验联盟）加入时的夏普利值：只计入各集团成员相继加入的加入次序。",
    "method.myerson.name": "迈尔森值",
    "method.myerson.words": (
        "下述博弈的夏普利值：一个联盟的价值等于其各连通群体（能够直接或经由他人进行合作的成员）的价值之和。"
    ),
    "method.shapley-sampled.name": "夏普利值（抽样估计）",
    "method.shapley-sampled.words": (
        "以随机抽取的加入次序估计夏普利值，采用固定的随机种子（因此估计结果可以复现），并给出每一成员的标准误差。"
    ),
    "method.talmud.name": "塔木德规则",
    "method.talmud.words": (
        "适用于破产问题：待分配财产不超过债权总额一半时，各债权人就其债权的一半平均受偿；否则各债权人先得其债权的一半，"
        "其余部分的损失平均分担。该规则的结果等于破产博弈的核仁。"
    ),
    # the rules of issue 17 (docs/rules.md, "More rules from the literature")
    "method.equal-surplus.name": "剩余均分法",
    "method.equal-surplus.words": (
        "每一成员先得其单独行事可得的价值，整个联盟超出这些单独价值之和的剩余由全体成员平均分配（联盟所得少于该和时，损"
        "失亦平均分担）。在第 17 号议题之前，ipshare 称此规则为 egalitarian。"
    ),
    "method.gately.name": "盖特利点",
    "method.gately.words": (
        "成员的“破坏倾向”是指其退出时其他成员的损失与其自身损失之比。盖特利点使每一成员的破坏倾向相同：每一成员得其单"
        "独价值，加上其理想收益与单独价值之差的同一比例 t。"
    ),
    "method.dutta-ray.name": "平等主义解（达塔—雷）",
    "method.dutta-ray.words": (
        "不被任何联盟否决的最平等的分配：洛伦兹占优于核心中其他一切分配的核心分配。在凸博弈中，取平均价值最大的最大联盟"
        "，按该平均值向其每一成员支付，再以其余成员对该联盟的追加价值重复此步骤。仅对凸博弈计算。"
    ),
    "method.banzhaf-owen.name": "班扎夫—欧文值",
    "method.banzhaf-owen.words": (
        "两次运用原始班扎夫值：先在作为整体的先验联盟（集团）之间，再在每一联盟内部的成员之间。每一成员所得为其追加价值"
        "在其他联盟的每一组合与本联盟其他成员的每一组合上的均匀平均。与原始班扎夫值一样，其总和不必等于整个联盟的价值。"
    ),
    "method.kernel.name": "核（取核仁为其一点）",
    "method.kernel.words": (
        "任何成员都不能压倒另一成员的分配：一成员在不含另一成员的联盟中可主张的最大剩余，等于另一成员对它的主张，除非另"
        "一成员仅得其单独价值。核可能包含多个分配；ipshare 给出始终属于核的核仁，并检验核的条件。"
    ),
    "method.prekernel.name": "预核（取预核仁为其一点）",
    "method.prekernel.words": (
        "一种有效分配：对每一对成员，各自在不含对方的联盟中可主张的最大剩余相等。预核可能包含多个分配；ipshare "
        "给出始终属于预核的预核仁，并检验该条件。"
    ),
    "method.proportional-nucleolus.name": "比例核仁",
    "method.proportional-nucleolus.words": (
        "与核仁相同，但联盟的不满按其价值的相对比例衡量：对价值大于零的联盟，以其单独可得减去分配所给，再除以其单独可得"
        "。先使最不满的联盟尽可能好，再依次处理其次者。"
    ),
    "method.disruption-nucleolus.name": "破坏倾向核仁",
    "method.disruption-nucleolus.words": (
        "在不被任何联盟否决的分配中，使联盟破坏协议的最大倾向（其退出时其他成员的损失与其自身损失之比）尽可能小，再使次"
        "大者尽可能小，依此类推。"
    ),
    "method.solidarity.name": "团结值",
    "method.solidarity.words": (
        "以成员所加入联盟中各成员的平均追加价值代替该成员自身的追加价值而得的夏普利值，使生产力较高的成员支持生产力较低"
        "的成员。各成员所得之和等于整个联盟的价值。"
    ),
    "method.chi.name": "χ 值",
    "method.chi.words": (
        "在每一成员对任一联盟的最大追加价值与其须作的让步之间折中：每一成员从其最大追加价值出发，这些值超出整个联盟价值"
        "的部分按各成员的让步（在其所属各联盟中，联盟最大追加价值之和与联盟价值之差的最小者）按比例扣回。"
    ),
    "method.core-center.name": "核心中心",
    "method.core-center.words": (
        "核心（不被任何联盟否决的分配的集合）在其自身维数下的重心：核心中的每一分配权重相同。由核心的顶点精确计算。"
    ),
    "method.deegan-packel.name": "迪根—帕克尔指数",
    "method.deegan-packel.words": (
        "适用于简单博弈（每一联盟或胜或负）：每一极小获胜联盟形成的可能性相同，其成员平均分享胜利。"
    ),
    "method.johnston.name": "约翰斯顿指数",
    "method.johnston.words": (
        "适用于简单博弈：在每一获胜联盟中，其离开会使联盟失败的关键成员平均分享一个单位；各成员的合计值经归一化，总和为"
        " 1。"
    ),
    "method.public-good.name": "公共物品指数（霍勒）",
    "method.public-good.words": (
        "适用于简单博弈：成员所属的极小获胜联盟的个数，经归一化，总和为 1（胜利是一种公共物品，由促成胜利的联盟的每一"
        "成员共享）。"
    ),
    "method.coleman-prevent.name": "科尔曼阻止行动权力指数",
    "method.coleman-prevent.words": (
        "适用于简单博弈：成员可通过退出而使之失败的获胜联盟在全部获胜联盟中所占的比例。各指数之和不必为 1。"
    ),
    "method.coleman-initiate.name": "科尔曼发起行动权力指数",
    "method.coleman-initiate.words": (
        "适用于简单博弈：成员可通过加入而使之获胜的失败联盟在全部失败联盟中所占的比例。各指数之和不必为 1。"
    ),
    # ---- allocation table notes (ipshare.report)
    "grand.value": "大联盟价值",
    "grand.cost": "大联盟成本",
    "grand.line": "{word}：{grand}{unit}；情景文件 sha256 {sha256}…",
    "methods.line": "计算方法：{parts}",
    "method.certified": "经精确验证",
    "method.certified_by": "经精确验证（{certificate}）",
    "note.not_efficient": "{rule}之和不等于大联盟价值：该栏合计为 {total}，百分比按该合计计算",
    "note.sampled": (
        "{rule}为抽样估计（{method}，样本 {samples} 个，随机种子 {seed}）：± 为各 {confidence} 置信区间的半宽；金额所示"
        "位数以最宽区间所能支持者为限（标准误差最大为 {largest}；完整数值及区间见 JSON 输出）"
    ),
    "note.sampled_stopped": "；已达时间上限，按届时已抽取的样本计算",
    "clauses.line.breaks": "{rule}违反协议 {total} 项条款中的 {count} 项：{said}",
    "clauses.line.breaks_of_one": "{rule}违反协议的唯一一项条款：{said}",
    "clauses.line.hold_one": "条款：在{rules}下，协议的唯一一项条款得到满足",
    "clauses.line.hold_all": "条款：在{rules}下，协议的全部 {count} 项条款均得到满足",
    "clauses.said": "{clause} 相差 {amount}{unit}（{where}）",
    "binding.none": "{rule}：无条款起约束作用（{objective}）",
    "binding.title": "{rule}：起约束作用的条款",
    "binding.objective": "目标 {objective}：{meaning} = {value}",
    "binding.shadow_price": "影子价格：{meaning}",
    # ---- clauses
    "clauses.none": "协议未约定条款。",
    "clauses.unavailable": "在当前安装环境中无法评估各条款。",
    "clauses.note": (
        "满足：分配方案满足该条款且尚有余地。恰好满足：分配方案恰好达到该条款的界限（在所列成员或联盟处）。"
        "未满足，差额 X：分配方案与该条款相差 X（按该条款所涉成员或联盟中的最大差额计）。对 core-lp 而言，"
        "各条款依其构造均得到满足；影子价格为该条款每放宽一个单位时其目标值的变化。"
    ),
    "status.satisfied": "满足",
    "status.binding": "恰好满足",
    "status.binding_at": "恰好满足（{details}）",
    "status.shadow_price": "影子价格 {price}",
    "status.violated": "未满足，差额 {amount}（{where}）",
    "status.more": "{where}等，另有 {count} 项",
    "status.not_in_force": "未生效",
    # ---- costs and risk
    "risk.expected_loss_note": "预期损失 = 金额 × 失败概率：即工作失败时预计损失的成本部分。",
    "risk.heading": "风险分担 — {rule}",
    "risk.intro": (
        "按{rule}风险规则列示各成员的预期成本及其分担的联盟风险（{measure}）；净额为其按{benefit}所得收益减去其预期成本。"
    ),
    "risk.computed_exactly": "精确计算。",
    "risk.computed_by_simulation": "以蒙特卡洛模拟计算。",
    "risk.measure.expected-loss": "预期损失",
    "risk.measure.std": "标准差",
    "risk.measure.cvar": "条件风险价值（CVaR）",
    "risk.measure_at": "置信水平 {level} 下的{measure}",
    "risk.caps": "责任上限对{members}起约束作用。",
    "risk.simulated": "模拟计算（样本 {samples} 个，随机种子 {seed}）；标准误差：{errors}。",
    # ---- the risk command (ipshare risk): its tables
    "risk.table.title": "{name}：成本与风险",
    "risk.table.sha256": "情景文件 sha256 {sha256}…",
    "risk.measure.cvar_at": "CVaR {level} %",
    "risk.col.benefit": "收益\n{rule}, {unit}",
    "risk.col.expected_cost": "预期成本\n{unit}",
    "risk.col.risk": "风险\n{measure}",
    "risk.col.cap": "责任上限\n{unit}",
    "risk.col.euler": "欧拉贡献\n（约定份额）",
    "risk.col.net": "净额\n{unit}",
    "risk.col.member": "成员",
    "risk.col.name": "名称",
    "risk.total": "合计",
    "risk.value": "价值",
    "risk.caption.rule": "规则 {rule}；风险 = 损失的 {measure}，合计 {risk}；预期成本合计 {expected}",
    "risk.caption.loss": "各项失败时的损失：{parts}",
    "risk.caption.expected_loss": "预期损失 {amount}",
    "risk.caption.std": "标准差 {amount}",
    "risk.caption.var": "风险价值 VaR {level} % {amount}",
    "risk.caption.cvar": "条件风险价值 CVaR {amount}",
    "risk.caption.exact": "精确计算（闭式解；CVaR 通过枚举全部失败情形求得）",
    "risk.caption.monte_carlo": (
        "蒙特卡洛模拟，样本 {samples} 个，随机种子 {seed}；预期损失的标准误差 {loss}，"
        "CVaR 的标准误差 {cvar}（批均值法）"
    ),
    "risk.caption.net": "净额 = 收益（{rule}）− 预期成本，按所示舍入后数字计算；{rounding}",
    "risk.caption.caps": "{members} 的责任上限起作用；超出部分由其他成员承担",
    "risk.items.title": "成本项目",
    "risk.items.item": "项目",
    "risk.items.what": "内容",
    "risk.items.amount": "金额\n{unit}",
    "risk.items.distribution": "分布",
    "risk.items.failure": "失败概率",
    "risk.items.borne_by": "承担方",
    "risk.items.expected_loss": "预期损失\n{unit}",
    "risk.items.fixed": "固定",
    # ---- the withdraw command (ipshare withdraw): its table and settlement
    "withdraw.leaves_on": "{member} 于 {date} 退出；按联盟在该日的状况计算",
    "withdraw.successor": "{successor} 接替 {member} 担任牵头方",
    "withdraw.bought_out": "{member} 获得 {amount}{unit} 的退出补偿：{basis}",
    "withdraw.expelled": "{member} 被除名：无退出补偿；其投入（{amount}{unit}）予以没收",
    "withdraw.repays_grant": "{member} 返还资助 {grant} 的 {amount}{unit}",
    "withdraw.repays_matching": "{member} 返还 {provider} 的配套资金：{amount}{unit}",
    "withdraw.net_settlement": "向 {member} 结算的净额：{amount}{unit}",
    "withdraw.licences_continue": "{member} 保留 {licences}；联盟的许可继续有效",
    "withdraw.share_goes": "{patent}：{member} 的份额转归 {moved}（{how}）",
    "withdraw.leaves_with": "随 {member} 退出的{what}：{items}",
    "withdraw.what.revenue": "收入来源",
    "withdraw.what.costs": "成本项目",
    "withdraw.what.clauses": "条款",
    "withdraw.keeps_paid": "{member} 继续从 {licence} 获得 {amount}{unit}（该许可在其退出前签订）",
    "withdraw.stop_paying": "停止向 {member} 支付：{licences}（在其退出当日或之后签订，或未注明日期）",
    "withdraw.loses": "{member} 退出使联盟减少的价值",
    "withdraw.gains": "{member} 退出使联盟增加的价值",
    "withdraw.unchanged": "{member} 退出后联盟价值不变",
    "withdraw.total_change": (
        "合计变动 = 退出后合计 − 退出前合计 = {after} − {before} = {change}{unit}：{meaning}；{member} 的变动"
        "即其退出前的全部分配额，随其退出"
    ),
    "withdraw.every_change": "各项变动 = 退出后 − 退出前，净变动 = 变动 − 支付，均按所示舍入后数字计算；{rounding}",
    "withdraw.pays_total": "结算合计 {amount}{unit} 为流出联盟的部分：向资助提供方返还的资助",
    "withdraw.title.voluntary": "{name}：{member} 退出（{rule}）",
    "withdraw.title.expelled": "{name}：{member} 被除名（{rule}）",
    "withdraw.sha256": "情景文件 sha256 {sha256}…",
    "withdraw.col.member": "成员",
    "withdraw.col.name": "名称",
    "withdraw.col.before": "退出前\n{unit}",
    "withdraw.col.before_percent": "退出前\n%",
    "withdraw.col.after": "退出后\n{unit}",
    "withdraw.col.after_percent": "退出后\n%",
    "withdraw.col.change": "变动\n{unit}",
    "withdraw.col.change_points": "变动\n百分点",
    "withdraw.col.pays": "支付（+）/\n收取（−）",
    "withdraw.col.net": "净变动\n{unit}",
    "withdraw.leaves": "{member}（退出）",
    "withdraw.total": "合计",
    "withdraw.buyout_basis": (
        "{member} 在整个联盟中按 {rule} 计算的分配额（公允价值），由其余成员按各自新的分配额比例支付"
    ),
    "withdraw.note.risk_factors": "其余成员的风险因子得分均为零；不再计入风险因子",
    "withdraw.note.bargaining": "agreement.bargaining 不延续适用于退出后的联盟",
    "withdraw.value": "价值",
    # ---- compare, whatif and sweep (round 5, task 1): their tables' fixed texts under --lang
    "flow.amounts_in": "金额单位 {currency}",
    "flow.cost_shares_in": "成本分摊，单位 {currency}",
    "flow.cost_shares": "成本分摊",
    "flow.values": "数值",
    "flow.members": "成员：{names}",
    "flow.names_separator": "；",
    "flow.yes": "是",
    "flow.no": "否",
    "flow.holds": "满足",
    "flow.breaks": "违反 {clauses}",
    "flow.sampled": (
        "{rule}：抽样估计（{how}），每个估计值 ± 其 {confidence} 置信区间的半宽（最大 {widest}），"
        "按区间所能支持的位数显示；完整数值见 -f json{stopped}"
    ),
    "flow.sampled.samples": "样本 {count} 个",
    "flow.sampled.seed": "随机种子 {seed}",
    "flow.sampled.separator": "，",
    "flow.sampled.stopped": "；已到时间限制，按当时已抽取的样本计算",
    "compare.title": "{name}：各分配规则比较",
    "compare.caption": "{amounts}，{rounding}{marked}",
    "compare.marked": "；标有*的规则违反协议条款",
    "compare.not_applicable": "{rule}：不适用——{error}",
    "compare.col.rule": "规则",
    "compare.col.total": "合计",
    "compare.properties": "性质",
    "compare.col.eff": "有效性",
    "compare.col.ir": "个体理性",
    "compare.col.core": "核心",
    "compare.col.max_excess": "最大超额",
    "compare.col.sym": "对称性",
    "compare.col.gini": "基尼系数",
    "compare.col.max_min": "最大/最小",
    "compare.col.l1": "与夏普利值的 L1 距离",
    "compare.col.clauses": "条款",
    "compare.properties_note": (
        "最大超额：超额最大的联盟 S 的 {excess}，按上表所示数字计算（核心与超额的定义见 docs/stability.md）；"
        "与夏普利值的 L1 距离：与夏普利值之差的绝对值之和，单位相同；基尼系数与最大/最小之比均按上表所示数字计算"
    ),
    "whatif.title": "{name}：假设 {changes}",
    "whatif.no_change": "（无变化）",
    "whatif.col.baseline": "基准 {unit}",
    "whatif.col.whatif": "假设 {unit}",
    "whatif.col.change": "变动",
    "whatif.col.pp": "百分点",
    "whatif.left": "已退出",
    "whatif.grand": "基准 v(N) = {before}{currency}；假设 v(N) = {after}{currency}",
    "whatif.rounding": "{rounding}；变动 = 假设 − 基准，按所示数字计算；百分点 = 百分比之差",
    "whatif.dropped_had": "{rule}：合计变动包含 {members} 在基准中所得的 {amount}{currency}",
    "whatif.baseline_line": "基准：{line}",
    "whatif.whatif_line": "假设：{line}",
    "sweep.title": "{name}：{parameter} 的参数扫描",
    "sweep.caption": "{amounts}，{rounding}",
    "sweep.rounded_values_one": "{parameter} 的取值舍入至 {places} 位小数；精确值见 -f json 与 -f csv",
    "sweep.rounded_values": "{parameter} 的取值舍入至 {places} 位小数；精确值见 -f json 与 -f csv",
    "sweep.symbolic.title": "{name}：分配作为 {parameter} 的函数（精确，分段线性）",
    "sweep.symbolic.caption": (
        "t = {parameter}；{amounts}；≈：系数经舍入，公式在整个区间内与精确分配之差不超过 {step}；精确有理数见 -f json"
    ),
    "sweep.col.rule": "规则",
    "sweep.col.allocation": "分配",
    "sweep.col.for": "适用区间",
    "sweep.breakpoints": "断点",
    "sweep.col.what_changes": "变化",
    "sweep.no_breakpoints": "断点：无（每项分配在整个区间内均为线性）",
    "sweep.changes_course": "{rule}：{members} 的分配走势改变",
    "sweep.change_places": "{rule}：{first} 与 {second} 的位次互换",
    "sweep.binding_change": "{rule}：起约束作用的条款由 {before} 变为 {after}",
    "sweep.none": "无",
    # ---- a clause's condition in words (round 5, task 2: report.allocation.clause_condition)
    "condition.whole.value": "总价值",
    "condition.whole.cost": "总成本",
    "condition.together": "{members} 合计",
    "condition.min_share": "{who}的分配不低于{whole}的 {percent}（≥ {bound}）",
    "condition.max_share": "{who}的分配不高于{whole}的 {percent}（≤ {bound}）",
    "condition.min_amount": "{who}的分配不低于 {amount}",
    "condition.max_amount": "{who}的分配不高于 {amount}",
    "condition.fixed": "{member}的分配恰为 {amount}",
    "condition.ratio": "{member}的分配不低于 {over} 的 {factor} 倍（{member} ≥ {factor} × {over}）",
    "condition.ir.value": "每个成员所得不低于其单独行动可得的价值（x_i ≥ v(i)）",
    "condition.ir.cost": "每个成员分摊的成本不超过其单独承担的成本（y_i ≤ c(i)）",
    "condition.ir.off": "不适用个体理性约束",
    "condition.core.value": "任何联盟所得均不低于其单独行动可得（对每个联盟 S，x(S) ≥ v(S)）",
    "condition.core.cost": "任何联盟分摊的成本均不超过其单独承担的成本（对每个联盟 S，y(S) ≤ c(S)）",
    "condition.core.off": "不适用核心约束",
    "condition.core_listed.value": "所列每个联盟所得均不低于其单独行动可得（{listed}）",
    "condition.core_listed.cost": "所列每个联盟分摊的成本均不超过其单独承担的成本（{listed}）",
    "condition.core_listed.separator": "；",
    "condition.near.all": "任何成员的分配与其{rule}分配之差均不超过 {distance}",
    "condition.near.one": "{members}的分配与{rule}分配之差不超过 {distance}",
    "condition.near.some": "{members}的分配与{rule}分配之差均不超过 {distance}",
    # ---- signatures
    "signature.title": "签署页",
    "signature.intro": "各方法定代表人或授权代表签署如下：",
    "signature.party": "当事方：{name}",
    "signature.party_number": "第{number}方",
    "signature.full_name": "{name}",
    "signature.name": "{name}（{member}）",
    "signature.representative": "法定代表人或授权代表（签字）",
    "signature.seal": "盖章",
    "signature.date": "日期",
    # ---- 公式中符号的含义
    "formula.where.shapley": (
        "其中 N 为全体 n 个成员的集合，S 为不含 i 的成员联盟，|S| 为其成员数，v(S) 为 S 的价值（其独立可得的"
        "收益）。"
    ),
    "formula.where.banzhaf": "其中 N 为全体 n 个成员的集合，S 为不含 i 的联盟，v(S) 为其价值。",
    "formula.where.banzhaf-normalized": (
        "其中 β 为原始 Banzhaf 值，N 为全体 n 个成员的集合，S 为不含 i 的联盟，v(S) 为其价值。"
    ),
    "formula.where.nucleolus": (
        "其中 e(S, x) 为联盟 S 在分配 x 下的超额（其不满程度），x(S) 为 x 分给其成员的数额；x 使按从大到小排列的超额"
        "在字典序意义下尽可能小。"
    ),
    "formula.where.prenucleolus": (
        "其中 e(S, x) 为联盟 S 在分配 x 下的超额（其不满程度），x(S) 为 x 分给其成员的数额；x 使按从大到小排列的超额"
        "在字典序意义下尽可能小。"
    ),
    "formula.where.least-core": "其中 x(S) 为分配 x 分给 S 的成员的数额，v(S) 为其价值。",
    "formula.where.proportional": "其中 w 为各成员的权重（列于下文），v(N) 为联盟的价值。",
    "formula.where.graph-flow": (
        "其中 EPV(r) 为收益来源 r 的预期现值，P(r) 为其所需的专利，a(p, i) 为成员 i 在专利 p 中的份额"
        "（背景专利按所有权份额，前景专利按投入价值份额）。"
    ),
    "formula.where.equal": "其中 v(N) 为联盟的价值，n 为成员数。",
    "formula.where.owen": "其中 Π_U 为各联合体成员连续加入的加入顺序之集合，P_i^π 为顺序 π 中位于 i 之前的成员。",
    "formula.where.myerson": "其中 g 为表示成员之间能否合作的图，S/g 为 S 在其中的各连通组。",
    "formula.where.shapley-sampled": "其中 m 为抽样的加入顺序数，P_i^k 为第 k 个抽样顺序中位于 i 之前的成员。",
    "formula.where.talmud": "其中 E 为可分配财产，c 为各项债权，λ 与 μ 的取值使分配额之和等于 E。",
    "formula.where.core-lp.closest": "其中 C 为满足全部有效条款的 v(N) 分配方案之集合，r 为{rule}分配。",
    "formula.where.core-lp.closest_linf": "其中 C 为满足全部有效条款的 v(N) 分配方案之集合，r 为{rule}分配。",
    "formula.where.core-lp.maxmin": "其中 C 为满足全部有效条款的 v(N) 分配方案之集合；S 取遍全部真子联盟。",
    "formula.where.core-lp.nucleolus": "其中 C 为满足全部有效条款的 v(N) 分配方案之集合。",
    # ---- core-lp 的目标与平局处理（英文取自求解结果本身）
    "objective.closest": "与{rule}分配的 L1 距离：各成员 |x_i − r_i| 之和",
    "objective.closest_linf": "与{rule}分配的 L∞ 距离：各成员 |x_i − r_i| 中的最大值",
    "objective.maxmin": "各联盟超额中的最大值（条款约束下的最小核 ε）",
    "objective.nucleolus": "条款约束下核仁处的最大超额（其第一层，即条款约束下的最小核 ε）",
    "tie_break.closest": "在距离最近的分配中，使相对{rule}分配的变动尽可能均匀（变动的字典序中心）",
    "tie_break.closest_linf": "在距离最近的分配中，使相对{rule}分配的变动尽可能均匀（变动的字典序中心）",
    "tie_break.maxmin": "在最小核分配中，取 L1 距离上最接近{rule}分配者，并使变动尽可能均匀",
    "tie_break.nucleolus": "无需处理：核仁唯一",
    "annex.default": "附件",
    "standing.operative": "约定适用的规则",
    "standing.comparison": "仅供比较",
    "amount.capitals_intro": "按{rule}分配的金额（小写及大写）：",
    "header.committed_cost": "承担的成本（{unit}）",
    "risk.intro_committed": (
        "按{rule}风险规则列示各成员承担的成本（按协议分摊的成本全额，未按失败概率折算）及其分担的联盟风险（{measure}）；"
        "净额为其按{benefit}所得收益减去其承担的成本。"
    ),
    # ---- statements of the alliance's books (ipshare.report.statements; docs/books.md)
    "statement.title": "联盟账簿对账单：{name}",
    "statement.title_member": "联盟账簿对账单（{member}，{member_name}）：{name}",
    "statement.subtitle": "账簿 {book}，{scope}",
    "statement.scope_period": "结算期 {period}",
    "statement.scope_periods": "已结算期间 {count} 个",
    "statement.scope_none": "尚无已结算期间",
    "statement.empty": "账簿尚无已结算期间；请用 `ipshare books close` 结算一个期间。",
    "statement.footer": "账簿共 {rows} 行，末行哈希 SHA-256 {sha256}。ipshare {version}。",
    "statement.section": "结算期 {period}",
    "statement.period": "结算期",
    "statement.period_dates": "{period}：{first} 至 {last}",
    "statement.agreement": "协议",
    "statement.agreement_version": "第 {version} 版（{name}），自{effective}起生效",
    "statement.book_start": "账簿开立之日",
    "statement.agreement_sha256": "协议 SHA-256",
    "statement.receipts": "收入",
    "statement.in_currency": "{label}（{currency}）",
    "statement.receipts_by_source": "按收入来源列示的收入",
    "statement.source": "来源",
    "statement.received": "收到金额",
    "statement.total": "合计",
    "statement.conversions": "外币收入（按协议规定的折算规则折算）",
    "statement.date": "日期",
    "statement.ref": "编号",
    "statement.amount": "金额",
    "statement.currency": "币种",
    "statement.rate": "汇率",
    "statement.rate_of": "汇率日期",
    "statement.rate_source": "汇率来源",
    "statement.converted": "折算金额",
    "statement.booked": "入账金额",
    "statement.rate_mean": "{first} 至 {last}（不含）期间 {rates} 个汇率的平均值",
    "statement.conversions_caption": "折算金额 = 金额 × 汇率（精确值）；入账金额：按币种最小单位舍入后的分配金额",
    "statement.distribution": "分配",
    "statement.member": "成员",
    "statement.name": "名称",
    "statement.opening": "期初余额",
    "statement.recovered": "成本回收",
    "statement.fee": "管理费",
    "statement.share": "分成",
    "statement.distributed": "分配合计",
    "statement.paid": "已支付",
    "statement.closing": "期末余额",
    "statement.alliance": "联盟",
    "statement.all_members": "全体成员",
    "statement.distribution_caption": "分配合计 = 成本回收 + 管理费 + 分成；期末余额 = 期初余额 + 分配合计 − 已支付",
    "statement.by_source": "按收入来源列示的分配",
    "statement.reconciled": "核对：本期收入 {receipts} 已全部分配（分配给成员 {distributed}）。",
    "statement.not_reconciled": "核对不符：收入 {receipts}，分配 {distributed}。",
    "title.as_at": "{name}（截至 {date}）",
    "withdraw.title.voluntary_on": "{name}：{member} 于 {date} 退出（{rule}）",
    "withdraw.title.expelled_on": "{name}：{member} 于 {date} 被除名（{rule}）",
}
