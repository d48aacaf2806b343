"""The API of review requests: the request and its draft parts as ordinary objects, the review's
rows read-only, and the workflow's steps as actions (POST /requests/<id>/submit/ ...).

A step refused for the person is 403, for the request's state or a missing vote 400, for a
stale version 409; every refusal has a JSON body saying why and writes nothing."""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from nakhon.core.api.serializers import ServiceModelSerializer, UnitField
from nakhon.core.api.views import ReadersDoNotWrite, ServiceModelViewSet
from nakhon.core.models import Channel
from nakhon.core.services import Actor
from nakhon.governance import workflow
from nakhon.governance.models import (
    AffectedElement,
    ChecklistAnswer,
    Condition,
    PrincipleDeparture,
    Review,
    ReviewRequest,
    Standard,
    Waiver,
)
from nakhon.governance.models.requests import Answer, ConditionState, Decision, Vote
from nakhon.governance.review_filters import ReviewRequestFilterSet

User = get_user_model()


class ConditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Condition
        fields = [
            "id",
            "request",
            "text",
            "state",
            "due_date",
            "owner",
            "closing_note",
            "closed_at",
            "version",
        ]
        read_only_fields = fields


class WaiverSerializer(serializers.ModelSerializer):
    standard = serializers.CharField(source="standard_label", read_only=True)
    standard_id = serializers.UUIDField(read_only=True, allow_null=True)

    class Meta:
        model = Waiver
        fields = [
            "id",
            "request",
            "standard",
            "standard_id",
            "standard_name",
            "reason",
            "expires_on",
            "granted_by",
            "version",
        ]
        read_only_fields = fields


class ChecklistAnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code", read_only=True)
    section = serializers.CharField(source="question.section", read_only=True)

    class Meta:
        model = ChecklistAnswer
        fields = ["question", "section", "answer", "evidence"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    answers = ChecklistAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "request",
            "reviewer",
            "assigned_at",
            "vote",
            "comment",
            "voted_at",
            "answers",
            "version",
        ]
        read_only_fields = fields


class AffectedElementSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="governance-api:affected-element-detail")

    class Meta:
        model = AffectedElement
        fields = [
            "id",
            "url",
            "request",
            "element",
            "effect",
            "personal_data",
            "classification",
            "lawful_basis",
            "note",
            "version",
        ]


class PrincipleDepartureSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="governance-api:departure-detail")

    class Meta:
        model = PrincipleDeparture
        fields = ["id", "url", "request", "principle", "reason", "version"]


class ReviewRequestSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="governance-api:request-detail")
    owner_unit = UnitField(allow_null=False, required=True)
    late = serializers.SerializerMethodField()

    class Meta:
        model = ReviewRequest
        fields = [
            "id",
            "url",
            "title",
            "request_type",
            "owner_unit",
            "description",
            "budget",
            "fiscal_year",
            "budget_line",
            "start_date",
            "end_date",
            "capabilities",
            "citizen_services",
            "state",
            "decision",
            "decision_note",
            "submitted_at",
            "submitted_by",
            "review_started_at",
            "decided_at",
            "decided_by",
            "closed_at",
            "deadline",
            "late",
            "version",
        ]
        read_only_fields = [
            "state",
            "decision",
            "decision_note",
            "submitted_at",
            "submitted_by",
            "review_started_at",
            "decided_at",
            "decided_by",
            "closed_at",
            "deadline",
        ]

    def get_late(self, obj) -> bool:
        return workflow.deadline_state(obj, timezone.localdate())["late"]


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1)


class AssignSerializer(serializers.Serializer):
    reviewer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())


class DecideSerializer(VersionSerializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    conditions = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        default=list,
        help_text=_("Conditions to add with the decision: text, due_date, owner."),
    )


class ConditionInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )


class WaiverInputSerializer(serializers.Serializer):
    standard_id = serializers.PrimaryKeyRelatedField(
        source="standard",
        queryset=Standard.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The standard in the catalogue the request may depart from."),
    )
    standard_name = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField()
    expires_on = serializers.DateField()

    def validate(self, data):
        if not data.get("standard") and not data.get("standard_name"):
            raise serializers.ValidationError(_("Give the standard's id, or name it."))
        return data


class CloseConditionSerializer(VersionSerializer):
    state = serializers.ChoiceField(choices=[ConditionState.MET, ConditionState.WAIVED])
    note = serializers.CharField()


class VoteSerializer(VersionSerializer):
    vote = serializers.ChoiceField(choices=Vote.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class AnswerItemSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.ChoiceField(choices=Answer.choices)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class AnswersSerializer(serializers.Serializer):
    answers = AnswerItemSerializer(many=True)


def valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def actor_of(request) -> Actor:
    return Actor.for_request(request, Channel.API)


class ReviewRequestViewSet(ServiceModelViewSet):
    """Architecture review requests; their workflow's steps are the actions below."""

    queryset = ReviewRequest.objects.select_related("owner_unit").prefetch_related(
        "capabilities", "citizen_services"
    )
    serializer_class = ReviewRequestSerializer
    filterset_class = ReviewRequestFilterSet
    ordering_fields = ["created_at", "title", "budget", "deadline", "submitted_at"]

    def answer(self, request, obj):
        obj = ReviewRequest.objects.get(pk=obj.pk)
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=VersionSerializer, responses=ReviewRequestSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        """Hand the draft in for review: the decision is due in working days from today."""
        data = valid(VersionSerializer, request)
        obj = self.get_object()
        workflow.submit(actor_of(request), obj, version=data.get("version"))
        return self.answer(request, obj)

    @extend_schema(request=AssignSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def assign(self, request, pk=None):
        """Assign a reviewer (the EA office)."""
        data = valid(AssignSerializer, request)
        review = workflow.assign(actor_of(request), self.get_object(), data["reviewer"])
        return Response(ReviewSerializer(review).data, status=201)

    @extend_schema(request=VersionSerializer, responses=ReviewRequestSerializer)
    @action(detail=True, methods=["post"], url_path="start-review", filter_backends=[])
    def start_review(self, request, pk=None):
        data = valid(VersionSerializer, request)
        obj = self.get_object()
        workflow.start_review(actor_of(request), obj, version=data.get("version"))
        return self.answer(request, obj)

    @extend_schema(request=DecideSerializer, responses=ReviewRequestSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        """Decide (the EA office): approved, approved with conditions, rejected or dismissed."""
        data = valid(DecideSerializer, request)
        conditions = []
        for item in data["conditions"]:
            condition = ConditionInputSerializer(data=item)
            condition.is_valid(raise_exception=True)
            conditions.append(dict(condition.validated_data))
        obj = self.get_object()
        workflow.decide(
            actor_of(request),
            obj,
            data["decision"],
            data["note"],
            conditions_to_add=conditions,
            version=data.get("version"),
        )
        return self.answer(request, obj)

    @extend_schema(request=VersionSerializer, responses=ReviewRequestSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request, pk=None):
        data = valid(VersionSerializer, request)
        obj = self.get_object()
        workflow.close(actor_of(request), obj, version=data.get("version"))
        return self.answer(request, obj)

    @extend_schema(request=ConditionInputSerializer, responses=ConditionSerializer)
    @action(detail=True, methods=["post"], url_path="conditions", filter_backends=[])
    def add_condition(self, request, pk=None):
        data = valid(ConditionInputSerializer, request)
        condition = workflow.add_condition(actor_of(request), self.get_object(), **data)
        return Response(ConditionSerializer(condition).data, status=201)

    @extend_schema(request=WaiverInputSerializer, responses=WaiverSerializer)
    @action(detail=True, methods=["post"], url_path="waivers", filter_backends=[])
    def grant_waiver(self, request, pk=None):
        data = valid(WaiverInputSerializer, request)
        waiver = workflow.grant_waiver(actor_of(request), self.get_object(), **data)
        return Response(WaiverSerializer(waiver).data, status=201)


class AffectedElementViewSet(ServiceModelViewSet):
    queryset = AffectedElement.objects.select_related("request", "element")
    serializer_class = AffectedElementSerializer
    filterset_fields = ["request", "effect"]


class PrincipleDepartureViewSet(ServiceModelViewSet):
    queryset = PrincipleDeparture.objects.select_related("request", "principle")
    serializer_class = PrincipleDepartureSerializer
    filterset_fields = ["request"]


class ReviewViewSet(ReadersDoNotWrite, viewsets.ReadOnlyModelViewSet):
    """Reviews: who reviews which request, their checklist answers and vote."""

    queryset = Review.objects.select_related("request").prefetch_related("answers__question")
    serializer_class = ReviewSerializer
    filterset_fields = ["request", "reviewer", "vote"]

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user)

    @extend_schema(request=AnswersSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def answers(self, request, pk=None):
        """The assigned reviewer answers checklist questions, each with its evidence."""
        data = valid(AnswersSerializer, request)
        review = self.get_object()
        given = {a["question"]: (a["answer"], a["evidence"]) for a in data["answers"]}
        workflow.answer(actor_of(request), review, given)
        return Response(ReviewSerializer(self.get_queryset().get(pk=review.pk)).data)

    @extend_schema(request=VoteSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def vote(self, request, pk=None):
        """The assigned reviewer votes, with a comment."""
        data = valid(VoteSerializer, request)
        review = self.get_object()
        workflow.vote(
            actor_of(request), review, data["vote"], data["comment"], version=data.get("version")
        )
        return Response(ReviewSerializer(self.get_queryset().get(pk=review.pk)).data)


class ConditionViewSet(ReadersDoNotWrite, viewsets.ReadOnlyModelViewSet):
    queryset = Condition.objects.select_related("request")
    serializer_class = ConditionSerializer
    filterset_fields = ["request", "state"]

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user)

    @extend_schema(request=CloseConditionSerializer, responses=ConditionSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request, pk=None):
        """The EA office marks the condition met or waived."""
        data = valid(CloseConditionSerializer, request)
        condition = workflow.close_condition(
            actor_of(request),
            self.get_object(),
            data["state"],
            data["note"],
            version=data.get("version"),
        )
        return Response(ConditionSerializer(condition).data)


class WaiverViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Waiver.objects.select_related("request")
    serializer_class = WaiverSerializer
    filterset_fields = ["request"]

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user)
