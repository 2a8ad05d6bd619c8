#!/bin/sh
# The background worker: runs the jobs queued in the database (guide PDFs).
# The web container applies the migrations; wait until they are there. After
# WORKER_MAX_TASKS jobs the worker exits and Docker starts a fresh one, so the memory
# WeasyPrint keeps after laying out a large guide goes back to the system.
set -eu

until python manage.py migrate --check >/dev/null 2>&1; do
    echo "Waiting for the web container to apply the database migrations…"
    sleep 5
done

exec python manage.py db_worker --no-reload --max-tasks "${WORKER_MAX_TASKS:-20}"
