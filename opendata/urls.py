"""Addresses of the open-data app: the page for people (language-prefixed) and the files."""

from django.urls import path

from opendata import views

urlpatterns = [
    path("data/", views.data_page, name="opendata"),
]

# The files themselves have one address in every language.
api_urlpatterns = [
    path("data/<slug:name>.<slug:fmt>", views.download, name="opendata_download"),
]
