"""The deployed platform's own setup for tests/deploy (run with the platform's production settings and
environment): ``python -m tests.deploy.world setup`` makes a manager with an area and an API token,
and prints the token."""

from __future__ import annotations

import sys


def main(command: str) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User

    from gia.web.actions.accounts import do_create_api_token
    from gia.web.actions.areas import do_create_area
    from gia.web.models import Membership, Role
    from tests.web.conftest import area_fields

    if command != "setup":
        raise SystemExit(f"unknown command {command}")
    manager = User.objects.create_user("manager@example.org", "manager@example.org", "x" * 20)
    Membership.objects.create(user=manager, role=Role.AREA_MANAGER)
    do_create_area(manager, area_fields("north-park"))
    _token, raw = do_create_api_token(manager, "deploy test")
    print(raw)


if __name__ == "__main__":
    main(*sys.argv[1:])
