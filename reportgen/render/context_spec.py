"""Every variable a template receives, per document kind, documented once.

`docs/template-context.md` is written from these tables (`reportgen templates
context` prints it) and `reportgen templates check` compares a template's
variables against them. A path `a[].b` is the field `b` of each item of the
list `a`. Rows that several tables share (an indicator, a 一级指标, a total)
are described once in `ROWS` and named by the fields that hold them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.shipped import KINDS

BLOCK = "block"  # ready paragraphs: alone in a paragraph as {{p …}}


@dataclass(frozen=True)
class Var:
    type: str  # text, number, boolean, block, list of …, mapping
    example: str
    text: str
    rows: str = ""  # a list of this row type (ROWS)
    record: str = ""  # a mapping of this row type
    extra: dict[str, Var] = field(default_factory=dict)  # fields added to each row
    open: bool = False  # a mapping that takes any key besides those listed


def text(example: str, what: str) -> Var:
    return Var("text", example, what)


def number(example: str, what: str) -> Var:
    return Var("number", example, what)


def flag(example: str, what: str) -> Var:
    return Var("boolean", example, what)


def block(what: str) -> Var:
    return Var(BLOCK, "", what)


def texts(example: str, what: str) -> Var:
    return Var("list of text", example, what)


def rows(kind: str, what: str, **extra: Var) -> Var:
    return Var(f"list of {kind} rows", "", what, rows=kind, extra=extra)


def record(kind: str, what: str) -> Var:
    return Var(f"{kind} record", "", what, record=kind)


def items(what: str, **fields: Var) -> Var:
    """A list of mappings whose fields are given here."""
    return Var("list", "", what, extra=fields)


def mapping(what: str, **fields: Var) -> Var:
    return Var("mapping", "", what, extra=fields)


def open_mapping(what: str, **fields: Var) -> Var:
    """A mapping whose listed keys are always there, and which may hold any other."""
    return Var("mapping", "", what, extra=fields, open=True)


ROWS: dict[str, dict[str, Var]] = {
    "indicator": {
        "index": number("1", "序号, counting every indicator of the table from 1"),
        "key": text(
            "立项依据充分性", "the indicator's id (its name unless the framework gives one)"
        ),
        "dimension": text("决策", "一级指标 it belongs to (merge with `{% vmerge r.dimension %}`)"),
        "dimension_weight": number("25", "分值 of that 一级指标"),
        "group": text("项目立项", "二级指标 it belongs to (merge with `(r.dimension, r.group)`)"),
        "group_weight": number("10", "分值 of that 二级指标"),
        "name": text("立项依据充分性", "三级指标 名称"),
        "weight": number("5", "分值 (for a bonus or penalty item, its cap)"),
        "score": number("4", "得分"),
        "lost": number("1", "扣分: 分值 less 得分 (0 for bonus and penalty items)"),
        "rate": number("80.00", "得分率 in percent (format with `pct`)"),
        "kind": text("scored", "scored, bonus or penalty"),
        "reasons": texts("['医保局未制定…']", "扣分原因, one text per finding"),
        "reason": text("医保局未制定…；…", "扣分原因 joined with ；, empty when nothing was lost"),
        "explanation": text("评价项目实施是否符合…", "指标解释及评价要点"),
        "standard": text("符合得满分，每有1点不符合，扣2分", "评分标准"),
        "basis": text("文件资料", "考核依据, when the framework gives one"),
        "rule": text("deduct_per_item", "the scoring rule's type (see `reportgen rules`)"),
        "rule_description": text("Full marks less a fixed deduction…", "what the rule does"),
        "remark": text("该项目根据…", "the consultant's remark on the indicator (Markdown source)"),
    },
    "dimension": {
        "key": text("决策", "the 一级指标's id"),
        "name": text("决策", "一级指标 名称"),
        "weight": number("25", "分值"),
        "score": number("25", "得分"),
        "lost": number("0", "扣分"),
        "rate": Var("number or none", "100.00", "得分率 in percent; none for bonus/penalty items"),
        "grade": text("优", "the grade its 得分率 reaches on the framework's bands"),
        "kind": text("scored", "scored, bonus or penalty"),
        "group_count": number("2", "how many 二级指标 it has"),
        "indicator_count": number("5", "how many 三级指标 it has"),
    },
    "total": {
        "weight": number("100", "满分"),
        "score": number("95", "综合得分, after caps"),
        "subtotal": number("95", "the scored items' sum, before bonus and penalty items"),
        "adjustment": number("0", "bonus less penalty points"),
        "rate": number("95.00", "综合得分率 in percent"),
        "grade": text("优", "评价等级"),
        "capped": flag("false", "true when the total cap was applied"),
    },
    "numbered": {
        "heading": text("（一）管理制度有待进一步完善", "the heading with its number"),
        "title": text("管理制度有待进一步完善", "the heading without its number"),
        "text": block("the consultant's Markdown under the heading"),
    },
    "assessor": {
        "name": text("委托经办机构自评", "the assessor as the scenario names it"),
        "heading": text("机构自评", "its column heading"),
        "weight": number("0.2", "its weight"),
        "share": text("20%", "its weight as a percentage"),
    },
}

NUMBERED_TABLE = {
    "number": text("表3-1", "the table's number, given by where its caption lands"),
    "ref": text("表3-1", "the same number, for a sentence that mentions the table"),
}

PERFORMANCE_REPORT: dict[str, Var] = {
    "project": mapping(
        "the project",
        name=text("本溪市…承办权项目", "项目名称"),
        short_name=text("城乡居民大病保险…", "short name used in running text"),
        year=text("2022", "评价年度"),
        commissioner=text("本溪市财政局", "委托单位"),
        evaluated_unit=text("本溪市医疗保障局", "被评价单位"),
        evaluator=text("绩效评价工作组", "评价机构"),
    ),
    "document_title": text("绩效评价报告", "the document's title"),
    "report_date": text("二〇二三年十二月", "报告日期 in Chinese"),
    "sample_data": flag("false", "true when the scenario is marked 示例数据"),
    "md": open_mapping(
        "the consultant's prose, each a block: the sections below, empty when not written,"
        " and any other the scenario's `narrative` gives (`{{p md.last_year }}` shows"
        " `narrative.last_year`)",
        background=block("项目概况"),
        funds=block("资金使用情况"),
        goals=block("项目绩效目标 (empty when not given)"),
        purpose=block("评价目的"),
        scope=block("评价对象及范围"),
        principles=block("评价原则"),
        methods=block("评价方法"),
        process=block("绩效评价工作过程"),
        achievements=block("综合评价 prose after 表3-1"),
        other=block("其他需要说明的问题"),
    ),
    "funds": items(
        "the fund tables shown in the report (表1-1, 1-2 …)",
        **NUMBERED_TABLE,
        title=text("居民大病资金使用情况表", "the table's title"),
        unit=text("元", "the money unit, for a 单位 line"),
        source=text("本溪市医保局及承办保险公司", "数据来源, for a line under the table"),
        rows=items(
            "counts beside amounts, a pair per row, as the seed lays out fund usage",
            index=number("1", "序号"),
            count_label=text("参保人数（人）", "the count's label with its unit; empty when none"),
            count=Var(
                "number or none", "539536", "the count (format with `quantity(r.count_unit)`)"
            ),
            count_unit=text("人", "the count's unit (人, 人次, %)"),
            amount_label=text("保费收入（元）", "the amount's label with the unit"),
            amount=Var(
                "number or none",
                "37767520",
                "the amount (format with `quantity(r.amount_unit)`, `money` or `wan`)",
            ),
            amount_unit=text("元", "the amount's unit (the table's, unless the item has one)"),
        ),
        entries=items(
            "every item of the table, in order",
            key=text("参保人数", "the item's key in expressions"),
            label=text("参保人数", "its label"),
            value=number("539536", "its value"),
            unit=text("人", "its unit"),
            formatted=text("539,536", "its value as the table shows it"),
            computed=flag("false", "true when an expression computed it"),
        ),
    ),
    "system": mapping(
        "表2-1, the indicator system",
        **NUMBERED_TABLE,
        sentence=text("本次设计的绩效评价指标体系包括4项一级指标…", "the overview sentence"),
        rows=rows("indicator", "every scored indicator"),
        total=record("total", "the report's total"),
        dimension_count=number("4", "how many 一级指标"),
        group_count=number("11", "how many 二级指标"),
        indicator_count=number("18", "how many 三级指标"),
    ),
    "grading": texts("['本次绩效评价综合绩效级别分为四个等级：', …]", "评价标准 as sentences"),
    "grades": items(
        "the grade bands, highest first",
        name=text("优", "the grade"),
        min=number("90", "the lowest 得分率 (percent) that earns it"),
    ),
    "conclusion": mapping(
        "chapter 三's sentences",
        sentence=text(
            "综合分析，本次绩效评价的综合得分为95.00分，评价等级为“优”。", "the conclusion"
        ),
        shortcomings=text("但评价过程中也发现，…等问题。", "the problems found; empty when none"),
    ),
    "summary": mapping(
        "表3-1, the score per 一级指标",
        **NUMBERED_TABLE,
        rows=rows("dimension", "every 一级指标, bonus and penalty items included"),
        scored=rows("dimension", "the scored 一级指标"),
        adjustments=rows("dimension", "the bonus and penalty items"),
        total=record("total", "the report's total"),
    ),
    "total": record("total", "the report's total"),
    "dimensions": rows(
        "dimension",
        "chapter 四, one item per scored 一级指标 (表4-n)",
        **NUMBERED_TABLE,
        heading=text("（一）项目决策情况", "its heading"),
        summary=text("决策指标分值为25分，得分25分，…", "its summary sentence"),
        rows=rows("indicator", "its indicators"),
        groups=items(
            "its 二级指标, each with its indicators' paragraphs",
            heading=text("1.项目立项", "the heading"),
            name=text("项目立项", "二级指标 名称"),
            weight=number("10", "分值"),
            score=number("10", "得分"),
            indicators=rows(
                "indicator",
                "its indicators",
                score_sentence=text("该项指标满分6分，实际得分4分。", "the score sentence"),
                reason_sentence=text("扣分原因：…。", "the 扣分原因 sentence; empty when none"),
                text=block("the indicator's paragraph: name in bold, remark, score sentence"),
            ),
        ),
    ),
    "chapter_five": mapping(
        "chapter 五",
        title=text("五、存在的问题", "五、存在的问题, or 五、主要经验及做法、存在的问题"),
        problems=rows("numbered", "the problems, numbered （一）（二）…"),
        experiences=rows("numbered", "the experiences, numbered 1. 2. …; empty when none"),
        sections=items(
            "the chapter's parts: one without a heading, or 主要经验及做法 and 存在的问题",
            heading=text("（一）主要经验及做法", "the part's heading; empty for a single part"),
            entries=rows("numbered", "its items"),
        ),
    ),
    "recommendations": rows("numbered", "六、有关建议, numbered （一）（二）…"),
    "appendix": mapping(
        "附件, the 指标得分表",
        title=text("…绩效评价指标得分表", "its title"),
        rows=rows("indicator", "every indicator, bonus and penalty items included"),
        total=record("total", "the report's total"),
    ),
    "indicators": rows("indicator", "every indicator, bonus and penalty items included"),
}

HEAD = {
    "title": text("…评定表", "the document's title; a line break in it breaks the title line"),
    "sample_data": flag("true", "true when the scenario is marked 示例数据"),
}
LETTER = {
    **HEAD,
    "recipients": text("各市、州…医疗保障局", "主送机关, without the colon; may be empty"),
    "issuer": text("湖北省医疗保障局", "落款, the issuing office"),
    "date": text("二〇二六年三月六日", "成文日期 in Chinese"),
}

HUBEI_FORM: dict[str, Var] = {
    **HEAD,
    "subtitle": text("武汉市市州本级", "which level the unit is"),
    "agency": text("武汉市医疗保障局", "评定单位"),
    "year": number("2025", "评定年度"),
    "city": text("武汉市", "the city"),
    "is_level": flag("true", "true for the city's own level, false for a county"),
    "self_share": text("40%", "the self-assessment's weight"),
    "provincial_share": text("60%", "the provincial assessment's weight"),
    "scored": items(
        "the 43 items",
        group=text("经办能力建设", "建设规范事项 (merge with `{% vmerge r.group %}`)"),
        group_weight=number("10", "its 分值"),
        key=text("1", "项次"),
        name=text("经办体系建设", "建设规范项目"),
        standard=text("构建市（州）统一的…", "评定内容"),
        weight=number("4", "项目分值"),
        self=number("4", "自评得分"),
        provincial=number("4", "省级评定得分"),
        score=number("4.0", "加权得分"),
        reason=text("省级评定：…", "扣分原因, a line per finding"),
    ),
    "subtotal": mapping(
        "评分项合计",
        weight=number("100", "满分"),
        self=number("99.6", "自评得分"),
        provincial=number("98.6", "省级评定得分"),
        weighted=number("99.00", "加权得分"),
        arithmetic=text("99.6×40%＋98.6×60%＝99", "the weighting as a sum"),
    ),
    "special_group": text("特殊因素加减分", "the 特殊因素 rows' group cell"),
    "special": items(
        "the 特殊因素, outside the weighting",
        key=text("44", "项次"),
        name=text("试点工作", "名称"),
        standard=text("按要求完成国家、省经办试点工作…", "评定内容"),
        cap=text("+5", "its cap, signed"),
        claimed=text("+3", "what the unit claimed, signed (— when nothing)"),
        score=number("3", "the verified points"),
        score_text=text("+3", "the verified points, signed"),
        reason=text("完成国家医保经办服务标准化试点任务", "why, a line per finding"),
    ),
    "total": mapping(
        "评定得分",
        weight=number("100", "满分"),
        score=number("102.00", "评定得分"),
        special=number("3", "特殊因素 points"),
        arithmetic=text("加权得分99＋特殊因素3＝102.00", "how it adds up"),
    ),
    "notes": texts("['注：1.评定得分＝…']", "the notes under the table"),
}

HUBEI_NOTICE: dict[str, Var] = {
    **LETTER,
    "year": number("2025", "评定年度"),
    "opening": text("根据《…建设规范（试行）》…现将评定结果通报如下：", "the opening paragraph"),
    "ranking": mapping(
        "一、评定结果 (表1)",
        summary=text("9个市（州）平均综合得分99.39分。…", "average, best and worst"),
        formula=text("市（州）综合得分＝…", "how a city's score is made"),
        rows=items(
            "the cities, best first",
            rank=number("1", "名次"),
            tied=flag("false", "true when the place is shared"),
            place=text("1（并列）", "名次 as shown"),
            city=text("宜昌市", "市（州）"),
            counties_mean=Var(
                "number or none", "100.43", "县（市、区）平均得分; none without counties"
            ),
            counties_text=text("100.43", "the mean as shown (— without counties)"),
            level=number("105.70", "市州本级得分"),
            score=number("102.54", "综合得分"),
            previous_rank=Var("number or none", "5", "上年排名"),
            previous_text=text("5", "上年排名 as shown (— when unknown)"),
            outcome=text("约谈", "备注; empty when none"),
            summoned=flag("false", "true when summoned for two years in the last places"),
        ),
    ),
    "units": mapping(
        "二、各经办机构评定得分 (表2)",
        lead_formula=text("评定得分＝自评得分×40%＋…", "how a unit's score is made"),
        rows=items(
            "every unit, city by city",
            city=text("宜昌市", "市（州） (merge with `{% vmerge r.city %}`)"),
            name=text("市州本级", "经办机构"),
            self=number("100", "自评得分"),
            provincial=number("99.5", "省级评定得分"),
            weighted=number("99.70", "加权得分"),
            special=number("6", "特殊因素加减分"),
            special_text=text("+6", "the same, signed"),
            score=number("105.70", "评定得分"),
        ),
    ),
    "summons": texts("['对连续两年排名后5位的市（州）…']", "三、约谈 paragraphs"),
    "closing": block("四、有关要求, the scenario's Markdown; empty when none"),
}

ASSESSMENT_FORM: dict[str, Var] = {
    **HEAD,
    "subtitle": text("上海申康居家护理服务有限公司", "the institution's name"),
    "institution": mapping(
        "the institution",
        name=text("上海申康居家护理服务有限公司", "名称"),
        short_name=text("申康护理", "简称"),
        type=text("社区卫生服务中心", "机构类型; may be empty"),
        region=text("莘庄镇", "所属街镇; may be empty"),
    ),
    "year": number("2024", "考核年度"),
    "assessor": text("闵行区医疗保障局", "考核单位"),
    "date": text("二〇二五年一月二十日", "考核日期; may be empty"),
    "columns": mapping(
        "the standard's own column headings",
        category=text("考核类别", "the 一级 column"),
        item=text("考核项目", "the 二级 column"),
        content=text("考核内容", "the content column"),
    ),
    "categories": items(
        "the scored categories",
        name=text("协议履行", "名称"),
        weight=number("15", "分值"),
        score=number("15", "得分 (小计)"),
        lost=number("0", "失分"),
        rows=items(
            "a row per scoring point",
            category=text("协议履行", "its category (merge with `{% vmerge r.category %}`)"),
            category_weight=number("15", "the category's 分值"),
            item=text("健全内部管理机制", "its item (merge with `(r.category, r.item)`)"),
            item_weight=number("5", "the item's 分值"),
            item_is_point=flag("true", "true when the item is itself the scoring point"),
            name=text("健全内部管理机制", "the scoring point"),
            weight=number("5", "分值"),
            content=text("建立健全…\\n评分细则：…", "the item's text and 评分细则"),
            basis=text("文件资料 平台系统", "考核依据"),
            score=number("5", "得分"),
            reason=text("1名护理员未按排班时间上门服务…", "扣分原因, a line per finding"),
        ),
    ),
    "scored_total": mapping(
        "评分项合计",
        weight=number("100", "满分"),
        score=number("98", "得分"),
        lost=number("2", "失分"),
    ),
    "adjustments": items(
        "the bonus and deduction items",
        name=text("加分项目", "名称"),
        weight=number("5", "its cap"),
        content=text("…", "its text and 评分细则"),
        basis=text("日常检查", "考核依据"),
        score=number("5", "the points"),
        score_text=text("＋5", "the points, signed"),
        reason=text("…加3分", "why, a line per finding"),
    ),
    "total": mapping(
        "考核总分",
        weight=number("100", "满分"),
        score=number("100", "考核总分"),
        rate=number("100.00", "得分率 in percent"),
        capped=flag("true", "true when the total cap was applied"),
        cap=Var("number or none", "100", "the total cap"),
        arithmetic=text("评分项合计98分＋加分5分＝103分，…", "how it adds up"),
    ),
    "notes": text("注：1.本表满分100分；…", "the note under the table"),
}

SETTLEMENT_FORM: dict[str, Var] = {
    **HEAD,
    "subtitle": text("中国人寿保险股份有限公司天津市分公司", "the agency's name"),
    "agency": mapping(
        "the agency",
        name=text("中国人寿保险股份有限公司天津市分公司", "名称"),
        short_name=text("中国人寿", "简称"),
        region=text("和平区、河西区", "经办区域; may be empty"),
    ),
    "year": number("2024", "考核年度"),
    "assessors": rows("assessor", "the assessors, a column each (`{%tc for a in assessors %}`)"),
    "scored": items(
        "the scored items",
        group=text("内部制度建设及执行情况", "一级指标 (merge with `{% vmerge r.group %}`)"),
        group_weight=number("10", "its 分值"),
        name=text("制度健全性", "二级指标"),
        standard=text("…每建立一类得1分。", "评分标准"),
        weight=number("5", "分值"),
        by=texts("['5', '4', '5']", "each assessor's score, in the assessors' order"),
        score=number("4.7", "加权得分"),
        reason=text("市级综合服务中心：…", "扣分原因, a line per finding"),
    ),
    "subtotal": mapping(
        "评分项合计",
        weight=number("100", "满分"),
        by=texts("['100', '98', '95']", "each assessor's total"),
        weighted=number("96.90", "加权得分"),
        arithmetic=text("100×20%＋98×30%＋95×50%＝96.9", "the weighting as a sum"),
    ),
    "adjusting": items(
        "the bonus and penalty items, outside the weights",
        group=text("重大违规违法事件", "一级指标"),
        group_weight=number("10", "its cap"),
        name=text("重大违规违法事件", "名称"),
        standard=text("每起扣5分，最多扣10分…", "评分标准"),
        weight=number("10", "its cap"),
        by=texts("['—', '—', '—']", "— for each assessor: not theirs to score"),
        score=number("-5", "the points"),
        reason=text("…扣5分", "why, a line per finding"),
    ),
    "total": mapping(
        "考核得分",
        weight=number("100", "满分"),
        score=number("96.90", "考核得分"),
        rank=number("1", "名次"),
        tied=flag("false", "true when the place is shared"),
        arithmetic=text("加权得分96.9，四舍五入为96.90分；排名第1", "how it adds up"),
    ),
    "notes": texts("['注：1.考核得分＝…']", "the notes under the table"),
}

SETTLEMENT_NOTICE: dict[str, Var] = {
    **LETTER,
    "year": number("2024", "考核年度"),
    "opening": text("根据《天津市长期护理保险委托经办机构考核清算办法》…", "the opening paragraph"),
    "assessors": rows("assessor", "the assessors, a column each (`{%tc for a in assessors %}`)"),
    "adjusted": flag("true", "true when the indicator system has bonus or penalty items"),
    "results": mapping(
        "一、考核结果 (表1)",
        summary=text("5家委托经办机构平均考核得分83.87分。…", "average, best and worst"),
        formula=text("委托经办机构自评×20%＋…", "the weighting"),
        rows=items(
            "the agencies, best first",
            rank=number("1", "名次"),
            tied=flag("false", "true when the place is shared"),
            place=text("1", "名次 as shown"),
            name=text("中国人寿保险股份有限公司天津市分公司", "委托经办机构"),
            by=texts("['100.00', '98.00', '95.00']", "each assessor's score"),
            weighted=number("96.90", "加权得分"),
            adjustment=number("0", "加减分"),
            score=number("96.90", "考核得分"),
            outcome=text("约谈", "处理措施; empty when none"),
        ),
    ),
    "fees": mapping(
        "二、服务费清算 (表2)",
        lead=text("依据《办法》第十八条，…清算结果见表2。", "the paragraph before the table"),
        rows=items(
            "the agencies",
            name=text("中国人寿保险股份有限公司天津市分公司", "委托经办机构"),
            fee=number("4286000.00", "应付服务费"),
            score=number("96.90", "考核得分"),
            ratio=number("1.00", "结算比例"),
            share=text("100%", "结算比例 as a percentage"),
            deducted=number("0.00", "核减基金损失"),
            paid=number("4286000.00", "实际清算金额"),
        ),
        total=mapping(
            "合计",
            fee=number("15895937.50", "应付服务费"),
            deducted=number("86420.50", "核减基金损失"),
            paid=number("14799730.13", "实际清算金额"),
        ),
        losses=texts("['太平养老…：…']", "a paragraph per agency whose fund losses were deducted"),
    ),
    "measures": items(
        "三、处理措施 applied",
        heading=text("（一）约谈", "the heading"),
        name=text("约谈", "the measure"),
        paragraphs=texts("['泰康养老…低于80分。…']", "a paragraph per agency"),
    ),
    "no_measures": text(
        "本年度各委托经办机构…不涉及约谈、责令限期整改等措施。", "when no measure applies"
    ),
    "closing": block("四、有关要求, the scenario's Markdown; empty when none"),
    "report_to": text("依据《办法》第十八条，本次考核清算结果同时通报…", "whom the results go to"),
}

DESIGNATION_APPLICATION: dict[str, Var] = {
    **HEAD,
    "policy": text("《内蒙古自治区…实施办法（试行）》", "the policy the undertaking cites"),
    "applicant": mapping(
        "the applicant as the form records it",
        name=text("呼和浩特市康宁失能评估服务中心", "机构名称"),
        short_name=text("康宁评估", "简称"),
        address=text("内蒙古自治区呼和浩特市…", "机构地址"),
        credit_code=text("52150105MJY2836415", "统一社会信用代码"),
        license_number=text("PDY15010425001", "执业许可证编号; may be empty"),
        legal_representative=text("王建华", "法定代表人"),
        ownership=text("民办非企业单位", "所有制形式"),
        representative_id=text("150102197805123016", "法定代表人身份证号"),
        phone=text("13904712856", "联系电话"),
        bank_account=text("中国工商银行…", "开户银行及账号"),
        founded=text("2023年8月15日", "机构成立时间"),
        office_area=number("420", "办公用房面积 in ㎡"),
        lead=text("李秀英", "评估工作负责人"),
        lead_phone=text("15847126630", "负责人联系电话"),
        applied=text("2025年5月12日", "申请日期"),
    ),
    "staff": mapping(
        "机构人员情况",
        total=number("26", "总人数 (computed)"),
        assessors=number("18", "评估人员人数"),
        senior=number("4", "高级职称人数"),
        intermediate=number("9", "中级职称人数"),
        junior=number("7", "初级职称人数"),
        other=number("6", "其他"),
    ),
    "last_year": mapping(
        "上年度失能评估人次",
        year=number("2024", "the year"),
        count=number("1260", "人次"),
    ),
    "certificates": items(
        "证件清单",
        index=number("1", "序号"),
        name=text("民办非企业单位登记证书", "证件名称"),
        number=text("52150105MJY2836415", "证件编号"),
        issuer=text("呼和浩特市赛罕区民政局", "发证单位"),
        original=flag("true", "是否原件"),
    ),
}

DESIGNATION_LETTER = {
    **LETTER,
    "opening": text("你单位于2025年5月12日提交的…收悉。…", "the opening paragraph"),
    "contact": text("…长期护理保险科，0471-6605218", "联系方式; may be empty"),
}

DESIGNATION_ACCEPTANCE: dict[str, Var] = {
    **DESIGNATION_LETTER,
    "conditions": items(
        "表1, the 基本条件 checked",
        index=number("1", "序号"),
        article=text("第八条第（一）项", "条款"),
        text=text("依法批准设立的…", "基本条件"),
        evidence=text("营业执照或法人证书…", "核查依据"),
        verdict=text("符合", "结论"),
    ),
    "next_steps": text("下一步，我中心将依据…", "what follows the acceptance"),
}

DESIGNATION_REFUSAL: dict[str, Var] = {
    **DESIGNATION_LETTER,
    "reasons": texts(
        "['（一）经“信用中国”网站查询，…']", "a paragraph per reason, with its article"
    ),
    "decision": text("根据《实施办法》…决定对你单位的定点申请不予受理。…", "the decision"),
}

DESIGNATION_NOTIFICATION: dict[str, Var] = {
    **DESIGNATION_LETTER,
    "shortfalls": items(
        "表1, the materials to hand in",
        index=number("1", "序号"),
        article=text("第九条第（二）项", "条款"),
        material=text("营业执照、法人证书等证照副本原件及复印件", "需补齐的材料"),
        reason=text("…未加盖本机构公章", "补齐原因"),
    ),
    "deadline": text("请于2025年6月10日前（10个工作日内）…", "the deadline paragraph"),
}

DESIGNATION_SUMMARY: dict[str, Var] = {
    **HEAD,
    "subtitle": text("呼和浩特市医疗保障服务中心　二〇二五年五月二十六日", "office and date"),
    "count": number("4", "applications reviewed"),
    "accepted": number("1", "受理"),
    "refused": number("2", "不予受理"),
    "incomplete": number("1", "一次性告知补齐材料"),
    "rows": items(
        "a row per application",
        index=number("1", "序号"),
        name=text("呼和浩特市康宁失能评估服务中心", "申请机构"),
        applied=text("2025年5月12日", "申请日期"),
        outcome=text("受理", "审核结果"),
        grounds=text("申请材料齐全，…", "理由及依据, a line each"),
        follow_up=text("组织综合审核；…", "后续事项"),
    ),
}

SELF_EVALUATION_FORM: dict[str, Var] = {
    **HEAD,
    "year": number("2025", "评价年度"),
    "project": mapping(
        "the project",
        name=text("城乡居民基本医疗保险参保补助项目", "项目名称"),
        authority=text("某市医疗保障局", "主管部门"),
        implementer=text("某市医疗保障事务中心", "实施单位"),
    ),
    "funds_label": text("项目资金（万元）", "the funds rows' merged label"),
    "funds": items(
        "项目资金: 年度资金总额, then 当年财政拨款, 上年结转资金, 其他资金 as given",
        label=text("年度资金总额", "the row"),
        initial=Var("number or none", "1200", "年初预算数"),
        full_year=number("1250", "全年预算数"),
        executed=number("1180", "全年执行数"),
        weight=Var("number or none", "10", "分值, on 年度资金总额 only"),
        rate=Var("number or none", "94.40", "执行率 in percent (format with `pct`)"),
        score=Var("number or none", "9.44", "得分, on 年度资金总额 only"),
    ),
    "goals": mapping(
        "年度总体目标",
        expected=text("完成年度参保补助发放…", "预期目标"),
        actual=text("全年发放参保补助…", "实际完成情况"),
    ),
    "indicators": items(
        "the 绩效指标 rows",
        section=text("绩效指标", "the section's merged label (`{% vmerge r.section %}`)"),
        level1=text("产出指标", "一级指标 (merge with `{% vmerge r.level1 %}`)"),
        level2=text("数量指标", "二级指标 (merge with `(r.level1, r.level2)`)"),
        name=text("参保补助人数", "三级指标"),
        target=text("≥500000人", "年度指标值 as written"),
        actual=text("539536人", "实际完成值 as written"),
        weight=number("20", "分值"),
        score=number("20", "得分"),
        reason=text("…", "偏差原因分析及改进措施"),
    ),
    "total": mapping(
        "总分",
        weight=number("100", "满分"),
        score=number("94.44", "总分"),
        grade=text("优", "等级"),
    ),
    "notes": text("注：预算执行率得分＝执行率×分值…", "the note under the form"),
}

SELF_EVALUATION_SUMMARY: dict[str, Var] = {
    **HEAD,
    "year": number("2025", "评价年度"),
    "department": text("某市医疗保障局", "部门"),
    "projects": items(
        "every project, by 总分 from the highest",
        rank=number("1", "序号"),
        name=text("城乡居民基本医疗保险参保补助项目", "项目名称"),
        implementer=text("某市医疗保障事务中心", "实施单位"),
        budget=number("1250", "全年预算数 (万元)"),
        executed=number("1180", "全年执行数 (万元)"),
        rate=number("94.40", "执行率 in percent"),
        score=number("94.44", "总分"),
        grade=text("优", "等级"),
    ),
    "total": mapping(
        "the department",
        budget=number("3600", "全年预算数"),
        executed=number("3420", "全年执行数"),
        rate=number("95.00", "执行率"),
        score=number("92.10", "mean 总分"),
    ),
}

CONTEXTS: dict[str, dict[str, Var]] = {
    "performance_report": PERFORMANCE_REPORT,
    "hubei_rating_form": HUBEI_FORM,
    "hubei_rating_notice": HUBEI_NOTICE,
    "assessment_form": ASSESSMENT_FORM,
    "settlement_form": SETTLEMENT_FORM,
    "settlement_notice": SETTLEMENT_NOTICE,
    "designation_application": DESIGNATION_APPLICATION,
    "designation_acceptance": DESIGNATION_ACCEPTANCE,
    "designation_refusal": DESIGNATION_REFUSAL,
    "designation_notification": DESIGNATION_NOTIFICATION,
    "designation_summary": DESIGNATION_SUMMARY,
    "self_evaluation_form": SELF_EVALUATION_FORM,
    "self_evaluation_summary": SELF_EVALUATION_SUMMARY,
}
assert set(CONTEXTS) == set(KINDS), "every document kind has its context documented"


def _fields(var: Var) -> dict[str, Var]:
    """The fields of each item (of a list) or of the mapping a variable holds."""
    if var.rows:
        return {**ROWS[var.rows], **var.extra}
    if var.record:
        return ROWS[var.record]
    return var.extra


def _is_list(var: Var) -> bool:
    return bool(var.rows) or var.type == "list"


def paths(kind: str) -> dict[str, Var]:
    """Every variable path of a kind's context, rows expanded (`dimensions[].rows[].name`)."""
    out: dict[str, Var] = {}

    def add(prefix: str, spec: dict[str, Var]) -> None:
        for name, var in spec.items():
            path = f"{prefix}{name}"
            out[path] = var
            inner = _fields(var)
            if inner:
                add(f"{path}[]." if _is_list(var) else f"{path}.", inner)

    add("", CONTEXTS[kind])
    return out


INTRODUCTION = """\
# Template context

Every document reportgen writes is a Word file under `templates/docx/`, one
per document kind (`reportgen templates list`), filled by docxtpl tags. A
firm's own templates go in a folder named with `--templates DIR` (or
`templates:` in a scenario or framework), each file named like the shipped
one it replaces; `reportgen templates new KIND FILE` copies a shipped one to
start from, and `reportgen templates check FILE --kind KIND` names every
variable the template uses that its kind does not provide.

Templates are rendered in Jinja's sandbox with autoescaping: text from a
scenario always appears literally, and a variable the context lacks stops the
build with its name.

## What a template receives

- **text** — write it inside a paragraph or cell: `项目名称：{{ project.name }}`.
  A line break in it becomes a line break in the document.
- **number** — a decimal; format it with a filter: `{{ r.score|score }}`.
- **boolean** — for conditions: `{%p if sample_data %}` … `{%p endif %}`.
- **block** — paragraphs reportgen builds in the template's styles (the
  consultant's Markdown prose): give it a paragraph of its own, `{{p md.background }}`.
- **list** — rows for a loop. In a table, a row holding only
  `{%tr for r in summary.scored %}`, the row to repeat, and a row holding
  `{%tr endfor %}`; outside tables, `{%p for … %}` … `{%p endfor %}`;
  across columns, `{%tc for a in assessors %}` in a cell of its own, the
  cell to repeat, and `{%tc endfor %}` in a cell of its own.

Filters: `score` (95.00, 16.50: every score with the scenario's `score_decimals`, 2
unless set; `score2` is the same), `points` (6, 2.5: a weight as the standard
states it), `pct` (91.67%), `money`
(1,133,025.60), `wan` (万元), `count` (539,536; of a list, its length),
`quantity(unit)` (as the unit asks: 1,133,025.60 元, 76.25 %, 35,612 人),
`cn_num` (十一), `cn_index` (（一）), `circled` (①), `paren_num` (（1）),
`cn_date` (二〇二三年十二月), `cn_date_full`. Jinja's own filters keep their
meaning.

## Merged cells

In a cell of a `{%tr for %}` row, `{% vmerge KEY %}` merges the cell with the
one above while KEY's value is unchanged, and a tuple nests groups:
`{% vmerge (r.dimension, r.group) %}{{ r.group }}` starts a new 二级 cell
whenever the 一级 changes, even when the 二级 name repeats. A cell of a fixed
row (a 小计) joins the run when its key is the same. The example is
`docs/examples/vmerge.docx`.

## Table numbers

A caption writes `{{ system.number }} {{ project.name }}绩效评价指标体系`;
sentences that mention the table (`system.sentence`, …) carry its number too.
Numbers are given after rendering by where each caption lands: the chapter is
the count of outline-level-1 headings (一、…) before it, then its order in
that chapter (表3-1, 表3-2). Moving a chapter in the template renumbers its
tables and every mention. The table of contents is filled from the
document's own headings, and Word refreshes it with page numbers on opening.

## Pictures

A context value of type `reportgen.render.images.Image` (in `reportgen
render` data, a mapping `{image: chart.png, width_mm: 80}`) is placed where
the template writes it, `{{ chart }}`, in a paragraph, a cell, a header or a
footer, at the size given (or the picture's own), as docxtpl's InlineImage.

## docxtpl

What docxtpl documents works as in docxtpl: `{_{ x }_}` prints `{{ x }}`,
quotes that LibreOffice or WPS saved as `&quot;` inside a tag, `{{r }}`,
`{%p %}`, `{%r %}`, tags in the document's title and subject (File ›
Properties), footnotes, headers and footers. What differs by design: an
undefined variable is an error naming it (StrictUndefined); text is escaped,
never read as XML (autoescape); templates run in Jinja's sandbox.

The styles that blocks refer to are listed in `reportgen/render/styles.py`;
restyle them in Word to change the look of every generated paragraph.

## Shared rows
"""


def _table(spec: dict[str, Var], prefix: str = "") -> list[str]:
    lines = []
    for name, var in spec.items():
        path = f"{prefix}{name}"
        example = f"`{var.example}`" if var.example else ""
        lines.append(f"| `{path}` | {var.type} | {example} | {var.text.replace('|', '/')} |")
        if not var.rows and not var.record and var.extra:
            lines += _table(var.extra, f"{path}[]." if _is_list(var) else f"{path}.")
        elif var.rows and var.extra:
            lines += _table(var.extra, f"{path}[].")
    return lines


HEADER = ["| variable | type | example | what it holds |", "|---|---|---|---|"]


def documentation() -> str:
    """docs/template-context.md, written from the tables above."""
    lines = [INTRODUCTION]
    for name, spec in ROWS.items():
        lines += [f"### {name} rows", "", *HEADER, *_table(spec), ""]
    for kind, spec in CONTEXTS.items():
        lines += [f"## `{kind}` — {KINDS[kind]}", "", *HEADER, *_table(spec), ""]
    return "\n".join(lines)
