# Bridges: one image for web (gunicorn), worker and beat (celery); see docker-compose.yml.
# Dependencies come from uv.lock exactly (uv sync --frozen), without the dev group.
FROM python:3.11-slim-bookworm

ARG UV_VERSION=0.13.9
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH="/opt/venv/bin:$PATH" \
    BRIDGES_VAR_DIR=/app/var

# gettext: compilemessages at build time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir "uv==${UV_VERSION}" \
    && useradd --create-home --uid 1000 bridges

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# Translations and static files are built into the image. The key here only lets the
# settings load for these two commands; the real one comes from the environment.
RUN python manage.py compilemessages --ignore=.venv \
    && BRIDGES_PROFILE=production DJANGO_ALLOWED_HOSTS=build \
       DJANGO_SECRET_KEY=build-only-not-a-secret-7d0c4e2b9a51f6e83c2d1b0a9f8e7d6c5b4a3 \
       python manage.py collectstatic --noinput \
    && mkdir -p /app/var \
    && chown -R bridges:bridges /app/var

USER bridges
EXPOSE 8000
CMD ["gunicorn", "backend.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
