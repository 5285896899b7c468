"""The headless API (Wagtail API v2) at /api/v2/: one router for every endpoint, so the OpenAPI
schema can describe them all from the code.

Every endpoint is a Wagtail BaseAPIViewSet subclass (model, body_fields, meta_fields,
listing_default_fields, known_query_parameters): Wagtail's pages, images and documents, kept to
what the public may see, and our own municipalities, networks and policy fields. page_preview
serves drafts to a headless front end through signed preview links. The map's GeoJSON
(/api/v2/map/) is a plain view in cityprofiles.urls. site_config.urls serves the router at /api/v2/.
"""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from wagtail.api.v2.router import WagtailAPIRouter

from cityprofiles.api.endpoints import MunicipalitiesAPIViewSet, NetworksAPIViewSet, PolicyFieldsAPIViewSet
from cityprofiles.api.pages import (
    PagePreviewAPIViewSet,
    PublicDocumentsAPIViewSet,
    PublicImagesAPIViewSet,
    PublicPagesAPIViewSet,
)
from core.http import error_body

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)  # before page_preview: both serve Page
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("municipalities", MunicipalitiesAPIViewSet)
api_router.register_endpoint("networks", NetworksAPIViewSet)
api_router.register_endpoint("policy-fields", PolicyFieldsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)


@csrf_exempt  # any method gets the JSON 404, not the CSRF page
def not_found(request, path=""):
    """Any other address under /api/v2/ (an id that is not one, a typo): a JSON 404, not a
    redirect to a language's page."""
    return JsonResponse(error_body(None, "There is no such API address."), status=404)
