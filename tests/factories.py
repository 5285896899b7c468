"""Factories for test data: snippets through factory-boy, pages added under their parents."""

import io
import re

import factory
from django.conf import settings
from django.utils import timezone
from factory.django import DjangoModelFactory
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from cityprofiles.models import (
    CityIndexPage,
    CityProfilePage,
    CommitmentCriterion,
    CommitmentStatus,
    Membership,
    Municipality,
    Network,
    NetworkIndexPage,
    PolicyField,
    PracticeIndexPage,
    PracticePage,
    TakeActionPage,
)
from home.models import HomePage
from submissions.models import Submission


def original_locale():
    """The default language's Locale; created again where a transactional test flushed the database."""
    return Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]


class PolicyFieldFactory(DjangoModelFactory):
    class Meta:
        model = PolicyField
        django_get_or_create = ("slug", "locale")

    locale = factory.LazyFunction(original_locale)

    name = factory.Sequence(lambda n: f"Policy field {n}")
    slug = factory.Sequence(lambda n: f"policy-field-{n}")


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    locale = factory.LazyFunction(original_locale)
    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    scope = Network.Scope.EUROPEAN
    description = "<p>A network of cities.</p>"


class CommitmentCriterionFactory(DjangoModelFactory):
    class Meta:
        model = CommitmentCriterion

    network = factory.SubFactory(NetworkFactory)
    key = factory.Sequence(lambda n: f"criterion-{n}")
    title = factory.Sequence(lambda n: f"Criterion {n}")
    sort_order = factory.Sequence(lambda n: n)


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Town {n}")
    country = "DE"
    region = "Hesse"
    kind = Municipality.Kind.CITY
    latitude = factory.Sequence(lambda n: 48.0 + (n % 100) / 50)
    longitude = factory.Sequence(lambda n: 8.0 + (n % 100) / 50)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    municipality = factory.SubFactory(MunicipalityFactory)
    network = factory.SubFactory(NetworkFactory)
    status = Membership.Status.MEMBER
    source_url = "https://example.org/members"


class CommitmentStatusFactory(DjangoModelFactory):
    class Meta:
        model = CommitmentStatus

    membership = factory.SubFactory(MembershipFactory)
    criterion = factory.SubFactory(CommitmentCriterionFactory)
    decided = "yes"
    fulfilled = "yes"
    evidence_url = "https://example.org/evidence"


def home_page():
    """The site's home page: the one the home app's migration creates, or a new one where a
    transactional test (browser tests) has flushed the database."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site:
        return site.root_page.specific
    original_locale()
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="Moving Cities", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Moving Cities")
    return home


def add_page(parent, page):
    """Add `page` under `parent` and publish it; returns the page."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def city_index(**kwargs):
    """The one city index, created on first use."""
    return CityIndexPage.objects.first() or add_page(
        home_page(), CityIndexPage(title="Cities", slug="cities", **kwargs)
    )


def practice_index(**kwargs):
    """The one practice index, created on first use."""
    return PracticeIndexPage.objects.first() or add_page(
        home_page(), PracticeIndexPage(title="Good practices", slug="practices", **kwargs)
    )


def network_index():
    """The one network index, created on first use."""
    return NetworkIndexPage.objects.first() or add_page(
        home_page(), NetworkIndexPage(title="Networks", slug="networks")
    )


_counter = iter(range(1, 10**9))


def city_profile(municipality=None, **kwargs):
    """A published city profile of `municipality` (a new one by default)."""
    municipality = municipality or MunicipalityFactory()
    n = next(_counter)
    fields = {
        "title": municipality.name,
        "slug": f"{municipality.slug}-{n}",
        "municipality": municipality,
        "subtitle": "A city of solidarity",
        "summary": f"Summary of {municipality.name}.",
        "key_takeaways": [("takeaway", "Takeaway one")],
        "body": [("section", {"heading": "How it works", "text": RichText("<p>Body text.</p>")})],
        "sources": [("source", {"title": "City press release", "url": "https://example.org/press", "date": None})],
    }
    fields.update(kwargs)
    return add_page(city_index(), CityProfilePage.draft_from(**fields))


def practice(municipality=None, policy_fields=(), **kwargs):
    """A published good practice of `municipality` (a new one by default), filed under `policy_fields`."""
    municipality = municipality or MunicipalityFactory()
    n = next(_counter)
    fields = {
        "title": f"Practice {n}",
        "slug": f"practice-{n}",
        "municipality": municipality,
        "summary": f"What practice {n} does.",
        "status": PracticePage.Status.RUNNING,
        "start_year": 2019,
        "body": [("section", {"heading": "What is inspiring?", "text": RichText("<p>Inspiring.</p>")})],
        "sources": [("source", {"title": "Report", "url": "https://example.org/report", "date": None})],
    }
    fields.update(kwargs)
    return add_page(practice_index(), PracticePage.draft_from(policy_fields=policy_fields, **fields))


def take_action_page(**kwargs):
    """A published take-action guide."""
    fields = {
        "title": "Take action",
        "slug": "take-action",
        "intro": "<p>Push your council.</p>",
        "steps": [
            ("step", {"heading": "Find allies", "text": RichText("<p>Talk to groups.</p>"), "template_document": None})
        ],
    }
    fields.update(kwargs)
    return add_page(home_page(), TakeActionPage(**fields))


def image(title="Harbour", description="Boats in the harbour at dusk"):
    """A Wagtail image (a small PNG) with a description that serves as its alt text."""
    return get_image_model().objects.create(title=title, description=description, file=get_test_image_file())


class SubmissionFactory(DjangoModelFactory):
    """A submission from the public form, with the submitter's personal data."""

    class Meta:
        model = Submission

    token_hash = factory.Sequence(lambda n: f"{n:064d}")
    kind = Submission.Kind.PRACTICE
    municipality_name = "Kiel"
    country = "DE"
    title = factory.Sequence(lambda n: f"Submitted practice {n}")
    summary = "What we do."
    submitter_name = "Erika Mustermann"
    email = "erika.mustermann@example.org"
    organisation = "Private Initiative"
    consent_at = factory.LazyFunction(timezone.now)


def confirmation_link(address):
    """The path of the latest confirmation link mailed to `address` (from its stored e-mail)."""
    from submissions.models import Notification

    message = Notification.objects.filter(kind=Notification.Kind.CONFIRMATION, recipient__iexact=address).first()
    assert message is not None, f"no confirmation e-mail to {address}"
    return re.search(r"https?://testserver(/\S+/submit/confirm/\S+/)", message.body).group(1)


def confirm_email(client, address="ana@example.org"):
    """What a submitter does with the confirmation mail: open its link and press the button.
    Returns the confirmation page's response."""
    link = confirmation_link(address)
    assert client.get(link).status_code == 200
    return client.post(link)


def pdf_bytes(active=None):
    """A real one-page PDF written with pypdf, optionally with active content: "javascript" (an
    action on opening the page), "launch" (opening the document starts a program) or "embedded"."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    if active == "javascript":
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(action)})
    elif active == "launch":
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
        )
    elif active == "embedded":
        writer.add_attachment("invoice.exe", b"MZ\x90\x00")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
