"""The API's OpenAPI 3 schema (/api/schema/) and its human-readable page (/api/), both generated
from the code: the Wagtail API router's endpoints, the forms that validate input, the views."""
