"""The two editable messages moderators send: a warning, and the "we reached out" care message.

The texts are a snapshot (moderation.services.messages.DEFAULT_TEMPLATES holds the same words as a fallback); rows that
already exist are left as they are, so re-running never overwrites a moderator's edits.
"""

from django.db import migrations

TEMPLATES = {
    "warn": {
        "subject": "A note from the moderators",
        "body": (
            "Hi {name},\n\n"
            "One of our volunteer moderators read something you wrote recently, and we wanted to get in touch. "
            "This is a place where people come when they are struggling, so we ask everyone to write with extra "
            "care, even when they disagree or feel strongly.\n\n"
            "Please take a moment to look at our community guidelines. You're welcome here, and we'd like you to "
            "keep taking part. If the same thing happens again, we may need to pause your account for a while.\n\n"
            "Thank you,\nThe moderators"
        ),
    },
    "reached_out": {
        "subject": "We're thinking of you",
        "body": (
            "Hi {name},\n\n"
            "One of our volunteer moderators read what you wrote, and we wanted you to know that we're thinking "
            "of you. It sounds like things are really hard right now. Thank you for trusting us with it.\n\n"
            "You don't have to go through this alone. If you can, please talk to someone today: a person you "
            "trust, your doctor, or one of the services below. They are there for exactly this, any time, and "
            "talking to them doesn't have to mean you are in danger.\n\n"
            "If you are in danger right now, please call your local emergency number.\n\n"
            "You're welcome here whenever you want to write.\n\n"
            "With care,\nThe moderators"
        ),
    },
}


def create_templates(apps, schema_editor):
    MessageTemplate = apps.get_model("moderation", "MessageTemplate")
    for key, fields in TEMPLATES.items():
        MessageTemplate.objects.get_or_create(key=key, defaults=fields)


def remove_templates(apps, schema_editor):
    apps.get_model("moderation", "MessageTemplate").objects.filter(key__in=TEMPLATES).delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_messagetemplate_reviewitem_claimed_by_and_more")]

    operations = [migrations.RunPython(create_templates, remove_templates)]
