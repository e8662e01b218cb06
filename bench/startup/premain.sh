#!/usr/bin/env bash
# Premain's own cost: how long the JVM spends between loading an agent's premain class and loading
# the application's main class (the launcher loads it right after every premain has returned), on
# a main that does nothing. Prints one line per run and the median per agent jar.
#   bench/startup/premain.sh [--runs N] [--java JAVA_HOME] AGENT.jar [OTHER-AGENT.jar ...]
# Each run is a fresh JVM; the jars run alternately, round by round. -Xlog:class+load timestamps
# (uptime in nanoseconds) are the clock, so the figure includes the class-load logging of the
# classes premain loads (a few dozen for Earshot), the same for every jar.
set -euo pipefail

runs=11
java_home="${JAVA_HOME:-}"
jars=()
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --java) java_home="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) jars+=("$1"); shift ;;
  esac
done
if ((${#jars[@]} == 0)); then
  echo "usage: $0 [--runs N] [--java JAVA_HOME] AGENT.jar [OTHER-AGENT.jar ...]" >&2
  exit 2
fi
for jar in "${jars[@]}"; do
  [[ -f "$jar" ]] || { echo "error: no such agent jar: $jar" >&2; exit 2; }
done
java="java"
[[ -n "$java_home" ]] && java="$java_home/bin/java"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/NothingMain.java" <<'EOF'
public class NothingMain {
    public static void main(String[] args) {
    }
}
EOF
"${java}c" -d "$work" "$work/NothingMain.java" 2>/dev/null || javac -d "$work" "$work/NothingMain.java"

# Uptime in ms of the first class-load line matching $2 in log $1.
uptime_ms() {
  awk -v pattern="$2" '$0 ~ pattern {
      match($0, /^\[[0-9]+ns\]/); print substr($0, 2, RLENGTH - 4) / 1e6; exit }' "$1"
}

"$java" -version 2>&1 | head -1
declare -A spans
for ((round = 1; round <= runs; round++)); do
  for jar in "${jars[@]}"; do
    log="$work/classes.log"
    rm -f "$log"
    "$java" "-javaagent:$jar" "-Xlog:class+load=info:file=$log:uptimenanos" \
      -cp "$work" NothingMain 2> >(grep -v "Sharing is only supported for boot loader classes" >&2)
    # The premain class is the jar manifest's Premain-Class.
    premain_class="$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Premain-Class: //p')"
    start="$(uptime_ms "$log" " ${premain_class//./\\.} ")"
    end="$(uptime_ms "$log" ' NothingMain ')"
    span="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
    printf 'round %2d  %-50s  premain class at %7.1f ms, main class at %7.1f ms: %6.1f ms\n' \
      "$round" "$(basename "$jar")" "$start" "$end" "$span"
    spans[$jar]+="$span "
  done
done
for jar in "${jars[@]}"; do
  printf '%s: median %s ms over %d runs\n' "$jar" \
    "$(tr ' ' '\n' <<< "${spans[$jar]}" | sed '/^$/d' | sort -n | awk '{ v[NR] = $1 }
       END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')" \
    "$runs"
done
