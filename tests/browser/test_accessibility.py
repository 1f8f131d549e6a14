"""axe-core finds no WCAG 2.1 A/AA violation on the platform's key pages, in English and Polish.

axe-core is vendored as a test tool (``tests/browser/vendor/axe-core-<version>/``, MPL-2.0; it is not
served to users). Each page is opened as the person who uses it (a visitor, the area's manager, the
auditor, the certification body), axe is injected and run with the WCAG 2.1 A and AA rules; every
violation is listed together — page, rule, impact, what to fix and the first elements it concerns —
so that each page's owner sees what to change; on a laptop (1280 px) and a phone (390 px). Pages
with violations are kept as screenshots under ``tests/browser/artifacts/axe/``. Violations known on
pages owned by others are listed in ``KNOWN`` until they are fixed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from gia.web.demo import load_demo
from gia.web.models import Application, Area, Certificate
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
ARTIFACTS = Path(__file__).parent / "artifacts" / "axe"
PASSWORD = "demo-password-for-the-accessibility-test"
LANGUAGES = ("en", "pl")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: the first few elements named for each violation
TARGETS_SHOWN = 3
#: a laptop and a phone (on a phone the tables scroll in their own box, the menu wraps …)
WIDTHS = (1280, 390)
#: violations known on pages owned by others, reported to them: (page, width) → rule ids. The test
#: fails on any other violation, and when a known one is gone (so that this list only shrinks).
#: (e.g. ``("symbiosis board", 390): {"scrollable-region-focusable"}``; none at present)
KNOWN: dict[tuple[str, int], set[str]] = {}
AREA = "dk-vestfjord-symbiosis"
USERS = {
    "visitor": None,
    "manager": f"manager@{AREA}.example",
    "auditor": "auditor@gia.example",
    "certification body": "certification@gia.example",
}

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


def key_pages() -> dict[str, list[tuple[str, str]]]:
    """The pages to check, by who opens them: (what the page is, its address)."""
    area = Area.objects.get(slug=AREA)
    version = area.versions.order_by("-year", "-number").first()  # type: ignore[attr-defined]
    year = version.year
    company = area.companies.order_by("slug").first()
    certificate = Certificate.objects.filter(area=area).latest("id")
    application = Application.objects.filter(area=area).latest("id")
    others = "&".join(f"areas={a.slug}" for a in Area.objects.filter(certificates__isnull=False).distinct())
    app = f"/app/areas/{AREA}"
    return {
        "visitor": [
            ("home", "/"),
            ("registry", "/registry/"),
            ("public profile", f"/registry/{AREA}/"),
            ("compare", f"/compare/?{others}"),
            ("verify result", f"/verify/{certificate.number}/"),
            ("measures compendium", "/toolbox/measures/"),
            ("measure", "/toolbox/measures/heat_pump_waste_heat/"),
            ("good-practice case", "/toolbox/cases/helsinki-katri-vala/"),
            ("sign-in", "/accounts/login/"),
        ],
        "manager": [
            ("role home", "/app/"),
            ("area", f"{app}/"),
            ("year", f"{app}/{year}/"),
            ("company data overview", f"{app}/{year}/companies/{company.slug}/"),
            ("company data section", f"{app}/{year}/companies/{company.slug}/sections/electricity/"),
            ("area data section", f"{app}/{year}/area/plans/"),
            ("dashboard", f"{app}/{year}/dashboard/"),
            ("roadmap", f"{app}/{year}/roadmap/"),
            ("symbiosis board", f"{app}/symbiosis/"),
        ],
        "auditor": [("application (audit screen)", f"/app/applications/{application.pk}/")],
        "certification body": [("deadlines", "/app/deadlines/")],
    }


def check(page: Any, base: str, path: str) -> tuple[int, list[dict[str, Any]]]:
    response = page.goto(base + path, wait_until="load")
    # the maps draw their basemap after the page has loaded: check the page as a person sees it
    for element in page.query_selector_all(".map"):
        page.wait_for_function("(e) => e.dataset.basemap", arg=element)
    page.add_script_tag(path=str(AXE))
    return (response.status if response else 0), page.evaluate(RUN_AXE, WCAG_21_AA)


def report(found: dict[str, list[dict[str, Any]]]) -> str:
    lines = [f"WCAG 2.1 AA violations (axe-core) on {len(found)} page(s):"]
    for where, violations in found.items():
        lines.append(f"  {where}")
        for v in violations:
            targets = ", ".join(v["targets"][:TARGETS_SHOWN])
            more = (
                f" and {len(v['targets']) - TARGETS_SHOWN} more" if len(v["targets"]) > TARGETS_SHOWN else ""
            )
            lines.append(f"    - {v['id']} ({v['impact']}): {v['help']} — {targets}{more}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_key_pages_have_no_wcag_21_aa_violations(live_server: Any, browser: Any, language: str) -> None:
    load_demo(password=PASSWORD)
    base = live_server.url
    pages = key_pages()
    assert sum(len(p) for p in pages.values()) >= 15
    found: dict[str, list[dict[str, Any]]] = {}
    known_gone = []
    checked = 0
    for width in WIDTHS:
        for who, username in USERS.items():
            # axe is injected as an inline script, which the pages' Content-Security-Policy refuses
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB", bypass_csp=True)
            context.set_default_timeout(20_000)
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page = context.new_page()
            if username:
                sign_in(page, base, username, PASSWORD)
            for name, path in pages[who]:
                status, violations = check(page, base, path)
                assert status == 200, f"{name} ({path}, {who}) answers {status}"
                assert page.evaluate("document.documentElement.lang") == language
                checked += 1
                known = KNOWN.get((name, width), set())
                if known - {v["id"] for v in violations}:
                    known_gone.append(f"{name} at {width} px: {sorted(known)}")
                violations = [v for v in violations if v["id"] not in known]
                if violations:
                    found[f"{name} [{language}, {width} px, {who}] {path}"] = violations
                    ARTIFACTS.mkdir(parents=True, exist_ok=True)
                    slug = re.sub(r"[^a-z0-9]+", "-", f"{language}-{width}-{name}".lower()).strip("-")
                    page.screenshot(path=str(ARTIFACTS / f"{slug}.png"), full_page=True)
            context.close()
    assert checked >= 15 * len(WIDTHS)
    assert not found, report(found)
    assert not known_gone, f"fixed — remove from KNOWN in {Path(__file__).name}: {known_gone}"


def test_the_check_reports_what_it_is_for(live_server: Any, browser: Any) -> None:
    """The harness itself: an image without a text alternative and an unlabelled field, put into the
    sign-in page, are reported with their rule, impact and element."""
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        """() => { const main = document.querySelector("main");
        main.insertAdjacentHTML("beforeend", '<img id="no-alt" src="/static/gia/favicon.svg"><input id="no-label">'); }"""
    )
    page.add_script_tag(path=str(AXE))
    violations = {v["id"]: v for v in page.evaluate(RUN_AXE, WCAG_21_AA)}
    assert (
        violations["image-alt"]["targets"] == ["#no-alt"] and violations["image-alt"]["impact"] == "critical"
    )
    assert "#no-label" in violations["label"]["targets"]
    text = report({"sign-in [en, visitor] /accounts/login/": list(violations.values())})
    assert "- image-alt (critical): Images must have alternative text — #no-alt" in text
    context.close()
