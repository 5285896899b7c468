"""URL configuration: the Wagtail admin, documents, search, and Wagtail's page tree for the rest."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from search import views as search_views
from site_config.api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/", include("search.urls")),
    path("", include("cityprofiles.urls")),  # before the API router: it holds /api/v2/map/
    path("", include("submissions.urls")),  # before the API router: it holds /api/v2/submissions/
    path("", include("opendata.urls")),
    path("", include("api_docs.urls")),  # /api/ and /api/schema/
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("", include(wagtail_urls)),
]
