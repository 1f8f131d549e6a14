"""Every page each demo role reaches from its home, in English and Polish, on a 390 px phone screen.

The crawler signs in as the certification body, the auditor, the manager of each demo area, a company
contributor, and stays anonymous; from the role's home it follows every link within the site (each
URL pattern at most ``PER_PATTERN`` times, with different arguments), checks downloads answer 200,
and collects every problem a person would meet:

- a server error (5xx), or a link that leads to a refusal or a missing page (4xx);
- a page without the site's navigation (an unstyled error page);
- a page wider than the phone's screen (``scrollWidth`` above 390 px), with the elements that stick out;
- in Polish: a visible text that is an English sentence of the web catalogue which has a Polish
  translation (so the page did not translate it);
- an internal field path (``companies[3]``) or a code in snake_case in visible text (outside
  ``<code>``, form fields and addresses).

Pages are owned by different people; each problem names the page's owner so that it goes to the
right person. All problems are reported together, grouped by role, language and page; screenshots of
the failing pages are kept under ``tests/browser/artifacts/crawl/``.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter, defaultdict, deque
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from gia.web.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-the-crawler"
ARTIFACTS = Path(__file__).parent / "artifacts" / "crawl"
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "pl")
#: each URL pattern is visited at most this often per role and language (with different arguments)
PER_PATTERN = 3
#: a download (a PDF made on request, an Excel template) is checked once per pattern, role and language
PER_DOWNLOAD = 1
#: and no crawl visits more pages than this
MAX_PAGES = 90
ROLES: dict[str, str | None] = {
    "certification body": "certification@gia.example",
    "auditor": "auditor@gia.example",
    "manager (DE)": "manager@de-tollensetal-nord.example",
    "manager (DK)": "manager@dk-vestfjord-symbiosis.example",
    "manager (PL)": "manager@pl-gliwice-ostropa-zachod.example",
    "company contributor": "autohaus-tollensetal@de-tollensetal-nord.example",
    "anonymous": None,
}
#: never followed: signing out, other applications with their own access control, static files
SKIPPED_PREFIXES = ("/accounts/logout/", "/i18n/", "/admin/", "/api/", "/static/")
#: a download may take its time (a PDF report is made on request)
DOWNLOAD_SECONDS = 120
DOWNLOADS = (".pdf", ".xlsx", ".json", ".csv", ".geojson", ".pem", ".parquet")
#: whose page is it (URL name → owner), so that each problem reaches the person who fixes it
OWNERS = {
    **dict.fromkeys(
        ("year_detail", "area_data", "company_data", "version_detail", "area_upload", "company_upload"),
        "lead (data forms, year page)",
    ),
    **dict.fromkeys(("application_detail", "certification", "deadlines"), "audit helper"),
    **dict.fromkeys(
        (
            "home",
            "registry",
            "public_area",
            "compare",
            "verify",
            "verify_certificate",
            "toolbox_index",
            "toolbox_measures",
            "toolbox_cases",
            "toolbox_roadmap",
            "toolbox_hybrid",
        ),
        "public helper (public and toolbox pages)",
    ),
    **dict.fromkeys(("dashboard", "version_dashboard", "provenance", "report"), "dashboard helper"),
    **dict.fromkeys(("workspace", "area_detail", "tokens", "login"), "homes (orientation)"),
}
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")
FIELD_PATH = re.compile(r"companies\[\d+\]")
NOT_WORDS = re.compile(r"https?://\S+|\S+@\S+|\S+\.(?:csv|xlsx|pdf|json|parquet|geojson|pem)\b|/\S*")

#: one pass over the page: the navigation, the width and what sticks out, the visible text nodes
PAGE_FACTS = """() => {
  const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"]);
  const codeish = new Set(["CODE", "PRE", "KBD", "SAMP", "TEXTAREA"]);
  const page = document.documentElement.lang;
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    let hidden = false, code = false;
    for (let e = node.parentElement; e; e = e.parentElement) {
      if (skip.has(e.tagName)) { hidden = true; break; }
      if (codeish.has(e.tagName)) code = true;
    }
    // a text marked as another language (the switcher names each language in its own) is not the page's
    const own = node.parentElement.closest("[lang]");
    if (own && own.lang !== page) hidden = true;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (!hidden && text) texts.push([text, code]);
  }
  const limit = window.innerWidth;
  const wide = [];
  if (document.documentElement.scrollWidth > limit) {
    const scrolls = (e) => { for (let a = e.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; }
      return false; };
    for (const e of document.querySelectorAll("body *")) {
      const right = e.getBoundingClientRect().right;
      const parent = e.parentElement ? e.parentElement.getBoundingClientRect().right : 0;
      // an absolutely placed element escapes a scrolling box that is not its containing block
      const placed = getComputedStyle(e).position === "absolute";
      if (right > limit + 1 && (placed || (parent <= limit + 1 && !scrolls(e)))) {
        const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
          (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\\s+/).join(".") : "");
        wide.push(name + " (" + Math.round(right) + " px)");
        if (wide.length >= 3) break;
      }
    }
  }
  return {
    nav: !!document.querySelector("header.top nav"),
    width: document.documentElement.scrollWidth,
    wide: wide,
    texts: texts,
    links: Array.from(document.querySelectorAll("a[href]"), (a) => a.href),
  };
}"""


def english_sentences() -> set[str]:
    """The web catalogue's English messages that Polish translates differently (compiled catalogue)."""
    mo = Path(__file__).resolve().parents[2] / "src/gia/web/locale/pl/LC_MESSAGES/django.mo"
    with mo.open("rb") as handle:
        catalogue: dict[Any, str] = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    found = set()
    for msgid, translated in catalogue.items():
        if not isinstance(msgid, str) or not msgid or "\x04" in msgid:
            continue
        english = " ".join(msgid.split())
        if english != " ".join(translated.split()) and re.search(r"[A-Za-z]{2}", english):
            found.add(english)
    return found


def url_name(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return "(no such page)"
    return match.view_name


def text_problems(texts: list[tuple[str, bool]], language: str, english: set[str]) -> list[str]:
    """What a person should not read: internal paths, codes, English in a Polish page (each kind once,
    with how often and a few examples)."""
    found: dict[str, list[str]] = defaultdict(list)
    for text, in_code in texts:
        if FIELD_PATH.search(text):
            found["internal field path"].append(text)
        if not in_code:
            found["code"] += SNAKE_CASE.findall(NOT_WORDS.sub(" ", text))
        if language == "pl" and text in english:
            found["English left untranslated"].append(text)
    problems = []
    for kind, examples in sorted(found.items()):
        unique = sorted(set(examples))
        if unique:
            shown = "; ".join(repr(e[:80]) for e in unique[:4])
            more = f" and {len(unique) - 4} more" if len(unique) > 4 else ""
            problems.append(f"{kind} in the text ({len(unique)}×): {shown}{more}")
    return problems


class Crawl:
    """One role in one language: visits, checks, and the problems found per page."""

    def __init__(self, browser: Any, base: str, role: str, username: str | None, language: str) -> None:
        self.base = base
        self.role = role
        self.language = language
        self.context = browser.new_context(viewport=PHONE, accept_downloads=True, locale="en-GB")
        self.context.set_default_timeout(20_000)
        self.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        self.page = self.context.new_page()
        self.username = username
        self.problems: dict[str, list[str]] = defaultdict(list)
        self.visited: list[str] = []

    def sign_in(self) -> str:
        if self.username is None:
            return "/"
        page = self.page
        page.goto(f"{self.base}/accounts/login/")
        page.fill("input[name=username]", self.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{self.base}/app/")
        return "/app/"

    def internal(self, href: str) -> str | None:
        """The site path of a link worth following (None: another site, a skipped or an in-page link)."""
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(self.base).netloc:
            return None
        if parts.path.startswith(SKIPPED_PREFIXES):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def run(self, english: set[str]) -> None:
        start = self.sign_in()
        queue: deque[tuple[str, str]] = deque([(start, "(home)")])
        seen = {start}
        per_pattern: Counter[str] = Counter()
        while queue and len(self.visited) < MAX_PAGES:
            path, referrer = queue.popleft()
            name = url_name(path)
            limit = PER_DOWNLOAD if urlsplit(path).path.endswith(DOWNLOADS) else PER_PATTERN
            if per_pattern[name] >= limit:
                continue
            per_pattern[name] += 1
            self.visited.append(path)
            for link in self.visit(path, referrer, name, english):
                if link not in seen:
                    seen.add(link)
                    queue.append((link, path))
        self.context.close()

    def note(self, path: str, name: str, referrer: str, problem: str) -> None:
        owner = OWNERS.get(name, "unassigned")
        self.problems[f"{path}  [{name}; owner: {owner}; linked from {referrer}]"].append(problem)

    def download(self, path: str, name: str, referrer: str) -> None:
        try:
            response = self.context.request.get(
                self.base + path, max_redirects=0, timeout=DOWNLOAD_SECONDS * 1000
            )
        except Exception as error:
            self.note(path, name, referrer, f"download fails: {str(error).splitlines()[0]}")
            return
        if response.status != 200:
            self.note(path, name, referrer, f"download answers {response.status}")

    def visit(self, path: str, referrer: str, name: str, english: set[str]) -> list[str]:
        if urlsplit(path).path.endswith(DOWNLOADS):
            self.download(path, name, referrer)
            return []
        try:
            response = self.page.goto(self.base + path, wait_until="load")
        except Exception as error:  # a download (evidence, series) is not a page
            if "Download is starting" in str(error) or "ERR_ABORTED" in str(error):
                self.download(path, name, referrer)
            else:
                self.note(path, name, referrer, f"does not load: {str(error).splitlines()[0]}")
            return []
        status = response.status if response else 0
        facts = self.page.evaluate(PAGE_FACTS)
        problems = []
        if status >= 500:
            problems.append(f"server error {status}")
        elif status >= 400:
            problems.append(f"the link leads to a page that answers {status}")
        if not facts["nav"]:
            problems.append(
                f"an unstyled error page {status} (no site navigation)"
                if status >= 400
                else "no site navigation"
            )
        if facts["width"] > PHONE["width"]:
            problems.append(
                f"wider than a 390 px phone: {facts['width']} px; sticking out: {', '.join(facts['wide']) or '?'}"
            )
        problems += text_problems([tuple(t) for t in facts["texts"]], self.language, english)
        for problem in problems:
            self.note(path, name, referrer, problem)
        if problems:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"[^a-z0-9]+", "-", f"{self.role}-{self.language}-{path}".lower()).strip("-")[:120]
            self.page.screenshot(path=str(ARTIFACTS / f"{slug}.png"), full_page=True)
        links = []
        for href in facts["links"]:
            link = self.internal(urljoin(self.base + path, href))
            if link:
                links.append(link)
        return links


def report(crawls: list[Crawl]) -> str:
    lines = []
    for crawl in crawls:
        if not crawl.problems:
            continue
        lines.append(f"\n== {crawl.role}, {crawl.language} ({len(crawl.visited)} pages visited) ==")
        for page, problems in sorted(crawl.problems.items()):
            lines.append(f"  {page}")
            lines += [f"    - {problem}" for problem in problems]
    by_owner = Counter(
        re.search(r"owner: ([^;]+);", page).group(1)  # type: ignore[union-attr]
        for crawl in crawls
        for page in crawl.problems
    )
    summary = ", ".join(f"{owner}: {count}" for owner, count in sorted(by_owner.items()))
    return f"pages with problems by owner — {summary}" + "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_a_role_reaches_works_on_a_phone(live_server: Any, browser: Any, language: str) -> None:
    load_demo(password=PASSWORD)
    english = english_sentences()
    crawls = []
    for role, username in ROLES.items():
        crawl = Crawl(browser, live_server.url, role, username, language)
        crawl.run(english)
        assert len(crawl.visited) > (1 if username is None else 3), f"{role}: the home links to nothing"
        crawls.append(crawl)
    assert not any(c.problems for c in crawls), report(crawls)
