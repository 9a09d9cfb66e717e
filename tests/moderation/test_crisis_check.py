"""comment_crisis_check: the posting request's own crisis check beside the worker's scan, which stays the record.
The real engine (RuleClassifier)."""

import logging
import threading

import pytest
from django.db import connection

from comments.models import Comment
from moderation import pipeline
from moderation.models import CareFlag, PolicyDecision, ReviewItem, ScanRecord
from moderation.services import scan
from tests.comments.test_crisis_landing import CRISIS_TEXT, KIND_TEXT
from tests.factories import PostFactory, make_comment

Action = PolicyDecision.Action


@pytest.mark.django_db
def test_a_kind_comment_gets_no_resources_and_nothing_is_written():
    comment = make_comment(post=PostFactory(), body=KIND_TEXT, checked=False)
    assert scan.comment_crisis_check(comment_id=comment.pk) is False
    assert not ReviewItem.objects.exists() and not PolicyDecision.objects.exists()


@pytest.mark.django_db
def test_a_crisis_opens_one_urgent_item_and_one_decision_however_often_it_runs(django_capture_on_commit_callbacks):
    comment = make_comment(post=PostFactory(), body=CRISIS_TEXT, checked=False)
    with django_capture_on_commit_callbacks() as callbacks:
        assert scan.comment_crisis_check(comment_id=comment.pk) is True
        assert scan.comment_crisis_check(comment_id=comment.pk) is True
    assert len(callbacks) == 1  # the moderators' alert, enqueued once (and sent once per item anyway)
    assert ReviewItem.objects.get(comment=comment).urgent
    assert PolicyDecision.objects.filter(comment=comment).count() == 1
    assert not CareFlag.objects.exists() and not ScanRecord.objects.exists()
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING  # holds are the scan's to decide


@pytest.mark.django_db
def test_removed_and_missing_comments_are_left_alone():
    comment = make_comment(post=PostFactory(), body=CRISIS_TEXT, checked=False)
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.REMOVED)
    assert scan.comment_crisis_check(comment_id=comment.pk) is False
    assert scan.comment_crisis_check(comment_id=10**9) is False
    assert not ReviewItem.objects.exists()


class BrokenClassifier:
    name = "broken"
    version = "1"

    def classify(self, context):
        raise RuntimeError("the engine fell over")


@pytest.mark.django_db
def test_an_engine_error_leaves_the_decision_to_the_worker(settings, caplog):
    settings.CARE_CLASSIFIERS = [f"{__name__}.BrokenClassifier"]
    pipeline.configured_classifiers.cache_clear()
    try:
        comment = make_comment(post=PostFactory(), body=CRISIS_TEXT, checked=False)
        with caplog.at_level(logging.ERROR, logger="moderation.services.scan"):
            assert scan.comment_crisis_check(comment_id=comment.pk) is False
        assert "the worker's scan decides" in caplog.text
        assert not ReviewItem.objects.exists()
    finally:
        pipeline.configured_classifiers.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_the_request_check_and_the_scan_at_the_same_moment_record_everything_once(postgres):
    post = PostFactory()
    comments = [make_comment(post=post, body=CRISIS_TEXT, checked=False) for _ in range(4)]
    errors = []

    def run(start, work):
        try:
            start.wait(10)
            work()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    for comment in comments:
        start = threading.Barrier(2)
        threads = [
            threading.Thread(target=run, args=(start, lambda c=comment: scan.comment_crisis_check(comment_id=c.pk))),
            threading.Thread(target=run, args=(start, lambda c=comment: scan.comment_scan(comment_id=c.pk))),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert not errors, errors
    for comment in comments:
        assert ReviewItem.objects.filter(comment=comment).count() == 1
        assert CareFlag.objects.filter(comment=comment).count() == 1
        assert PolicyDecision.objects.filter(comment=comment, action=Action.RESOURCES_SHOWN).count() == 1
        shown = PolicyDecision.objects.get(comment=comment, action=Action.RESOURCES_SHOWN)
        assert list(shown.flags.values_list("category", flat=True)) == ["crisis"]
