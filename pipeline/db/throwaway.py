"""A throwaway PostgreSQL cluster for tests and the benchmark (never for real data).

``start()`` runs ``initdb`` into a temporary folder and ``pg_ctl start`` on a
free port of 127.0.0.1, trust authentication, superuser ``postgres``. As root
it runs the server as the ``postgres`` user (PostgreSQL refuses to run as
root). ``Unavailable`` says why no cluster could be started.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class Unavailable(RuntimeError):
    """No PostgreSQL server binaries, or they could not start a cluster here."""


def find_bin(name: str) -> str | None:
    """``name`` from the newest ``/usr/lib/postgresql/*/bin``, else from PATH."""
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return versions[-1] if versions else shutil.which(name)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Cluster:
    folder: Path
    port: int
    pg_ctl: str
    run_as: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        subprocess.run(
            [*self.run_as, self.pg_ctl, "-D", str(self.folder / "data"), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start(durable: bool = False) -> Cluster:
    """Start a cluster; ``durable=False`` turns fsync off (tests), True keeps defaults."""
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise Unavailable("initdb/pg_ctl not found (apt-get install postgresql)")
    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="pipeline-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise Unavailable("running as root and there is no postgres user") from exc
        os.chown(folder, user.pw_uid, user.pw_gid)
        runuser = shutil.which("runuser") or "/usr/sbin/runuser"
        run_as = [runuser, "-u", "postgres", "--"]
    port = free_port()
    opts = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    if not durable:
        opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    init = ["-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]
    steps = [
        [initdb, "-D", str(folder / "data"), *init],
        [pg_ctl, "-D", str(folder / "data"), "-o", opts, "-l", str(folder / "log"), "-w", "start"],
    ]
    for cmd in steps:
        try:
            done = subprocess.run([*run_as, *cmd], capture_output=True, text=True, check=False)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise Unavailable(f"cannot run {cmd[0]}: {exc}") from exc
        if done.returncode != 0:
            log = (folder / "log").read_text() if (folder / "log").exists() else ""
            shutil.rmtree(folder, ignore_errors=True)
            raise Unavailable(f"{Path(cmd[0]).name} failed: {done.stderr.strip()} {log[-500:]}")
    return Cluster(folder, port, pg_ctl, run_as)
