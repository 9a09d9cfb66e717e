"""Forms for the moderators' queue: filters, and the input of each action (the rules live in services/)."""

from django import forms
from django.core.exceptions import ValidationError

from comments.text import validate_body

from .models import MessageTemplate, ReviewItem
from .selectors.queue import CATEGORY_LABELS, FILTER_CATEGORIES, REASON_LABELS, QueueFilters
from .services.decisions import BULK_LIMIT
from .services.messages import REMOVAL_REASON_LABELS
from .services.sanctions import MAX_SUSPENSION_DAYS

MAX_ID = 2**63 - 1  # ids are bigints: anything larger is refused here, not by the database


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note for the other moderators (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishingForm(NoteForm):
    """A decision that may publish the comment: `confirmed` is sent by the confirmation's button only."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class KeepPrivateForm(forms.Form):
    note = forms.CharField(
        label="Note for the other moderators: what was done, and why it stays private",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please add a note: what was done, and why the comment stays private."},
    )


class RemoveForm(NoteForm):
    reason = forms.ChoiceField(
        label="Reason the author will see",
        choices=[("", "Choose a reason"), *REMOVAL_REASON_LABELS.items()],
    )
    message = forms.CharField(
        label="A few words to the author (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not (data.get("message") or "").strip():
            self.add_error("message", "Please tell the author, in a sentence, why it was removed.")
        return data


class DismissForm(PublishingForm):
    flag = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)


class RedactForm(NoteForm):
    body = forms.CharField(label="Text with the personal details taken out", strip=False, widget=forms.Textarea)

    def clean_body(self):
        return validate_body(self.cleaned_data["body"])


class AuthorMessageForm(NoteForm):
    message = forms.CharField(label="Message", max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))


class SanctionForm(NoteForm):
    # The item the sanction was decided from, so the audit log links the two.
    item = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)


class SuspendForm(SanctionForm):
    days = forms.TypedChoiceField(
        label="For how long",
        coerce=int,
        choices=[(d, f"{d} day{'s' if d > 1 else ''}") for d in range(1, MAX_SUSPENSION_DAYS + 1)],
    )


class IdListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        try:
            ids = [int(v) for v in value]
        except (TypeError, ValueError):
            raise ValidationError("Those items aren't valid.") from None
        if any(not 1 <= i <= MAX_ID for i in ids):
            raise ValidationError("Those items aren't valid.")
        if len(ids) > BULK_LIMIT:
            raise ValidationError(f"Please choose at most {BULK_LIMIT} items at a time.")
        return ids

    def validate(self, value):
        if not value:
            raise ValidationError("Please tick at least one item.")


class BulkForm(NoteForm):
    # No default: an accidental Apply must not approve anything.
    action = forms.ChoiceField(
        label="Action",
        choices=[("", "Choose an action"), ("approve", "Approve"), ("remove", "Remove as spam")],
        error_messages={"required": "Please choose what to do with the ticked items. Nothing was changed."},
    )
    items = IdListField()


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[(ReviewItem.Status.OPEN, "Open"), (ReviewItem.Status.RESOLVED, "Decided")]
    )
    category = forms.ChoiceField(
        required=False, choices=[("", "Any category"), *((c, CATEGORY_LABELS[c]) for c in FILTER_CATEGORIES)]
    )
    reason = forms.ChoiceField(required=False, choices=[("", "Any reason"), *REASON_LABELS.items()])
    post = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    escalated = forms.BooleanField(required=False)
    writer = forms.CharField(label="Writer", required=False, max_length=60)
    title = forms.CharField(label="Post title", required=False, max_length=200)
    moderator = forms.TypedChoiceField(label="Moderator", required=False, coerce=int, empty_value=None)
    since = forms.DateField(label="Opened from", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Opened until", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)

    # The filters that travel with the moderator from the list to an item and back (page aside).
    KEPT = ("status", "category", "reason", "post", "escalated", "writer", "title", "moderator", "since", "until")

    def __init__(self, *args, moderators=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Everyone who has acted in the queue (claims included): one query, made by the caller.
        self.fields["moderator"].choices = [("", "Anyone"), *((m.pk, m.display_name) for m in moderators)]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "This day is before the “Opened from” day.")
        return data

    def filters(self) -> QueueFilters:
        data = self.cleaned_data
        return QueueFilters(
            status=data.get("status") or ReviewItem.Status.OPEN,
            category=data.get("category") or "",
            reason=data.get("reason") or "",
            post_id=data.get("post"),
            escalated=bool(data.get("escalated")),
            writer=(data.get("writer") or "").strip(),
            title=(data.get("title") or "").strip(),
            moderator_id=data.get("moderator"),
            since=data.get("since"),
            until=data.get("until"),
        )


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        help_texts = {"body": "Plain text. {name} becomes the reader's display name."}
