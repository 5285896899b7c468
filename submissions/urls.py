from django.urls import path

from submissions import views

urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("submit/thanks/", views.thanks, name="submission_thanks"),
    path("submit/status/<str:token>/", views.status, name="submission_status"),
]
