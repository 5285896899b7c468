"""The submission form as JSON, for other front ends: POST /api/v2/submissions/ and a fresh
challenge at GET /api/v2/submissions/challenge/.

Validation is SubmissionForm's, storing is submissions.intake.store_submission, the same as the
web form: the same field rules, spam defences (honeypot, signed time stamp, per-address rate
limit, link limit), moderation queue and e-mails. The endpoint takes only application/json and is
exempt from CSRF (it serves other sites and apps, and uses no cookies).

Attachments are not taken over JSON: base64 would inflate files by a third, hold them whole in
memory and need a far larger request-size limit for every request of the site; the web form
streams them instead. Moderators can ask a submitter for documents.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api_docs.formschema import form_schema
from submissions.defences import challenge_max_age, client_address, new_challenge, rate_limited
from submissions.forms import SOURCES_PATTERN, SubmissionForm
from submissions.intake import store_submission

NOT_IN_JSON = ("attachments",)
JSON_TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,)}
ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Messages by field name; `non_field_errors` for the submission as a whole.",
        }
    },
}
DETAIL = {"type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}


def request_schema():
    """The JSON body: SubmissionForm's fields, less the attachments, with the sources' form and null
    for "left out" (the endpoint drops null values, so an optional field may be null).

    The form's rules across fields (end year not before start year, a limit on links in the text)
    are told in words: JSON Schema cannot compare two properties, and spelling the year rule out
    needs one alternative per year (201), more than schema-driven test generators take.
    """
    schema = form_schema(
        SubmissionForm,
        exclude=NOT_IN_JSON,
        descriptions={
            "website": "Leave out or empty. A trap for bots: anything here keeps the submission as spam.",
            "challenge": (
                f"The `challenge` from GET /api/v2/submissions/challenge/, sent back at least "
                f"{settings.SUBMISSION_CHALLENGE_MIN_SECONDS} seconds and at most "
                f"{settings.SUBMISSION_CHALLENGE_MAX_AGE // 3600} hours later, from the same address. "
                "Each challenge works once; without a valid one the submission is kept as spam."
            ),
            "policy_fields": "Ids of policy fields (GET /api/v2/policy-fields/).",
            "latitude": "Latitude of the place, if known.",
            "longitude": "Longitude of the place, if known.",
            "end_year": "End year, not before `start_year` (else a 400 names `end_year`).",
            "summary": (
                "Summary — Two or three sentences. Web addresses belong in `sources`: title, summary, description, "
                f"organisation, role and name together may hold at most {settings.SUBMISSION_MAX_LINKS} links."
            ),
        },
        examples={
            "kind": "practice",
            "municipality_name": "Kempen",
            "country": "DE",
            "title": "Welcome café",
            "summary": "The town runs a welcome café for newcomers.",
            "submitter_name": "Ana Example",
            "email": "ana@example.org",
            "consent": True,
            "challenge": "1767225600:…",
        },
    )
    schema["properties"]["sources"]["pattern"] = SOURCES_PATTERN
    for name, spec in schema["properties"].items():
        if name not in schema["required"]:
            spec["nullable"] = True  # OpenAPI 3.0; an enum must list null itself
            if "enum" in spec:
                spec["enum"] = [*spec["enum"], None]
    return schema


def type_errors(payload, schema):
    """Fields whose JSON value has the wrong type (or that the form does not have), as form-style errors."""
    if not isinstance(payload, dict):
        return {"non_field_errors": [_("Send a JSON object with the submission's fields.")]}
    errors = {}
    for name, value in payload.items():
        spec = schema["properties"].get(name)
        if name in NOT_IN_JSON:
            errors[name] = [_("Attachments can only be sent through the form at /submit/.")]
        elif spec is None:
            errors[name] = [_("There is no field of this name.")]
        elif value is not None and spec.get("type") == "array":
            item_types = JSON_TYPES[spec["items"]["type"]]
            if not isinstance(value, list) or not all(
                isinstance(v, item_types) and not isinstance(v, bool) for v in value
            ):
                errors[name] = [_("Expected a list of ids.")]
        elif (
            value is not None
            and spec.get("type") in JSON_TYPES
            and (
                not isinstance(value, JSON_TYPES[spec["type"]])
                or (spec["type"] != "boolean" and isinstance(value, bool))
            )
        ):
            errors[name] = [
                {
                    "string": _("Expected text."),
                    "boolean": _("Expected true or false."),
                }.get(spec["type"], _("Expected a number."))
            ]
    return errors


class SubmissionSchema(AutoSchema):
    """The OpenAPI description of POST /api/v2/submissions/, generated from SubmissionForm."""

    def get_tags(self):
        return ["submissions"]

    def get_operation_id(self):
        return "submissions_create"

    def get_request_serializer(self):
        return {"application/json": request_schema()}

    def get_response_serializers(self):
        created = {
            "type": "object",
            "required": ["reference", "status_url"],
            "additionalProperties": False,
            "properties": {
                "reference": {"type": "string", "example": "MC-2026-7K3Q9P"},
                "status_url": {
                    "type": "string",
                    "format": "uri",
                    "description": "The submitter's private status page.",
                },
            },
        }
        return {
            "201": OpenApiResponse(created, "Stored for moderation (spam is kept too, and answered the same)."),
            "400": OpenApiResponse(
                ERRORS,
                "Field errors, by field name, as the form reports them; also for its rules across fields, "
                "which the body's schema tells in words (an end year before the start year, too many links).",
            ),
            "415": OpenApiResponse(DETAIL, "The body was not sent as application/json."),
            "429": OpenApiResponse(DETAIL, "Too many submissions from this address; see Retry-After."),
        }


class ChallengeSchema(AutoSchema):
    """The OpenAPI description of GET /api/v2/submissions/challenge/."""

    def get_tags(self):
        return ["submissions"]

    def get_operation_id(self):
        return "submissions_challenge"

    def get_response_serializers(self):
        return {
            "200": OpenApiResponse(
                {
                    "type": "object",
                    "required": ["challenge", "min_seconds", "max_age_seconds"],
                    "additionalProperties": False,
                    "properties": {
                        "challenge": {"type": "string", "description": "Send it back as the submission's `challenge`."},
                        "min_seconds": {"type": "integer", "description": "Wait at least this long before sending."},
                        "max_age_seconds": {"type": "integer", "description": "It expires after this long."},
                    },
                },
                "A fresh challenge.",
            )
        }


class SubmissionCreateView(APIView):
    """Send a submission (a good practice, a listing request, a correction or a profile proposal) for
    moderation. It enters the moderation queue once the submitter has confirmed the e-mail address
    with the link mailed to it, and nothing of it is public until an editor accepts it. Get a
    `challenge` first: each one works once, from the address that fetched it."""

    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]
    schema = SubmissionSchema()

    def post(self, request):
        """Validate with SubmissionForm, apply the defences, store; 201 with reference and status URL."""
        if request.content_type.split(";")[0].strip().lower() != "application/json":
            raise UnsupportedMediaType(request.content_type or "none")
        try:
            payload = request.data
        except ParseError as error:
            return Response({"errors": {"non_field_errors": [str(error.detail)]}}, status=400)
        if rate_limited(request):
            return Response(
                {"detail": _("Too many submissions from your address. Please try again in an hour.")},
                status=429,
                headers={"Retry-After": str(settings.SUBMISSION_RATE_LIMIT[1])},
            )
        errors = type_errors(payload, request_schema())
        if errors:
            return Response({"errors": errors}, status=400)
        form = SubmissionForm(data={name: value for name, value in payload.items() if value is not None})
        if not form.is_valid():
            return Response(
                {
                    "errors": {
                        ("non_field_errors" if name == "__all__" else name): messages
                        for name, messages in form.errors.items()
                    }
                },
                status=400,
            )
        submission, _token, status_url = store_submission(request, form)
        return Response(
            {"reference": submission.reference, "status_url": status_url}, status=201, headers={"Location": status_url}
        )


class ChallengeView(APIView):
    """A fresh signed time stamp, to send back as the submission's `challenge` (the form's hidden field)."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]
    schema = ChallengeSchema()

    def get(self, request):
        """The challenge and its time window, never cached."""
        response = Response(
            {
                "challenge": new_challenge(client_address(request)),
                "min_seconds": settings.SUBMISSION_CHALLENGE_MIN_SECONDS,
                "max_age_seconds": challenge_max_age(),
            }
        )
        add_never_cache_headers(response)
        return response
