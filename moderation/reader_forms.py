"""Readers' forms: a report and an appeal. They validate input; services.reports and .appeals do the writes."""

from django import forms

from .models import Report
from .services.reports import NOTE_MAX_LENGTH

# Each reason in plain words, with a line saying when to choose it. Values are the care categories.
REPORT_REASONS = [
    (
        "crisis",
        "Someone may be in danger",
        "They talk about ending their life, hurting themselves, or not being safe right now.",
    ),
    (
        "distress",
        "Someone is struggling and needs support",
        "They sound overwhelmed or very low, and no one seems to have noticed.",
    ),
    ("hostile", "It's unkind or hostile", "It attacks, mocks or shames someone, or tells them to hurt themselves."),
    ("spam", "It's advertising or spam", "It promotes a product, a paid service or a link."),
    (
        "personal_info",
        "It shares personal details",
        "A phone number, an address, or anything else that could identify someone.",
    ),
    (Report.OTHER, "Something else", "Tell us what's wrong in the note below."),
]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What worries you about this?",
        choices=[(value, label) for value, label, _help in REPORT_REASONS],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose what worries you, so a moderator knows what to look for.",
            "invalid_choice": "Please choose one of the reasons below.",
        },
    )
    note = forms.CharField(
        label="Anything a moderator should know? (optional unless you chose “Something else”)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX_LENGTH}),
        error_messages={"max_length": f"Please keep the note under {NOTE_MAX_LENGTH:,} characters."},
    )

    def clean_note(self):
        return self.cleaned_data["note"].strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Report.OTHER and not cleaned.get("note"):
            self.add_error("note", "Please tell us a little about what's wrong, so a moderator knows what to look for.")
        return cleaned

    def reasons(self):
        """(value, label, help, checked) for the template, which lays the radio buttons out itself."""
        current = self["reason"].value()
        return [(value, label, help_text, value == current) for value, label, help_text in REPORT_REASONS]


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why should the comment come back?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        help_text=(
            "A moderator will read the comment again with what you write here. Each removal can be appealed once."
        ),
        error_messages={
            "required": "Please tell the moderators why you think the comment should come back.",
            "max_length": "Please keep your appeal under 2,000 characters.",
        },
    )
