"""``python -m verify.claims [--fill-pending]``: the claims whose rule differs from its last history entry."""

import sys

from verify.claims.registry import fill_pending, load, stale_rules

if sys.argv[1:] == ["--fill-pending"]:
    print(f"filled {fill_pending()} digest(s)")
stale = stale_rules(load())
for claim_id, digest in stale:
    print(f"{claim_id}: the rule differs from its last history entry; a new entry must record "
          f'rule_sha256 = "{digest}"')
sys.exit(1 if stale else 0)
