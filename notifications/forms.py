"""Forms of the notifications page and the follow/mute buttons."""

from django import forms

from .models import Frequency, NotificationPreference


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["replies", "post_comments", "following", "no_content"]
        widgets = {name: forms.RadioSelect for name in ("replies", "post_comments", "following")}
        help_texts = {
            "no_content": "E-mails say who wrote and link to the comment, without its words.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("replies", "post_comments", "following"):
            self.fields[name].choices = Frequency.choices


class SubscriptionForm(forms.Form):
    target = forms.ChoiceField(choices=[("thread", "thread"), ("post", "post")])
    id = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("follow", "follow"), ("mute", "mute"), ("clear", "clear")])
    next = forms.CharField(required=False, max_length=2000)
