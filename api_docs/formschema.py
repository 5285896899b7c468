"""JSON Schema from Django forms: the form that validates an input also describes it.

The submission endpoint's request body comes from SubmissionForm and the map endpoint's query
parameters from the map's MunicipalityFilterSet, so a new field, choice or limit there shows in the schema at once.
"""

from django import forms
from django.core import validators
from django.core.exceptions import FieldDoesNotExist
from django.utils.encoding import force_str

MAX_ENUM = 500  # longer choice lists (whole tables) are described, not enumerated


def _bounds(field, model_field=None):
    """minimum/maximum/minLength/maxLength from a form field, its validators and its model field's."""
    schema = {}
    found = list(field.validators) + list(getattr(model_field, "validators", []))
    for validator in found:
        if isinstance(validator, validators.MinValueValidator):
            schema["minimum"] = max(validator.limit_value, schema.get("minimum", validator.limit_value))
        elif isinstance(validator, validators.MaxValueValidator):
            schema["maximum"] = min(validator.limit_value, schema.get("maximum", validator.limit_value))
        elif isinstance(validator, validators.MaxLengthValidator):
            schema["maxLength"] = min(validator.limit_value, schema.get("maxLength", validator.limit_value))
        elif isinstance(validator, validators.MinLengthValidator):
            schema["minLength"] = max(validator.limit_value, schema.get("minLength", validator.limit_value))
    return schema


def _model_choice_values(field):
    """The values a ModelChoiceField accepts: its to_field_name (or primary keys), if few enough."""
    key = field.to_field_name or "pk"
    values = list(field.queryset.order_by(key).values_list(key, flat=True)[: MAX_ENUM + 1])
    return values if 0 < len(values) <= MAX_ENUM else None


def _key_type(field):
    """JSON type of the values that identify a ModelChoiceField's objects."""
    model_field = (
        field.queryset.model._meta.get_field(field.to_field_name)
        if field.to_field_name
        else (field.queryset.model._meta.pk)
    )
    internal = model_field.get_internal_type()
    return "integer" if "Integer" in internal or "AutoField" in internal else "string"


def field_schema(field, model_field=None):
    """The JSON Schema of the value one form field accepts (as JSON, or as a query parameter)."""
    if isinstance(getattr(field, "json_schema", None), dict):  # a field that describes itself
        return dict(field.json_schema)
    if isinstance(field, forms.ModelMultipleChoiceField):
        item = {"type": _key_type(field)}
        values = _model_choice_values(field)
        if values:
            item["enum"] = values
        schema = {"type": "array", "items": item, "uniqueItems": True}
    elif isinstance(field, forms.ModelChoiceField):
        schema = {"type": _key_type(field)}
        values = _model_choice_values(field)
        if values:
            schema["enum"] = values
    elif isinstance(field, forms.MultipleChoiceField):
        schema = {"type": "array", "items": {"type": "string", "enum": [str(k) for k, _ in field.choices if k != ""]}}
    elif isinstance(field, forms.ChoiceField):
        values = [str(key) for key, _label in field.choices if key != ""]
        schema = {"type": "string", "enum": values + ([] if field.required else [""])}
    elif isinstance(field, forms.BooleanField):
        schema = {"type": "boolean", "enum": [True]} if field.required else {"type": "boolean"}
    elif isinstance(field, (forms.FloatField, forms.DecimalField)):
        schema = {"type": "number", **_bounds(field, model_field)}
    elif isinstance(field, forms.IntegerField):  # after FloatField, a subclass of it
        schema = {"type": "integer", **_bounds(field, model_field)}
    elif isinstance(field, forms.EmailField):
        schema = {"type": "string", "format": "email", **_bounds(field, model_field)}
    elif isinstance(field, forms.URLField):
        schema = {"type": "string", "format": "uri", **_bounds(field, model_field)}
    elif isinstance(field, forms.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, forms.CharField):
        schema = {"type": "string", **_bounds(field, model_field)}
        if field.required:
            schema.setdefault("minLength", 1)
    else:
        schema = {}
    description = describe(field)
    if description:
        schema["description"] = description
    return schema


def describe(field):
    """A field's label and help text as one sentence or two."""
    parts = [force_str(part).strip() for part in (field.label, field.help_text) if part]
    if not parts and type(field).__doc__ and type(field).__module__ != forms.fields.__name__:
        parts = [type(field).__doc__.strip()]
    return " — ".join(parts)


def _model_field(form_class, name):
    """The model field behind a ModelForm field, or None."""
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a form-only field (consent, challenge …)
        return None


def form_schema(form_class, exclude=(), descriptions=None, examples=None):
    """An object schema for a JSON body validated by `form_class` (unknown properties not allowed).

    `descriptions` replaces the label-and-help-text of some fields; `examples` adds example values.
    """
    form = form_class()
    properties, required = {}, []
    for name, field in form.fields.items():
        if name in exclude:
            continue
        properties[name] = field_schema(field, _model_field(form_class, name))
        if descriptions and name in descriptions:
            properties[name]["description"] = force_str(descriptions[name])
        if examples and name in examples:
            properties[name]["example"] = examples[name]
        if field.required:
            required.append(name)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def form_parameters(form_class):
    """OpenAPI query parameters for a GET form (e.g. the map's filters), one per field."""
    form = form_class()
    parameters = []
    for name, field in form.fields.items():
        schema = field_schema(field, _model_field(form_class, name))
        description = schema.pop("description", "")
        if "enum" in schema:  # an empty value means "no filter": leaving the parameter out says the same
            schema["enum"] = [value for value in schema["enum"] if value != ""]
        parameter = {"name": name, "in": "query", "required": field.required, "schema": schema}
        if not field.required:  # and the filter takes it so (`?kind=&country=DE`, as a form sends it)
            parameter["allowEmptyValue"] = True
        parameters.append({**parameter, "description": description})
    return parameters
