"""GIA's tables, split by domain."""

from gia.web.models.accounts import (
    ApiToken,
    Invitation,
    LoginFailure,
    Membership,
    Preference,
    Pseudonym,
    Role,
)
from gia.web.models.areas import Area, Company
from gia.web.models.audit import AuditEvent, AuditHead
from gia.web.models.certificates import Certificate
from gia.web.models.certification import Application, CriterionReview, Evidence, Finding
from gia.web.models.jobs import Job
from gia.web.models.mail import OutgoingMail
from gia.web.models.submissions import (
    NEUTRAL,
    AssessmentRecord,
    Draft,
    Handover,
    SectionSave,
    SeriesFile,
    SubmissionVersion,
)
from gia.web.models.symbiosis import FlowKind, Introduction, SymbiosisFlow

__all__ = [
    "NEUTRAL",
    "ApiToken",
    "Application",
    "Area",
    "AssessmentRecord",
    "AuditEvent",
    "AuditHead",
    "Certificate",
    "Company",
    "CriterionReview",
    "Draft",
    "Evidence",
    "Finding",
    "FlowKind",
    "Handover",
    "Introduction",
    "Invitation",
    "Job",
    "LoginFailure",
    "Membership",
    "OutgoingMail",
    "Preference",
    "Pseudonym",
    "Role",
    "SectionSave",
    "SeriesFile",
    "SubmissionVersion",
    "SymbiosisFlow",
]
