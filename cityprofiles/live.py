"""What the public may see: published, publicly visible pages, each once (the original page;
addresses lead to its translations). Every list, the map, the search and the exports start here."""

from cityprofiles.models.pages import CityProfilePage, PracticePage
from languages.pages import originals


def live_practices():
    """Published, publicly visible practices, each once (the original; addresses lead to translations)."""
    return originals(PracticePage.objects.live().public())


def live_profiles():
    """Published, publicly visible city profiles, each once (the original)."""
    return originals(CityProfilePage.objects.live().public())
