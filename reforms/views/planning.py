"""The communication plan, the implementability analysis and the lever bank."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import generic

from core.access import visible_to
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ScopedQuerysetMixin,
    StarPermissionMixin,
)

from .. import forms, services
from ..filtersets import LeverFilterSet
from ..models import CommunicationItem, ImplementabilityItem, Lever, Reform
from ..tables import LeverTable
from .base import ChildCreateView, ChildDeleteView, HistoryFormMixin, ParentMixin, UpdateView

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
        return (
            super()
            .get_queryset()
            .select_related("responsible")
            .annotate(
                delivered=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)),
                waiting=Count("deliveries", filter=Q(deliveries__sent_at__isnull=True)),
            )
            .order_by("timing", "pk")
        )

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


class CommunicationSendView(StarPermissionMixin, ScopedQuerysetMixin, generic.View):
    """POST: send a communication-plan item by e-mail to its recipients (the a-kasser's
    addresses for communication when they are in the audience)."""

    model = CommunicationItem
    permission_type = "change"
    http_method_names = ["post"]

    def get_queryset(self):
        return visible_to(CommunicationItem.objects.select_related("reform"), self.request.user)

    def get_permission_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def post(self, request, pk):
        item = self.get_permission_object()
        try:
            count = services.communication_item_send(item=item, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if count:
                messages.success(
                    request,
                    _("»%(item)s« sendes til %(count)d a-kasser.") % {"item": item, "count": count},
                )
            else:
                messages.info(
                    request, _("»%(item)s« er allerede sendt til a-kasserne.") % {"item": item}
                )
        return HttpResponseRedirect(item.get_absolute_url())


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
