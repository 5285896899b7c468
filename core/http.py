"""The one place for HTTP error answers: JSON errors that name the offending parameter
(error_response; error_body for the Wagtail API endpoints, which also carries Wagtail's
`message`), and the strict checking of query parameters that every filtered view shares (map
API, exports, autocomplete, place suggestions): an unknown, repeated or malformed parameter is a
400 whose JSON names it."""

from django.http import JsonResponse
from django.utils.translation import gettext


class FilterError(Exception):
    """A query parameter a filtered view (map API, export) cannot apply, with a message that names it."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = str(message)


def error_body(parameter, message):
    """The Wagtail API endpoints' error answer: error_response's shape (`error`: the parameter and
    what is wrong), and Wagtail's (`message`) for clients written for Wagtail's API."""
    return {"message": message, "error": {"parameter": parameter, "message": message}}


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
