"""GIA's tables, split by domain."""

from gia.web.models.accounts import ApiToken, Invitation, LoginFailure, Membership, Role
from gia.web.models.areas import Area, Company
from gia.web.models.audit import AuditEvent, AuditHead
from gia.web.models.certificates import Certificate
from gia.web.models.submissions import AssessmentRecord, Draft, SeriesFile, SubmissionVersion

__all__ = [
    "ApiToken",
    "Area",
    "AssessmentRecord",
    "AuditEvent",
    "AuditHead",
    "Certificate",
    "Company",
    "Draft",
    "Invitation",
    "LoginFailure",
    "Membership",
    "Role",
    "SeriesFile",
    "SubmissionVersion",
]
