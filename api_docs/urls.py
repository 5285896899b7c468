from django.urls import path

from api_docs import views

urlpatterns = [
    path("api/", views.api_page, name="api_docs"),
    path("api/schema/", views.SchemaView.as_view(), name="api_schema"),
]
