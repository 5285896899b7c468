"""Two moderators press "Accept" on the same submission at the same moment: the row lock lets
exactly one of them create the page; the other is told it was already decided."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections

from cityprofiles.models import PracticePage
from submissions.models import Notification, Submission
from submissions.moderation import DecisionError, decide
from tests import factories as f
from tests.test_submissions import submit_confirmed


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT … FOR UPDATE) need PostgreSQL")
def test_two_moderators_accepting_at_once_create_one_page(client, django_user_model):
    f.practice_index()
    submit_confirmed(client, title="Accepted only once")
    submission = Submission.objects.get()
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    users = [django_user_model.objects.create_user(f"mo{i}", f"mo{i}@example.org", "pw") for i in (1, 2)]
    for user in users:
        user.groups.add(moderators)

    start = threading.Barrier(2)
    outcomes = []

    def accept_as(user):
        try:
            start.wait(timeout=10)
            decide(submission.pk, "accept", user)
            outcomes.append("accepted")
        except DecisionError:
            outcomes.append("already decided")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept_as, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["accepted", "already decided"]
    assert PracticePage.objects.filter(title="Accepted only once").count() == 1
    assert Notification.objects.filter(kind="decision").count() == 1
    assert Submission.objects.get().status == "accepted"
