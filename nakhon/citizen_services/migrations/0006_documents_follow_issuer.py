from django.db import migrations


class Migration(migrations.Migration):
    """A document's "issued by the state" now follows from its issuer in the registry (0005
    carried each tick over to the issuer it was given with)."""

    dependencies = [("services", "0005_registry_data")]

    operations = [
        migrations.RemoveField(model_name="servicedocument", name="government_issued"),
    ]
