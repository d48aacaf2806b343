"""Identifiers are unique across elements, relationships and views (one exchange file names
them all): a relationship or view that shares an earlier kind's identifier gets its default."""

from django.db import migrations


def give_clashing_identifiers_their_default(apps, schema_editor):
    Element = apps.get_model("repository", "Element")
    Relationship = apps.get_model("repository", "Relationship")
    View = apps.get_model("repository", "View")
    taken = set(Element.objects.values_list("identifier", flat=True))
    for model in (Relationship, View):
        for pk, identifier in model.objects.values_list("pk", "identifier"):
            if identifier in taken:
                identifier = f"id-{pk}"
                model.objects.filter(pk=pk).update(identifier=identifier)
            taken.add(identifier)


class Migration(migrations.Migration):
    dependencies = [("repository", "0008_bookkeeping_unindexed")]

    operations = [
        migrations.RunPython(give_clashing_identifiers_their_default, migrations.RunPython.noop)
    ]
