from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchimateConfig(AppConfig):
    name = "nakhon.archimate"
    verbose_name = _("ArchiMate metamodel")
