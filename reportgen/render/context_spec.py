"""Every variable a template receives, documented once.

`docs/template-context.md` is written from this table and
`reportgen templates check` compares a template's variables against it.
A path `a[].b` is the field `b` of each item of the list `a`.
"""

from __future__ import annotations

BLOCK = "XML block: use it alone in a paragraph as `{{p …}}`"

PERFORMANCE_REPORT: dict[str, str] = {
    "project.name": "项目名称, the canonical name (text)",
    "project.short_name": "short name used in running text (text)",
    "project.year": "评价年度 (text)",
    "project.commissioner": "委托单位 (text)",
    "project.evaluated_unit": "被评价单位 (text)",
    "project.evaluator": "评价机构 (text)",
    "document_title": "绩效评价报告 (text)",
    "report_date": "报告日期 in Chinese, e.g. 二〇二三年十二月 (text)",
    "sample_data": "true when the scenario is marked 示例数据 (boolean)",
    "toc": f"table of contents entries shown until Word refreshes the TOC field; {BLOCK}",
    "md.background": f"项目概况 prose; {BLOCK}",
    "md.funds": f"资金使用情况 prose; {BLOCK}",
    "md.goals": f"项目绩效目标 (chapter 1 （三）, shown only when given); {BLOCK}",
    "md.purpose": f"评价目的; {BLOCK}",
    "md.scope": f"评价对象及范围; {BLOCK}",
    "md.principles": f"评价原则; {BLOCK}",
    "md.methods": f"评价方法; {BLOCK}",
    "md.process": f"绩效评价工作过程; {BLOCK}",
    "md.achievements": f"综合评价 prose after 表3-1; {BLOCK}",
    "md.other": f"其他需要说明的问题; {BLOCK}",
    "funds_tables": f"表1-1, 1-2 … fund usage tables with captions, 单位 and 数据来源; {BLOCK}",
    "system.sentence": "指标体系 overview: counts of indicators, dimensions and their weights (text)",
    "system.table": f"表2-1 indicator system, 一级/二级 merged per group; {BLOCK}",
    "grading": f"评价标准: the grade bands as sentences; {BLOCK}",
    "conclusion.sentence": "综合得分为95.00分，评价等级为“优” sentence (text)",
    "conclusion.table": f"表3-1 summary with 得分率; {BLOCK}",
    "conclusion.shortcomings": f"the sentence naming the problems found; {BLOCK}",
    "dimensions": "one item per 一级指标 (list)",
    "dimensions[].heading": "（一）项目决策情况 (text)",
    "dimensions[].summary": "决策指标分值为25分，得分25分，… (text)",
    "dimensions[].table": f"表4-n for this dimension; {BLOCK}",
    "dimensions[].analysis": f"1.二级指标 headings and a paragraph per indicator; {BLOCK}",
    "chapter_five.title": "五、存在的问题 (or 五、主要经验及做法、存在的问题) (text)",
    "chapter_five.body": f"the numbered problems (and experiences); {BLOCK}",
    "recommendations": f"六、有关建议: the numbered recommendations; {BLOCK}",
    "appendix.title": "附件 title: …绩效评价指标得分表 (text)",
    "appendix.table": f"附件 table with 评价要点, 评分标准, 得分, 扣分原因; {BLOCK}",
}

FORM: dict[str, str] = {
    "title": "the form's title, e.g. …建设规范评定表 (text)",
    "subtitle": "unit and date line under the title; may be empty (text)",
    "sample_data": "true when the scenario is marked 示例数据 (boolean)",
    "body": f"the filled form: tables, totals and notes; {BLOCK}",
}

NOTICE: dict[str, str] = {
    **FORM,
    "title": "the notice's title, e.g. 关于…评定结果的通报 (text)",
    "recipients": "主送机关, without the colon; may be empty (text)",
    "body": f"the notice's paragraphs and tables; {BLOCK}",
    "issuer": "落款, the issuing office; may be empty (text)",
    "date": "成文日期 in Chinese, e.g. 二〇二五年二月二十八日; may be empty (text)",
}

CONTEXTS: dict[str, dict[str, str]] = {
    "performance_report": PERFORMANCE_REPORT,
    "form": FORM,
    "notice": NOTICE,
}


INTRODUCTION = """\
# Template context

A template under `templates/docx/` is a Word file with docxtpl tags. It is
rendered in Jinja's sandbox with autoescaping: text from a scenario always
appears literally, and a variable the context lacks stops the build with its
name. `reportgen templates check TEMPLATE` lists the variables a template uses
that its context does not provide.

Two kinds of value reach a template:

- **text**: write it inside a paragraph, `项目名称：{{ project.name }}`;
- **XML blocks**: paragraphs or tables that reportgen builds in the
  template's own styles (tables, the consultant's Markdown prose). Give each
  a paragraph of its own, tagged `{{p name }}`: docxtpl replaces that whole
  paragraph with the block.

Lists are iterated with paragraph tags, e.g. `{%p for dimension in dimensions %}`
… `{%p endfor %}`. Filters for numbers: `money` (1,133,025.60), `wan` (万元),
`count` (539,536), `score` (3.5), `score2` (95.00), `pct` (91.67%), `cn_num`
(十一), `cn_index` (（一）), `circled` (①), `paren_num` (（1）), `cn_date`
(二〇二三年十二月), `cn_date_full`.

A table of your own is a Word table with a row loop: a row holding only
`{%tr for r in rows %}`, the row to repeat, and a row holding `{%tr endfor %}`.
In a cell of the repeated row, `{% vmerge KEY %}` merges the cell with the one
above while KEY's value is unchanged, and a tuple nests groups:
`{% vmerge (r.dimension, r.group) %}{{ r.group }}` starts a new 二级 cell
whenever the 一级 changes, even when the 二级 name repeats. The example is
`docs/examples/vmerge.docx`.

What docxtpl documents works as in docxtpl: `{%tc for %}` column loops (the
table grid follows the new column count), `{_{ x }_}` to print `{{ x }}`,
quotes that LibreOffice or WPS saved as `&quot;` inside a tag, tags in the
document's title and subject (File › Properties), and Jinja's own filters
(`count` of a list is its length; of a number, the number with separators).
A tag whose expression fails on its values stops the build with the text near
it.

The styles generated blocks refer to are listed in `reportgen/render/styles.py`;
restyle them in Word to change the look of the whole report.
"""


def documentation() -> str:
    """docs/template-context.md, written from the tables above."""
    lines = [INTRODUCTION]
    for kind, spec in CONTEXTS.items():
        lines += [f"## `{kind}`", "", "| variable | what it holds |", "|---|---|"]
        lines += [f"| `{path}` | {text.replace('|', '/')} |" for path, text in spec.items()]
        lines.append("")
    return "\n".join(lines)
