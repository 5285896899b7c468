"""Addresses of the site: its root page, page paths as served, and the admin's paths."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site


def site_root_path(request):
    """The url_path of the site's root page ("/home/"), to turn page paths into addresses."""
    site = Site.find_for_request(request)
    return site.root_page.url_path if site else "/"


def page_path(url_path, site_root_path):
    """A page's address relative to the site root (what Wagtail's routing serves)."""
    if not url_path.startswith(site_root_path):
        return url_path
    return f"/{translation.get_language() or settings.LANGUAGE_CODE}/{url_path[len(site_root_path) :]}"


def site_url(path):
    """`path` as an absolute address on the default site (for e-mails and links outside a request)."""
    if path.startswith(("http://", "https://")):
        return path
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/") + path


def is_admin_path(path):
    """True for addresses of the Wagtail admin (and its login, 2FA and preview pages)."""
    return path.startswith(reverse("wagtailadmin_home"))
