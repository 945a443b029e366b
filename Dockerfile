# One image for web, worker and beat (docker-compose.yml). Front-end packages are installed
# with npm in a build stage; nothing is fetched from a CDN at run time.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=star_impl.settings.production
# WeasyPrint needs Pango; gettext for the catalogues. No font package: every PDF embeds IBM Plex
# Sans from node_modules (dkfds), see core/pdf.py.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz0b gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
COPY --from=frontend /app/node_modules ./node_modules
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py compilemessages -v 0 \
    && SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --no-input -v 0 \
    && useradd --create-home --uid 1000 star && mkdir -p /app/var/media && chown -R star /app/var
USER star
EXPOSE 8000
CMD ["gunicorn", "star_impl.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--keep-alive", "10"]
