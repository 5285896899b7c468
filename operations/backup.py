"""Backup and restore of the whole site: a database dump plus every media file, in one archive.

The archive is a gzipped tar file holding

- `manifest.json`: format version, creation time, the database vendor, the row count of every
  model, and each file's name, size and SHA-256;
- `database.sqlite3` (SQLite's online backup API, consistent while the site runs) or
  `database.pgdump` (`pg_dump --format=custom`, restored with `pg_restore`);
- `media/<name>` for every file in the default storage (uploads, documents, renditions), read
  through Django's storage API, so any storage back end is covered.

`restore_backup` checks every checksum before it changes anything, replaces the database and the
media files, empties the cache and then compares the row counts with the manifest.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import django
from django.apps import apps
from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why."""


def sha256_of(fileobj):
    """SHA-256 (hex) of a file object read to its end."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def row_counts():
    """Rows per model (`app_label.ModelName` → count) of every concrete, managed model."""
    return {model._meta.label: model._base_manager.count() for model in concrete_models()}


def media_names(storage=default_storage, folder=""):
    """Every file name in `storage`, recursively, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += media_names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def vendor():
    """The database vendor, refusing those the backup cannot handle (and work inside a transaction)."""
    if connection.in_atomic_block:
        raise BackupError("Backup and restore cannot run inside a transaction.")
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def postgres_command(program, *arguments):
    """Run a PostgreSQL client program against the default database; raise BackupError on failure."""
    settings = connection.settings_dict
    executable = shutil.which(program)
    if not executable:
        raise BackupError(f"{program} was not found on PATH; install the PostgreSQL client programs.")
    env = {**os.environ, "PGDATABASE": settings["NAME"]}
    for key, variable in [("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")]:
        if settings.get(key):
            env[variable] = str(settings[key])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    result = subprocess.run([executable, *arguments], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def concrete_models():
    """Every model with a table of its own (managed, not a proxy)."""
    return [model for model in apps.get_models() if model._meta.managed and not model._meta.proxy]


def dump_database(path):
    """Write a consistent copy of the default database to `path`; returns its row counts.

    The counts describe exactly what was dumped: on SQLite they are read from the copy (the backup
    API copies the database in one step), on PostgreSQL pg_dump reads the snapshot that the
    counting transaction exports.
    """
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            return {
                model._meta.label: target.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"').fetchone()[0]
                for model in concrete_models()
            }
        finally:
            target.close()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts()
        postgres_command(
            "pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", f"--file={path}"
        )
    return counts


def load_database(path):
    """Replace the default database's content with the dump at `path`."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()  # our own idle connection must not hold locks on the tables being replaced
        postgres_command(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        )
    connection.close()


def add_bytes(archive, name, data):
    """Add an in-memory file to the tar archive."""
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def create_backup(output):
    """Write the database and every media file to the archive `output`; returns the manifest."""
    output = Path(output)
    dump_name = DUMP_NAMES[vendor()]
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "django": django.get_version(),
        "database": {"vendor": connection.vendor, "file": dump_name},
        "counts": {},
        "media": [],
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory() as workdir, tarfile.open(partial, "w:gz") as archive:
        dump = Path(workdir) / dump_name
        manifest["counts"] = dump_database(dump)
        with dump.open("rb") as handle:
            manifest["database"]["sha256"] = sha256_of(handle)
        archive.add(dump, arcname=dump_name)
        for name in media_names():
            with default_storage.open(name, "rb") as handle:
                checksum = sha256_of(handle)
                handle.seek(0)
                info = tarfile.TarInfo(f"media/{name}")
                info.size = default_storage.size(name)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, handle)
            manifest["media"].append({"name": name, "size": info.size, "sha256": checksum})
        add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
    partial.replace(output)  # only a complete archive ever carries the final name
    return manifest


def read_manifest(archive):
    """The archive's manifest, checked for a format this code understands."""
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except KeyError:
        raise BackupError("Not a Moving Cities backup: manifest.json is missing.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (this version reads {FORMAT}).")
    return manifest


def verify_archive(archive, manifest):
    """Check the dump and every media file against the manifest's checksums before changing anything."""
    expected = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    expected += [(f"media/{entry['name']}", entry["sha256"]) for entry in manifest["media"]]
    for member, checksum in expected:
        try:
            handle = archive.extractfile(member)
        except KeyError:
            raise BackupError(f"The archive lacks {member}.") from None
        if sha256_of(handle) != checksum:
            raise BackupError(f"{member} does not match its checksum: the archive is damaged.")


def restore_media(archive, manifest):
    """Make the default storage hold exactly the archive's media files."""
    for name in media_names():
        default_storage.delete(name)
    for entry in manifest["media"]:
        handle = archive.extractfile(f"media/{entry['name']}")
        saved = default_storage.save(entry["name"], File(handle, name=entry["name"]))
        if saved != entry["name"]:
            raise BackupError(f"The storage saved {entry['name']} as {saved}.")


def restore_backup(path):
    """Replace the database and the media files with those in the archive at `path`.

    Returns (manifest, differences): the row counts that differ from the manifest after restoring
    (empty when the restore is complete).
    """
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        if manifest["database"]["vendor"] != vendor():
            raise BackupError(
                f"This backup holds a {manifest['database']['vendor']} database; the site uses {connection.vendor}."
            )
        verify_archive(archive, manifest)
        with tempfile.TemporaryDirectory() as workdir:
            archive.extract(manifest["database"]["file"], workdir, filter="data")
            load_database(Path(workdir) / manifest["database"]["file"])
        restore_media(archive, manifest)
    cache.clear()
    counts = row_counts()
    differences = {
        label: (count, counts.get(label)) for label, count in manifest["counts"].items() if counts.get(label) != count
    }
    return manifest, differences
