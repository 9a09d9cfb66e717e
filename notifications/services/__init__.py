"""Reply notifications: who hears what (audience), preferences and follows, signed links, sending and digests."""

import logging

from .audience import (  # noqa: F401
    Decision,
    PublishPreview,
    comment_notifiable,
    comment_notifications_plan,
    comment_notifications_plan_chunk,
    comment_notifications_preview,
    comments_notifications_plan,
    decide,
    delivery_recheck,
    unplanned_comment_ids,
)
from .links import LinkAction, LinkInvalid, link_apply, link_read, link_token, link_url  # noqa: F401
from .sending import (  # noqa: F401
    SendResult,
    classify_error,
    deliveries_due,
    deliveries_resolve_stuck,
    deliveries_send,
    delivery_send,
    digest_send,
    digests_due,
    digests_plan,
    excerpt,
    retry_delay,
    without_addresses,
)
from .subscriptions import (  # noqa: F401
    preferences_for,
    preferences_retry_address,
    preferences_update,
    subscription_forget,
    subscription_set,
    thread_follow_on_comment,
    thread_root_id,
    writer_mute_set,
)

logger = logging.getLogger(__name__)


def comment_notifications_enqueue(*, comment_id: int) -> None:
    """Called on commit of comment_publish. A broker that is down loses nothing: notify_sweep plans it later."""
    from ..tasks import comment_notifications_plan_task

    try:
        comment_notifications_plan_task.delay(comment_id)
    except Exception:
        logger.warning("broker unavailable: notifications for comment %s wait for the sweeper", comment_id)


def comments_notifications_enqueue(*, comment_ids: list[int]) -> None:
    """Called on commit of comments_publish (the care check's batches): one planning task for them all."""
    from ..tasks import comments_notifications_plan_task

    try:
        comments_notifications_plan_task.delay(comment_ids)
    except Exception:
        logger.warning("broker unavailable: notifications for comments %s wait for the sweeper", comment_ids)
