"""The 申请表 of the seed's 附件 as data, filled from the applicant's record.

The template (designation_application.docx) lays it out as the paper form:
label/value pairs, the six counts of 机构人员情况, the 证件清单 and the
undertaking with its signature lines. 总人数 is the sum of the other staff
columns, computed, never typed.
"""

from __future__ import annotations

from typing import Any

from reportgen.schemes.designation_review.params import Applicant
from reportgen.schemes.designation_review.wording import ymd


def form_context(applicant: Applicant, policy: str) -> dict[str, Any]:
    """Everything the 申请表 shows, as plain fields."""
    form, staff = applicant.form, applicant.staff
    return {
        "policy": policy,
        "applicant": {
            "name": applicant.name,
            "short_name": applicant.short_name,
            "address": form.address,
            "credit_code": form.credit_code,
            "license_number": form.license_number,
            "legal_representative": form.legal_representative,
            "ownership": form.ownership,
            "representative_id": form.representative_id,
            "phone": form.phone,
            "bank_account": form.bank_account,
            "founded": ymd(form.founded),
            "office_area": applicant.office.area,
            "lead": form.lead,
            "lead_phone": form.lead_phone,
            "applied": ymd(applicant.applied),
        },
        "staff": {
            "total": staff.total,
            "assessors": staff.assessors,
            "senior": staff.senior,
            "intermediate": staff.intermediate,
            "junior": staff.junior,
            "other": staff.other,
        },
        "last_year": {"year": applicant.applied.year - 1, "count": applicant.last_year},
        "certificates": [
            {
                "index": number,
                "name": certificate.name,
                "number": certificate.number,
                "issuer": certificate.issuer,
                "original": certificate.original,
            }
            for number, certificate in enumerate(applicant.certificates, start=1)
        ],
    }
