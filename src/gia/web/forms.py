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


#: NACE Rev. 2 sections by their divisions (the first two digits of a code)
NACE_SECTIONS = (
    ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43), ("G", 45, 47),
    ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68), ("M", 69, 75), ("N", 77, 82),
    ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93), ("S", 94, 96), ("T", 97, 98), ("U", 99, 99),
)  # fmt: skip


def nace_code(text: str) -> str | None:
    """A NACE Rev. 2 code as the core reads it (``C24.53``), from what people type: ``c24.53``,
    ``24.53``, or a national code built on NACE such as the Polish PKD ``24.53.Z`` or the German WZ
    ``24.53.0`` (the section letter is found from the division). None when it is no such code."""
    import re

    code = text.strip().upper().replace(" ", "")
    if re.fullmatch(r"[A-U]", code):
        return code
    found = re.fullmatch(r"([A-U])?(\d{2})(?:\.?(\d{1,2}))?(?:\.?[A-Z0-9])?", code)
    if found is None:
        return None
    letter, division, group = found.groups()
    section = next((s for s, low, high in NACE_SECTIONS if low <= int(division) <= high), None)
    if section is None or (letter is not None and letter != section):
        return None
    return f"{section}{division}" + (f".{group}" if group else "")


class LocaleNumberField(forms.FloatField):
    """A number typed as the reader writes it (``152,5`` in Polish and German, ``1 234,5``), in a text
    box: a browser's number box drops a decimal comma its own language does not use.

    ``grouping=False`` for numbers that never have thousands (coordinates): a point or a comma is then
    always the decimal sign."""

    def __init__(self, *args: Any, grouping: bool = True, **kwargs: Any) -> None:
        self.grouping = grouping
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> float | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int | float):
            return float(value)
        text = str(value).strip()
        try:
            number = (
                i18n.parse_number(text)
                if self.grouping
                else i18n.parse_number(text.replace(",", ".").replace(" ", ""), "en")
            )
        except ValueError:
            raise forms.ValidationError(
                _("Enter a number, such as %(example)s."), params={"example": i18n.exact_number(152.5)}
            ) from None
        return float(number)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return i18n.exact_number(value) if self.grouping else repr(float(value))
        return value


IDENTIFIER_HELP = _("Used in addresses (links). Leave it empty to have it made from the name.")


class AreaForm(forms.ModelForm):
    boundary = BoundaryField(label=_("Boundary"), help_text=BOUNDARY_HELP)
    total_area_ha = LocaleNumberField(label=_("Total area [ha]"), min_value=0.01)

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
    return LocaleNumberField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        grouping=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": example}),
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
        code = nace_code(str(self.cleaned_data["nace"]))
        if code is None:
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
        label=_("Note (what changed, for a correction)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("token name"), max_length=100)


class EraseAccountForm(forms.Form):
    """Erasing one's own account: the password again, and a box that says what it means."""

    password = forms.CharField(label=_("your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    understood = forms.BooleanField(
        label=_("I understand that my account is closed for good and that GIA keeps no link from its records to me"),
    )
