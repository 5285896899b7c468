"""The filters of the exports: the map's (MunicipalityFilterSet) for places, memberships and
commitments, and the practice index's (PracticeFilter) for practices, checked strictly as the map
API checks its parameters: an unknown, repeated or malformed parameter is an error that names it."""

from cityprofiles.filters import MAP_PARAMETERS, MunicipalityFilterSet, PracticeFilter
from cityprofiles.live import live_practices
from core.http import FilterError, check_parameters, first_error  # noqa: F401 (re-exported)

PRACTICE_PARAMETERS = tuple(PracticeFilter.base_filters)


def subset(query, names):
    """The parameters of `query` (a QueryDict) that one kind of filter understands, without empty ones."""
    trimmed = query.copy()
    for name in list(trimmed):
        if name not in names or not any(trimmed.getlist(name)):
            del trimmed[name]
    return trimmed


def map_form(query):
    """The map's filter form bound to the map parameters of `query` (others are left out)."""
    return MunicipalityFilterSet(subset(query, MAP_PARAMETERS)).form


def practice_filterset(query):
    """The practice index's FilterSet over all live public practices, bound to `query`'s practice parameters."""
    return PracticeFilter(subset(query, PRACTICE_PARAMETERS), queryset=live_practices())


def map_filters(query):
    """The cleaned map filters of an export request; raises FilterError as the map API would answer 400."""
    check_parameters(query, MAP_PARAMETERS)
    form = map_form(query)
    if not form.is_valid():
        raise first_error(form)
    return form.cleaned_data


def practice_filters(query):
    """The bound practice FilterSet of an export request; raises FilterError for bad parameters."""
    check_parameters(query, PRACTICE_PARAMETERS)
    filterset = practice_filterset(query)
    if not filterset.is_valid():
        raise first_error(filterset.form)
    return filterset
