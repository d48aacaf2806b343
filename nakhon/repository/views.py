from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from nakhon.archimate import metamodel
from nakhon.core import permissions
from nakhon.core.models import ChangeLogEntry
from nakhon.core.services import Actor
from nakhon.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Refused,
    call_service,
    is_htmx,
    next_url,
)
from nakhon.repository import services
from nakhon.repository.diagrams import diagram_document
from nakhon.repository.filtersets import (
    ElementFilterSet,
    PlateauFilterSet,
    RelationshipFilterSet,
    ViewFilterSet,
)
from nakhon.repository.forms import RelationshipAddForm
from nakhon.repository.models import Element, Plateau, Relationship, View
from nakhon.repository.svg import render_view_svg
from nakhon.repository.tables import ElementTable, PlateauTable, RelationshipTable, ViewTable

ELEMENTS = Element.objects.select_related("owner_unit__element")
RELATIONSHIPS = Relationship.objects.select_related(
    "source", "target", "source_relationship", "target_relationship"
)
PLATEAUS = Plateau.objects.select_related("element").annotate(member_count=Count("elements"))
VIEWS = View.objects.select_related("owner_unit__element").annotate(node_count=Count("nodes"))


def home(request):
    """The overview a person lands on: what the repository holds and what changed last."""
    if not request.user.is_authenticated:
        return redirect("login")
    return render(request, "repository/home.html", dashboard_context(request.user))


def dashboard_context(user=None) -> dict:
    counts = dict(
        Element.objects.values_list("type").annotate(n=Count("pk")).values_list("type", "n")
    )
    layers = [
        (layer.label, sum(counts.get(t, 0) for t in metamodel.types_in_layer(layer)), layer.value)
        for layer in metamodel.Layer
    ]
    return {
        "layers": layers,
        "element_count": sum(counts.values()),
        "relationship_count": Relationship.objects.count(),
        "view_count": View.objects.count(),
        "plateaus": Plateau.objects.select_related("element"),
        "recent_changes": ChangeLogEntry.objects.visible_to(user).select_related("content_type")[
            :10
        ],
    }


# Elements


class ElementListView(ObjectListView):
    filterset = ElementFilterSet
    table = ElementTable


class ElementView(ObjectDetailView):
    def get_extra_context(self, obj) -> dict:
        return {
            "outgoing": grouped_by_type(RELATIONSHIPS.filter(source=obj)),
            "incoming": grouped_by_type(RELATIONSHIPS.filter(target=obj)),
            "plateaus": obj.plateaus.select_related("element"),
            "views": View.objects.filter(nodes__element=obj).distinct(),
            "add_form": RelationshipAddForm(obj),
        }


def grouped_by_type(relationships) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for rel in relationships:
        groups.setdefault(rel.get_type_display(), []).append(rel)
    return sorted(groups.items())


@login_required
@require_GET
def element_candidates(request, pk):
    """Elements matching a search, to pick as the other end of a new relationship."""
    element = get_object_or_404(Element, pk=pk)
    query = request.GET.get("q", "").strip()
    matches = []
    if query:
        others = Element.objects.exclude(pk=element.pk)
        matches = ElementFilterSet({"q": query}, queryset=others).qs[:20]
    return render(
        request,
        "repository/includes/candidates.html",
        {"element": element, "matches": matches, "query": query},
    )


@login_required
def relationship_add(request, pk):
    """Add a relationship from or to an element; the type list follows the metamodel."""
    permissions.require_may_create(request.user, Relationship)
    element = get_object_or_404(ELEMENTS, pk=pk)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = RelationshipAddForm(element, data)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rel = call_service(
                    services.relationships.create,
                    Actor.for_request(request),
                    denial_is_refusal=True,
                    **form.service_values(),
                )
            except Refused as refused:
                # The small form shows the errors of the whole form only, above its fields.
                refused.onto(form, whole_form=True)
                status = refused.status
            else:
                messages.success(request, _("Added “%(rel)s”.") % {"rel": rel})
                if is_htmx(request):
                    return HttpResponse(headers={"HX-Redirect": element.get_absolute_url()})
                return redirect(element.get_absolute_url())
    elif data is not None:
        form.errors.clear()  # a GET refreshes the choices; it is not a submission
    partial = is_htmx(request)
    template = f"repository/{'includes/' if partial else ''}relationship_add.html"
    return render(request, template, {"element": element, "add_form": form}, status=status)


# Relationships


class RelationshipListView(ObjectListView):
    filterset = RelationshipFilterSet
    table = RelationshipTable

    def can_add(self, user) -> bool:
        return False  # relationships are added from an element's page, where the ends are known


class RelationshipView(ObjectDetailView):
    def get_extra_context(self, obj) -> dict:
        return {"plateaus": obj.plateaus.select_related("element")}


class RelationshipEditView(ObjectEditView):
    def get_object(self, pk):
        if pk is None:
            raise PermissionDenied(_("Add a relationship from the page of one of its elements."))
        return super().get_object(pk)


class RelationshipDeleteView(ObjectDeleteView):
    def success_url(self) -> str:
        return next_url(self.request, self.request.POST, super().success_url())


# Plateaus


class PlateauListView(ObjectListView):
    filterset = PlateauFilterSet
    table = PlateauTable


class PlateauView(ObjectDetailView):
    def get_extra_context(self, obj) -> dict:
        members = obj.elements.select_related("owner_unit__element").order_by("type", "name")
        by_layer: dict = {}
        for element in members:
            by_layer.setdefault(element.get_layer_display(), []).append(element)
        return {
            "by_layer": by_layer.items(),
            "relationship_count": obj.relationships.count(),
        }


# Views (diagrams)


class DiagramListView(ObjectListView):
    filterset = ViewFilterSet
    table = ViewTable


class DiagramView(ObjectDetailView):
    """An ArchiMate view: its diagram drawn, its nodes, and the diagram as a document."""

    def get_extra_context(self, obj) -> dict:
        nodes = obj.nodes.select_related("element").order_by("order")
        return {
            "svg": render_view_svg(obj),
            "nodes": nodes,
            "connection_count": obj.connections.count(),
            "diagram": diagram_document(obj),
        }
