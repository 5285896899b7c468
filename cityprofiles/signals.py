"""Keep derived data fresh: whenever public content changes, the map's cache and the API's
validators (ETag, Last-Modified) are invalidated, and where a frontend cache (CDN, Varnish) is
configured, the changed pages' API addresses are purged from it."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move


def connect():
    """Connect cache invalidation and frontend-cache purging to every change of public content."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site

    from cityprofiles.api.caching import purge_api_urls
    from cityprofiles.generation import invalidate_map_cache
    from cityprofiles.models import (
        CityProfilePage,
        CommitmentStatus,
        Membership,
        Municipality,
        Network,
        PolicyField,
        PracticePage,
    )

    page_models = [model for model in apps.get_models() if issubclass(model, Page)]
    for signal in (page_published, page_unpublished):
        for model in page_models:
            signal.connect(invalidate_map_cache, sender=model, dispatch_uid=f"map-{signal}-{model.__name__}")
            signal.connect(purge_api_urls, sender=model, dispatch_uid=f"purge-{signal}-{model.__name__}")
    for model in page_models:
        post_delete.connect(invalidate_map_cache, sender=model, dispatch_uid=f"map-delete-{model.__name__}")
    post_page_move.connect(invalidate_map_cache, dispatch_uid="map-page-move")
    watched = (
        Municipality,
        Membership,
        CommitmentStatus,
        Network,
        PolicyField,
        CityProfilePage,
        PracticePage,
        PageViewRestriction,
        Site,
        get_image_model(),
        get_document_model(),
    )
    for model in watched:
        post_save.connect(invalidate_map_cache, sender=model, dispatch_uid=f"map-save-{model.__name__}")
        post_delete.connect(invalidate_map_cache, sender=model, dispatch_uid=f"map-delete-{model.__name__}")
    post_save.connect(purge_api_urls, sender=Municipality, dispatch_uid="purge-save-Municipality")
    m2m_changed.connect(invalidate_map_cache, sender=PracticePage.policy_fields.through, dispatch_uid="map-fields")
