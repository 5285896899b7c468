"""The public submission form (django-crispy-forms, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cityprofiles.models import PolicyField
from core.uploads import check_attachment
from submissions.defences import count_links

from .models import Submission

# The `sources` field as the API schema describes it (submissions.api): lines of http(s) web
# addresses, blank lines and spaces around them allowed. Every text it matches passes
# clean_sources (tests/test_api_submissions.py checks generated examples); hosts are ASCII names
# with a top-level domain, localhost or IPv4 addresses.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = rf"(?:{_LABEL}(?:\.{_LABEL}){{0,2}}\.[A-Za-z]{{2,24}}|localhost|{URLValidator.ipv4_re})"
_SOURCE = rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?:[/?#]\S{{0,1800}})?"
SOURCES_PATTERN = rf"^[ \t]*(?:{_SOURCE}[ \t]*)?(?:(?:\r\n|\r|\n)[ \t]*(?:{_SOURCE}[ \t]*)?)*$"


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that accepts several files."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that cleans each of several files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class SubmissionForm(forms.ModelForm):
    """Everything a submission needs, in plain language; spam defences ride along as hidden fields."""

    policy_fields = forms.ModelMultipleChoiceField(
        PolicyField.objects.originals(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Policy fields"),
    )
    attachments = MultipleFileField(
        required=False,
        label=_("Attachments"),
        help_text=_("Up to 3 files: PDF, JPEG or PNG, at most 10 MB each."),
    )
    consent = forms.BooleanField(
        label=_("I agree that Moving Cities stores what I send, as the privacy notice describes."),
        error_messages={"required": _("We can only take your submission if you agree to the privacy notice.")},
    )
    # Defences: a field people never see (bots fill it in) and a signed time stamp.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Submission
        fields = [
            "kind",
            "municipality_name",
            "country",
            "latitude",
            "longitude",
            "title",
            "summary",
            "description",
            "policy_fields",
            "actor",
            "practice_status",
            "start_year",
            "end_year",
            "sources",
            "submitter_name",
            "organisation",
            "role",
            "email",
        ]
        widgets = {
            # static/js/place_picker.js turns the field into a combobox over this endpoint.
            "municipality_name": forms.TextInput(attrs={"data-place-picker": reverse_lazy("place_autocomplete")}),
            "latitude": forms.HiddenInput,
            "longitude": forms.HiddenInput,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "sources": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "municipality_name": _("The city, town or district this is about."),
            "summary": _("Two or three sentences."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("summary", "description", "sources", "title", "submitter_name", "organisation", "role"):
            limit = Submission._meta.get_field(name).max_length
            self.fields[name].widget.attrs["maxlength"] = limit
        self.label_fields_in_plain_words()
        self.helper = FormHelper()
        self.helper.form_tag = True
        # crispy-forms writes enctype="multipart/form-data" itself, as the form has a file field.
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(_("What would you like to tell us?"), "kind"),
            Fieldset(_("Where"), "municipality_name", "country", "latitude", "longitude"),
            Fieldset(
                _("What"),
                "title",
                "summary",
                "description",
                "policy_fields",
                "actor",
                "practice_status",
                "start_year",
                "end_year",
                "sources",
                "attachments",
            ),
            Fieldset(_("About you"), "submitter_name", "organisation", "role", "email", "consent"),
            Div("website", css_class="d-none", aria_hidden="true"),
            "challenge",
            Submit("send", _("Send for review")),
        )

    def label_fields_in_plain_words(self):
        """Labels and choices people understand, and menus that say what to choose instead of "---------"."""
        kind = self.fields["kind"]
        kind.label = _("What would you like to send us?")
        kind.choices = [
            (Submission.Kind.PRACTICE, _("A good practice of a town or city")),
            (Submission.Kind.LISTING, _("A request to list our municipality")),
            (Submission.Kind.CORRECTION, _("A correction to an entry on this site")),
            (Submission.Kind.PROFILE, _("A proposal for a new city profile")),
        ]
        prompts = {
            "country": _("Choose a country"),
            "actor": _("Choose who runs it"),
            "practice_status": _("Choose whether it is running"),
        }
        for name, prompt in prompts.items():
            field = self.fields[name]
            field.choices = [("", prompt), *[(value, label) for value, label in field.choices if value != ""]]
        self.fields["practice_status"].label = _("Is it still running?")
        self.fields["municipality_name"].label = _("Municipality")
        self.fields["email"].label = _("Your e-mail address")

    def clean_sources(self):
        lines = [line.strip() for line in self.cleaned_data["sources"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(_("“%(line)s” is not a web address."), params={"line": line[:80]}) from None
        return "\n".join(lines)

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > settings.SUBMISSION_MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Attach at most %(n)s files."), params={"n": settings.SUBMISSION_MAX_ATTACHMENTS}
            )
        return [check_attachment(upload) for upload in files]

    def clean(self):
        cleaned = super().clean()
        links = count_links(
            cleaned.get("title"),
            cleaned.get("summary"),
            cleaned.get("description"),
            cleaned.get("organisation"),
            cleaned.get("role"),
            cleaned.get("submitter_name"),
        )
        if links > settings.SUBMISSION_MAX_LINKS:
            raise forms.ValidationError(
                _("Please put web addresses in the sources field; the text has too many links.")
            )
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year cannot be before the start year."))
        return cleaned

    def save_submission(self, spam_reasons=""):
        """Store the submission, unconfirmed (or as spam when a defence tripped); returns (submission, status token)."""
        submission = self.save(commit=False)
        submission.consent_at = timezone.now()
        submission.language = (translation.get_language() or "en")[:10]
        submission.spam_reasons = spam_reasons
        submission.status = Submission.Status.SPAM if spam_reasons else Submission.Status.UNCONFIRMED
        token = submission.issue_token()
        submission.save()
        self.save_m2m()
        for upload in self.cleaned_data.get("attachments") or []:
            submission.attachments.create(
                file=upload, original_name=upload.name, content_type=upload.content_type, size=upload.size
            )
        return submission, token
