"""Leave room in each page of comments_comment (PostgreSQL fillfactor 70) for the row versions a tree shift writes."""

from django.db import migrations


def _alter(fillfactor: int):
    def run(apps, schema_editor):
        # A storage parameter only PostgreSQL has; it applies to pages written from now on (a VACUUM FULL or
        # pg_repack would repack old ones, not needed: rows move to fresh pages as their threads shift).
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE comments_comment SET (fillfactor = {fillfactor})")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0008_tree_write_indexes"),
    ]

    # An insert moves every row after its parent's subtree by two (comments/trees.py). With free space on the page,
    # each new row version stays beside the old one: fewer pages dirtied, smaller WAL records, and the dead
    # versions are pruned in place instead of the thread spreading over ever more pages.
    operations = [migrations.RunPython(_alter(70), _alter(100))]
