"""Claims ("work on this") and the race of two moderators deciding the same item at the same instant."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from moderation.models import ModerationAction, ReviewItem
from moderation.services import decisions
from moderation.services import items as item_services
from moderation.services.items import CLAIM_MINUTES, ActionRefused

from ..queue_support import make_item, make_moderator


@pytest.mark.django_db
class TestClaims:
    def test_work_on_this_claims_for_ten_minutes_and_others_see_who(self, client):
        item = make_item()
        robin = make_moderator(display_name="Robin")
        client.force_login(robin)
        response = client.post(reverse("moderation:item_claim", kwargs={"pk": item.pk}))
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.claimed_by == robin
        assert timedelta(minutes=CLAIM_MINUTES - 1) < item.claimed_until - timezone.now() <= timedelta(minutes=10)
        assert ModerationAction.objects.get(action="claimed").moderator == robin

        client.force_login(make_moderator(display_name="Alex"))
        page = client.get(reverse("moderation:item", kwargs={"pk": item.pk})).content.decode()
        assert "<strong><bdi>Robin</bdi></strong> is working on this until" in page
        listing = client.get(reverse("moderation:queue")).content.decode()
        assert "<bdi>Robin</bdi> is working on this until" in listing

    def test_acting_on_someone_elses_claimed_item_is_refused(self, client):
        item = make_item()
        item_services.item_claim(item_id=item.pk, moderator=make_moderator(display_name="Robin"))
        client.force_login(make_moderator())
        for name in ("item_claim", "item_approve", "item_keep", "item_escalate"):
            response = client.post(reverse(f"moderation:{name}", kwargs={"pk": item.pk}))
            assert response.status_code == 409, name
            assert b"Robin is working on this item until" in response.content
        item.refresh_from_db()
        assert item.status == "open"
        assert Comment.objects.get(pk=item.comment_id).status == Comment.Status.HELD
        assert list(ModerationAction.objects.values_list("action", flat=True)) == ["claimed"]

    def test_the_holder_can_act_and_claim_again(self):
        item = make_item()
        robin = make_moderator()
        item_services.item_claim(item_id=item.pk, moderator=robin)
        item_services.item_claim(item_id=item.pk, moderator=robin)  # renews
        decisions.item_approve(item_id=item.pk, moderator=robin, confirmed=True)
        item.refresh_from_db()
        assert item.status == "resolved" and item.claimed_by is None

    def test_an_expired_claim_no_longer_blocks(self):
        item = make_item()
        robin, alex = make_moderator(), make_moderator()
        item_services.item_claim(item_id=item.pk, moderator=robin, now=timezone.now() - timedelta(minutes=11))
        decisions.item_approve(item_id=item.pk, moderator=alex, confirmed=True)
        item.refresh_from_db()
        assert item.resolved_by == alex

    def test_an_unclaimed_item_can_be_decided_directly(self):
        item = make_item()
        decisions.item_keep(item_id=item.pk, moderator=make_moderator(), confirmed=True)
        item.refresh_from_db()
        assert item.status == "resolved"

    def test_release(self, client):
        item = make_item()
        robin, alex = make_moderator(), make_moderator()
        item_services.item_claim(item_id=item.pk, moderator=robin)
        with pytest.raises(ActionRefused):
            item_services.item_release(item_id=item.pk, moderator=alex)
        client.force_login(robin)
        assert client.post(reverse("moderation:item_release", kwargs={"pk": item.pk})).status_code == 302
        item.refresh_from_db()
        assert item.claimed_by is None
        item_services.item_claim(item_id=item.pk, moderator=alex)
        item.refresh_from_db()
        assert item.claimed_by == alex

    def test_a_decided_item_cannot_be_claimed(self):
        item = make_item()
        decisions.item_approve(item_id=item.pk, moderator=make_moderator(), confirmed=True)
        with pytest.raises(ActionRefused) as refused:
            item_services.item_claim(item_id=item.pk, moderator=make_moderator())
        assert refused.value.status == 409


def _race(moves: list) -> list:
    """Run each (moderator, callable) in its own thread and database connection, released together by a
    barrier. Returns each thread's outcome: "done" or the refusal's status."""
    barrier = threading.Barrier(len(moves))
    outcomes: list = [None] * len(moves)

    def run(index, move):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = move()
        except Exception as error:  # noqa: BLE001 - reported to the test below
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, move)) for i, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_the_same_instant_end_with_exactly_one_decision(postgres):
    for _round in range(3):
        item = make_item()
        robin, alex = make_moderator(), make_moderator()

        def approve(moderator=robin, pk=item.pk):
            client = Client()
            client.force_login(moderator)
            # confirmed: the item's comment is flagged hostile (safe-moderation issue)
            return client.post(reverse("moderation:item_approve", kwargs={"pk": pk}), {"confirmed": "on"}).status_code

        def remove(moderator=alex, pk=item.pk):
            client = Client()
            client.force_login(moderator)
            return client.post(reverse("moderation:item_remove", kwargs={"pk": pk}), {"reason": "spam"}).status_code

        outcomes = _race([approve, remove])
        assert sorted(outcomes) == [302, 409], outcomes

        item.refresh_from_db()
        decisions = ModerationAction.objects.filter(item=item, action__in=["approved", "removed"])
        assert item.status == ReviewItem.Status.RESOLVED
        assert decisions.count() == 1
        decision = decisions.get()
        assert decision.action == item.resolution
        assert decision.moderator == item.resolved_by
        expected = Comment.Status.VISIBLE if item.resolution == "approved" else Comment.Status.REMOVED
        assert Comment.objects.get(pk=item.comment_id).status == expected


@pytest.mark.django_db(transaction=True)
def test_two_moderators_claiming_at_once_get_one_claim(postgres):
    item = make_item()
    robin, alex = make_moderator(), make_moderator()

    def claim(moderator):
        def move():
            try:
                item_services.item_claim(item_id=item.pk, moderator=moderator)
            except ActionRefused as refused:
                return refused.status
            return "done"

        return move

    outcomes = _race([claim(robin), claim(alex)])
    assert sorted(outcomes, key=str) == [409, "done"], outcomes
    item.refresh_from_db()
    assert item.claimed_by in (robin, alex)
    assert ModerationAction.objects.filter(action="claimed").count() == 1
