"""wagtailgeowidget's Leaflet location picker, with Leaflet served from our own static files.

wagtailgeowidget loads Leaflet from a CDN; we serve the copy npm installs instead, so the admin
works without reaching any outside host.
"""

from django import forms
from django.utils.functional import cached_property
from wagtailgeowidget.panels import LeafletPanel
from wagtailgeowidget.widgets import LeafletField


class LocalLeafletField(LeafletField):
    """The location picker widget, loading Leaflet from the site's static files."""

    @cached_property
    def media(self):
        return forms.Media(
            css={"all": ("wagtailgeowidget/css/leaflet-field.css", "vendor/leaflet/leaflet.css")},
            js=(
                "wagtailgeowidget/js/leaflet-field.js",
                "wagtailgeowidget/js/leaflet-field-controller.js",
                "vendor/leaflet/leaflet.js",
            ),
        )


class LocationPanel(LeafletPanel):
    """A LeafletPanel that uses LocalLeafletField."""

    def widget_overrides(self):
        widgets = super().widget_overrides()
        original = widgets[self.field_name]
        widgets[self.field_name] = LocalLeafletField(
            address_field=original.address_field,
            zoom_field=original.zoom_field,
            hide_latlng=original.hide_latlng,
            zoom=original.zoom,
            srid=original.srid,
            id_prefix=original.id_prefix,
        )
        return widgets
