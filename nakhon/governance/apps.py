from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "nakhon.governance"
    verbose_name = _("EA governance")

    def ready(self):
        from nakhon.governance import workflow  # noqa: F401  (registers the services)
