from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "nakhon.citizen_services"
    # The label the tables, migrations, URLs and templates have always used.
    label = "services"
    verbose_name = _("Citizen services")

    def ready(self):
        from nakhon.citizen_services import services  # noqa: F401  (registers the services)
