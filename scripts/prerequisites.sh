#!/usr/bin/env bash
# Installs what the platform and its tests need and is missing; quick and silent when all is present.
# Debian 12 as root (or with sudo). Safe to run again.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DEBIAN_FRONTEND=noninteractive

apt_packages=(
  redis-server rabbitmq-server postgresql
  pocketsphinx pocketsphinx-en-us flite espeak-ng sox
  chromium python3-grpcio python3-protobuf
  ca-certificates curl nodejs npm
)

log() { printf '[prerequisites] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; exit 1; fi
}

missing=()
for package in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    # node and npm may come from elsewhere (nvm, NodeSource): only install them when the commands are absent.
    case "$package" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  # A fresh image has empty package lists; refresh them only then, or when an install fails for lack of them.
  if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ]; then
    as_root apt-get update -qq
  fi
  if ! as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

for command in redis-server rabbitmqctl initdb pocketsphinx_continuous flite espeak-ng sox chromium node npm; do
  if ! command -v "$command" >/dev/null && [ ! -x "/usr/lib/postgresql/15/bin/$command" ]; then
    log "'$command' is still missing after installing packages; install it and run again."
    exit 1
  fi
done

# The npm openai client, for the tests that point a real OpenAI client at the Gateway's /v1 API.
openai_node_dir="$root/.tools/openai-node"
if [ ! -f "$openai_node_dir/node_modules/openai/package.json" ]; then
  log "installing the npm openai client (openai@4.95.0) for the OpenAI-compatibility tests"
  mkdir -p "$openai_node_dir"
  npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$openai_node_dir" openai@4.95.0 >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  log "the .NET 10 SDK is missing: install it from https://dot.net (dotnet-sdk-10.0) and run again."
  exit 1
fi
