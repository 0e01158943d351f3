from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from audit.registry import register
        from participants.services import register_answer_check

        from .selectors import answered_question_ids

        register_answer_check(answered_question_ids)

        register("surveys.survey.created", _("Survey created"))
        register("surveys.survey.updated", _("Survey changed"))
        register("surveys.survey.published", _("Impact summary published or withdrawn"))
        register("surveys.wave.invited", _("Survey invitations sent"))
        register("surveys.results.exported", _("Survey responses exported"))
