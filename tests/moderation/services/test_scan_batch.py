"""comments_scan_batch: the live care check in batches, with the policy of comment_scan (the marker engine)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from moderation import pipeline
from moderation.models import CareFlag, PolicyDecision, ReviewItem, ScanRecord
from moderation.services import scan, scan_batch
from tests.factories import PostFactory, make_comment

Action = PolicyDecision.Action
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("marker_pipeline")]


def _pending(count: int, *, post=None, body="A quiet evening, thank you all.") -> list[Comment]:
    post = post or PostFactory()
    return [make_comment(post=post, body=body, checked=False) for _ in range(count)]


def test_one_task_checks_the_comments_waiting_behind_it_and_a_second_run_changes_nothing():
    comments = _pending(5)
    scan_batch.comments_scan_batch(lead_id=comments[0].pk)
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == Comment.Status.VISIBLE and comment.published_at is not None
        assert ScanRecord.objects.filter(comment=comment, revision=1).count() == 1
        assert PolicyDecision.objects.get(comment=comment).action == Action.PUBLISHED
    before = (ScanRecord.objects.count(), PolicyDecision.objects.count())
    for comment in comments:  # the tasks of the others, and a redelivered one
        scan_batch.comments_scan_batch(lead_id=comment.pk)
        assert scan.comment_scan(comment_id=comment.pk) is not None
    assert (ScanRecord.objects.count(), PolicyDecision.objects.count()) == before


def test_flagged_comments_take_the_policys_own_path():
    post = PostFactory()
    clean = _pending(2, post=post)
    hostile = make_comment(post=post, body="You are [hostile] today.", checked=False)
    crisis = make_comment(post=post, body="I can't go on [crisis].", checked=False)
    scan_batch.comments_scan_batch(lead_id=clean[0].pk)

    hostile.refresh_from_db()
    crisis.refresh_from_db()
    assert hostile.status == Comment.Status.HELD
    assert ReviewItem.objects.get(comment=hostile).reasons == ["held"]
    held = PolicyDecision.objects.get(comment=hostile, action=Action.HELD)
    assert list(held.flags.values_list("category", flat=True)) == ["hostile"]
    assert crisis.status == Comment.Status.VISIBLE  # a medium crisis stays visible
    item = ReviewItem.objects.get(comment=crisis)
    assert item.crisis and item.urgent
    assert set(PolicyDecision.objects.filter(comment=crisis).values_list("action", flat=True)) == {
        Action.KEPT_VISIBLE,
        Action.URGENT_ITEM,
        Action.RESOURCES_SHOWN,
    }
    assert CareFlag.objects.filter(comment__in=[hostile, crisis]).count() == 2
    assert ScanRecord.objects.filter(comment__post=post).count() == 4


def test_a_comment_the_request_found_at_risk_comes_before_the_queue():
    waiting = _pending(4)
    at_risk = make_comment(post=waiting[0].post, body="I can't go on [crisis].", checked=False)
    assert scan.comment_crisis_check(comment_id=at_risk.pk)  # the posting request: urgent item, no flags
    assert not CareFlag.objects.filter(comment=at_risk).exists()

    scan_batch.comments_scan_batch(lead_id=waiting[0].pk, limit=2)

    assert CareFlag.objects.filter(comment=at_risk, category="crisis").exists()
    assert ScanRecord.objects.filter(comment=at_risk).count() == 1
    assert ScanRecord.objects.filter(comment=waiting[0]).exists()  # the lead, always
    assert not ScanRecord.objects.filter(comment__in=waiting[1:]).exists()  # left to their own tasks
    assert ReviewItem.objects.filter(comment=at_risk).count() == 1


def test_an_edit_is_checked_in_a_batch_and_others_keep_the_checked_text():
    comment = _pending(1)[0]
    scan_batch.comments_scan_batch(lead_id=comment.pk)
    Comment.objects.filter(pk=comment.pk).update(unchecked_body="Edited, still kind.", revision=2)
    scan_batch.comments_scan_batch(lead_id=comment.pk)
    comment.refresh_from_db()
    assert (comment.body, comment.unchecked_body, comment.status) == ("Edited, still kind.", "", "visible")
    assert ScanRecord.objects.filter(comment=comment).count() == 2


class FailsOnMarker:
    name = "fails"
    version = "test"

    def classify(self, context):
        if "[boom]" in context.text:
            raise RuntimeError("the engine fell over")
        return []


def test_an_engine_error_leaves_that_comment_to_its_own_task_and_raises_for_the_lead(settings):
    settings.CARE_CLASSIFIERS = [f"{__name__}.FailsOnMarker"]
    pipeline.configured_classifiers.cache_clear()
    post = PostFactory()
    lead = make_comment(post=post, body="Kind words.", checked=False)
    broken = make_comment(post=post, body="Unreadable [boom].", checked=False)
    after = make_comment(post=post, body="More kind words.", checked=False)
    scan_batch.comments_scan_batch(lead_id=lead.pk)
    assert set(ScanRecord.objects.values_list("comment_id", flat=True)) == {lead.pk, after.pk}

    with pytest.raises(RuntimeError):
        scan_batch.comments_scan_batch(lead_id=broken.pk)  # its task retries, then holds it for a person
    assert not ScanRecord.objects.filter(comment=broken).exists()


def test_a_batch_costs_the_same_queries_whatever_its_size():
    def queries(count: int) -> int:
        comments = _pending(count)
        with CaptureQueriesContext(connection) as captured:
            scan_batch.comments_scan_batch(lead_id=comments[0].pk)
        assert ScanRecord.objects.filter(comment__in=comments).count() == count
        return len(captured)

    assert queries(3) == queries(12)


def test_the_author_history_is_read_for_a_classifier_that_reads_it(settings):
    # The marker engine does not say it never reads the history: the batch reads it in bulk, as comment_scan would.
    assert pipeline.reads_author_history()
    post = PostFactory()
    first = make_comment(post=post, body="Earlier words.")
    comments = [make_comment(post=post, user=first.commenter.user, body=f"Words {i}.", checked=False) for i in range(3)]
    batch_contexts = scan_batch._contexts(list(Comment.objects.filter(pk__in=[c.pk for c in comments])))
    for comment in comments:
        single = scan.comment_care_context(Comment.objects.get(pk=comment.pk))
        batch = batch_contexts[comment.pk]
        assert batch.author_recent_texts == single.author_recent_texts
        assert batch.author_comment_count == single.author_comment_count == 4
        assert batch.author_recent_flag_categories == single.author_recent_flag_categories
        assert batch.parent_text == single.parent_text and batch.post_text == single.post_text


def test_the_shipped_engine_needs_no_author_history(settings):
    settings.CARE_CLASSIFIERS = ["moderation.classifiers.rules.RuleClassifier"]
    pipeline.configured_classifiers.cache_clear()
    assert not pipeline.reads_author_history()


@pytest.fixture
def wakeups(monkeypatch):
    """The drain tasks care_check_wake sends (recorded, not sent), with no wake-up pending at the start."""
    from django.core.cache import cache

    from moderation import tasks

    sent = []
    cache.delete(scan_batch.DRAIN_PENDING_KEY)
    monkeypatch.setattr(tasks.care_checks_drain_task, "delay", lambda *args: sent.append(args))
    yield sent
    cache.delete(scan_batch.DRAIN_PENDING_KEY)


def test_one_wake_up_stands_for_the_comments_written_until_the_drain_starts(wakeups):
    comments = _pending(4)
    for comment in comments:
        scan_batch.care_check_wake(comment_id=comment.pk)
    assert wakeups == [(comments[0].pk,)]

    assert scan_batch.care_checks_drain(lead_id=comments[0].pk) is None  # done: nothing left
    assert ScanRecord.objects.filter(comment__in=comments).count() == 4
    scan_batch.care_check_wake(comment_id=comments[-1].pk)  # the drain started: the next comment wakes another
    assert len(wakeups) == 2


def test_a_drain_takes_comments_that_took_their_ids_before_its_lead():
    earlier, lead = _pending(2)
    scan_batch.care_checks_drain(lead_id=lead.pk)
    assert ScanRecord.objects.filter(comment__in=[earlier, lead]).count() == 2


def test_a_drain_that_runs_out_of_time_says_where_to_go_on():
    comments = _pending(3)
    assert scan_batch.care_checks_drain(lead_id=comments[0].pk, seconds=0) is not None
    assert not ScanRecord.objects.exists()


def test_a_comment_the_engine_cannot_read_in_a_drain_goes_to_its_own_task(settings, monkeypatch):
    from moderation import tasks

    settings.CARE_CLASSIFIERS = [f"{__name__}.FailsOnMarker"]
    pipeline.configured_classifiers.cache_clear()
    alone = []
    monkeypatch.setattr(tasks.comment_scan_task, "delay", lambda *args: alone.append(args))
    post = PostFactory()
    lead = make_comment(post=post, body="Kind words.", checked=False)
    broken = make_comment(post=post, body="Unreadable [boom].", checked=False)
    after = make_comment(post=post, body="More kind words.", checked=False)
    assert scan_batch.care_checks_drain(lead_id=lead.pk) is None
    assert set(ScanRecord.objects.values_list("comment_id", flat=True)) == {lead.pk, after.pk}
    assert alone == [(broken.pk,)]


@pytest.mark.django_db(transaction=True)
def test_a_drain_checks_a_comment_that_someone_else_held_while_it_claimed(postgres):
    import threading

    from django.db import connection, transaction

    comments = _pending(2)
    held, release = threading.Event(), threading.Event()

    def hold():  # a request's crisis check, an edit, a moderator: they lock the row but do not check it
        with transaction.atomic():
            Comment.objects.select_for_update().get(pk=comments[1].pk)
            held.set()
            release.wait(10)
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(10)
    threading.Timer(0.3, release.set).start()
    scan_batch.care_checks_drain(lead_id=comments[0].pk)  # skips the held row, then waits for it
    holder.join()
    assert ScanRecord.objects.filter(comment__in=comments).count() == 2
