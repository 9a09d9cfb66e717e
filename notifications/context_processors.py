"""The notifications' vocabularies for templates, so a page compares `d.status == DeliveryStatus.SENT`."""

from .models import Delivery, Subscription


def vocabularies(request) -> dict:
    # Choices classes set do_not_call_in_templates, so the template reads their members instead of calling them.
    return {
        "SubscriptionState": Subscription.State,
        "DeliveryStatus": Delivery.Status,
        "DeliveryMode": Delivery.Mode,
    }
