"""What the API page shows, taken from the OpenAPI schema: endpoints, parameters, example calls."""

import json
import shlex
from urllib.parse import urlencode

from django.utils.translation import gettext as _

METHODS = ("get", "post", "put", "patch", "delete")


def resolve(schema, components):
    """Follow a local $ref."""
    while isinstance(schema, dict) and "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[1], {})
    return schema or {}


def describe_type(schema):
    """A short, human description of a parameter's type ("integer, 0 to 20", "one of: …")."""
    if "anyOf" in schema:
        return _(" or ").join(describe_type(part) for part in schema["anyOf"])
    if schema.get("type") == "array":
        return _("comma-separated list of %(item)s") % {"item": describe_type(schema.get("items", {}))}
    if "enum" in schema:
        values = [str(value) for value in schema["enum"]]
        shown = ", ".join(values[:12]) + (" …" if len(values) > 12 else "")
        return _("one of: %(values)s") % {"values": shown}
    text = schema.get("format") or schema.get("type") or _("any")
    if "minimum" in schema and "maximum" in schema:
        text += f", {schema['minimum']}–{schema['maximum']}"
    elif "minimum" in schema:
        text += f", ≥ {schema['minimum']}"
    if "maxLength" in schema:
        text += _(", at most %(n)s characters") % {"n": schema["maxLength"]}
    return text


def example_value(schema):
    """A plausible value for a schema (its example, first choice, or a typical value of its type)."""
    if "example" in schema:
        return schema["example"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "array":
        return [example_value(schema.get("items", {}))]
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return schema.get("minimum", 0)
    if kind == "boolean":
        return True
    return {"email": "name@example.org", "uri": "https://example.org/"}.get(fmt, "…")


def curl(method, path, operation, base, components):
    """An example curl call: listings with a small limit, detail views with id 1, bodies with every
    required property."""
    names = {parameter["name"] for parameter in operation.get("parameters", [])}
    path = path.replace("{id}", "1")
    query = {"limit": 2} if "limit" in names else {"id": 1} if path.endswith("/find/") else {}
    url = base + path + (f"?{urlencode(query)}" if query else "")
    if method == "get":
        return f"curl {shlex.quote(url)}"
    content = operation.get("requestBody", {}).get("content", {})
    media, body = next(iter(content.items()), ("application/json", {}))
    schema = resolve(body.get("schema", {}), components)
    data = {
        name: example_value(resolve(prop, components))
        for name, prop in schema.get("properties", {}).items()
        if name in schema.get("required", []) or "example" in prop
    }
    return (
        f"curl -X {method.upper()} {shlex.quote(url)} \\\n  -H {shlex.quote('Content-Type: ' + media)} \\\n"
        f"  -d {shlex.quote(json.dumps(data, ensure_ascii=False))}"
    )


def endpoints_for_page(schema, base):
    """Operations grouped by tag, each with its parameters, request body fields, responses and a curl call."""
    components = schema.get("components", {}).get("schemas", {})
    groups = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            body = resolve(
                next(iter(operation.get("requestBody", {}).get("content", {}).values()), {}).get("schema", {}),
                components,
            )
            groups.setdefault((operation.get("tags") or ["api"])[0], []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", ""),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {**parameter, "type": describe_type(parameter.get("schema", {}))}
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": [
                        {
                            "name": name,
                            "type": describe_type(resolve(prop, components)),
                            "required": name in body.get("required", []),
                            "description": prop.get("description", ""),
                        }
                        for name, prop in body.get("properties", {}).items()
                    ],
                    "responses": [
                        (code, response.get("description", ""))
                        for code, response in operation.get("responses", {}).items()
                    ],
                    "curl": curl(method, path, operation, base, components),
                }
            )
    return [{"tag": tag, "operations": operations} for tag, operations in groups.items()]
