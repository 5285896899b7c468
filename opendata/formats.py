"""The two file formats, written as streams so that large exports start at once and never sit in
memory whole: CSV (UTF-8, comma-separated, one header row) and GeoJSON (an RFC 7946
FeatureCollection, longitude first, with the licence, source and export time as foreign members,
which RFC 7946 §6.1 allows). Both carry the licence in a `Link: <…>; rel="license"` header and
the export date in the file name."""

import csv
import datetime
import decimal
import io
import json

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone

ROWS_PER_CHUNK = 500
FORMATS = {
    "csv": "text/csv; charset=utf-8; header=present",
    "geojson": "application/geo+json",
}


def licence():
    """The licence the data is published under (settings OPEN_DATA_LICENCE_NAME and _URL)."""
    return {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL}


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value):
    """A value as CSV text: empty for unknown, true/false, lists joined by “;”, dates as YYYY-MM-DD.
    Numbers stay numbers; text that a spreadsheet would run as a formula gets a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = ";".join(str(item) for item in value) if isinstance(value, (list, tuple)) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def json_value(value):
    """A value for GeoJSON properties: dates as YYYY-MM-DD strings, everything else as it is."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def csv_chunks(export, rows):
    """The CSV file as a stream of text chunks: the header, then ROWS_PER_CHUNK rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(export.column_names)
    for number, row in enumerate(rows, 1):
        writer.writerow([csv_value(column.get(row)) for column in export.columns])
        if number % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def feature(export, row):
    """One row as a GeoJSON Feature at its municipality's point (geometry null where there is none)."""
    point = export.point(row)
    properties = {column.name: json_value(column.get(row)) for column in export.columns}
    item = {"type": "Feature"}
    if "id" in properties:
        item["id"] = properties["id"]
    item["geometry"] = (
        None if point is None else {"type": "Point", "coordinates": [round(point[0], 6), round(point[1], 6)]}
    )
    item["properties"] = properties
    return item


def geojson_chunks(export, rows, members):
    """The FeatureCollection as a stream: its top-level members, then the features, then the end."""
    head = json.dumps({"type": "FeatureCollection", **members}, ensure_ascii=False, separators=(",", ":"))
    yield head[:-1] + ',"features":['
    parts = []
    for number, row in enumerate(rows):
        parts.append(
            ("," if number else "") + json.dumps(feature(export, row), ensure_ascii=False, separators=(",", ":"))
        )
        if len(parts) == ROWS_PER_CHUNK:
            yield "".join(parts)
            parts = []
    yield "".join(parts) + "]}"


def export_response(export, fmt, rows, source_url, filters):
    """A streamed download of `rows` in `fmt` (csv or geojson), named with today's date, with its licence."""
    now = timezone.now()
    if fmt == "csv":
        chunks = csv_chunks(export, rows)
    else:
        chunks = geojson_chunks(
            export,
            rows,
            {
                "licence": licence(),
                "source": {"name": settings.WAGTAIL_SITE_NAME, "url": source_url},
                "exported_at": now.isoformat(timespec="seconds"),
                "filters": filters,
                "columns": {column.name: str(column.description) for column in export.columns},
            },
        )
    response = StreamingHttpResponse(chunks, content_type=FORMATS[fmt])
    filename = f"moving-cities-{export.slug}-{timezone.localdate(now).isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response
