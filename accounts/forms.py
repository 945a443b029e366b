"""Forms for log-in and user administration."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Role, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Forkert brugernavn eller adgangskode. Bemærk, at der skelnes mellem store og små "
            "bogstaver."
        ),
        "inactive": _("Denne konto er deaktiveret."),
    }


class UserFormMixin:
    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        municipality = cleaned.get("municipality")
        if role == Role.JOBCENTRE and not municipality:
            self.add_error("municipality", _("En jobcenterchef skal knyttes til en kommune."))
        if role and role != Role.JOBCENTRE and municipality:
            self.add_error("municipality", _("Kun jobcenterchefer knyttes til en kommune."))
        akasse = cleaned.get("akasse")
        if role == Role.AKASSE and not akasse:
            self.add_error("akasse", _("En a-kassebruger skal knyttes til en a-kasse."))
        if role and role != Role.AKASSE and akasse:
            self.add_error("akasse", _("Kun a-kassebrugere knyttes til en a-kasse."))
        return cleaned


class UserInviteForm(UserFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "username",
            "email",
            "first_name",
            "last_name",
            "title",
            "role",
            "municipality",
            "akasse",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Der findes allerede en bruger med denne e-mailadresse."))
        return email


class UserUpdateForm(UserFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "email",
            "first_name",
            "last_name",
            "title",
            "role",
            "municipality",
            "akasse",
            "is_active",
        ]
        labels = {"is_active": _("Aktiv")}
