"""API of evaluations under /api/v1/: frameworks, groups and areas, evaluations with their
results, cohorts, sites (scoped: a job-centre manager sees his municipality's), rounds with the
score-file import, scores and result PDFs. Writes go through the services the pages use."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import StarModelViewSet, StarReadOnlyViewSet

from . import selectors, services
from .models import (
    Evaluation,
    EvaluationArea,
    EvaluationAreaGroup,
    EvaluationCohort,
    EvaluationFramework,
    EvaluationPdf,
    EvaluationRound,
    EvaluationScore,
    EvaluationSite,
)
from .results_data import results_data, site_results_data
from .serializers import (
    EvaluationAreaSerializer,
    EvaluationCohortSerializer,
    EvaluationFrameworkSerializer,
    EvaluationGroupSerializer,
    EvaluationPdfOrderSerializer,
    EvaluationPdfSerializer,
    EvaluationRoundSerializer,
    EvaluationScoreImportSerializer,
    EvaluationScoreSerializer,
    EvaluationSerializer,
    EvaluationSiteSerializer,
)


class NoAkasseMixin:
    """Evaluations are about municipal sites: an a-kasse's user gets 403 on every evaluation
    endpoint (checked before the object is looked up, so never 404 either)."""

    def check_permissions(self, request):
        super().check_permissions(request)
        if getattr(request.user, "is_akasse", False):
            raise PermissionDenied


def _errors(exc):
    return {"errors": [e.as_dict() for e in exc.errors]}


class FrameworkViewSet(NoAkasseMixin, StarModelViewSet):
    """Evaluation frameworks with their groups and areas (every logged-in user reads them)."""

    queryset = EvaluationFramework.objects.prefetch_related("groups__areas").order_by("name")
    serializer_class = EvaluationFrameworkSerializer


class AreaGroupViewSet(NoAkasseMixin, StarModelViewSet):
    queryset = EvaluationAreaGroup.objects.prefetch_related("areas").order_by("framework", "order")
    serializer_class = EvaluationGroupSerializer
    filterset_fields = ["framework"]


class AreaViewSet(NoAkasseMixin, StarModelViewSet):
    queryset = EvaluationArea.objects.select_related("group").order_by(
        "group__framework", "group__order", "order"
    )
    serializer_class = EvaluationAreaSerializer
    filterset_fields = ["group", "group__framework"]


class EvaluationViewSet(NoAkasseMixin, StarModelViewSet):
    """Evaluations (`/evaluations/{slug}/`); `results/` gives what the user may see of them."""

    queryset = Evaluation.objects.select_related("reform", "framework").order_by("name")
    serializer_class = EvaluationSerializer
    lookup_field = "slug"
    permission_type_map = {
        **StarModelViewSet.permission_type_map,
        "results": "view",
        "pdf": "view",
    }

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def results(self, request, slug=None):
        """Sites the user may see with their scores and goal attainment per round and area, the
        anonymous average of all sites, and cohort against cohort at equal time since start."""
        evaluation = self.get_object()
        return Response(
            results_data(selectors.results_for(evaluation=evaluation, user=request.user))
        )

    @extend_schema(request=EvaluationPdfOrderSerializer, responses={202: EvaluationPdfSerializer})
    @action(detail=True, methods=["post"])
    def pdf(self, request, slug=None):
        """Order the results PDF of a site (`site`) or of the whole evaluation (STAR readers);
        the worker renders it: poll `evaluation-pdfs/{id}/`."""
        evaluation = self.get_object()
        data = EvaluationPdfOrderSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        site = None
        if data.validated_data.get("site"):
            site = selectors.site_for(pk=data.validated_data["site"], user=request.user)
            if site.evaluation_id != evaluation.pk:
                raise NotFound
        try:
            pdf = services.pdf_request(evaluation=evaluation, site=site, by=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(EvaluationPdfSerializer(pdf).data, status=status.HTTP_202_ACCEPTED)


class CohortViewSet(NoAkasseMixin, StarModelViewSet):
    queryset = EvaluationCohort.objects.select_related("evaluation").order_by("evaluation", "order")
    serializer_class = EvaluationCohortSerializer
    filterset_fields = ["evaluation__slug"]


class SiteViewSet(NoAkasseMixin, StarModelViewSet):
    """Sites; a job-centre manager sees only those of his municipality (another: 404)."""

    queryset = (
        EvaluationSite.objects.select_related("evaluation", "cohort")
        .prefetch_related("municipalities")
        .order_by("evaluation", "cohort__order", "name")
    )
    serializer_class = EvaluationSiteSerializer
    filterset_fields = ["evaluation__slug", "cohort"]
    permission_type_map = {**StarModelViewSet.permission_type_map, "results": "view"}

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def results(self, request, pk=None):
        """The site against itself over the rounds and against the average of all sites."""
        site = self.get_object()
        results = selectors.results_for(evaluation=site.evaluation, user=request.user)
        return Response(site_results_data(results, site))


class RoundViewSet(NoAkasseMixin, StarModelViewSet):
    queryset = EvaluationRound.objects.select_related("evaluation").order_by("evaluation", "number")
    serializer_class = EvaluationRoundSerializer
    filterset_fields = ["evaluation__slug", "status"]
    permission_type_map = {**StarModelViewSet.permission_type_map, "import_scores": "view"}

    @extend_schema(
        request={"multipart/form-data": EvaluationScoreImportSerializer},
        responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_scores(self, request, pk=None):
        """A site's score file (CSV/XLSX: `område;score[;bemærkning]`), all-or-nothing: 201 with
        the counts, or 400 with `errors: [{"row", "column", "message"}]` and nothing stored."""
        round_ = self.get_object()
        if not (request.user.is_star_staff or request.user.is_jobcentre):
            raise PermissionDenied
        data = EvaluationScoreImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        site = selectors.site_for(pk=data.validated_data["site"], user=request.user)
        if site.evaluation_id != round_.evaluation_id:
            raise NotFound
        upload = data.validated_data["file"]
        try:
            result = services.scores_import(
                round_=round_, site=site, data=upload.read(), file_name=upload.name, by=request.user
            )
        except services.ScoreError as exc:
            return Response(_errors(exc), status=status.HTTP_400_BAD_REQUEST)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(result.as_dict(), status=status.HTTP_201_CREATED)


class ScoreViewSet(NoAkasseMixin, StarModelViewSet):
    """Scores (`?round=&site=&area=`); created and changed through the service that checks the
    scale and who may enter them (the site's municipality only while the round is open)."""

    queryset = EvaluationScore.objects.select_related("round", "site", "area__group").order_by(
        "round__number", "site", "area"
    )
    serializer_class = EvaluationScoreSerializer
    filterset_fields = ["round", "site", "area", "round__evaluation__slug"]

    def _save(self, *, round_, site, area, score, comment):
        try:
            services.scores_save(
                round_=round_, site=site, rows=[(area, score, comment)], by=self.request.user
            )
        except services.ScoreError as exc:
            raise ValidationError(_errors(exc)) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return EvaluationScore.objects.get(round=round_, site=site, area=area)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        site = selectors.site_for(pk=data["site"].pk, user=request.user)
        score = self._save(
            round_=data["round"],
            site=site,
            area=data["area"],
            score=data["score"],
            comment=data.get("comment", ""),
        )
        return Response(self.get_serializer(score).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        score = serializer.instance
        data = serializer.validated_data
        serializer.instance = self._save(
            round_=score.round,
            site=score.site,
            area=score.area,
            score=data.get("score", score.score),
            comment=data.get("comment", score.comment),
        )


class PdfViewSet(NoAkasseMixin, StarReadOnlyViewSet):
    """Ordered result PDFs: status, and the file when `done`."""

    queryset = EvaluationPdf.objects.select_related("evaluation").order_by("-requested_at")
    serializer_class = EvaluationPdfSerializer
    permission_type_map = {**StarReadOnlyViewSet.permission_type_map, "file": "view"}

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        pdf = self.get_object()
        if pdf.status != EvaluationPdf.Status.DONE or not pdf.file:
            raise NotFound("PDF'en er ikke klar endnu.")
        return FileResponse(
            pdf.file.open("rb"),
            content_type="application/pdf",
            filename=pdf.file.name.rsplit("/", 1)[-1],
        )
