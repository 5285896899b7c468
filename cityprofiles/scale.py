"""Seeding a large site quickly, with real place names, for scale tests and benchmarks.

`seed_municipalities` bulk-inserts municipalities from the offline gazetteer, with network
memberships and their commitments. `seed_site` (the `seed_scale` command) builds on the demo
content (networks, policy fields, index pages) and tops the site up to a number of municipalities,
city profiles and good practices: pages go into the tree with treebeard's own path arithmetic and
are indexed for search in bulk once all exist.
"""

import datetime
import itertools
import random
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.backends import get_search_backends

from cityprofiles.gazetteer import covered_places
from cityprofiles.models import (
    CityIndexPage,
    CityProfilePage,
    CommitmentStatus,
    Membership,
    Municipality,
    Network,
    PolicyField,
    PracticeIndexPage,
    PracticePage,
)
from cityprofiles.models.municipalities import format_location, unique_slug
from core.text import fold

COUNTRIES = ["DE", "IT", "FR", "ES", "PL", "NL", "AT", "BE", "GR", "PT", "SE", "CH"]
SOURCE_URL = "https://www.geonames.org/"

# Practice topics, each with the policy fields (demo slugs) it is filed under.
TOPICS = [
    ("Housing first for refugees", ["housing", "reception"]),
    ("City card for all residents", ["access-to-social-rights", "residence-security"]),
    ("Health care without papers", ["health", "access-to-social-rights"]),
    ("Welcome centre for newcomers", ["reception", "civil-society-cooperation"]),
    ("Language café", ["intercultural-inclusion", "education"]),
    ("Safe harbour reception programme", ["reception", "sea-rescue"]),
    ("School places for every child", ["education"]),
    ("Legal advice on residence", ["residence-security"]),
    ("Migrants' advisory council", ["political-participation"]),
    ("Job mentoring for newcomers", ["work"]),
    ("Anti-discrimination office", ["anti-racism"]),
    ("Cities' appeal for relocation", ["networking-lobbying", "sea-rescue"]),
]


@lru_cache(maxsize=1)
def _pools():
    """Each country's gazetteer places, most populous first."""
    return covered_places(COUNTRIES)


def real_places(count, taken_names=frozenset(), taken_ids=frozenset()):
    """Up to `count` real places (gazetteer `Place`s) taken in turn from each country, most
    populous first, leaving out (folded name, country) pairs in `taken_names` and GeoNames ids in
    `taken_ids`, so a second call continues where the first stopped instead of repeating it."""
    seen = set(taken_names)
    pools = [iter(_pools()[code]) for code in COUNTRIES]
    places = []
    for pool in itertools.cycle(pools):
        if len(places) >= count or not pools:
            break
        place = next(pool, None)
        if place is None:
            pools.remove(pool)
            continue
        key = (fold(place.name), place.country)
        if key in seen or place.geonames_id in taken_ids:
            continue
        seen.add(key)
        places.append(place)
    return places


def _networks():
    """The networks new municipalities join (the demo's, or one made for scale tests)."""
    networks = list(Network.objects.originals().prefetch_related("criteria").order_by("pk"))
    if not networks:
        networks = [Network.objects.create(slug="scale-network", name="Scale test network")]
    return networks


def seed_municipalities(count, member_share=3):
    """Create `count` municipalities with bulk inserts; every `member_share`-th of each country
    joins a network (its country's national networks first, then the others in turn), with a
    commitment row for each of that network's criteria. Returns them."""
    if count <= 0:
        return []
    existing = Municipality.objects.values_list("name", "country", "geonames_id", "slug")
    taken_names = {(fold(name), country) for name, country, _, _ in existing}
    taken_ids = {geonames_id for _, _, geonames_id, _ in existing if geonames_id}
    slugs = {slug for *_, slug in existing}
    places = real_places(count, taken_names, taken_ids)
    if len(places) < count:
        raise ValueError(f"The gazetteer has only {len(places):,} more places for {count:,} municipalities.")
    objects = [
        Municipality(
            name=p.name,
            country=p.country,
            latitude=p.latitude,
            longitude=p.longitude,
            location=format_location(p.latitude, p.longitude),
            slug=unique_slug(p.name, p.country, slugs),
            population=p.population or None,
            geonames_id=p.geonames_id,
            kind=Municipality.Kind.CITY if p.population >= 100_000 else Municipality.Kind.MUNICIPALITY,
            sources=[("source", {"title": "GeoNames gazetteer", "url": SOURCE_URL, "date": None})],
        )
        for p in places
    ]
    created = Municipality.objects.bulk_create(objects, batch_size=1000)
    if created[0].pk is None:  # back ends that do not return primary keys
        created = list(Municipality.objects.order_by("-pk")[:count])[::-1]
    by_country = {}
    for m in created:
        by_country.setdefault(m.country, []).append(m)
    _seed_memberships([m for group in by_country.values() for m in group[::member_share]], _networks())
    return created


def _national_countries(networks):
    """Each national network's country: where most of its members are (the others take anyone)."""
    counts = (
        Membership.objects.filter(network__scope=Network.Scope.NATIONAL, network__in=networks)
        .values_list("network", "municipality__country")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    home = {}
    for network, country, _ in counts:
        home.setdefault(network, country)
    return home


def _seed_memberships(municipalities, networks):
    """Bulk-insert memberships (networks in turn) and a commitment per criterion of each network."""
    rng = random.Random(len(municipalities))
    home = _national_countries(networks)
    open_to = {}
    for network in sorted(networks, key=lambda network: network.pk not in home):
        for country in [home[network.pk]] if network.pk in home else COUNTRIES:
            open_to.setdefault(country, []).append(network)
    in_country = {country: itertools.cycle(choices) for country, choices in open_to.items()}
    new = []
    for m in municipalities:
        if m.country in in_country:
            n = len(new)
            new.append(
                Membership(
                    municipality=m,
                    network=next(in_country[m.country]),
                    source_url=SOURCE_URL,
                    status=Membership.Status.MEMBER,
                    since=datetime.date(2018 + n % 7, 1 + n % 12, 1),
                    since_precision="month",
                )
            )
    memberships = Membership.objects.bulk_create(new, batch_size=1000)
    if memberships and memberships[0].pk is None:
        memberships = list(Membership.objects.filter(municipality__in=municipalities).select_related("network"))
    answers = ["yes", "yes", "no", "unknown"]
    CommitmentStatus.objects.bulk_create(
        [
            CommitmentStatus(
                membership=membership,
                criterion=criterion,
                decided=rng.choice(answers),
                fulfilled=rng.choice(answers),
                evidence_url=SOURCE_URL,
            )
            for membership in memberships
            for criterion in membership.network.criteria.all()
        ],
        batch_size=2000,
    )


class ChildAppender:
    """Adds many children under one parent page. Paths come from treebeard's arithmetic
    (`_get_path`) after the parent's last child and the parent's child count is raised once at
    the end; slugs are made unique among the siblings here. The first page is fully validated
    (`full_clean`); the others, built the same way, are saved without it, so each page costs only
    its own inserts. The tree stays valid (`Page.find_problems`)."""

    def __init__(self, parent):
        self.parent = parent
        last = parent.get_last_child()
        self.next_step = last._get_lastpos_in_path() + 1 if last else 1
        self.slugs = set(Page.objects.child_of(parent).values_list("slug", flat=True))
        self.added = 0

    def add(self, page):
        """Insert `page` as the parent's next child, published (its slug made unique if taken)."""
        now = timezone.now()
        page.depth = self.parent.depth + 1
        page.path = self.parent._get_path(self.parent.path, page.depth, self.next_step)
        page.numchild = 0
        page._cached_parent_obj = self.parent
        page.slug = unique_slug(page.slug, str(self.next_step), self.slugs)
        page.locale_id, page.draft_title = self.parent.locale_id, page.title
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = now
        page.save(clean=self.added == 0)
        self.next_step += 1
        self.added += 1
        return page

    def close(self):
        """Record the new children in the parent's child count."""
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + self.added)
        self.parent.numchild += self.added
        self.added = 0


def seed_profiles(count, index):
    """`count` city profiles of the most populous municipalities that have none yet."""
    candidates = Municipality.objects.filter(profiles__isnull=True, latitude__isnull=False).order_by(
        F("population").desc(nulls_last=True), "pk"
    )[:count]
    appender = ChildAppender(index)
    for m in candidates:
        appender.add(
            CityProfilePage.draft_from(
                title=m.name,
                slug=m.slug,
                municipality=m,
                subtitle=f"Solidarity policy in {m.name}",
                summary=f"How {m.name} receives newcomers, which networks it belongs to and what it has committed to.",
                key_takeaways=[
                    ("takeaway", "A welcome centre run with civil society"),
                    ("takeaway", "Health care regardless of residence status"),
                ],
                sections=[("How it works", f"{m.name} coordinates reception, housing and advice in one office.")],
                sources=[{"title": "GeoNames gazetteer", "url": SOURCE_URL}],
                last_updated=datetime.date.today(),
            )
        )
    appender.close()
    return appender.next_step


def seed_practices(count, index):
    """`count` good practices spread over municipalities (profiled ones first), each filed
    under the policy fields of its topic, with varied status and actor."""
    fields = {pf.slug: pf for pf in PolicyField.objects.originals()}
    spare = list(fields.values())
    places = list(
        Municipality.objects.filter(latitude__isnull=False).order_by(F("population").desc(nulls_last=True), "pk")[
            : max(count // 2, 1)
        ]
    )
    if not places:
        return
    start = PracticePage.objects.count()
    appender = ChildAppender(index)
    statuses, actors = list(PracticePage.Status.values), list(PracticePage.Actor.values)
    links = []
    for n in range(start, start + count):
        place, (topic, slugs) = places[n % len(places)], TOPICS[n % len(TOPICS)]
        page = appender.add(
            PracticePage.draft_from(
                title=f"{topic} in {place.name}",
                slug=f"scale-practice-{n}",
                municipality=place,
                summary=f"{topic}: how {place.name} does it, and what other municipalities can learn from it.",
                status=statuses[n % len(statuses)],
                actor=actors[n % len(actors)],
                start_year=2010 + n % 15,
                sections=[("What is inspiring?", f"{place.name} started this with local initiatives.")],
                sources=[{"title": "Municipal report", "url": SOURCE_URL}],
                last_updated=datetime.date.today(),
            )
        )
        chosen = [fields[s] for s in slugs if s in fields] or ([spare[n % len(spare)]] if spare else [])
        links += [PracticePage.policy_fields.through(practicepage_id=page.pk, policyfield_id=pf.pk) for pf in chosen]
    appender.close()
    PracticePage.policy_fields.through.objects.bulk_create(links, batch_size=2000)


def _with_related(queryset):
    """`queryset` loading what the model's RelatedFields index reads, in bulk."""
    for field in queryset.model.get_search_fields():
        if isinstance(field, index.RelatedFields):
            relation = queryset.model._meta.get_field(field.field_name)
            if relation.many_to_many or relation.one_to_many:
                queryset = queryset.prefetch_related(field.field_name)
            else:
                queryset = queryset.select_related(field.field_name)
    return queryset


def index_for_search(model, pks, chunk=500):
    """Add the objects `pks` of `model` to every search back end, in bulk."""
    pks = list(pks)
    objects = _with_related(model.get_indexed_objects())
    for backend in get_search_backends():
        for start in range(0, len(pks), chunk):
            backend.add_bulk(model, list(objects.filter(pk__in=pks[start : start + chunk])))


def _no_auto_index():
    """Settings under which saving does not index one object at a time (done in bulk afterwards)."""
    return override_settings(
        WAGTAILSEARCH_BACKENDS={
            name: {**config, "AUTO_UPDATE": False} for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
        }
    )


def seed_site(municipalities, profiles, practices):
    """Top the site up to `municipalities`, `profiles` and `practices` in all (the demo content
    must be loaded: it provides the index pages, networks and policy fields). Returns what was
    created per kind; nothing when the site already has as many."""
    cities, practice_index = CityIndexPage.objects.first(), PracticeIndexPage.objects.first()
    if cities is None or practice_index is None:
        raise ValueError("The site has no city or practice index: run `python manage.py load_demo` first.")
    missing = {
        Municipality: municipalities - Municipality.objects.count(),
        CityProfilePage: profiles - CityProfilePage.objects.count(),
        PracticePage: practices - PracticePage.objects.count(),
    }
    before = {model: set(model.objects.values_list("pk", flat=True)) for model in missing}
    with _no_auto_index(), transaction.atomic():
        seed_municipalities(missing[Municipality])
        if missing[CityProfilePage] > 0:
            seed_profiles(missing[CityProfilePage], cities)
        if missing[PracticePage] > 0:
            seed_practices(missing[PracticePage], practice_index)
    created = {}
    for model in missing:
        new = set(model.objects.values_list("pk", flat=True)) - before[model]
        index_for_search(model, sorted(new))
        created[model._meta.verbose_name_plural] = len(new)
    if any(created.values()):
        from cityprofiles.generation import invalidate_map_cache

        invalidate_map_cache()
    return created
