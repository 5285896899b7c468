"""Suggestions for the header search box: GET /search/autocomplete/?q=.

Names and titles only — live public city profiles, live public practices, listed municipalities
(those without a profile) and networks — matched by prefix of the whole name or of any of its
words, accent-folded with `core.text.match_key`. The matching runs on an in-process index
that is rebuilt only when the map's cache generation changes (publishing, unpublishing, deleting
or editing map data bumps it, see cityprofiles/signals.py), so a keystroke costs no database query
for the index itself.
"""

import heapq
from dataclasses import dataclass

from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cityprofiles.countries import country_name
from cityprofiles.generation import generation
from cityprofiles.live import live_practices, live_profiles
from cityprofiles.models import Municipality, Network
from cityprofiles.models.indexes import NetworkIndexPage
from cityprofiles.models.municipalities import other_names
from core.http import error_response
from core.prefix import PrefixIndex, Rebuilt
from core.sites import page_path, site_root_path
from core.text import match_key

MAX_QUERY_LENGTH = 200
MIN_KEY_LENGTH = 2
MAX_RESULTS = 8
MAX_WORDS = 12  # words of a title that can start a match ("card" finds "City card for all")
# Places before networks before practices: a name typed in the box is most often a place.
TYPE_ORDER = {"city": 0, "municipality": 1, "network": 2, "practice": 3}


def type_labels():
    """Type code → its label in the active language."""
    return {
        "city": _("City profile"),
        "municipality": _("Municipality"),
        "network": _("Network"),
        "practice": _("Good practice"),
    }


@dataclass(frozen=True, slots=True)
class Entry:
    """One suggestion as the index keeps it; `context` is a country code or a municipality name."""

    label: str
    type: str
    url: str
    context: str
    weight: int  # population for places, 0 otherwise: bigger places first among equals
    names: tuple  # the folded names it is found by (a profile: its title and its municipality's name)


@dataclass(frozen=True, slots=True)
class Index:
    """The entries, and a prefix index from match keys to entry numbers (an entry has one key per word)."""

    prefixes: PrefixIndex
    entries: tuple


def _entries(root):
    """Every suggestible name of the site whose root page has the url_path `root` (five queries)."""
    entries, profiled = [], set()
    for title, url_path, municipality_id, name, others, country, population in (
        live_profiles()
        .order_by("pk")
        .values_list(
            "title",
            "url_path",
            "municipality_id",
            "municipality__name",
            "municipality__alternate_names",
            "municipality__country",
            "municipality__population",
        )
    ):
        if municipality_id in profiled:
            continue
        profiled.add(municipality_id)
        names = {match_key(title), match_key(name or "")} | {match_key(other) for other in other_names(others)}
        entries.append(
            Entry(title, "city", page_path(url_path, root), country or "", population or 0, tuple(names - {""}))
        )
    # Reversed once: slugs are ASCII (the slug converter's alphabet), so filling them in is exact.
    municipality_url = reverse("municipality_detail", kwargs={"slug": "0"})[:-2] + "{}/"
    for pk, name, others, country, slug, population in (
        Municipality.objects.live()
        .order_by()
        .values_list("pk", "name", "alternate_names", "country", "slug", "population")
    ):
        if pk not in profiled:
            names = {match_key(name)} | {match_key(other) for other in other_names(others)}
            entries.append(
                Entry(
                    name, "municipality", municipality_url.format(slug), country, population or 0, tuple(names - {""})
                )
            )
    network_index = NetworkIndexPage.objects.live().public().order_by("pk").values_list("url_path", flat=True).first()
    if network_index:
        base = page_path(network_index, root)
        for name, short_name, slug in Network.objects.order_by().values_list("name", "short_name", "slug"):
            names = tuple({match_key(name), match_key(short_name)} - {""})
            entries.append(Entry(name, "network", f"{base}{slug}/", "", 0, names))
    for title, url_path, municipality in (
        live_practices().order_by("pk").values_list("title", "url_path", "municipality__name")
    ):
        entries.append(Entry(title, "practice", page_path(url_path, root), municipality or "", 0, (match_key(title),)))
    return entries


def build_index(root):
    """The suggestion index of the site whose root page has the url_path `root`."""
    entries = _entries(root)
    pairs = set()
    for number, entry in enumerate(entries):
        for name in entry.names:
            words = name.split()
            pairs.update((" ".join(words[start:]), number) for start in range(min(len(words), MAX_WORDS)))
    return Index(PrefixIndex(sorted(pairs)), tuple(entries))


# One index per site root and language (the addresses carry the language prefix).
_indexes = Rebuilt(lambda root, language: build_index(root))


def current_index(root):
    """The index for a site root, rebuilt when the generation of public content has moved on."""
    return _indexes.get(generation(), root, translation.get_language())


def rank(entry, key, at_start):
    """Sort key of a match: the exact name, then places before networks before practices, a match
    at the start of the name before one inside it, bigger places first, then alphabetical."""
    return (key not in entry.names, TYPE_ORDER[entry.type], not at_start, -entry.weight, entry.label.casefold())


def matches(index, key, limit=MAX_RESULTS):
    """The best `limit` entries of `index` with a name, or a word of it, that starts with `key`."""
    best = {}
    for number in index.prefixes.starting_with(key):
        entry = index.entries[number]
        at_start = any(name.startswith(key) for name in entry.names)
        if number not in best:
            best[number] = rank(entry, key, at_start)
    chosen = heapq.nsmallest(limit, best.items(), key=lambda item: item[1])
    return [index.entries[number] for number, _rank in chosen]


def as_json(entry, labels):
    """The public form of a suggestion: label, type, type_label, url, and a context to tell twins apart."""
    context = str(country_name(entry.context)) if entry.type in ("city", "municipality") else entry.context
    return {
        "label": entry.label,
        "type": entry.type,
        "type_label": str(labels[entry.type]),
        "url": entry.url,
        "context": context,
    }


@require_safe
def autocomplete(request):
    """GET /search/autocomplete/?q=<text>: up to 8 pages and places whose name starts with the text.

    Fewer than 2 letters (after dropping punctuation) give an empty list; more than 200 characters
    a 400 naming the parameter. Public responses may be cached for a minute.
    """
    text = request.GET.get("q", "")
    if len(text) > MAX_QUERY_LENGTH:
        return error_response("q", _("Type at most %(count)s characters.") % {"count": MAX_QUERY_LENGTH})
    key = match_key(text)
    results = []
    if len(key) >= MIN_KEY_LENGTH:
        labels = type_labels()
        results = [as_json(entry, labels) for entry in matches(current_index(site_root_path(request)), key)]
    response = JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60"
    return response
