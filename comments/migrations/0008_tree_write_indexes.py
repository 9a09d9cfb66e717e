"""Drop the single-column indexes on post_id and tree_id: composite indexes already begin with each, and every
index costs one more entry for each row an insert shifts (comments/trees.py)."""

import django.db.models.deletion
from django.db import migrations, models

# Django's own names for the two indexes (the same on PostgreSQL and SQLite). Only the indexes go: altering the
# field through the schema editor would also drop and re-validate the post foreign key, a scan of the whole table.
POST_INDEX = "comments_comment_post_id_96a9ac05"
TREE_INDEX = "comments_comment_tree_id_d91ce17d"


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0007_body_html"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="comment",
                    name="post",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="comments.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="comment",
                    name="tree_id",
                    field=models.PositiveIntegerField(editable=False),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{POST_INDEX}"',
                    f'CREATE INDEX "{POST_INDEX}" ON "comments_comment" ("post_id")',
                ),
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{TREE_INDEX}"',
                    f'CREATE INDEX "{TREE_INDEX}" ON "comments_comment" ("tree_id")',
                ),
            ],
        ),
    ]
