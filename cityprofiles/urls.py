from django.urls import path

from cityprofiles import api, views

urlpatterns = [
    path("api/v2/map/", api.map_geojson, name="map_geojson"),
    path("preview/", views.headless_preview, name="headless_preview"),
    path("municipalities/id/<int:pk>/", views.municipality_by_id, name="municipality_by_id"),
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality_detail"),
]
