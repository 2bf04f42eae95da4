"""The scenario workbook's sheets and columns, each with what it holds.

One place declares the layout; the writer, the reader, the header comments
and the 说明 sheet all come from it, so they cannot disagree. The workbook
holds everything scenario.yaml and its framework hold:

- 项目信息: one row per field (项目名称, 评价年度 …), 字段 | 值.
- 等级: the grade bands, 等级 | 最低得分率.
- 数据表 and 数据: the data tables, and their values or expressions (公式).
- 指标体系: one row per indicator, its name in the column of its level.
- 评价方: assessors and their weights, when several score the same items.
- 评分: the findings, one row per thing found: 指标 | 项目 | 名称 | 数值 | 内容.
- 正文: the report's sections (Markdown) by key; 问题, 建议, 经验.
- 方案参数: the parameters of the scenario's kind, one row per value, by path.
"""

from __future__ import annotations

from dataclasses import dataclass

WORKBOOK_NAMES = ("scenario.xlsx", "评价.xlsx")
MARK_SHEET = "项目信息"  # a workbook with this sheet is a scenario workbook


@dataclass(frozen=True)
class Column:
    header: str
    help: str
    width: int = 14
    wrap: bool = False


@dataclass(frozen=True)
class Field:
    """A row of 项目信息: the label consultants read, the path in scenario.yaml."""

    label: str
    path: tuple[str, ...]
    help: str


PROJECT_FIELDS = (
    Field("项目名称", ("project", "name"), "全文统一使用的项目名称"),
    Field("项目简称", ("project", "short_name"), "正文中使用的简称"),
    Field("评价年度", ("project", "year"), "年份，如 2022"),
    Field("委托单位", ("project", "commissioner"), ""),
    Field("被评价单位", ("project", "evaluated_unit"), "或项目实施单位"),
    Field("评价机构", ("project", "evaluator"), ""),
    Field("报告日期", ("project", "report_date"), "日期，如 2023-12-01"),
    Field(
        "类型",
        ("kind",),
        "文书类型：performance_report（绩效评价报告），或其他方案（见 reportgen templates list）",
    ),
    Field("编号", ("id",), "输出文件夹的名称；不填则用工作簿所在文件夹的名称"),
    Field("示例数据", ("sample_data",), "是：文书标注“示例数据”"),
    Field("指标体系名称", ("framework_name",), "指标体系的名称"),
    Field(
        "规则文件",
        ("framework",),
        "与工作簿同一文件夹的规则文件（用于不以指标体系评分的方案）",
    ),
    Field("满分", ("scale",), "计分指标的满分（100、120……）"),
    Field("总分上限", ("total_cap",), "含加分在内，总分不超过此数（总分不突破100分）"),
    Field("得分小数位数", ("score_decimals",), "所有得分显示的小数位数，默认 2（95.00）"),
    Field("模板文件夹", ("templates",), "本机构模板所在文件夹（相对于工作簿）"),
)

INFO = (Column("字段", "字段名称，请勿修改", 16), Column("值", "", 60, True))
GRADES = (
    Column("等级", "等级名称，如 优 或 优(A)", 12),
    Column("最低得分率", "该等级的最低得分率（满分的百分比）", 12),
)
TABLES = (
    Column("表", "表名，公式中以 表名.键 引用", 14),
    Column("标题", "表题，如 居民大病资金使用情况表", 30),
    Column("单位", "数值的单位，如 元", 8),
    Column("来源", "数据来源，印在表下", 24),
    Column("文件", "改从此 .xlsx/.csv 文件读取数值（相对路径）", 16),
    Column("工作表", "该工作簿中的工作表", 12),
    Column("在报告中显示", "否：仅作背景数据，不在报告中列表", 10),
)
DATA = (
    Column("表", "所属的表（数据表中的表名）", 14),
    Column("键", "该数值在公式中的名称", 16),
    Column("名称", "报告表格中该行的名称", 24),
    Column("值", "数值（直接给出时）", 16),
    Column("公式", "或用公式计算，如 保费收入 * 0.03", 30),
    Column("单位", "与表的单位不同时填写（人、次）", 8),
)
LEVELS = ("一级指标", "二级指标", "三级指标", "四级指标", "五级指标")
MAX_LEVELS = len(LEVELS)
INDICATOR_HEAD = (Column("序号", "简短且唯一的编号（项次）；不填则以指标名称为准", 8),)
INDICATOR_TAIL = (
    Column(
        "分值",
        "满分；上级指标可不填（取下级之和）；+5 或 -5 表示满分之外的加分项或扣分项",
        8,
    ),
    Column("指标解释及评价要点", "可列出评价要点 ① ② ……", 40, True),
    Column("评分标准", "评分标准原文；不填规则时，按评分标准识别规则", 40, True),
    Column("考核依据", "如 文件资料 平台系统", 14, True),
    Column("规则", "规则类型（见 reportgen rules）；不填则按评分标准识别", 16),
    Column("参数", "规则参数，如 {per_item: 2}", 40, True),
)
ASSESSORS = (
    Column("评价方", "如 自评、省级评定", 16),
    Column("权重", "所占权重，如 0.4；各评价方权重之和为 1", 8),
)
FINDINGS = (
    Column("评价方", "评价方（见评价方表）；不填为本次评价的评分", 12),
    Column("指标", "指标的序号或名称", 24),
    Column("项目", "本行记录的内容（见下拉列表）", 12),
    Column("名称", "所涉及的要点、情形、测量项或事实", 18),
    Column("数值", "数值、次数，或 是/否", 10),
    Column("内容", "文字：说明、扣分原因、发现的问题", 60, True),
)
SECTIONS = (
    Column("章节", "章节键名，与模板一致（background、funds……）", 16),
    Column("内容", "正文（Markdown）", 90, True),
)
PROBLEMS = (
    Column("标题", "标题", 30, True),
    Column("相关指标", "该问题解释失分的指标，每行一个", 24, True),
    Column("内容", "正文（Markdown）", 70, True),
)
RECOMMENDATIONS = (
    Column("标题", "标题", 30, True),
    Column("针对问题", "针对的问题标题，每行一个", 24, True),
    Column("内容", "正文（Markdown）", 70, True),
)
OTHER = (
    Column("路径", "数值的位置，如 scheme.institutions[0].name", 50),
    Column("值", "数值", 60, True),
)

# What a 评分 row records (项目) and the finding it becomes.
ENTRIES = {
    "说明": "该指标的评价说明",
    "扣分原因": "扣分原因（取代自动生成的原因）",
    "评分": "直接给出的得分（数值）",
    "佐证资料": "未提供佐证资料时填 否（该项不得分）",
    "失分要点": "未达到的要点（名称：要点编号；内容：发现的情况）",
    "未满足条件": "不满足的条件（名称：条件编号；内容：发现的情况）",
    "问题": "发现的问题（内容），每项按规则扣分",
    "扣分": "扣分事项（内容）及扣分（数值）",
    "加分": "加分事项（内容）及加分（数值）",
    "次数": "情形（名称）发生的次数（数值）；内容：说明",
    "事实": "条件（名称）是否成立（是/否）；内容：说明",
    "档次": "达到的档次（内容：档次名称）",
    "实测值": "实测数值（名称：测量项）",
    "备注": "档次的情况说明",
}

SHEETS = {
    "项目信息": ("项目信息与评价设置", INFO),
    "等级": ("评价等级，由高到低", GRADES),
    "数据表": ("数据表", TABLES),
    "数据": ("数据表中的数值", DATA),
    "指标体系": ("指标体系，每行一个指标", INDICATOR_HEAD + INDICATOR_TAIL),
    "评价方": ("对同一指标评分的各评价方及权重", ASSESSORS),
    "评分": ("评分情况，每行一项", FINDINGS),
    "正文": ("报告正文各章节", SECTIONS),
    "问题": ("存在的问题", PROBLEMS),
    "建议": ("有关建议", RECOMMENDATIONS),
    "经验": ("主要经验及做法", PROBLEMS),
    "方案参数": ("方案参数，每行一个数值", OTHER),
}
YES, NO = "是", "否"
# The scenario fields the sheets above hold; any other goes to 方案参数 by its path.
COVERED = (
    "id", "kind", "sample_data", "project", "framework", "framework_name", "scale", "total_cap", "score_decimals",
    "templates", "grades", "data", "indicators", "findings", "assessors", "narrative",
    "problems", "recommendations", "experiences",
)  # fmt: skip
