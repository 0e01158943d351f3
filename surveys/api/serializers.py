from __future__ import annotations

from rest_framework import serializers

from ..models import Survey, Wave


class WaveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Wave
        fields = ["number", "opens_at", "closes_at", "remind_at", "invited_at", "reminded_at"]


class SurveySerializer(serializers.ModelSerializer):
    waves = WaveSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "kind",
            "title",
            "anonymous",
            "session",
            "questionnaire",
            "min_sessions",
            "team",
            "delegation",
            "min_group_size",
            "summary_published",
            "waves",
        ]


class PairedSerializer(serializers.Serializer):
    n_pairs = serializers.IntegerField()
    mean_change = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    t_statistic = serializers.FloatField(allow_null=True)
    t_p_value = serializers.FloatField(allow_null=True)
    wilcoxon_statistic = serializers.FloatField(allow_null=True)
    wilcoxon_p_value = serializers.FloatField(allow_null=True)
    cohens_dz = serializers.FloatField(allow_null=True)


class WaveFiguresSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    n = serializers.IntegerField()
    distribution = serializers.ListField(child=serializers.IntegerField())
    mean = serializers.FloatField(source="summary.mean", allow_null=True)
    ci_low = serializers.FloatField(source="summary.ci_low", allow_null=True)
    ci_high = serializers.FloatField(source="summary.ci_high", allow_null=True)
    nps = serializers.FloatField(allow_null=True)


class ItemResultSerializer(serializers.Serializer):
    key = serializers.CharField(source="item.key")
    label = serializers.CharField(source="item.label")
    kind = serializers.CharField(source="item.kind")
    points = serializers.ListField(source="item.points", child=serializers.IntegerField())
    waves = WaveFiguresSerializer(many=True)
    paired = PairedSerializer(allow_null=True)


class GroupSerializer(serializers.Serializer):
    label = serializers.CharField()
    n = serializers.IntegerField(allow_null=True, help_text="Null for a hidden group.")
    suppressed = serializers.BooleanField()
    values = serializers.DictField(child=serializers.FloatField(allow_null=True))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.suppressed:
            # A hidden group shows no figure at all, not even its size.
            data["n"] = None
            data["values"] = {}
        return data


class BreakdownSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    label = serializers.CharField()
    groups = GroupSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    survey_id = serializers.IntegerField()
    is_pair = serializers.BooleanField()
    threshold = serializers.IntegerField()
    invited = serializers.IntegerField()
    respondents = serializers.DictField(child=serializers.IntegerField())
    n_pairs = serializers.IntegerField()
    only_first = serializers.IntegerField()
    only_second = serializers.IntegerField()
    items = ItemResultSerializer(many=True)
    breakdowns = BreakdownSerializer(many=True)
