"""How the authorities answer (``oversight.answer_rates``): counts per authority and year of what
was sent, answered, answered in time and overdue, the answer rate and the median days to answer,
from hand-made concerns and recommendations whose figures are worked out here by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from oversight.answer_rates import AnswerRate, answer_rates, median, rate_of
from tests.factories import AuthorityFactory, ConcernFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 6, 15)


def forwarded(
    authority, on: datetime.date, *, due_after: int = 30, answered_after: int | None = None, **extra
):
    """A concern forwarded to ``authority`` on ``on`` (answered ``answered_after`` days later)."""
    return ConcernFactory(
        received_on=on - datetime.timedelta(days=2),
        status="answered" if answered_after is not None else "forwarded",
        authority=authority,
        forwarded_on=on,
        due_date=on + datetime.timedelta(days=due_after),
        answered_on=on + datetime.timedelta(days=answered_after) if answered_after is not None else None,
        answer="Đã trả lời." if answered_after is not None else "",
        **extra,
    )


def sent(authority, on: datetime.date, *, due_after: int = 30, replied_after: int | None = None):
    """A recommendation sent to ``authority`` on ``on`` (replied ``replied_after`` days later)."""
    values = {"status": "sent", "sent_on": on, "due_date": on + datetime.timedelta(days=due_after)}
    if replied_after is not None:
        values.update(
            status="replied",
            reply_on=on + datetime.timedelta(days=replied_after),
            reply_text="Đã tiếp thu.",
            reply_outcome="accepted",
        )
    return RecommendationFactory(authority=authority, **values)


@pytest.fixture
def committee():
    """2025: five concerns and a recommendation; 2026: two concerns, one still open."""
    authority = AuthorityFactory(name="Ủy ban nhân dân phường Thử")
    # 2025 — answered after 10, 20, 40 days (due after 30: two in time), one never answered
    # (overdue), one recommendation replied after 5 days (in time).
    forwarded(authority, D(2025, 3, 1), answered_after=10)
    forwarded(authority, D(2025, 4, 1), answered_after=20)
    forwarded(authority, D(2025, 5, 1), answered_after=40)
    forwarded(authority, D(2025, 6, 1))
    sent(authority, D(2025, 7, 1), replied_after=5)
    # 2026 — one answered after 30 days (in time: on the due date), one open and not yet due.
    forwarded(authority, D(2026, 5, 1), answered_after=30)
    forwarded(authority, D(2026, 6, 1))
    return authority


def test_each_year_of_an_authority_has_its_counts_rate_and_median(committee):
    rates = answer_rates([committee.pk], today=TODAY)

    assert rates == {
        # Delays 5, 10, 20, 40: an even count, the median is the mean of 10 and 20.
        (committee.pk, 2025): AnswerRate(committee.pk, 2025, 5, 4, 3, 1, Decimal(15)),
        (committee.pk, 2026): AnswerRate(committee.pk, 2026, 2, 1, 1, 0, Decimal(30)),
    }
    assert rates[(committee.pk, 2025)].rate == Decimal(80)
    assert rates[(committee.pk, 2026)].rate == Decimal(50)
    assert rates[(committee.pk, 2025)].in_time_rate == Decimal(60)


def test_an_odd_count_has_the_middle_delay_as_its_median():
    police = AuthorityFactory(kind="police")
    for days in (3, 8, 8, 21, 60):
        forwarded(police, D(2024, 2, 1), answered_after=days, due_after=15)

    (figures,) = answer_rates([police.pk], today=TODAY).values()

    assert (figures.sent, figures.answered, figures.answered_in_time, figures.overdue) == (5, 5, 3, 0)
    assert (figures.median_days, figures.rate) == (Decimal(8), Decimal(100))


def test_a_rate_that_is_not_whole_keeps_one_decimal():
    office = AuthorityFactory(kind="committee_office")
    forwarded(office, D(2024, 2, 1), answered_after=1)
    forwarded(office, D(2024, 2, 2), answered_after=2)
    forwarded(office, D(2024, 2, 3))

    figures = rate_of(answer_rates([office.pk], today=TODAY), office.pk, 2024)

    assert (figures.rate, figures.median_days) == (Decimal("66.7"), Decimal("1.5"))


def test_an_authority_with_nothing_sent_has_no_figures():
    idle = AuthorityFactory(name="Điện lực Thử", kind="utility")

    assert answer_rates([idle.pk], today=TODAY) == {}
    empty = rate_of({}, idle.pk, 2026)
    assert (empty.sent, empty.rate, empty.median_days) == (0, None, None)


def test_the_year_is_that_of_sending_and_years_narrow_the_figures(committee):
    # Forwarded on 31/12/2024, answered in 2025: it counts in 2024.
    forwarded(committee, D(2024, 12, 31), answered_after=3)

    rates = answer_rates([committee.pk], years=[2024], today=TODAY)

    assert list(rates) == [(committee.pk, 2024)]
    assert rates[(committee.pk, 2024)].median_days == Decimal(3)


def test_an_answer_on_the_spot_or_a_concern_not_forwarded_does_not_count(committee):
    ConcernFactory(authority=committee, answered_on_spot=True, answered_on=D(2026, 5, 2), status="answered")
    ConcernFactory(authority=committee, received_on=D(2026, 5, 3))  # chosen, not yet forwarded

    rates = answer_rates([committee.pk], years=[2026], today=TODAY)

    assert rates[(committee.pk, 2026)].sent == 2


def test_drafts_and_other_authorities_are_left_out(committee):
    RecommendationFactory(authority=committee)  # a draft: not sent
    other = AuthorityFactory()
    forwarded(other, D(2025, 3, 1), answered_after=1)

    mine = answer_rates([committee.pk], today=TODAY)
    everyone = answer_rates(today=TODAY)

    assert mine[(committee.pk, 2025)].sent == 5
    assert everyone[(other.pk, 2025)].sent == 1
    assert everyone[(committee.pk, 2025)] == mine[(committee.pk, 2025)]


def test_overdue_is_counted_against_today(committee):
    # The open 2026 concern is due on 01/07/2026.
    assert rate_of(answer_rates([committee.pk], today=D(2026, 7, 1)), committee.pk, 2026).overdue == 0
    assert rate_of(answer_rates([committee.pk], today=D(2026, 7, 2)), committee.pk, 2026).overdue == 1


def test_the_figures_cost_one_query_whatever_the_number_sent(committee, django_assert_num_queries):
    with django_assert_num_queries(1):
        answer_rates([committee.pk], today=TODAY)
    for n in range(40):
        forwarded(committee, D(2025, 1, 1) + datetime.timedelta(days=n), answered_after=n % 7)
    with django_assert_num_queries(1):
        rates = answer_rates([committee.pk], today=TODAY)
    assert rates[(committee.pk, 2025)].sent == 45


@pytest.mark.parametrize(
    ("histogram", "expected"),
    [
        ({}, None),
        ({7: 1}, Decimal(7)),
        ({1: 1, 9: 1}, Decimal(5)),
        ({1: 2, 9: 1}, Decimal(1)),
        ({1: 2, 9: 2}, Decimal(5)),
        ({2: 1, 4: 1, 10: 1, 30: 1}, Decimal(7)),
        ({0: 3, 5: 1, 6: 1, 100: 1}, Decimal("2.5")),
    ],
)
def test_the_median_of_a_histogram(histogram, expected):
    assert median(histogram) == expected
