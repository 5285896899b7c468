"""The map's compact RFC 7946 FeatureCollection, and its cache (keyed by the content generation,
so any change of map content makes every cached body stale)."""

import hashlib
import json

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from cityprofiles.generation import cache_version
from cityprofiles.places import category, place_facts
from core.sites import page_path

CACHE_SECONDS = 60 * 60

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


def feature_collection(municipalities, site_root_path):
    """The municipalities (a filtered queryset) as a compact RFC 7946 FeatureCollection (a dict)."""
    municipalities = municipalities.order_by("name")
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


def cached_geojson(filterset, site_root_path):
    """The serialised FeatureCollection for a valid MunicipalityFilterSet, from the cache when fresh."""
    data = filterset.form.data
    params = json.dumps([site_root_path, translation.get_language(), sorted((k, v) for k, v in data.items() if v)])
    key = f"map:geojson:{cache_version()}:{hashlib.sha256(params.encode()).hexdigest()}"
    body = cache.get(key)
    if body is None:
        body = json.dumps(feature_collection(filterset.qs, site_root_path), separators=(",", ":"), ensure_ascii=False)
        cache.set(key, body, CACHE_SECONDS)
    return body
