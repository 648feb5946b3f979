"""Backup drill: prove that a base backup and the WAL archive restore Casemap to a chosen point in time.

    .venv/bin/python scripts/backup_drill.py            # make backup-drill
    .venv/bin/python scripts/backup_drill.py --children 40

Everything happens in a throwaway PostgreSQL cluster in a temporary directory, reached only through a
Unix socket in that directory (no TCP port is opened, and the machine's own cluster is never touched):

 1. initdb with data checksums, WAL archiving to an archive directory, start it;
 2. migrate and load the demo authority through the application (seed_demo);
 3. take a base backup (pg_basebackup, WAL from the archive only);
 4. add case notes and a person through the real services, then mark a named restore point;
 5. add more notes and a person after it, switch WAL so the archive holds everything, stop the cluster
    and delete its data directory (the backup and the archive are all that is left);
 6. restore the base backup into a new directory and replay the archive up to the restore point;
 7. prove it: row counts of people, cases, notes and the access log equal those at the restore point,
    the changes made after it are absent, the access-log chain verifies, pg_amcheck finds no corruption,
    and (once stopped) every page's checksum is right.

It prints the restore time (RTO) and the sizes, exits non-zero on any mismatch, and always stops its
clusters and removes its directory. Run as root, PostgreSQL's own programs run as the postgres user
(initdb and postgres refuse to run as root). Only counts and ids are printed, never anyone's details.
"""

import argparse
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESTORE_POINT = "casemap_backup_drill"
DATABASE = "casemap"
SUPERUSER = "postgres"
# The tables a restore must bring back exactly as they were.
KEY_TABLES = {
    "people": "people_person",
    "cases": "cases_case",
    "case notes": "cases_casenote",
    "access log entries": "access_accesslogentry",
}
COMMAND_TIMEOUT_SECONDS = 300
WAIT_SECONDS = 60
# Paths go inside single-quoted PostgreSQL settings and shell commands: keep them to plain characters.
SAFE_PATH = re.compile(r"^[A-Za-z0-9_./-]+$")

# Runs inside `manage.py shell -c` after lines setting BATCH and NOTES: real services, the demo's own social
# worker, one of her open cases. Prints one line, "DRILL:" and JSON of the new rows' ids.
CHANGES_CODE = """
import json
from django.utils import timezone
from casemap.accounts.models import User
from casemap.cases.models import Case, MemberRole, NoteKind
from casemap.cases.services import case_note_add
from casemap.people.services import person_create

worker = User.objects.get(username="sally")
case = Case.objects.filter(allocated_worker=worker, closed_on__isnull=True).order_by("id").first()
child = case.memberships.filter(role=MemberRole.CHILD).order_by("id").first().person
notes = [
    case_note_add(
        acting_user=worker,
        case=case,
        children=[child],
        kind=NoteKind.PHONE_CALL,
        occurred_on=timezone.localdate(),
        text=f"Backup drill, batch {BATCH}, note {number + 1}",
    ).pk
    for number in range(NOTES)
]
person = person_create(acting_user=worker, first_name="Drill", last_name=f"Batch {BATCH}")
print("DRILL:" + json.dumps({"notes": notes, "people": [person.pk]}))
"""


class DrillFailed(Exception):
    """A step did not do what it should: the drill has failed."""


def say(message: str) -> None:
    print(message, flush=True)


def step(message: str) -> None:
    say(f"\n== {message}")


def check(condition: bool, proof: str, failure: str) -> None:
    if not condition:
        raise DrillFailed(failure)
    say(f"   OK: {proof}")


def run(command: Sequence[str], *, env: dict[str, str], cwd: Path, what: str) -> str:
    """Run a command; on failure, raise with the end of what it said (server logs are read separately)."""
    try:
        result = subprocess.run(  # noqa: S603 (fixed programs, arguments built here)
            list(command), env=env, cwd=cwd, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired as error:
        raise DrillFailed(f"{what} took longer than {COMMAND_TIMEOUT_SECONDS} seconds") from error
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()[-15:]
        raise DrillFailed(f"{what} failed (exit {result.returncode}):\n      " + "\n      ".join(said))
    return result.stdout


def without_database_settings(environ: dict[str, str]) -> dict[str, str]:
    """The caller's environment without anything that points at another database."""
    return {
        name: value
        for name, value in environ.items()
        if not name.startswith("PG") and name not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }


def postgres_bindir() -> Path:
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    candidates = [path.parent for path in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    if candidates:
        return max(candidates, key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0)
    pg_config = shutil.which("pg_config")
    if pg_config:
        return Path(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True).stdout.strip())  # noqa: S603
    raise DrillFailed("No PostgreSQL server programs found: install postgresql, or set PG_BINDIR to their directory")


def free_port() -> int:
    """A port number no one is using. The clusters listen on a Unix socket only; the number names the socket."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def directory_bytes(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


@dataclass
class Drill:
    workdir: Path
    bindir: Path
    owner: tuple[int, int]  # uid and gid of the clusters' files
    as_postgres: list[str]
    clusters: list["Cluster"] = field(default_factory=list)
    # The drill's own access-log key: the restored chain verifies only with the key the rows were written with.
    access_log_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def archive(self) -> Path:
        return self.workdir / "wal-archive"

    @property
    def sockets(self) -> Path:
        return self.workdir / "sockets"

    def as_owner(self, *command: str, what: str) -> str:
        """Run as the clusters' owner: the postgres user when the drill runs as root."""
        env = without_database_settings(dict(os.environ)) | {"LC_ALL": "C", "TZ": "UTC"}
        return run([*self.as_postgres, *command], env=env, cwd=self.workdir, what=what)

    def pg(self, tool: str, *args: str, what: str) -> str:
        return self.as_owner(str(self.bindir / tool), *args, what=what)


@dataclass
class Cluster:
    drill: Drill
    name: str
    data: Path
    port: int = field(default_factory=free_port)
    running: bool = False

    @property
    def log(self) -> Path:
        return self.drill.workdir / f"{self.name}.log"

    @property
    def connection(self) -> list[str]:
        return ["--host", str(self.drill.sockets), "--port", str(self.port), "--username", SUPERUSER]

    @property
    def database_url(self) -> str:
        host = urllib.parse.quote(str(self.drill.sockets), safe="")
        return f"postgres://{SUPERUSER}@{host}:{self.port}/{DATABASE}"

    def settings(self, lines: Sequence[str]) -> None:
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# Backup drill\n" + "\n".join(lines) + "\n")

    def start(self) -> None:
        self.drill.clusters.append(self)
        self.running = True
        try:
            start = ["start", "--wait", "--timeout=120", "-D", str(self.data), "-l", str(self.log)]
            self.drill.pg("pg_ctl", *start, what=f"Starting the {self.name} cluster")
        except DrillFailed as error:
            raise DrillFailed(f"{error}\n   Server log:\n{self.log_tail()}") from error

    def stop(self, mode: str = "fast") -> None:
        if self.running:
            self.drill.pg("pg_ctl", "stop", "--wait", "-m", mode, "-D", str(self.data), what=f"Stopping {self.name}")
            self.running = False

    def kill(self) -> None:
        """Last resort when pg_ctl cannot stop it: immediate shutdown of the postmaster this drill started."""
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            command_line = Path(f"/proc/{pid}/cmdline")
            # A stale file could name a process that has since been reused: only signal our own postmaster.
            if command_line.exists() and str(self.data).encode() in command_line.read_bytes():
                os.kill(pid, signal.SIGQUIT)
        self.running = False

    def sql(self, query: str, database: str = DATABASE) -> str:
        options = ["--dbname", database, "--no-psqlrc", "--no-align", "--tuples-only", "--set", "ON_ERROR_STOP=1"]
        return self.drill.pg("psql", *self.connection, *options, "--command", query, what=f"SQL: {query}").strip()

    def counts(self) -> dict[str, int]:
        return {label: int(self.sql(f"SELECT count(*) FROM {table}")) for label, table in KEY_TABLES.items()}  # noqa: S608

    def log_tail(self, lines: int = 20) -> str:
        if not self.log.exists():
            return "      (no log)"
        return "\n".join(f"      {line}" for line in self.log.read_text(errors="replace").splitlines()[-lines:])

    def manage(self, *args: str, what: str) -> str:
        env = without_database_settings(dict(os.environ)) | {
            # Base settings in demo mode: nothing goes under var/ and the SQLite file is never opened.
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "CASEMAP_DEMO_MODE": "true",
            "DATABASE_URL": self.database_url,
            "CASEMAP_ACCESS_LOG_KEY": self.drill.access_log_key,
            "CASEMAP_ACCESS_LOG_OLD_KEYS": "",
        }
        return run([sys.executable, "manage.py", *args], env=env, cwd=REPO, what=what)

    def shell(self, code: str, what: str) -> dict[str, Any]:
        output = self.manage("shell", "--no-imports", "--command", code, what=what)
        for line in output.splitlines():
            if line.startswith("DRILL:"):
                return dict(json.loads(line.removeprefix("DRILL:")))
        raise DrillFailed(f"{what}: no result printed")


@dataclass
class Changes:
    notes: list[int]
    people: list[int]


@dataclass
class Timeline:
    """Row counts at each moment of the drill, and the rows added on each side of the restore point."""

    at_backup: dict[str, int]
    at_restore_point: dict[str, int]
    at_end: dict[str, int]
    kept: Changes
    lost: Changes
    last_log_entry: str  # ID:HASH of the access log's last entry at the restore point


def make_changes(cluster: Cluster, *, batch: int, notes: int) -> Changes:
    code = f"BATCH = {batch}\nNOTES = {notes}\n{CHANGES_CODE}"
    result = cluster.shell(code, what=f"Adding batch {batch} of changes")
    return Changes(notes=result["notes"], people=result["people"])


def show_counts(label: str, counts: dict[str, int]) -> None:
    say(f"   {label}: " + ", ".join(f"{count} {name}" for name, count in counts.items()))


def verify_access_log(cluster: Cluster, *, expect_entry: str = "") -> str:
    """Check the access log's hash chain (the command exits 1 if it is broken). Returns its last entry as ID:HASH.

    With expect_entry, that entry must also be there unchanged: the chain alone cannot show rows lost from its end.
    """
    expect = ["--expect-entry", expect_entry] if expect_entry else []
    output = cluster.manage("access_log_verify_chain", *expect, what="Checking the access-log chain")
    last_entry = re.search(r"Last entry (\d+:[0-9a-f]{64})", output)
    if last_entry is None:
        raise DrillFailed("The access-log check did not name the last entry")
    return last_entry.group(1)


def build_original(drill: Drill) -> Cluster:
    step("Creating a throwaway PostgreSQL cluster with data checksums and WAL archiving")
    original = Cluster(drill, "original", drill.workdir / "original")
    # Trust is safe here: the only way in is a socket in a directory only the clusters' owner can open.
    initdb = ["--pgdata", str(original.data), "--username", SUPERUSER, "--auth", "trust", "--encoding", "UTF8"]
    drill.pg("initdb", *initdb, "--locale", "C", "--data-checksums", what="initdb")
    archive = drill.archive
    original.settings(
        [
            "listen_addresses = ''",
            f"unix_socket_directories = '{drill.sockets}'",
            f"port = {original.port}",
            "wal_level = replica",
            "archive_mode = on",
            # Succeeds only once the segment is on disk in the archive under its own name; never overwrites.
            f"archive_command = 'test ! -f {archive}/%f && cp %p {archive}/%f.tmp && sync {archive}/%f.tmp"
            f" && mv {archive}/%f.tmp {archive}/%f'",
            "fsync = on",
            "synchronous_commit = on",
            "full_page_writes = on",
        ]
    )
    original.start()
    original.sql(f"CREATE DATABASE {DATABASE}", database="postgres")
    say(
        f"   Listening only on a Unix socket in {drill.sockets} (port number {original.port});"
        f" data checksums {original.sql('SHOW data_checksums')}"
    )
    return original


def load_demo(original: Cluster, children: int) -> dict[str, int]:
    step(f"Loading the demo authority through the application (migrate, seed_demo --children {children})")
    began = time.monotonic()
    original.manage("migrate", "--noinput", "-v0", what="migrate")
    migrated = time.monotonic()
    original.manage("seed_demo", "--quiet-logins", "--children", str(children), what="seed_demo")
    counts = original.counts()
    show_counts(f"Migrated in {migrated - began:.1f} s, seeded in {time.monotonic() - migrated:.1f} s", counts)
    return counts


def take_base_backup(drill: Drill, original: Cluster) -> Path:
    step("Taking a base backup (pg_basebackup; its WAL will come from the archive)")
    backup = drill.workdir / "base-backup"
    began = time.monotonic()
    options = ["--pgdata", str(backup), "--wal-method", "none", "--checkpoint", "fast"]
    drill.pg("pg_basebackup", *original.connection, *options, what="pg_basebackup")
    say(f"   Base backup: {megabytes(directory_bytes(backup))} in {time.monotonic() - began:.1f} s")
    return backup


def change_around_restore_point(original: Cluster, at_backup: dict[str, int]) -> Timeline:
    step("Changing records through the application, then marking a named restore point")
    kept = make_changes(original, batch=1, notes=3)
    at_restore_point = original.counts()
    last_log_entry = verify_access_log(original)
    original.sql(f"SELECT pg_create_restore_point('{RESTORE_POINT}')")
    say(f"   Added case notes {kept.notes} and person {kept.people}; restore point '{RESTORE_POINT}' made")
    show_counts("At the restore point", at_restore_point)
    say(f"   Access log chain intact; its last entry is {last_log_entry.partition(':')[0]}")

    step("Changing more records after the restore point (the restore must not bring these back)")
    lost = make_changes(original, batch=2, notes=2)
    at_end = original.counts()
    say(f"   Added case notes {lost.notes} and person {lost.people}")
    show_counts("At the end", at_end)
    for name in KEY_TABLES:
        if name != "cases":  # the drill adds no cases: notes, people and log rows must move on both sides
            check(
                at_backup[name] < at_restore_point[name] < at_end[name],
                f"{name} changed both before and after the restore point",
                f"{name} did not change on both sides of the restore point, so the drill would prove nothing",
            )
    return Timeline(at_backup, at_restore_point, at_end, kept, lost, last_log_entry)


def archive_and_destroy(drill: Drill, original: Cluster, backup: Path) -> int:
    """Leave only the base backup and the archive, as after losing the server. Returns the database's size."""
    step("Switching WAL so every change is in the archive, then stopping the cluster and deleting its data")
    last_segment = original.sql("SELECT pg_walfile_name(pg_switch_wal())")
    deadline = time.monotonic() + WAIT_SECONDS
    while not (drill.archive / last_segment).exists():
        if time.monotonic() > deadline:
            failed = original.sql("SELECT failed_count || ' ' || coalesce(last_failed_wal, '') FROM pg_stat_archiver")
            raise DrillFailed(f"WAL segment {last_segment} was not archived (archiver failures: {failed})")
        time.sleep(0.2)
    database_size = int(original.sql(f"SELECT pg_database_size('{DATABASE}')"))
    original.stop()
    shutil.rmtree(original.data)
    segments = [path for path in drill.archive.iterdir() if re.fullmatch(r"[0-9A-F]{24}", path.name)]
    say(f"   Archive: {len(segments)} WAL segments, {megabytes(directory_bytes(drill.archive))}; last {last_segment}")
    drill.pg("pg_verifybackup", "--wal-directory", str(drill.archive), str(backup), what="pg_verifybackup")
    say("   OK: pg_verifybackup: the base backup matches its manifest and the WAL it needs is in the archive")
    return database_size


def restore(drill: Drill, backup: Path) -> tuple[Cluster, float]:
    """Restore into a new directory and replay to the restore point. Returns the cluster and the restore time."""
    step(f"Restoring the base backup and replaying the archive to restore point '{RESTORE_POINT}'")
    began = time.monotonic()
    restored = Cluster(drill, "restored", drill.workdir / "restored")
    drill.as_owner("cp", "-a", str(backup), str(restored.data), what="Copying the base backup")
    restored.settings(
        [
            f"port = {restored.port}",
            # The drill keeps the archive as evidence; a real restore would archive its new timeline.
            "archive_mode = off",
            f"restore_command = 'cp {drill.archive}/%f %p'",
            f"recovery_target_name = '{RESTORE_POINT}'",
            "recovery_target_action = 'promote'",
        ]
    )
    signal_file = restored.data / "recovery.signal"
    signal_file.touch()
    shutil.chown(signal_file, *drill.owner)
    restored.start()
    deadline = time.monotonic() + WAIT_SECONDS
    while restored.sql("SELECT pg_is_in_recovery()") != "f":
        if time.monotonic() > deadline:
            raise DrillFailed(f"The restored cluster did not finish recovery:\n{restored.log_tail()}")
        time.sleep(0.2)
    took = time.monotonic() - began
    say(f"   Restored and accepting writes in {took:.1f} s")
    return restored, took


def present(cluster: Cluster, table: str, ids: list[int]) -> list[int]:
    """Which of these ids the table holds."""
    found = cluster.sql(f"SELECT id FROM {table} WHERE id IN ({','.join(map(str, ids))}) ORDER BY id")  # noqa: S608
    return [int(line) for line in found.splitlines()]


def prove(drill: Drill, restored: Cluster, timeline: Timeline) -> None:
    step("Proving the restored data is the data at the restore point")
    log = restored.log.read_text(errors="replace")
    check(
        f'recovery stopping at restore point "{RESTORE_POINT}"' in log,
        "Recovery stopped at the named restore point",
        "the server log does not show recovery stopping there",
    )
    counts = restored.counts()
    show_counts("Restored", counts)
    check(
        counts == timeline.at_restore_point,
        "Restored row counts equal those at the restore point",
        f"restored row counts {counts} differ from those at the restore point {timeline.at_restore_point}",
    )
    kept, lost = timeline.kept, timeline.lost
    check(
        present(restored, "cases_casenote", kept.notes) == sorted(kept.notes)
        and present(restored, "people_person", kept.people) == sorted(kept.people),
        "Changes before the restore point are present",
        "changes made before the restore point are missing",
    )
    check(
        present(restored, "cases_casenote", lost.notes) == [] and present(restored, "people_person", lost.people) == [],
        "Changes after the restore point are absent",
        "changes made after the restore point came back",
    )
    restored_last_entry = verify_access_log(restored, expect_entry=timeline.last_log_entry)
    check(
        restored_last_entry == timeline.last_log_entry,
        "Access log chain verified on the restored database, ending at the entry last written before the restore point",
        f"the restored access log ends at entry {restored_last_entry}, not {timeline.last_log_entry}",
    )
    options = ["--database", DATABASE, "--install-missing", "--heapallindexed"]
    drill.pg("pg_amcheck", *restored.connection, *options, what="pg_amcheck")
    say("   OK: pg_amcheck found no corruption in tables or indexes")
    restored.stop()
    checksums = drill.pg("pg_checksums", "--check", "-D", str(restored.data), what="pg_checksums")
    blocks = re.search(r"Blocks scanned:\s*(\d+)", checksums)
    say(f"   OK: data checksums correct on all {blocks.group(1) if blocks else '?'} blocks (pg_checksums)")


def run_drill(drill: Drill, children: int) -> None:
    began = time.monotonic()
    original = build_original(drill)
    at_backup = load_demo(original, children)
    backup = take_base_backup(drill, original)
    timeline = change_around_restore_point(original, at_backup)
    database_size = archive_and_destroy(drill, original, backup)
    restored, rto = restore(drill, backup)
    prove(drill, restored, timeline)
    step("Backup drill passed")
    say(
        f"   Sizes: database {megabytes(database_size)}, base backup {megabytes(directory_bytes(backup))},"
        f" WAL archive {megabytes(directory_bytes(drill.archive))}"
    )
    say(f"   RTO: {rto:.1f} s to restore and replay to the restore point; whole drill {time.monotonic() - began:.1f} s")


def cleanup(drill: Drill) -> None:
    for cluster in reversed(drill.clusters):
        if cluster.running and cluster.data.exists():
            try:
                cluster.stop(mode="immediate")
            except DrillFailed:
                cluster.kill()
    shutil.rmtree(drill.workdir, ignore_errors=True)
    say(f"Cleaned up: clusters stopped, {drill.workdir} removed")


def stop_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # so the clean-up below still runs


def clusters_owner() -> tuple[list[str], tuple[int, int]]:
    """initdb and postgres refuse to run as root: as root, run PostgreSQL's programs as the postgres user."""
    if os.geteuid() != 0:
        return [], (os.getuid(), os.getgid())
    try:
        account = pwd.getpwnam("postgres")
    except KeyError as error:
        raise DrillFailed("Running as root needs the postgres system user (from the postgresql package)") from error
    return ["runuser", "-u", "postgres", "--"], (account.pw_uid, account.pw_gid)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=60, help="how many demo children to seed (default 60)")
    arguments = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        as_postgres, owner = clusters_owner()
        bindir = postgres_bindir()
    except DrillFailed as error:
        say(f"BACKUP DRILL FAILED: {error}")
        return 1
    drill = Drill(Path(tempfile.mkdtemp(prefix="casemap-backup-drill-")), bindir, owner, as_postgres)
    try:
        if not SAFE_PATH.match(str(drill.workdir)):
            raise DrillFailed(f"The temporary directory {drill.workdir} has characters the settings cannot quote")
        for directory in (drill.archive, drill.sockets):
            directory.mkdir(mode=0o700)
        for directory in (drill.workdir, drill.archive, drill.sockets):
            shutil.chown(directory, *owner)
        say(f"Backup drill in {drill.workdir} with PostgreSQL from {bindir}")
        run_drill(drill, arguments.children)
    except DrillFailed as error:
        say(f"\nBACKUP DRILL FAILED: {error}")
        return 1
    finally:
        cleanup(drill)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
