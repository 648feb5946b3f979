"""`make backup-drill` restores a base backup and the WAL archive to a named restore point, and proves it.

The drill makes its own throwaway PostgreSQL cluster, so it needs PostgreSQL's server programs: it runs in the
suite's PostgreSQL run only (the root conftest.py leaves it out of the SQLite run; it is never skipped).
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres_operations

DRILL = Path(__file__).resolve().parents[2] / "scripts" / "backup_drill.py"
PROOFS = [
    "Recovery stopped at the named restore point",
    "Restored row counts equal those at the restore point",
    "Changes before the restore point are present",
    "Changes after the restore point are absent",
    "Access log chain verified on the restored database",
    "pg_amcheck found no corruption in tables or indexes",
]


def test_backup_drill_restores_to_the_restore_point_and_cleans_up() -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(DRILL)], capture_output=True, text=True, timeout=600, check=False
    )
    output = result.stdout
    assert result.returncode == 0, output + result.stderr
    for proof in PROOFS:
        assert f"OK: {proof}" in output
    assert re.search(r"OK: data checksums correct on all [1-9]\d* blocks", output)
    assert re.search(r"RTO: \d+\.\d s", output)
    assert "Backup drill passed" in output
    workdir = re.search(r"^Backup drill in (\S+) ", output, re.MULTILINE)
    assert workdir is not None
    assert not Path(workdir.group(1)).exists()
