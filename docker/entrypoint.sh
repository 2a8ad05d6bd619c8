#!/bin/sh
# Bring the database up to date, then run the container's command (gunicorn by default).
# Both steps are safe to repeat on every start: load_reference_data only creates the
# reference rows that are missing and never changes what staff edited in the admin.
# With several web containers, set MIGRATE_ON_START=false and run both commands once,
# as a one-off step, before starting them (see the README).
set -eu

case "$(printf '%s' "${MIGRATE_ON_START:-true}" | tr '[:upper:]' '[:lower:]')" in
    1 | true | yes | on)
        python manage.py migrate --noinput
        python manage.py load_reference_data
        ;;
    0 | false | no | off) ;;
    *)
        echo "MIGRATE_ON_START=${MIGRATE_ON_START} is not a yes/no value." >&2
        exit 1
        ;;
esac

exec "$@"
