"""Questions from municipalities and a-kasser, and STAR's answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from core.formatting import da_date
from core.views import ObjectDeleteView, ObjectDetailView, ObjectListView, apply_validation_error

from .. import forms, selectors, services
from ..filtersets import QuestionFilterSet
from ..models import Question, Reform
from ..tables import QuestionTable
from .base import ChildCreateView, UpdateView

# --- questions from municipalities --------------------------------------------------------


class QuestionListView(ObjectListView):
    model = Question
    queryset = Question.objects.select_related("reform", "municipality", "akasse")
    table_class = QuestionTable
    filterset_class = QuestionFilterSet
    template_name = "reforms/question_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Every logged-in user may read the reformsider; job-centre managers start here.
        context["reform_pages"] = Reform.objects.exclude(status=Reform.Status.CANCELLED)
        return context

    def get_table_kwargs(self):
        # An organisation's user sees his own organisation's questions: no column for it.
        user = self.request.user
        if user.is_akasse:
            return {"exclude": ("municipality", "akasse")}
        if user.is_jobcentre:
            return {"exclude": ("akasse",)}
        return {}


class QuestionDetailView(ObjectDetailView):
    model = Question
    template_name = "reforms/question_detail.html"
    delete_url_name = "reforms:question_delete"
    detail_fields = [
        "reform",
        "municipality",
        "akasse",
        "asked_by",
        "subject",
        "text",
        "deadline",
        "status",
        "answer",
        "answered_by",
        "answered_at",
        "published",
    ]

    def get_context_data(self, **kwargs):
        # Name the organisation that asked: the municipality or the a-kasse, not both rows.
        unused = "akasse" if self.object.municipality_id else "municipality"
        self.detail_fields = [f for f in type(self).detail_fields if f != unused]
        context = super().get_context_data(**kwargs)
        context["overdue"] = self.object.is_overdue()
        if not self.request.user.is_star_reader:
            context["history"] = None
        return context


class QuestionCreateView(ChildCreateView):
    """A job-centre manager (or staff on a municipality's behalf) asks about a reform."""

    model = Question
    form_class = forms.QuestionForm
    template_name = "reforms/object_form.html"

    @cached_property
    def parent(self):
        # The reformside is public to every logged-in user, so is the reform for asking.
        return get_object_or_404(Reform, slug=self.kwargs["slug"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        # Prefilled with a figure from the benchmark page's "Hvad kan I gøre".
        return {
            **super().get_initial(),
            **selectors.question_prefill(
                reform=self.parent, params=self.request.GET, user=self.request.user
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form_title"] = _("Stil et spørgsmål om %(reform)s") % {"reform": self.parent}
        context["cancel_url"] = reverse("reforms:page", args=[self.parent.slug])
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = services.question_ask(
                reform=self.parent,
                municipality=data.get("municipality"),
                subject=data["subject"],
                text=data["text"],
                by=self.request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Dit spørgsmål er sendt. STAR svarer senest %(date)s.")
            % {"date": da_date(self.object.deadline)},
        )
        return HttpResponseRedirect(self.object.get_absolute_url())


class QuestionAnswerView(UpdateView):
    model = Question
    form_class = forms.AnswerForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form_title"] = _("Besvar »%(subject)s«") % {"subject": self.object.subject}
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.question_answer(
                question=self.object,
                answer=data["answer"],
                published=data.get("published", False),
                by=self.request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Svaret er gemt."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class QuestionDeleteView(ObjectDeleteView):
    model = Question
    success_url_name = "reforms:question_list"
