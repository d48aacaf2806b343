from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "nakhon.analysis"
    verbose_name = _("Analysis")

    def ready(self):
        from nakhon.analysis.graph import current_index
        from nakhon.core import warmup

        warmup.register(current_index)  # the impact index: seconds to build on a city model
