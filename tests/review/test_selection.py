import pytest

from review.selection import Candidate, QuotaSpec, next_to_promote, propose_selection


def _messages(proposal):
    return [(d.application_id, d.message) for d in proposal.decisions]


def test_proposal_explains_merit_minimum_and_maximum_exactly():
    # Ranking: five Koreans on top, then a Vietnamese, then two Lao applicants at the bottom.
    ranked = [Candidate(i, "KR") for i in range(1, 6)] + [
        Candidate(6, "VN"),
        Candidate(7, "LA"),
        Candidate(8, "LA"),
    ]
    proposal = propose_selection(
        ranked=ranked,
        capacity=6,
        quotas=[QuotaSpec("KR", 0, 3), QuotaSpec("LA", 2, None)],
    )
    assert _messages(proposal) == [
        (1, "accepted: 1st in South Korea"),
        (2, "accepted: 2nd in South Korea"),
        (3, "accepted: 3rd in South Korea"),
        (4, "waitlisted: South Korea's maximum of 3 reached"),
        (5, "waitlisted: South Korea's maximum of 3 reached"),
        (6, "accepted: 1st in Vietnam"),
        (7, "accepted to meet Laos's minimum of 2"),
        (8, "accepted to meet Laos's minimum of 2"),
    ]
    assert [d.application_id for d in proposal.waitlist] == [4, 5]
    assert [d.waitlist_position for d in proposal.waitlist] == [1, 2]
    assert proposal.issues == []
    summary = {
        c.country: (c.candidates, c.accepted, c.minimum, c.maximum) for c in proposal.countries
    }
    assert summary == {"KR": (5, 3, 0, 3), "LA": (2, 2, 2, None), "VN": (1, 1, 0, None)}


def test_seats_are_held_for_minimums_and_capacity_explained():
    ranked = [
        Candidate(1, "KR"),
        Candidate(2, "KR"),
        Candidate(3, "KR"),
        Candidate(4, "LA"),
        Candidate(5, "KR"),
    ]
    proposal = propose_selection(ranked=ranked, capacity=3, quotas=[QuotaSpec("LA", 1)])
    assert _messages(proposal) == [
        (1, "accepted: 1st in South Korea"),
        (2, "accepted: 2nd in South Korea"),
        (3, "waitlisted: the remaining seats are held to meet other countries' minimums"),
        (4, "accepted to meet Laos's minimum of 1"),
        (5, "waitlisted: all 3 seats are filled"),
    ]


def test_minimum_met_on_merit_is_explained_as_merit():
    ranked = [Candidate(1, "LA"), Candidate(2, "KR"), Candidate(3, "LA")]
    proposal = propose_selection(ranked=ranked, capacity=2, quotas=[QuotaSpec("LA", 1)])
    assert _messages(proposal) == [
        (1, "accepted: 1st in Laos"),
        (2, "accepted: 1st in South Korea"),
        (3, "waitlisted: all 2 seats are filled"),
    ]


def test_impossible_constraints_are_named():
    ranked = [
        Candidate(1, "KR"),
        Candidate(2, "LA"),
        Candidate(3, "KH"),
        Candidate(4, "KH"),
        Candidate(5, "KH"),
    ]
    proposal = propose_selection(
        ranked=ranked,
        capacity=3,
        quotas=[QuotaSpec("LA", 2), QuotaSpec("KH", 3), QuotaSpec("MM", 1)],
    )
    assert [(i.code, i.country, i.message) for i in proposal.issues] == [
        ("too_few_candidates", "LA", "Laos's minimum of 2 can't be met: it has only 1 candidate."),
        (
            "too_few_candidates",
            "MM",
            "Myanmar's minimum of 1 can't be met: it has only 0 candidates.",
        ),
        (
            "minimums_exceed_capacity",
            "",
            "The country minimums add up to 6 but there are only 3 seats; minimums not fully met: Cambodia.",
        ),
    ]
    # Laos's one candidate and Cambodia's best two take the three seats.
    assert [d.application_id for d in proposal.accepted] == [2, 3, 4]
    assert _messages(proposal)[0] == (
        1,
        "waitlisted: the remaining seats are held to meet other countries' minimums",
    )


def test_gender_target_caps_each_gender_and_reports_blocked_minimum():
    ranked = [
        Candidate(1, "KR", "female"),
        Candidate(2, "KR", "female"),
        Candidate(3, "KR", "female"),
        Candidate(4, "KR", "male"),
        Candidate(5, "LA", "female"),
        Candidate(6, "KR", "prefer_not_to_say"),
        Candidate(7, "KR", "male"),
    ]
    proposal = propose_selection(
        ranked=ranked, capacity=4, quotas=[QuotaSpec("LA", 1)], gender_max_share=0.5
    )
    assert _messages(proposal) == [
        (1, "accepted: 1st in South Korea"),
        (2, "accepted: 2nd in South Korea"),
        (3, "waitlisted: the gender balance target of at most 2 seats per gender reached"),
        (4, "accepted: 4th in South Korea"),
        (5, "waitlisted: the gender balance target of at most 2 seats per gender reached"),
        (6, "accepted: 5th in South Korea"),
        (7, "waitlisted: all 4 seats are filled"),
    ]
    assert [(i.code, i.message) for i in proposal.issues] == [
        (
            "minimum_blocked_by_gender_target",
            "Laos's minimum of 1 can't be met within the gender balance target.",
        ),
    ]


def test_unfillable_seats_are_reported():
    ranked = [Candidate(1, "KR"), Candidate(2, "KR"), Candidate(3, "KR")]
    proposal = propose_selection(ranked=ranked, capacity=2, quotas=[QuotaSpec("KR", 0, 1)])
    assert [d.application_id for d in proposal.accepted] == [1]
    assert [(i.code, i.message) for i in proposal.issues] == [
        (
            "seats_unfilled",
            "1 seat stays empty: the waiting candidates would break a country maximum or the gender balance target.",
        )
    ]


def test_proposal_is_deterministic_and_meets_quotas_at_scale():
    countries = [f"{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(50)]
    ranked = [Candidate(i, countries[(i * 7) % 50], ("female", "male")[i % 2]) for i in range(2000)]
    quotas = [QuotaSpec(code, 1 if n % 3 == 0 else 0, 5) for n, code in enumerate(countries)]
    first = propose_selection(ranked=ranked, capacity=120, quotas=quotas, gender_max_share=0.6)
    second = propose_selection(ranked=ranked, capacity=120, quotas=quotas, gender_max_share=0.6)
    assert [(d.application_id, d.outcome, d.reason) for d in first.decisions] == [
        (d.application_id, d.outcome, d.reason) for d in second.decisions
    ]
    accepted = first.accepted
    assert len(accepted) == 120
    per_country = {c.country: c.accepted for c in first.countries}
    assert max(per_country.values()) <= 5
    assert all(per_country[q.country] >= q.minimum for q in quotas)


def test_next_to_promote_respects_maximum_and_minimum():
    holders = [Candidate(1, "KR"), Candidate(2, "KR"), Candidate(3, "VN")]
    waitlist = [Candidate(4, "KR"), Candidate(5, "VN"), Candidate(6, "LA")]
    quotas = [QuotaSpec("KR", 0, 2), QuotaSpec("LA", 1)]
    # One free seat; KR is full and LA still needs its minimum, so LA jumps VN.
    assert next_to_promote(
        waitlist=waitlist, seat_holders=holders, capacity=4, quotas=quotas
    ) == Candidate(6, "LA")
    # Two free seats: VN may take one since one is still left for LA.
    assert next_to_promote(
        waitlist=waitlist, seat_holders=holders, capacity=5, quotas=quotas
    ) == Candidate(5, "VN")
    assert (
        next_to_promote(waitlist=waitlist, seat_holders=holders, capacity=3, quotas=quotas) is None
    )
    assert (
        next_to_promote(
            waitlist=[Candidate(4, "KR")], seat_holders=holders, capacity=9, quotas=quotas
        )
        is None
    )


@pytest.mark.parametrize("capacity", [0, 1])
def test_tiny_capacities(capacity):
    proposal = propose_selection(ranked=[Candidate(1, "KR"), Candidate(2, "VN")], capacity=capacity)
    assert len(proposal.accepted) == capacity


def test_people_already_seated_count_against_quotas_and_capacity():
    seated = [Candidate(90, "KR"), Candidate(91, "KR"), Candidate(92, "LA")]
    ranked = [Candidate(1, "KR"), Candidate(2, "VN"), Candidate(3, "LA"), Candidate(4, "VN")]
    proposal = propose_selection(
        ranked=ranked, capacity=4, quotas=[QuotaSpec("KR", 0, 2), QuotaSpec("LA", 2)], seated=seated
    )
    # One free seat, held for Laos's second place.
    assert _messages(proposal) == [
        (1, "waitlisted: South Korea's maximum of 2 reached"),
        (2, "waitlisted: the remaining seats are held to meet other countries' minimums"),
        (3, "accepted to meet Laos's minimum of 2"),
        (4, "waitlisted: all 4 seats are filled"),
    ]
    assert proposal.issues == []


def test_explanations_are_translated():
    from django.utils import translation

    proposal = propose_selection(ranked=[Candidate(1, "KR"), Candidate(2, "KR")], capacity=1)
    with translation.override("ko"):
        assert [d.message for d in proposal.decisions] == [
            "선발: 대한민국 1위",
            "대기: 정원 1명이 모두 찼습니다",
        ]
    with translation.override("vi"):
        assert proposal.decisions[0].message == "chấp nhận: hạng 1 của Hàn Quốc"
