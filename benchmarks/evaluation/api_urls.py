"""API routes of evaluations (included under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter(trailing_slash=True)
router.register("evaluation-frameworks", api.FrameworkViewSet, basename="evaluationframework")
router.register("evaluation-area-groups", api.AreaGroupViewSet, basename="evaluationareagroup")
router.register("evaluation-areas", api.AreaViewSet, basename="evaluationarea")
router.register("evaluations", api.EvaluationViewSet, basename="evaluation")
router.register("evaluation-cohorts", api.CohortViewSet, basename="evaluationcohort")
router.register("evaluation-sites", api.SiteViewSet, basename="evaluationsite")
router.register("evaluation-rounds", api.RoundViewSet, basename="evaluationround")
router.register("evaluation-scores", api.ScoreViewSet, basename="evaluationscore")
router.register("evaluation-pdfs", api.PdfViewSet, basename="evaluationpdf")

urlpatterns = router.urls
