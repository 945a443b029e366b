"""Pages of the public reform page: the page itself (no log-in, 404 until published), its
preview for STAR, publishing, milestones and documents."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View, generic

from core.views import ObjectDetailView, StarPermissionMixin

from ..models import Document, LegislativeMilestone, Publication, Reform
from ..views.base import ChildCreateView, ChildDeleteView, UpdateView
from . import forms, selectors, services

#: Seconds a rendered public page body is kept (it is keyed by its Last-Modified anyway).
BODY_CACHE_SECONDS = 600


def _body(reform, *, public_only, preview=False, user=None):
    """The page's content HTML (everything but the site's header and footer)."""
    content = selectors.page_content(reform, public_only=public_only)
    report = None
    if user is not None and getattr(user, "is_star_reader", False):
        periods = [f.period for f in content.key_figures if f.period]
        report = selectors.national_report(max(periods)) if periods else None
    return render_to_string(
        "reforms/public/_body.html",
        {"content": content, "public_only": public_only, "preview": preview, "report": report},
    )


class PublicReformPageView(View):
    """/public/reforms/{slug}/: the reform page for everyone, once STAR has published it.

    Only public sections, milestones and documents, national key figures, ongoing and
    upcoming activities and published answers; never risks, escalations or municipal figures.
    Carries Last-Modified (a repeat visit with unchanged content is a 304); the body is
    rendered once per change and language."""

    def get(self, request, slug):
        reform = selectors.published_reform(slug)
        modified = selectors.last_modified(reform)
        conditional = get_conditional_response(request, last_modified=modified.timestamp())
        if conditional is not None:
            response = conditional
        else:
            key = f"public-reform-page:{reform.pk}:{modified.timestamp():.0f}:{get_language()}"
            body = cache.get(key)
            if body is None:
                body = _body(reform, public_only=True)
                cache.set(key, body, BODY_CACHE_SECONDS)
            response = HttpResponse(
                render_to_string(
                    "reforms/public/page.html",
                    {"reform": reform, "body": mark_safe(body)},  # noqa: S308 - autoescaped
                    request=request,
                )
            )
        response["Last-Modified"] = http_date(modified.timestamp())
        response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        return response


class PublicDocumentView(View):
    """A public document of a published reform page (no log-in)."""

    def get(self, request, slug, pk):
        reform = selectors.published_reform(slug)
        document = get_object_or_404(Document, pk=pk, reform=reform, public=True)
        return _file_response(document)


def _file_response(document):
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


class PublicPreviewView(ObjectDetailView):
    """The public page exactly as the public will see it, for STAR before (and after)
    publishing; staff publish or withdraw it here."""

    model = Reform
    slug_field = "slug"
    slug_url_kwarg = "slug"
    template_name = "reforms/public/preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reform = self.object
        user = self.request.user
        context["body"] = mark_safe(  # noqa: S308 - rendered by the autoescaping template
            _body(reform, public_only=True, preview=True, user=user)
        )
        context["publication"] = Publication.objects.filter(reform=reform).first()
        context["can_publish"] = user.has_perm(Publication.get_perm("change"))
        context["public_url"] = reverse("reforms:public_page", args=[reform.slug])
        context["history"] = None
        return context


class PublicationView(StarPermissionMixin, generic.View):
    """POST published=1|0: publish or withdraw the public page (STAR staff)."""

    model = Publication
    permission_type = "change"
    http_method_names = ["post"]

    def get_permission_object(self):
        return None

    def post(self, request, slug):
        reform = get_object_or_404(Reform, slug=slug)
        published = request.POST.get("published") == "1"
        services.publication_set(reform=reform, published=published, by=request.user)
        if published:
            messages.success(
                request,
                _("Reformsiden er offentliggjort på %(url)s.")
                % {"url": reverse("reforms:public_page", args=[slug])},
            )
        else:
            messages.success(request, _("Reformsiden er trukket tilbage fra offentligheden."))
        return HttpResponseRedirect(reverse("reforms:public_preview", args=[slug]))


class MilestoneCreateView(ChildCreateView):
    model = LegislativeMilestone
    form_class = forms.MilestoneForm

    def form_valid(self, form):
        try:
            self.object = services.milestone_save(milestone=form.instance, by=self.request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Milepælen er gemt; fasernes planlagte datoer følger den.")
        )
        return HttpResponseRedirect(self.object.get_absolute_url())


class MilestoneUpdateView(UpdateView):
    model = LegislativeMilestone
    form_class = forms.MilestoneForm

    def form_valid(self, form):
        self.object = services.milestone_save(milestone=form.instance, by=self.request.user)
        messages.success(
            self.request, _("Milepælen er gemt; fasernes planlagte datoer følger den.")
        )
        return HttpResponseRedirect(self.object.get_absolute_url())


class MilestoneDeleteView(ChildDeleteView):
    model = LegislativeMilestone


class DocumentCreateView(ChildCreateView):
    model = Document
    form_class = forms.DocumentForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = services.document_add(reform=self.parent, by=self.request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Dokumentet er lagt i dokumentbiblioteket."))
        return HttpResponseRedirect(reverse("reforms:page", args=[self.parent.slug]) + "#documents")


class DocumentDownloadView(ObjectDetailView):
    """A document for a logged-in user: a non-public one only for STAR staff, administrators
    and steering-group members (404 for the others, as on the page they do not see it)."""

    model = Document

    def get_queryset(self):
        return selectors.documents_for(super().get_queryset(), self.request.user)

    def get(self, request, *args, **kwargs):
        return _file_response(self.get_object())


class DocumentDeleteView(ChildDeleteView):
    model = Document

    def form_valid(self, form):
        self.success_url = reverse("reforms:page", args=[self.object.reform.slug]) + "#documents"
        self.object.file.delete(save=False)
        return super(ChildDeleteView, self).form_valid(form)
