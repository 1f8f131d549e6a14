"""What every page needs: settings for the map, the user's roles, the menu items they may use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gia.web.permissions import Roles, roles


def menu(r: Roles) -> dict[str, bool]:
    """The signed-in menu's items for a user's roles: only what they use.

    API tokens are for the people whose work machines take over (area managers uploading a year's data,
    the certification body); the deadlines are the certification body's queue.
    """
    return {
        "deadlines": r.certification_body,
        "tokens": r.certification_body or r.applicant,
    }


def platform(request: HttpRequest) -> dict[str, Any]:
    r = roles(request.user)
    return {
        "tile_url": settings.GIA_TILE_URL,
        "tile_attribution": settings.GIA_TILE_ATTRIBUTION,
        "gia_roles": r,
        "gia_menu": menu(r),
        #: the largest file an upload takes [bytes], checked in the browser before sending (gia/pages.js)
        "upload_limit": settings.GIA_MAX_UPLOAD_BYTES,
        "upload_limit_mb": round(settings.GIA_MAX_UPLOAD_BYTES / 1e6),
    }
