from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "nakhon.portfolio"
    verbose_name = _("Application portfolio")

    def ready(self):
        from nakhon.portfolio import services  # noqa: F401  (registers the services)
