"""The post page as django-comments-xtd documents it (the whole tree through its template tags), and a variant with
a minimal template of our own for the whole-conversation figure."""

from django.shortcuts import get_object_or_404, render

from .models import Article


def article(request, slug):
    post = get_object_or_404(Article, slug=slug)
    return render(request, "bench_xtd/article.html", {"post": post})


def article_minimal(request, slug):
    post = get_object_or_404(Article, slug=slug)
    return render(request, "bench_xtd/article_minimal.html", {"post": post})
