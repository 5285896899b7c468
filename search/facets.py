"""Facets of the search page: narrow results by type, policy field, country and network.

Each facet is a GET parameter that may repeat (`?q=…&type=practice&country=DE&country=IT`). Values
of one facet are alternatives; facets combine. A facet's counts are taken over the results that the
other facets leave, so a visitor sees how many results each further choice would give. Unknown
values are ignored rather than answered with an error.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cityprofiles.models import PolicyField
from cityprofiles.places import network_labels
from search.engine import KINDS, country_label

FACETS = [
    ("type", _("Type"), lambda hit: {hit.kind}),
    ("policy_field", _("Policy field"), lambda hit: hit.policy_fields),
    ("country", _("Country"), lambda hit: {hit.country} if hit.country else set()),
    ("network", _("Network"), lambda hit: hit.networks),
]


@dataclass
class FacetValue:
    """One choice of a facet: its value, label, how many results it gives, and whether it is chosen."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    """A facet with its parameter name, label and choices (those with results, or chosen)."""

    name: str
    label: str
    values: list


def selected(request):
    """{facet name: set of chosen values} from the GET parameters."""
    return {name: {v for v in request.GET.getlist(name) if v and len(v) <= 100} for name, _label, _get in FACETS}


def _passes(hit, chosen, skip=None):
    return all(
        not values or getter(hit) & values
        for name, _label, getter in FACETS
        if name != skip
        for values in [chosen[name]]
    )


def narrow(hits, chosen):
    """The hits that every chosen facet allows."""
    return [hit for hit in hits if _passes(hit, chosen)]


def facets(hits, chosen):
    """The facets with counts per value over the hits the other facets allow."""
    labels = {
        "type": dict(KINDS),
        "policy_field": {field.slug: str(field) for field in PolicyField.objects.originals()},
        "network": network_labels(),
    }
    result = []
    for name, label, getter in FACETS:
        counts = {}
        for hit in hits:
            if _passes(hit, chosen, skip=name):
                for value in getter(hit):
                    counts[value] = counts.get(value, 0) + 1
        for value in chosen[name]:
            counts.setdefault(value, 0)
        names = labels.get(name, {})
        values = [
            FacetValue(
                value,
                str(names.get(value) or (country_label(value) if name == "country" else value)),
                count,
                value in chosen[name],
            )
            for value, count in counts.items()
            if name == "country" or value in names
        ]
        values.sort(key=lambda v: (-v.count, v.label))
        if values:
            result.append(Facet(name, label, values))
    return result
