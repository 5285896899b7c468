"""Editors' forms of the home app: the image form that makes alternative text compulsory and checks
the file with the site's one upload checker (core.uploads)."""

from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from core.uploads import check_image


class AccessibleImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) with the description required: it is
    the image's alternative text wherever the image is shown (templates, rich text, the API).

    In the multiple-upload page, Wagtail keeps the file aside until this form is filled in, so no
    image without a description is ever created."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("description")
        if field is not None:
            field.required = True
            field.label = _("Description (alternative text)")
            field.help_text = _(
                "What the image shows, in a sentence, for people who cannot see it; screen readers read it out "
                "and it is shown when the image does not load. Required."
            )
            field.error_messages["required"] = _(
                "Please describe the image: its description is the alternative text for people who cannot see it."
            )

        if isinstance(self.fields.get("file"), WagtailImageField):
            self.fields["file"].__class__ = CheckedImageField


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, with the file checked by core.uploads.check_image before Wagtail opens it
    (Wagtail's own pixel count fails with a server error on an image whose pixel data is cut off)."""

    def to_python(self, data):
        """Check a newly uploaded file, then let Wagtail read it."""
        if data is not None and hasattr(data, "read") and not getattr(data, "_committed", False):
            check_image(data)
        return super().to_python(data)
