#!/bin/sh
# hl-report daily --digest | hl-notify: each person who holds work gets
# their own part of the daily sheet, through their unit's channel, once a
# day however often the pipeline runs.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/report.sh"

report_township
tell
cat >channels.csv <<'EOF'
target,channel,address
党政办,cmd:group,dzb
农业站,cmd:group,nyz
国土所,cmd:group,gts
张湾村,cmd:group,zw
李家村,cmd:group,lj
王庄村,cmd:group,wz
EOF
hl-ledger -q import channels channels.csv
# What the ledger owes already (the story's dispatches and escalations)
# goes out first, so that the runs below carry the digests alone.
hl-notify -q --now '2026-09-28 09:00' --via true >/dev/null 2>&1

# digests FILE: the digest messages of a dry run's output, one a line:
# channel, address, recipients, subject.
digests() {
	jq -r 'select(.subject | startswith("【每日工单汇总】")) |
	       [.channel, .address, (.recipients | join(",")), .subject] | @tsv' "$1"
}

hl-report daily --as-of 2026-09-22T08:00 --digest >digest.ndjson
run hl-notify --now '2026-09-28 09:00' --dry-run digest.ndjson
is_rc 0 "hl-notify takes the digest lines"
is "cmd:group	dzb	钱进	【每日工单汇总】2026-09-22 钱进
cmd:group	nyz	马强	【每日工单汇总】2026-09-22 马强
cmd:group	gts	刘洋	【每日工单汇总】2026-09-22 刘洋
cmd:group	zw	高红	【每日工单汇总】2026-09-22 高红
cmd:group	lj	林芳	【每日工单汇总】2026-09-22 林芳
cmd:group	wz	何勇	【每日工单汇总】2026-09-22 何勇" "$(digests "$OUT")" \
    "each holder's digest to their unit's group"
like "R01   宅基地审批进度  李家村  已答复  定期回复  09-28 10:30" \
    "$(jq -r 'select(.subject == "【每日工单汇总】2026-09-22 刘洋") | .text' "$OUT")" \
    "刘洋's message is his part of the sheet"
is "" "$(jq -r 'select(.subject == "【每日工单汇总】2026-09-22 刘洋") | .text' "$OUT" |
         grep -E 'R02|R03')" "and nobody else's"

# Delivered once: the same pipeline again queues nothing more.
run sh -c "hl-report daily --as-of 2026-09-22T08:00 --digest |
           hl-notify -q --now '2026-09-28 09:00' --via true"
is_rc 0 "the pipeline: exit 0"
is "6" "$(sql "SELECT count(*) FROM outbox WHERE key LIKE 'digest:daily:2026-09-22:%' AND sent_at IS NOT NULL")" \
    "six digests sent"
run sh -c "hl-report daily --as-of 2026-09-22T08:00 --digest |
           hl-notify -q --now '2026-09-28 09:05' --via true"
is "6" "$(sql "SELECT count(*) FROM outbox WHERE key LIKE 'digest:daily:2026-09-22:%'")" \
    "the pipeline again: nothing queued twice"

# A day off: no digest at all.
run sh -c "hl-report daily --as-of 2026-09-25T08:00 --digest |
           hl-notify -q --now '2026-09-28 09:10' --via true"
is "0" "$(sql "SELECT count(*) FROM outbox WHERE key LIKE 'digest:daily:2026-09-25:%'")" \
    "09-25 (中秋): no digest"

done_testing
