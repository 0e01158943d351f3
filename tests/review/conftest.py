import pytest

from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import CountryQuotaFactory, MembershipFactory
from tests.factories.review import CriterionFactory, ReviewSettingsFactory


@pytest.fixture
def rubric(event):
    ReviewSettingsFactory(event=event, reviews_needed=2, blind=True)
    return [
        CriterionFactory(
            event=event, name="Motivation", weight=2, scale_min=1, scale_max=5, order=1
        ),
        CriterionFactory(
            event=event, name="Experience", weight=1, scale_min=0, scale_max=10, order=2
        ),
    ]


def make_reviewer(organisation, role=MemberRole.REVIEWER, **profile):
    user = MembershipFactory(organisation=organisation, role=role).user
    if profile:
        ProfileFactory(user=user, **profile)
    return user


def make_application(event, country="VN", gender="female", status=S.UNDER_REVIEW, **kwargs):
    return ApplicationFactory(event=event, country=country, gender=gender, status=status, **kwargs)


@pytest.fixture
def quotas(event):
    return [
        CountryQuotaFactory(event=event, country="KR", minimum=0, maximum=3),
        CountryQuotaFactory(event=event, country="LA", minimum=2, maximum=None),
    ]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Factories hash a password per user; the slow default hasher dominated these tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def bulk_applications(
    event, count, *, country="VN", gender="female", status=S.UNDER_REVIEW, prefix="bulk"
):
    """Many applicants at once (bulk inserts), for the concurrency tests and benchmarks."""
    from django.contrib.auth import get_user_model

    from participants.models import Application

    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        [
            User(username=f"{prefix}-{start + i}", email=f"{prefix}-{start + i}@example.org")
            for i in range(count)
        ]
    )
    return Application.objects.bulk_create(
        [
            Application(event=event, applicant=u, country=country, gender=gender, status=status)
            for u in users
        ]
    )
