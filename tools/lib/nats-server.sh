#!/usr/bin/env bash
# Finds or fetches nats-server >= 2.11 and prints its absolute path on stdout (diagnostics on stderr).
# Order: $NATS_SERVER_BIN, nats-server on PATH, the repo cache, then Debian unstable's package fetched
# with a private apt configuration (the system's apt sources are never touched). The mirror URIs are
# read from the machine's own apt configuration at run time and never written into the repo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${HELIOS_CACHE:-$ROOT/.cache}/nats-server"
MIN_MAJOR=2
MIN_MINOR=11

log() { echo "[nats-server] $*" >&2; }

version_ok() { # $1 = binary
  local v
  v="$("$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1)" || return 1
  [ -n "$v" ] || return 1
  local major minor
  major="${v%%.*}"; minor="${v#*.}"; minor="${minor%%.*}"
  [ "$major" -gt "$MIN_MAJOR" ] || { [ "$major" -eq "$MIN_MAJOR" ] && [ "$minor" -ge "$MIN_MINOR" ]; }
}

try() { # $1 = candidate
  if [ -n "$1" ] && [ -x "$1" ] && version_ok "$1"; then echo "$1"; exit 0; fi
}

try "${NATS_SERVER_BIN:-}"
try "$(command -v nats-server 2>/dev/null || true)"
try "$CACHE/usr/sbin/nats-server"; try "$CACHE/usr/bin/nats-server"

debian_uris() {
  {
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {for (i=2;i<=NF;i++) print $i}'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1=="deb" {for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; break}}'
  } | grep -v -- '-security' | grep -E '/debian/?$' | sort -u
}

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1; then
  uris="$(debian_uris || true)"
  if [ -n "$uris" ]; then
    log "fetching Debian unstable's nats-server into $CACHE (private apt config, system sources untouched)"
    apt_dir="$CACHE/apt"
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/etc/preferences.d" "$apt_dir/download"
    : > "$apt_dir/etc/sources.list"
    for u in $uris; do echo "deb [trusted=yes] $u sid main" >> "$apt_dir/etc/sources.list"; done
    : > "$apt_dir/status"
    opts=(-o "Dir::Etc::SourceList=$apt_dir/etc/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::Etc::Preferences=/dev/null" -o "Dir::Etc::PreferencesParts=$apt_dir/etc/preferences.d"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::State::Status=$apt_dir/status"
          -o "Dir::Cache::Archives=$apt_dir/archives" -o "Dir::Cache=$apt_dir"
          -o "APT::Get::AllowUnauthenticated=true" -o "Acquire::AllowInsecureRepositories=true"
          -o "Debug::NoLocking=true" -o "APT::Architecture=$(dpkg --print-architecture)")
    if apt-get "${opts[@]}" update >"$apt_dir/update.log" 2>&1 &&
       (cd "$apt_dir/download" && rm -f ./*.deb && apt-get "${opts[@]}" download nats-server >"$apt_dir/download.log" 2>&1); then
      deb="$(ls "$apt_dir"/download/nats-server_*.deb | head -1)"
      dpkg-deb -x "$deb" "$CACHE"
      rm -rf "$apt_dir/lists" "$apt_dir"/*.bin
      try "$CACHE/usr/sbin/nats-server"; try "$CACHE/usr/bin/nats-server"
      log "the downloaded package did not give a usable nats-server >= $MIN_MAJOR.$MIN_MINOR"
    else
      log "apt could not fetch nats-server from Debian unstable (see $apt_dir/*.log)"
    fi
  fi
fi

cat >&2 <<MSG
[nats-server] no nats-server >= $MIN_MAJOR.$MIN_MINOR found. Install one and re-run, or point NATS_SERVER_BIN at it:
  - release binary: https://github.com/nats-io/nats-server/releases (put it on PATH)
  - macOS: brew install nats-server
  - Debian/Ubuntu: the 'nats-server' package from Debian unstable or Ubuntu >= 25.04
MSG
exit 1
