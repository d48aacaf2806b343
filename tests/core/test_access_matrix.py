"""Every page and every API route of the URL conf, anonymously and as every role.

The routes are read from the URL conf, so a new page is covered the day it is added: its
parameters are filled with rows of the Bangkok demo (a page whose parameter cannot be filled
fails here until `PARAMETERS` says how). What each role should get follows the permission rule
(`core.permissions`), which its own tests pin down; here every page must honour it: never a
5xx, a refusal always a 403 that says why, a page that opens showing its object.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.html import escape

from nakhon.analysis.models import DismissedFinding
from nakhon.capacity.models.events import Material, Session
from nakhon.capacity.models.frameworks import SkillFramework
from nakhon.capacity.models.people import Person
from nakhon.citizen_services.models import ServiceProfile
from nakhon.core import permissions
from nakhon.core.models import ChangeLogEntry, Proposal, ProposalOperation
from nakhon.core.permissions import Role
from nakhon.governance.models.requests import Condition, Review, ReviewRequest
from nakhon.organization.models import OrgUnit
from nakhon.repository.models import Element
from tests.cases.api import api_client

pytestmark = pytest.mark.django_db

# Pages anyone may open without signing in.
PUBLIC = {"login", "logout", "set_language", "api-token", "home", "api-schema", "api-docs"}
# Probes answer whoever asks, 503 when what they watch is down (no worker runs in tests).
PROBES = {"healthz", "readyz"}
# Parameters that are not a row of the view's own model: how to fill them.
PARAMETERS = {
    "batch": lambda: ChangeLogEntry.objects.first().batch,
    "op": lambda: ProposalOperation.objects.order_by("pk").first().pk,
    "step": lambda: "submit",
    "outcome": lambda: "online_application",
    "fmt": lambda: "csv",
}
# The model of the row a hand-written page's `pk` names, by the longest prefix of its name.
PAGE_MODELS = {
    "repository:element_": Element,
    "services:department": OrgUnit,
    "services:override": ServiceProfile,
    "core:changelog": ChangeLogEntry,
    "core:proposal": Proposal,
    "interchange:import_into_proposal": Proposal,
    "capacity:skillframework": SkillFramework,
    "capacity:person": Person,
    "capacity:session": Session,
    "capacity:material": Material,
    "governance:review": Review,
    "governance:reviewrequest": ReviewRequest,
    "governance:condition": Condition,
    "analysis:restore_finding": DismissedFinding,
}
# Pages that refuse everyone with the reason: a relationship is added from one of its ends.
ADDED_ELSEWHERE = {"repository:relationship_add"}
# Pages with rows the demo does not hold, tested where those rows are made.
NOT_HERE = {
    "core:job": "tests/core/test_jobs.py",
    "core:job_file": "tests/core/test_jobs.py",
    "interchange:import_job_confirm": "tests/interchange/test_jobs.py",
    "services-api:override-detail": "tests/citizen_services/test_api.py",
    "core-api:job-detail": "tests/core/test_jobs.py",
    "core-api:job-file": "tests/core/test_jobs.py",
}


@dataclass
class Page:
    name: str
    url: str
    model: type | None
    obj: object


def patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry, prefix + str(entry.pattern), space)
        else:
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry


def page_model(name: str, entry: URLPattern):
    prefixes = [prefix for prefix in PAGE_MODELS if name.startswith(prefix)]
    if prefixes:
        return PAGE_MODELS[max(prefixes, key=len)]
    view = getattr(entry.callback, "view_class", None)
    initkwargs = getattr(entry.callback, "view_initkwargs", {})
    queryset = initkwargs.get("queryset", getattr(view, "queryset", None))
    return queryset.model if queryset is not None else None


def fill(route: str, name: str, entry: URLPattern) -> Page:
    obj = None
    model = page_model(name, entry)

    def value(match: re.Match) -> str:
        nonlocal obj
        parameter = match.group(2) or match.group(4)
        if parameter in PARAMETERS:
            return str(PARAMETERS[parameter]())
        assert model is not None, f"{name}: say in PARAMETERS how to fill <{parameter}>"
        obj = model.objects.order_by("pk").first()
        assert obj is not None, f"{name}: the demo holds no {model.__name__}"
        return str(obj.pk)

    # Both spellings of a parameter: path()'s <uuid:pk> and re_path()'s (?P<pk>...).
    url = re.sub(r"<(\w+:)?(\w+)>|\(\?P<()(\w+)>[^)]*\)", value, route)
    return Page(name, "/" + url.replace("^", "").replace("$", ""), model, obj)


def ui_pages() -> list:
    found = []
    for route, name, entry in patterns():
        if route.startswith(("api/", "admin/")) or name in NOT_HERE:
            continue
        found.append((route, name, entry))
    return found


@pytest.fixture(scope="module")
def people(bangkok_demo, django_db_blocker):
    """One user of each role; unit editors of a unit that owns elements and of one that does
    not."""
    with django_db_blocker.unblock():
        owner = OrgUnit.objects.get(
            pk=Element.objects.exclude(owner_unit=None).first().owner_unit_id
        )
        other = OrgUnit.objects.exclude(pk=owner.pk).exclude(owned_elements__isnull=False).first()
        User = get_user_model()

        def user(name, role, unit=None):
            return User.objects.create_user(name, password="pw-matrix-1", role=role, unit=unit)

        return {
            "anonymous": None,
            "viewer": user("m-viewer", Role.VIEWER),
            "reviewer": user("m-reviewer", Role.REVIEWER),
            "own editor": user("m-own", Role.UNIT_EDITOR, owner),
            "other editor": user("m-other", Role.UNIT_EDITOR, other),
            "EA office": user("m-ea", Role.EA_OFFICE),
            "admin": User.objects.create_superuser("m-admin", password="pw-matrix-1"),
        }


def expected_status(page: Page, user) -> int | None:
    """The status the permission rule gives, where a page is one object's add, edit or
    delete page; None where any answer but a server error may be right."""
    if page.name in ADDED_ELSEWHERE:
        return 403
    action = page.name.rpartition("_")[2]
    if action == "add" and page.model is not None and page.obj is None:
        return 200 if permissions.may_create(user, page.model) else 403
    if action in ("edit", "delete") and page.obj is not None:
        if not visible(page, user):
            return 404  # personal data: not even its existence is shown
        verb = permissions.CHANGE if action == "edit" else permissions.DELETE
        return 200 if permissions.can(user, verb, page.obj) else 403
    return None


def test_every_page_answers_every_role_as_the_permission_rule_says(client, people):
    problems = []
    pages = [fill(route, name, entry) for route, name, entry in ui_pages()]
    for who, user in people.items():  # one sign-in a role, not one a page
        client.logout()
        if user is not None:
            client.force_login(user)
        for page in pages:
            problem = judge(page, who, user, client.get(page.url))
            if problem:
                problems.append(f"{page.url} as {who}: {problem}")
    assert not problems, "\n".join(problems)


def judge(page: Page, who: str, user, response) -> str | None:
    status = response.status_code
    if page.name in PROBES:
        return None if status in (200, 503) else f"probe answered {status}"
    if status >= 500:
        return f"server error {status}"
    if user is None:
        if page.name in PUBLIC:
            return None
        # Sent to sign in, or on to a page that will send them there.
        return None if status == 302 else f"anonymous got {status}, not the login page"
    expected = expected_status(page, user)
    if expected is not None and status != expected:
        return f"{status}, expected {expected}"
    if status in (400, 401):
        return f"{status} for a role that may not use the page (a refusal is a 403)"
    body = (
        response.content.decode()
        if response.get("Content-Type", "").startswith("text/html")
        else ""
    )
    if status == 403 and 'data-testid="denied"' not in body:
        return "a 403 that does not say why"
    if status == 200 and shows_one_object(page) and escape(str(page.obj)) not in body:
        return "the page does not show its object"
    return None


def visible(page: Page, user) -> bool:
    rows = page.model.objects.restrict(user, permissions.VIEW)
    return rows.filter(pk=page.obj.pk).exists()


def shows_one_object(page: Page) -> bool:
    """A detail page: named after its model ("repository:element")."""
    return page.obj is not None and page.name.rpartition(":")[2] == page.model._meta.model_name


# The API: every route, read by every role; written by a viewer, refused; by the EA office
# with nothing in the body, refused as bad input, never a server error.


def api_routes() -> list:
    routes = []
    for route, name, entry in patterns():
        if not route.startswith("api/") or "(?P<format>" in route or "<drf_format_suffix" in route:
            continue
        view = getattr(entry.callback, "cls", None)
        actions = list(getattr(entry.callback, "actions", None) or {"get": "get"})
        routes.append((route, name, entry, view, actions))
    return routes


def api_url(route: str, view) -> tuple[str, object]:
    obj = None

    def value(match: re.Match) -> str:
        nonlocal obj
        obj = view.queryset.model.objects.order_by("pk").first()
        assert obj is not None, f"{route}: the demo holds no {view.queryset.model.__name__}"
        return str(obj.pk)

    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, route)
    return "/" + url.replace("^", "").replace("$", ""), obj


def test_every_api_route_answers_every_role_in_json(people):
    problems = []
    for route, name, _entry, view, actions in api_routes():
        if name == "api-token" or name in NOT_HERE:
            continue
        url, obj = api_url(route, view)
        for who, user in people.items():
            client = api_client(user)
            for method in actions:
                if method != "get" and who not in ("anonymous", "viewer", "EA office"):
                    continue
                if method == "delete" and who == "EA office":
                    continue  # a delete with nothing missing would delete
                response = getattr(client, method)(url, {}, format="json")
                problem = judge_api(name, method, who, response)
                if problem:
                    problems.append(f"{method.upper()} {url} as {who}: {problem}")
    assert not problems, "\n".join(problems)


def judge_api(name: str, method: str, who: str, response) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status >= 400 and not response.get("Content-Type", "").startswith("application/json"):
        return f"{status} without a JSON body"
    if who == "anonymous":
        if name in PUBLIC:
            return None
        return None if status in (401, 403) else f"anonymous got {status}"
    if method in ("get", "head"):  # DRF answers HEAD where it answers GET
        # A read may lack a parameter it needs (400) or be a write-only route (405).
        return None if status in (200, 400, 403, 404, 405) else f"read answered {status}"
    if who == "viewer":
        # 404 where the row is personal data the viewer may not even see.
        return None if status in (403, 404) else f"a viewer's write answered {status}, not 403"
    # The EA office's empty write: refused as bad input, or a step that needs no input.
    return None if status < 500 else f"an empty write answered {status}"
