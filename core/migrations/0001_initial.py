"""The search index moves from the ``portal`` app to ``core`` without touching the database: the
table (``portal_searchentry``), its indexes and its rows stay as they are; only Django's record of
which app owns the model changes (``portal.0004`` forgets it on the other side)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        # The table is made by the portal's migrations on a new database.
        ("portal", "0003_search_trigram_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("object_id", models.PositiveBigIntegerField(verbose_name="object id")),
                        ("result_type", models.CharField(help_text="activity, organization, unit, article…", max_length=20, verbose_name="result type")),
                        ("subtype", models.CharField(blank=True, max_length=40, verbose_name="subtype")),
                        ("title", models.CharField(max_length=300, verbose_name="title")),
                        ("summary", models.CharField(blank=True, max_length=500, verbose_name="summary")),
                        ("url", models.CharField(max_length=300, verbose_name="link")),
                        ("date", models.DateField(blank=True, null=True, verbose_name="date")),
                        ("is_demo", models.BooleanField(default=False, verbose_name="demo data")),
                        ("normalized_title", models.CharField(max_length=300, verbose_name="normalized title")),
                        ("normalized", models.TextField(help_text="The title and all the public text.", verbose_name="normalized text")),
                        ("weight", models.PositiveSmallIntegerField(default=5, help_text="Results of a lower weight come first among equal matches.", verbose_name="weight")),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype", verbose_name="content type")),
                    ],
                    options={
                        "verbose_name": "search entry",
                        "verbose_name_plural": "search entries",
                        "db_table": "portal_searchentry",
                        "indexes": [models.Index(fields=["result_type", "date"], name="portal_sear_result__d5dfdb_idx")],
                        "constraints": [models.UniqueConstraint(fields=("content_type", "object_id"), name="unique_search_entry")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
