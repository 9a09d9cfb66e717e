"""The nudge endpoint: POST a draft, get back only the nudge sentence (or nothing)."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from comments import selectors as comment_selectors
from comments import services as comment_services
from comments.models import Post

from . import services
from .forms import DraftForm
from .ratelimits import draft_check_limited


def _answer(sentence: str = "", *, status: int = 200) -> JsonResponse:
    # Only the sentence, whatever happened: the answer never says why a draft was not nudged (crisis, clean,
    # limited), so it cannot be used to probe the care checks.
    response = JsonResponse({"nudge": sentence}, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def draft_check(request: HttpRequest) -> JsonResponse:
    """CSRF-protected (Django's middleware) and rate-limited per writer. Signed-in writers only, as posting is."""
    if not request.user.is_authenticated:
        return _answer(status=403)
    if draft_check_limited(request):
        return _answer(status=429)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return _answer(status=400)
    post = Post.objects.filter(slug=form.cleaned_data["post"]).first()
    if post is None or not comment_selectors.post_visible_to(post=post, viewer=request.user):
        return _answer(status=404)
    if not comment_services.user_may_comment(user=request.user):
        return _answer(status=403)
    nudge = services.draft_check(
        user=request.user,
        post=post,
        parent_id=form.cleaned_data["parent"],
        body=form.cleaned_data["body"],
        form_key=form.cleaned_data["key"],
    )
    return _answer(nudge.sentence if nudge else "")
