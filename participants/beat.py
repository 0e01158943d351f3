SCHEDULE = {
    # Applications still waiting for a guardian when the call has ended and the last
    # consent link has expired; each change is decided under the application's row lock.
    "participants-lapse-guardian-consents": {
        "task": "participants.lapse_guardian_consents",
        "schedule": 900.0,
    },
}
