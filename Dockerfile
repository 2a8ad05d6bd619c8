# Production image: gunicorn serving config.wsgi, static files by whitenoise.
# Built and run by docker-compose.yml; see the README, "Production with docker compose".
FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango (and HarfBuzz's subsetter for fonts); gettext compiles the
# translations. No compiler: every Python dependency ships a wheel.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.prod \
    PRIVATE_MEDIA_ROOT=/data/private \
    PYTHONPATH=/app

RUN useradd --create-home --uid 1000 --user-group app \
    && mkdir -p /app /data/private \
    && chown app:app /data/private
WORKDIR /app

# The pinned dependencies first, in their own layer, so a code change does not
# reinstall them.
COPY pyproject.toml ./
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project is not installed as a package: it runs from /app (PYTHONPATH), where the
# settings find templates/, static/, locale/ and the apps' data files.
COPY . .

# Build-time only values: prod settings refuse to start without them.
# jQuery UI's stylesheets are not used (the admin takes only its script) and one of
# their comments holds a URL the manifest storage cannot resolve, so they are left out.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost SITE_URL=http://localhost \
        python manage.py compilemessages --verbosity 0 \
    && SECRET_KEY=build-only ALLOWED_HOSTS=localhost SITE_URL=http://localhost \
        python manage.py collectstatic --noinput --verbosity 0 --ignore "jquery-ui*.css"

USER app
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
