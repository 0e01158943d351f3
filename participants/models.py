"""Profiles, application forms, applications, documents and guardian consent.

An application's status changes only through ``services.application_transition``,
which checks ``enums.TRANSITIONS`` and writes a ``StatusChange`` row each time.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from programmes.models import Event, Organisation, TimeZoneField

from .enums import (
    INACTIVE_STATUSES,
    ApplicationStatus,
    DocumentKind,
    Gender,
    PreferredLanguage,
    QuestionKind,
    QuestionnairePurpose,
)


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Completed years on ``day``; a birthday falling on ``day`` counts."""
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


class Profile(models.Model):
    """Entered once, reused by every application."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    # Printed on badges and visa letters when set: officials abroad read Latin letters.
    latin_name = models.CharField(
        _("name in Latin letters"),
        max_length=200,
        blank=True,
        help_text=_("For badges and visa letters, if your name is written in another script."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    gender_self_description = models.CharField(
        _("gender (in your words)"), max_length=100, blank=True
    )
    # Kept in the order the applicant gave them: the first eligible one is used for quotas.
    nationalities = CountryField(_("nationalities"), multiple=True, multiple_sort=False, blank=True)
    country_of_residence = CountryField(_("country of residence"), blank=True)
    affiliation = models.CharField(_("organisation or university"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="affiliated_profiles",
        verbose_name=_("organisation on Bridges"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=500, blank=True)
    emergency_contact_name = models.CharField(
        _("emergency contact name"), max_length=200, blank=True
    )
    emergency_contact_phone = models.CharField(
        _("emergency contact phone"), max_length=40, blank=True
    )
    emergency_contact_relation = models.CharField(
        _("emergency contact relation"), max_length=100, blank=True
    )
    time_zone = TimeZoneField(_("time zone"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=PreferredLanguage.choices,
        default=PreferredLanguage.EN,
    )
    # The photo file lives in private storage (participants.documents); only the
    # permission-checking view serves it.
    photo_storage_name = models.CharField(_("photo file"), max_length=200, blank=True)
    photo_content_type = models.CharField(_("photo type"), max_length=50, blank=True)
    photo_updated_at = models.DateTimeField(_("photo updated at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        from .accounts import display_name

        return display_name(self.user, profile=self)

    @property
    def photo_url(self) -> str | None:
        """The permission-checked address of the photo; the version defeats stale caches."""
        if not self.photo_storage_name:
            return None
        from django.urls import reverse

        version = int(self.photo_updated_at.timestamp()) if self.photo_updated_at else 0
        return f"{reverse('profile-photo', args=[self.user_id])}?v={version}"


class CallSettings(models.Model):
    """Per-event settings of the call for applications (the event model belongs to programmes)."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="call_settings")
    allow_edits_after_submit = models.BooleanField(_("allow edits after submitting"), default=True)
    # Offer deadline: a fixed instant if set, else this many days after acceptance.
    confirmation_deadline = models.DateTimeField(_("confirm offers by"), null=True, blank=True)
    confirmation_days = models.PositiveSmallIntegerField(_("days to confirm an offer"), default=7)
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    guardian_consent_days = models.PositiveSmallIntegerField(
        _("days a consent link stays valid"), default=14
    )
    guardian_consent_text = models.TextField(_("guardian consent text"), blank=True)
    guardian_consent_version = models.CharField(
        _("consent text version"), max_length=40, blank=True
    )
    # Set once the default questions were added, so that one the organiser deleted
    # stays deleted instead of coming back on the next read.
    default_questions_added = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("call settings")
        verbose_name_plural = _("call settings")

    def __str__(self) -> str:
        return f"{self.event} · call settings"


class Questionnaire(models.Model):
    """A form of an event other than its application form: the follow-up form after
    confirmation (logistics), or a survey (surveys). Its questions are ``Question`` rows
    like the application form's, so one engine shows, checks and stores them all."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questionnaires")
    purpose = models.CharField(_("purpose"), max_length=20, choices=QuestionnairePurpose.choices)
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        constraints = [
            # An event has one follow-up form (the application form is the questions
            # without a questionnaire, so it needs no row); surveys are as many as wanted.
            models.UniqueConstraint(
                fields=["event", "purpose"],
                condition=Q(purpose__in=["application", "follow_up"]),
                name="questionnaire_one_form_per_purpose",
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=["application", "follow_up", "survey"]),
                name="questionnaire_purpose_known",
            ),
        ]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    # None: the event's application form (selectors.application_questions reads it).
    questionnaire = models.ForeignKey(
        Questionnaire,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("questionnaire"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    # A stable machine key ("motivation"); blank for organisers' own questions.
    key = models.SlugField(_("key"), max_length=50, blank=True)
    label = models.CharField(_("label"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # What applicants read for each of ``choices``, in each language (translation.py):
    # answers keep the ``choices`` values, so translating a label never changes an answer.
    choice_labels = models.JSONField(_("choice labels"), default=list, blank=True)
    min_words = models.PositiveIntegerField(_("minimum words"), null=True, blank=True)
    max_words = models.PositiveIntegerField(_("maximum words"), null=True, blank=True)
    # Shown (and required) only when the earlier answer equals ``condition_value``
    # (or, for a multiple-choice question, contains it).
    depends_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="dependents"
    )
    condition_value = models.JSONField(_("shown when the answer is"), null=True, blank=True)
    # Scales: Likert items and matrices (5 or 7 points), ratings (stars); NPS is 0-10.
    scale_points = models.PositiveSmallIntegerField(_("points on the scale"), null=True, blank=True)
    low_label = models.CharField(_("label of the lowest point"), max_length=100, blank=True)
    high_label = models.CharField(_("label of the highest point"), max_length=100, blank=True)
    # Numbers: the smallest and largest answer accepted.
    min_value = models.FloatField(_("smallest number"), null=True, blank=True)
    max_value = models.FloatField(_("largest number"), null=True, blank=True)
    # A question with answers cannot be deleted; hidden, it leaves the form and its
    # answers stay (and so do the questions that depend on it, hidden with it).
    hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "key"],
                condition=~Q(key="") & Q(questionnaire__isnull=True),
                name="question_unique_key_per_event",
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "key"],
                condition=~Q(key="") & Q(questionnaire__isnull=False),
                name="question_unique_key_per_questionnaire",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="question_number_limits_ordered",
            ),
            models.CheckConstraint(
                condition=Q(min_words__isnull=True)
                | Q(max_words__isnull=True)
                | Q(max_words__gte=models.F("min_words")),
                name="question_word_limits_ordered",
            ),
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.label


class Application(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    # Snapshots taken from the profile when the application is saved and submitted, so
    # quotas and review see what was sent even if the profile changes later.
    country = CountryField(_("country (for quotas)"), blank=True)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    is_minor = models.BooleanField(_("under 18 on the first day"), default=False)
    # A minor names a guardian, who is asked for consent on submit.
    guardian_name = models.CharField(_("guardian name"), max_length=200, blank=True)
    guardian_email = models.EmailField(_("guardian email"), blank=True)
    guardian_relation = models.CharField(_("guardian relation"), max_length=100, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("confirm by"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "applicant"],
                condition=~Q(status__in=sorted(INACTIVE_STATUSES)),
                name="application_one_active_per_applicant",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["event", "country", "status"]),
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.applicant} → {self.event} ({self.status})"

    def age_on_first_day(self) -> int | None:
        if not self.date_of_birth:
            return None
        return age_on(self.date_of_birth, self.event.start_date)


class Document(models.Model):
    """An uploaded file in the private storage (``backend.files``; never under a public URL)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    # Its name in the private storage; a random name chosen by us, never the client's.
    storage_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(pgettext_lazy("file format", "type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name


class ApplicationNote(models.Model):
    """An organiser's internal note on an application; never shown to the applicant."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="internal_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return self.text[:60]


class SavedApplicationView(models.Model):
    """A named set of the applications desk's filters and sort, kept per user and event."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_application_views"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "name"], name="saved_view_unique_name_per_user"
            ),
        ]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(_("value"), null=True, blank=True)
    file = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )

    class Meta:
        ordering = ["question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="answer_unique_per_question"
            ),
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class StatusChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=30, choices=ApplicationStatus.choices)
    to_status = models.CharField(_("to"), max_length=30, choices=ApplicationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class GuardianConsent(models.Model):
    """A request to a minor's guardian and, once given, the record of the consent."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="guardian_consents"
    )
    guardian_name = models.CharField(_("guardian name"), max_length=200)
    guardian_email = models.EmailField(_("guardian email"))
    guardian_relation = models.CharField(_("relation"), max_length=100)
    # Part of the signed token; a new request gets a new nonce, so old links stop working.
    nonce = models.CharField(max_length=32, unique=True)
    consent_text_version = models.CharField(_("consent text version"), max_length=40)
    consent_text = models.TextField(_("consent text"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("link expires at"))
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    consented_ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    consented_user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("guardian consent")
        verbose_name_plural = _("guardian consents")

    def __str__(self) -> str:
        return f"{self.guardian_name} for {self.application_id}"
