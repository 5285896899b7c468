"""Editors' forms of the home app: the image form that makes alternative text compulsory."""

from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


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
