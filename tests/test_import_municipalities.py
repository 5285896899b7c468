"""`import_municipalities FILE.csv`: good rows, bad rows, dry run and re-import without duplicates."""

import io

import pytest
from django.core.management import CommandError, call_command

from cityprofiles.models import Membership, Municipality
from tests import factories as f

pytestmark = pytest.mark.django_db

HEADER = "name,country,region,kind,latitude,longitude,population,wikidata_id,network,member_since,source_url\n"


def run_import(tmp_path, body, *args):
    path = tmp_path / "towns.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    out = io.StringIO()
    call_command("import_municipalities", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def test_good_rows_are_placed_by_the_gazetteer_or_by_given_coordinates(tmp_path):
    f.NetworkFactory(slug="safe-harbours")
    out = run_import(
        tmp_path,
        (
            "Herzogenrath,DE,North Rhine-Westphalia,city,,,,,safe-harbours,2019,https://example.org/h\n"
            "Cologne,DE,North Rhine-Westphalia,city,,,,Q365,,,\n"
            "Tiny hamlet,DE,Bavaria,municipality,48.1,11.2,120,,,,\n"
        ),
    )

    assert "created 3" in out and "0 rows not imported" in out
    herzogenrath = Municipality.objects.get(name="Herzogenrath")
    assert round(herzogenrath.latitude, 2) == 50.87 and round(herzogenrath.longitude, 2) == 6.09
    assert herzogenrath.geonames_id is not None
    assert herzogenrath.location == f"SRID=4326;POINT({herzogenrath.longitude} {herzogenrath.latitude})"
    membership = Membership.objects.get(municipality=herzogenrath)
    assert membership.network.slug == "safe-harbours" and membership.since_precision == "year"
    assert Municipality.objects.get(wikidata_id="Q365").latitude == pytest.approx(50.93, abs=0.01)
    assert Municipality.objects.get(name="Tiny hamlet").population == 120


def test_bad_rows_are_reported_with_line_and_reason_and_good_rows_still_import(tmp_path):
    out = run_import(
        tmp_path,
        (
            "Atlantis,DE,,city,,,,,,,\n"
            "Somewhere,XX,,city,,,,,,,\n"
            "Kiel,DE,,village,,,,,,,\n"
            "Offmap,DE,,city,95,10,,,,,\n"
            "Kiel,DE,Schleswig-Holstein,city,,,,,no-such-network,,\n"
            "Flensburg,DE,Schleswig-Holstein,city,,,,Q3x,,,\n"
            "Rostock,DE,Mecklenburg-Vorpommern,city,,,,,,,\n"
        ),
    )

    assert "created 1" in out and "6 rows not imported" in out
    assert "line 2: Atlantis: not found in the gazetteer" in out
    assert "line 3: Somewhere: unknown country code “XX”" in out
    assert "line 4: Kiel: unknown kind “village”" in out
    assert "line 5: Offmap: latitude 95.0 is out of range" in out
    assert "line 6: Kiel: unknown network “no-such-network”" in out
    assert "line 7: Flensburg: wikidata_id: A Wikidata ID looks like Q365." in out
    assert list(Municipality.objects.values_list("name", flat=True)) == ["Rostock"]


def test_reimport_updates_instead_of_duplicating(tmp_path):
    f.NetworkFactory(slug="safe-harbours")
    body = "Kempen,DE,North Rhine-Westphalia,city,,,,,safe-harbours,2020,https://example.org/k\n"
    run_import(tmp_path, body)
    out = run_import(tmp_path, body.replace("North Rhine-Westphalia", "NRW"))

    assert "created 0, updated 1" in out and "added 0 memberships" in out
    assert Municipality.objects.filter(name="Kempen").count() == 1
    assert Municipality.objects.get(name="Kempen").region == "NRW"
    assert Membership.objects.count() == 1


def test_duplicate_rows_in_one_file_are_reported(tmp_path):
    out = run_import(tmp_path, "Kiel,DE,,city,,,,,,,\nkiel,DE,,city,,,,,,,\n")

    assert "line 3: kiel: same municipality as line 2; skipped" in out
    assert Municipality.objects.count() == 1


def test_dry_run_reports_but_saves_nothing(tmp_path):
    out = run_import(tmp_path, "Kiel,DE,,city,,,,,,,\nAtlantis,DE,,city,,,,,,,\n", "--dry-run")

    assert out.startswith("Dry run, nothing saved: would have created 1")
    assert "line 3: Atlantis" in out
    assert Municipality.objects.count() == 0


def test_missing_file_or_header_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_municipalities", str(tmp_path / "missing.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("town,land\nKiel,DE\n", encoding="utf-8")
    with pytest.raises(CommandError, match="lacks the column"):
        call_command("import_municipalities", str(bad))


def test_a_row_under_another_name_or_spelling_updates_the_listed_municipality(tmp_path):
    koeln = f.MunicipalityFactory(name="Köln", country="DE", alternate_names="Cologne", wikidata_id="")
    herzogenrath = f.MunicipalityFactory(name="Herzogenrath", country="DE", wikidata_id="")

    out = run_import(
        tmp_path,
        "Cologne,DE,,city,,,1024621,,,,\nherzogenräth,DE,,city,,,47000,Q9,,,\nHERZOGENRATH,DE,,city,,,48000,,,,\n",
    )

    assert "created 0" in out and "line 4: HERZOGENRATH: same municipality as line 3" in out
    assert Municipality.objects.count() == 2
    koeln.refresh_from_db(), herzogenrath.refresh_from_db()
    assert koeln.population == 1024621 and herzogenrath.population == 47000 and herzogenrath.wikidata_id == "Q9"
