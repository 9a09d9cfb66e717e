"""core.hooks and its wiring: who handles what each lower app announces, in which order and when."""

import pytest
from django.db import transaction

from accounts import hooks as account_hooks
from comments import handlers as comment_handlers
from comments import hooks as comment_hooks
from core.hooks import Hook, Timing
from imports import handlers as import_handlers
from moderation import handlers as moderation_handlers
from moderation import hooks as moderation_hooks
from notifications import handlers as notification_handlers
from nudges import handlers as nudge_handlers
from nudges import hooks as nudge_hooks
from readers import handlers as reader_handlers


def test_the_wiring_and_its_order():
    """Each hook's handlers, in the documented order (INSTALLED_APPS: moderation, notifications, readers, imports)."""
    assert comment_hooks.comment_created.handlers() == [
        moderation_handlers.on_comment_created,  # check it first
        notification_handlers.on_comment_created,  # then the writer follows the thread
    ]
    assert comment_hooks.comment_text_changed.handlers() == [moderation_handlers.on_comment_written]
    assert comment_hooks.comment_published.handlers() == [notification_handlers.on_comment_published]
    assert comment_hooks.comments_published.handlers() == [notification_handlers.on_comments_published]
    assert comment_hooks.post_text_changed.handlers() == [moderation_handlers.on_post_text_changed]
    assert comment_hooks.subtree_purging.handlers() == [import_handlers.on_subtree_purging]
    assert comment_hooks.post_deleting.handlers() == [import_handlers.on_post_deleting]
    assert comment_hooks.comment_text_needed.handlers() == [moderation_handlers.comment_text_needed]
    assert comment_hooks.comment_sent.handlers() == [moderation_handlers.on_comment_sent]
    # The crisis resources first, then readers' offer to be listed on the waiting page.
    assert comment_hooks.page_notices.handlers() == [moderation_handlers.page_notices, reader_handlers.page_notices]
    assert comment_hooks.reply_notes.handlers() == [reader_handlers.reply_notes]
    assert comment_hooks.comment_controls.handlers() == [reader_handlers.comment_controls]
    assert comment_hooks.comment_before_create.handlers() == [reader_handlers.comment_before_create]
    assert comment_hooks.comment_draft_check.handlers() == [nudge_handlers.on_comment_draft]
    assert nudge_hooks.draft_reads_as_crisis.handlers() == [moderation_handlers.draft_reads_as_crisis]
    assert comment_hooks.comment_changed_by_staff.handlers() == [moderation_handlers.on_comment_changed_by_staff]
    assert comment_hooks.post_controls.handlers() == [notification_handlers.post_controls]
    assert comment_hooks.thread_controls.handlers() == [notification_handlers.thread_controls]
    assert comment_hooks.comment_menu.handlers() == [notification_handlers.comment_menu]
    assert comment_hooks.muted_writers.handlers() == [notification_handlers.muted_writers]
    assert comment_hooks.comment_folds.handlers() == [moderation_handlers.comment_folds]
    assert moderation_hooks.publish_audience.handlers() == [notification_handlers.publish_audience]
    assert account_hooks.user_email_verified.handlers() == [comment_handlers.on_user_email_verified]
    assert account_hooks.user_profile_changed.handlers() == [comment_handlers.on_user_profile_changed]
    assert account_hooks.user_deleting.handlers() == [comment_handlers.on_user_deleting]
    assert account_hooks.user_export.handlers() == [
        comment_handlers.user_export,
        notification_handlers.user_export,
        reader_handlers.user_export,
    ]


def test_the_documented_timing():
    on_commit = [
        comment_hooks.comment_created,
        comment_hooks.comment_text_changed,
        comment_hooks.comment_published,
        comment_hooks.comments_published,
        comment_hooks.post_text_changed,
    ]
    in_transaction = [
        comment_hooks.subtree_purging,
        comment_hooks.post_deleting,
        comment_hooks.comment_changed_by_staff,
        account_hooks.user_email_verified,
        account_hooks.user_profile_changed,
        account_hooks.user_deleting,
    ]
    assert all(hook.timing == Timing.ON_COMMIT for hook in on_commit)
    assert all(hook.timing == Timing.IN_TRANSACTION for hook in in_transaction)


@pytest.mark.django_db
def test_on_commit_handlers_run_after_commit_in_registration_order(django_capture_on_commit_callbacks):
    calls = []
    hook = Hook("test_event", timing=Timing.ON_COMMIT, doc="")
    hook.register(lambda *, thing_id: calls.append(("first", thing_id)))
    hook.register(lambda *, thing_id: calls.append(("second", thing_id)))
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            hook(thing_id=7)
            assert calls == []
    assert calls == [("first", 7), ("second", 7)]


@pytest.mark.django_db
def test_a_failing_on_commit_handler_does_not_stop_the_next(django_capture_on_commit_callbacks):
    calls = []

    def broken(*, thing_id):
        raise RuntimeError("handler failed")

    hook = Hook("test_event", timing=Timing.ON_COMMIT, doc="")
    hook.register(broken)
    hook.register(lambda *, thing_id: calls.append(thing_id))
    with django_capture_on_commit_callbacks(execute=True):
        hook(thing_id=3)
    assert calls == [3]


def test_in_transaction_handlers_and_providers_run_at_once_and_answer_in_order():
    hook = Hook("test_question", timing=Timing.PROVIDER, doc="")
    hook.register(lambda *, n: n + 1)
    hook.register(lambda *, n: n * 10)
    assert hook(n=2) == [3, 20]


def test_registering_twice_keeps_one():
    hook = Hook("test_event", timing=Timing.IN_TRANSACTION, doc="")

    def handler(**kwargs):
        return None

    hook.register(handler)
    hook.register(handler)
    assert hook.handlers() == [handler]
