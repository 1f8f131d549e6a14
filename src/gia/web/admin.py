"""The certification body's admin: read everything, change identities and memberships; never the
submitted versions or the audit trail (those are append-only)."""

from django.contrib import admin

from gia.web.models import (
    ApiToken,
    Area,
    AssessmentRecord,
    AuditEvent,
    Certificate,
    Company,
    Invitation,
    Membership,
    SubmissionVersion,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "country", "total_area_ha", "fictional")
    list_filter = ("country", "fictional")
    search_fields = ("slug", "name")


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "area", "nace", "employees")
    list_filter = ("area",)
    search_fields = ("slug", "name")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "area", "company")
    list_filter = ("role",)


@admin.register(Invitation)
class InvitationAdmin(ReadOnly):
    list_display = ("email", "role", "area", "company", "created", "expires", "accepted")
    exclude = ("token_sha256",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnly):
    list_display = ("name", "user", "prefix", "created", "last_used", "revoked")
    exclude = ("token_sha256",)


@admin.register(SubmissionVersion)
class SubmissionVersionAdmin(ReadOnly):
    list_display = ("area", "year", "number", "submitted_by", "submitted", "sha256")
    list_filter = ("year",)


@admin.register(AssessmentRecord)
class AssessmentRecordAdmin(ReadOnly):
    list_display = ("version", "language", "level", "total_fulfilment", "gates_passed")
    exclude = ("result_z", "summary")


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "area", "level", "valid_from", "valid_to", "status")
    list_filter = ("status", "level")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly):
    list_display = ("sequence", "at", "actor", "action", "target")
    search_fields = ("actor", "action", "target")
    change_list_template = "admin/gia/auditevent/change_list.html"

    def get_urls(self):  # type: ignore[no-untyped-def]
        from django.urls import path

        return [
            path("verify/", self.admin_site.admin_view(self.verify_view), name="gia_auditevent_verify"),
            *super().get_urls(),
        ]

    def verify_view(self, request):  # type: ignore[no-untyped-def]
        """Recompute the chain, as `gia audit verify` does, and name the first broken event."""
        from django.template.response import TemplateResponse

        from gia.web.actions.audit import verify_chain

        context = {**self.admin_site.each_context(request), "check": verify_chain(), "opts": self.model._meta}
        return TemplateResponse(request, "admin/gia/auditevent/verify.html", context)
