"""The content model: municipalities and networks (snippets) and the pages editors write."""

from .indexes import CityIndexPage, NetworkIndexPage, PracticeIndexPage  # noqa: F401
from .municipalities import CommitmentStatus, Membership, Municipality  # noqa: F401
from .pages import (  # noqa: F401
    CityProfilePage,
    PracticePage,
    PracticeRelation,
)
from .take_action import TakeActionPage  # noqa: F401
from .taxonomy import CommitmentCriterion, Network, PolicyField  # noqa: F401
