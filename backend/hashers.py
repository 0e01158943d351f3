"""Password hashing cost.

Argon2id at the OWASP Password Storage Cheat Sheet's recommended configuration (19 MiB of
memory, 2 passes, 1 lane). Django's own defaults (100 MiB, 2 passes, 8 lanes) cost about
230 ms of CPU per hash on our 2-core hosts, the largest single cost of a sign-up; this
costs about 25 ms. Hashes made with other parameters (Django's defaults, PBKDF2) still
verify, and are re-hashed with these on the next sign-in (Django's ``must_update``).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
