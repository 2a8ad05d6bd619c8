#!/bin/sh
# Bring the database up to date, then run the container's command (gunicorn by default).
# Both steps are safe to repeat on every start: load_reference_data only creates the
# reference rows that are missing and never changes what staff edited in the admin.
set -eu

python manage.py migrate --noinput
python manage.py load_reference_data

exec "$@"
