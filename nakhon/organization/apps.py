from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "nakhon.organization"
    verbose_name = _("Organization")

    def ready(self):
        from nakhon.organization import services  # noqa: F401  (registers the services)
