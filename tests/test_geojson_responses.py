"""Every GeoJSON the site serves — the map's endpoint and the open-data exports, with and without
filters — is valid RFC 7946 (tests/geojson_checks.py), longitude first; and the checker itself
refuses what RFC 7946 forbids, so a passing check means something."""

import copy
import json

import pytest

from tests import test_open_data as open_data
from tests.geojson_checks import GeoJSONError, check_feature_collection, check_geojson
from tests.test_open_data import world  # noqa: F401 (the fixture)

# The filter combinations the export tests use, and a few more around Palermo and the antimeridian.
MAP_FILTERS = open_data.MAP_FILTERS + [{"country": "IT"}, {"q": "pal"}, {"bbox": "170,-50,-170,50"}]
GEOJSON_URLS = {
    "/api/v2/map/": MAP_FILTERS,
    "/data/municipalities.geojson": MAP_FILTERS,
    "/data/memberships.geojson": MAP_FILTERS,
    "/data/commitments.geojson": MAP_FILTERS,
    "/data/practices.geojson": open_data.PRACTICE_FILTERS,
}


def body(response):
    """The response body, streamed or not, parsed as JSON."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(content)


@pytest.mark.django_db
@pytest.mark.parametrize("url", GEOJSON_URLS)
def test_every_geojson_response_is_rfc_7946(client, world, url):  # noqa: F811
    palermo_seen = False
    for params in GEOJSON_URLS[url]:
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
        assert response["Content-Type"] == "application/geo+json"
        try:
            collection = check_feature_collection(body(response))
        except GeoJSONError as error:
            raise AssertionError(f"{url} {params}: {error}") from error
        assert collection["features"] or params, "an unfiltered response must hold something to check"
        for feature in collection["features"]:
            if feature["geometry"] and "Palermo" in json.dumps(feature["properties"], ensure_ascii=False):
                longitude, latitude = feature["geometry"]["coordinates"]
                assert longitude == pytest.approx(13.36, abs=0.02) and latitude == pytest.approx(38.12, abs=0.02)
                palermo_seen = True
    assert palermo_seen, "Palermo (longitude ≈13.36, latitude ≈38.12) shows whether longitude comes first"


POINT = {"type": "Feature", "id": 1, "geometry": {"type": "Point", "coordinates": [13.36, 38.12]}, "properties": {}}
SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # counterclockwise
HOLE = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]  # clockwise


def collection(*features, **members):
    """A FeatureCollection of deep copies of `features`, with foreign `members`."""
    return {"type": "FeatureCollection", **members, "features": [copy.deepcopy(x) for x in features]}


def with_geometry(geometry):
    """POINT with another geometry."""
    return {**POINT, "geometry": geometry}


def test_checker_accepts_valid_geojson_with_foreign_members():
    check_feature_collection(collection(POINT, licence={"name": "CC BY 4.0"}, exported_at="2026-01-01T00:00:00+00:00"))
    check_geojson(with_geometry({"type": "Polygon", "coordinates": [SQUARE, HOLE]}))
    check_geojson(
        {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]]]},
                {"type": "MultiPolygon", "coordinates": [[SQUARE]]},
            ],
        }
    )
    check_feature_collection(collection({**POINT, "geometry": None, "id": "a"}, bbox=[170, -10, -170, 10]))


@pytest.mark.parametrize(
    "bad, reason",
    [
        (collection(with_geometry({"type": "Point", "coordinates": [38.12, 98.0]})), "latitude 98.0"),
        (collection(with_geometry({"type": "Point", "coordinates": [190.0, 38.12]})), "longitude 190.0"),
        (collection(with_geometry({"type": "Point", "coordinates": [13.36]})), "position"),
        (collection(with_geometry({"type": "Point", "coordinates": [13.36, "38.12"]})), "position"),
        (collection(with_geometry({"type": "Point", "coordinates": [13.36, float("nan")]})), "position"),
        (collection(with_geometry({"type": "point", "coordinates": [13.36, 38.12]})), "not a geometry"),
        (collection(with_geometry({"type": "LineString", "coordinates": [[0, 0]]})), "at least 2"),
        (collection(with_geometry({"type": "Polygon", "coordinates": [SQUARE[:-1]]})), "end where it starts"),
        (collection(with_geometry({"type": "Polygon", "coordinates": [SQUARE[::-1]]})), "right-hand rule"),
        (collection(with_geometry({"type": "Polygon", "coordinates": [SQUARE, HOLE[::-1]]})), "right-hand rule"),
        (collection({k: v for k, v in POINT.items() if k != "properties"}), "'properties'"),
        (collection({k: v for k, v in POINT.items() if k != "geometry"}), "'geometry'"),
        (collection({**POINT, "id": [1]}), "string or a number"),
        (collection({**POINT, "properties": []}), "object or null"),
        (collection({**POINT, "coordinates": [0, 0]}), "'coordinates'"),
        (collection(POINT, crs={"type": "name"}), "'crs'"),
        (collection(POINT, properties={}), "'properties'"),
        (collection(POINT, bbox=[0, 10, 1, 5]), "south"),
        ({"type": "FeatureCollection"}, "'features'"),
        ({"type": "FeatureCollection", "features": [{"type": "Point", "coordinates": [0, 0]}]}, "not a Feature"),
    ],
)
def test_checker_refuses_what_rfc_7946_forbids(bad, reason):
    with pytest.raises(GeoJSONError, match=reason.replace("(", r"\(")):
        check_feature_collection(bad)
