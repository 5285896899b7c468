"""URLs of the search app beyond the search page itself."""

from django.urls import path

from search import autocomplete, views

urlpatterns = [
    path("autocomplete/", autocomplete.autocomplete, name="search_autocomplete"),
    path("places/", views.place_autocomplete, name="place_autocomplete"),
]
