#!/bin/sh
# Restore a backup made by deploy/backup.sh into DATABASE_URL's database, which must exist and be empty
# (createdb it first): deploy/restore.sh FILE. Stop web, workers and beat before, start them after.
# It refuses a database that has tables, so it can never overwrite a live site.
set -eu
: "${DATABASE_URL:?DATABASE_URL must name the (empty) database to restore into}"
file="${1:?usage: deploy/restore.sh FILE}"
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
tables=$(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
    echo "restore.sh: the database already has $tables tables; restore only into a new, empty database" >&2
    exit 1
fi
# One transaction: a failed restore leaves the database empty, never half-restored.
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$file"
"$PYTHON" manage.py migrate --check >/dev/null || {
    echo "restore.sh: the backup is from an older release: run deploy/release.sh (migrate) before starting" >&2
}
"$PYTHON" manage.py check_trees
