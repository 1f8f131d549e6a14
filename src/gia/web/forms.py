"""Django forms for the identities and the small actions; the year's data uses :mod:`gia.web.dataforms`."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gia.web.models import Area, Company, Role

BOUNDARY_HELP = _(
    "Click on the map to draw the boundary, or paste GeoJSON: a Point, Polygon or MultiPolygon "
    "in longitude, latitude (WGS 84)."
)


class BoundaryField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3, "class": "geojson"})

    def prepare_value(self, value: Any) -> Any:
        if value is None:
            return ""
        return value if isinstance(value, str) else json.dumps(value)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        try:
            return json.loads(value)
        except (TypeError, ValueError):
            raise forms.ValidationError(
                _('Enter GeoJSON, e.g. {"type": "Point", "coordinates": [12.1, 54.1]}')
            ) from None


IDENTIFIER_HELP = _("Used in addresses (links). Leave it empty to have it made from the name.")


class AreaForm(forms.ModelForm):
    boundary = BoundaryField(label=_("boundary"), help_text=BOUNDARY_HELP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = IDENTIFIER_HELP

    class Meta:
        model = Area
        fields = [
            "name",
            "slug",
            "country",
            "total_area_ha",
            "boundary",
            "management_name",
            "management_contact",
            "management_mandate",
        ]
        widgets = {"management_mandate": forms.Textarea(attrs={"rows": 2})}


class AreaEditForm(AreaForm):
    class Meta(AreaForm.Meta):
        fields = [f for f in AreaForm.Meta.fields if f != "slug"]


class CompanyForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = IDENTIFIER_HELP
        self.fields["nace"].help_text = _("The company's economic activity, e.g. C24.53 (casting of light metals).")

    def clean_nace(self) -> str:
        import re

        code = str(self.cleaned_data["nace"]).strip().upper().replace(" ", "")
        if not re.fullmatch(r"[A-U](\d{2}(\.\d{1,2})?)?", code):
            raise forms.ValidationError(_("Enter a NACE code such as C24.53 or H52.10."))
        return code

    class Meta:
        model = Company
        fields = ["name", "slug", "nace", "employees"]


class CompanyEditForm(CompanyForm):
    class Meta(CompanyForm.Meta):
        fields = ["name", "nace", "employees"]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("e-mail"))
    role = forms.ChoiceField(
        label=_("role"),
        choices=[
            (Role.COMPANY_CONTRIBUTOR, Role.COMPANY_CONTRIBUTOR.label),
            (Role.AREA_MANAGER, Role.AREA_MANAGER.label),
            (Role.AUDITOR, Role.AUDITOR.label),
        ],
    )
    company = forms.ModelChoiceField(label=_("company"), queryset=Company.objects.none(), required=False)

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = area.companies.all()


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("your name"), max_length=300)
    password = forms.CharField(label=_("password"), widget=forms.PasswordInput, strip=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("file"))


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("note (what changed, for a correction)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("token name"), max_length=100)
