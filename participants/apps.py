from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        # SQLite's stand-in for PostgreSQL's unaccent(), used by every name search.
        from audit.registry import register
        from backend import names  # noqa: F401

        register("participants.questions.reordered", _("Form questions reordered"))
        register("participants.questionnaire.created", _("Form created"))
        register("participants.application.note_added", _("Internal note added"))
        register("participants.application.messaged", _("Message sent from the desk"))
        register("participants.application.viewed", _("Application viewed (sensitive data)"))
