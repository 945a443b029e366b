"""Forms of the reports part: recipients."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Recipient


class RecipientForm(forms.ModelForm):
    class Meta:
        model = Recipient
        fields = ["municipality", "name", "email", "role", "active"]

    def clean(self):
        data = super().clean()
        municipality, email = data.get("municipality"), data.get("email")
        if municipality and email:
            clash = Recipient.objects.filter(municipality=municipality, email__iexact=email)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("email", _("Adressen er allerede modtager for kommunen."))
        return data
