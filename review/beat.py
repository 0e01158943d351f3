SCHEDULE = {
    # A scan for offers past their deadline; each expiry and promotion is decided under
    # row locks, so overlapping runs (two beat processes) change nothing twice.
    "review-expire-offers": {
        "task": "review.expire_offers",
        "schedule": 300.0,
    },
}
