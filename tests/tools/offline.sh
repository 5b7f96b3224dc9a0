#!/bin/sh
# Run a command with every network interface but loopback gone, so a build that reaches for
# the internet fails here rather than on a reader's machine. Needs unshare (util-linux) and
# the right to make a network namespace (root, as in CI); elsewhere it says so and runs the
# command with the network.
if unshare -n true 2>/dev/null && command -v ip >/dev/null 2>&1; then
  exec unshare -n sh -c 'ip link set lo up && exec "$@"' sh "$@"
fi
echo "offline.sh: cannot remove the network here (needs unshare -n and ip); running online" >&2
exec "$@"
