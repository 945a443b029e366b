"""Building blocks of the reforms app's pages: history under edit forms, views under a parent."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from core.access import visible_to
from core.views import ObjectCreateView, ObjectDeleteView, ObjectUpdateView

from ..models import Reform

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
