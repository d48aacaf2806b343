from django.db.models import F, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from nakhon.archimate import metamodel
from nakhon.core.api.views import ServiceModelViewSet
from nakhon.repository.api.serializers import (
    AllowedRelationshipsQuerySerializer,
    AllowedRelationshipsSerializer,
    ElementRelationshipsSerializer,
    ElementSerializer,
    PlateauSerializer,
    RelationshipSerializer,
    ViewSerializer,
)
from nakhon.repository.filtersets import (
    ElementFilterSet,
    PlateauFilterSet,
    RelationshipFilterSet,
    ViewFilterSet,
)
from nakhon.repository.models import Element, Plateau, Relationship, View


class ElementViewSet(ServiceModelViewSet):
    """ArchiMate 3.2 elements: the architecture's building blocks, each owned by an org unit."""

    queryset = Element.objects.all()
    serializer_class = ElementSerializer
    filterset_class = ElementFilterSet
    ordering_fields = [
        "name",
        "name_en",
        "type",
        "status",
        "identifier",
        "created_at",
        "updated_at",
    ]

    @extend_schema(responses=ElementRelationshipsSerializer)
    @action(detail=True, filter_backends=[], pagination_class=None)
    def relationships(self, request, pk=None):
        """The element's relationships, from it (outgoing) and to it (incoming)."""
        element = self.get_object()
        visible = Relationship.objects.restrict(request.user)
        result = {
            "outgoing": visible.filter(source=element),
            "incoming": visible.filter(target=element),
        }
        context = self.get_serializer_context()
        return Response(ElementRelationshipsSerializer(result, context=context).data)

    @extend_schema(
        parameters=[AllowedRelationshipsQuerySerializer],
        responses=AllowedRelationshipsSerializer,
    )
    @action(
        detail=True,
        url_path="allowed-relationships",
        filter_backends=[],
        pagination_class=None,
    )
    def allowed_relationships(self, request, pk=None):
        """Which relationship types ArchiMate 3.2 allows from this element to a target element
        (`target`) or to any element of a type (`target_type`), and why the others are not."""
        element = self.get_object()
        query = AllowedRelationshipsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        target = query.validated_data.get("target")
        target_type = target.type if target else query.validated_data["target_type"]
        result = {
            "source": element.pk,
            "source_type": element.type,
            "target": target.pk if target else None,
            "target_type": target_type,
            **allowed_and_refused(metamodel.relationship_types_between(element.type, target_type)),
        }
        return Response(AllowedRelationshipsSerializer(result).data)


def allowed_and_refused(between: metamodel.TypesBetween) -> dict:
    """{"allowed": [type, ...], "refused": [{"type", "reason"}, ...]}."""
    refused = [{"type": r.relationship_type, "reason": str(r)} for r in between.refused]
    return {"allowed": between.allowed, "refused": refused}


class RelationshipViewSet(ServiceModelViewSet):
    """Typed links between elements (or relationships); ArchiMate 3.2 decides which are allowed."""

    queryset = Relationship.objects.all()
    serializer_class = RelationshipSerializer
    filterset_class = RelationshipFilterSet
    ordering_fields = ["type", "name", "created_at", "updated_at"]


class ProfileViewSet(ServiceModelViewSet):
    # A profile's key is its element; clients address it by `id` like everything else.

    lookup_url_kwarg = "id"


class PlateauViewSet(ProfileViewSet):
    """Architecture states (baseline, transition, target) and the elements that make them up.

    A plateau shares its id with its Plateau element.
    """

    # Members are listed by id only, so their rows need no more than the key.
    queryset = (
        Plateau.objects.select_related("element")
        .prefetch_related(
            Prefetch("elements", queryset=Element.objects.only("pk")),
            Prefetch("relationships", queryset=Relationship.objects.only("pk")),
        )
        .annotate(name=F("element__name"))
    )
    serializer_class = PlateauSerializer
    filterset_class = PlateauFilterSet
    ordering_fields = ["name", "state", "valid_from"]


class DiagramViewSet(ServiceModelViewSet):
    """Views (diagrams), with their nodes and connections as one `diagram` document."""

    queryset = View.objects.prefetch_related("nodes", "connections")
    serializer_class = ViewSerializer
    filterset_class = ViewFilterSet
    ordering_fields = ["name", "name_en", "viewpoint", "created_at", "updated_at"]
