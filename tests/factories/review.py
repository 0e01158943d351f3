import factory

from review.enums import AssignmentSource
from review.models import ConflictDeclaration, Criterion, ReviewAssignment, ReviewSettings
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import EventFactory, UserFactory


class ReviewSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewSettings
        django_get_or_create = ("event",)

    event = factory.SubFactory(EventFactory)
    reviews_needed = 2


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Motivation {n}")
    guidance = "How clearly does the applicant say what they will bring back home?"
    weight = 1
    scale_min = 1
    scale_max = 5
    order = factory.Sequence(lambda n: n)


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)
    source = AssignmentSource.MANUAL


class ConflictDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictDeclaration

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)
    reason = "We work together."
