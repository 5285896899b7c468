"""The page editor's choosers of translated taxonomy: policy fields on a practice, networks on the
take-action guide, network and criterion on a membership list each entry once (not once per
language), named in the language of the page being edited."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale

from tests import factories as f
from tests.test_languages import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing_in_seven_languages():
    housing = f.PolicyFieldFactory(name="Housing", slug="housing")
    f.PolicyFieldFactory(name="Health", slug="health")
    for locale in Locale.objects.exclude(pk=housing.locale_id):
        copy = housing.copy_for_translation(locale)
        copy.name = {"de": "Wohnen"}.get(locale.language_code, f"Housing ({locale.language_code})")
        copy.save()
    return housing


def policy_field_labels(html):
    inputs = re.findall(r'<input type="checkbox" name="policy_fields"[^>]*id="([^"]+)"', html)
    return [re.search(rf'<label for="{i}">\s*(?:<input[^>]*>)?\s*([^<]+?)\s*</label>', html).group(1) for i in inputs]


def test_a_practice_lists_each_policy_field_once_in_its_own_language(
    client, django_user_model, housing_in_seven_languages
):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw-for-tests-only"))
    practice = f.practice(title="Homes first", policy_fields=[housing_in_seven_languages])
    german = translate(practice, "de", title="Wohnen zuerst")

    english_form = client.get(reverse("wagtailadmin_pages:edit", args=[practice.pk])).content.decode()
    german_form = client.get(reverse("wagtailadmin_pages:edit", args=[german.pk])).content.decode()

    assert sorted(policy_field_labels(english_form)) == ["Health", "Housing"]
    assert sorted(policy_field_labels(german_form)) == ["Health", "Wohnen"]
