from django.db import connection


def test_database_is_postgresql(db):
    # The suite must run on the real PostgreSQL, not SQLite.
    assert connection.vendor == "postgresql"
