"""Who someone is on the platform: memberships with a role, invitations, API tokens, failed logins."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CERTIFICATION_BODY = "certification_body", _("certification body")
    AUDITOR = "auditor", _("auditor")
    AREA_MANAGER = "area_manager", _("area manager")
    COMPANY_CONTRIBUTOR = "company_contributor", _("company contributor")


class Preference(models.Model):
    """What a user chose for themselves: the language of the pages (wherever they sign in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gia_preference"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return f"{self.user} {self.language}"


class Membership(models.Model):
    """A role held by a user: for the whole platform (certification body), an area, or a company."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    area = models.ForeignKey(
        "gia.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    company = models.ForeignKey(
        "gia.Company", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "area", "company"], name="unique_membership"),
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(role="certification_body", area__isnull=True, company__isnull=True)
                    | models.Q(role="auditor", area__isnull=False, company__isnull=True)
                    # an area manager without an area may register areas (an applicant's account)
                    | models.Q(role="area_manager", company__isnull=True)
                    | models.Q(role="company_contributor", area__isnull=False, company__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.company or self.area or "GIA"
        return f"{self.user} — {self.get_role_display()} ({scope})"


class Invitation(models.Model):
    """An e-mailed link that lets someone create an account with one membership. Only the token's hash is kept."""

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    area = models.ForeignKey("gia.Area", null=True, blank=True, on_delete=models.CASCADE)
    company = models.ForeignKey("gia.Company", null=True, blank=True, on_delete=models.CASCADE)
    token_sha256 = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    accepted = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A token for machine clients of the API; only its SHA-256 is stored, the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8)
    token_sha256 = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginFailure(models.Model):
    """A failed login, counted per account and per address to slow down password guessing."""

    username = models.CharField(max_length=254, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class Pseudonym(models.Model):
    """How the audit trail names a person: a random code, linked here to the account (or, for someone
    invited who has none yet, the e-mail address). Erasing a person removes the link: the trail keeps
    its bytes, so its chain still verifies, but names no one any more."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="gia_pseudonym"
    )
    email = models.CharField(_("e-mail"), max_length=254, blank=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    erased = models.DateTimeField(_("link erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("pseudonym")
        verbose_name_plural = _("pseudonyms")

    def __str__(self) -> str:
        return self.code
