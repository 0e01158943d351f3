from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from audit.registry import register

        register("surveys.survey.created", _("Survey created"))
        register("surveys.survey.published", _("Impact summary published or withdrawn"))
        register("surveys.wave.invited", _("Survey invitations sent"))
        register("surveys.results.exported", _("Survey responses exported"))
