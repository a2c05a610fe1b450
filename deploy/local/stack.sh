#!/usr/bin/env bash
# Local stack without Docker: Apache Kafka (KRaft, one node), FerretDB (MongoDB wire protocol, SQLite backend) and a
# mail catcher (SMTP + HTTP), each a local process on free loopback ports.
#
#   stack.sh up        install what is missing (cached under .cache/), start what is not running, wait until ready
#   stack.sh down      stop everything (SIGTERM, then SIGKILL after a deadline); data stays under .data/
#   stack.sh status    what runs where (exit 0 only when every local component is up)
#   stack.sh env       export lines for KAFKA_BROKERS, MONGO_URL, SMTP_HOST, SMTP_PORT, MAIL_UI_URL
#   stack.sh install   only install into the cache: Kafka jars, the FerretDB binary, the compose-check tool
#   stack.sh reset     down, then delete the stack's data (topics, databases, mail, logs)
#   stack.sh stop-kafka|start-kafka|stop-mongo|start-mongo|stop-smtp|start-smtp
#                      stop or start one component; a restart keeps its ports
#
# If KAFKA_BROKERS and MONGO_URL are both set (and are not this stack's own), `up` starts neither and only reports
# them; the mail catcher is likewise skipped when SMTP_HOST and SMTP_PORT are set.
#
# Environment: CRUMBTRAIL_CACHE_DIR (default <repo>/.cache), CRUMBTRAIL_DATA_DIR (default <repo>/.data),
# CRUMBTRAIL_STACK_TIMEOUT_S (readiness deadline, default 180), CRUMBTRAIL_STACK_QUIET=1 (only errors and URLs),
# CRUMBTRAIL_MAVEN_REPO (Maven local repository override), CRUMBTRAIL_FERRETDB_LOG_LEVEL (default warn).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/deploy/local"
CACHE_DIR=${CRUMBTRAIL_CACHE_DIR:-$ROOT/.cache}
DATA_DIR=${CRUMBTRAIL_DATA_DIR:-$ROOT/.data}
READY_TIMEOUT_S=${CRUMBTRAIL_STACK_TIMEOUT_S:-180}
QUIET=${CRUMBTRAIL_STACK_QUIET:-0}
STOP_TIMEOUT_S=30

KAFKA_VERSION=4.1.1
SCALA_VERSION=2.13
LOG4J_VERSION=2.24.3
SLF4J_VERSION=1.7.36
FERRETDB_VERSION=v1.24.2 # also pinned, with every dependency, by deploy/local/ferretdb-build/go.mod + go.sum
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.6.1
# Bump a recipe number when its install steps change, so stale caches are rebuilt.
KAFKA_RECIPE=1
FERRETDB_RECIPE=5

KAFKA_HOME="$CACHE_DIR/kafka/$KAFKA_VERSION"
FERRETDB_HOME="$CACHE_DIR/ferretdb/$FERRETDB_VERSION"
FERRETDB_BIN="$FERRETDB_HOME/ferretdb"
FERRETDB_BUILD_DIR="$HERE/ferretdb-build"
COMPOSE_CHECK_SRC="$ROOT/deploy/compose-check"
COMPOSE_CHECK_BIN="$CACHE_DIR/bin/compose-check"
RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"
PORTS_FILE="$RUN_DIR/ports.env"
COMPONENTS=(kafka mongo smtp)

say() { [[ $QUIET == 1 ]] || echo "stack: $*"; }
warn() { echo "stack: $*" >&2; }
die() {
  warn "$*"
  exit 1
}
now_ms() { date +%s%3N; }
secs_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# ---------------------------------------------------------------------------------------------------------------
# Prerequisites

version_major() { sed -E 's/^[^0-9]*([0-9]+).*/\1/'; }

# check_prereqs <tool>...: every missing or too old tool is named in one message.
check_prereqs() {
  local missing=()
  local tool
  for tool in "$@"; do
    case $tool in
      node)
        if ! command -v node >/dev/null; then
          missing+=("node (Node.js 20.19+, https://nodejs.org or apt-get install nodejs)")
        elif (($(node -p 'process.versions.node.split(".")[0]') < 20)); then
          missing+=("node 20.19+ (found $(node -v))")
        fi
        ;;
      java)
        if ! command -v java >/dev/null; then
          missing+=("java (JDK or JRE 17+, e.g. apt-get install openjdk-17-jre-headless)")
        else
          local jv
          # Whole output first, then parse: under pipefail, a reader that quits early (awk's exit, grep -q, head) kills
          # the writer with SIGPIPE and fails the pipeline at random.
          local jout
          jout=$(java -version 2>&1) || true
          jv=$(awk -F'"' '/version/ { print $2; exit }' <<<"$jout")
          [[ $jv == 1.* ]] && jv=${jv#1.}
          if (($(version_major <<<"$jv") < 17)); then missing+=("java 17+ for Kafka $KAFKA_VERSION (found $jv)"); fi
        fi
        ;;
      mvn)
        command -v mvn >/dev/null || missing+=("mvn (Apache Maven 3.6+, e.g. apt-get install maven) to fetch the Kafka jars")
        ;;
      go)
        if ! command -v go >/dev/null; then
          missing+=("go (Go 1.24+, https://go.dev/dl) to build FerretDB $FERRETDB_VERSION")
        else
          local gv
          gv=$(go env GOVERSION 2>/dev/null | sed -E 's/^go//')
          local minor
          minor=$(cut -d. -f2 <<<"$gv")
          if [[ ${gv%%.*} != 1 || ${minor:-0} -lt 24 ]]; then missing+=("go 1.24+ to build FerretDB (found go$gv)"); fi
        fi
        ;;
    esac
  done
  if ((${#missing[@]} > 0)); then
    warn "missing prerequisites; please install:"
    local m
    for m in "${missing[@]}"; do warn "  - $m"; done
    exit 1
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Installation into the cache. Each artefact is built in a temporary directory and renamed into place together with
# a stamp, so an interrupted install is never mistaken for a complete one.

# The stamps name everything that determines the artefact, so a changed pin or recipe means a rebuild.
files_hash() { cat "$@" | sha256sum | cut -c1-16; }
kafka_stamp() { echo "kafka_${SCALA_VERSION}-$KAFKA_VERSION log4j-$LOG4J_VERSION slf4j-$SLF4J_VERSION recipe-$KAFKA_RECIPE"; }
ferretdb_stamp() {
  echo "ferretdb-$FERRETDB_VERSION pins-$(files_hash "$FERRETDB_BUILD_DIR/go.mod" "$FERRETDB_BUILD_DIR/go.sum") recipe-$FERRETDB_RECIPE"
}
compose_check_stamp() {
  echo "compose-check src-$(files_hash "$COMPOSE_CHECK_SRC/go.mod" "$COMPOSE_CHECK_SRC/go.sum" "$COMPOSE_CHECK_SRC"/*.go)"
}
stamp_matches() { [[ -f $1 && "$(cat "$1")" == "$2" ]]; }
kafka_installed() { stamp_matches "$KAFKA_HOME/.complete" "$(kafka_stamp)"; }
ferretdb_installed() { [[ -x $FERRETDB_BIN ]] && stamp_matches "$FERRETDB_HOME/.complete" "$(ferretdb_stamp)"; }
compose_check_installed() { [[ -x $COMPOSE_CHECK_BIN ]] && stamp_matches "$COMPOSE_CHECK_BIN.complete" "$(compose_check_stamp)"; }

install_kafka() {
  local tmp="$CACHE_DIR/kafka/.tmp-$KAFKA_VERSION-$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  cat >"$tmp/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.crumbtrail</groupId>
  <artifactId>kafka-broker-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_$SCALA_VERSION</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-api</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$SLF4J_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  local repo_opt=()
  [[ -n ${CRUMBTRAIL_MAVEN_REPO:-} ]] && repo_opt=("-Dmaven.repo.local=$CRUMBTRAIL_MAVEN_REPO")
  if ! mvn -B -q -f "$tmp/pom.xml" "${repo_opt[@]}" \
    "$DEPENDENCY_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$tmp/libs" >"$tmp/mvn.log" 2>&1; then
    cat "$tmp/mvn.log" >&2
    die "resolving the Kafka $KAFKA_VERSION jars from Maven Central failed (output above)"
  fi
  [[ -f $tmp/libs/kafka_$SCALA_VERSION-$KAFKA_VERSION.jar && -f $tmp/libs/log4j-slf4j-impl-$LOG4J_VERSION.jar ]] ||
    die "Kafka jars incomplete in $tmp/libs"
  kafka_stamp >"$tmp/.complete"
  rm -f "$tmp/pom.xml" "$tmp/mvn.log"
  rm -rf "$KAFKA_HOME"
  mv "$tmp" "$KAFKA_HOME"
}

# FerretDB 1.24.2's SQLite backend indexes _id as `_ferretdb_sjson->"_id"` but looks it up (find, update, delete
# by _id) as `_ferretdb_sjson->'$._id'`. Both yield the same value, but SQLite matches index expressions by their
# text, so every _id lookup scanned the whole table (EXPLAIN QUERY PLAN: SCAN; a findOne by _id on 100k mentions
# took ~0.3 s). Spelling the lookup like the index makes it SEARCH ... USING INDEX; nothing stored changes.
patch_ferretdb_id_lookups() {
  local file="$1/internal/backends/sqlite/metadata/metadata.go"
  grep -q "IDColumn = DefaultColumn + \"->'\$._id'\"" "$file" || die "FerretDB source changed: $file has no \$._id IDColumn"
  sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \"->'_id'\"|" "$file"
  grep -q "IDColumn = DefaultColumn + \"->'_id'\"" "$file" || die "patching FerretDB's _id lookups failed ($file)"
}

# FerretDB 1.24.2 answers an `update` command with several statements (a driver's bulkWrite of updates) never:
# each statement's query iterator is closed by a `defer` inside the statement loop, so it stays open until the
# whole command returns, and the next statement blocks on it (observed: a bulkWrite of 140 updateOne hangs, a
# single updateOne works). Closing each iterator once its statement is done is what the loop means to do.
patch_ferretdb_update_loop() {
  local file="$1/internal/handler/msg_update.go"
  [[ $(grep -c 'defer closer.Close()' "$file") == 1 ]] || die "FerretDB source changed: $file has no single deferred closer"
  perl -0pi -e 's/(\t\tcloser := iterator\.NewMultiCloser\(\)\n)\t\tdefer closer\.Close\(\)\n/$1/; s/(\t\tresult, err := common\.UpdateDocument\(ctx, c, "update", iter, &u\)\n)/$1\t\tcloser.Close()\n/' "$file"
  grep -q 'defer closer.Close()' "$file" && die "patching FerretDB's update loop failed ($file)"
  local after_update
  after_update=$(grep -A1 'result, err := common.UpdateDocument(ctx, c, "update", iter, &u)' "$file") || true
  [[ $after_update == *'closer.Close()'* ]] || die "patching FerretDB's update loop failed ($file)"
}

# FerretDB 1.24.2 applies an update by reading the document, changing it in Go and writing it back, with nothing
# between connections: of two `$inc` on one document at the same moment, one can vanish without an error (measured:
# two clients, 200 concurrent `$inc` each on one document, 342 of 400 counted). MongoDB applies each single-document
# update atomically, and two aggregators updating one (brand, hour) rollup rely on that. FerretDB is one process, so a
# process-wide lock around the update and findAndModify commands makes them atomic here too (SQLite serialises the
# writes anyway, so the lock costs little).
patch_ferretdb_atomic_updates() {
  local dir="$1/internal/handler"
  grep -q '	matched, modified, upserted, err := h.updateDocument(connCtx, params)' "$dir/msg_update.go" ||
    die "FerretDB source changed: $dir/msg_update.go does not call h.updateDocument as expected"
  grep -q '	res, err := h.findAndModifyDocument(connCtx, params)' "$dir/msg_findandmodify.go" ||
    die "FerretDB source changed: $dir/msg_findandmodify.go does not call h.findAndModifyDocument as expected"
  cat >"$dir/crumbtrail_write_lock.go" <<'GO'
package handler

import "sync"

// crumbtrailWriteLock makes read-modify-write commands atomic across connections (a Crumbtrail local-stack patch).
var crumbtrailWriteLock sync.Mutex
GO
  perl -0pi -e 's/\tmatched, modified, upserted, err := h\.updateDocument\(connCtx, params\)\n/\tmatched, modified, upserted, err := func() (int32, int32, *types.Array, error) {\n\t\tcrumbtrailWriteLock.Lock()\n\t\tdefer crumbtrailWriteLock.Unlock()\n\t\treturn h.updateDocument(connCtx, params)\n\t}()\n/' "$dir/msg_update.go"
  perl -0pi -e 's/\tres, err := h\.findAndModifyDocument\(connCtx, params\)\n/\tres, err := func() (*findAndModifyResult, error) {\n\t\tcrumbtrailWriteLock.Lock()\n\t\tdefer crumbtrailWriteLock.Unlock()\n\t\treturn h.findAndModifyDocument(connCtx, params)\n\t}()\n/' "$dir/msg_findandmodify.go"
  grep -q 'crumbtrailWriteLock.Lock()' "$dir/msg_update.go" || die "patching FerretDB's update command failed"
  grep -q 'crumbtrailWriteLock.Lock()' "$dir/msg_findandmodify.go" || die "patching FerretDB's findAndModify command failed"
}

install_ferretdb() {
  # `go install ...@version` needs the proxy's version list, which some registries refuse, and the released module
  # lacks build/version/version.txt, without which the binary panics at start. So: copy the pinning module
  # (deploy/local/ferretdb-build), download FerretDB as its go.sum pins it, copy that source, write version.txt,
  # point the module at the copy with a replace directive and build with the pinned dependencies (-mod=readonly).
  local tmp="$CACHE_DIR/ferretdb/.tmp-$FERRETDB_VERSION-$$"
  rm -rf "$tmp" && mkdir -p "$tmp/build"
  cp "$FERRETDB_BUILD_DIR/go.mod" "$FERRETDB_BUILD_DIR/go.sum" "$FERRETDB_BUILD_DIR/tools.go" "$tmp/build/"
  local dir
  dir=$(cd "$tmp/build" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly go mod download -json github.com/FerretDB/FerretDB |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})') ||
    die "downloading the FerretDB $FERRETDB_VERSION module from the Go module proxy failed"
  cp -R "$dir" "$tmp/build/ferretdb-src"
  chmod -R u+w "$tmp/build/ferretdb-src"
  echo "$FERRETDB_VERSION" >"$tmp/build/ferretdb-src/build/version/version.txt"
  patch_ferretdb_id_lookups "$tmp/build/ferretdb-src"
  patch_ferretdb_update_loop "$tmp/build/ferretdb-src"
  patch_ferretdb_atomic_updates "$tmp/build/ferretdb-src"
  if ! (
    cd "$tmp/build" &&
      GOTOOLCHAIN=local go mod edit -replace github.com/FerretDB/FerretDB=./ferretdb-src &&
      GOTOOLCHAIN=local GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath -o "$tmp/ferretdb" \
        github.com/FerretDB/FerretDB/cmd/ferretdb
  ) >"$tmp/build.log" 2>&1; then
    cat "$tmp/build.log" >&2
    die "building FerretDB $FERRETDB_VERSION failed (output above)"
  fi
  # Read the whole output before matching: `ferretdb --version | grep -q` fails at random under pipefail (grep -q
  # quits at the first match and the binary dies of SIGPIPE writing the rest; 44 failures in 200 runs measured).
  local reported
  reported=$("$tmp/ferretdb" --version 2>&1) || die "the built FerretDB does not run: $reported"
  [[ $reported == *"version: $FERRETDB_VERSION"* ]] || die "the built FerretDB does not report $FERRETDB_VERSION: $reported"
  rm -rf "$tmp/build" "$tmp/build.log"
  ferretdb_stamp >"$tmp/.complete"
  rm -rf "$FERRETDB_HOME"
  mv "$tmp" "$FERRETDB_HOME"
}

install_compose_check() {
  mkdir -p "$CACHE_DIR/bin"
  local tmp="$COMPOSE_CHECK_BIN.tmp-$$"
  if ! (cd "$COMPOSE_CHECK_SRC" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath -o "$tmp" .) \
    >"$tmp.log" 2>&1; then
    cat "$tmp.log" >&2
    rm -f "$tmp" "$tmp.log"
    die "building deploy/compose-check failed (output above)"
  fi
  rm -f "$tmp.log"
  mv -f "$tmp" "$COMPOSE_CHECK_BIN"
  compose_check_stamp >"$COMPOSE_CHECK_BIN.complete"
}

# install_all <kafka:0|1> <ferretdb:0|1>: installs what is asked for and missing (plus the compose-check tool), in
# parallel, under a lock shared by every checkout using this cache; INSTALL_REPORT says what was cached or how long
# each install took.
install_all() {
  local want_kafka=$1 want_ferretdb=$2
  local need=(node) todo=()
  if [[ $want_kafka == 1 ]]; then
    need+=(java)
    kafka_installed || need+=(mvn)
  fi
  if { [[ $want_ferretdb == 1 ]] && ! ferretdb_installed; } || ! compose_check_installed; then need+=(go); fi
  check_prereqs "${need[@]}"
  mkdir -p "$CACHE_DIR/kafka" "$CACHE_DIR/ferretdb" "$CACHE_DIR/bin"
  exec 8>"$CACHE_DIR/.install.lock"
  flock 8
  INSTALL_REPORT=()
  if [[ $want_kafka == 1 ]]; then
    if kafka_installed; then INSTALL_REPORT+=("kafka jars cached"); else todo+=(kafka); fi
  fi
  if [[ $want_ferretdb == 1 ]]; then
    if ferretdb_installed; then INSTALL_REPORT+=("ferretdb cached"); else todo+=(ferretdb); fi
  fi
  if compose_check_installed; then INSTALL_REPORT+=("compose-check cached"); else todo+=(compose-check); fi
  local item pids=() t
  for item in "${todo[@]}"; do
    case $item in
      kafka) say "installing Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_HOME ..." ;;
      ferretdb) say "building FerretDB $FERRETDB_VERSION with Go into $FERRETDB_HOME (a few minutes the first time) ..." ;;
      compose-check) say "building deploy/compose-check into $COMPOSE_CHECK_BIN ..." ;;
    esac
    (
      t=$(now_ms)
      case $item in
        kafka) install_kafka ;;
        ferretdb) install_ferretdb ;;
        compose-check) install_compose_check ;;
      esac
      echo "$item installed in $(secs_since "$t")s" >"$CACHE_DIR/.last-install-$item"
    ) &
    pids+=($!)
  done
  local i failed=0
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then
      INSTALL_REPORT+=("$(cat "$CACHE_DIR/.last-install-${todo[$i]}")")
    else
      failed=1
    fi
  done
  flock -u 8
  exec 8>&-
  ((failed == 0)) || die "installation failed"
}

# ---------------------------------------------------------------------------------------------------------------
# Ports and process bookkeeping

KAFKA_PORT='' KAFKA_CONTROLLER_PORT='' MONGO_PORT='' SMTP_PORT_LOCAL='' MAIL_HTTP_PORT=''

load_ports() {
  if [[ -f $PORTS_FILE ]]; then
    # shellcheck disable=SC1090
    source "$PORTS_FILE"
  fi
}

save_ports() {
  mkdir -p "$RUN_DIR"
  cat >"$PORTS_FILE.tmp" <<EOF
KAFKA_PORT=$KAFKA_PORT
KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT
MONGO_PORT=$MONGO_PORT
SMTP_PORT_LOCAL=$SMTP_PORT_LOCAL
MAIL_HTTP_PORT=$MAIL_HTTP_PORT
EOF
  mv "$PORTS_FILE.tmp" "$PORTS_FILE"
}

stackctl() { (cd "$ROOT" && node --import tsx "$HERE/stackctl.ts" "$@"); }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ensure_ports <var>...: keeps a remembered port if nothing else listens on it, else picks a free one.
ensure_ports() {
  local var fresh=() need=0
  for var in "$@"; do
    if [[ -z ${!var} ]] || port_in_use "${!var}"; then need=$((need + 1)); fi
  done
  ((need > 0)) || return 0
  read -r -a fresh <<<"$(stackctl free-ports "$need")"
  local i=0
  for var in "$@"; do
    if [[ -z ${!var} ]] || port_in_use "${!var}"; then
      printf -v "$var" '%s' "${fresh[$i]}"
      i=$((i + 1))
    fi
  done
  save_ports
}

pid_file() { echo "$RUN_DIR/$1.pid"; }

# running <component>: true when the recorded pid is alive and is our process (guards against pid reuse).
running() {
  local f pid
  f=$(pid_file "$1")
  [[ -f $f ]] || return 1
  pid=$(cat "$f")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$DATA_DIR/"* ]] || return 1
}

component_pid() { if running "$1"; then cat "$(pid_file "$1")"; fi; }

# spawn <component> <command...>: runs detached in its own session, output appended to .data/logs/<component>.log.
spawn() {
  local name=$1
  shift
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  local log="$LOG_DIR/$name.log"
  if [[ -f $log ]] && (($(stat -c %s "$log") > 50 * 1024 * 1024)); then mv -f "$log" "$log.1"; fi
  echo "===== $(date -u +%FT%TZ) starting $name: $*" >>"$log"
  # fd 9 holds the stack lock: the daemon must not inherit it.
  (cd "$ROOT" && exec setsid "$@" </dev/null >>"$log" 2>&1 9>&-) &
  echo $! >"$(pid_file "$name")"
}

# stop <component>...: SIGTERM, wait up to STOP_TIMEOUT_S, then SIGKILL.
stop() {
  local c pids=() names=()
  for c in "$@"; do
    if running "$c"; then
      pids+=("$(cat "$(pid_file "$c")")")
      names+=("$c")
      kill -TERM "${pids[-1]}" 2>/dev/null || true
    fi
    rm -f "$(pid_file "$c").stale"
  done
  local deadline=$(($(date +%s) + STOP_TIMEOUT_S)) i alive
  while :; do
    alive=0
    for i in "${!pids[@]}"; do kill -0 "${pids[$i]}" 2>/dev/null && alive=1; done
    ((alive == 0)) && break
    if (($(date +%s) >= deadline)); then
      for i in "${!pids[@]}"; do
        if kill -0 "${pids[$i]}" 2>/dev/null; then
          warn "${names[$i]} (pid ${pids[$i]}) did not stop within ${STOP_TIMEOUT_S}s; killing it"
          kill -KILL "${pids[$i]}" 2>/dev/null || true
        fi
      done
      break
    fi
    sleep 0.2
  done
  for c in "${names[@]}"; do
    rm -f "$(pid_file "$c")"
    say "stopped $c"
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Components

start_kafka() {
  ensure_ports KAFKA_PORT KAFKA_CONTROLLER_PORT
  local dir="$DATA_DIR/kafka"
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<EOF
# Generated by deploy/local/stack.sh on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Tests and demos replay events with timestamps from fixtures; accept up to 7 days in the future.
log.message.timestamp.after.max.ms=604800000
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=168
EOF
  local cp="$KAFKA_HOME/libs/*"
  local jvm=(java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true "-Dlog4j2.configurationFile=$HERE/kafka-log4j2.properties" -cp "$cp")
  if [[ ! -f $dir/data/meta.properties ]]; then
    [[ -f $dir/cluster.id ]] || node -e 'let id; do id = require("crypto").randomBytes(16).toString("base64url"); while (id.startsWith("-")); console.log(id)' >"$dir/cluster.id"
    mkdir -p "$LOG_DIR"
    if ! "${jvm[@]}" kafka.tools.StorageTool format --cluster-id="$(cat "$dir/cluster.id")" -c "$dir/server.properties" \
      --ignore-formatted >>"$LOG_DIR/kafka-format.log" 2>&1; then
      tail -n 30 "$LOG_DIR/kafka-format.log" >&2
      die "formatting Kafka storage in $dir/data failed (log: $LOG_DIR/kafka-format.log)"
    fi
  fi
  spawn kafka "${jvm[@]}" kafka.Kafka "$dir/server.properties"
}

start_mongo() {
  ensure_ports MONGO_PORT
  mkdir -p "$DATA_DIR/ferretdb/"
  # SQLite in WAL mode with synchronous=NORMAL keeps every commit across a crash of FerretDB (what the tests
  # cause) and skips the fsync per commit; checkpointing every 20,000 pages instead of 1,000 copies a page that
  # is rewritten over and over (a rollup document) once per checkpoint. Together they halve the cost of a small
  # update (profiled: fsync and checkpoints were ~45% of FerretDB's CPU time). Production uses MongoDB.
  spawn mongo "$FERRETDB_BIN" --handler=sqlite \
    "--sqlite-url=file:$DATA_DIR/ferretdb/?_pragma=synchronous(normal)&_pragma=wal_autocheckpoint(20000)" \
    "--listen-addr=127.0.0.1:$MONGO_PORT" --state-dir=- --telemetry=disable --debug-addr=- \
    "--log-level=${CRUMBTRAIL_FERRETDB_LOG_LEVEL:-warn}"
}

start_smtp() {
  ensure_ports SMTP_PORT_LOCAL MAIL_HTTP_PORT
  mkdir -p "$DATA_DIR/mail"
  spawn smtp node --import tsx "$HERE/mail-catcher.ts" --dir "$DATA_DIR/mail" --host 127.0.0.1 \
    --smtp-port "$SMTP_PORT_LOCAL" --http-port "$MAIL_HTTP_PORT"
}

# wait_ready <component>...: polls each until ready or the deadline; non-zero if any failed.
wait_ready() {
  local timeout_s=$1
  shift
  local args=(wait --timeout-ms "$((timeout_s * 1000))") c pid
  for c in "$@"; do
    case $c in
      kafka) args+=(--kafka "127.0.0.1:$KAFKA_PORT") ;;
      mongo) args+=(--mongo "mongodb://127.0.0.1:$MONGO_PORT/") ;;
      smtp) args+=(--smtp "127.0.0.1:$SMTP_PORT_LOCAL" --mail-http "http://127.0.0.1:$MAIL_HTTP_PORT/") ;;
    esac
    pid=$(component_pid "$c")
    if [[ -n $pid ]]; then
      args+=(--pid "$c=$pid" --log "$c=$LOG_DIR/$c.log")
      [[ $c == smtp ]] && args+=(--pid "mail-http=$pid" --log "mail-http=$LOG_DIR/$c.log")
    fi
  done
  local out rc=0
  out=$(stackctl "${args[@]}") || rc=$?
  if ((rc != 0)); then
    echo "$out" >&2
  elif [[ $QUIET != 1 ]]; then
    sed 's/^/stack: /' <<<"$out"
  fi
  return $rc
}

# ---------------------------------------------------------------------------------------------------------------
# State files: .data/stack.json (pids, ports, URLs) and .data/stack.env (export lines)

EXT_KAFKA=0 EXT_MONGO=0 EXT_SMTP=0

json_str() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}
json_num_or_null() { if [[ -n $1 ]]; then printf '%s' "$1"; else printf 'null'; fi; }

kafka_brokers() { if ((EXT_KAFKA)); then echo "$KAFKA_BROKERS"; else echo "127.0.0.1:$KAFKA_PORT"; fi; }
mongo_url() { if ((EXT_MONGO)); then echo "$MONGO_URL"; else echo "mongodb://127.0.0.1:$MONGO_PORT/"; fi; }
smtp_host() { if ((EXT_SMTP)); then echo "$SMTP_HOST"; else echo "127.0.0.1"; fi; }
smtp_port() { if ((EXT_SMTP)); then echo "$SMTP_PORT"; else echo "$SMTP_PORT_LOCAL"; fi; }
mail_ui_url() { if ((EXT_SMTP)); then echo "${MAIL_UI_URL:-}"; else echo "http://127.0.0.1:$MAIL_HTTP_PORT/"; fi; }

write_state() {
  mkdir -p "$DATA_DIR"
  {
    printf '{\n'
    printf '  "updatedAt": %s,\n' "$(json_str "$(date -u +%FT%TZ)")"
    printf '  "dataDir": %s,\n  "cacheDir": %s,\n' "$(json_str "$DATA_DIR")" "$(json_str "$CACHE_DIR")"
    printf '  "kafka": { "external": %s, "pid": %s, "port": %s, "controllerPort": %s, "brokers": %s, "log": %s },\n' \
      "$( ((EXT_KAFKA)) && echo true || echo false)" "$(json_num_or_null "$(component_pid kafka)")" \
      "$(json_num_or_null "$( ((EXT_KAFKA)) || echo "$KAFKA_PORT")")" \
      "$(json_num_or_null "$( ((EXT_KAFKA)) || echo "$KAFKA_CONTROLLER_PORT")")" \
      "$(json_str "$(kafka_brokers)")" "$(json_str "$LOG_DIR/kafka.log")"
    printf '  "mongo": { "external": %s, "pid": %s, "port": %s, "url": %s, "log": %s },\n' \
      "$( ((EXT_MONGO)) && echo true || echo false)" "$(json_num_or_null "$(component_pid mongo)")" \
      "$(json_num_or_null "$( ((EXT_MONGO)) || echo "$MONGO_PORT")")" "$(json_str "$(mongo_url)")" \
      "$(json_str "$LOG_DIR/mongo.log")"
    printf '  "smtp": { "external": %s, "pid": %s, "host": %s, "port": %s, "httpPort": %s, "mailUiUrl": %s, "mailDir": %s, "log": %s }\n' \
      "$( ((EXT_SMTP)) && echo true || echo false)" "$(json_num_or_null "$(component_pid smtp)")" \
      "$(json_str "$(smtp_host)")" "$(json_num_or_null "$(smtp_port)")" \
      "$(json_num_or_null "$( ((EXT_SMTP)) || echo "$MAIL_HTTP_PORT")")" "$(json_str "$(mail_ui_url)")" \
      "$(json_str "$DATA_DIR/mail")" "$(json_str "$LOG_DIR/smtp.log")"
    printf '}\n'
  } >"$DATA_DIR/stack.json.tmp"
  mv "$DATA_DIR/stack.json.tmp" "$DATA_DIR/stack.json"
  {
    printf 'export KAFKA_BROKERS=%q\n' "$(kafka_brokers)"
    printf 'export MONGO_URL=%q\n' "$(mongo_url)"
    printf 'export SMTP_HOST=%q\n' "$(smtp_host)"
    printf 'export SMTP_PORT=%q\n' "$(smtp_port)"
    printf 'export MAIL_UI_URL=%q\n' "$(mail_ui_url)"
  } >"$DATA_DIR/stack.env.tmp"
  mv "$DATA_DIR/stack.env.tmp" "$DATA_DIR/stack.env"
}

# Decide which services are external: set in the environment and not this stack's own recorded addresses (a shell
# that sourced .data/stack.env must not make `up` skip the local services).
detect_external() {
  load_ports
  if [[ -n ${KAFKA_BROKERS:-} && -n ${MONGO_URL:-} ]]; then
    if [[ $KAFKA_BROKERS != "127.0.0.1:$KAFKA_PORT" || $MONGO_URL != "mongodb://127.0.0.1:$MONGO_PORT/" ]]; then
      EXT_KAFKA=1 EXT_MONGO=1
    fi
  fi
  if [[ -n ${SMTP_HOST:-} && -n ${SMTP_PORT:-} ]]; then
    if [[ $SMTP_HOST != 127.0.0.1 || $SMTP_PORT != "$SMTP_PORT_LOCAL" ]]; then EXT_SMTP=1; fi
  fi
}

local_components() {
  ((EXT_KAFKA)) || echo kafka
  ((EXT_MONGO)) || echo mongo
  ((EXT_SMTP)) || echo smtp
}

print_urls() {
  echo "  KAFKA_BROKERS=$(kafka_brokers)$( ((EXT_KAFKA)) && echo ' (external)')"
  echo "  MONGO_URL=$(mongo_url)$( ((EXT_MONGO)) && echo ' (external)')"
  echo "  SMTP=$(smtp_host):$(smtp_port)$( ((EXT_SMTP)) && echo ' (external)')"
  if ((!EXT_SMTP)); then echo "  MAIL_UI_URL=$(mail_ui_url) (JSON: $(mail_ui_url)messages)"; fi
  echo "  env: source $DATA_DIR/stack.env   (or: eval \"\$(bash deploy/local/stack.sh env)\")"
}

# ---------------------------------------------------------------------------------------------------------------
# Commands

lock() {
  mkdir -p "$DATA_DIR"
  exec 9>"$DATA_DIR/stack.lock"
  if ! flock -n 9; then
    say "waiting for another stack.sh to finish ..."
    flock -w 1200 9 || die "timed out waiting for the stack lock $DATA_DIR/stack.lock"
  fi
}

start_components() {
  local c
  for c in "$@"; do
    case $c in
      kafka) start_kafka ;;
      mongo) start_mongo ;;
      smtp) start_smtp ;;
    esac
  done
}

cmd_up() {
  local t0
  t0=$(now_ms)
  lock
  detect_external
  local wanted
  mapfile -t wanted < <(local_components)
  local want_kafka=0 want_mongo=0 c
  for c in "${wanted[@]}"; do
    [[ $c == kafka ]] && want_kafka=1
    [[ $c == mongo ]] && want_mongo=1
  done
  local t_install
  t_install=$(now_ms)
  install_all "$want_kafka" "$want_mongo"
  local install_s
  install_s=$(secs_since "$t_install")

  # Running components are health-checked quickly; unhealthy ones are restarted on their ports.
  local alive=() dead=()
  for c in "${wanted[@]}"; do if running "$c"; then alive+=("$c"); else dead+=("$c"); fi; done
  if ((${#alive[@]} > 0)) && ! QUIET=1 wait_ready 15 "${alive[@]}" 2>/dev/null; then
    warn "a running component did not answer; restarting: ${alive[*]}"
    stop "${alive[@]}"
    dead+=("${alive[@]}")
    alive=()
  fi
  local t_start
  t_start=$(now_ms)
  if ((${#dead[@]} > 0)); then
    say "starting: ${dead[*]}"
    start_components "${dead[@]}"
    if ! wait_ready "$READY_TIMEOUT_S" "${dead[@]}"; then
      write_state
      die "the stack did not become ready (logs in $LOG_DIR); 'bash deploy/local/stack.sh down' stops what started"
    fi
  fi
  write_state
  local how="warm"
  ((${#dead[@]} == 0)) && how="already running"
  [[ ${INSTALL_REPORT[*]} == *installed* ]] && how="cold"
  echo "stack: up ($how): install ${install_s}s [${INSTALL_REPORT[*]:-nothing local}], start+ready $(secs_since "$t_start")s, total $(secs_since "$t0")s"
  [[ $QUIET == 1 ]] || print_urls
}

cmd_down() {
  lock
  stop smtp mongo kafka
  load_ports
  [[ -f $DATA_DIR/stack.json ]] && write_state
  say "down"
}

cmd_status() {
  detect_external
  local c ok=0 pid url
  for c in "${COMPONENTS[@]}"; do
    case $c in
      kafka) url=$(kafka_brokers) ;;
      mongo) url=$(mongo_url) ;;
      smtp) url="smtp://$(smtp_host):$(smtp_port) mail UI $(mail_ui_url)" ;;
    esac
    if { [[ $c == kafka ]] && ((EXT_KAFKA)); } || { [[ $c == mongo ]] && ((EXT_MONGO)); } || { [[ $c == smtp ]] && ((EXT_SMTP)); }; then
      printf '%-6s external  %s\n' "$c" "$url"
    elif pid=$(component_pid "$c") && [[ -n $pid ]]; then
      printf '%-6s running   pid %-7s %s\n' "$c" "$pid" "$url"
    else
      printf '%-6s stopped\n' "$c"
      ok=1
    fi
  done
  return $ok
}

cmd_env() {
  [[ -f $DATA_DIR/stack.env ]] || die "no $DATA_DIR/stack.env yet; run 'npm run stack:up' first"
  cat "$DATA_DIR/stack.env"
}

cmd_one() {
  local action=$1 c=$2
  lock
  detect_external
  case $action in
    stop) stop "$c" ;;
    start)
      if running "$c"; then
        say "$c already running"
      else
        [[ $c == kafka ]] && install_all 1 0
        [[ $c == mongo ]] && install_all 0 1
        [[ $c == smtp ]] && check_prereqs node
        start_components "$c"
        wait_ready "$READY_TIMEOUT_S" "$c" || die "$c did not become ready (log: $LOG_DIR/$c.log)"
      fi
      ;;
  esac
  write_state
}

cmd_reset() {
  lock
  stop smtp mongo kafka
  rm -rf "$DATA_DIR/kafka" "$DATA_DIR/ferretdb" "$DATA_DIR/mail" "$LOG_DIR" "$RUN_DIR" "$DATA_DIR/stack.json" "$DATA_DIR/stack.env"
  say "stack data removed from $DATA_DIR"
}

cmd_install() {
  local t
  t=$(now_ms)
  install_all 1 1
  echo "stack: install done in $(secs_since "$t")s [${INSTALL_REPORT[*]}]"
}

usage() {
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd=${1:-}
  case $cmd in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    install) cmd_install ;;
    reset) cmd_reset ;;
    stop-kafka | start-kafka | stop-mongo | start-mongo | stop-smtp | start-smtp) cmd_one "${cmd%%-*}" "${cmd#*-}" ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
