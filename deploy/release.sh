#!/bin/sh
# The release step, once per deploy before the processes (re)start: schema, the database cache table, stored
# comment HTML, static files.
# Safe to run again; run it from the checkout with the production environment set.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
"$PYTHON" manage.py migrate --no-input
"$PYTHON" manage.py createcachetable
# Comment HTML made by an older renderer (comments.text.BODY_HTML_VERSION) or missing: stored again, in batches.
"$PYTHON" manage.py render_comment_bodies
"$PYTHON" manage.py collectstatic --no-input -v 0
"$PYTHON" manage.py check --deploy --fail-level WARNING
