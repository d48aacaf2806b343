from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "nakhon.capacity"
    verbose_name = _("Capacity building")

    def ready(self):
        from nakhon.capacity import (  # noqa: F401
            event_services,
            mentoring_services,
            services,  # noqa: F401  (registers the services)
        )
