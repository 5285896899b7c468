"""Site search over city profiles, practices, municipalities and networks, ranked as a visitor expects.

Wagtail's search back end (database full-text by default) finds the candidates of each type; this
module then ranks them in tiers that hold on every back end: the place or network whose own name
(or other name, with or without accents) is the query first, then entries with the words in their
title, then practices filed under a policy field the query names (in English or German), then the
rest in the back end's relevance order. When nothing matches a name, title or topic, each word is
compared with the words of names, titles and topics (difflib; one wrong letter is close enough) and
the corrected query is searched instead: the corpus of names is small enough to do this in Python,
and it behaves the same on SQLite and PostgreSQL.

Privacy: the query is never logged or stored (no Wagtail query-hit logging, no logger calls here).
"""

import difflib
import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from cityprofiles.countries import country_name
from cityprofiles.models import CityProfilePage, Municipality, Network, PolicyField, PracticePage
from core.text import WORD, fold, folded_words
from languages.pages import original_locale_id, originals

CANDIDATES_PER_TYPE = 200
KINDS = {
    "profile": _("City profile"),
    "municipality": _("Municipality"),
    "practice": _("Good practice"),
    "network": _("Network"),
}
KIND_ORDER = list(KINDS)


@dataclass
class Hit:
    """One result: what it is, where it links, the text shown, and the facet values it carries."""

    kind: str
    obj: object
    title: str
    url: str
    text: str = ""
    names: list = field(default_factory=list)
    topics: str = ""
    country: str = ""
    networks: set = field(default_factory=set)
    policy_fields: set = field(default_factory=set)
    tier: int = 3
    position: int = 0

    @property
    def kind_label(self):
        """The translated label of the result's type."""
        return KINDS[self.kind]

    @property
    def country_name(self):
        """The translated name of the result's country, or ""."""
        return country_name(self.country) if self.country else ""

    @property
    def sort_key(self):
        """Tier, then the back end's order, then the type (profiles before practices)."""
        return (self.tier, self.position, KIND_ORDER.index(self.kind))


def word_matches(query_word, words):
    """True when a query word is a word of `words` or starts one (3+ letters: "card" ~ "cards")."""
    stem = query_word[:-1] if len(query_word) > 4 and query_word.endswith("s") else query_word
    return any(w == query_word or (len(stem) >= 3 and w.startswith(stem)) for w in words)


def all_words_in(query_words, text):
    """True when every query word matches a word of `text`."""
    words = folded_words(text)
    return bool(query_words) and all(word_matches(q, words) for q in query_words)


def rank(hit, query):
    """The hit's tier: 0 own name, 1 words in title or name, 2 a policy field it is filed under, 3 other."""
    folded_query, query_words = fold(query), folded_words(query)
    if any(fold(name) == folded_query for name in hit.names):
        return 0
    if any(all_words_in(query_words, name) for name in [hit.title] + hit.names):
        return 1
    topics = hit.topics.split(",") if hit.topics else []
    if topics and all(any(all_words_in([word], topic) for topic in topics) for word in query_words):
        return 2
    return 3


def _network_slugs(municipality):
    """Slugs of the networks the municipality currently belongs to (memberships prefetched)."""
    return {m.network.slug for m in municipality.memberships.all() if m.is_current}


def _municipality_hit(municipality, request, network_base):
    """A municipality as a result: as its live profile when it has one, else its own page."""
    profile = municipality.live_profile
    if profile is not None:
        profile.municipality = municipality
        return _profile_hit(profile, request, network_base)
    return Hit(
        "municipality",
        municipality,
        municipality.name,
        municipality.get_absolute_url(),
        text=municipality.listing_reason,
        names=municipality.names(),
        country=municipality.country,
        networks=_network_slugs(municipality),
    )


def _profile_hit(page, request, network_base):
    """A city profile as a result, known by its municipality's names."""
    return Hit(
        "profile",
        page,
        page.title,
        page.get_url(request),
        text=page.summary,
        names=page.municipality.names(),
        country=page.municipality.country,
        networks=_network_slugs(page.municipality),
    )


def _practice_hit(page, request, network_base):
    """A practice as a result, with its policy fields' names and search words as its topics."""
    fields = list(page.policy_fields.all())
    municipality = page.municipality
    return Hit(
        "practice",
        page,
        page.title,
        page.get_url(request),
        text=page.summary,
        topics=",".join(f"{f.name},{f.keywords}" for f in fields),
        country=municipality.country if municipality else "",
        networks=_network_slugs(municipality) if municipality else set(),
        policy_fields={f.slug for f in fields},
    )


def _network_hit(network, request, network_base):
    """A network as a result, linked to its sub-page of the network index."""
    return Hit(
        "network",
        network,
        network.name,
        f"{network_base}{network.slug}/" if network_base else "",
        text=strip_tags(network.description),
        names=[network.name, network.short_name] if network.short_name else [network.name],
    )


SOURCES = [
    (
        lambda: (
            originals(CityProfilePage.objects.live().public())
            .select_related("municipality")
            .prefetch_related("municipality__memberships__network")
        ),
        _profile_hit,
    ),
    (
        lambda: (
            originals(PracticePage.objects.live().public())
            .select_related("municipality")
            .prefetch_related("policy_fields", "municipality__memberships__network")
        ),
        _practice_hit,
    ),
    (lambda: Municipality.objects.live().prefetch_related("profiles", "memberships__network"), _municipality_hit),
    (lambda: Network.objects.filter(locale_id=original_locale_id()), _network_hit),
]


def network_base_url(request):
    """The address of the live network index (networks' pages are its sub-pages), or ""."""
    from cityprofiles.models import NetworkIndexPage

    index = NetworkIndexPage.objects.live().first()
    return index.get_url(request) if index else ""


def find(words, request):
    """All hits for the (already safe) search words, ranked; a municipality with a live profile
    appears once, as its profile."""
    network_base = network_base_url(request)
    hits = {}
    for queryset, make_hit in SOURCES:
        results = get_search_backend().search(words, queryset(), operator="or")[:CANDIDATES_PER_TYPE]
        for position, obj in enumerate(results):
            hit = make_hit(obj, request, network_base)
            hit.tier, hit.position = rank(hit, words), position
            _keep(hits, hit)
    for position, page in enumerate(topic_practices(words)):
        hit = _practice_hit(page, request, network_base)
        hit.tier, hit.position = rank(hit, words), CANDIDATES_PER_TYPE + position
        _keep(hits, hit)
    return sorted(hits.values(), key=lambda hit: hit.sort_key)


def _keep(hits, hit):
    """Keep the better-ranked of two hits for the same entry."""
    key = (hit.kind, hit.obj.pk)
    if key not in hits or hit.sort_key < hits[key].sort_key:
        hits[key] = hit


def topic_practices(words):
    """Live practices filed under a policy field whose name or search words the query names
    ("Wohnen" → Housing), by title; found here rather than through the index so that every
    back end treats topics alike."""
    query_words = folded_words(words)
    fields = [
        pk
        for pk, name, keywords in PolicyField.objects.values_list("pk", "name", "keywords")
        if any(all_words_in(query_words, topic) for topic in [name] + keywords.split(","))
    ]
    if not fields:
        return []
    return SOURCES[1][0]().filter(policy_fields__in=fields).distinct().order_by("title")[:CANDIDATES_PER_TYPE]


def vocabulary():
    """The folded words of every name, other name, live title and topic: what a misspelling is checked against."""
    texts = []
    for name, others in Municipality.objects.live().values_list("name", "alternate_names"):
        texts += [name, others]
    texts += CityProfilePage.objects.live().values_list("title", flat=True)
    texts += PracticePage.objects.live().values_list("title", flat=True)
    for values in (
        Network.objects.values_list("name", "short_name"),
        PolicyField.objects.values_list("name", "keywords"),
    ):
        for row in values:
            texts += row
    return {word for text in texts for word in folded_words(text) if len(word) >= 3}


def corrected(words):
    """The query with each unknown word (4+ letters) replaced by the closest known one, or "" when
    nothing changes."""
    known = vocabulary()
    result, changed = [], False
    for word in folded_words(words):
        if len(word) >= 4 and word not in known:
            close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
            if close:
                word, changed = close[0], True
        result.append(word)
    return " ".join(result) if changed else ""


def search_site(words, request):
    """(hits, the corrected query or "") for the search words; a misspelt query is searched as
    corrected when the words as typed match no name, title or topic."""
    hits = find(words, request)
    if not any(hit.tier <= 2 for hit in hits):
        correction = corrected(words)
        if correction:
            better = find(correction, request)
            if any(hit.tier <= 2 for hit in better):
                return better, correction
    return hits, ""


def highlight(text, words, length=40):
    """Escaped text (cut to `length` words) with every word matching a query word wrapped in <mark>."""
    query_words = folded_words(words)
    parts = []
    for token in WORD.split(Truncator(text or "").words(length)):
        if token and WORD.fullmatch(token) and word_matches_any(fold(token), query_words):
            parts.append(f"<mark>{escape(token)}</mark>")
        else:
            parts.append(escape(token))
    return mark_safe("".join(parts))


def word_matches_any(token, query_words):
    """True when a folded word of the text is one of the query words or starts like it."""
    return any(word_matches(q, [token]) for q in query_words)


def submit_listing_url(name):
    """The submission form's "list our municipality" address, pre-filled with the name."""
    from urllib.parse import urlencode

    return reverse("submit") + "?" + urlencode({"kind": "listing", "municipality": name})


def looks_like_a_name(words):
    """True for one to four words of letters (with hyphens or apostrophes): maybe a place not listed yet."""
    parts = words.split()
    return 0 < len(parts) <= 4 and all(re.fullmatch(r"[^\W\d_][\w'’-]*", part) for part in parts)


def country_label(code):
    """The country's name for a facet."""
    return country_name(code)
