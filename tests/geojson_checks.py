"""An RFC 7946 (GeoJSON) checker for the tests, written here because no well-kept Python library
checks what we need: `geojson` and `geojson-pydantic` check the structure but not that positions
lie within WGS 84's ranges.

What `check_geojson` enforces (section numbers of RFC 7946):
- every object has a known, case-exact "type" (§1.4); a FeatureCollection has a "features" array
  of Features (§3.3); a Feature has "geometry" (a Geometry or null) and "properties" (an object or
  null), and an "id" only as a string or number (§3.2);
- geometries (§3.1): "coordinates" shaped as each type demands (Point: one position; LineString:
  2+ positions; Polygon: linear rings of 4+ positions, closed, exterior counterclockwise and holes
  clockwise by the right-hand rule; the Multi* types: arrays of those); a GeometryCollection has
  "geometries";
- positions (§3.1.1): two or three finite numbers, longitude in [-180, 180] and latitude in
  [-90, 90] (WGS 84, §4);
- "bbox" (§5): 2×n numbers, n = 2 or 3, south ≤ north (west > east is allowed: antimeridian);
- members that would change GeoJSON's meaning are refused (§7.1): no "coordinates" or
  "geometries" on Features and FeatureCollections, no "geometry" or "properties" on Geometries and
  FeatureCollections, no "features" on Features and Geometries; no "crs" (removed, §4).
Foreign members are allowed (§6.1).

What it cannot know: whether a producer swapped latitude and longitude where both lie within
±90 — only a known place (a test's Palermo, at longitude ≈13.36, latitude ≈38.12) shows that.
It does not check antimeridian cutting (§3.1.9, a SHOULD) or the I-JSON number limits.
"""

import math

GEOMETRIES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
FORBIDDEN = {
    "FeatureCollection": {"coordinates", "geometries", "geometry", "properties"},
    "Feature": {"coordinates", "geometries", "features"},
    "Geometry": {"geometry", "properties", "features"},
}


class GeoJSONError(AssertionError):
    """The object is not valid RFC 7946 GeoJSON; the message names where and why."""


def fail(path, message):
    """Raise GeoJSONError for the member at `path`."""
    raise GeoJSONError(f"{path}: {message}")


def is_number(value):
    """A JSON number (not a boolean), finite."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_position(position, path):
    """Two or three numbers: longitude within ±180, latitude within ±90."""
    if not isinstance(position, list) or not 2 <= len(position) <= 3 or not all(map(is_number, position)):
        fail(path, f"a position is 2 or 3 numbers, not {position!r}")
    longitude, latitude = position[0], position[1]
    if not -180 <= longitude <= 180:
        fail(path, f"longitude {longitude} outside [-180, 180]")
    if not -90 <= latitude <= 90:
        fail(path, f"latitude {latitude} outside [-90, 90]")


def check_positions(positions, path, minimum):
    """An array of at least `minimum` positions."""
    if not isinstance(positions, list) or len(positions) < minimum:
        fail(path, f"needs an array of at least {minimum} positions")
    for n, position in enumerate(positions):
        check_position(position, f"{path}[{n}]")


def signed_area(ring):
    """Twice the ring's signed area in degrees²: positive when counterclockwise."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False))


def check_polygon(rings, path):
    """Closed linear rings of 4+ positions; exterior counterclockwise, holes clockwise (§3.1.6)."""
    if not isinstance(rings, list) or not rings:
        fail(path, "a Polygon needs at least one linear ring")
    for n, ring in enumerate(rings):
        check_positions(ring, f"{path}[{n}]", 4)
        if ring[0] != ring[-1]:
            fail(f"{path}[{n}]", "a linear ring must end where it starts")
        area = signed_area(ring)
        if area and (area > 0) != (n == 0):
            fail(f"{path}[{n}]", "exterior rings run counterclockwise and holes clockwise (right-hand rule)")


def check_members(obj, kind, path):
    """Refuse the members RFC 7946 §7.1 forbids on this kind of object, and "crs"."""
    for member in sorted(FORBIDDEN[kind] | {"crs"}):
        if member in obj:
            fail(path, f"a {kind} must not have a {member!r} member")


def check_bbox(obj, path):
    """An optional bbox: 4 or 6 numbers, south ≤ north."""
    if "bbox" not in obj:
        return
    bbox = obj["bbox"]
    if not isinstance(bbox, list) or len(bbox) not in (4, 6) or not all(map(is_number, bbox)):
        fail(f"{path}.bbox", "a bbox is 4 or 6 numbers")
    half = len(bbox) // 2
    check_position(bbox[:half], f"{path}.bbox")
    check_position(bbox[half:], f"{path}.bbox")
    if bbox[1] > bbox[half + 1]:
        fail(f"{path}.bbox", "south must not be above north")


def check_geometry(geometry, path):
    """A Geometry object of any of the seven types."""
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRIES:
        fail(path, f"not a geometry (type must be one of {sorted(GEOMETRIES)})")
    check_members(geometry, "Geometry", path)
    check_bbox(geometry, path)
    kind = geometry["type"]
    if kind == "GeometryCollection":
        if not isinstance(geometry.get("geometries"), list):
            fail(path, "a GeometryCollection needs a 'geometries' array")
        for n, member in enumerate(geometry["geometries"]):
            check_geometry(member, f"{path}.geometries[{n}]")
        return
    if "coordinates" not in geometry:
        fail(path, f"a {kind} needs 'coordinates'")
    coordinates, where = geometry["coordinates"], f"{path}.coordinates"
    if kind == "Point":
        check_position(coordinates, where)
    elif kind in ("MultiPoint", "LineString"):
        check_positions(coordinates, where, 1 if kind == "MultiPoint" else 2)
    elif kind == "Polygon":
        check_polygon(coordinates, where)
    elif not isinstance(coordinates, list):
        fail(where, f"a {kind} needs an array")
    else:
        for n, part in enumerate(coordinates):
            if kind == "MultiLineString":
                check_positions(part, f"{where}[{n}]", 2)
            else:
                check_polygon(part, f"{where}[{n}]")


def check_feature(feature, path):
    """A Feature: geometry (or null), properties (object or null), an optional string or number id."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        fail(path, "not a Feature")
    check_members(feature, "Feature", path)
    check_bbox(feature, path)
    for member in ("geometry", "properties"):
        if member not in feature:
            fail(path, f"a Feature needs a {member!r} member (null is allowed)")
    if feature["geometry"] is not None:
        check_geometry(feature["geometry"], f"{path}.geometry")
    if feature["properties"] is not None and not isinstance(feature["properties"], dict):
        fail(f"{path}.properties", "must be an object or null")
    if "id" in feature and not (isinstance(feature["id"], str) or is_number(feature["id"])):
        fail(f"{path}.id", "must be a string or a number")


def check_geojson(obj, path="$"):
    """Raise GeoJSONError unless `obj` (parsed JSON) is valid RFC 7946 GeoJSON of any type."""
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind == "FeatureCollection":
        check_members(obj, "FeatureCollection", path)
        check_bbox(obj, path)
        if not isinstance(obj.get("features"), list):
            fail(path, "a FeatureCollection needs a 'features' array")
        for n, feature in enumerate(obj["features"]):
            check_feature(feature, f"{path}.features[{n}]")
    elif kind == "Feature":
        check_feature(obj, path)
    else:
        check_geometry(obj, path)


def check_feature_collection(obj):
    """Valid RFC 7946 and a FeatureCollection (what every GeoJSON response of the site is); returns it."""
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection":
        raise GeoJSONError("$: not a FeatureCollection")
    check_geojson(obj)
    return obj
