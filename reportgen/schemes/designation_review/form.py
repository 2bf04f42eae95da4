"""The 申请表 of the seed's 附件, filled from the applicant's data, laid out as the seed lays it out.

Rows of the paper form divide the width differently (label/value pairs, the
six counts of 机构人员情况, the five columns of the 证件清单), so each row is
written as cells with their right edges, and the table's grid is the union of
all edges. 总人数 is the sum of the other staff columns, computed, never typed.
The undertaking and the signature lines close the table, as on the paper form.
"""

from __future__ import annotations

from reportgen.numbers import plain
from reportgen.render import styles
from reportgen.render.package_parts import TEXT_WIDTH
from reportgen.render.tables import Cell, table
from reportgen.schemes.designation_review.params import Applicant
from reportgen.schemes.designation_review.wording import ymd

# Right edges in twips. 18-character codes need 2,800 with the cell margins.
LABEL, VALUE, LABEL2 = 1700, 4500, 6045
COUNTS = [LABEL + (TEXT_WIDTH - LABEL) * n // 6 for n in range(1, 7)]
NUMBER, NAME, CODE, ISSUER = 600, COUNTS[0], 5700, COUNTS[4]
EDGES = sorted({LABEL, VALUE, LABEL2, *COUNTS, NUMBER, NAME, CODE, ISSUER, TEXT_WIDTH})
WIDTHS = [right - left for left, right in zip([0, *EDGES], EDGES, strict=False)]
LEFT, HEADER = styles.TABLE_TEXT_LEFT, styles.TABLE_HEADER
SIGNATURE_INDENT = "　" * 12

Row = list[tuple[Cell, int]]


def form_body(applicant: Applicant, policy: str) -> str:
    """The form as one table, from 机构名称 to the signature lines."""
    rows: list[Row] = [*_identity_rows(applicant), *_staff_rows(applicant)]
    rows += [
        _last_year_row(applicant),
        *_certificate_rows(applicant),
        _undertaking(applicant, policy),
    ]
    return table([], [_cells(row) for row in rows], WIDTHS, repeat_header=False)


def _cells(row: Row) -> list[Cell]:
    """Each cell spanning the grid columns from the previous cell's right edge to its own."""
    cells, left = [], 0
    for cell, right in row:
        cell.span = EDGES.index(right) - (EDGES.index(left) if left else -1)
        cells.append(cell)
        left = right
    return cells


def _pair(label: str, value: str, label2: str, value2: str) -> Row:
    """Two label/value pairs on one row, as the form's narrower rows are."""
    return [
        (Cell(label), LABEL),
        (Cell(value), VALUE),
        (Cell(label2), LABEL2),
        (Cell(value2), TEXT_WIDTH),
    ]


def _wide(label: str, value: str) -> Row:
    return [(Cell(label), LABEL), (Cell(value, LEFT), TEXT_WIDTH)]


def _identity_rows(applicant: Applicant) -> list[Row]:
    form = applicant.form
    return [
        _wide("机构名称", applicant.name),
        _wide("机构地址", form.address),
        _pair(
            "统一社会信用代码证编号",
            form.credit_code,
            "执业许可证编号\n（选填）",
            form.license_number,
        ),
        _pair("法定代表人", form.legal_representative, "所有制形式", form.ownership),
        _pair("法定代表人身份证号", form.representative_id, "联系电话", form.phone),
        _wide("开户银行及账号", form.bank_account),
        _pair(
            "机构成立时间", ymd(form.founded), "办公用房面积", f"{plain(applicant.office.area)}㎡"
        ),
        _pair("评估工作负责人", form.lead, "联系电话", form.lead_phone),
    ]


def _staff_rows(applicant: Applicant) -> list[Row]:
    staff = applicant.staff
    headings = [
        "总人数",
        "评估人员\n人数",
        "高级职称\n人数",
        "中级职称\n人数",
        "初级职称\n人数",
        "其他",
    ]
    counts = [staff.total, staff.assessors, staff.senior, staff.intermediate, staff.junior]
    counts.append(staff.other)
    return [
        [
            (Cell("机构人员情况"), LABEL),
            *[(Cell(h), e) for h, e in zip(headings, COUNTS, strict=True)],
        ],
        [
            (Cell("机构人员情况", merge_up=True), LABEL),
            *[(Cell(str(n)), e) for n, e in zip(counts, COUNTS, strict=True)],
        ],
    ]


def _last_year_row(applicant: Applicant) -> Row:
    year = applicant.applied.year - 1
    return [
        (Cell("上年度\n失能评估人次"), LABEL),
        (Cell(f"{year}年度　{applicant.last_year}人次", LEFT), TEXT_WIDTH),
    ]


def _certificate_rows(applicant: Applicant) -> list[Row]:
    rows: list[Row] = [
        [(Cell("评估机构资格申请所附证件清单", HEADER), TEXT_WIDTH)],
        [
            (Cell("序号", HEADER), NUMBER),
            (Cell("证件名称", HEADER), NAME),
            (Cell("证件编号", HEADER), CODE),
            (Cell("发证单位", HEADER), ISSUER),
            (Cell("是否原件", HEADER), TEXT_WIDTH),
        ],
    ]
    for number, certificate in enumerate(applicant.certificates, start=1):
        rows.append(
            [
                (Cell(str(number)), NUMBER),
                (Cell(certificate.name, LEFT), NAME),
                (Cell(certificate.number), CODE),
                (Cell(certificate.issuer, LEFT), ISSUER),
                (Cell("是" if certificate.original else "否"), TEXT_WIDTH),
            ]
        )
    if not applicant.certificates:
        rows.append(
            [
                (Cell("—"), NUMBER),
                (Cell("未附证件"), NAME),
                (Cell("—"), CODE),
                (Cell("—"), ISSUER),
                (Cell("—"), TEXT_WIDTH),
            ]
        )
    return rows


def _undertaking(applicant: Applicant, policy: str) -> Row:
    text = (
        f"　　本机构自愿申请长期护理保险定点评估机构，所填内容真实有效，并承诺严格按照{policy}"
        "及有关规定，承担长期护理保险评估服务工作。"
    )
    lines = [text, "", f"{SIGNATURE_INDENT}法定代表人签字（章）：", ""]
    lines.append(f"{SIGNATURE_INDENT}申请机构（印章）　　{ymd(applicant.applied)}")
    return [(Cell(style=LEFT, paragraphs=lines), TEXT_WIDTH)]
