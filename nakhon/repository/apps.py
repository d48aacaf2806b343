from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepositoryConfig(AppConfig):
    name = "nakhon.repository"
    verbose_name = _("EA repository")

    def ready(self):
        from nakhon.repository import services  # noqa: F401  (registers the services)
