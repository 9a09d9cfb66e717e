"""Admin for posts, comment trees and commenters. Tree writes (deletes) go through comments.services only."""

from collections import Counter

from django import forms
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from mptt.admin import MPTTModelAdmin

from . import services
from .authoring_forms import validate_post_body, validate_post_title
from .models import Comment, Commenter, Post
from .text import validate_body

# Tree fields, and the fields that say where a comment sits: never edited by hand (moves and deletes go
# through the locked service).
COMMENT_FIXED_FIELDS = ("post", "parent", "commenter", "tree_id", "level", "lft", "rght")
COMMENT_EDITABLE_FIELDS = ("body", "status")


def _subtrees(comments) -> Q:
    """Every comment in the subtrees of `comments` (one nested-set range per selected comment)."""
    condition = Q(pk__in=[])
    for c in comments:
        condition |= Q(tree_id=c.tree_id, lft__gte=c.lft, rght__lte=c.rght)
    return condition


def _admin_link(obj, label: str):
    opts = obj._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return format_html("{}: {}", capfirst(opts.verbose_name), label)
    return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, label)


def _deletion_summary(model_admin: ModelAdmin, request, selected: list, collect: list, labels: dict):
    """The admin's get_deleted_objects, flat. Django's nested listing recurses once per reply level and
    overflows on deep reply chains, so this collects every row up front (one level of recursion) and lists
    only the selected objects, with per-model counts as the summary.
    """
    collector = admin.utils.NestedObjects(using=router.db_for_write(model_admin.model))
    collector.collect(collect)
    protected = [format_html("{}: {}", capfirst(o._meta.verbose_name), o) for o in collector.protected]
    counts: Counter = Counter()
    perms_needed = set()
    for model, instances in collector.data.items():
        counts[model._meta.verbose_name_plural] += len(instances)
        registered = model_admin.admin_site._registry.get(model)
        if registered is not None and not registered.has_delete_permission(request):
            perms_needed.add(model._meta.verbose_name)
    for qs in collector.fast_deletes:
        counts[qs.model._meta.verbose_name_plural] += qs.count()
    listing = [_admin_link(obj, labels.get(obj.pk, str(obj))) for obj in selected]
    return listing, dict(counts), perms_needed, protected


# --- Posts -------------------------------------------------------------------------------------------------


class PostAdminForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ("title", "slug", "author", "body", "published", "published_at", "comments_open")

    def clean_title(self):
        return validate_post_title(self.cleaned_data["title"])

    def clean_body(self):
        return validate_post_body(self.cleaned_data["body"])


@admin.register(Post)
class PostAdmin(ModelAdmin):
    form = PostAdminForm
    list_display = ("title", "author", "published", "comments_open", "published_at", "comment_count")
    list_filter = ("published", "comments_open")
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("author",)
    readonly_fields = ("created", "updated")
    date_hierarchy = "created"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("author")
        return queryset.annotate(_comment_count=Count("comments"))

    @admin.display(description="comments", ordering="_comment_count")
    def comment_count(self, post):
        return post._comment_count

    def save_model(self, request, obj, form, change):
        # Through the service, like the author's own pages: a changed text is a new revision for the care check,
        # and the first publication is dated once.
        post = Post.objects.get(pk=obj.pk) if change else None
        if post is not None:
            post.author, post.published_at = obj.author, obj.published_at
        saved = services.post_save(
            post=post,
            author=obj.author,
            title=obj.title,
            body=obj.body,
            published=obj.published,
            comments_open=obj.comments_open,
            slug=obj.slug,
        )
        if not change and obj.published_at:
            Post.objects.filter(pk=saved.pk).update(published_at=obj.published_at)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def get_deleted_objects(self, objs, request):
        posts = list(objs)
        return _deletion_summary(self, request, posts, posts, {})

    def delete_model(self, request, obj):
        services.post_delete(post=obj)

    def delete_queryset(self, request, queryset):
        for post in queryset:
            services.post_delete(post=post)


# --- Comments ----------------------------------------------------------------------------------------------


class CommentAdminForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = COMMENT_EDITABLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].required = False
            self.fields["body"].strip = False

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body")
        status = cleaned.get("status", self.instance.status)
        if body is not None:
            # A wiped text (deleted by its author, or after account deletion) may stay empty.
            if not body.strip() and (status == Comment.Status.DELETED or not self.instance.body):
                cleaned["body"] = ""
            else:
                try:
                    cleaned["body"] = validate_body(body)
                except ValidationError as error:
                    self.add_error("body", error)
        return cleaned


@admin.register(Comment)
class CommentAdmin(MPTTModelAdmin):
    """Comments in tree order, indented by depth. Written on the site, so not added here; deleted only through
    comments.services.comment_purge; edits write the body and status, never a tree field."""

    form = CommentAdminForm
    list_display = ("excerpt", "commenter", "post", "status", "created")
    list_display_links = ("excerpt",)
    list_filter = ("status", "post")
    list_select_related = ("commenter", "post")
    search_fields = ("body",)
    mptt_indent_field = "excerpt"
    mptt_level_indent = 20
    list_per_page = 100
    fields = (
        *("post", "parent", "commenter", "body", "status", "created", "edited"),
        *("level", "tree_id", "lft", "rght"),
    )
    readonly_fields = (*COMMENT_FIXED_FIELDS, "created", "edited")

    @admin.display(description="comment")
    def excerpt(self, comment):
        if comment.status == Comment.Status.DELETED and not comment.body:
            return "(deleted by its author)"
        return Truncator(comment.body).chars(90)

    def has_add_permission(self, request):
        return False

    def get_actions(self, request):
        # MPTTModelAdmin swaps in a bulk delete that calls Model.delete() directly, outside the tree lock.
        # Django's own action calls delete_queryset below, which goes through the service.
        return ModelAdmin.get_actions(self, request)

    def save_model(self, request, obj, form, change):
        if not change:
            raise PermissionError("comments are written on the site, not in the admin")
        # Through the service: only the edited non-tree columns are written (an UPDATE never carries
        # lft/rght/tree_id/level/parent), a new text is checked again, a comment made visible is published
        # (its time and notifications), and the moderation audit log records the change.
        changed = set(form.changed_data)
        services.comment_staff_update(
            comment=obj,
            staff_user=request.user,
            body=form.cleaned_data["body"] if "body" in changed else None,
            status=form.cleaned_data["status"] if "status" in changed else None,
        )

    def get_deleted_objects(self, objs, request):
        selected = list(objs.select_related("commenter") if hasattr(objs, "select_related") else objs)
        subtree = list(Comment.objects.filter(_subtrees(selected)))
        labels = {c.pk: f"{Truncator(c.body).chars(60) or '(deleted)'} by {c.commenter}" for c in selected}
        return _deletion_summary(self, request, selected, subtree, labels)

    def delete_model(self, request, obj):
        services.comment_purge(comment_id=obj.pk)

    def delete_queryset(self, request, queryset):
        # A comment inside an already purged subtree is gone by the time its turn comes; purge returns 0.
        for comment_id in list(queryset.values_list("pk", flat=True)):
            services.comment_purge(comment_id=comment_id)


# --- Commenters --------------------------------------------------------------------------------------------


@admin.register(Commenter)
class CommenterAdmin(ModelAdmin):
    """E-mail addresses appear only here, to staff; the site never shows them to anyone but their owner."""

    list_display = ("display_name", "user", "email", "comment_count", "created")
    search_fields = ("display_name", "email", "user__email")
    raw_id_fields = ("user",)
    readonly_fields = ("created",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").annotate(_comment_count=Count("comments"))

    def get_readonly_fields(self, request, obj=None):
        # The link between a commenter and an account is made by the site (one commenter per user).
        return (*self.readonly_fields, "user") if obj is not None else self.readonly_fields

    @admin.display(description="comments", ordering="_comment_count")
    def comment_count(self, commenter):
        return commenter._comment_count
