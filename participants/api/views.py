"""Applications API: parse, check permission, call a service, render.

Applicants only ever reach their own rows (other people's are a 404, not a 403, so
ids can't be probed). Organiser endpoints answer 404 for events the user can't see
and 403 for visible events they don't manage.
"""

from __future__ import annotations

from django.contrib.auth import logout
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.errors import BridgesError
from programmes.models import Event
from programmes.permissions import visible_events

from .. import documents as storage
from .. import exports, selectors, services
from ..enums import ApplicationStatus, Gender
from ..models import Application, Question
from ..permissions import (
    can_download_document,
    can_manage_applications,
    can_read_questions,
    can_view_application,
    is_applicant,
)
from . import serializers as s
from .parsers import RawNameMultiPartParser

ERRORS = {
    400: OpenApiResponse(description="Invalid input; the body names each field at fault."),
    403: OpenApiResponse(description="Not allowed."),
    404: OpenApiResponse(description="Not found (or not yours)."),
    409: OpenApiResponse(description="Conflicts with the current state (code says which)."),
}


def _event(request, slug: str) -> Event:
    return get_object_or_404(visible_events(request.user, Event.objects.all()), slug=slug)


def _managed_event(request, slug: str) -> Event:
    event = _event(request, slug)
    if not can_manage_applications(request.user, event):
        raise PermissionDenied(_("Only the event's organisers can do this."))
    return event


def _application(request, pk: int) -> Application:
    application = selectors.application_detail_queryset().filter(pk=pk).first()
    if application is None or not can_view_application(request.user, application):
        raise NotFound()
    return application


def _own_application(request, pk: int) -> Application:
    application = Application.objects.select_related("event").filter(pk=pk).first()
    if application is None or not is_applicant(request.user, application):
        raise NotFound()
    return application


def _render_application(request, application: Application) -> dict:
    if is_applicant(request.user, application):
        # The applicant's view has no history or consent records: a lighter read.
        fresh = selectors.applicant_application_queryset().get(pk=application.pk)
        return s.ApplicationSerializer(fresh).data
    fresh = selectors.application_detail_queryset().get(pk=application.pk)
    return s.OrganiserApplicationSerializer(fresh).data


# --- me -------------------------------------------------------------------------


class MeProfileView(APIView):
    @extend_schema(responses={200: s.ProfileSerializer}, tags=["me"])
    def get(self, request):
        return Response(s.ProfileSerializer(services.profile_for(request.user)).data)

    @extend_schema(
        request=s.ProfileInputSerializer,
        responses={200: s.ProfileSerializer, **ERRORS},
        tags=["me"],
    )
    def put(self, request):
        return self._update(request)

    @extend_schema(
        request=s.ProfileInputSerializer,
        responses={200: s.ProfileSerializer, **ERRORS},
        tags=["me"],
    )
    def patch(self, request):
        return self._update(request)

    def _update(self, request):
        serializer = s.ProfileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = services.profile_update(user=request.user, data=serializer.validated_data)
        return Response(s.ProfileSerializer(profile).data)


class MeProfilePhotoView(APIView):
    parser_classes = [RawNameMultiPartParser]

    @extend_schema(
        request={"multipart/form-data": s.PhotoUploadSerializer},
        responses={200: s.ProfileSerializer, **ERRORS},
        tags=["me"],
        description="Set the profile photo: JPEG or PNG (type checked by content; size "
        "limit PHOTO_MAX_BYTES), re-encoded as a thumbnail. Served only through "
        "photo_url, to the owner and to the organisations whose events they applied to.",
    )
    def post(self, request):
        unknown = sorted(set(request.data.keys()) - {"photo"})
        if unknown:
            raise ValidationError({name: [_("This field cannot be set here.")] for name in unknown})
        profile = services.profile_photo_set(user=request.user, uploaded=request.FILES.get("photo"))
        return Response(s.ProfileSerializer(profile).data)

    @extend_schema(request=None, responses={204: None}, tags=["me"])
    def delete(self, request):
        services.profile_photo_delete(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(
        request=s.AccountDeleteInputSerializer,
        responses={204: None, 400: ERRORS[400]},
        tags=["me"],
        description="Delete the account: personal data erased, applications anonymised. "
        "Requires the current password.",
    )
    def delete(self, request):
        serializer = s.AccountDeleteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.account_delete(user=request.user, password=serializer.validated_data["password"])
        if hasattr(request, "session"):
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeExportView(APIView):
    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        tags=["me"],
        description="All personal data held about you, as JSON.",
    )
    def get(self, request):
        response = Response(services.my_data_export(request.user))
        response["Content-Disposition"] = 'attachment; filename="bridges-my-data.json"'
        return response


class MyApplicationsView(ListAPIView):
    serializer_class = s.MyApplicationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return selectors.my_applications(self.request.user)

    @extend_schema(tags=["me"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# --- the applicant's application --------------------------------------------------


class EventMyApplicationView(APIView):
    @extend_schema(
        responses={200: s.ApplicationSerializer, 404: ERRORS[404]},
        tags=["applications"],
        description="Your active application to this event.",
    )
    def get(self, request, slug: str):
        event = _event(request, slug)
        application = selectors.active_application(event=event, applicant=request.user)
        if application is None:
            raise NotFound(_("You have not applied to this event."))
        return Response(_render_application(request, application))


class DraftSaveView(APIView):
    @extend_schema(
        request=s.ApplicationInputSerializer,
        responses={200: s.ApplicationSerializer, 201: s.ApplicationSerializer, **ERRORS},
        tags=["applications"],
        description="Create or update your draft. Answers are keyed by question id and checked "
        "for type only; completeness is checked on submit.",
    )
    def post(self, request, slug: str):
        event = _event(request, slug)
        serializer = s.ApplicationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        existed = selectors.active_application(event=event, applicant=request.user) is not None
        application = services.application_save_draft(
            event=event,
            applicant=request.user,
            answers=serializer.validated_data.get("answers"),
            guardian=serializer.guardian(),
        )
        return Response(
            _render_application(request, application),
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class ApplicationDetailView(APIView):
    @extend_schema(
        responses={200: s.OrganiserApplicationSerializer, 404: ERRORS[404]},
        tags=["applications"],
        description="The applicant sees their own application; the event's organisers also see "
        "the profile, history and guardian consent record.",
    )
    def get(self, request, pk: int):
        return Response(_render_application(request, _application(request, pk)))

    @extend_schema(
        request=s.ApplicationInputSerializer,
        responses={200: s.ApplicationSerializer, **ERRORS},
        tags=["applications"],
        description="Edit answers or the guardian: a draft leniently, a sent application in "
        "full and only while the call is open and the event allows edits. Status, applicant "
        "and event cannot be set (400).",
    )
    def patch(self, request, pk: int):
        application = _own_application(request, pk)
        serializer = s.ApplicationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers = serializer.validated_data.get("answers")
        if application.status == ApplicationStatus.DRAFT:
            application = services.application_save_draft(
                event=application.event,
                applicant=request.user,
                answers=answers,
                guardian=serializer.guardian(),
            )
        else:
            application = services.application_update_after_submit(
                application=application,
                by=request.user,
                answers=answers,
                guardian=serializer.guardian(),
            )
        return Response(_render_application(request, application))


class _ApplicantAction(APIView):
    input_serializer = s.EmptyInputSerializer

    def post(self, request, pk: int):
        application = _own_application(request, pk)
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.act(application, request.user, serializer.validated_data)
        return Response(_render_application(request, application))

    def act(self, application, user, data):  # pragma: no cover - overridden
        raise NotImplementedError


_ACTION_SCHEMA = {"responses": {200: s.ApplicationSerializer, **ERRORS}, "tags": ["applications"]}


@extend_schema(
    request=None, description="Submit a draft (full validation and eligibility).", **_ACTION_SCHEMA
)
class ApplicationSubmitView(_ApplicantAction):
    def post(self, request, pk: int):
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The service reads, locks and checks the row itself (404 when it is not yours),
        # and its read already holds the event, answers and documents in the applicant
        # view's order: render from it instead of reading anything again.
        submitted = services.application_submit(application=pk, by=request.user)
        return Response(s.ApplicationSerializer(submitted).data)


@extend_schema(
    request=s.NoteInputSerializer, description="Withdraw from any active status.", **_ACTION_SCHEMA
)
class ApplicationWithdrawView(_ApplicantAction):
    input_serializer = s.NoteInputSerializer

    def act(self, application, user, data):
        services.application_withdraw(application=application, by=user, note=data.get("note", ""))


@extend_schema(request=None, description="Confirm an offer before its deadline.", **_ACTION_SCHEMA)
class ApplicationConfirmView(_ApplicantAction):
    def act(self, application, user, data):
        services.application_confirm(application=application, by=user)


@extend_schema(request=s.NoteInputSerializer, description="Decline an offer.", **_ACTION_SCHEMA)
class ApplicationDeclineView(_ApplicantAction):
    input_serializer = s.NoteInputSerializer

    def act(self, application, user, data):
        services.application_decline(application=application, by=user, note=data.get("note", ""))


@extend_schema(
    request=None, description="Send the guardian a fresh consent link.", **_ACTION_SCHEMA
)
class GuardianConsentResendView(_ApplicantAction):
    def act(self, application, user, data):
        services.guardian_consent_resend(application=application, by=user)


class ApplicationGuardianView(APIView):
    @extend_schema(
        request=s.GuardianChangeInputSerializer,
        responses={200: s.OrganiserApplicationSerializer, **ERRORS},
        tags=["organisers"],
        description="The event's organisers correct a minor's parent or guardian while "
        "consent is awaited; a fresh consent link goes to the new address and earlier "
        "links stop working. The applicant cannot change these once consent is asked for.",
    )
    def post(self, request, pk: int):
        application = _application(request, pk)
        if not can_manage_applications(request.user, application.event):
            raise PermissionDenied(_("Only the event's organisers can do this."))
        serializer = s.GuardianChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        note = data.pop("note", "")
        services.application_guardian_change(
            application=application, by=request.user, guardian=data, note=note
        )
        return Response(_render_application(request, application))


class ConsentView(APIView):
    """The guardian's side: public, the signed expiring token is the credential."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_scope = "codes"  # a token look-up: guesses are limited per address

    @extend_schema(
        responses={
            200: s.ConsentRequestSerializer,
            404: ERRORS[404],
            410: OpenApiResponse(description="Expired."),
        },
        tags=["guardian consent"],
    )
    def get(self, request, token: str):
        return Response(
            s.ConsentRequestSerializer(services.guardian_consent_from_token(token=token)).data
        )

    @extend_schema(
        request=s.ConsentGiveInputSerializer,
        responses={
            200: s.ConsentRequestSerializer,
            **ERRORS,
            410: OpenApiResponse(description="Expired."),
        },
        tags=["guardian consent"],
        description="Record consent (who, when, from which address, which text version).",
    )
    def post(self, request, token: str):
        serializer = s.ConsentGiveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = services.guardian_consent_give(
            token=token,
            ip=request.META.get("REMOTE_ADDR"),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        return Response(s.ConsentRequestSerializer(consent).data)


# --- documents --------------------------------------------------------------------


class ApplicationDocumentsView(APIView):
    parser_classes = [RawNameMultiPartParser]
    throttle_scope = "uploads"

    @extend_schema(
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={201: s.DocumentSerializer, **ERRORS},
        tags=["documents"],
        description="Upload a PDF, JPEG or PNG (type checked by content; size limit "
        "UPLOAD_MAX_BYTES). Names with a folder path are refused.",
    )
    def post(self, request, pk: int):
        application = _own_application(request, pk)
        unknown = sorted(set(request.data.keys()) - {"file", "kind"})
        if unknown:
            raise ValidationError({name: [_("This field cannot be set here.")] for name in unknown})
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise BridgesError(_("Choose a file to upload."), code="required", field="file")
        kind = request.data.get("kind") or "other"
        document = services.document_upload(
            owner=request.user, uploaded=uploaded, kind=kind, application=application
        )
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentDownloadView(APIView):
    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ERRORS[404]},
        tags=["documents"],
        description="The file, to its owner and to the event's organisers and reviewers.",
    )
    def get(self, request, pk: int):
        document = selectors.document_for_download(pk)
        if document is None or not can_download_document(request.user, document):
            raise NotFound()
        try:
            handle = storage.open_stored(document.storage_name)
        except FileNotFoundError:
            raise NotFound() from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class DocumentDetailView(APIView):
    @extend_schema(
        responses={204: None, **ERRORS}, tags=["documents"], description="Delete your document."
    )
    def delete(self, request, pk: int):
        document = selectors.document_for_download(pk)
        if document is None or document.owner_id != request.user.pk:
            raise NotFound()
        services.document_delete(document=document, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- organisers -------------------------------------------------------------------


def _csv_param(request, name: str) -> list[str] | None:
    raw = request.query_params.getlist(name)
    values = [v for item in raw for v in item.split(",") if v.strip()]
    return [v.strip() for v in values] or None


def _int_param(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: [_("Enter a whole number.")]}) from None
    if value < 0 or value > 150:
        raise ValidationError({name: [_("Enter an age between 0 and 150.")]})
    return value


def _known_values_param(
    request, name: str, known, message: str, *, normalise=str
) -> list[str] | None:
    """A comma-separated filter whose every value must be one of ``known`` (400 otherwise:
    an unknown value would silently match nothing, or reach the database unchecked)."""
    values = _csv_param(request, name)
    if values and any(normalise(v) not in known for v in values):
        raise ValidationError({name: [message]})
    return values


def _filtered_applications(request, event: Event):
    statuses = _known_values_param(
        request, "status", ApplicationStatus.values, _("Unknown status.")
    )
    genders = _known_values_param(request, "gender", Gender.values, _("Unknown gender."))
    # Codes are matched in upper case (the selector upper-cases them too).
    country_codes = _known_values_param(
        request, "country", countries, _("Unknown country code."), normalise=str.upper
    )
    return selectors.event_applications(
        event,
        status=statuses,
        country=country_codes,
        gender=genders,
        age_min=_int_param(request, "age_min"),
        age_max=_int_param(request, "age_max"),
    ).select_related("event")


_LIST_PARAMS = [
    OpenApiParameter("status", str, description="Comma-separated statuses."),
    OpenApiParameter("country", str, description="Comma-separated ISO codes (quota country)."),
    OpenApiParameter("gender", str, description="Comma-separated genders."),
    OpenApiParameter("age_min", int, description="Minimum age on the event's first day."),
    OpenApiParameter("age_max", int, description="Maximum age on the event's first day."),
]


class EventApplicationsView(ListAPIView):
    serializer_class = s.OrganiserApplicationListSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        event = _managed_event(self.request, self.kwargs["slug"])
        return _filtered_applications(self.request, event)

    @extend_schema(parameters=_LIST_PARAMS, tags=["organisers"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class EventApplicationsCSVView(APIView):
    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.BINARY, **ERRORS}, tags=["organisers"]
    )
    def get(self, request, slug: str):
        event = _managed_event(request, slug)
        response = HttpResponse(
            exports.applications_csv(event), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-applications.csv"'
        return response


class EventApplicationsXLSXView(APIView):
    @extend_schema(
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY,
            **ERRORS,
        },
        tags=["organisers"],
    )
    def get(self, request, slug: str):
        event = _managed_event(request, slug)
        response = HttpResponse(
            exports.applications_xlsx(event),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-applications.xlsx"'
        return response


class QuestionListView(GenericAPIView):
    queryset = Question.objects.none()
    serializer_class = s.QuestionSerializer
    pagination_class = None
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        responses={200: s.QuestionSerializer(many=True), 404: ERRORS[404]},
        tags=["questions"],
        description="The event's application form, in order (anyone who can see the event).",
    )
    def get(self, request, slug: str):
        event = _event(request, slug)
        if not can_read_questions(request.user, event):
            raise NotFound()
        return Response(s.QuestionSerializer(selectors.event_questions(event), many=True).data)

    @extend_schema(
        request=s.QuestionInputSerializer,
        responses={201: s.QuestionSerializer, **ERRORS},
        tags=["questions"],
    )
    def post(self, request, slug: str):
        event = _managed_event(request, slug)
        serializer = s.QuestionInputSerializer(
            data=request.data, context={"event": event, "creating": True}
        )
        serializer.is_valid(raise_exception=True)
        question = services.question_create(event=event, data=serializer.validated_data)
        return Response(s.QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class QuestionDetailView(APIView):
    def _question(self, request, slug: str, pk: int, *, manage: bool) -> Question:
        event = _managed_event(request, slug) if manage else _event(request, slug)
        return get_object_or_404(Question.objects.filter(event=event), pk=pk)

    @extend_schema(responses={200: s.QuestionSerializer, 404: ERRORS[404]}, tags=["questions"])
    def get(self, request, slug: str, pk: int):
        return Response(s.QuestionSerializer(self._question(request, slug, pk, manage=False)).data)

    @extend_schema(
        request=s.QuestionInputSerializer,
        responses={200: s.QuestionSerializer, **ERRORS},
        tags=["questions"],
    )
    def put(self, request, slug: str, pk: int):
        return self._update(request, slug, pk, creating=True)

    @extend_schema(
        request=s.QuestionInputSerializer,
        responses={200: s.QuestionSerializer, **ERRORS},
        tags=["questions"],
    )
    def patch(self, request, slug: str, pk: int):
        return self._update(request, slug, pk, creating=False)

    def _update(self, request, slug, pk, *, creating: bool):
        question = self._question(request, slug, pk, manage=True)
        serializer = s.QuestionInputSerializer(
            data=request.data, context={"event": question.event, "creating": creating}
        )
        serializer.is_valid(raise_exception=True)
        question = services.question_update(question=question, data=serializer.validated_data)
        return Response(s.QuestionSerializer(question).data)

    @extend_schema(responses={204: None, **ERRORS}, tags=["questions"])
    def delete(self, request, slug: str, pk: int):
        question = self._question(request, slug, pk, manage=True)
        services.question_delete(question=question)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CallSettingsView(APIView):
    @extend_schema(responses={200: s.CallSettingsSerializer, **ERRORS}, tags=["organisers"])
    def get(self, request, slug: str):
        event = _managed_event(request, slug)
        return Response(s.CallSettingsSerializer(services.call_settings_for(event)).data)

    @extend_schema(
        request=s.CallSettingsInputSerializer,
        responses={200: s.CallSettingsSerializer, **ERRORS},
        tags=["organisers"],
    )
    def patch(self, request, slug: str):
        event = _managed_event(request, slug)
        serializer = s.CallSettingsInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            call = services.call_settings_update(event=event, data=serializer.validated_data)
        return Response(s.CallSettingsSerializer(call).data)
