"""The public submission form, the thank-you page, the address confirmation and the private status page."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Page

from submissions.confirmation import address_for_token, confirm_address, waiting_for
from submissions.defences import client_address, new_challenge, rate_limited
from submissions.forms import SubmissionForm
from submissions.intake import store_submission
from submissions.models import Submission

SESSION_KEY = "submissions:last"


def initial_values(request):
    """Pre-fill from the address: ?kind=correction&page=ID (the "report an error" link) or ?municipality=Name."""
    initial = {"challenge": new_challenge(client_address(request))}
    kind = request.GET.get("kind")
    if kind in Submission.Kind.values:
        initial["kind"] = kind
    if request.GET.get("municipality"):
        initial["municipality_name"] = request.GET["municipality"][:200]
    page_id = request.GET.get("page", "")
    target = Page.objects.live().public().filter(pk=page_id).specific().first() if page_id.isdigit() else None
    if target:
        initial.update(kind=Submission.Kind.CORRECTION, title=_("Correction: %(title)s") % {"title": target.title})
        municipality = getattr(target, "municipality", None)
        if municipality:
            initial.update(municipality_name=municipality.name, country=municipality.country)
    return initial, target


@never_cache
def submit(request):
    """GET shows the form; POST validates, applies the spam defences and stores the submission."""
    initial, target = initial_values(request)
    if request.method != "POST":
        return render(request, "submissions/submit.html", {"form": SubmissionForm(initial=initial), "target": target})

    if rate_limited(request):
        return render(request, "submissions/rate_limited.html", status=429)
    form = SubmissionForm(request.POST, request.FILES)
    if not form.is_valid():
        form.data = form.data.copy()
        form.data["challenge"] = form.data.get("challenge") or new_challenge(client_address(request))
        return render(request, "submissions/submit.html", {"form": form, "target": target}, status=400)

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
