"""API of the benchmarks app: GET /api/v1/benchmark/{code}/?period=YYYY-MM."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.periods import format_period, parse_period
from indicators.models import TargetGroup
from indicators.target_groups import parse_target_group

from .cache import cached_benchmark
from .exports import benchmark_dict
from .selectors.benchmark import benchmark_municipality_for


class BenchmarkAPIView(APIView):
    """The municipality's benchmark for a month (default: the latest): the same selector and
    figures as the page and the PDF report."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("period", OpenApiTypes.STR, description="YYYY-MM"),
            OpenApiParameter(
                "target_group",
                OpenApiTypes.STR,
                enum=TargetGroup.values,
                description="Only this target group's indicators (default: everyone's)",
            ),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, code):
        municipality = benchmark_municipality_for(user=request.user, code=code)
        period = None
        if request.query_params.get("period"):
            try:
                period = parse_period(request.query_params["period"])
            except ValueError as exc:
                raise ValidationError({"period": [str(exc)]}) from exc
        target_group, error = parse_target_group(request.query_params.get("target_group"))
        if error:
            raise ValidationError({"target_group": [error]})
        benchmark = cached_benchmark(
            municipality=municipality, period=period, target_group=target_group
        )
        if period is not None and period not in benchmark.periods:
            raise NotFound(
                _("Der er ingen tal for kommunen i %(month)s.") % {"month": format_period(period)}
            )
        return Response(benchmark_dict(benchmark))
