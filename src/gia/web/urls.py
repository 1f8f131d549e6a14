"""Every page and endpoint. Each view declares its rule (``gia.web.views.common.rule``); the permission
tests walk this configuration, so a new URL without an expected rule fails them."""

from django.contrib import admin
from django.urls import path

from gia.web.api import api
from gia.web.views import (
    accounts,
    areas,
    certification,
    compendium,
    data,
    jobs,
    privacy,
    public,
    results,
    symbiosis,
    toolbox,
)

AREA = "app/areas/<slug:area>/"
YEAR = AREA + "<int:year>/"
VERSION = YEAR + "v<int:number>/"
COMPANY_YEAR = YEAR + "companies/<slug:company>/"
APPLICATION = "app/applications/<int:application>/"

urlpatterns = [
    # public
    path("", public.home, name="home"),
    path("registry/", public.registry, name="registry"),
    path("registry/areas.geojson", public.registry_geojson, name="registry_geojson"),
    path("registry/<slug:area>/", public.public_area, name="public_area"),
    path("compare/", public.compare, name="compare"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/logout/", accounts.logout, name="logout"),
    path("invitations/<str:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("i18n/setlang/", accounts.set_language, name="set_language"),
    path("toolbox/", toolbox.index, name="toolbox_index"),
    path("toolbox/measures/", compendium.measures, name="toolbox_measures"),
    path("toolbox/measures/<slug:measure>/", compendium.measure_detail, name="toolbox_measure"),
    path("toolbox/cases/", compendium.cases, name="toolbox_cases"),
    path("toolbox/cases/<slug:case_id>/", compendium.case_detail, name="toolbox_case"),
    # signed in
    path("app/", accounts.workspace, name="workspace"),
    path("app/tokens/", accounts.tokens, name="tokens"),
    path("app/jobs/<uuid:job>/", jobs.job_page, name="job"),
    path("app/jobs/<uuid:job>/status/", jobs.job_status, name="job_status"),
    path("app/jobs/<uuid:job>/retry/", jobs.job_retry, name="job_retry"),
    path("app/jobs/<uuid:job>/file/", jobs.job_file, name="job_file"),
    path("app/account/", privacy.account, name="account"),
    path("app/account/personal-data.json", privacy.account_data, name="account_data"),
    path("app/tokens/<int:token_id>/revoke/", accounts.token_revoke, name="token_revoke"),
    path("app/areas/new/", areas.area_create, name="area_create"),
    path(AREA, areas.area_detail, name="area_detail"),
    path(AREA + "edit/", areas.area_edit, name="area_edit"),
    path(AREA + "invite/", areas.invite, name="invite"),
    path(AREA + "access/", areas.area_access, name="area_access"),
    path(AREA + "companies/new/", areas.company_create, name="company_create"),
    path(AREA + "companies/<slug:company>/", areas.company_detail, name="company_detail"),
    path(AREA + "companies/<slug:company>/edit/", areas.company_edit, name="company_edit"),
    path(YEAR, data.year_detail, name="year_detail"),
    path(YEAR + "area/", data.area_data, name="area_data"),
    path(YEAR + "area/<slug:section>/", data.area_section, name="area_section"),
    path(YEAR + "template.xlsx", data.area_template, name="area_template"),
    path(YEAR + "upload/", data.area_upload, name="area_upload"),
    path(YEAR + "series/", data.series_upload, name="series_upload"),
    path(YEAR + "series/<str:name>", data.series_download, name="series_download"),
    path(YEAR + "submit/", data.submit, name="submit"),
    path(COMPANY_YEAR, data.company_data, name="company_data"),
    path(COMPANY_YEAR + "template.xlsx", data.company_template, name="company_template"),
    path(COMPANY_YEAR + "upload/", data.company_upload, name="company_upload"),
    path(COMPANY_YEAR + "sections/<slug:section>/", data.company_section, name="company_section"),
    path(COMPANY_YEAR + "handover/", data.company_handover, name="company_handover"),
    path(YEAR + "dashboard/", results.dashboard, name="dashboard"),
    path(VERSION, data.version_detail, name="version_detail"),
    path(VERSION + "document.json", data.version_document, name="version_document"),
    path(VERSION + "dashboard/", results.version_dashboard, name="version_dashboard"),
    path(VERSION + "criteria/<str:criterion>/", results.provenance, name="provenance"),
    path(VERSION + "report.pdf", results.report, name="report"),
    # industrial symbiosis: offers and needs, matches, introductions, exchanges, the network
    path(AREA + "symbiosis/", symbiosis.board, name="symbiosis_board"),
    path(AREA + "symbiosis/matches/", symbiosis.matches, name="symbiosis_matches"),
    path(AREA + "symbiosis/introduce/", symbiosis.introduce, name="symbiosis_introduce"),
    path(AREA + "symbiosis/exchanges/", symbiosis.record_exchange, name="symbiosis_exchange"),
    path(YEAR + "symbiosis/", symbiosis.network, name="symbiosis_network"),
    path(AREA + "companies/<slug:company>/symbiosis/", symbiosis.flows, name="symbiosis_flows"),
    path(
        AREA + "companies/<slug:company>/symbiosis/<int:flow>/withdraw/",
        symbiosis.withdraw,
        name="symbiosis_withdraw",
    ),
    path(YEAR + "roadmap/", toolbox.roadmap, name="toolbox_roadmap"),
    path("app/toolbox/hybrid/", toolbox.hybrid_plant, name="toolbox_hybrid"),
    # certification: applications, audits, decisions, certificates, public verification
    path(AREA + "certification/", certification.certification, name="certification"),
    path(AREA + "certification/apply/", certification.certification_apply, name="certification_apply"),
    path(APPLICATION, certification.application_detail, name="application_detail"),
    path(APPLICATION + "check/", certification.application_check, name="application_check"),
    path(APPLICATION + "assign/", certification.application_assign, name="application_assign"),
    path(APPLICATION + "review/", certification.application_review, name="application_review"),
    path(
        APPLICATION + "accept-remaining/",
        certification.application_accept_remaining,
        name="application_accept_remaining",
    ),
    path(APPLICATION + "findings/", certification.application_finding, name="application_finding"),
    path(APPLICATION + "findings/<int:finding>/answer/", certification.finding_answer, name="finding_answer"),
    path(APPLICATION + "findings/<int:finding>/close/", certification.finding_close, name="finding_close"),
    path(APPLICATION + "evidence/", certification.evidence_upload, name="evidence_upload"),
    path(APPLICATION + "evidence/<int:evidence>/", certification.evidence_download, name="evidence_download"),
    path(APPLICATION + "recommend/", certification.application_recommend, name="application_recommend"),
    path(APPLICATION + "decide/", certification.application_decide, name="application_decide"),
    path(APPLICATION + "resubmit/", certification.application_resubmit, name="application_resubmit"),
    path(APPLICATION + "withdraw/", certification.application_withdraw, name="application_withdraw"),
    path("app/deadlines/", certification.deadlines, name="deadlines"),
    path("app/deadlines/apply/", certification.apply_deadlines, name="apply_deadlines"),
    path("app/deadlines/reassess/", certification.reassess_all, name="reassess_all"),
    path(
        "app/certificates/<str:certificate>/reinstate/",
        certification.certificate_reinstate,
        name="certificate_reinstate",
    ),
    path(
        "app/certificates/<str:certificate>/withdraw/",
        certification.certificate_withdraw,
        name="certificate_withdraw",
    ),
    path("verify/", certification.verify, name="verify"),
    path("verify/<str:certificate>/", certification.verify_certificate, name="verify_certificate"),
    path("verify/<str:certificate>/certificate.pdf", certification.certificate_pdf, name="certificate_pdf"),
    path(
        "verify/<str:certificate>/certificate.json", certification.certificate_json, name="certificate_json"
    ),
    path(".well-known/gia-signing-cert.pem", certification.signing_certificate, name="signing_certificate"),
    path(".well-known/gia-audit-head.json", certification.audit_head, name="audit_head"),
    # the certification body's admin and the API
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

# the site's own pages for refusals, missing pages and failures (with its navigation)
handler403 = "gia.web.views.errors.refused"
handler404 = "gia.web.views.errors.not_found"
handler500 = "gia.web.views.errors.server_error"
