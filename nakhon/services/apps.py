from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "nakhon.services"
    verbose_name = _("Citizen services")

    def ready(self):
        from nakhon.services import services  # noqa: F401  (registers the services)
