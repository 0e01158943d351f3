from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        # SQLite's stand-in for PostgreSQL's unaccent(), used by every name search.
        from backend import names  # noqa: F401
