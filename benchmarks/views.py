"""Benchmark pages of the municipalities, targets, national overview and reform dashboard
(evaluations: benchmarks/evaluation/views.py). Thin: every figure comes from
benchmarks.selectors."""

import hashlib

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from core.formatting import da_month
from core.periods import format_period, parse_period
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from indicators.models import Region
from indicators.national import national_against_path, national_targets_of, path_trace
from indicators.target_groups import parse_target_group, target_groups_in_use
from reforms.followups.selectors import warnings_with_followups
from reforms.models import Escalation, FollowUp, Question, Reform
from reforms.track import reform_track
from risklog.selectors import largest_risks

from . import cache as page_cache
from .exports import benchmark_csv, benchmark_xlsx
from .filtersets import MunicipalTargetFilterSet
from .forms import MunicipalTargetForm
from .grants.selectors import municipality_tranches
from .models import MunicipalTarget
from .reports.selectors import latest_report_id, report_for
from .selectors import dashboard, overview
from .selectors.actions import benchmark_actions
from .selectors.benchmark import benchmark_municipality_for, chart_data
from .selectors.peers import peer_view, peers_section
from .selectors.summary import benchmark_summary
from .tables import MunicipalTargetTable


class MyBenchmarkRedirectView(LoginRequiredMixin, View):
    """A job-centre manager's own page."""

    def get(self, request):
        if not request.user.is_jobcentre:
            raise PermissionDenied
        return redirect("benchmarks:page", code=request.user.municipality_id)


class StarReaderMixin(LoginRequiredMixin):
    """STAR staff, administrators and steering members only (403 for others)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.is_star_reader:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def requested_period(request):
    """(period or None, Danish error or None) from ?period=YYYY-MM."""
    text = request.GET.get("period", "").strip()
    if not text:
        return None, None
    try:
        return parse_period(text), None
    except ValueError as exc:
        return None, _("Ugyldig måned: %(error)s.") % {"error": exc}


class BenchmarkPageView(LoginRequiredMixin, TemplateView):
    """/benchmark/{code}/: how the municipality is doing, compared with whom, and why.

    An htmx request (month switch) gets only the body that changes. The body is rendered once
    per municipality, month and data version in each process (benchmarks.cache), and the
    response carries an ETag of that version, so a repeat visit with unchanged data is a 304."""

    template_name = "benchmarks/page.html"
    body_template_name = "benchmarks/_body.html"

    def get(self, request, *args, **kwargs):
        municipality = benchmark_municipality_for(user=request.user, code=self.kwargs["code"])
        version, modified = page_cache.data_version()
        version = f"{version}.{latest_report_id(municipality=municipality)}"
        htmx = bool(getattr(request, "htmx", False))
        etag = page_etag(request, municipality.code, version, htmx)
        conditional = None
        if not has_pending_messages(request):
            conditional = get_conditional_response(
                request, etag=etag, last_modified=None if modified is None else modified.timestamp()
            )
        if conditional is not None:
            response = conditional
        else:
            body = self.body(request, municipality, version)
            if htmx:
                # The summary above the month selector follows the month (out-of-band swap).
                response = HttpResponse(
                    body["html"] + body["summary_oob_html"] + body["actions_oob_html"]
                )
            else:
                context = self.get_context_data(
                    municipality=municipality,
                    body_html=body["html"],
                    summary_html=body["summary_html"],
                    actions_html=body["actions_html"],
                    freshness_html=body["freshness_html"],
                    period_text=body["period_text"],
                    period_choices=body["period_choices"],
                    peer_view_key=body["peer_view_key"],
                    target_group=body["target_group"],
                    target_group_choices=body["target_group_choices"],
                )
                response = self.render_to_response(context)
            if modified is not None:
                response["Last-Modified"] = http_date(modified.timestamp())
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ["Cookie", "HX-Request"])
        return response

    def body(self, request, municipality, version):
        """{html, period_text, period_choices} of the body, from the cache when possible."""
        period, error = requested_period(request)
        target_group, group_error = parse_target_group(request.GET.get("target_group"))
        # STAR staff get a "open a follow-up" link on figures that call for one.
        follow_up = request.user.has_perm(FollowUp.get_perm("add"))
        # Managers and STAR staff get "Stil et spørgsmål til STAR" under "Hvad kan I gøre".
        can_ask = request.user.has_perm(Question.get_perm("add"))
        # Whom the peers section compares with (?peers=model|guarded|…; unknown: the model's).
        view = peer_view(request.GET.get("peers", ""))
        key = (
            "page-body",
            municipality.code,
            period,
            error,
            version,
            get_language(),
            follow_up,
            can_ask,
            view.key,
            target_group,
            group_error,
        )
        cached = page_cache.get(key)
        if cached is not None:
            return cached
        benchmark = page_cache.cached_benchmark(
            municipality=municipality, period=period, version=version, target_group=target_group
        )
        if period is not None and period not in benchmark.periods:
            error = error or _("Der er ingen tal for %(month)s. Vælg en anden måned.") % {
                "month": da_month(period)
            }
        if error:
            # Show the latest month instead, with the message.
            benchmark = page_cache.cached_benchmark(
                municipality=municipality, version=version, target_group=target_group
            )
        period_text = format_period(benchmark.period) if benchmark.period else ""
        summary = benchmark_summary(benchmark)
        actions = benchmark_actions(benchmark, summary, can_ask=can_ask)
        html = render_to_string(
            self.body_template_name,
            {
                "municipality": municipality,
                "benchmark": benchmark,
                "period_error": error,
                "charts": chart_data(benchmark),
                "period_text": period_text,
                "can_follow_up": follow_up,
                "report": report_for(municipality=municipality, period=benchmark.period),
                "tranches": municipality_tranches(municipality.code, until=benchmark.period),
                "peers": peers_section(benchmark, view),
                "target_group_error": group_error,
            },
        )
        return page_cache.put(
            key,
            {
                "html": mark_safe(html),  # noqa: S308 - rendered by the autoescaping template
                "summary_html": mark_safe(  # noqa: S308 - rendered by the autoescaping template
                    render_to_string("benchmarks/_summary.html", {"summary": summary})
                ),
                "summary_oob_html": mark_safe(  # noqa: S308 - rendered by the autoescaping template
                    render_to_string("benchmarks/_summary.html", {"summary": summary, "oob": True})
                ),
                "actions_html": mark_safe(  # noqa: S308 - rendered by the autoescaping template
                    render_to_string("benchmarks/_actions.html", {"actions": actions})
                ),
                "actions_oob_html": mark_safe(  # noqa: S308 - rendered by the autoescaping template
                    render_to_string("benchmarks/_actions.html", {"actions": actions, "oob": True})
                ),
                "freshness_html": mark_safe(  # noqa: S308 - rendered by the autoescaping template
                    render_to_string(
                        "benchmarks/_freshness.html",
                        {
                            "as_of": benchmark.as_of,
                            "newest": benchmark.periods[-1] if benchmark.periods else None,
                            # The newest month stays provisional until the next month's arrive.
                            "newest_provisional": bool(benchmark.periods),
                        },
                    )
                ),
                "period_text": period_text,
                "period_choices": [format_period(p) for p in reversed(benchmark.periods)],
                "peer_view_key": view.key,
                "target_group": target_group or "",
                "target_group_choices": target_groups_in_use(),
            },
        )


def has_pending_messages(request):
    storage = getattr(request, "_messages", None)
    return bool(storage) and len(storage) > 0


def csrf_secret(request):
    """The CSRF secret the page's forms are masked with (created now if the visitor has none,
    so the first response's ETag already matches the cookie it sets)."""
    get_token(request)
    return request.META.get("CSRF_COOKIE", "")


def page_etag(request, code, version, htmx):
    """A weak validator of what this user gets: the data version, the page variant and the
    user's session and CSRF secret (the full page has the user's menu and forms)."""
    parts = [
        version,
        str(code),
        request.GET.urlencode(),
        "htmx" if htmx else "page",
        get_language() or "",
        str(request.user.pk),
        request.session.session_key or "",
        csrf_secret(request),
    ]
    digest = hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()[:20]
    return f'W/"{digest}"'


class BenchmarkExportView(LoginRequiredMixin, View):
    """The month's figures as CSV or XLSX (text cells safe from formula injection)."""

    def get(self, request, code, fmt):
        municipality = benchmark_municipality_for(user=request.user, code=code)
        period, error = requested_period(request)
        if error:
            return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
        target_group, group_error = parse_target_group(request.GET.get("target_group"))
        if group_error:
            return HttpResponse(group_error, status=400, content_type="text/plain; charset=utf-8")
        benchmark = page_cache.cached_benchmark(
            municipality=municipality, period=period, target_group=target_group
        )
        if period is not None and period not in benchmark.periods:
            raise Http404(_("Der er ingen tal for den valgte måned."))
        month = format_period(benchmark.period) if benchmark.period else "ingen-data"
        name = f"benchmark-{municipality.code}-{month}.{fmt}"
        if fmt == "csv":
            response = HttpResponse(
                benchmark_csv(benchmark), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                benchmark_xlsx(benchmark),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# --- Targets ---------------------------------------------------------------------------------


class TargetFormMixin:
    model = MunicipalTarget
    form_class = MunicipalTargetForm
    cancel_url = "/benchmark/maal/"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_success_url(self):
        return reverse("benchmarks:target_detail", args=[self.object.pk])


class TargetDetailView(ObjectDetailView):
    """A target with its change history."""

    model = MunicipalTarget
    queryset = MunicipalTarget.objects.select_related("municipality", "indicator")
    template_name = "benchmarks/target_detail.html"
    detail_fields = [
        "municipality",
        "indicator",
        "baseline_period",
        "baseline_value",
        "target_value",
        "target_date",
        "note",
    ]
    edit_url_name = "benchmarks:target_update"
    delete_url_name = "benchmarks:target_delete"


class TargetListView(ObjectListView):
    model = MunicipalTarget
    queryset = MunicipalTarget.objects.select_related("municipality", "indicator")
    table_class = MunicipalTargetTable
    filterset_class = MunicipalTargetFilterSet
    add_url_name = "benchmarks:target_create"
    template_name = "benchmarks/target_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Creating needs a municipality: any logged-in STAR staff or a job-centre manager.
        user = self.request.user
        context["can_add"] = user.is_star_staff or user.is_jobcentre
        return context


class TargetCreateView(TargetFormMixin, ObjectCreateView):
    def get_initial(self):
        initial = super().get_initial()
        for key in ("indicator", "municipality"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key]
        return initial


class TargetUpdateView(TargetFormMixin, ObjectUpdateView):
    pass


class TargetDeleteView(ObjectDeleteView):
    model = MunicipalTarget
    success_url_name = "benchmarks:target_list"


# --- National overview and reform dashboard -------------------------------------------------


class OverviewView(StarReaderMixin, TemplateView):
    """Heat grid municipalities x indicators and the early-warning list (STAR readers)."""

    template_name = "benchmarks/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The grid, the months and the warnings change only with the data (benchmarks.cache).
        version = page_cache.data_version()[0]
        periods = page_cache.memo(
            "overview-periods", version=version, build=overview.overview_periods
        )
        period, error = requested_period(self.request)
        if period is not None and period not in periods:
            error = error or _("Der er ingen tal for %(month)s.") % {"month": format_period(period)}
            period = None
        if period is None and periods:
            period = periods[-1]
        region = self.request.GET.get("region") or None
        region = int(region) if region and region.isdigit() else None
        colour = "rank" if self.request.GET.get("colour") == "rank" else "residual"
        sort = self.request.GET.get("sort") or "name"
        descending = self.request.GET.get("dir") == "desc"
        indicators, rows = (
            page_cache.memo(
                "overview-grid",
                period,
                region,
                colour,
                sort,
                descending,
                version=version,
                build=lambda: overview.overview_grid(
                    period=period, region=region, colour=colour, sort=sort, descending=descending
                ),
            )
            if period
            else ([], [])
        )
        context.update(
            period=period,
            period_text=format_period(period) if period else "",
            period_choices=[format_period(p) for p in reversed(periods)],
            period_error=error,
            regions=Region.objects.order_by("name"),
            region=region,
            colour=colour,
            sort=sort,
            descending=descending,
            indicators=indicators,
            rows=rows,
            warnings=page_cache.memo(
                "overview-warnings",
                period,
                region,
                version=version,
                build=lambda: overview.early_warnings(period=period, region=region),
            ),
        )
        context["national_paths"] = (
            page_cache.memo(
                "overview-national-paths",
                period,
                version=version,
                build=lambda: overview.national_paths(period=period),
            )
            if period
            else []
        )
        # Follow-up cases change without the data: read them on every request.
        context["warning_rows"] = warnings_with_followups(context["warnings"])
        context["can_follow_up"] = self.request.user.has_perm(FollowUp.get_perm("add"))
        return context


class ReformDashboardView(StarReaderMixin, TemplateView):
    """One page for the steering group: phase, plan, risks, escalations, sigtelinjer."""

    template_name = "benchmarks/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The phases' checklists are read by the phase panel and by reform_track's checklist and
        # deadline rules: prefetched once (tests/benchmarks/test_chart_page_queries.py).
        reform = get_object_or_404(
            Reform.objects.prefetch_related("phases__checklist"), slug=self.kwargs["slug"]
        )
        series = page_cache.memo(
            "national-series",
            reform.pk,
            version=page_cache.data_version()[0],
            build=lambda: dashboard.national_series(reform=reform),
        )
        # Targets are read fresh (a new target does not change the data version).
        targets = national_targets_of(indicator for indicator, _points in series)
        context.update(
            reform=reform,
            reforms=Reform.objects.order_by("name"),
            phase=dashboard.current_phase(reform=reform),
            phases=list(reform.phases.all()),
            risks=largest_risks(reform),
            escalations=Escalation.objects.filter(reform=reform)
            .select_related("indicator")
            .order_by("status", "-created_at")[:10],
            national=[
                (
                    indicator,
                    targets.get(indicator.pk),
                    national_against_path(indicator, targets.get(indicator.pk), points),
                )
                for indicator, points in series
            ],
            charts={
                indicator.code: {
                    "title": indicator.name,
                    "unit": indicator.unit,
                    # Counts without decimals, like the benchmark page's charts.
                    "decimals": indicator.decimals,
                    "periods": [format_period(p) for p, _ in points],
                    # The month ticks and hover in the month style of the page ("jan. 2025").
                    "labels": [da_month(p) for p, _ in points],
                    "national": [v for _, v in points],
                    "target": path_trace(indicator, points, targets.get(indicator.pk)),
                }
                for indicator, points in series
            },
            track=reform_track(reform),
        )
        return context


class ReformDashboardIndexView(StarReaderMixin, View):
    """The first reform's dashboard (or an empty state)."""

    def get(self, request):
        slug = request.GET.get("reform")
        reform = (Reform.objects.filter(slug=slug).first() if slug else None) or (
            Reform.objects.order_by("name").first()
        )
        if reform is None:
            return render(request, "benchmarks/dashboard_empty.html")
        return redirect("benchmarks:dashboard", slug=reform.slug)
