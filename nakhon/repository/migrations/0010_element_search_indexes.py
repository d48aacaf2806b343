from django.conf import settings
from django.db import migrations, models

# Search (`SearchFilterSet`, icontains) asks PostgreSQL for UPPER(column) LIKE '%text%': trigram
# indexes over the same expressions answer it without reading every element. SQLite has no
# equivalent and scans, as before.
SEARCHED = ("name", "name_en", "documentation", "identifier")


def trigram_index(column: str) -> str:
    return f"repository_element_{column}_trgm"


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension: the database's owner may create it without a superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {trigram_index(column)} ON repository_element "
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {trigram_index(column)}")


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0004_unit_elements_unowned"),
        ("repository", "0009_identifiers_unique_across_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="element",
            index=models.Index(fields=["name"], name="repository__name_1fa43a_idx"),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
