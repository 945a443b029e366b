"""Pages of the reforms app: overview, workspace, reformside and the reform's parts."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import generic
from django_filters.views import FilterView

from core.access import visible_to
from core.formatting import da_date
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedQuerysetMixin,
    StarPermissionMixin,
    apply_validation_error,
)

from . import forms, selectors, services, track
from .filtersets import (
    EscalationFilterSet,
    GroupFilterSet,
    LeverFilterSet,
    MeetingFilterSet,
    OfficeFilterSet,
    PersonFilterSet,
    QuestionFilterSet,
    ReformFilterSet,
)
from .models import (
    ActionItem,
    ChecklistItem,
    CommunicationItem,
    Escalation,
    Group,
    GroupMember,
    ImplementabilityItem,
    Lever,
    Meeting,
    Office,
    PageSection,
    Person,
    Phase,
    Question,
    Reform,
)
from .public.selectors import is_published, national_report, page_content
from .tables import (
    EscalationTable,
    GroupTable,
    LeverTable,
    MeetingTable,
    OfficeTable,
    PersonTable,
    QuestionTable,
)

# --- generic building blocks -------------------------------------------------------------


class HistoryFormMixin:
    """Edit pages show the object's history under the form (objects without a page of
    their own)."""

    template_name = "reforms/object_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = getattr(self, "object", None)
        if obj is not None and obj.pk and hasattr(obj, "history"):
            context["history"] = obj.history.select_related("history_user").all()[:25]
        return context


class UpdateView(HistoryFormMixin, ObjectUpdateView):
    def get_success_url(self):
        return self.object.get_absolute_url()


class ParentMixin:
    """A view under a parent object (a reform by slug, a group or meeting by pk)."""

    parent_model = Reform
    parent_lookup = "slug"
    parent_kwarg = "slug"
    parent_attr = "reform"

    @cached_property
    def parent(self):
        qs = visible_to(self.parent_model.objects.all(), self.request.user)
        return get_object_or_404(qs, **{self.parent_lookup: self.kwargs[self.parent_kwarg]})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent"] = self.parent
        context["reform"] = self.parent if isinstance(self.parent, Reform) else None
        context["cancel_url"] = self.parent.get_absolute_url()
        return context


class ChildCreateView(ParentMixin, HistoryFormMixin, ObjectCreateView):
    """Create an object belonging to the parent; the parent is set before validation."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.model(**{self.parent_attr: self.parent})
        return kwargs

    def get_success_url(self):
        return self.object.get_absolute_url()


class ChildDeleteView(ObjectDeleteView):
    """Delete, then go back to the page the object was shown on."""

    def form_valid(self, form):
        self.success_url = self.object.get_absolute_url()
        return super().form_valid(form)


# --- reforms -------------------------------------------------------------------------------


class ReformListView(StarPermissionMixin, ScopedQuerysetMixin, FilterView):
    """The overview: every reform with current phase, traffic light, next meeting, overdue
    items and warnings (filtered, sorted and paginated like every list)."""

    model = Reform
    queryset = Reform.objects.select_related("responsible_office")
    filterset_class = ReformFilterSet
    template_name = "reforms/reform_list.html"
    permission_type = "view"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["page_obj"].object_list if context.get("page_obj") else [])
        order = {reform.pk: index for index, reform in enumerate(page)}
        rows = selectors.reforms_with_status(Reform.objects.filter(pk__in=order))
        context["rows"] = sorted(rows, key=lambda row: order[row["reform"].pk])
        context["can_add"] = self.request.user.has_perm(Reform.get_perm("add"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        return context


class ReformDetailView(ObjectDetailView):
    """The reform's workspace for STAR staff and steering members."""

    model = Reform
    template_name = "reforms/reform_detail.html"
    slug_field = "slug"
    slug_url_kwarg = "slug"
    url_kwarg_field = "slug"
    edit_url_name = "reforms:update"
    delete_url_name = "reforms:delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reform = self.object
        user = self.request.user
        context["status"] = selectors.reform_status(reform)
        context["track_history"] = track.track_history(reform, current=context["status"]["track"])
        context["phases"] = reform.phases.prefetch_related(
            "checklist__responsible_office", "checklist__responsible_person"
        )
        context["groups"] = reform.groups.annotate(member_count=Count("members")).select_related(
            "responsible_office"
        )
        context["escalations"] = reform.escalations.select_related("proposed_by")[:10]
        context["communication"] = reform.communication.select_related("responsible")[:8]
        context["implementability"] = reform.implementability.all()[:5]
        context["levers"] = reform.levers.all()
        context["questions"] = reform.questions.select_related("municipality", "akasse")[:10]
        context["indicators"] = reform.indicators.order_by("kind", "name")
        context["can_edit"] = user.has_perm(Reform.get_perm("change"), reform)
        context["can_escalate"] = user.has_perm(Escalation.get_perm("add"))
        return context


class ReformCreateView(HistoryFormMixin, ObjectCreateView):
    model = Reform
    form_class = forms.ReformForm
    cancel_url = "/reforms/"

    def form_valid(self, form):
        try:
            self.object = services.reform_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(object)s er oprettet med de fire faser og guidens tjeklister.")
            % {"object": self.object},
        )
        return HttpResponseRedirect(self.object.get_absolute_url())


class ReformUpdateView(UpdateView):
    model = Reform
    form_class = forms.ReformForm
    slug_field = "slug"
    slug_url_kwarg = "slug"


class ReformDeleteView(ObjectDeleteView):
    """Administrators only; the confirmation page says what will be deleted with it."""

    model = Reform
    slug_field = "slug"
    slug_url_kwarg = "slug"
    template_name = "reforms/reform_confirm_delete.html"
    success_url_name = "reforms:list"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reform = self.object
        context["content"] = [
            (_("grupper"), reform.groups.count()),
            (_("møder"), Meeting.objects.filter(group__reform=reform).count()),
            (_("eskaleringer"), reform.escalations.count()),
            (_("tjeklistepunkter"), ChecklistItem.objects.filter(phase__reform=reform).count()),
            (_("kommunikationsaktiviteter"), reform.communication.count()),
            (_("implementeringsgreb"), reform.levers.count()),
            (_("spørgsmål fra kommuner"), reform.questions.count()),
        ]
        return context


class ReformPageView(ObjectDetailView):
    """The reformside: every logged-in user reads it; staff edit its sections."""

    model = Reform
    permission_type = "view_page"
    template_name = "reforms/reform_page.html"
    slug_field = "slug"
    slug_url_kwarg = "slug"
    url_kwarg_field = "slug"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reform = self.object
        user = self.request.user
        sections = {s.kind: s for s in reform.page_sections.all()}
        context["sections"] = [
            (kind, label, sections.get(kind)) for kind, label in PageSection.Kind.choices
        ]
        context["indicators"] = reform.indicators.order_by("kind", "name")
        context["published_questions"] = selectors.published_questions(reform)
        context["my_questions"] = (
            visible_to(reform.questions.all(), user).order_by("-created_at")
            if user.is_jobcentre
            else None
        )
        context["can_edit_page"] = user.has_perm(PageSection.get_perm("change"))
        context["can_ask"] = user.has_perm(Question.get_perm("add"))
        # What the page shows is built once for this page, the public page and its preview.
        content = page_content(reform, public_only=False)
        context["content"] = content
        context["published"] = is_published(reform)
        periods = [f.period for f in content.key_figures if f.period]
        context["report"] = (
            national_report(max(periods)) if periods and user.is_star_reader else None
        )
        context["levers"] = reform.levers.all()
        context["history"] = None
        return context


class PageSectionUpdateView(UpdateView):
    model = PageSection
    form_class = forms.PageSectionForm

    def get_object(self, queryset=None):
        if self.kwargs["kind"] not in PageSection.Kind.values:
            raise Http404
        reform = get_object_or_404(Reform, slug=self.kwargs["slug"])
        section, _created = PageSection.objects.get_or_create(
            reform=reform, kind=self.kwargs["kind"]
        )
        return section

    def get_permission_object(self):
        return None


# --- phases and checklists ----------------------------------------------------------------


class PhaseUpdateView(UpdateView):
    model = Phase
    form_class = forms.PhaseForm


class ChecklistItemCreateView(ChildCreateView):
    model = ChecklistItem
    form_class = forms.ChecklistItemForm

    def get_form_kwargs(self):
        kwargs = ObjectCreateView.get_form_kwargs(self)
        kwargs["reform"] = self.parent
        phase = self.parent.phases.filter(kind=self.request.GET.get("phase")).first()
        if phase:
            kwargs.setdefault("initial", {})["phase"] = phase.pk
        return kwargs


class ChecklistItemUpdateView(UpdateView):
    model = ChecklistItem
    form_class = forms.ChecklistItemForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["reform"] = self.object.phase.reform
        return kwargs


class ChecklistItemDeleteView(ChildDeleteView):
    model = ChecklistItem


class ChecklistItemToggleView(StarPermissionMixin, ScopedQuerysetMixin, generic.View):
    """POST: tick or untick a checklist item from the workspace."""

    model = ChecklistItem
    permission_type = "change"
    http_method_names = ["post"]

    def get_queryset(self):
        return visible_to(ChecklistItem.objects.select_related("phase__reform"), self.request.user)

    def get_permission_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def post(self, request, pk):
        item = self.get_permission_object()
        done = request.POST.get("done") == "1"
        services.checklist_item_set_done(item=item, done=done, by=request.user)
        if done:
            messages.success(request, _("»%(item)s« er markeret som udført.") % {"item": item})
        else:
            messages.info(request, _("»%(item)s« er markeret som ikke udført.") % {"item": item})
        return HttpResponseRedirect(item.get_absolute_url())


# --- groups, members, meetings, action items ---------------------------------------------


class GroupListView(ObjectListView):
    model = Group
    queryset = (
        Group.objects.select_related("reform", "responsible_office")
        .annotate(member_count=Count("members"))
        .order_by("reform__name", "kind")
    )
    table_class = GroupTable
    filterset_class = GroupFilterSet


class GroupDetailView(ObjectDetailView):
    model = Group
    template_name = "reforms/group_detail.html"
    edit_url_name = "reforms:group_update"
    delete_url_name = "reforms:group_delete"
    detail_fields = ["reform", "kind", "name", "region", "responsible_office", "description"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = self.object.members.select_related(
            "person__office", "municipality"
        ).order_by("person__name", "municipality__name")
        context["meetings"] = self.object.meetings.all()
        user = self.request.user
        context["can_add_member"] = user.has_perm(GroupMember.get_perm("add"))
        context["can_add_meeting"] = user.has_perm(Meeting.get_perm("add"))
        return context


class GroupCreateView(ChildCreateView):
    model = Group
    form_class = forms.GroupForm


class GroupUpdateView(UpdateView):
    model = Group
    form_class = forms.GroupForm


class GroupDeleteView(ChildDeleteView):
    model = Group

    def form_valid(self, form):
        self.success_url = self.object.reform.get_absolute_url()
        return ObjectDeleteView.form_valid(self, form)


class MemberCreateView(ChildCreateView):
    model = GroupMember
    form_class = forms.GroupMemberForm
    parent_model = Group
    parent_lookup = "pk"
    parent_kwarg = "pk"
    parent_attr = "group"


class MemberUpdateView(UpdateView):
    model = GroupMember
    form_class = forms.GroupMemberForm


class MemberDeleteView(ChildDeleteView):
    model = GroupMember


class MeetingListView(ObjectListView):
    model = Meeting
    queryset = Meeting.objects.select_related("group__reform")
    table_class = MeetingTable
    filterset_class = MeetingFilterSet


class MeetingDetailView(ObjectDetailView):
    model = Meeting
    template_name = "reforms/meeting_detail.html"
    edit_url_name = "reforms:meeting_update"
    delete_url_name = "reforms:meeting_delete"
    detail_fields = ["group", "starts_at", "title", "location"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = self.object.action_items.select_related("owner")
        context["can_add_action"] = self.request.user.has_perm(ActionItem.get_perm("add"))
        return context


class MeetingCreateView(ChildCreateView):
    model = Meeting
    form_class = forms.MeetingForm
    parent_model = Group
    parent_lookup = "pk"
    parent_kwarg = "pk"
    parent_attr = "group"


class MeetingUpdateView(UpdateView):
    model = Meeting
    form_class = forms.MeetingForm


class MeetingDeleteView(ChildDeleteView):
    model = Meeting

    def form_valid(self, form):
        self.success_url = self.object.group.get_absolute_url()
        return ObjectDeleteView.form_valid(self, form)


class ActionItemCreateView(ChildCreateView):
    model = ActionItem
    form_class = forms.ActionItemForm
    parent_model = Meeting
    parent_lookup = "pk"
    parent_kwarg = "pk"
    parent_attr = "meeting"


class ActionItemUpdateView(UpdateView):
    model = ActionItem
    form_class = forms.ActionItemForm


class ActionItemDeleteView(ChildDeleteView):
    model = ActionItem


# --- escalations --------------------------------------------------------------------------


class EscalationListView(ObjectListView):
    model = Escalation
    queryset = Escalation.objects.select_related("reform", "proposed_by")
    table_class = EscalationTable
    filterset_class = EscalationFilterSet


class EscalationDetailView(ObjectDetailView):
    model = Escalation
    template_name = "reforms/escalation_detail.html"
    edit_url_name = "reforms:escalation_update"
    delete_url_name = "reforms:escalation_delete"
    detail_fields = [
        "reform",
        "subject",
        "cause",
        "proposal",
        "indicator",
        "proposed_by",
        "status",
        "decision_text",
        "decided_at",
        "decided_by",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_decide"] = self.object.is_open and user.has_perm(
            Escalation.get_perm("decide"), self.object
        )
        context["decision_form"] = kwargs.get("decision_form") or forms.EscalationDecisionForm()
        context["can_change"] = context.get("can_change") and self.object.is_open
        return context


class EscalationCreateView(ChildCreateView):
    model = Escalation
    form_class = forms.EscalationForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = services.escalation_raise(
                reform=self.parent,
                subject=data["subject"],
                cause=data.get("cause", ""),
                proposal=data["proposal"],
                indicator=data.get("indicator"),
                by=self.request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Eskaleringen er sendt til styregruppen, som får besked pr. e-mail."),
        )
        return HttpResponseRedirect(self.object.get_absolute_url())


class EscalationUpdateView(UpdateView):
    model = Escalation
    form_class = forms.EscalationForm


class EscalationDeleteView(ChildDeleteView):
    model = Escalation

    def form_valid(self, form):
        self.success_url = self.object.reform.get_absolute_url()
        return ObjectDeleteView.form_valid(self, form)


class EscalationDecideView(StarPermissionMixin, ScopedQuerysetMixin, generic.FormView):
    """The steering group's decision. Readers reach the form; the service refuses anyone
    who is not a steering member with a Danish form error, and nothing is saved."""

    model = Escalation
    permission_type = "view"
    form_class = forms.EscalationDecisionForm
    template_name = "reforms/object_form.html"

    def get_queryset(self):
        return visible_to(Escalation.objects.select_related("reform"), self.request.user)

    @cached_property
    def escalation(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.escalation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form_title"] = _("Beslutning om »%(subject)s«") % {
            "subject": self.escalation.subject
        }
        context["object"] = None
        context["cancel_url"] = self.escalation.get_absolute_url()
        context["verbose_name"] = Escalation._meta.verbose_name
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.escalation_decide(
                escalation=self.escalation,
                status=data["status"],
                decision_text=data["decision_text"],
                decided_at=data.get("decided_at"),
                by=self.request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Beslutningen er registreret."))
        return HttpResponseRedirect(self.escalation.get_absolute_url())


# --- communication plan and implementability ---------------------------------------------


class ReformChildListView(StarPermissionMixin, ParentMixin, generic.ListView):
    """A reform's items of one kind on one page (sorted table, no pagination needed)."""

    permission_type = "view"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return self.model.objects.filter(reform=self.parent)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = user.has_perm(self.model.get_perm("add"))
        context["can_change"] = user.has_perm(self.model.get_perm("change"))
        context["verbose_name"] = self.model._meta.verbose_name
        context["verbose_name_plural"] = self.model._meta.verbose_name_plural
        return context


class CommunicationListView(ReformChildListView):
    """The kommunikationsplan as a table and as a timeline by month."""

    model = CommunicationItem
    template_name = "reforms/communication_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("responsible").order_by("timing", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = list(context["object_list"])
        context["timeline"] = [
            (month, list(group))
            for month, group in groupby(items, key=lambda i: i.timing.replace(day=1))
        ]
        return context


class CommunicationCreateView(ChildCreateView):
    model = CommunicationItem
    form_class = forms.CommunicationItemForm


class CommunicationUpdateView(UpdateView):
    model = CommunicationItem
    form_class = forms.CommunicationItemForm


class CommunicationDeleteView(ChildDeleteView):
    model = CommunicationItem


class ImplementabilityListView(ReformChildListView):
    model = ImplementabilityItem
    template_name = "reforms/implementability_list.html"
    SORTS = {
        "difficulty": ["difficulty", "initiative"],
        "-difficulty": ["-difficulty", "initiative"],
        "initiative": ["initiative"],
        "-initiative": ["-initiative"],
    }

    def get_queryset(self):
        sort = self.request.GET.get("sort", "-difficulty")
        order = self.SORTS.get(sort, self.SORTS["-difficulty"])
        return super().get_queryset().prefetch_related("municipalities").order_by(*order)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort"] = self.request.GET.get("sort", "-difficulty")
        return context


class ImplementabilityCreateView(ChildCreateView):
    model = ImplementabilityItem
    form_class = forms.ImplementabilityItemForm


class ImplementabilityUpdateView(UpdateView):
    model = ImplementabilityItem
    form_class = forms.ImplementabilityItemForm


class ImplementabilityDeleteView(ChildDeleteView):
    model = ImplementabilityItem


# --- lever bank ---------------------------------------------------------------------------


class LeverListView(ObjectListView):
    """The lever bank: every reform's levers, searchable, best rated first."""

    model = Lever
    queryset = Lever.objects.select_related("reform")
    table_class = LeverTable
    filterset_class = LeverFilterSet
    add_url_name = "reforms:lever_create"
    template_name = "reforms/lever_list.html"


class LeverDetailView(ObjectDetailView):
    model = Lever
    edit_url_name = "reforms:lever_update"
    delete_url_name = "reforms:lever_delete"


class LeverCreateView(HistoryFormMixin, ObjectCreateView):
    model = Lever
    form_class = forms.LeverForm
    cancel_url = "/reforms/levers/"

    def get_initial(self):
        initial = super().get_initial()
        reform = Reform.objects.filter(slug=self.request.GET.get("reform")).first()
        if reform:
            initial["reform"] = reform.pk
        return initial


class LeverUpdateView(UpdateView):
    model = Lever
    form_class = forms.LeverForm


class LeverDeleteView(ObjectDeleteView):
    model = Lever
    success_url_name = "reforms:lever_list"


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


# --- STAR organisation --------------------------------------------------------------------


class OfficeListView(ObjectListView):
    model = Office
    table_class = OfficeTable
    filterset_class = OfficeFilterSet
    add_url_name = "reforms:office_create"


class OfficeDetailView(ObjectDetailView):
    model = Office
    template_name = "reforms/office_detail.html"
    edit_url_name = "reforms:office_update"
    delete_url_name = "reforms:office_delete"
    detail_fields = ["code", "name", "kind"]


class OfficeCreateView(HistoryFormMixin, ObjectCreateView):
    model = Office
    form_class = forms.OfficeForm
    cancel_url = "/organisation/offices/"


class OfficeUpdateView(UpdateView):
    model = Office
    form_class = forms.OfficeForm


class OfficeDeleteView(ObjectDeleteView):
    model = Office
    success_url_name = "reforms:office_list"


class PersonListView(ObjectListView):
    model = Person
    queryset = Person.objects.select_related("office")
    table_class = PersonTable
    filterset_class = PersonFilterSet
    add_url_name = "reforms:person_create"


class PersonDetailView(ObjectDetailView):
    model = Person
    edit_url_name = "reforms:person_update"
    delete_url_name = "reforms:person_delete"
    detail_fields = ["name", "email", "office", "user"]


class PersonCreateView(HistoryFormMixin, ObjectCreateView):
    model = Person
    form_class = forms.PersonForm
    cancel_url = "/organisation/people/"


class PersonUpdateView(UpdateView):
    model = Person
    form_class = forms.PersonForm


class PersonDeleteView(ObjectDeleteView):
    model = Person
    success_url_name = "reforms:person_list"
