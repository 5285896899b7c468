"""The cityprofiles part of the headless API: the map's GeoJSON (map.py), our own endpoints for
municipalities, networks and policy fields (endpoints.py), the public pages, images, documents
and draft previews (pages.py), and the freshness of every read response (caching.py).

Every endpoint but the map is a Wagtail BaseAPIViewSet registered in cityprofiles.api.router.api_router.
"""

from .map import map_geojson  # noqa: F401
