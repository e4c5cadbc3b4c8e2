# Shared by temporal-dev/{install,start,stop,status}. Sourced, not run.
# Settings (flags override env): --port / TEMPORAL_DEV_PORT (7233), --ui-port / TEMPORAL_DEV_UI_PORT (8233),
# --state / TEMPORAL_DEV_STATE (temporal-dev/state), --ui-codec-endpoint / TEMPORAL_DEV_UI_CODEC_ENDPOINT (none: the
# UI's codec server, e.g. a Bosun worker's http://127.0.0.1:8080/codec; see docs/security.md).

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
TEMPORAL_CLI_VERSION="v1.5.1"
port="${TEMPORAL_DEV_PORT:-7233}"
ui_port="${TEMPORAL_DEV_UI_PORT:-8233}"
state="${TEMPORAL_DEV_STATE:-$here/state}"
ui_codec_endpoint="${TEMPORAL_DEV_UI_CODEC_ENDPOINT:-}"

parse_args() {
  local ports_given=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --port) port="$2"; ports_given=1; shift 2 ;;
      --ui-port) ui_port="$2"; ports_given=1; shift 2 ;;
      --state) state="$2"; shift 2 ;;
      --ui-codec-endpoint) ui_codec_endpoint="$2"; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      *) echo "$(basename "$0"): unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
  done
  mkdir -p "$state"
  state="$(cd "$state" && pwd)"
  pid_file="$state/temporal.pid"
  ports_file="$state/ports"
  # stop/status of a server started on other ports: start wrote them down
  if [[ -z "$ports_given" && -z "${TEMPORAL_DEV_PORT:-}${TEMPORAL_DEV_UI_PORT:-}" && -f "$ports_file" ]]; then
    read -r port ui_port <"$ports_file"
  fi
}

usage() {
  echo "usage: $(basename "$0") [--port GRPC_PORT] [--ui-port UI_PORT] [--state DIR] [--ui-codec-endpoint URL]"
}

# The temporal binary: PATH first, then ~/go/bin (where `go install` puts it). Empty when missing.
find_temporal() {
  if command -v temporal >/dev/null 2>&1; then
    command -v temporal
  elif [[ -x "$HOME/go/bin/temporal" ]]; then
    echo "$HOME/go/bin/temporal"
  fi
}

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}
