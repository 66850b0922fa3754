# report.sh - what the hl-report tests (11xx) share, sourced after lib.sh:
# a township of 4 villages in 2 areas (tests/fixtures/report, the
# directory of the rank tests with a route for 历史遗留问题), and its story
# (tests/fixtures/report/story): a baseline from June to August, early
# September, and the week of September 21, 2026, which crosses 中秋 (Sep
# 25-27), each event recorded when it happened, by the real programs.
#
#   . "$(dirname "$0")/lib.sh"
#   . "$TOP/tests/report.sh"
#   report_township             # directory, routes, policy, calendar
#   tell                        # the whole story (or: tell UNTIL)

PFIX=$FIX/report

bail() {
	echo "Bail out! $1: $(cat "$T/.setup" 2>/dev/null)"
	exit 1
}

report_township() {
	for t in units people villages routes policy; do
		hl-ledger -q import "$t" "$PFIX/$t.csv" 2>"$T/.setup" ||
			bail "cannot import $t"
	done
	hl-ledger -q import calendar "$PFIX/2026.json" 2>"$T/.setup" ||
		bail "cannot import the calendar"
}

# tell [UNTIL]: the story's lines up to UNTIL (a time as the story writes
# them, e.g. 2026-09-22T08:00; default all), each through its program at
# its own time.
tell() {
	while read -r at id ev rest; do
		case $at in ''|'#'*) continue ;; esac
		if [ -n "${1:-}" ] && [ "$at" \> "$1" ]; then
			break
		fi
		now=$at to= reason= json=
		for kv in $rest; do
			k=${kv%%=*} v=${kv#*=}
			case $k in
			now) now=$v ;;
			to) to=$v ;;
			reason) reason=$v; json="$json,\"reason\":\"$v\"" ;;
			*) json="$json,\"$k\":\"$v\"" ;;
			esac
		done
		case $ev in
		intake)
			{ head -n 1 "$PFIX/tickets.csv"
			  grep "^$id," "$PFIX/tickets.csv"; } >"$T/.one.csv"
			hl-intake -q --now "$now" "$T/.one.csv" ;;
		dispatch)
			hl-dispatch -q --now "$now" --at "$at" ${to:+--to "$to"} "$id" ;;
		transfer)
			hl-dispatch -q --now "$now" --at "$at" --to "$to" \
			    --reason "$reason" "$id" ;;
		escalate)
			hl-escalate --now "$now" >/dev/null ;;
		*)
			printf '{"ticket":"%s","event":"%s","at":"%s"%s}\n' "$id" \
			    "$ev" "$at" "$json" | hl-update -q --now "$now" ;;
		esac >/dev/null 2>"$T/.setup" || bail "cannot tell '$at $id $ev'"
	done <"$PFIX/story"
}
