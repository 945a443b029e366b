"""Groups, networks and forums with members, meetings and action items; escalations and the
steering group's decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import generic

from core.access import visible_to
from core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ScopedQuerysetMixin,
    StarPermissionMixin,
    apply_validation_error,
)

from .. import forms, services
from ..filtersets import EscalationFilterSet, GroupFilterSet, MeetingFilterSet
from ..models import ActionItem, Escalation, Group, GroupMember, Meeting
from ..tables import EscalationTable, GroupTable, MeetingTable
from .base import ChildCreateView, ChildDeleteView, UpdateView

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
        # People first, then municipalities, then a-kasser.
        context["members"] = self.object.members.select_related(
            "person__office", "municipality", "akasse"
        ).order_by("person__name", "municipality__name", "akasse__name")
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
