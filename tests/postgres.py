"""A throwaway PostgreSQL server (Debian's `postgresql` package) for tests and benches.

The server listens only on a unix socket in its own temporary folder; tests get
a fresh database each (`postgres_url`). Postgres refuses to run as root, so as
root its programs run as the `postgres` user. Without the package the tests
fail with what to install: CI installs it (scripts/setup.sh --dev).
"""
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest


def _bin_dir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    if shutil.which("initdb") and shutil.which("pg_ctl"):
        return Path(shutil.which("initdb")).parent
    raise RuntimeError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                       "apt-get install postgresql, or bash scripts/setup.sh --dev")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, folder, port):
        self.folder, self.port = folder, port

    def url(self, database="postgres"):
        return f"postgresql://postgres@/{database}?host={self.folder}&port={self.port}"

    def create_database(self, name):
        """A new empty database; its URL."""
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name):
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # FORCE: connections a test left open

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)


@contextmanager
def throwaway_server():
    """Start a server in a temporary folder; stop it and delete the folder after."""
    bin_dir = _bin_dir()
    as_user = []
    folder = Path(tempfile.mkdtemp(prefix="mnist-studio-pg-"))
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()

    def run(*args):
        subprocess.run(as_user + [str(bin_dir / args[0]), *args[1:]], check=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    try:
        run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")
        with open(data / "postgresql.conf", "a") as conf:
            conf.write(f"listen_addresses = ''\nport = {port}\nunix_socket_directories = '{folder}'\n")
        run("pg_ctl", "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "start")
    except subprocess.CalledProcessError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {error.stdout}") from None
    try:
        yield Server(folder, port)
    finally:
        subprocess.run(as_user + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    try:
        with throwaway_server() as server:
            yield server
            return
    except RuntimeError as error:
        failure = str(error)
    pytest.fail(failure, pytrace=False)  # not a skip: CI has PostgreSQL, and a missing one must show


@pytest.fixture
def postgres_url(postgres_server):
    """The URL of a fresh, empty database on the session's server."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    yield postgres_server.create_database(name)
    postgres_server.drop_database(name)
