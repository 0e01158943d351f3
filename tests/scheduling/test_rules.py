"""The named rule of scheduling/rules.py, asked as views ask it (``user.has_perm``)."""

from tests.factories.roles import holders, people


def test_owners_and_organisers_schedule(organisation, event):
    assert holders("scheduling.change_schedule", people(organisation), event) == {
        "organiser",
        "owner",
    }
