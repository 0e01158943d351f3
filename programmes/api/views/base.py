"""What every programmes API view shares: documented error shapes, pagination, and the
list/read/create/change/delete viewset that calls the services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response


class ErrorSerializer(serializers.Serializer):
    """Errors name the input at fault: ``{"end_date": ["..."], "code": "invalid"}``.

    Keys other than ``detail``, ``code`` and ``non_field_errors`` are field names,
    each with a list of messages.
    """

    detail = serializers.CharField(required=False)
    code = serializers.CharField(required=False)
    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


E400 = OpenApiResponse(
    ErrorSerializer, description="Bad input; the body names each field at fault."
)
E403 = OpenApiResponse(
    ErrorSerializer, description="Not signed in, or not allowed to do this here."
)
E404 = OpenApiResponse(ErrorSerializer, description="No such object, or it is not visible to you.")
E409 = OpenApiResponse(ErrorSerializer, description="Conflicts with the current state.")
READ_ERRORS = {404: E404}
LIST_ERRORS = {400: E400, 403: E403}
WRITE_ERRORS = {400: E400, 403: E403, 404: E404, 409: E409}


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class WriteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """List/read with the output serializer; create/update/delete through services.

    Subclasses say which parent (organisation or event) a row hangs off, how to check
    that the user manages it, and which services to call.
    """

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    pagination_class = Pagination
    output_serializer: type[serializers.Serializer]
    input_serializer: type[serializers.Serializer]
    parent_field: str

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return self.input_serializer
        return self.output_serializer

    # -- hooks ---------------------------------------------------------------------------
    def check_parent(self, parent) -> None:
        raise NotImplementedError

    def check_manage(self, obj) -> None:
        raise NotImplementedError

    def service_create(self, parent, data: dict[str, Any]):
        raise NotImplementedError

    def service_update(self, obj, data: dict[str, Any]):
        raise NotImplementedError

    def service_delete(self, obj) -> None:
        raise NotImplementedError

    def render(self, obj) -> dict:
        return self.output_serializer(obj, context=self.get_serializer_context()).data

    # -- actions -------------------------------------------------------------------------
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.input_serializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parent = data.pop(self.parent_field)
        self.check_parent(parent)
        obj = self.service_create(parent, data)
        return Response(
            self.render(self.get_queryset().get(pk=obj.pk)), status=status.HTTP_201_CREATED
        )

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        obj = self.get_object()
        self.check_manage(obj)
        serializer = self.input_serializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if self.parent_field in data:
            raise ValidationError({self.parent_field: [_("This cannot be changed.")]})
        obj = self.service_update(obj, data)
        return Response(self.render(self.get_queryset().get(pk=obj.pk)))

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        obj = self.get_object()
        self.check_manage(obj)
        self.service_delete(obj)
        return Response(status=status.HTTP_204_NO_CONTENT)


def crud_schema(name: str, output, input_, *, public: bool = False):
    """The same documented error responses on every generic endpoint."""
    read_errors = READ_ERRORS if public else {403: E403, 404: E404}
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {name}", responses={200: output(many=True), **LIST_ERRORS}
        ),
        retrieve=extend_schema(
            summary=f"Read one of {name}", responses={200: output, **read_errors}
        ),
        create=extend_schema(
            summary=f"Create in {name}", request=input_, responses={201: output, **WRITE_ERRORS}
        ),
        partial_update=extend_schema(
            summary=f"Change one of {name}", request=input_, responses={200: output, **WRITE_ERRORS}
        ),
        destroy=extend_schema(
            summary=f"Delete one of {name}", responses={204: None, **WRITE_ERRORS}
        ),
    )
