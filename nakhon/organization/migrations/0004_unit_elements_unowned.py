"""An org unit's actor element belongs to the EA office, as the unit does: no unit owns it."""

from django.db import migrations


def clear_unit_element_owners(apps, schema_editor):
    Element = apps.get_model("repository", "Element")
    OrgUnit = apps.get_model("organization", "OrgUnit")
    unit_elements = OrgUnit.objects.values("element_id")
    Element.objects.filter(pk__in=unit_elements).update(owner_unit=None)


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0003_bookkeeping_unindexed"),
        ("repository", "0009_identifiers_unique_across_kinds"),
    ]

    operations = [migrations.RunPython(clear_unit_element_owners, migrations.RunPython.noop)]
