"""Every page and endpoint. Each view declares its rule (``gia.web.views.common.rule``); the permission
tests walk this configuration, so a new URL without an expected rule fails them."""

from django.contrib import admin
from django.urls import path

from gia.web.api import api
from gia.web.views import accounts, areas, data, public, results

AREA = "app/areas/<slug:area>/"
YEAR = AREA + "<int:year>/"
VERSION = YEAR + "v<int:number>/"
COMPANY_YEAR = YEAR + "companies/<slug:company>/"

urlpatterns = [
    # public
    path("", public.home, name="home"),
    path("registry/", public.registry, name="registry"),
    path("registry/areas.geojson", public.registry_geojson, name="registry_geojson"),
    path("registry/<slug:area>/", public.public_area, name="public_area"),
    path("compare/", public.compare, name="compare"),
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/logout/", accounts.logout, name="logout"),
    path("invitations/<str:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("i18n/setlang/", accounts.set_language, name="set_language"),
    # signed in
    path("app/", accounts.workspace, name="workspace"),
    path("app/tokens/", accounts.tokens, name="tokens"),
    path("app/tokens/<int:token_id>/revoke/", accounts.token_revoke, name="token_revoke"),
    path("app/areas/new/", areas.area_create, name="area_create"),
    path(AREA, areas.area_detail, name="area_detail"),
    path(AREA + "edit/", areas.area_edit, name="area_edit"),
    path(AREA + "invite/", areas.invite, name="invite"),
    path(AREA + "companies/new/", areas.company_create, name="company_create"),
    path(AREA + "companies/<slug:company>/", areas.company_detail, name="company_detail"),
    path(AREA + "companies/<slug:company>/edit/", areas.company_edit, name="company_edit"),
    path(YEAR, data.year_detail, name="year_detail"),
    path(YEAR + "area/", data.area_data, name="area_data"),
    path(YEAR + "template.xlsx", data.area_template, name="area_template"),
    path(YEAR + "upload/", data.area_upload, name="area_upload"),
    path(YEAR + "series/", data.series_upload, name="series_upload"),
    path(YEAR + "series/<str:name>", data.series_download, name="series_download"),
    path(YEAR + "submit/", data.submit, name="submit"),
    path(COMPANY_YEAR, data.company_data, name="company_data"),
    path(COMPANY_YEAR + "template.xlsx", data.company_template, name="company_template"),
    path(COMPANY_YEAR + "upload/", data.company_upload, name="company_upload"),
    path(YEAR + "dashboard/", results.dashboard, name="dashboard"),
    path(VERSION, data.version_detail, name="version_detail"),
    path(VERSION + "document.json", data.version_document, name="version_document"),
    path(VERSION + "dashboard/", results.version_dashboard, name="version_dashboard"),
    path(VERSION + "criteria/<str:criterion>/", results.provenance, name="provenance"),
    path(VERSION + "report.pdf", results.report, name="report"),
    # the certification body's admin and the API
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
