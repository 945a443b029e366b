"""Base views: every page is a few lines on top of these (NetBox-style generic views).

Each base view requires log-in, checks the model's django-rules permission for its action
(403 when denied) and reads through ``visible_to`` (404 for another municipality's object).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from rules.contrib.views import AutoPermissionRequiredMixin

from .access import visible_to


class ScopedQuerysetMixin:
    """Every queryset the view reads is narrowed to what the user may see."""

    def get_queryset(self):
        return visible_to(super().get_queryset(), self.request.user)


class StarPermissionMixin(LoginRequiredMixin, AutoPermissionRequiredMixin):
    """Log-in, then the model's rules permission for the view's action."""

    permission_type_map = [
        (generic.CreateView, "add"),
        (generic.UpdateView, "change"),
        (generic.DeleteView, "delete"),
        (generic.DetailView, "view"),
        (generic.ListView, "view"),
    ]

    def dispatch(self, request, *args, **kwargs):
        # Anonymous users go to the log-in page before any object lookup (no 404 leak).
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class ObjectContextMixin:
    """Names and links the generic templates need."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.get_queryset().model if hasattr(self, "get_queryset") else self.model
        user = self.request.user
        context.setdefault("model_meta", model._meta)
        context.setdefault("verbose_name", model._meta.verbose_name)
        context.setdefault("verbose_name_plural", model._meta.verbose_name_plural)
        context.setdefault("can_add", user.has_perm(model.get_perm("add")))
        context.setdefault("cancel_url", getattr(self, "cancel_url", None))
        obj = getattr(self, "object", None)
        if obj is not None:
            context.setdefault("can_change", user.has_perm(model.get_perm("change"), obj))
            context.setdefault("can_delete", user.has_perm(model.get_perm("delete"), obj))
        return context


class ObjectListView(
    StarPermissionMixin, ScopedQuerysetMixin, ObjectContextMixin, SingleTableMixin, FilterView
):
    """A filterable, sortable, paginated table of a model's visible rows."""

    template_name = "core/object_list.html"
    permission_type = "view"
    add_url_name = None  # e.g. "reforms:reform_create"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_count"] = len(context["table"].data)
        if self.add_url_name:
            context["add_url"] = reverse(self.add_url_name, kwargs=self.get_add_url_kwargs())
        return context

    def get_add_url_kwargs(self):
        return {}

    paginate_by = 25
    filterset_class = None
    table_class = None

    def get_table_kwargs(self):
        return {"request": self.request}


class ObjectDetailView(
    StarPermissionMixin, ScopedQuerysetMixin, ObjectContextMixin, generic.DetailView
):
    """One object, with its change history."""

    template_name = "core/object_detail.html"
    detail_fields = None  # field names to show; None = every concrete field
    edit_url_name = None  # url names taking the object's pk (or slug: set url_kwarg_field)
    delete_url_name = None
    url_kwarg_field = "pk"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key = getattr(self.object, self.url_kwarg_field)
        if self.edit_url_name:
            context["edit_url"] = reverse(self.edit_url_name, args=[key])
        if self.delete_url_name:
            context["delete_url"] = reverse(self.delete_url_name, args=[key])
        context["fields"] = object_fields(self.object, self.detail_fields)
        history = getattr(self.object, "history", None)
        context["history"] = (
            history.select_related("history_user").all()[:25] if history is not None else None
        )
        return context


def object_fields(obj, names=None):
    """(label, display value) pairs of obj's fields, choices shown by their label."""
    meta = obj._meta
    fields = (
        [meta.get_field(n) for n in names]
        if names
        else [f for f in meta.concrete_fields if not f.primary_key and f.name not in ("slug",)]
    )
    rows = []
    for field in fields:
        display = getattr(obj, f"get_{field.name}_display", None)
        value = display() if callable(display) else getattr(obj, field.name)
        rows.append((field.verbose_name, value))
    return rows


class SuccessMessageMixin:
    success_message = ""

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": self.object})
        return response


class ObjectCreateView(
    StarPermissionMixin, ObjectContextMixin, SuccessMessageMixin, generic.CreateView
):
    template_name = "core/object_form.html"

    @property
    def success_message(self):
        return _("%(object)s er oprettet.")


class ObjectUpdateView(
    StarPermissionMixin,
    ScopedQuerysetMixin,
    ObjectContextMixin,
    SuccessMessageMixin,
    generic.UpdateView,
):
    template_name = "core/object_form.html"

    @property
    def success_message(self):
        return _("%(object)s er gemt.")


class ObjectDeleteView(
    StarPermissionMixin, ScopedQuerysetMixin, ObjectContextMixin, generic.DeleteView
):
    """Asks for confirmation (GET) and deletes on POST; protected objects give a Danish message."""

    template_name = "core/object_confirm_delete.html"
    success_url_name = None

    def get_success_url(self):
        if self.success_url_name:
            return reverse(self.success_url_name)
        if self.success_url:
            return str(self.success_url)
        raise ImproperlyConfigured("ObjectDeleteView needs success_url or success_url_name")

    def form_valid(self, form):
        name = str(self.object)
        try:
            response = super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("%(object)s kan ikke slettes, fordi andre data henviser til det.")
                % {"object": name},
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, _("%(object)s er slettet.") % {"object": name})
        return response


def apply_validation_error(form, exc):
    """Put a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
