"""Facts about many places at once (networks, practices' policy fields, practice counts, profile
addresses) and the rows of the plain list under the map."""

from django.urls import reverse

from cityprofiles.live import live_practices, live_profiles
from cityprofiles.models.municipalities import Membership, Municipality
from cityprofiles.models.taxonomy import Network
from core.sites import page_path


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


def category(has_profile, practice_count, network_count):
    """What a place is on the map: profiled city, city with practices, network member, or listed."""
    if has_profile:
        return "p"
    return "g" if practice_count else "m" if network_count else "l"


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
