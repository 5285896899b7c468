"""The public submission form, the thank-you page, the address confirmation and the private status page."""

import re

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Page

from cityprofiles.models import Membership, Municipality, Network
from submissions.confirmation import address_for_token, confirm_address, waiting_for
from submissions.defences import client_address, new_challenge, rate_limited
from submissions.forms import SubmissionForm
from submissions.intake import store_submission
from submissions.models import Submission

SESSION_KEY = "submissions:last"
ENTRY = re.compile(r"^(municipality|network|membership):([0-9]{1,12})$")


def entry_initial(value):
    """What a "report an error" link on a municipality, network or membership pre-fills (a title
    naming it, the municipality's name and country) and the entry's name; ({}, "") when `value`
    names no public entry."""
    match = ENTRY.match(value or "")
    if not match:
        return {}, ""
    kind, pk = match.group(1), int(match.group(2))
    municipality, name = None, ""
    if kind == "municipality":
        municipality = Municipality.objects.live().filter(pk=pk).first()
        name = municipality and str(municipality)
    elif kind == "network":
        network = Network.objects.filter(pk=pk).first()
        name = network and network.translated.name
    else:
        membership = (
            Membership.objects.filter(pk=pk, municipality__live=True).select_related("municipality", "network").first()
        )
        if membership:
            municipality = membership.municipality
            name = _("%(municipality)s in %(network)s") % {
                "municipality": municipality.name,
                "network": membership.network.translated.display_name,
            }
    if not name:
        return {}, ""
    initial = {"kind": Submission.Kind.CORRECTION, "title": (_("Correction: %(title)s") % {"title": name})[:200]}
    if municipality:
        initial.update(municipality_name=municipality.name, country=municipality.country)
    return initial, name


def initial_values(request):
    """Pre-fill from the address: ?kind=correction&page=ID or &entry=municipality:ID (network:ID,
    membership:ID), the "report an error" links, or ?municipality=Name. Returns the initial values,
    the page being corrected (or None) and the name of the entry being corrected (or "")."""
    initial = {"challenge": new_challenge(client_address(request))}
    kind = request.GET.get("kind")
    if kind in Submission.Kind.values:
        initial["kind"] = kind
    if request.GET.get("municipality"):
        initial["municipality_name"] = request.GET["municipality"][:200]
    entry, about = entry_initial(request.GET.get("entry"))
    initial.update(entry)
    page_id = request.GET.get("page", "")
    target = Page.objects.live().public().filter(pk=page_id).specific().first() if page_id.isdigit() else None
    if target:
        initial.update(kind=Submission.Kind.CORRECTION, title=_("Correction: %(title)s") % {"title": target.title})
        municipality = getattr(target, "municipality", None)
        if municipality:
            initial.update(municipality_name=municipality.name, country=municipality.country)
        about = target.title
    return initial, target, about


@never_cache
def submit(request):
    """GET shows the form; POST validates, applies the spam defences and stores the submission."""
    initial, target, about = initial_values(request)
    if request.method != "POST":
        return render(request, "submissions/submit.html", {"form": SubmissionForm(initial=initial), "about": about})

    if rate_limited(request):
        return render(request, "submissions/rate_limited.html", status=429)
    form = SubmissionForm(request.POST, request.FILES)
    if not form.is_valid():
        form.data = form.data.copy()
        form.data["challenge"] = form.data.get("challenge") or new_challenge(client_address(request))
        return render(request, "submissions/submit.html", {"form": form, "about": about}, status=400)

    submission, token, _status_url = store_submission(request, form, target)
    request.session[SESSION_KEY] = {"reference": submission.reference, "token": token}
    return redirect("submission_thanks")


@never_cache
def thanks(request):
    """After a submission: its reference and the private status link, shown this once."""
    last = request.session.pop(SESSION_KEY, None)
    if not last:
        return redirect("submit")
    status_url = request.build_absolute_uri(reverse("submission_status", kwargs={"token": last["token"]}))
    return render(request, "submissions/thanks.html", {"reference": last["reference"], "status_url": status_url})


@never_cache
def status(request, token):
    """Where a submission stands; reachable only with its unguessable token."""
    submission = Submission.for_token(token)
    if submission is None:
        raise Http404
    return render(request, "submissions/status.html", {"submission": submission})


@never_cache
def confirm(request, token):
    """The link mailed to the submitter: GET shows what will be confirmed and a button; POST confirms
    (a mail scanner that only fetches the link confirms nothing). A forged or old link shows an error."""
    address = address_for_token(token)
    if address is None:
        return render(request, "submissions/confirm.html", {"invalid": True}, status=404)
    if request.method == "POST":
        confirmed = confirm_address(address)
        return render(request, "submissions/confirm.html", {"confirmed": confirmed, "done": True})
    return render(request, "submissions/confirm.html", {"waiting": waiting_for(address)})
