# bulletin.sh - what the bulletin tests (12NN-bulletin-*.t) share, sourced
# after lib.sh and rank.sh: the browser and poppler must be there, and the
# JSON that every figure of a page is checked against.
#
#   need_browser                    # Chromium and poppler-utils, or bail
#   browse [--dom-only] DIR PAGE... # tests/tools/browse; sets $rc
#   rank_json FILE ARGS...          # hl-rank ARGS -f json > FILE, or bail
#   explain_json LEVEL ARGS...      # explain:UNIT=FILE for every unit of
#                                   # the level (ARGS: its period, cut-off)
#   periods DOM                     # the trend's periods and cut-offs
#   figures_of LEVEL DOM            # every figure against hl-rank's JSON

TOOLS=$TOP/tests/tools

need_browser() {
	command -v chromium >/dev/null 2>&1 ||
	    [ -x /usr/lib/chromium/chromium ] || {
		echo "Bail out! chromium is not installed (scripts/deps installs it)"
		exit 1
	}
	for p in pdfinfo pdftotext pdftoppm; do
		command -v $p >/dev/null 2>&1 || {
			echo "Bail out! $p is not installed (poppler-utils; scripts/deps)"
			exit 1
		}
	done
}

browse() {
	perl "$TOOLS/browse" "$@" >"$OUT" 2>"$ERR"
	rc=$?
}

rank_json() {
	f=$1
	shift
	hl-rank "$@" -f json >"$f" 2>"$T/.setup" || bail "hl-rank $* -f json"
}

explain_json() {
	level=$1
	shift
	rank_json "$T/.units.json" --by "$level" "$@"
	jq -r 'select(.unit != null) | .unit' "$T/.units.json" |
	while read -r u; do
		f="$T/explain-$(printf '%s' "$u" | od -An -tx1 | tr -d ' \n').json"
		rank_json "$f" --by "$level" "$@" --explain "$u"
		printf 'explain:%s=%s\n' "$u" "$f"
	done
}

# periods DOM: "K FROM TO AS_OF" of each period of the page's trend, this
# one (0) first, as the page's rows say.
periods() {
	sed -n 's/.*<tr data-p="\([0-9]\)" data-from="\([^"]*\)" data-to="\([^"]*\)" data-as-of="\([^"]*\)".*/\1 \2 \3 \4/p' "$1"
}

# figures_of LEVEL DOM: every figure of the page at LEVEL against
# hl-rank --format json of its periods (as periods reads them), by
# category for the growing problems, and each unit's --explain; prints
# tests/tools/figures -v's lines.
figures_of() {
	: >"$T/.args"
	periods "$2" | while read -r k from to asof; do
		f="$T/.rank-$k.json"
		rank_json "$f" --by "$1" --from "$from" --to "$to" --as-of "$asof"
		echo "$1:$k=$f" >>"$T/.args"
		if [ "$k" -lt 2 ] && [ "$1" != category ]; then
			f="$T/.category-$k.json"
			rank_json "$f" --by category --from "$from" --to "$to" \
			    --as-of "$asof"
			echo "category:$k=$f" >>"$T/.args"
		fi
		if [ "$k" = 0 ] && [ "$1" != category ]; then
			explain_json "$1" --from "$from" --to "$to" --as-of "$asof" \
			    >>"$T/.args"
		fi
	done
	perl "$TOOLS/figures" -v "$2" @"$T/.args" 2>&1
}
