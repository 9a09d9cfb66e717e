"""Two partial indexes for a post page: its threads in tree_id order, and its comments that are not visible."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0009_comment_fillfactor"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                condition=models.Q(("parent", None)), fields=["post", "tree_id"], name="comment_post_threads"
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                condition=models.Q(("status", "visible"), _negated=True),
                fields=["post"],
                name="comment_post_not_visible",
            ),
        ),
    ]
