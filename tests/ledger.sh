# ledger.sh - what the hl-ledger tests share, sourced after lib.sh: the
# fixtures of a small township (陈户镇) copied into the test directory, and
# functions that build its ledger.
#
#   . "$(dirname "$0")/lib.sh"
#   . "$TOP/tests/ledger.sh"       # lib.sh has cd'ed to $T
#   township            # init + units, people, villages, routes, policy
#   intake_tickets      # + the four work orders of tickets.csv

LFIX=$FIX/ledger
cp "$LFIX"/*.csv .
cp -r "$LFIX"/holiday-cn .

# township: a ledger with the directory, routing and policy; aborts the
# test file (TAP "Bail out!") if that fails, since nothing else could pass.
township() {
	for t in units people villages routes policy; do
		if ! hl-ledger -q import "$t" "$t.csv" 2>"$T/.setup"; then
			echo "Bail out! cannot import $t: $(cat "$T/.setup")"
			exit 1
		fi
	done
}

# intake_tickets: four work orders through hl-intake (CSV as the upstream
# platform exports it): events 1-4 receive GD20261125001..004, event 5
# records 004 as a repeat call on 001.
intake_tickets() {
	if ! hl-intake -q tickets.csv >/dev/null 2>"$T/.setup"; then
		echo "Bail out! cannot take in tickets.csv: $(cat "$T/.setup")"
		exit 1
	fi
}

# mode FILE: the permission bits in octal (e.g. 600)
mode() {
	stat -c %a "$1"
}
