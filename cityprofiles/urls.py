"""Addresses of the cityprofiles app: pages for people (language-prefixed) and the map's data."""

from django.urls import path

from cityprofiles import api, views

# Pages for people; site_config/urls.py puts them under the language prefix (/en/, /de/, ...).
urlpatterns = [
    path("municipalities/id/<int:pk>/", views.municipality_by_id, name="municipality_by_id"),
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality_detail"),
]

# Machine addresses without a language prefix (before the API router, which has the rest of /api/v2/).
api_urlpatterns = [
    path("api/v2/map/", api.map_geojson, name="map_geojson"),
    path("preview/", views.headless_preview, name="headless_preview"),
]
