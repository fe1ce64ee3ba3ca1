#!/usr/bin/env bash
# Starts or stops Azurite (blob, queue, table) on free ports, with its data in a given folder.
#   scripts/azurite.sh start DIR   -> starts it; writes DIR/azurite.env (AZURITE_PID, ports, connection string)
#   scripts/azurite.sh stop DIR    -> stops the Azurite started for DIR
# Ports can be fixed with AZURITE_BLOB_PORT / AZURITE_QUEUE_PORT / AZURITE_TABLE_PORT.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
action="${1:?start|stop}"
dir="${2:?data folder}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
env_file="$dir/azurite.env"

# Azurite's well-known development account (public, documented; not a secret).
account="devstoreaccount1"
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

wait_port() { # port: wait up to 30 s for something to listen there
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "Azurite did not open port $1; see $dir/azurite.log" >&2
  return 1
}

case "$action" in
  start)
    bin="$root/node_modules/.bin/azurite"
    [[ -x "$bin" ]] || { echo "Azurite is not installed: run 'npm ci' in $root" >&2; exit 1; }
    blob="${AZURITE_BLOB_PORT:-$("$here/free-port.sh")}"
    queue="${AZURITE_QUEUE_PORT:-$("$here/free-port.sh")}"
    table="${AZURITE_TABLE_PORT:-$("$here/free-port.sh")}"
    "$bin" --silent --location "$dir" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
      --blobPort "$blob" --queuePort "$queue" --tablePort "$table" \
      --skipApiVersionCheck --loose >"$dir/azurite.log" 2>&1 &
    pid=$!
    wait_port "$blob"; wait_port "$queue"; wait_port "$table"
    conn="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/$account;QueueEndpoint=http://127.0.0.1:$queue/$account;TableEndpoint=http://127.0.0.1:$table/$account;"
    cat >"$env_file" <<ENV
AZURITE_PID=$pid
AZURITE_BLOB_PORT=$blob
AZURITE_QUEUE_PORT=$queue
AZURITE_TABLE_PORT=$table
AZURITE_CONNECTION_STRING='$conn'
ENV
    echo "$conn"
    ;;
  stop)
    [[ -f "$env_file" ]] || exit 0
    # shellcheck disable=SC1090
    source "$env_file"
    kill "$AZURITE_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$AZURITE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$AZURITE_PID" 2>/dev/null || true
    rm -f "$env_file"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
