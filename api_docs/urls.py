"""Addresses of the API documentation: the page for people (language-prefixed) and the schema."""

from django.urls import path

from api_docs import views

urlpatterns = [
    path("api/", views.api_page, name="api_docs"),
]

api_urlpatterns = [
    path("api/schema/", views.SchemaView.as_view(), name="api_schema"),
]
