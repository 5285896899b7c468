"""Seeding many municipalities quickly, with real place names, for scale tests and benchmarks."""

import itertools


from cityprofiles.gazetteer import _cities_by_country
from cityprofiles.models import Membership, Municipality, Network
from cityprofiles.models.municipalities import format_location, unique_slug

COUNTRIES = ["DE", "IT", "FR", "ES", "PL", "NL", "AT", "BE", "GR", "PT", "SE", "CH"]


def real_places(count):
    """`count` real places (name, country, latitude, longitude) from the gazetteer, across Europe."""
    pools = [iter(_cities_by_country()[code]) for code in COUNTRIES]
    places = []
    for pool in itertools.cycle(pools):
        city = next(pool)
        places.append((city["name"], city["countrycode"], float(city["latitude"]), float(city["longitude"])))
        if len(places) == count:
            return places


def seed_municipalities(count, member_share=3):
    """Create `count` municipalities with bulk inserts; every `member_share`-th joins a network."""
    network, _ = Network.objects.get_or_create(slug="scale-network", defaults={"name": "Scale test network"})
    taken = set(Municipality.objects.values_list("slug", flat=True))
    objects = []
    for name, country, lat, lng in real_places(count):
        slug = unique_slug(name, country, taken)
        objects.append(Municipality(name=name, country=country, latitude=lat, longitude=lng, slug=slug,
                                    location=format_location(lat, lng), kind="municipality"))
    created = Municipality.objects.bulk_create(objects, batch_size=1000)
    if not created or created[0].pk is None:  # backends that do not return primary keys
        created = list(Municipality.objects.order_by("-pk")[:count])
    Membership.objects.bulk_create(
        [Membership(municipality=m, network=network) for m in created[::member_share]], batch_size=1000
    )
    return created
