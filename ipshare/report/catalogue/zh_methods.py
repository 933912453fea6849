"""Chinese texts of the method of each rule, in words (:data:`ipshare.report.annex.METHODS`), a part of the
message catalogue (:mod:`ipshare.report.messages`) kept apart from :mod:`.zh`."""

MESSAGES = {
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
}
