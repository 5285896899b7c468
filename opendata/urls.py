from django.urls import path

from opendata import views

urlpatterns = [
    path("data/", views.data_page, name="opendata"),
    path("data/<slug:name>.<slug:fmt>", views.download, name="opendata_download"),
]
