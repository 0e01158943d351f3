"""The named rule of notifications/rules.py, asked as views ask it (``user.has_perm``)."""

from tests.factories.roles import holders, people


def test_owners_and_organisers_manage_an_events_messages(organisation, event):
    assert holders("notifications.manage_messages", people(organisation), event) == {
        "organiser",
        "owner",
    }
