# Latchkey's production image (O3). Build: docker build -t latchkey .
# Runs `latchkey serve`; the schema is changed by a separate, explicit step:
#   docker run --rm --env-file latchkey.env latchkey migrate
# (compose.yaml does both, with PostgreSQL and Mailpit).

# --- build: install the package and its dependencies into a virtual environment ---------
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/latchkey
WORKDIR /src
COPY pyproject.toml README.md ./
COPY backend ./backend
COPY frontend ./frontend
# Every dependency ships wheels for this platform: no compiler is needed, even here.
RUN /opt/latchkey/bin/pip install --no-cache-dir . \
    && /opt/latchkey/bin/python -c "import backend.app"

# --- runtime: the same Python, the virtual environment, nothing else --------------------
FROM python:3.11-slim-bookworm
ENV PATH=/opt/latchkey/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LATCHKEY_ENV=production
RUN groupadd --system --gid 10001 latchkey \
    && useradd --system --uid 10001 --gid 10001 --create-home --home-dir /var/lib/latchkey latchkey
COPY --from=build /opt/latchkey /opt/latchkey
# Numeric, so Kubernetes can check runAsNonRoot without reading /etc/passwd.
USER 10001:10001
WORKDIR /var/lib/latchkey
EXPOSE 8000
# /health/live: the process answers. Orchestrators should route on /health/ready.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=2)"]
ENTRYPOINT ["latchkey"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
