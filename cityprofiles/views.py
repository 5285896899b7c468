"""Public views that are not Wagtail pages: the page of a listed municipality without a profile."""

from django.shortcuts import get_object_or_404, redirect, render

from cityprofiles.models import CityProfilePage, Municipality, TakeActionPage


def municipality_by_id(request, pk):
    """Permanent redirect from a municipality's numeric id (as the map's GeoJSON gives it) to its page."""
    municipality = get_object_or_404(Municipality, pk=pk)
    return redirect(municipality.get_absolute_url(), permanent=True)


def municipality_detail(request, slug):
    """Show a listed municipality: networks, commitments, practices, and a call to do more.

    A municipality with a live city profile redirects there, so each place has one public page.
    """
    municipality = get_object_or_404(Municipality, slug=slug)
    profile = CityProfilePage.objects.live().public().filter(municipality=municipality).first()
    if profile:
        return redirect(profile.url)
    return render(
        request,
        "cityprofiles/municipality_detail.html",
        {
            "municipality": municipality,
            "memberships": municipality.memberships_with_commitments(),
            "practices": municipality.live_practices(),
            "take_action": TakeActionPage.objects.live().public().first(),
        },
    )
