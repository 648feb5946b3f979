"""How a child's worker allocations become the return's social worker episodes: a change of team is no change of
worker, a correction made the same day held the case on no day, a closed case ends its worker's episode, a gap held
unallocated is no one's, and two cases at once give one social worker at a time."""

import datetime

from django.utils import timezone

from casemap.returns.ssda903.records import SocialWorkerEpisode903
from casemap.returns.ssda903.selectors import social_worker_episodes

DAY = datetime.date


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def allocation(
    case: int,
    worker: int,
    started: datetime.date,
    ended: datetime.date | None,
    why: str = "",
    closed: datetime.date | None = None,
) -> dict[str, object]:
    return {
        "case_id": case,
        "worker_id": worker,
        "worker__social_work_england_number": f"SW{worker:06d}",
        "started_at": at(started),
        "ended_at": at(ended) if ended else None,
        "change_reason": why,
        "case__closed_on": closed,
    }


def test_allocations_become_one_episode_a_worker() -> None:
    episodes = social_worker_episodes(
        [
            allocation(1, 7, DAY(2024, 1, 8), DAY(2024, 6, 1)),
            # Same worker, another team: the same episode.
            allocation(1, 7, DAY(2024, 6, 1), DAY(2025, 2, 3)),
            # Given to worker 8 and corrected to 9 the same day: 8 held it on no day.
            allocation(1, 8, DAY(2025, 2, 3), DAY(2025, 2, 3), why="LEFTRL"),
            allocation(1, 9, DAY(2025, 2, 3), DAY(2025, 5, 1), why="LEFTRL"),
            # Held unallocated for a month, then worker 10.
            allocation(1, 10, DAY(2025, 6, 2), None, why="ABSENC"),
        ]
    )
    assert episodes == [
        SocialWorkerEpisode903("SW000007", DAY(2024, 1, 8), DAY(2025, 2, 3), "FCONTA"),
        SocialWorkerEpisode903("SW000009", DAY(2025, 2, 3), DAY(2025, 5, 1), "LEFTRL"),
        SocialWorkerEpisode903("SW000010", DAY(2025, 6, 2), None, "ABSENC"),
    ]


def test_a_closed_case_ends_its_episode_and_a_new_case_is_a_first_contact() -> None:
    episodes = social_worker_episodes(
        [
            allocation(1, 7, DAY(2023, 1, 9), None, closed=DAY(2024, 3, 1)),
            allocation(2, 8, DAY(2024, 9, 2), None),
            # A second case of the child's with its own worker: one social worker at a time.
            allocation(3, 9, DAY(2025, 1, 6), None),
        ]
    )
    assert episodes == [
        SocialWorkerEpisode903("SW000007", DAY(2023, 1, 9), DAY(2024, 3, 1), "FCONTA"),
        SocialWorkerEpisode903("SW000008", DAY(2024, 9, 2), DAY(2025, 1, 6), "FCONTA"),
        SocialWorkerEpisode903("SW000009", DAY(2025, 1, 6), None, "FCONTA"),
    ]


def test_a_change_recorded_without_a_reason_is_left_empty_for_the_rules_to_report() -> None:
    episodes = social_worker_episodes(
        [allocation(1, 7, DAY(2024, 1, 8), DAY(2024, 6, 1)), allocation(1, 8, DAY(2024, 6, 1), None)]
    )
    assert [episode.reason for episode in episodes] == ["FCONTA", ""]
