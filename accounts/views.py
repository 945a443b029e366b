"""Log-in pages and the STAR administrators' user administration."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import View

from core.access import visible_to
from core.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    StarPermissionMixin,
)

from . import services
from .filtersets import UserFilterSet
from .forms import LoginForm, UserInviteForm, UserUpdateForm
from .models import User
from .tables import UserTable


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's form; the mail is the worker's (services.password_reset_request): the answer
    takes the same time whatever the address, and too many requests answer 429."""

    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        admitted = services.password_reset_request(
            email=form.cleaned_data["email"], ip=get_client_ip_address(self.request)
        )
        if not admitted:
            form.add_error(
                None,
                _(
                    "Der er bedt om en ny adgangskode for mange gange. Vent lidt, og prøv igen "
                    "senere."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


class UserListView(ObjectListView):
    model = User
    table_class = UserTable
    filterset_class = UserFilterSet
    template_name = "accounts/user_list.html"
    queryset = User.objects.select_related("municipality")


class UserDetailView(ObjectDetailView):
    model = User
    template_name = "accounts/user_detail.html"
    detail_fields = [
        "username",
        "first_name",
        "last_name",
        "email",
        "title",
        "role",
        "municipality",
        "akasse",
        "is_active",
        "last_login",
        "date_joined",
    ]


class UserInviteView(ObjectCreateView):
    model = User
    form_class = UserInviteForm
    extra_context = {"form_title": _("Invitér bruger")}

    def form_valid(self, form):
        data = form.cleaned_data
        self.object = services.user_invite(
            username=data["username"],
            email=data["email"],
            role=data["role"],
            municipality=data.get("municipality"),
            akasse=data.get("akasse"),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            title=data.get("title", ""),
            by=self.request.user,
        )
        messages.success(
            self.request,
            _("%(user)s er oprettet, og en invitation er sendt til %(email)s.")
            % {"user": self.object.username, "email": self.object.email},
        )
        return redirect(self.object.get_absolute_url())


class UserUpdateView(ObjectUpdateView):
    model = User
    form_class = UserUpdateForm


class UserToggleActiveView(StarPermissionMixin, View):
    """POST only: deactivate or reactivate a user (the page asks for confirmation first)."""

    model = User
    permission_type = "change"

    def get_permission_object(self):
        return self.get_object()

    def get_object(self):
        return get_object_or_404(
            visible_to(User.objects.all(), self.request.user), pk=self.kwargs["pk"]
        )

    def post(self, request, pk):
        user = self.get_object()
        if user == request.user:
            messages.error(request, _("Du kan ikke deaktivere din egen konto."))
        elif user.is_active:
            services.user_deactivate(user=user, by=request.user)
            messages.success(request, _("%(user)s er deaktiveret.") % {"user": user.username})
        else:
            services.user_activate(user=user, by=request.user)
            messages.success(request, _("%(user)s er genaktiveret.") % {"user": user.username})
        return redirect(reverse("accounts:user_detail", args=[user.pk]))
