"""STAR's offices and people."""

from core.views import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView

from .. import forms
from ..filtersets import OfficeFilterSet, PersonFilterSet
from ..models import Office, Person
from ..tables import OfficeTable, PersonTable
from .base import HistoryFormMixin, UpdateView

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
