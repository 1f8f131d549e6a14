"""Django forms for the identities and the small actions; the year's data uses :mod:`gia.web.dataforms`."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gia import i18n
from gia.symbiosis.matching import great_circle_km
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


#: how far a company's site may lie from its area's centre before the form asks to check it [km]
COMPANY_MAX_DISTANCE_KM = 30.0


def _coordinate(label: Any, low: int, high: int, example: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs={"step": "any", "min": low, "max": high, "placeholder": example}),
    )


class CompanyForm(forms.ModelForm):
    """A company's identity and, optionally, where its site is (click the area's map or type it)."""

    latitude = _coordinate(_("latitude of the site [° north]"), -90, 90, "50.2751")
    longitude = _coordinate(_("longitude of the site [° east]"), -180, 180, "18.6042")

    def __init__(self, *args: Any, area: Area | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.area = area
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = IDENTIFIER_HELP
        self.fields["nace"].help_text = _(
            "The company's economic activity, e.g. C24.53 (casting of light metals)."
        )
        self.fields["longitude"].help_text = _(
            "Where the company's site is (WGS 84): click it on the map or type both numbers. Distances "
            "between offers and needs are measured from here; without it they are unknown."
        )

    def clean_nace(self) -> str:
        import re

        code = str(self.cleaned_data["nace"]).strip().upper().replace(" ", "")
        if not re.fullmatch(r"[A-U](\d{2}(\.\d{1,2})?)?", code):
            raise forms.ValidationError(_("Enter a NACE code such as C24.53 or H52.10."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return data
        if (latitude is None) != (longitude is None):
            missing = "latitude" if latitude is None else "longitude"
            self.add_error(missing, _("Give both latitude and longitude, or neither."))
        elif latitude is not None and longitude is not None and self.area is not None:
            away = great_circle_km(latitude, longitude, self.area.latitude, self.area.longitude)
            if away > COMPANY_MAX_DISTANCE_KM:
                self.add_error(
                    "latitude",
                    _(
                        "This place is {km} km from the area; check the numbers (latitude is north, "
                        "longitude east) or click the site on the map."
                    ).format(km=i18n.number(away)),
                )
        return data

    class Meta:
        model = Company
        fields = ["name", "slug", "nace", "employees", "latitude", "longitude"]


class CompanyEditForm(CompanyForm):
    class Meta(CompanyForm.Meta):
        fields = ["name", "nace", "employees", "latitude", "longitude"]


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
