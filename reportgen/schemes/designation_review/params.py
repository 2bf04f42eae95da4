"""The `scheme:` block of a designation review (seed 002): the handling office and the applicants.

Each applicant carries what its 申请表 (the seed's 附件) asks for, the facts
the conditions of 第八条 are decided on, the materials it handed in (第九条),
and what the review found: conditions not met and refusal situations
(第十一条), each with a note.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from reportgen.fields import Number
from reportgen.safe_names import FileName
from reportgen.scenario.model import Model

Count = Annotated[int, Field(ge=0)]


class Staff(Model):
    """机构人员情况 of the form; 总人数 is their sum, so it is never typed."""

    assessors: Count = Field(description="评估人员人数.")
    senior: Count = Field(description="高级职称人数.")
    intermediate: Count = Field(description="中级职称人数.")
    junior: Count = Field(description="初级职称人数.")
    other: Count = Field(description="其他 (no professional title).")

    @property
    def total(self) -> int:
        return self.senior + self.intermediate + self.junior + self.other


class Certificate(Model):
    """A row of 评估机构资格申请所附证件清单."""

    name: str = Field(min_length=1, description="证件名称, e.g. 民办非企业单位登记证书.")
    number: str = Field("", description="证件编号.")
    issuer: str = Field("", description="发证单位.")
    original: bool = Field(True, description="是否原件.")


class Office(Model):
    """The office the form's 办公用房面积 refers to, and how long it may be used (第九条第（五）项)."""

    area: Number = Field(gt=0, description="办公用房面积 in ㎡.")
    tenure: Literal["自有", "租赁"] = Field(description="自有 (产权证明) or 租赁 (租赁合同).")
    lease_end: dt.date | None = Field(
        None, description="For 租赁: the last day of the lease, from which the term is counted."
    )


class ApplicationForm(Model):
    """The fields of the 申请表 besides staff, office and certificates."""

    address: str = Field(min_length=1, description="机构地址.")
    credit_code: str = Field(min_length=1, description="统一社会信用代码证编号.")
    license_number: str = Field("", description="执业许可证编号（选填）.")
    legal_representative: str = Field(min_length=1, description="法定代表人.")
    ownership: str = Field(min_length=1, description="所有制形式, e.g. 民办非企业单位.")
    representative_id: str = Field(min_length=1, description="法定代表人身份证号.")
    phone: str = Field(min_length=1, description="The 法定代表人's 联系电话.")
    bank_account: str = Field(min_length=1, description="开户银行及账号.")
    founded: dt.date = Field(description="机构成立时间.")
    lead: str = Field(min_length=1, description="评估工作负责人.")
    lead_phone: str = Field(min_length=1, description="The 评估工作负责人's 联系电话.")


class Unmet(Model):
    condition: str = Field(min_length=1, description="Id of a 第八条 condition found not met.")
    note: str = Field(min_length=1, description="What the review found.")


class Refusal(Model):
    situation: str = Field(min_length=1, description="Id of a 第十一条 situation found.")
    note: str = Field(min_length=1, description="What was found, and by whom.")


class Applicant(Model):
    """One 评估机构 applying for designation."""

    name: str = Field(min_length=1, description="机构名称 as registered.")
    short_name: FileName = Field(
        description="Short name used in file names (申请表-<short_name>.docx)."
    )
    applied: dt.date = Field(description="申请日期: the day the application was handed in.")
    decided: dt.date | None = Field(
        None, description="The notice's date; by default the project's report_date."
    )
    form: ApplicationForm
    operating_since: dt.date | None = Field(
        None, description="正式运营起始日期; by default the founding date."
    )
    staff: Staff
    trained: Count = Field(description="评估人员中经培训考核合格的人数 (第八条第（六）项).")
    with_records: Count = Field(0, description="评估人员中有违法违规等不良记录的人数.")
    office: Office
    last_year: Count = Field(0, description="上年度失能评估人次.")
    certificates: list[Certificate] = Field(
        default_factory=list, description="评估机构资格申请所附证件清单."
    )
    materials: list[str] = Field(
        default_factory=list, description="Ids of the 第九条 materials handed in."
    )
    defects: dict[str, str] = Field(
        default_factory=dict,
        description="Materials handed in but to be replaced, by id, with what is wrong "
        "(e.g. 复印件未加盖本机构公章).",
    )
    unmet: list[Unmet] = Field(
        default_factory=list, description="第八条 conditions without `when` found not met."
    )
    refusals: list[Refusal] = Field(
        default_factory=list, description="第十一条 situations without `when` found to apply."
    )


class DesignationParams(Model):
    """What a designation review sets under `scheme:`."""

    office: str = Field(
        min_length=1, description="The 医疗保障经办机构 handling the applications (落款)."
    )
    region: str = Field(min_length=1, description="统筹地区, e.g. 呼和浩特市.")
    supplement_days: int = Field(
        gt=0, description="Working days the 一次性告知 gives to hand in the missing materials."
    )
    publicity_start: dt.date | None = Field(
        None, description="First day of the 第十二条 publicity for the accepted applicants."
    )
    holidays: list[dt.date] = Field(
        default_factory=list, description="Public holidays that are not working days."
    )
    workdays: list[dt.date] = Field(
        default_factory=list, description="Weekend days worked in lieu (调休), which count."
    )
    contact: str = Field("", description="联系人及电话 closing each notice.")
    applicants: list[Applicant] = Field(min_length=1, description="The applications reviewed.")
