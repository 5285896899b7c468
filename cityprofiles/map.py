"""The data behind the map: filters shared by the GeoJSON endpoint and the plain list, the
compact FeatureCollection, and its cache (invalidated whenever map content changes)."""

import hashlib
import json
import time

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cityprofiles.countries import COUNTRY_CHOICES
from cityprofiles.filters import add_bootstrap_classes
from cityprofiles.models import CityProfilePage, Membership, Municipality, Network, PolicyField, PracticePage
from languages.pages import originals

KIND_CHOICES = [
    ("profile", _("with a city profile")),
    ("practice", _("with good practices")),
    ("member", _("network members")),
]
CACHE_VERSION_KEY = "map:version"
LAST_CHANGE_KEY = "map:last-change"
CACHE_SECONDS = 60 * 60


class BoundingBoxField(forms.CharField):
    """“west,south,east,north” in degrees (the GeoJSON bbox order)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            west, south, east, north = (float(part) for part in value.split(","))
        except ValueError:
            raise forms.ValidationError(_("Give four numbers: west,south,east,north.")) from None
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
            raise forms.ValidationError(_("Longitudes must lie within ±180 and latitudes within ±90, south ≤ north."))
        return west, south, east, north


class MapFilterForm(forms.Form):
    """The map's filters; the same form validates the GeoJSON endpoint and the list under the map."""

    policy_field = forms.ModelChoiceField(
        PolicyField.objects.originals(),
        to_field_name="slug",
        required=False,
        label=_("Policy field"),
        empty_label=_("All policy fields"),
    )
    network = forms.ModelChoiceField(
        Network.objects.originals(),
        to_field_name="slug",
        required=False,
        label=_("Network"),
        empty_label=_("All networks"),
    )
    country = forms.ChoiceField(
        choices=[("", _("All countries")), *COUNTRY_CHOICES], required=False, label=_("Country")
    )
    kind = forms.ChoiceField(choices=[("", _("All places")), *KIND_CHOICES], required=False, label=_("Show"))
    q = forms.CharField(max_length=100, required=False, label=_("Name"), strip=True)
    bbox = BoundingBoxField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self.fields)
        self.fields["policy_field"].error_messages["invalid_choice"] = _("There is no such policy field.")
        self.fields["network"].error_messages["invalid_choice"] = _("There is no such network.")


def live_practices():
    """Published, publicly visible practices, each once (the original; addresses lead to translations)."""
    return originals(PracticePage.objects.live().public())


def live_profiles():
    """Published, publicly visible city profiles, each once (the original)."""
    return originals(CityProfilePage.objects.live().public())


def filter_municipalities(filters, queryset=None):
    """Municipalities that match the cleaned filters of a MapFilterForm: by default those on the map
    (with coordinates); the API passes every municipality as `queryset`."""
    if queryset is None:
        queryset = Municipality.objects.filter(latitude__isnull=False, longitude__isnull=False)
    practices = live_practices().filter(municipality=OuterRef("pk"))
    if filters.get("policy_field"):
        queryset = queryset.filter(Exists(practices.filter(policy_fields=filters["policy_field"])))
    if filters.get("network"):
        queryset = queryset.filter(memberships__network=filters["network"], memberships__until__isnull=True)
    if filters.get("country"):
        queryset = queryset.filter(country=filters["country"])
    kind = filters.get("kind")
    if kind == "profile":
        queryset = queryset.filter(Exists(live_profiles().filter(municipality=OuterRef("pk"))))
    elif kind == "practice":
        queryset = queryset.filter(Exists(practices))
    elif kind == "member":
        queryset = queryset.filter(Exists(Membership.objects.filter(municipality=OuterRef("pk"), until__isnull=True)))
    if filters.get("q"):
        queryset = queryset.filter(name__icontains=filters["q"])
    if filters.get("bbox"):
        west, south, east, north = filters["bbox"]
        queryset = queryset.filter(latitude__gte=south, latitude__lte=north)
        if west <= east:
            queryset = queryset.filter(longitude__gte=west, longitude__lte=east)
        else:  # a box across the antimeridian
            queryset = queryset.exclude(longitude__gt=east, longitude__lt=west)
    return queryset


def place_facts(municipalities):
    """Networks, practice fields and counts, and profile addresses of many municipalities at once.

    Four queries whatever the number of municipalities; returns dicts keyed by municipality id.
    """
    ids = municipalities.values("pk")
    networks, fields, practice_ids, profiles = {}, {}, {}, {}
    for municipality_id, slug in (
        Membership.objects.filter(municipality__in=ids, until__isnull=True)
        .order_by("network__slug")
        .values_list("municipality_id", "network__slug")
    ):
        networks.setdefault(municipality_id, []).append(slug)
    for practice_id, municipality_id, slug in (
        live_practices()
        .filter(municipality__in=ids)
        .order_by("policy_fields__slug")
        .values_list("pk", "municipality_id", "policy_fields__slug")
    ):
        practice_ids.setdefault(municipality_id, set()).add(practice_id)
        if slug and slug not in fields.setdefault(municipality_id, []):
            fields[municipality_id].append(slug)
    for municipality_id, url_path in (
        live_profiles().filter(municipality__in=ids).values_list("municipality_id", "url_path")
    ):
        profiles.setdefault(municipality_id, url_path)
    counts = {key: len(value) for key, value in practice_ids.items()}
    return networks, fields, counts, profiles


def page_path(url_path, site_root_path):
    """A page's address relative to the site root (what Wagtail's routing serves)."""
    if not url_path.startswith(site_root_path):
        return url_path
    return f"/{translation.get_language() or settings.LANGUAGE_CODE}/{url_path[len(site_root_path) :]}"


def category(has_profile, practice_count, network_count):
    """What a place is on the map: profiled city, city with practices, network member, or listed."""
    if has_profile:
        return "p"
    return "g" if practice_count else "m" if network_count else "l"


# The map payload is compact so that 10,000 places stay well under 1.5 MB: short keys, numeric
# ids, positions to 3 decimals (about 100 m, plenty for a town's marker), networks and policy
# fields as indexes into lists kept once at the top, and defaults left out.
# The legend travels with every response.
LEGEND = {
    "id": "the place's number; its page is url_template with {id} filled in (or properties.u)",
    "n": "name",
    "cc": "country (ISO 3166-1 alpha-2)",
    "k": "kind: p = has a city profile, g = has good practices, m = network member, l = listed",
    "nw": "networks it belongs to (indexes into networks); absent when none",
    "pf": "policy fields of its published practices (indexes into policy_fields); absent when none",
    "np": "number of published practices; absent when none",
    "u": "address of its city profile, when it has one",
}


def feature_collection(filters, site_root_path):
    """The filtered municipalities as a compact RFC 7946 FeatureCollection (a dict)."""
    municipalities = filter_municipalities(filters).order_by("name")
    networks, fields, counts, profiles = place_facts(municipalities)
    network_slugs = sorted({slug for slugs in networks.values() for slug in slugs})
    field_slugs = sorted({slug for slugs in fields.values() for slug in slugs})
    network_index = {slug: n for n, slug in enumerate(network_slugs)}
    field_index = {slug: n for n, slug in enumerate(field_slugs)}
    features = []
    for pk, name, country, latitude, longitude in municipalities.values_list(
        "pk", "name", "country", "latitude", "longitude"
    ):
        profile, count, member_of = profiles.get(pk), counts.get(pk, 0), networks.get(pk, [])
        properties = {"n": name, "cc": country, "k": category(profile is not None, count, len(member_of))}
        if member_of:
            properties["nw"] = [network_index[s] for s in member_of]
        if fields.get(pk):
            properties["pf"] = [field_index[s] for s in fields[pk]]
        if count:
            properties["np"] = count
        if profile:
            properties["u"] = page_path(profile, site_root_path)
        features.append(
            {
                "type": "Feature",
                "id": pk,
                "geometry": {"type": "Point", "coordinates": [round(longitude, 3), round(latitude, 3)]},
                "properties": properties,
            }
        )
    return {
        "type": "FeatureCollection",
        "url_template": reverse("municipality_by_id", kwargs={"pk": 0}).replace("/0/", "/{id}/"),
        "networks": network_slugs,
        "policy_fields": field_slugs,
        "legend": LEGEND,
        "features": features,
    }


def cache_version():
    """The current generation of map data; bumping it invalidates every cached response."""
    version = cache.get(CACHE_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(CACHE_VERSION_KEY, version, None)
    return version


def last_change():
    """When public content last changed (a Unix time), for Last-Modified and ETag headers.

    Where the cache holds no time yet (a fresh start), it is now: everything counts as changed.
    """
    value = cache.get(LAST_CHANGE_KEY)
    if value is None:
        cache.add(LAST_CHANGE_KEY, time.time(), None)
        value = cache.get(LAST_CHANGE_KEY, time.time())
    return value


def invalidate_map_cache(**kwargs):
    """Signal handler: public content changed, so cached map responses and API validators are stale."""
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:
        cache.set(CACHE_VERSION_KEY, 1, None)
    cache.set(LAST_CHANGE_KEY, time.time(), None)


def cached_geojson(form, site_root_path):
    """The serialised FeatureCollection for a valid filter form, from the cache when fresh."""
    params = json.dumps([site_root_path, translation.get_language(), sorted((k, v) for k, v in form.data.items() if v)])
    key = f"map:geojson:{cache_version()}:{hashlib.sha256(params.encode()).hexdigest()}"
    body = cache.get(key)
    if body is None:
        body = json.dumps(
            feature_collection(form.cleaned_data, site_root_path), separators=(",", ":"), ensure_ascii=False
        )
        cache.set(key, body, CACHE_SECONDS)
    return body


def network_labels():
    """Network slug → the short name (or name) shown in lists and popups."""
    return {network.slug: network.translated.display_name for network in Network.objects.originals()}


def place_rows(municipalities, site_root_path, labels):
    """Rows for the plain list under the map (the no-JavaScript and screen-reader path)."""
    municipalities = list(municipalities)
    ids = Municipality.objects.filter(pk__in=[m.pk for m in municipalities])
    networks, _fields, counts, profiles = place_facts(ids)
    rows = []
    for municipality in municipalities:
        profile = profiles.get(municipality.pk)
        rows.append(
            {
                "municipality": municipality,
                "networks": [labels.get(s, s) for s in networks.get(municipality.pk, [])],
                "practices": counts.get(municipality.pk, 0),
                "has_profile": profile is not None,
                "url": page_path(profile, site_root_path)
                if profile
                else reverse("municipality_detail", kwargs={"slug": municipality.slug}),
            }
        )
    return rows
