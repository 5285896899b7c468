"""Addresses of the submissions app: the form and status pages (language-prefixed) and the API."""

from django.urls import path

from submissions import api, views

# Pages for people; site_config/urls.py puts them under the language prefix.
urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("submit/thanks/", views.thanks, name="submission_thanks"),
    path("submit/status/<str:token>/", views.status, name="submission_status"),
    path("submit/confirm/<str:token>/", views.confirm, name="submission_confirm"),
]

# Machine addresses without a language prefix, before the Wagtail API router.
api_urlpatterns = [
    path("api/v2/submissions/", api.SubmissionCreateView.as_view(), name="api_submission_create"),
    path("api/v2/submissions/challenge/", api.ChallengeView.as_view(), name="api_submission_challenge"),
]
