"""JSON error answers and the strict checking of query parameters that every filtered view shares
(map API, exports, autocomplete, place suggestions): an unknown, repeated or malformed parameter
is a 400 whose JSON names it."""

from django.http import JsonResponse
from django.utils.translation import gettext


class FilterError(Exception):
    """A query parameter a filtered view (map API, export) cannot apply, with a message that names it."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = str(message)


def error_response(parameter, message, status=400):
    """A JSON error that names the offending query parameter."""
    return JsonResponse({"error": {"parameter": parameter, "message": str(message)}}, status=status)


def check_parameters(query, allowed):
    """Refuse parameters that are unknown or given more than once (raises FilterError)."""
    for name in query:
        if name not in allowed:
            raise FilterError(
                name,
                gettext("Unknown parameter “%(name)s”. Allowed: %(allowed)s.")
                % {"name": name, "allowed": ", ".join(sorted(allowed))},
            )
        if len(query.getlist(name)) > 1:
            raise FilterError(name, gettext("Give “%(name)s” once.") % {"name": name})


def first_error(form):
    """The first invalid field of a bound form as a FilterError."""
    name, errors = next(iter(form.errors.items()))
    return FilterError(name, " ".join(errors))
