"""The analyses in the API: the questions as query parameters, the answers as JSON."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nakhon.analysis import semantics
from nakhon.analysis.forms import DIRECTIONS, MAX_DEPTH
from nakhon.analysis.heatmap import Measure
from nakhon.analysis.impact import UPSTREAM, ImpactQuery
from nakhon.analysis.models import DismissedFinding
from nakhon.archimate import metamodel
from nakhon.core.api.serializers import ServiceModelSerializer
from nakhon.repository.models import Plateau

API_LIMIT = 10_000


class ImpactQuerySerializer(serializers.Serializer):
    element = serializers.UUIDField(help_text=_("The element to start from."))
    direction = serializers.ChoiceField(choices=DIRECTIONS, default=UPSTREAM)
    depth = serializers.IntegerField(
        min_value=1, max_value=MAX_DEPTH, required=False, help_text=_("No limit if left out.")
    )
    layers = serializers.ListField(
        child=serializers.ChoiceField(choices=metamodel.Layer.choices), required=False
    )
    element_types = serializers.ListField(
        child=serializers.ChoiceField(choices=list(metamodel.ELEMENT_TYPES)), required=False
    )
    relationship_types = serializers.ListField(
        child=serializers.ChoiceField(choices=list(metamodel.RELATIONSHIP_TYPES)),
        required=False,
        help_text=_("Left out: all but Influence, Specialization and Association."),
    )
    limit = serializers.IntegerField(
        min_value=1,
        max_value=API_LIMIT,
        default=500,
        help_text=_("Hits to describe, nearest first."),
    )

    def query(self) -> ImpactQuery:
        data = self.validated_data
        return ImpactQuery(
            element_id=data["element"],
            direction=data["direction"],
            max_depth=data.get("depth"),
            layers=tuple(data.get("layers", ())),
            element_types=tuple(data.get("element_types", ())),
            relationship_types=tuple(data.get("relationship_types", ()))
            or semantics.DEFAULT_RELATIONSHIP_TYPES,
        )


def text(value) -> str | None:
    """A value as DRF's CharField and UUIDField represent it."""
    return None if value is None else str(value)


class AnalysisNodeSerializer(serializers.Serializer):
    """A node of an answer. An answer holds thousands of them (every step of every path):
    each is built directly, as DRF's field-by-field walk would build it, for a fraction of its
    cost; the fields declared stay what the schema says."""

    id = serializers.UUIDField()
    name = serializers.CharField()
    type = serializers.CharField()
    layer = serializers.CharField()
    url = serializers.CharField(help_text=_("Its page."))

    def to_representation(self, node) -> dict:
        return {
            "id": text(node.id),
            "name": text(node.name),
            "type": text(node.type),
            "layer": text(node.layer),
            "url": text(node.url),
        }


class AnalysisUnitNodeSerializer(AnalysisNodeSerializer):
    units = serializers.ListField(child=serializers.CharField())
    districts = serializers.ListField(child=serializers.CharField())

    def to_representation(self, node) -> dict:
        return {
            **super().to_representation(node),
            "units": [text(unit) for unit in node.units],
            "districts": [text(district) for district in node.districts],
        }


class PathStepSerializer(serializers.Serializer):
    node = AnalysisNodeSerializer()
    relationship_id = serializers.UUIDField(allow_null=True)
    relationship_type = serializers.CharField(allow_blank=True)
    forward = serializers.BooleanField(
        help_text=_("Whether the relationship goes from the previous node to this one.")
    )
    access_type = serializers.CharField(
        allow_blank=True, help_text=_("What an Access relationship does: Read, Write...")
    )

    def to_representation(self, step) -> dict:
        return {
            "node": self.fields["node"].to_representation(step.node),
            "relationship_id": text(step.relationship_id),
            "relationship_type": text(step.relationship_type),
            "forward": bool(step.forward),
            "access_type": text(step.access_type),
        }


class ImpactHitSerializer(serializers.Serializer):
    node = AnalysisUnitNodeSerializer()
    depth = serializers.IntegerField()
    path = PathStepSerializer(many=True, help_text=_("From the element analysed to this one."))


class ImpactSerializer(serializers.Serializer):
    element = serializers.UUIDField(source="query.element_id")
    direction = serializers.CharField(source="query.direction")
    total = serializers.IntegerField(help_text=_("Every element found; `hits` lists `limit`."))
    hits = ImpactHitSerializer(many=True)
    services = serializers.SerializerMethodField()
    districts = serializers.SerializerMethodField()

    def get_services(self, impact) -> list[str]:
        """The citizen (business) services among the hits."""
        return [str(h.node.id) for h in self.context["summary"].services]

    def get_districts(self, impact) -> list[str]:
        """The district offices of those services."""
        return [str(d) for d in self.context["summary"].districts]


class RedundancySupporterSerializer(serializers.Serializer):
    node = AnalysisNodeSerializer()
    unit = serializers.CharField(allow_null=True)
    yearly_cost = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    via = AnalysisNodeSerializer(many=True)


class RedundancyFindingSerializer(serializers.Serializer):
    target = AnalysisNodeSerializer()
    applications = RedundancySupporterSerializer(
        many=True, help_text=_("The first 20 of them, dearest first.")
    )
    application_count = serializers.IntegerField()
    unit_count = serializers.IntegerField(help_text=_("Owning units of the applications."))
    unowned = serializers.IntegerField(help_text=_("Applications no unit owns."))
    yearly_cost = serializers.DecimalField(
        source="known_yearly_cost",
        max_digits=16,
        decimal_places=2,
        allow_null=True,
        help_text=_("Of the applications whose cost is known; null when none is."),
    )
    unknown_costs = serializers.IntegerField(help_text=_("Applications whose cost is not known."))
    explanation = serializers.CharField()


class RedundancySerializer(serializers.Serializer):
    consolidation = RedundancyFindingSerializer(many=True, help_text=_("The first 50."))
    consolidation_total = serializers.IntegerField()
    masters = RedundancyFindingSerializer(many=True, help_text=_("The first 50."))
    masters_total = serializers.IntegerField()


class GapQuerySerializer(serializers.Serializer):
    baseline = serializers.PrimaryKeyRelatedField(queryset=Plateau.objects.all())
    target = serializers.PrimaryKeyRelatedField(queryset=Plateau.objects.all())

    def validate(self, attrs):
        if attrs["baseline"] == attrs["target"]:
            raise serializers.ValidationError(_("Choose two different plateaus."))
        return attrs


class GapRowSerializer(serializers.Serializer):
    change = serializers.CharField()
    kind = serializers.CharField()
    id = serializers.UUIDField(source="object.pk")
    name = serializers.CharField(source="object")
    type = serializers.CharField(source="object.type")
    layer = serializers.CharField()
    unit = serializers.CharField(allow_null=True)
    details = serializers.ListField(child=serializers.CharField())


class GapSerializer(serializers.Serializer):
    baseline = serializers.UUIDField(source="baseline.pk")
    target = serializers.UUIDField(source="target.pk")
    rows = GapRowSerializer(many=True)


class HeatMapQuerySerializer(serializers.Serializer):
    measure = serializers.ChoiceField(choices=Measure.choices, default=Measure.APPLICATIONS)


class HeatMapSerializer(serializers.Serializer):
    measure = serializers.CharField()
    cells = serializers.SerializerMethodField()

    def get_cells(self, heat_map) -> list[dict]:
        """The capability tree: each cell with its figure and its nested cells."""
        return [cell_data(cell) for cell in heat_map.roots]


def cell_data(cell) -> dict:
    return {
        "id": str(cell.element.pk),
        "name": str(cell.element),
        "value": None if cell.value is None else str(cell.value),
        "known": cell.known,
        "applications": len(cell.applications),
        "services": len(cell.services),
        "children": [cell_data(child) for child in cell.children],
    }


class OnDateQuerySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, help_text=_("The day to judge by; today if left out.")
    )


class TechnologyExposureSerializer(serializers.Serializer):
    technology = AnalysisNodeSerializer()
    end_of_support = serializers.DateField()
    state = serializers.CharField()
    direct = serializers.BooleanField()
    path = AnalysisNodeSerializer(many=True)


class ObsoleteApplicationSerializer(serializers.Serializer):
    application = AnalysisNodeSerializer()
    exposures = TechnologyExposureSerializer(many=True)


class LifecycleConflictSerializer(serializers.Serializer):
    dependent = AnalysisNodeSerializer()
    provider = AnalysisNodeSerializer()
    provider_status = serializers.CharField()
    since = serializers.DateField(allow_null=True)
    relationship_type = serializers.CharField()
    explanation = serializers.CharField()


class DismissedFindingSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="analysis-api:dismissed-finding-detail")

    class Meta:
        model = DismissedFinding
        fields = ["id", "url", "kind", "target", "reason", "created_at", "version"]
        read_only_fields = ["created_at"]
