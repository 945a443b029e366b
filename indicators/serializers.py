"""API serializers of the indicators app."""

from rest_framework import serializers

from .models import Municipality


class MunicipalitySerializer(serializers.ModelSerializer):
    region = serializers.IntegerField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "region",
            "region_name",
            "rar",
            "population",
            "population_year",
            "cluster",
        ]
