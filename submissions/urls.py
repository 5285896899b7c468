from django.urls import path

from submissions import api, views

urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("submit/thanks/", views.thanks, name="submission_thanks"),
    path("submit/status/<str:token>/", views.status, name="submission_status"),
    # Before the Wagtail API router (site_config/urls.py includes this file ahead of api/v2/).
    path("api/v2/submissions/", api.SubmissionCreateView.as_view(), name="api_submission_create"),
    path("api/v2/submissions/challenge/", api.ChallengeView.as_view(), name="api_submission_challenge"),
]
