"""URL configuration.

Machine addresses (the admin, the API, data files, documents) have one address each; pages for
people carry a language prefix (/en/, /de/, ...) so every language has its own address and
`hreflang` alternates. A visit without a prefix is redirected to the visitor's language (cookie,
then the browser's Accept-Language, then English).
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api_docs import urls as api_docs_urls
from cityprofiles import urls as cityprofiles_urls
from cityprofiles.api.router import api_router, not_found
from home import views as home_views
from opendata import urls as opendata_urls
from search import views as search_views
from submissions import urls as submissions_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    # Before the API router, which has the rest of /api/v2/.
    path("", include(cityprofiles_urls.api_urlpatterns)),
    path("", include(submissions_urls.api_urlpatterns)),
    path("", include(opendata_urls.api_urlpatterns)),
    path("", include(api_docs_urls.api_urlpatterns)),
    path("api/v2/", api_router.urls),
    re_path(r"^api/v2/(?P<path>.*/)$", not_found),  # after every API address
    path("", include("operations.urls")),  # /healthz/, without a language prefix
]

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Uploaded images, and submitters' attachments for moderators, with safe headers (SECURITY.md).

    from site_config.security import serve_media

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", serve_media, name="media")]

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/", include("search.urls")),
    path("", include(cityprofiles_urls)),
    path("", include(submissions_urls)),
    path("", include(opendata_urls)),
    path("", include(api_docs_urls)),
    path("accessibility/", home_views.accessibility_statement, name="accessibility_statement"),
    path("", include(wagtail_urls)),
)
