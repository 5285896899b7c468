"""Public views that are not Wagtail pages: the page of a listed municipality without a profile,
and the draft preview behind a signed preview link."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from cityprofiles.live import live_profiles
from cityprofiles.models import Municipality, TakeActionPage


def municipality_by_id(request, pk):
    """Permanent redirect from a municipality's numeric id (as the map's GeoJSON gives it) to its page."""
    municipality = get_object_or_404(Municipality.objects.live(), pk=pk)
    return redirect(municipality.get_absolute_url(), permanent=True)


def municipality_detail(request, slug):
    """Show a listed municipality: networks, commitments, practices, and a call to do more.

    A municipality with a live city profile redirects there, so each place has one public page.
    """
    municipality = get_object_or_404(Municipality.objects.live(), slug=slug)
    profile = live_profiles().filter(municipality=municipality).first()
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


@xframe_options_sameorigin
@require_safe
def headless_preview(request):
    """GET /preview/?content_type=…&token=…: the site as its own headless front end renders the
    draft a signed preview link points to (in the editor's preview panel); 404 for a bad link."""
    from cityprofiles.api.pages import page_from_preview_link

    page = page_from_preview_link(request.GET.get("content_type"), request.GET.get("token"))
    response = page.serve_draft(request)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response
