#!/bin/sh
# A consistent backup of the whole database while the site runs: deploy/backup.sh [DIRECTORY] (default backups/).
# Reads DATABASE_URL (postgres://...); prints the file it wrote. pg_dump takes one snapshot, so the comment trees,
# scan records and e-mail rows in it agree with each other even while comments are being posted.
set -eu
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
directory="${1:-backups}"
mkdir -p "$directory"
file="$directory/kindred-$(date -u +%Y%m%dT%H%M%SZ).dump"
# The custom format is compressed and lets pg_restore pick tables; no owner or grants, so it restores anywhere.
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file"
echo "$file"
