from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "nakhon.core"
    verbose_name = _("Core")

    def ready(self):
        from nakhon.core import proposals
        from nakhon.core.services import install_proposals

        install_proposals(proposals)
