"""The STAR list of a reform's grant: tranches, each municipality's status and amount to pay
(XLSX for finance), and loading the grant amounts (STAR staff)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from benchmarks.views import StarReaderMixin
from reforms.models import GrantAmount, Reform

from . import selectors, services
from .exports import grant_xlsx
from .forms import GrantAmountsForm


class GrantListView(StarReaderMixin, TemplateView):
    """STAR staff and steering members: the reform's tranches and every municipality's
    status; `?format=xlsx` downloads the list."""

    template_name = "benchmarks/grant_list.html"

    def get(self, request, *args, **kwargs):
        self.reform = get_object_or_404(Reform, slug=kwargs["slug"])
        if request.GET.get("format") == "xlsx":
            table = selectors.reform_grant_table(self.reform)
            response = HttpResponse(
                grant_xlsx(self.reform, table),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="tilskud-{self.reform.slug}.xlsx"'
            )
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = selectors.reform_grant_table(self.reform)
        context.update(
            reform=self.reform,
            table=table,
            total=sum((r["to_pay"] for r in table["rows"]), 0),
            can_load=self.request.user.has_perm(GrantAmount.get_perm("add")),
        )
        return context


class GrantAmountsLoadView(StarReaderMixin, FormView):
    """STAR staff load the municipalities' grant amounts (all or nothing)."""

    template_name = "benchmarks/grant_amounts_form.html"
    form_class = GrantAmountsForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(GrantAmount.get_perm("add")):
            raise PermissionDenied
        self.reform = get_object_or_404(Reform, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(reform=self.reform, **kwargs)

    def form_valid(self, form):
        try:
            created, updated, unchanged = services.grant_amounts_load(
                reform=self.reform, text=form.cleaned_data["file"], by=self.request.user
            )
        except services.GrantFileError as exc:
            for line, message in exc.errors:
                form.add_error("file", f"række {line}: {message}")
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Tilskud indlæst: %(c)s nye, %(u)s ændrede, %(n)s uændrede.")
            % {"c": created, "u": updated, "n": unchanged},
        )
        return redirect("grants:list", slug=self.reform.slug)
