"""Template context every page gets."""

from django.conf import settings


def map_settings(request):
    """The base map's tile URL and attribution (settings), for the map and the locator maps."""
    return {"map_settings": {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}}
