"""The OpenAPI description (drf-spectacular) with the answers besides 200 that the API gives:
400 for a filter value a list does not accept, 404 for a page past the last or an unknown
object, 429 past the rate limit. tests/api/test_contract.py holds the API to it."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words.")


FILTER_ERRORS = {
    "type": "object",
    "description": "For each filter whose value is refused, the reasons.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before the next request.",
    }
}


class ArchiveAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        if self._is_list_view():
            if getattr(self.view, "filterset_class", None):
                responses["400"] = self._error(
                    FILTER_ERRORS, "400", "A filter's value is not one it accepts."
                )
            responses["404"] = self._error(
                ErrorSerializer, "404", "No such page: `page` is past the last one."
            )
        else:
            responses["404"] = self._error(ErrorSerializer, "404", "No such object.")
        responses["429"] = self._error(
            ErrorSerializer, "429", "Too many requests from this client: wait `Retry-After`."
        )
        responses["429"]["headers"] = RETRY_AFTER
        return responses

    def _error(self, schema, code, description):
        return self._get_response_for_code(
            OpenApiResponse(schema, description=description), code, ["application/json"]
        )
