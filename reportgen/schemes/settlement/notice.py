"""The 考核清算结果 notice: results, fee settlement and measures, article by article.

一、考核结果 ranks the agencies with each assessor's score and the weighted
total (第十四条); 二、服务费清算 shows the fee arithmetic with a 合计 row
(第十八条, 第十九条); 三、处理措施 names the measure for each weak result
(第二十条); 四、有关要求 closes with the scenario's own text.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.formatting import cn_num, money, score2
from reportgen.numbers import plain
from reportgen.render import styles, xml
from reportgen.render.markdown import markdown_to_wordml
from reportgen.render.package_parts import TEXT_WIDTH
from reportgen.render.tables import Cell, caption, table, unit_line
from reportgen.schemes.settlement.params import SettlementParams
from reportgen.schemes.settlement.settle import AgencyResult, totals
from reportgen.schemes.settlement.wording import (
    SHORT,
    arithmetic,
    bands_sentence,
    formula,
    measure_reason,
    share,
    weights_clause,
)
from reportgen.schemes.wording import notice_sections, spread

# Twips for one line of a cell, cell margins included, in the fonts a reader may lack
# (a substitute such as DejaVu is wider than Times New Roman): four 10.5 pt characters
# need 1010; "100.00" 920; "15,895,937.50" in bold 1800.
RANK_WIDTH, FOUR_CHARACTERS, SCORE_WIDTH, ADJUSTMENT_WIDTH = 520, 1010, 920, 800
MONEY_WIDTH, SHARE_WIDTH = 1800, 800
FEE_WIDTHS = [TEXT_WIDTH - 3 * MONEY_WIDTH - 2 * SHARE_WIDTH, MONEY_WIDTH, SHARE_WIDTH]
FEE_WIDTHS += [SHARE_WIDTH, MONEY_WIDTH, MONEY_WIDTH]


@dataclass(frozen=True)
class NoticeInput:
    params: SettlementParams
    year: int
    results: list[AgencyResult]
    adjusted: bool  # the indicator system has bonus or penalty items


def notice_title(year: int) -> str:
    return f"关于{year}年度长期护理保险委托经办机构\n考核清算结果的通知"


def recipients(params: SettlementParams) -> str:
    return params.recipients or "、".join(a.name for a in params.agencies)


def notice_body(data: NoticeInput) -> str:
    """The notice between 主送 and 落款."""
    sections = [
        ("考核结果", _results_section(data)),
        ("服务费清算", _fee_section(data)),
        ("处理措施", _measures_section(data)),
    ]
    closing = _closing_section(data.params)
    if closing:
        sections.append(("有关要求", closing))
    return notice_sections(_opening(data), sections)


def _paragraph(text: str, style: str = styles.BODY) -> str:
    return xml.paragraph(xml.run(text), style)


def _opening(data: NoticeInput) -> str:
    params = data.params
    plan = f"和{params.plan}" if params.plan else ""
    return (
        f"根据{params.policy}{plan}，{params.issuer}按照机构自查、实地考核、考核评议的程序，"
        f"对{len(data.results)}家委托经办机构{data.year}年度长期护理保险委托经办服务情况进行了"
        f"考核清算。考核结果采用百分制，考核总得分由{weights_clause(params.assessors)}"
        f"加权平均后形成（{SHORT}第十四条）。现将考核清算结果通知如下："
    )


def _results_section(data: NoticeInput) -> str:
    results = data.results
    summary = spread(
        "家委托经办机构", "考核得分", [(r.agency.name, r.score.total) for r in results]
    )
    assessors = data.params.assessors
    names = [a.name for a in assessors]
    header = ["排名", "委托经办机构", *[f"{a.heading}\n（{share(a.weight)}）" for a in assessors]]
    header += ["加权得分"] + ["加减分"] * data.adjusted + ["考核得分", "处理措施"]
    rows = [_result_row(r, names, data.adjusted) for r in results]
    note = (
        f"注：加权得分＝{formula(data.params.assessors)}"
        f"{'，考核得分＝加权得分＋加减分' if data.adjusted else ''}，"
        "四舍五入保留两位小数；得分相同的并列排名。"
    )
    return (
        _paragraph(summary)
        + caption(f"表1　{data.year}年度长期护理保险委托经办机构考核结果")
        + table([header], rows, _result_widths(len(names), data.adjusted))
        + _paragraph(note, styles.TABLE_SOURCE)
    )


def _result_widths(assessors: int, adjusted: bool) -> list[int]:
    """Fixed widths for the figures; the agency's name takes what is left of the text width."""
    figures = [FOUR_CHARACTERS] * (assessors + 1) + [ADJUSTMENT_WIDTH] * adjusted
    figures += [FOUR_CHARACTERS, FOUR_CHARACTERS]
    return [RANK_WIDTH, TEXT_WIDTH - RANK_WIDTH - sum(figures), *figures]


def _result_row(result: AgencyResult, names: list[str], adjusted: bool) -> list[Cell | str]:
    score = result.score
    place = f"{result.rank}（并列）" if result.tied else str(result.rank)
    row: list[Cell | str] = [place, Cell(result.agency.name, styles.TABLE_TEXT_LEFT)]
    row += [score2(score.by_assessor[name]) for name in names]
    row.append(score2(score.weighted))
    if adjusted:
        row.append(score2(score.adjustment))
    row += [score2(score.total), result.outcome or "—"]
    return row


def _fee_section(data: NoticeInput) -> str:
    lead = (
        f"依据{SHORT}第十八条，考核清算结果与委托经办服务费拨付挂钩。"
        f"{bands_sentence(data.params.bands)}。依据{SHORT}第十九条，委托经办机构及其工作人员"
        "出现重大违规违法事件造成基金损失的，从委托经办服务费中扣除。清算结果见表2。"
    )
    header = ["委托经办机构", "应付服务费", "考核得分", "结算比例", "核减基金损失", "实际清算金额"]
    rows = [_fee_row(r) for r in data.results]
    rows.append(_total_row(data.results))
    note = (
        "注：实际清算金额＝应付服务费×结算比例（四舍五入至分）－核减基金损失；"
        "核减以按比例核定的服务费为限，实际清算金额最低为0。"
    )
    losses = "".join(_paragraph(_loss_text(r)) for r in data.results if r.settlement.loss)
    return (
        _paragraph(lead)
        + caption(f"表2　{data.year}年度长期护理保险委托经办服务费清算表")
        + unit_line("元")
        + table([header], rows, FEE_WIDTHS)
        + _paragraph(note, styles.TABLE_SOURCE)
        + losses
    )


def _fee_row(result: AgencyResult) -> list[Cell | str]:
    s = result.settlement
    return [
        Cell(result.agency.name, styles.TABLE_TEXT_LEFT),
        money(s.fee),
        score2(s.score),
        share(s.ratio),
        money(s.deducted),
        money(s.paid),
    ]


def _total_row(results: list[AgencyResult]) -> list[Cell | str]:
    sums = totals(results)
    return [
        Cell("合计", bold=True),
        Cell(money(sums.fee), bold=True),
        "—",
        "—",
        Cell(money(sums.deducted), bold=True),
        Cell(money(sums.paid), bold=True),
    ]


def _loss_text(result: AgencyResult) -> str:
    causes = "；".join(loss.text.rstrip("。；;") for loss in result.agency.fund_losses)
    return (
        f"{result.agency.name}：{causes}，造成长期护理保险基金损失{money(result.settlement.loss)}元。"
        f"依据{SHORT}第十九条，从其委托经办服务费中扣除：{arithmetic(result.settlement)}"
    )


def _measures_section(data: NoticeInput) -> str:
    measures = data.params.measures
    applied = [
        (spec, [r for r in data.results if r.measure and r.measure.spec == spec])
        for spec in measures
    ]
    applied = [(spec, hits) for spec, hits in applied if hits]
    if not applied:
        floor = f"考核得分均不低于{plain(measures[0].below)}分，" if measures else ""
        return _paragraph(f"本年度各委托经办机构{floor}不涉及约谈、责令限期整改等措施。")
    body = ""
    for number, (spec, hits) in enumerate(applied, start=1):
        body += xml.paragraph(xml.run(f"（{cn_num(number)}）{spec.name}"), styles.HEADING_2)
        for result in hits:
            assert result.measure is not None
            body += _paragraph(
                f"{result.agency.name}{measure_reason(result, result.measure)}。"
                f"依据{SHORT}{spec.article}，{spec.action.rstrip('。')}。"
            )
    return body


def _closing_section(params: SettlementParams) -> str:
    body = markdown_to_wordml(params.closing) if params.closing.strip() else ""
    if params.report_to:
        body += _paragraph(
            f"依据{SHORT}第十八条，本次考核清算结果同时通报{'、'.join(params.report_to)}。"
        )
    return body
