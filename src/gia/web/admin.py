"""The certification body's admin: read everything, change identities and memberships; never the
submitted versions or the audit trail (those are append-only)."""

from django.contrib import admin
from django.db import transaction

from gia.web.actions.audit import record
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


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin are written to the audit trail, in the same transaction."""

    audited_fields: tuple[str, ...] = ()

    def _snapshot(self, obj):  # type: ignore[no-untyped-def]
        return {name: str(getattr(obj, name)) for name in self.audited_fields}

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            before = self._snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            record(
                request.user,
                f"admin.{obj._meta.model_name}.{'change' if change else 'add'}",
                f"{obj._meta.model_name}:{obj.pk}",
                before=before,
                after=self._snapshot(obj),
            )

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            before = self._snapshot(obj)
            target = f"{obj._meta.model_name}:{obj.pk}"
            super().delete_model(request, obj)
            record(request.user, f"admin.{obj._meta.model_name}.delete", target, before=before)

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    audited_fields = ("slug", "name", "country", "total_area_ha", "management_name", "fictional")
    list_display = ("slug", "name", "country", "total_area_ha", "fictional")
    list_filter = ("country", "fictional")
    search_fields = ("slug", "name")


@admin.register(Company)
class CompanyAdmin(AuditedAdmin):
    audited_fields = ("area", "slug", "name", "nace", "employees")
    list_display = ("slug", "name", "area", "nace", "employees")
    list_filter = ("area",)
    search_fields = ("slug", "name")


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    audited_fields = ("user", "role", "area", "company")
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
class CertificateAdmin(ReadOnly):  # issued, suspended and withdrawn through the workflow only (signed)
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
