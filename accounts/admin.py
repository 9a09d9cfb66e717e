"""The User model in Django's admin: no password hashes shown, deletion through accounts.services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import password_validation
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from . import hooks, services
from .forms import AdminLoginForm
from .models import User
from .names import validate_display_name

# /admin/login/ gets the same per-account waits and per-address limit as the site's log-in.
admin.site.login_form = AdminLoginForm


class _UserFormMixin:
    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if services.email_taken(email=email, exclude_pk=self.instance.pk):
            raise ValidationError("Another account already uses this e-mail address (in any letter case).")
        return email

    def clean_display_name(self):
        return validate_display_name(self.cleaned_data["display_name"], staff_words_allowed=True)


class UserAddForm(_UserFormMixin, forms.ModelForm):
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ("email", "display_name")

    def clean_password2(self):
        password1, password2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise ValidationError("The two passwords are not the same.")
        return password2

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("password2")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except ValidationError as error:
                self.add_error("password2", error)

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class UserChangeForm(_UserFormMixin, forms.ModelForm):
    # Deliberately no password field: the hash is never shown; staff set a new password on its own page.
    class Meta:
        model = User
        fields = (
            "email",
            "display_name",
            "email_verified_at",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        )


class EmailVerifiedFilter(admin.SimpleListFilter):
    title = "e-mail confirmed"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(email_verified_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(email_verified_at__isnull=True)
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserAddForm
    list_display = ("email", "display_name", "email_confirmed", "is_staff", "is_active", "date_joined")
    list_display_links = ("email", "display_name")
    list_filter = (EmailVerifiedFilter, "is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "display_name")
    ordering = ("email",)
    readonly_fields = ("password_status", "last_login", "date_joined")
    filter_horizontal = ("groups", "user_permissions")
    fieldsets = (
        (None, {"fields": ("email", "display_name", "email_verified_at", "password_status")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")}),)

    @admin.display(boolean=True, description="e-mail confirmed", ordering="email_verified_at")
    def email_confirmed(self, obj):
        return obj.email_verified

    @admin.display(description="password")
    def password_status(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        state = "set" if obj.has_usable_password() else "not set (cannot log in with a password)"
        # Django's UserAdmin names this URL "auth_user_password_change" whatever the user model is.
        url = reverse("admin:auth_user_password_change", args=[obj.pk])
        return format_html('{} · <a href="{}">Set a new password</a>', state, url)

    def save_model(self, request, obj, form, change):
        if change and "email" in form.changed_data and "email_verified_at" not in form.changed_data:
            # A new address is unconfirmed until its owner follows a link sent to it.
            obj.email_verified_at = None
        super().save_model(request, obj, form, change)
        if change:
            hooks.user_profile_changed(user_id=obj.pk)

    def delete_model(self, request, obj):
        # Through the service, so the comment author record is anonymized (texts are kept).
        try:
            services.user_delete(user=obj, wipe_comments=False)
        except services.AccountDeletionRefused as refusal:
            self.message_user(request, f"{obj.email}: {refusal.message}", level=messages.ERROR)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            self.delete_model(request, user)
