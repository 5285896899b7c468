"""Test helpers that run real services: the site in a subprocess, and a throwaway PostgreSQL server.

Used by the outage, concurrency and log tests; nothing here is imported by the site itself.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """A local TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url, **extra):
    """Environment for the site with production settings, served over plain HTTP on 127.0.0.1."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL", "CACHE_URL", "SENTRY_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_config.settings.production",
            "DJANGO_SECRET_KEY": "operations-test-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *arguments, timeout=300):
    """Run `manage.py` with `env`; raise with its output when it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def http(method, url, body=None, headers=None, timeout=30):
    """One HTTP request; returns (status, headers, body text) for any status."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class SiteServer:
    """The site under `runserver --noreload` (threaded) in a subprocess, its output in a log file."""

    def __init__(self, env):
        """Prepare a server on a free port with the given environment."""
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
        self.process = None

    def start(self, timeout=60):
        """Start the server and wait until it answers."""
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload", "--skip-checks"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The site server exited:\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"The site server did not start within {timeout} s:\n{self.output()}")

    def request(self, method, path, body=None, headers=None):
        """An HTTP request to the server; returns (status, headers, text)."""
        return http(method, self.url + path, body, headers)

    def output(self):
        """Everything the server has written so far."""
        return Path(self.log.name).read_text()

    def stop(self):
        """Stop the server and remove its log."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        Path(self.log.name).unlink(missing_ok=True)


def postgres_bin():
    """The newest installed PostgreSQL server's bin directory, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


class ThrowawayPostgres:
    """A PostgreSQL server of its own in a temporary directory, on a free port (trust auth, fsync off).

    Tests run as root, and PostgreSQL refuses to run as root: the server then runs as the
    `postgres` OS user through `runuser`. The shared server on 5432 is never touched.
    """

    def __init__(self):
        """Create the cluster (initdb); raises RuntimeError when the server programs are missing."""
        self.bin = postgres_bin()
        if not self.bin:
            raise RuntimeError("No PostgreSQL server programs under /usr/lib/postgresql/*/bin")
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="mc-pg-"))
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")

    def run(self, program, *arguments):
        """Run one of the server's programs (as `postgres` when we are root)."""
        command = [str(self.bin / program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.dir)
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stdout}\n{result.stderr}")
        return result

    def start(self):
        """Start the server and wait until it takes connections."""
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.dir / "server.log"), "-w", "start")

    def stop(self, mode="fast"):
        """Stop the server; `fast` ends every session at once (open transactions are rolled back)."""
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self):
        """Stop the server if it runs and delete its files."""
        try:
            self.stop("immediate")
        except RuntimeError:
            pass  # already stopped
        shutil.rmtree(self.dir, ignore_errors=True)
