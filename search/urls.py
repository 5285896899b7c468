"""URLs of the search app beyond the search page itself."""

from django.urls import path

from search import views

urlpatterns = [
    path("places/", views.place_autocomplete, name="place_autocomplete"),
]
