"""Template filters of the submissions app."""

from django import template

from submissions.models import site_time

register = template.Library()


@register.filter
def in_site_time(value):
    """A moment in the site's time zone, formatted as on every screen and e-mail about submissions."""
    return site_time(value)
