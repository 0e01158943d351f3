"""Passwords are hashed with Argon2id at backend/hashers.py's cost, and older hashes
(Django's default Argon2 parameters, PBKDF2) still sign in and are upgraded on the way."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    make_password,
)
from django.test import Client

from backend import settings as project

OURS = "argon2$argon2id$v=19$m=19456,t=2,p=1$"
PASSWORD = "correct-horse-battery-2027"


@pytest.fixture(autouse=True)
def project_password_hashers(settings):
    # tests/conftest.py swaps in MD5 for speed; these tests are about the real setting.
    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS


@pytest.mark.django_db
def test_sign_up_hashes_the_password_with_argon2id_at_our_cost():
    response = Client().post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    user = get_user_model().objects.get(email="new@example.org")
    assert user.password.startswith(OURS)
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + "x")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hasher", "prefix"),
    [
        (Argon2PasswordHasher(), "argon2$argon2id$v=19$m=102400,t=2,p=8$"),  # Django's cost
        (PBKDF2PasswordHasher(), "pbkdf2_sha256$"),
    ],
)
def test_an_older_hash_signs_in_and_is_upgraded(hasher, prefix):
    user = get_user_model().objects.create(
        username="old", email="old@example.org", password=make_password(PASSWORD, hasher=hasher)
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    assert user.password.startswith(prefix)

    response = Client().post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert "/accounts/login/" not in response["Location"]
    user.refresh_from_db()
    assert user.password.startswith(OURS)
    assert user.check_password(PASSWORD)
