#!/bin/sh
# Bring the database up to date, then run the container's command (gunicorn by default).
# Both steps are safe to repeat on every start.
set -eu

python manage.py migrate --noinput
python manage.py load_reference_data

exec "$@"
