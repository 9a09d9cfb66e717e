"""Posts and their conversations: every top-level comment is the root of its own MPTT tree."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from mptt.models import MPTTModel, TreeForeignKey


class Post(models.Model):
    class BodyFormat(models.TextChoices):
        TEXT = "text", "plain text"
        HTML = "html", "sanitized HTML (imported)"

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    body = models.TextField()
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    comments_open = models.BooleanField(default=True)
    # Bumped on every change of title or body; the care check records which revision it saw.
    revision = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)
    # Where an imported post came from ("wordpress:<blog url>", "disqus:<forum>") and its id there;
    # both empty for posts written here. Re-imports match rows on the pair.
    source = models.CharField(max_length=200, blank=True, default="")
    source_id = models.CharField(max_length=200, blank=True, default="")
    # Imports: bodies brought from a blog are HTML (sanitized with nh3 when stored and again when shown);
    # posts written here stay plain text. source_url is the post's address on the old blog (Disqus threads
    # are matched to posts by its path).
    body_format = models.CharField(max_length=4, choices=BodyFormat.choices, default=BodyFormat.TEXT)
    source_url = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["-published_at", "-created"]
        permissions = [("write_posts", "Can write, publish and manage own posts")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=~models.Q(source=""), name="post_unique_source_row"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("comments:post_detail", kwargs={"slug": self.slug})

    @property
    def imported(self) -> bool:
        return bool(self.source)

    def plain_text(self) -> str:
        """The body as plain text (imported HTML bodies without their markup), for checks and excerpts."""
        if self.body_format != self.BodyFormat.HTML:
            return self.body
        from .presentation import html_to_plain

        return html_to_plain(self.body)


class Commenter(models.Model):
    """Who wrote a comment: a site user (one record per user) or someone without an account."""

    display_name = models.CharField(max_length=60)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="commenter"
    )
    created = models.DateTimeField(default=timezone.now)
    # Imports: the commenter's web site on the old blog, and which import made an account-less record
    # ("wordpress:<blog url>", "disqus:<forum>"); empty for site users.
    url = models.CharField(max_length=500, blank=True, default="")
    source = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        # Importers and the takeover on e-mail verification look commenters up by address, ignoring case.
        indexes = [models.Index(Lower("email"), name="commenter_email_ci")]

    def __str__(self):
        return self.display_name


class Comment(MPTTModel):
    class Status(models.TextChoices):
        PENDING = "pending", "awaiting the automatic check"
        VISIBLE = "visible", "visible"
        HELD = "held", "awaiting a moderator"
        REMOVED = "removed", "removed by a moderator"
        DELETED = "deleted", "deleted by its author"

    # No index of their own for post and tree_id: comment_post_roots and comment_tree_order begin with them, and
    # every index is one more entry written for each row an insert shifts in a thread (see comments/trees.py).
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments", db_index=False)
    tree_id = models.PositiveIntegerField(editable=False)  # declared here only to drop mptt's db_index
    parent = TreeForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    commenter = models.ForeignKey(Commenter, on_delete=models.PROTECT, related_name="comments")
    # What readers see. An edit of a visible comment waits in unchecked_body until the care check passes it,
    # so others keep seeing the last checked text; the author sees the edit at once.
    body = models.TextField()
    unchecked_body = models.TextField(blank=True)
    # `body` as pages show it (comments.text.body_html), stored when the body is written so pages do not render
    # it at every view; `body_html_key` says which text and renderer version made it (comments.text.body_html_key).
    body_html = models.TextField(blank=True, default="")
    body_html_key = models.CharField(max_length=40, blank=True, default="")
    revision = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)
    # First time the comment became visible to everyone: the one moment reply notifications hang on.
    published_at = models.DateTimeField(null=True, blank=True)
    # Set for comments brought in by an importer; imported history never notifies anyone and is
    # left to `scan_backlog` rather than the care sweeper.
    source = models.CharField(max_length=200, blank=True, default="")
    source_id = models.CharField(max_length=200, blank=True, default="")
    # The random key of the form that sent the comment: a second POST of the same form (a double click, a
    # retry) finds this comment instead of making another. Empty for comments sent without one.
    form_key = models.CharField(max_length=64, blank=True, default="")
    # The writer's own content note ("mentions self-harm"): other readers see it first and open the comment
    # with one click (issue 15).
    content_note = models.CharField(max_length=80, blank=True, default="")

    class MPTTMeta:
        # No order_insertion_by: new nodes go last, so an insert shifts only its own tree.
        pass

    class Meta:
        indexes = [
            models.Index(fields=["post", "parent", "tree_id"], name="comment_post_roots"),
            models.Index(fields=["tree_id", "lft"], name="comment_tree_order"),
            # A post page's threads in order (comment_post_roots cannot give tree_id order: its parent_id IS NULL
            # is no equality for the planner), and the few comments of a post not visible, from which the page
            # counts the visible ones (comments.selectors._not_visible_counts). Neither holds the rows an insert shifts.
            models.Index(fields=["post", "tree_id"], condition=models.Q(parent=None), name="comment_post_threads"),
            models.Index(fields=["post"], condition=~models.Q(status="visible"), name="comment_post_not_visible"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=~models.Q(source=""), name="comment_unique_source_row"
            ),
            models.UniqueConstraint(
                fields=["commenter", "form_key"], condition=~models.Q(form_key=""), name="comment_unique_form_key"
            ),
        ]

    def __str__(self):
        return f"comment {self.pk} by {self.commenter_id}"

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def imported(self) -> bool:
        return bool(self.source)


class PostVisit(models.Model):
    """When a signed-in reader last opened a post's conversation, for "new since your last visit" (issue 15).

    `seen_at` moves on every visit; `since` (what the markers compare with) moves only when a visit comes more
    than VISIT_GAP after the one before, so the markers stay through the pages and reloads of one visit.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_visits")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField()
    since = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="post_visit_once")]

    def __str__(self):
        return f"{self.user_id} saw post {self.post_id} at {self.seen_at}"
