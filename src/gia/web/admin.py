"""The certification body's admin: read everything, change identities and memberships; never the
submitted versions or the audit trail (those are append-only)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gia.web.actions.audit import person, pseudonym, record
from gia.web.models import (
    ApiToken,
    Area,
    AssessmentRecord,
    AuditEvent,
    Certificate,
    Company,
    Invitation,
    Membership,
    OutgoingMail,
    Role,
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
    #: the identifier is in every link, certificate and audit event: never changed once made
    readonly_fields = ("slug",)

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return ("slug",) if obj is not None else ()

    list_display = ("slug", "name", "country", "total_area_ha", "fictional")
    list_filter = ("country", "fictional")
    search_fields = ("slug", "name")


@admin.register(Company)
class CompanyAdmin(AuditedAdmin):
    audited_fields = ("area", "slug", "name", "nace", "employees")

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return ("area", "slug") if obj is not None else ()

    list_display = ("slug", "name", "area", "nace", "employees")
    list_filter = ("area",)
    search_fields = ("slug", "name")


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    audited_fields = ("user", "role", "area", "company")
    list_display = ("user", "role", "area", "company")
    list_filter = ("role",)

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        form = super().get_form(request, obj, change, **kwargs)

        class IndependentForm(form):  # type: ignore[misc, valid-type]
            """An auditor of an area never also manages it or reports for one of its companies."""

            def clean(self):  # type: ignore[no-untyped-def]
                data = super().clean()
                user, role, area = data.get("user"), data.get("role"), data.get("area")
                if user is not None and role:
                    others = Membership.objects.filter(user=user)
                    if self.instance.pk:
                        others = others.exclude(pk=self.instance.pk)
                    held = set(others.filter(area=area).values_list("role", flat=True))
                    auditor = Role.AUDITOR
                    if (role == auditor and held - {auditor}) or (role != auditor and auditor in held):
                        raise forms.ValidationError(_("An auditor must be independent of the area."))
                return data

        return IndependentForm


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
    list_display = ("sequence", "at", "who", "action", "target")
    search_fields = ("actor", "action", "target")

    @admin.display(description=_("actor"))
    def who(self, obj: AuditEvent) -> str:
        """The person behind the pseudonym, while the link is kept."""
        return person(obj.actor)
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


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnly):
    """The outbox: which e-mails went, which wait and why (``python -m gia.web send_mail`` sends them)."""

    list_display = ("created", "subject", "sent", "attempts", "last_error")
    list_filter = (("sent", admin.EmptyFieldListFilter),)
    search_fields = ("subject",)


admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Accounts: every change (who is staff, superuser, active; a new password) is in the audit trail."""

    audited_fields = ("is_active", "is_staff", "is_superuser")

    def _snapshot(self, obj):  # type: ignore[no-untyped-def]
        # the trail names the person by their pseudonym; names and addresses are not copied into it
        return {"person": pseudonym(obj) if obj.pk else None, **super()._snapshot(obj)}

    def user_change_password(self, request, id, form_url=""):  # type: ignore[no-untyped-def]
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            with transaction.atomic():
                record(request.user, "admin.user.password", f"user:{id}")
        return response
