"""Keep derived data fresh: the map's cache is invalidated whenever what it shows changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished


def connect():
    """Connect the map cache invalidation to every change that alters the map."""
    from cityprofiles.map import invalidate_map_cache
    from cityprofiles.models import (
        CityProfilePage,
        CommitmentStatus,
        Membership,
        Municipality,
        Network,
        PolicyField,
        PracticePage,
    )

    for signal in (page_published, page_unpublished):
        for model in (CityProfilePage, PracticePage):
            signal.connect(invalidate_map_cache, sender=model, dispatch_uid=f"map-{signal}-{model.__name__}")
    for model in (Municipality, Membership, CommitmentStatus, Network, PolicyField, CityProfilePage, PracticePage):
        post_save.connect(invalidate_map_cache, sender=model, dispatch_uid=f"map-save-{model.__name__}")
        post_delete.connect(invalidate_map_cache, sender=model, dispatch_uid=f"map-delete-{model.__name__}")
    m2m_changed.connect(invalidate_map_cache, sender=PracticePage.policy_fields.through, dispatch_uid="map-fields")
