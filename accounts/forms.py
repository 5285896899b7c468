"""Forms for the second factor: entering a code, and confirming a new authenticator app."""

from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPTokenForm


class TokenForm(OTPTokenForm):
    """django-otp's token form; with one device (the usual case) it is chosen without asking."""

    def __init__(self, user, request=None, *args, **kwargs):
        super().__init__(user, request, *args, **kwargs)
        self.fields["otp_token"].label = _("Code from your authenticator app")
        self.fields["otp_token"].widget.attrs.update(
            {"autofocus": True, "inputmode": "numeric", "autocomplete": "one-time-code"}
        )
        self.fields["otp_device"].label = _("Device")
        self.fields["otp_challenge"].widget = forms.HiddenInput()
        choices = [choice for choice in self.fields["otp_device"].choices if choice[0]]  # without the blank one
        if len(choices) == 1:
            self.fields["otp_device"].required = False
            self.fields["otp_device"].widget = forms.HiddenInput()
            self.only_device = choices[0][0]
        else:
            self.only_device = None

    def clean_otp_device(self):
        """The chosen device, or the user's only one."""
        return self.cleaned_data.get("otp_device") or self.only_device


class SetupForm(forms.Form):
    """Confirm a new TOTP device with a code it shows, and the current password."""

    name = forms.CharField(label=_("Name of the device"), max_length=64, initial=_("Authenticator app"))
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    password = forms.CharField(
        label=_("Your current password"),
        widget=forms.PasswordInput,
        help_text=_("Asked again so that nobody can add a device to a session left open."),
    )

    def __init__(self, request, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.device = device

    def clean_password(self):
        """The signed-in user's password (failures count towards the sign-in lockout)."""
        password = self.cleaned_data["password"]
        if not authenticate(self.request, username=self.request.user.get_username(), password=password):
            raise forms.ValidationError(_("This is not your current password."))
        return password

    def clean_otp_token(self):
        """A code the new device shows now."""
        token = self.cleaned_data["otp_token"].strip().replace(" ", "")
        allowed, _extra = self.device.verify_is_allowed()
        if not allowed or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("This code does not match. Check the time on your phone and enter the newest code.")
            )
        return token
