"""The nudge's service: the crisis check first, what is recorded (never the text), outcomes and "gave up"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from nudges import services
from nudges.models import NudgeEvent, NudgeOutcome
from nudges.selectors import nudge_outcome_counts
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db

KEY = "k" * 24
PROMISE = "It will definitely get better by next month, I promise you."
CLEAN = "I'm sorry it's so heavy right now. I hope the next weeks are gentler."
# Reads as crisis to the care engine (tests/comments/test_crisis_landing.py) and says "get over it" too.
CRISIS = (
    "I keep thinking my family would cope better if I just wasn't here any more, and I've started giving my "
    "things away. Just get over it, I tell myself."
)


def test_a_nudged_draft_is_recorded_by_kind_without_its_words():
    user, post = UserFactory(), PostFactory()
    nudge = services.draft_check(user=user, post=post, parent_id=None, body=PROMISE, form_key=KEY)
    assert nudge is not None and nudge.kind == "promise"
    event = NudgeEvent.objects.get()
    assert (event.user, event.post, event.kind, event.outcome) == (user, post, "promise", NudgeOutcome.PENDING)
    # Nothing of the draft is kept: no field holds any of its words.
    stored = " ".join(str(getattr(event, field.attname)) for field in NudgeEvent._meta.fields)
    assert "definitely" not in stored and "promise you" not in stored


def test_a_draft_that_reads_as_crisis_is_never_nudged():
    assert services.draft_reads_as_crisis(text=CRISIS, parent_id=None, post=PostFactory())
    nudge = services.draft_check(user=UserFactory(), post=PostFactory(), parent_id=None, body=CRISIS, form_key=KEY)
    assert nudge is None
    assert not NudgeEvent.objects.exists()


def test_a_reply_is_read_with_its_parent_for_the_crisis_check():
    post = PostFactory()
    parent = make_comment(post=post, body="Some nights I just want to sleep and never wake up.")
    assert services.draft_reads_as_crisis(text="same", parent_id=parent.pk, post=post)
    assert not services.draft_reads_as_crisis(text="same", parent_id=None, post=post)


def test_checking_the_same_form_again_keeps_one_row_with_the_last_kind():
    user, post = UserFactory(), PostFactory()
    services.draft_check(user=user, post=post, parent_id=None, body=PROMISE, form_key=KEY)
    services.draft_check(user=user, post=post, parent_id=None, body="Just get over it.", form_key=KEY)
    assert list(NudgeEvent.objects.values_list("kind", "outcome")) == [("invalidating", "pending")]


def test_rechecked_clean_counts_as_edited():
    user, post = UserFactory(), PostFactory()
    services.draft_check(user=user, post=post, parent_id=None, body=PROMISE, form_key=KEY)
    assert services.draft_check(user=user, post=post, parent_id=None, body=CLEAN, form_key=KEY) is None
    event = NudgeEvent.objects.get()
    assert event.outcome == NudgeOutcome.EDITED and event.resolved_at is not None


def test_post_anyway_with_the_same_words_counts_as_posted_anyway_and_with_new_words_as_edited():
    user, post = UserFactory(), PostFactory()
    services.draft_check(user=user, post=post, parent_id=None, body=PROMISE, form_key=KEY)
    services.draft_posted_anyway(user=user, form_key=KEY, body=PROMISE)
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.POSTED_ANYWAY
    other = "x" * 24
    services.draft_check(user=user, post=post, parent_id=None, body=PROMISE, form_key=other)
    services.draft_posted_anyway(user=user, form_key=other, body=CLEAN)
    assert NudgeEvent.objects.get(form_key=other).outcome == NudgeOutcome.EDITED


def test_no_post_within_thirty_minutes_reads_as_gave_up():
    user, post = UserFactory(), PostFactory()
    services.draft_check(user=user, post=post, parent_id=None, body=PROMISE, form_key=KEY)
    assert nudge_outcome_counts().waiting == 1
    NudgeEvent.objects.update(created=timezone.now() - timedelta(minutes=31))
    counts = nudge_outcome_counts()
    assert (counts.gave_up, counts.waiting) == (1, 0)
    # A post after that does not rewrite it.
    services.draft_posted_anyway(user=user, form_key=KEY, body=PROMISE)
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.PENDING
    assert nudge_outcome_counts().gave_up == 1


def test_the_edit_rate():
    post = PostFactory()
    for n, outcome in enumerate(["edited", "edited", "posted_anyway", "pending"]):
        NudgeEvent.objects.create(user=UserFactory(), post=post, form_key=f"{n}" * 20, kind="promise", outcome=outcome)
    NudgeEvent.objects.filter(outcome="pending").update(created=timezone.now() - timedelta(hours=1))
    counts = nudge_outcome_counts()
    assert (counts.edited, counts.posted_anyway, counts.gave_up, counts.decided) == (2, 1, 1, 4)
    assert counts.edit_rate == 0.5
