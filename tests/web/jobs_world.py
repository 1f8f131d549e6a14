"""A platform on one machine for the job tests with real workers: run as a separate process (like the
web process), ``python -m tests.web.jobs_world COMMAND`` with GIA_DATA_DIR, DATABASE_URL and
GIA_BROKER_URL set by the test.

Commands: ``setup`` (migrate; a manager, an area with a year of data), ``ask NOTE…`` (one submission job
per note, as the submit page asks; prints the job ids), ``files`` (submits, then asks for the version's
PDF report and a roadmap; prints both job ids), ``fetch JOB`` (a done job's file: name, size, first
bytes), ``reassess N`` (N areas with a submitted year, then a job that assesses every area again;
prints its id), ``verify`` (prints the versions and whether
the audit trail's chain holds, as JSON)."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gia.web.settings.dev")


def main(command: str, *args: str) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from gia.web.actions.areas import do_create_area
    from gia.web.actions.audit import verify_chain
    from gia.web.actions.jobs import do_ask
    from gia.web.actions.submissions import do_replace_draft, submit_document
    from gia.web.models import Area, Job, Membership, Role, SubmissionVersion
    from tests.web.conftest import YEAR, area_fields, year_document

    if command == "setup":
        call_command("migrate", verbosity=0)
        manager = User.objects.create_user("manager@example.org", "manager@example.org", "x" * 20)
        Membership.objects.create(user=manager, role=Role.AREA_MANAGER)
        area = do_create_area(manager, area_fields("north-park"))
        do_replace_draft(manager, area, YEAR, year_document("north-park"), "test")
    elif command == "ask":
        manager = User.objects.get(username="manager@example.org")
        area = Area.objects.get(slug="north-park")
        document = submit_document(area, YEAR)
        for note in args:
            job = do_ask(manager, Job.Kind.SUBMIT, {"document": document, "note": note}, area=area, year=YEAR)
            print(job.pk)
    elif command == "files":  # a submitted version, then its PDF report and a roadmap, as jobs
        from gia.web.actions.submissions import do_submit

        manager = User.objects.get(username="manager@example.org")
        area = Area.objects.get(slug="north-park")
        version = do_submit(manager, area, YEAR, "for the files")
        report = do_ask(manager, Job.Kind.REPORT, {"version": version.pk, "annex": False}, area=area, year=YEAR)
        roadmap = do_ask(
            manager,
            Job.Kind.ROADMAP,
            {
                "version": version.pk,
                "query": "measure_1=pv_rooftop&company_1=alpha&size_1=200",
                "choices": [[{"measure": "pv_rooftop", "company": "alpha", "size": 200.0, "year": None}, 1]],
                "propose": False,
                "target_year": None,
            },
            area=area,
            year=YEAR,
            language="pl",
        )
        print(report.pk, roadmap.pk)
    elif command == "fetch":  # a done job's file from the file store, as the download view reads it
        from gia.web import files

        job = Job.objects.get(pk=args[0])
        content = files.read(job.result["file"])
        print(json.dumps({"filename": job.result["filename"], "size": len(content), "head": content[:5].decode()}))
    elif command == "reassess":  # N more areas with a submitted year, then every area assessed again
        from gia.accounting.factors import factor_set_specs
        from gia.web.actions.submissions import do_submit

        manager = User.objects.get(username="manager@example.org")
        for number in range(int(args[0])):
            slug = f"park-{number:03d}"
            area = do_create_area(manager, area_fields(slug))
            do_replace_draft(manager, area, YEAR, year_document(slug), "test")
            do_submit(manager, area, YEAR, "for the re-assessment")
        body = User.objects.create_user("cb@example.org", "cb@example.org", "x" * 20)
        Membership.objects.create(user=body, role=Role.CERTIFICATION_BODY)
        areas = list(Area.objects.order_by("pk").values_list("pk", flat=True))
        factor_set = sorted(factor_set_specs())[0]
        job = do_ask(body, Job.Kind.REASSESS, {"factor_set": factor_set, "areas": areas})
        print(job.pk)
    elif command == "verify":
        check = verify_chain()
        versions = list(SubmissionVersion.objects.order_by("number").values_list("number", "note"))
        print(json.dumps({"versions": versions, "chain_intact": check.intact, "events": check.events}))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(*sys.argv[1:])
