"""On PostgreSQL, a trigram index on the normalized search text, so that the substring match of
the search (``normalized LIKE '%term%'``) stays fast on a million rows. Other databases (SQLite)
skip both operations and scan the table."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = GinIndex(fields=["normalized"], name="portal_search_trgm", opclasses=["gin_trgm_ops"])


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("portal", "SearchEntry"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("portal", "SearchEntry"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_cache_table")]

    operations = [
        # Does nothing on a database other than PostgreSQL.
        TrigramExtension(),
        migrations.RunPython(add_index, remove_index),
    ]
