"""What Django's debug pages (NAKHON_DEBUG=1) may show: settings, the request's environment,
cookies, posted values and local variables only to a superuser; connection strings (which
carry passwords) hidden even from them."""

import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


class ExceptionReporterFilter(SafeExceptionReporterFilter):
    # Django hides names with KEY, SECRET, PASS, TOKEN...; DATABASE_URL and REDIS_URL carry
    # passwords too.
    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|_URL$|DATABASE", flags=re.I
    )


class SuperuserExceptionReporter(ExceptionReporter):
    """Django's report, with what a non-superuser must not read emptied out."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        user = getattr(self.request, "user", None)
        if not (user is not None and user.is_active and user.is_superuser):
            frames = [{**frame, "vars": []} for frame in data.get("frames", [])]
            data.update(
                settings={},
                request_meta={},
                request_COOKIES_items=[],
                filtered_POST_items=[],
                sys_path=[],
                frames=frames,
            )
            if frames:
                data["lastframe"] = frames[-1]
        return data
