"""`manage.py backup` and `restore`: a round trip brings back the database (pages, municipalities,
submissions, counted and compared) and the media files byte for byte; a damaged archive is refused
before anything changes. Runs on SQLite and PostgreSQL alike."""

import io
import json
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from cityprofiles.models import Municipality
from submissions.models import Submission
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    """What the round trip must bring back: counts and content of pages, places, submissions, images."""
    image = get_image_model().objects.get(title="Harbour")
    with default_storage.open(image.file.name, "rb") as handle:
        image_bytes = handle.read()
    return {
        "pages": sorted(Page.objects.values_list("title", "slug", "live")),
        "municipalities": sorted(Municipality.objects.values_list("name", "country", "latitude", "longitude")),
        "submissions": sorted(Submission.objects.values_list("reference", "title", "email", "status")),
        "image": (image.file.name, image_bytes),
    }


@pytest.fixture
def site_content():
    """Profiles, a practice, submissions and an uploaded image."""
    if not Collection.get_first_root_node():  # an earlier transactional test flushed the tables
        Collection.add_root(name="Root")
    kiel = f.MunicipalityFactory(name="Kiel", country="DE")
    f.city_profile(kiel)
    f.practice(f.MunicipalityFactory(name="Bologna", country="IT"), title="Housing first")
    f.SubmissionFactory.create_batch(3)
    f.image(title="Harbour")
    return snapshot()


def test_backup_then_restore_brings_back_database_and_media(site_content, tmp_path, capsys):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive))
    assert "Backed up the" in capsys.readouterr().out

    # Life goes on after the backup: rows change, an upload disappears, another appears.
    Submission.objects.first().delete()
    Municipality.objects.filter(name="Kiel").update(name="Kiel (renamed)")
    f.MunicipalityFactory(name="Added later")
    Page.objects.get(title="Housing first").specific.unpublish()
    default_storage.delete(site_content["image"][0])
    default_storage.save("original_images/stray.txt", io.BytesIO(b"not in the backup"))
    assert not default_storage.exists(site_content["image"][0])

    call_command("restore", str(archive), interactive=False)

    assert "Restored" in capsys.readouterr().out
    assert snapshot() == site_content
    assert not default_storage.exists("original_images/stray.txt")
    assert Municipality.objects.count() == 2 and Submission.objects.count() == 3


def test_archive_has_a_manifest_with_counts_and_checksums(site_content, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive))

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["counts"]["cityprofiles.Municipality"] == 2
    assert manifest["counts"]["submissions.Submission"] == 3
    assert manifest["database"]["file"] in names
    image_name = site_content["image"][0]
    entry = next(e for e in manifest["media"] if e["name"] == image_name)
    assert f"media/{image_name}" in names and entry["size"] == len(site_content["image"][1])


def test_a_damaged_archive_is_refused_before_anything_changes(site_content, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = b"x" + data[1:]
            target.addfile(member, io.BytesIO(data))
    f.MunicipalityFactory(name="Added after the backup")

    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(damaged), interactive=False)

    assert Municipality.objects.filter(name="Added after the backup").exists()
    with pytest.raises(CommandError, match="manifest.json is missing"):
        empty = tmp_path / "empty.tar.gz"
        tarfile.open(empty, "w:gz").close()
        call_command("restore", str(empty), interactive=False)
