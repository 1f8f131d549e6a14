"""A reporting year's data: drafts edited by forms and uploads, submission into immutable versions,
time-series files, and the assessment of every submitted version."""

from __future__ import annotations

import copy
import hashlib
import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gia import i18n
from gia.dataset import sections
from gia.dataset.area import Area as AreaRecord
from gia.dataset.base import refuse_controls
from gia.dataset.company import Company as CompanyRecord
from gia.dataset.hourly import Hourly
from gia.dataset.io import submission_from_data, to_data, to_json
from gia.dataset.sections import Section
from gia.dataset.submission import Exchange, Submission, reference_problems
from gia.documents import validate
from gia.errors import GiaInputError
from gia.pipeline import assess_submission, prepare
from gia.standard.loader import load_standard
from gia.web import files
from gia.web.actions import ActionError
from gia.web.actions.audit import record
from gia.web.dataforms import values_into
from gia.web.models import (
    NEUTRAL,
    Area,
    AssessmentRecord,
    Company,
    Draft,
    Handover,
    Job,
    SectionSave,
    SeriesFile,
    SubmissionVersion,
)

#: fields of the area block that come from the area's identity, not from the year's data
AREA_IDENTITY = ("id", "name", "country", "total_area_ha", "boundary", "management_entity")
COMPANY_IDENTITY = ("id", "name", "nace", "employees")
SERIES_SUFFIXES = (".csv", ".parquet")


def series_dir(area: Area, year: int) -> Path:
    """A local folder with the year's series files, as the core reads them (``gia.web.files``)."""
    stored = dict(SeriesFile.objects.filter(area=area, year=year).values_list("name", "sha256"))
    return files.series_folder(area.slug, year, stored)


class Counted:
    """A stream read into the file store: counted (refused past the upload limit) and hashed."""

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self.stream, self.name, self.count, self.digest = stream, name, 0, hashlib.sha256()
        self.closed = False

    def seekable(self) -> bool:  # read once, from the start: a store must not rewind it
        return False

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size if size and size > 0 else 1 << 20)
        self.count += len(chunk)
        if self.count > settings.GIA_MAX_UPLOAD_BYTES:
            check_upload_size(self.name, self.count)
        self.digest.update(chunk)
        return chunk


def area_identity(area: Area) -> dict[str, Any]:
    return {
        "id": area.slug,
        "name": area.name,
        "country": area.country,
        "total_area_ha": area.total_area_ha,
        "boundary": area.boundary,
        "management_entity": {
            "name": area.management_name,
            "contact": area.management_contact,
            "mandate": area.management_mandate,
        },
    }


def company_identity(company: Company) -> dict[str, Any]:
    return {"id": company.slug, "name": company.name, "nace": company.nace, "employees": company.employees}


def latest_version(area: Area, year: int | None = None) -> SubmissionVersion | None:
    versions = SubmissionVersion.objects.filter(area=area)
    if year is not None:
        versions = versions.filter(year=year)
    return versions.order_by("-year", "-number").first()


def initial_document(area: Area, year: int) -> dict[str, Any]:
    """A new year starts from the area's latest submitted data before it, or from its identities."""
    previous = SubmissionVersion.objects.filter(area=area, year__lt=year).order_by("-year", "-number").first()
    if previous is not None:
        document = previous.data()
        document["reporting_year"] = year
        document.pop("hourly", None)
        document["area"]["history"] = [
            h for h in document["area"].get("history", []) if h.get("year", year) < year
        ]
        return document
    return {
        "schema": "gia-submission/1",
        "reporting_year": year,
        "fictional": area.fictional,
        "area": area_identity(area),
        "companies": [company_identity(c) for c in area.companies.all()],
    }


def current_document(area: Area, year: int) -> dict[str, Any]:
    """The year's data as it stands: the draft, or where there is none yet, the starting document."""
    draft = Draft.objects.filter(area=area, year=year).first()
    # read just now, and the caller's alone: no copy needed (a year of 1 000 companies is large)
    return assemble(area, draft.data if draft else initial_document(area, year), fresh=True)


def assemble(area: Area, data: dict[str, Any], *, fresh: bool = False) -> dict[str, Any]:
    """The draft with the identities of the area and its companies as the platform knows them now
    (``fresh``: ``data`` is the caller's own, just read, so it is used as it is instead of copied)."""
    document = dict(data) if fresh else copy.deepcopy(data)
    document.setdefault("schema", "gia-submission/1")
    document["fictional"] = area.fictional
    document["area"] = {**document.get("area", {}), **area_identity(area)}
    entries = {c.get("id"): c for c in document.get("companies", []) if isinstance(c, dict)}
    document["companies"] = [
        {**entries.get(slug, {}), "id": slug, "name": name, "nace": nace, "employees": employees}
        for slug, name, nace, employees in area.companies.order_by("slug").values_list(
            "slug", "name", "nace", "employees"
        )
    ]
    return document


def _locked_draft(area: Area, year: int) -> Draft:
    draft, _created = Draft.objects.select_for_update().get_or_create(
        area=area, year=year, defaults={"data": initial_document(area, year)}
    )
    return draft


def company_entry(area: Area, year: int, company: Company) -> dict[str, Any]:
    for entry in current_document(area, year)["companies"]:
        if entry["id"] == company.slug:
            return entry
    return company_identity(company)


def do_save_company_data(
    actor: User, area: Area, year: int, company: Company, data: dict[str, Any], source: str
) -> dict[str, Any]:
    """Replace one company's data for the year (checked against the company schema first); every
    section of the company counts as saved (an uploaded workbook holds them all)."""
    data = {**data, **company_identity(company)}
    checked = validate(CompanyRecord, data, source)
    entry = checked.model_dump(mode="json", by_alias=True)
    entry = {**entry, **company_identity(company)}
    with transaction.atomic():
        draft = _locked_draft(area, year)
        companies = [c for c in draft.data.get("companies", []) if c.get("id") != company.slug]
        before = next((c for c in draft.data.get("companies", []) if c.get("id") == company.slug), None)
        draft.data = {**draft.data, "companies": sorted([*companies, entry], key=lambda c: c["id"])}
        draft.save()
        _mark_saved(actor, area, year, company, [s.slug for s in sections.COMPANY_SECTIONS])
        record(
            actor,
            "company_data.save",
            f"company_data:{area.slug}/{year}/{company.slug}",
            before=before,
            after=entry,
        )
    return entry


def do_upload_company_workbook(
    actor: User, area: Area, year: int, company: Company, stream: IO[bytes], size: int, name: str
) -> dict[str, Any]:
    """A company's filled-in Excel template: all of it is taken, or nothing (messages name sheet, row, column)."""
    from gia.io.excel import read_workbook

    check_upload_size(name, size)
    checked = read_workbook(
        stream, scope="company", company_id=company.slug, max_bytes=settings.GIA_MAX_UPLOAD_BYTES, name=name
    )
    data = checked.model_dump(mode="json", by_alias=True)
    return do_save_company_data(actor, area, year, company, data, name)


def do_upload_area_workbook(
    actor: User, area: Area, year: int, stream: IO[bytes], size: int, name: str
) -> dict[str, Any]:
    """A whole year's Excel workbook: checked in full, then it replaces the year's draft."""
    from gia.io.excel import read_workbook

    check_upload_size(name, size)
    checked = read_workbook(stream, scope="area", max_bytes=settings.GIA_MAX_UPLOAD_BYTES, name=name)
    return do_replace_draft(actor, area, year, to_data(checked), name)


def do_replace_draft(
    actor: User, area: Area, year: int, document: dict[str, Any], source: str
) -> dict[str, Any]:
    """Take a whole year's document (an area workbook or a JSON upload): checked in full first, the
    companies it names that the area does not have yet are created with it."""
    if document.get("reporting_year") != year:
        raise GiaInputError(
            source,
            [
                (
                    "reporting_year",
                    _("this document is for {found}, not {year}").format(
                        found=document.get("reporting_year"), year=year
                    ),
                )
            ],
        )
    area_block = document.get("area") if isinstance(document.get("area"), dict) else {}
    if area_block.get("id") not in (None, area.slug):
        raise GiaInputError(
            source,
            [
                (
                    "area.id",
                    _("this document is for area {found}, not {area}").format(
                        found=area_block.get("id"), area=area.slug
                    ),
                )
            ],
        )
    checked = submission_from_data({**document, "area": {**area_block, **area_identity(area)}}, source)
    data = to_data(checked)
    with transaction.atomic():
        known = {c.slug: c for c in area.companies.all()}
        for entry in data["companies"]:
            company = known.get(entry["id"])
            if company is not None and company_identity(company) != {k: entry[k] for k in COMPANY_IDENTITY}:
                before = company_identity(company)
                company.name, company.nace, company.employees = (
                    entry["name"],
                    entry["nace"],
                    entry["employees"],
                )
                company.save()
                record(
                    actor,
                    "company.update",
                    f"company:{area.slug}/{company.slug}",
                    before=before,
                    after=company_identity(company),
                )
            elif company is None:
                company = Company.objects.create(
                    area=area,
                    slug=entry["id"],
                    name=entry["name"],
                    nace=entry["nace"],
                    employees=entry["employees"],
                )
                record(
                    actor,
                    "company.create",
                    f"company:{area.slug}/{company.slug}",
                    after=company_identity(company),
                )
        draft = _locked_draft(area, year)
        before_hash = hashlib.sha256(json.dumps(draft.data, sort_keys=True).encode()).hexdigest()
        draft.data = data
        draft.save()
        _mark_many(
            actor,
            area,
            year,
            [(None, s.slug) for s in sections.AREA_SECTIONS]
            + [
                (company, s.slug)
                for company in area.companies.filter(slug__in=[c["id"] for c in data["companies"]])
                for s in sections.COMPANY_SECTIONS
            ],
        )
        record(
            actor,
            "draft.replace",
            f"draft:{area.slug}/{year}",
            before={"sha256": before_hash},
            after={
                "sha256": hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest(),
                "source": source,
            },
        )
    return data


def check_upload_size(name: str, size: int) -> None:
    """Refuse a file over the platform's upload limit, naming it and both sizes."""
    limit = settings.GIA_MAX_UPLOAD_BYTES
    if size > limit:
        raise GiaInputError(
            name,
            [
                (
                    "",
                    _("the file is {size} MB; files up to {limit} MB are accepted").format(
                        size=round(size / 1e6, 1), limit=round(limit / 1e6)
                    ),
                )
            ],
        )


def check_file_name(name: str, limit: int) -> None:
    """A file name that fits its column and holds no invisible or direction-changing character (it
    is printed in lists and signed documents); refused before anything is written."""
    if len(name) > limit:
        raise GiaInputError(
            name[:60] + "…",
            [
                (
                    "",
                    _("the file name is {length} characters long; at most {limit}").format(
                        length=len(name), limit=limit
                    ),
                )
            ],
        )
    try:
        refuse_controls(name)
    except ValueError as error:
        raise GiaInputError(name.encode("unicode_escape").decode("ascii"), [("", str(error))]) from None


def do_attach_series(
    actor: User, area: Area, year: int, stream: IO[bytes], size: int, name: str
) -> SeriesFile:
    """Keep a meter time-series file with the year's data (CSV or Parquet); a name is never reused."""
    check_upload_size(name, size)
    safe = Path(name).name
    if safe != name or not safe.lower().endswith(SERIES_SUFFIXES) or safe.startswith("."):
        raise GiaInputError(
            name, [("", _("a time-series file is a .csv or .parquet file with a plain name"))]
        )
    check_file_name(safe, SeriesFile._meta.get_field("name").max_length)
    counted = Counted(stream, safe)
    with transaction.atomic():
        if SeriesFile.objects.filter(area=area, year=year, name=safe).exists():
            raise GiaInputError(
                safe, [("", _("a file with this name is attached already; upload it under a new name"))]
            )
        # in place before the row commits (an assessment in the same transaction reads it); a file left
        # by a rolled-back upload has no row and is replaced by the next upload of that name
        files.save(files.area_name(area.slug, year, "series", safe), counted)
        digest, written = counted.digest, counted.count
        series = SeriesFile.objects.create(
            area=area, year=year, name=safe, sha256=digest.hexdigest(), size=written, uploaded_by=actor
        )
        record(
            actor,
            "series.attach",
            f"series:{area.slug}/{year}/{safe}",
            after={"sha256": series.sha256, "size": written},
        )
    return series


def assessment_summary(version: SubmissionVersion) -> dict[str, Any]:
    """The stored English assessment of a submitted version, without provenance chains."""
    found = AssessmentRecord.objects.of(version, "en")
    if found is None:
        raise ActionError(_("This version has no assessment."))
    return found.summary_in("en")


def summary_of(result: dict[str, Any]) -> dict[str, Any]:
    """The result without the provenance chains: what the dashboard and the API list."""
    summary = {k: v for k, v in result.items() if k not in ("criteria",)}
    summary["criteria"] = [{k: v for k, v in c.items() if k != "provenance"} for c in result["criteria"]]
    return summary


def untouched_companies(area: Area, year: int, document: dict[str, Any]) -> list[tuple[str, str]]:
    """Companies nobody entered anything for this year (no section saved, no data): submitting would
    count them as having reported no energy at all."""
    saved = set(SectionSave.objects.filter(area=area, year=year).values_list("company_id", flat=True))
    slugs = dict(area.companies.values_list("slug", "pk"))
    return [
        (
            f"companies[{index}]",
            _(
                "no data entered yet: fill in its sections, or say in its profile that it does not report this year and estimate its energy"
            ),
        )
        for index, entry in enumerate(document.get("companies", []))
        if slugs.get(entry.get("id")) not in saved and sections.untouched(entry)
    ]


#: the steps of submitting, as the person who pressed "Submit" follows them (English message ids)
#: what the job that reads a whole year's workbook does, step by step
IMPORT_STEPS = (
    gettext_noop("Opening the workbook"),
    gettext_noop("Checking every sheet and saving the year's data"),
)

SUBMIT_STEPS = (
    gettext_noop("Checking the year's data"),
    gettext_noop("Reading the hourly series"),
    gettext_noop("Assessing against the standard"),
    gettext_noop("Storing the version"),
)


def submit_document(area: Area, year: int) -> dict[str, Any]:
    """The year's data as it is now, to be submitted: refused at once when a company has nothing
    entered (the full check comes with submitting)."""
    document = current_document(area, year)
    unentered = untouched_companies(area, year, document)
    if unentered:
        raise GiaInputError(_("{area}, {year}").format(area=area.slug, year=year), unentered)
    return document


def do_submit(
    actor: User,
    area: Area,
    year: int,
    note: str = "",
    *,
    document: dict[str, Any] | None = None,
    step: Callable[[int], None] = lambda number: None,
    job: Job | None = None,
) -> SubmissionVersion:
    """Submit the year's data (``document``, else the draft as it is now): checked in full, assessed,
    kept as the next immutable version.

    The version's number, its assessment, the certificate's monitoring, the audit event and (for a
    job) the job's outcome are stored in one transaction under the area's lock; a job retried after
    that transaction answers with the version it stored, and the same data submitted twice makes one
    version."""
    from gia.web.actions.jobs import finish, is_done  # jobs build on submissions

    step(1)
    document = current_document(area, year) if document is None else document
    source = _("{area}, {year}").format(area=area.slug, year=year)
    submission = submission_from_data(document, source)
    unentered = untouched_companies(area, year, document)
    if unentered:
        raise GiaInputError(source, unentered)
    canonical = to_json(submission)
    sha256 = hashlib.sha256(canonical.encode()).hexdigest()
    unchanged = _("Nothing has changed since version {number}.")
    previous = latest_version(area, year)
    if previous is not None and previous.sha256 == sha256:
        raise ActionError(unchanged.format(number=previous.number))
    step(2)
    ready = prepare(submission, series_dir(area, year))
    step(3)
    # assessed once: every text of the result is stored language-neutral and written when read
    try:
        with i18n.neutral():
            result = i18n.encode(assess_submission(submission, "", prepared=ready).to_dict())
    except GiaInputError:
        # the refusal in the reader's words
        assess_submission(submission, "", language=i18n.language(), prepared=ready)
        raise
    step(4)
    with transaction.atomic():
        Area.objects.select_for_update().get(pk=area.pk)
        if job is not None and is_done(job):  # stored by an earlier try of this job
            return SubmissionVersion.objects.get(
                area=area, year=year, number=Job.objects.get(pk=job.pk).result["version"]
            )
        previous = latest_version(area, year)
        if previous is not None and previous.sha256 == sha256:  # the same data submitted twice at once
            raise ActionError(unchanged.format(number=previous.number))
        number = (previous.number if previous else 0) + 1
        version = SubmissionVersion.objects.create(
            area=area,
            year=year,
            number=number,
            document=canonical,
            sha256=sha256,
            note=note.strip(),
            submitted_by=actor,
        )
        AssessmentRecord.objects.create(
            version=version,
            language=NEUTRAL,
            level=result["level"]["level"] or "",
            total_fulfilment=result["total_fulfilment"],
            gates_passed=result["gates"]["all_passed"],
            summary=summary_of(result),
            result_z=zlib.compress(json.dumps(result, ensure_ascii=False, sort_keys=True).encode(), 6),
        )
        from gia.web.actions.certificates import monitor  # certificates build on submissions

        monitor(actor, version, dj_timezone.localdate())
        record(
            actor,
            "submission.submit",
            f"version:{area.slug}/{year}/{number}",
            after={
                "sha256": version.sha256,
                "level": result["level"]["level"],
                "total_fulfilment": result["total_fulfilment"],
                "note": version.note,
            },
        )
        if job is not None:
            finish(job, {"version": number})
    return version


def flatten(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, child in value.items():
            out.update(flatten(child, f"{path}.{key}" if path else str(key)))
        return out or {path: {}}
    if isinstance(value, list):
        if not value:
            return {path: []}
        out = {}
        for index, child in enumerate(value):
            out.update(flatten(child, f"{path}[{index}]"))
        return out
    return {path: value}


def diff_documents(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """What changed between two versions, field by field: (path, before, after); None where absent.

    Companies are compared by id, not by position, so one company added does not shift the others.
    """

    def keyed(document: dict[str, Any]) -> dict[str, Any]:
        document = copy.deepcopy(document)
        document["companies"] = {c["id"]: c for c in document.get("companies", [])}
        return document

    old, new = flatten(keyed(before)), flatten(keyed(after))
    changes = []
    for path in sorted(set(old) | set(new)):
        if old.get(path) != new.get(path):
            changes.append((path, old.get(path), new.get(path)))
    return changes


# --- sections of a year's data, saved one at a time --------------------------------------------


def _mark_saved(actor: User, area: Area, year: int, company: Company | None, slugs: list[str]) -> None:
    _mark_many(actor, area, year, [(company, slug) for slug in slugs])


def _mark_many(actor: User, area: Area, year: int, pairs: list[tuple[Company | None, str]]) -> None:
    """Record that these sections were saved now by ``actor`` (one query to read, two to write)."""
    wanted = {(company.pk if company else None, slug) for company, slug in pairs}
    rows = SectionSave.objects.filter(area=area, year=year)
    existing = {(c, s): pk for pk, c, s in rows.values_list("pk", "company_id", "section")}
    rows.filter(pk__in=[pk for key, pk in existing.items() if key in wanted]).update(
        saved_by=actor, saved=dj_timezone.now()
    )
    SectionSave.objects.bulk_create(
        SectionSave(area=area, year=year, company_id=company_id, section=slug, saved_by=actor)
        for company_id, slug in sorted(wanted - set(existing), key=lambda k: (k[0] or 0, k[1]))
    )


def saved_sections(area: Area, year: int) -> dict[int | None, set[str]]:
    """Which sections someone has saved, by company id (None: the area's own sections)."""
    found: dict[int | None, set[str]] = {}
    for company_id, slug in SectionSave.objects.filter(area=area, year=year).values_list(
        "company_id", "section"
    ):
        found.setdefault(company_id, set()).add(slug)
    return found


def _section(scope: str, slug: str) -> Section:
    found = sections.section(scope, slug)  # type: ignore[arg-type]
    if found is None:
        raise ActionError(_("There is no such section."))
    return found


def do_save_company_section(
    actor: User, area: Area, year: int, company: Company, slug: str, values: dict[str, Any]
) -> dict[str, Any]:
    """Save one section of a company's data (the rest of its data stays as it is).

    ``values`` holds the section's fields in the document's form (a key left out takes the schema's
    default). The company's whole entry is checked; a company it names must be another company of
    the area. Nothing is saved unless all of it is valid."""
    section = _section("company", slug)
    source = _("{company}, {section}").format(company=company.name, section=section.title_text())
    with transaction.atomic():
        draft = _locked_draft(area, year)
        current = next(
            (c for c in assemble(area, draft.data)["companies"] if c.get("id") == company.slug),
            company_identity(company),
        )
        candidate = {**values_into(section, current, values), **company_identity(company)}
        candidate["refrigerants"] = _known_refrigerants(candidate.get("refrigerants") or [], source)
        checked = validate(CompanyRecord, candidate, source)
        known = set(area.companies.values_list("slug", flat=True))
        problems = [
            (place.split(".", 1)[1], message)
            for place, message in reference_problems(known, companies=[checked])
        ]
        if problems:
            raise GiaInputError(source, problems)
        entry = {**checked.model_dump(mode="json", by_alias=True), **company_identity(company)}
        companies = [c for c in draft.data.get("companies", []) if c.get("id") != company.slug]
        draft.data = {**draft.data, "companies": sorted([*companies, entry], key=lambda c: c["id"])}
        draft.save()
        _mark_saved(actor, area, year, company, [slug])
        Handover.objects.filter(area=area, year=year, company=company).delete()
        record(
            actor,
            "company_section.save",
            f"company_data:{area.slug}/{year}/{company.slug}/{slug}",
            before={key: current.get(key) for key in section.keys},
            after={key: entry.get(key) for key in section.keys},
        )
    return entry


def _known_refrigerants(rows: list[Any], source: str) -> list[Any]:
    """Refrigerant names written as the factor set writes them (``r410a`` → ``R-410A``); a name it
    does not know is refused here, not only when the year is submitted."""
    from gia.accounting.factors import load_factor_set

    known = load_factor_set().known_refrigerants()

    def key(name: str) -> str:
        return "".join(ch for ch in name.upper() if ch.isalnum())

    spelled = {key(name): name for name in known}
    problems, named = [], []
    for index, row in enumerate(rows):
        gas = row.get("gas") if isinstance(row, dict) else None
        if isinstance(gas, str) and gas.strip():
            if key(gas) not in spelled:
                problems.append(
                    (
                        f"refrigerants[{index}].gas",
                        _(
                            "{gas} is not a refrigerant GIA knows; choose one from the list, such as R-410A or R-744"
                        ).format(gas=gas),
                    )
                )
            row = {**row, "gas": spelled.get(key(gas), gas)}
        named.append(row)
    if problems:
        raise GiaInputError(source, problems)
    return named


#: the parts of a year's document outside the area block, each with the schema it is checked against
_YEAR_PARTS: dict[str, Any] = {
    "stage": Submission.model_fields["stage"].annotation,
    "exchanges": list[Exchange],
    "hourly": Hourly | None,
}


def do_save_area_section(
    actor: User, area: Area, year: int, slug: str, values: dict[str, Any]
) -> dict[str, Any]:
    """Save one section of the area's own data for the year: the area block (checked as a whole),
    the stage, the exchanges, the hourly series or the criteria declared not applicable."""
    from pydantic import TypeAdapter, ValidationError

    from gia.documents import problems_from

    section = _section("area", slug)
    source = _("{area}, {section}").format(area=area.name, section=section.title_text())
    with transaction.atomic():
        draft = _locked_draft(area, year)
        current = assemble(area, draft.data)
        candidate = values_into(section, current, values)
        candidate["area"] = {**candidate.get("area", {}), **area_identity(area)}
        problems: list[tuple[str, str]] = []
        try:
            checked_area = AreaRecord.model_validate(candidate["area"])
        except ValidationError as error:
            problems += [(f"area.{place}" if place else "area", m) for place, m in problems_from(error)]
            checked_area = None
        parts: dict[str, Any] = {}
        for key, annotation in _YEAR_PARTS.items():
            if key not in candidate:
                continue
            try:
                parts[key] = TypeAdapter(annotation).validate_python(candidate[key])
            except ValidationError as error:
                problems += [(f"{key}{_joined(place)}", m) for place, m in problems_from(error)]
        declared = candidate.get("not_applicable") or {}
        allowed = dict(not_applicable_choices(area, candidate))
        for criterion, reason in declared.items():
            if criterion not in allowed:
                problems.append(
                    (f"not_applicable.{criterion}", _("this criterion cannot be declared not applicable"))
                )
            elif not str(reason).strip():
                problems.append(
                    (f"not_applicable.{criterion}", _("give the reason why the criterion does not apply"))
                )
        if not problems:
            known = {c["id"] for c in current.get("companies", [])}
            problems += reference_problems(
                known, checked_area, parts.get("exchanges", ()), (), parts.get("hourly")
            )
        if problems:
            raise GiaInputError(source, problems)
        assert checked_area is not None
        data = {**draft.data, "area": checked_area.model_dump(mode="json", by_alias=True)}
        for key, value in parts.items():
            data[key] = TypeAdapter(_YEAR_PARTS[key]).dump_python(value, mode="json", by_alias=True)
        if "not_applicable" in section.keys:
            data["not_applicable"] = {k: str(v) for k, v in sorted(declared.items())}
        before = {key: sections.get_path(current, key) for key in section.keys}
        draft.data = data
        draft.save()
        _mark_saved(actor, area, year, None, [slug])
        record(
            actor,
            "area_section.save",
            f"area_data:{area.slug}/{year}/{slug}",
            before=before,
            after={key: sections.get_path(assemble(area, data), key) for key in section.keys},
        )
    return data


def _joined(place: str) -> str:
    return "" if not place else (place if place.startswith("[") else f".{place}")


def not_applicable_choices(area: Area, document: dict[str, Any]) -> list[tuple[str, str]]:
    """(criterion id, its name) of the criteria the year's edition lets an area declare not applicable."""
    edition = document.get("edition") or "gia-2026.1"
    try:
        standard = load_standard(edition)
    except (GiaInputError, FileNotFoundError, KeyError):
        return []
    language = i18n.language()
    return [
        (criterion.id, criterion.name.get(language) or criterion.name.get("en") or criterion.id)
        for criterion in standard.catalogue.criteria
        if criterion.not_applicable_allowed
    ]


def do_hand_over(actor: User, area: Area, year: int, company: Company) -> Handover:
    """The company's data for the year is complete: its contributor hands it to the area manager."""
    with transaction.atomic():
        handover, _created = Handover.objects.update_or_create(
            area=area, year=year, company=company, defaults={"by": actor}
        )
        record(actor, "company_data.hand_over", f"company_data:{area.slug}/{year}/{company.slug}")
    return handover
