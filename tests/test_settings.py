"""Production settings come from the environment and refuse to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOAD = "import django; django.setup(); from django.conf import settings; print(settings.{})"


def load_production(expression, **env):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CACHE_URL"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="site_config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "-c", LOAD.format(expression)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_production("DEBUG")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_reads_hosts_database_and_redis_cache_from_the_environment():
    result = load_production(
        "ALLOWED_HOSTS, settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'], settings.DEBUG",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="moving-cities.example, www.moving-cities.example",
        DATABASE_URL="postgres://app@db.internal:5432/movingcities",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['moving-cities.example', 'www.moving-cities.example'] django.db.backends.postgresql "
        "django_redis.cache.RedisCache False"
    )


def test_production_without_redis_uses_the_database_cache_shared_by_every_worker():
    result = load_production("CACHES['default']['BACKEND']", DJANGO_SECRET_KEY="x" * 50, CACHE_URL="")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"


def test_production_refuses_to_start_with_a_per_process_cache():
    result = load_production("CACHES", DJANGO_SECRET_KEY="x" * 50, CACHE_URL="locmem://")

    assert result.returncode != 0
    assert "kept by each worker process on its own" in result.stderr
