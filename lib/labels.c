/*
 * labels.c - the Chinese labels people read (the glossary of
 * spec/DOMAIN.md) for statuses, stages, events and answers, and durations
 * written the way a township's staff write them ("2天3小时").
 */
#include <string.h>

#include "hl.h"

static const char *const pairs[] = {
	/* statuses */
	"received", "已受理", "dispatched", "已派单", "responded", "已响应",
	"verified", "已核实", "planned", "已制定方案", "replied", "已答复",
	"resolved", "已办结", "visited", "已回访", "closed", "已关闭",
	"rejected", "不实",
	/* stages */
	"dispatch", "派单", "respond", "响应", "verify", "核实", "plan", "方案",
	"reply", "答复", "follow_up", "定期回复", "resolve", "办结",
	"visit", "回访", "late_resolve_2", "二次督办",
	/* events (those not above) */
	"receive", "受理", "transfer", "改派", "return", "退单", "reopen", "重办",
	"extend", "延期", "suspend", "挂起", "resume", "恢复", "instruct", "批示",
	"note", "备注", "correct", "更正", "amend", "修改", "repeat", "重复来电",
	"interview", "约谈", "publish", "批准发布",
	/* why a case goes to the week's consultation (hl-report consult) */
	"overdue", "超期", "extended", "已延期", "legacy", "历史遗留",
	/* verdicts, answers, grades */
	"genuine", "真实", "malicious", "恶意举报", "unfounded", "不实",
	"yes", "已解决", "partly", "部分解决", "no", "未解决",
	"very_satisfied", "非常满意", "satisfied", "满意", "basic", "基本满意",
	"unsatisfied", "不满意", "very_unsatisfied", "非常不满意",
	"phone", "电话", "primary", "主办", "village", "村委",
	/* roles */
	"station", "站所", "cadre", "包村干部", "area_leader", "包片领导",
	"deputy", "分管领导", "principal", "主要领导", "discipline", "镇纪委",
	"station_head", "站所负责人", "village_head", "村负责人", "grid", "网格员",
	"center", "政务服务中心",
	NULL,
};

const char *
hl_label(const char *word)
{
	size_t i;

	if (!word)
		return "";
	for (i = 0; pairs[i]; i += 2)
		if (strcmp(word, pairs[i]) == 0)
			return pairs[i + 1];
	return word;
}

char *
hl_duration_zh(long secs, char *buf, size_t n)
{
	long mins, d, h, m;

	if (secs < 0)
		secs = -secs;
	mins = (secs + 59) / 60;        /* a started minute counts */
	d = mins / 1440;
	h = mins / 60 % 24;
	m = mins % 60;
	if (d)
		snprintf(buf, n, h ? "%ld天%ld小时" : "%ld天", d, h);
	else if (h)
		snprintf(buf, n, m ? "%ld小时%ld分钟" : "%ld小时", h, m);
	else
		snprintf(buf, n, "%ld分钟", m);
	return buf;
}
