#!/bin/sh
# The events the reports read that hl-update records: interview (约谈, by
# the discipline commission; the person interviewed must be in the
# directory) and publish (a case approved for the public account: only a
# ticket resolved and satisfied at its last return visit, and an approver
# in the directory).  Both stay in the hash-chained history.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/report.sh"

report_township
tell 2026-09-24T17:30

# refused EXPECTED NAME ARGS...: hl-update ARGS fails with 65 and says so,
# and records nothing.
refused() {
	want=$1 name=$2
	shift 2
	before=$(sql "SELECT count(*) FROM events")
	run hl-update --now 2026-09-25T09:00:00+08:00 "$@"
	is_rc 65 "$name: exit 65"
	is_err "hl-update: error: $want" "$name: says why"
	is "$before" "$(sql "SELECT count(*) FROM events")" "$name: nothing recorded"
}

# ---- interview ----
# The story's: 王秀英 interviewed 黄磊 about R04 at 09-24 17:00.
is '{"person":"黄磊","note":"回访不满意"}|王秀英' \
    "$(sql "SELECT details, actor FROM events WHERE event = 'interview'")" \
    "interview: the person and the note in the details, the interviewer as actor"
run hl-show R04
like "约谈 +王秀英 .*被约谈人 黄磊；回访不满意" "$(cat "$OUT")" \
    "hl-show: the interview in the timeline"
refused "ticket 'R03': cannot interview: '无名氏' is not in the directory (hl-ledger import people)" \
    "interview of someone not in the directory" \
    --by 王秀英 R03 interview --person 无名氏
refused "event 'interview' needs 'by' (who held it)" "interview without --by" \
    R03 interview --person 钱进
refused "event 'interview' needs 'person'" "interview without --person" \
    --by 王秀英 R03 interview
refused "field 'person' does not go with event 'note'" "--person with a note" \
    --note 记录 R03 note --person 钱进
# Any time, a closed ticket too (R01 was visited and closed on 09-24).
run hl-update -q --now 2026-09-25T09:00:00+08:00 --by 王秀英 --note 办理及时 \
    R01 interview --person 刘洋
is_rc 0 "interview about a closed ticket: recorded"
is "visited" "$(sql "SELECT status FROM tickets WHERE id = 'R01'")" \
    "an interview changes no state"

# ---- publish ----
refused "ticket 'R02': cannot publish: only a ticket whose caller said at the last return visit that it is resolved, and was satisfied, is published" \
    "publish a partly resolved case" R02 publish --approved-by 李卫东
refused "ticket 'R03': cannot publish: only a ticket whose caller said at the last return visit that it is resolved, and was satisfied, is published" \
    "publish an open ticket" R03 publish --approved-by 李卫东
refused "ticket 'R04': cannot publish: only a ticket whose caller said at the last return visit that it is resolved, and was satisfied, is published" \
    "publish a ticket reopened by an unsatisfied visit" R04 publish --approved-by 李卫东
refused "ticket 'R01': cannot publish: '王五' is not in the directory (hl-ledger import people)" \
    "publish approved by someone not in the directory" R01 publish --approved-by 王五
refused "event 'publish' needs 'approved_by'" "publish without an approver" \
    R01 publish
run hl-update --now 2026-09-25T09:10:00+08:00 <<'EOF'
{"ticket": "R01", "event": "publish", "approved_by": "李卫东", "at": "2026-09-25 09:05"}
EOF
is_rc 0 "publish as a JSON line: recorded"
is "R01 visited" "$(jq -r '"\(.id) \(.status)"' "$OUT")" "publish: the ticket, unchanged"
is '{"approved_by":"李卫东"}' \
    "$(sql "SELECT details FROM events WHERE event = 'publish'")" \
    "publish: the approver in the details"
run hl-show R01
like "批准发布 .*批准人 李卫东" "$(cat "$OUT")" "hl-show: the approval in the timeline"

run hl-update --help
like "interview --person NAME --by NAME" "$(cat "$OUT")" "--help: interview"
like "publish --approved-by NAME" "$(cat "$OUT")" "--help: publish"

run hl-ledger check
is_rc 0 "hl-ledger check: the history and its derived state agree"

done_testing
