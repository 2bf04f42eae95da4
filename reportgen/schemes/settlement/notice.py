"""The 考核清算结果 notice as data: results, fee settlement and measures, article by article.

一、考核结果 ranks the agencies with each assessor's score and the weighted
total (第十四条); 二、服务费清算 shows the fee arithmetic with a 合计 row
(第十八条, 第十九条); 三、处理措施 names the measure for each weak result
(第二十条); 四、有关要求 closes with the scenario's own text. The template
(settlement_notice.docx) holds the headings, captions and notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportgen.formatting import cn_num, money, score2
from reportgen.narrative.values import Prose
from reportgen.numbers import plain
from reportgen.schemes.settlement.form import assessor_fields
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
from reportgen.schemes.wording import spread


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


def notice_context(data: NoticeInput) -> dict[str, Any]:
    """The notice between 主送 and 落款, as plain fields."""
    params, results = data.params, data.results
    sums = totals(results)
    return {
        "year": data.year,
        "opening": _opening(data),
        "assessors": assessor_fields(params.assessors),
        "adjusted": data.adjusted,
        "results": {
            "summary": spread(
                "家委托经办机构", "考核得分", [(r.agency.name, r.score.total) for r in results]
            ),
            "rows": [_result_row(r, params) for r in results],
            "formula": formula(params.assessors),
        },
        "fees": {
            "lead": _fee_lead(data),
            "rows": [_fee_row(r) for r in results],
            "total": {"fee": sums.fee, "deducted": sums.deducted, "paid": sums.paid},
            "losses": [_loss_text(r) for r in results if r.settlement.loss],
        },
        "measures": _measures(data),
        "no_measures": _no_measures(data),
        "closing": Prose(params.closing),
        "report_to": (
            f"依据{SHORT}第十八条，本次考核清算结果同时通报{'、'.join(params.report_to)}。"
            if params.report_to
            else ""
        ),
    }


def _opening(data: NoticeInput) -> str:
    params = data.params
    plan = f"和{params.plan}" if params.plan else ""
    return (
        f"根据{params.policy}{plan}，{params.issuer}按照机构自查、实地考核、考核评议的程序，"
        f"对{len(data.results)}家委托经办机构{data.year}年度长期护理保险委托经办服务情况进行了"
        f"考核清算。考核结果采用百分制，考核总得分由{weights_clause(params.assessors)}"
        f"加权平均后形成（{SHORT}第十四条）。现将考核清算结果通知如下："
    )


def _result_row(result: AgencyResult, params: SettlementParams) -> dict[str, Any]:
    score = result.score
    return {
        "rank": result.rank,
        "tied": result.tied,
        "place": f"{result.rank}（并列）" if result.tied else str(result.rank),
        "name": result.agency.name,
        "by": [score2(score.by_assessor[a.name]) for a in params.assessors],
        "weighted": score.weighted,
        "adjustment": score.adjustment,
        "score": score.total,
        "outcome": result.outcome,
    }


def _fee_lead(data: NoticeInput) -> str:
    return (
        f"依据{SHORT}第十八条，考核清算结果与委托经办服务费拨付挂钩。"
        f"{bands_sentence(data.params.bands)}。依据{SHORT}第十九条，委托经办机构及其工作人员"
        "出现重大违规违法事件造成基金损失的，从委托经办服务费中扣除。清算结果见表2。"
    )


def _fee_row(result: AgencyResult) -> dict[str, Any]:
    s = result.settlement
    return {
        "name": result.agency.name,
        "fee": s.fee,
        "score": s.score,
        "ratio": s.ratio,
        "share": share(s.ratio),
        "deducted": s.deducted,
        "paid": s.paid,
    }


def _loss_text(result: AgencyResult) -> str:
    causes = "；".join(loss.text.rstrip("。；;") for loss in result.agency.fund_losses)
    return (
        f"{result.agency.name}：{causes}，造成长期护理保险基金损失{money(result.settlement.loss)}元。"
        f"依据{SHORT}第十九条，从其委托经办服务费中扣除：{arithmetic(result.settlement)}"
    )


def _measures(data: NoticeInput) -> list[dict[str, Any]]:
    """Each measure applied this year, with a paragraph per agency it applies to."""
    applied = [
        (spec, [r for r in data.results if r.measure and r.measure.spec == spec])
        for spec in data.params.measures
    ]
    out = []
    for number, (spec, hits) in enumerate([(s, h) for s, h in applied if h], start=1):
        paragraphs = []
        for result in hits:
            assert result.measure is not None
            paragraphs.append(
                f"{result.agency.name}{measure_reason(result, result.measure)}。"
                f"依据{SHORT}{spec.article}，{spec.action.rstrip('。')}。"
            )
        out.append(
            {
                "heading": f"（{cn_num(number)}）{spec.name}",
                "name": spec.name,
                "paragraphs": paragraphs,
            }
        )
    return out


def _no_measures(data: NoticeInput) -> str:
    """The sentence saying no measure applies, when none does."""
    if any(r.measure for r in data.results):
        return ""
    measures = data.params.measures
    floor = f"考核得分均不低于{plain(measures[0].below)}分，" if measures else ""
    return f"本年度各委托经办机构{floor}不涉及约谈、责令限期整改等措施。"
