"""Pages of evaluations. Thin: figures come from selectors, writes go through services.

A job-centre manager sees the sites of his municipality (another site answers 404) and the
anonymous average of all sites; STAR staff design evaluations and enter scores at any time, a
site's municipality enters or imports its scores while a round is open."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic

from core.access import visible_to
from core.views import ObjectCreateView, ObjectUpdateView

from . import exports, selectors, services
from .forms import (
    CohortForm,
    EvaluationForm,
    RoundForm,
    ScoreEntryForm,
    ScoreFileForm,
    SiteForm,
)
from .models import (
    Evaluation,
    EvaluationCohort,
    EvaluationFramework,
    EvaluationPdf,
    EvaluationRound,
    EvaluationSite,
)


def refuse_akasse(user):
    """Evaluations are about municipal sites: an a-kasse's user gets 403 on every evaluation
    page, before any object is looked up (CONTRACT §7)."""
    if user.is_authenticated and getattr(user, "is_akasse", False):
        raise PermissionDenied


class NoAkasseMixin:
    def dispatch(self, request, *args, **kwargs):
        refuse_akasse(request.user)
        return super().dispatch(request, *args, **kwargs)


def chosen_round(request, results, site=None):
    """The round in ?runde=N, else the latest the site (or any site) was scored in."""
    rounds = results.rounds_of(site) if site is not None else results.scored_rounds()
    text = request.GET.get("runde", "")
    if text.isdigit():
        match = next((r for r in rounds if r.number == int(text)), None)
        if match is not None:
            return match
    return rounds[-1] if rounds else None


class EvaluationListView(NoAkasseMixin, LoginRequiredMixin, generic.TemplateView):
    """Every evaluation; a job-centre manager sees which of his sites take part."""

    template_name = "benchmarks/evaluation/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evaluations"] = selectors.evaluations_for(user=self.request.user)
        context["can_add"] = self.request.user.has_perm(Evaluation.get_perm("add"))
        return context


class EvaluationMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        refuse_akasse(request.user)
        self.evaluation = selectors.evaluation_for(slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evaluation"] = self.evaluation
        return context


class EvaluationView(EvaluationMixin, generic.TemplateView):
    """The evaluation: rounds, the average of all sites as a radar with its table, cohort
    against cohort at equal time since start, and the sites the user may see."""

    template_name = "benchmarks/evaluation/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        results = selectors.results_for(evaluation=self.evaluation, user=user)
        round_ = chosen_round(self.request, results)
        context.update(
            results=results,
            round=round_,
            radar=selectors.radar(results, round_=round_) if round_ else {"traces": []},
            average_table=[
                (area, results.average.get((round_.pk, area.pk))) for area in results.areas
            ]
            if round_
            else [],
            cohorts=selectors.cohort_comparison(results),
            site_rows=[
                {
                    "site": site,
                    "totals": [results.site_total(site, r) for r in results.rounds],
                }
                for site in results.sites
            ],
            round_rows=[(r, results.n_sites.get(r.pk, 0)) for r in results.rounds],
            round_n=results.n_sites.get(round_.pk, 0) if round_ else 0,
            can_design=user.has_perm(Evaluation.get_perm("change"), self.evaluation),
            can_order_all=user.is_star_reader,
        )
        return context


class SiteMixin(LoginRequiredMixin):
    """The site in the URL (404 when the user may not see it) and its evaluation."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        refuse_akasse(request.user)
        self.site = selectors.site_for(pk=kwargs["pk"], user=request.user)
        self.evaluation = self.site.evaluation
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(evaluation=self.evaluation, site=self.site)
        return context


class SiteView(SiteMixin, generic.TemplateView):
    """One site: a radar per round with the table beside it, its development per area against
    the average of all sites, and the rounds it may score now."""

    template_name = "benchmarks/evaluation/site.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        site = self.site
        results = selectors.results_for(evaluation=self.evaluation, user=user)
        round_ = chosen_round(self.request, results, site)
        context.update(
            results=results,
            round=round_,
            site_rounds=results.rounds_of(site),
            radar=selectors.radar(results, site=site, round_=round_) if round_ else {"traces": []},
            table=selectors.site_table(results, site, round_) if round_ else [],
            development=selectors.site_development(results, site),
            over_rounds=[
                (area, [results.attainment.get((site.pk, r.pk, area.pk)) for r in results.rounds])
                for area in results.areas
            ],
            totals=[
                (results.site_total(site, r), results.average_total(r)) for r in results.rounds
            ],
            enterable=[
                r
                for r in results.rounds
                if r.is_open and services.can_enter_scores(user=user, site=site, round_=r)
            ],
            correctable=[
                r
                for r in results.rounds
                if not r.is_open and services.can_enter_scores(user=user, site=site, round_=r)
            ],
            pdfs=visible_to(EvaluationPdf.objects.filter(site=site), user)[:5],
        )
        return context


class ScoreMixin(SiteMixin):
    """A site's scores in one round: 404 for a site the user may not see, 403 when he may not
    enter scores (another role, or the round is not open for his municipality)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        refuse_akasse(request.user)
        self.site = selectors.site_for(pk=kwargs["pk"], user=request.user)
        self.evaluation = self.site.evaluation
        self.round = selectors.round_for(evaluation=self.evaluation, number=kwargs["number"])
        services.check_can_enter_scores(user=request.user, site=self.site, round_=self.round)
        return generic.View.dispatch(self, request, *args, **kwargs)

    def site_url(self):
        return self.site.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(round=self.round, cancel_url=self.site_url())
        return context


class ScoreEntryView(ScoreMixin, generic.FormView):
    template_name = "benchmarks/evaluation/scores_form.html"
    form_class = ScoreEntryForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["areas"] = self.evaluation.framework.ordered_areas()
        kwargs["initial_scores"] = {
            s.area_id: (s.score, s.comment) for s in self.round.scores.filter(site=self.site)
        }
        return kwargs

    def form_valid(self, form):
        try:
            result = services.scores_save(
                round_=self.round, site=self.site, rows=form.rows(), by=self.request.user
            )
        except services.ScoreError as exc:
            for error in exc.errors:
                form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Scorerne er gemt: %(created)d nye, %(updated)d ændrede, %(unchanged)d uændrede.")
            % result.as_dict(),
        )
        return redirect(f"{self.site_url()}?runde={self.round.number}")


class ScoreImportView(ScoreMixin, generic.FormView):
    """Upload a score file: every row valid, or nothing stored and a message per bad row."""

    template_name = "benchmarks/evaluation/scores_import.html"
    form_class = ScoreFileForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["areas"] = self.evaluation.framework.ordered_areas()
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = services.scores_import(
                round_=self.round,
                site=self.site,
                data=upload.read(),
                file_name=upload.name,
                by=self.request.user,
            )
        except services.ScoreError as exc:
            return self.render_to_response(
                self.get_context_data(form=form, errors=exc.errors), status=400
            )
        messages.success(
            self.request,
            _(
                "Filen er indlæst: %(created)d nye, %(updated)d ændrede, %(unchanged)d uændrede "
                "scorer."
            )
            % result.as_dict(),
        )
        return redirect(f"{self.site_url()}?runde={self.round.number}")


class ScoreTemplateView(ScoreMixin, generic.View):
    """A CSV with the framework's areas and the site's current scores, to fill in."""

    def get(self, request, **kwargs):
        data = exports.score_template_csv(round_=self.round, site=self.site)
        response = HttpResponse(data, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="scorer-{self.evaluation.slug}-{self.site.pk}-'
            f'runde-{self.round.number}.csv"'
        )
        return response


class ResultsExportView(EvaluationMixin, generic.View):
    """The results the user may see as XLSX."""

    def get(self, request, **kwargs):
        results = selectors.results_for(evaluation=self.evaluation, user=request.user)
        response = HttpResponse(
            exports.results_xlsx(results),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="evaluering-{self.evaluation.slug}.xlsx"'
        )
        return response


class PdfOrderView(EvaluationMixin, generic.View):
    """POST: order the results PDF of a site (?site=) or of the whole evaluation (STAR)."""

    def post(self, request, **kwargs):
        site = None
        site_id = request.POST.get("site", "")
        if site_id:
            if not site_id.isdigit():
                raise Http404
            site = selectors.site_for(pk=int(site_id), user=request.user)
            if site.evaluation_id != self.evaluation.pk:
                raise Http404
        services.pdf_request(evaluation=self.evaluation, site=site, by=request.user)
        messages.info(
            request, _("PDF'en er bestilt. Den dannes i baggrunden; genindlæs siden om lidt.")
        )
        return HttpResponseRedirect(
            site.get_absolute_url() if site else self.evaluation.get_absolute_url()
        )


class PdfDownloadView(NoAkasseMixin, LoginRequiredMixin, generic.View):
    def get(self, request, pk):
        pdf = get_object_or_404(visible_to(EvaluationPdf.objects.all(), request.user), pk=pk)
        if not request.user.has_perm(EvaluationPdf.get_perm("view"), pdf):
            raise PermissionDenied
        if pdf.status != EvaluationPdf.Status.DONE or not pdf.file:
            raise Http404(_("PDF'en er ikke klar endnu."))
        return FileResponse(
            pdf.file.open("rb"),
            content_type="application/pdf",
            filename=pdf.file.name.rsplit("/", 1)[-1],
        )


# --- design (STAR staff) ---------------------------------------------------------------------


class FrameworkListView(NoAkasseMixin, LoginRequiredMixin, generic.ListView):
    template_name = "benchmarks/evaluation/framework_list.html"
    queryset = EvaluationFramework.objects.prefetch_related("groups__areas", "evaluations")


class FrameworkDetailView(NoAkasseMixin, LoginRequiredMixin, generic.DetailView):
    template_name = "benchmarks/evaluation/framework_detail.html"
    model = EvaluationFramework


class EvaluationCreateView(ObjectCreateView):
    model = Evaluation
    form_class = EvaluationForm

    def get_success_url(self):
        return self.object.get_absolute_url()


class EvaluationPartMixin:
    """A cohort, site or round of the evaluation in the URL (STAR staff)."""

    def dispatch(self, request, *args, **kwargs):
        self.evaluation = selectors.evaluation_for(slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["evaluation"] = self.evaluation
        return kwargs

    def form_valid(self, form):
        form.instance.evaluation = self.evaluation
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.evaluation.get_absolute_url()
        return context

    def get_success_url(self):
        return self.evaluation.get_absolute_url()


class CohortCreateView(EvaluationPartMixin, ObjectCreateView):
    model = EvaluationCohort
    form_class = CohortForm


class SiteCreateView(EvaluationPartMixin, ObjectCreateView):
    model = EvaluationSite
    form_class = SiteForm


class RoundCreateView(EvaluationPartMixin, ObjectCreateView):
    model = EvaluationRound
    form_class = RoundForm


class RoundUpdateView(EvaluationPartMixin, ObjectUpdateView):
    """Change a round's date or status (planned → open for scoring → closed)."""

    model = EvaluationRound
    form_class = RoundForm

    def get_queryset(self):
        return super().get_queryset().filter(evaluation=self.evaluation)
