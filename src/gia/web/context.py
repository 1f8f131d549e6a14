"""What every page needs: settings for the map, the user's roles, the languages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gia.web.permissions import roles


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "tile_url": settings.GIA_TILE_URL,
        "tile_attribution": settings.GIA_TILE_ATTRIBUTION,
        "gia_roles": roles(request.user),
    }
