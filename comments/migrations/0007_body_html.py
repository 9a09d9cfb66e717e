"""Issue 16: each comment body's HTML stored with it, backfilled by the same code as `render_comment_bodies`."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    from comments.services import comment_bodies_store

    comment_bodies_store(model=apps.get_model("comments", "Comment"))


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0006_reading"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="body_html",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="comment",
            name="body_html_key",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
