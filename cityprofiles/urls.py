from django.urls import path

from cityprofiles import views

urlpatterns = [
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality_detail"),
]
