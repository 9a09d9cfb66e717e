"""The object comments hang on in the xtd project: a post, as in Kindred."""

from django.db import models
from django.urls import reverse


class Article(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    body = models.TextField()
    published_at = models.DateTimeField()
    author_name = models.CharField(max_length=60)

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("article", kwargs={"slug": self.slug})
