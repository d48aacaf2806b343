from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "nakhon.governance"
    verbose_name = _("EA governance")

    def ready(self):
        # Importing them registers their services.
        from nakhon.governance import standard_services, workflow  # noqa: F401
