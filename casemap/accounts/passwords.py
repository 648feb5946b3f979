"""Password hashing: Argon2id with a memory cost chosen for the deployment, not the library's default.

Django's default (100 MiB, 2 passes, 8 lanes) made each sign-in take 100 MiB more in whichever worker served it, so
a few people signing in at nine o'clock pushed a small server's workers to 121-287 MB each. OWASP's password
storage guidance gives equivalent settings for Argon2id; the first, 19 MiB of memory, 2 passes and 1 lane, is the
default here. `CASEMAP_ARGON2_MEMORY_KIB` and `CASEMAP_ARGON2_TIME_COST` raise it on a server with memory to spare
(OWASP's 46 MiB with 1 pass is as strong). A password hashed with other settings still verifies, and is hashed again
with these at its next sign-in (Django's `must_update`).
"""

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class CasemapArgon2PasswordHasher(Argon2PasswordHasher):
    """Django's Argon2id hasher, with the costs the settings give (see the module's notes)."""

    @property
    def memory_cost(self) -> int:  # type: ignore[override]
        return settings.ARGON2_MEMORY_KIB

    @property
    def time_cost(self) -> int:  # type: ignore[override]
        return settings.ARGON2_TIME_COST

    parallelism = 1
