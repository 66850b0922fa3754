# complete.sh - for the completion tests, sourced by an interactive bash
# (bash -i) that has loaded a completion file: comp LINE does what bash
# does when TAB is pressed at the end of LINE: splits it into COMP_WORDS
# the way readline does with the default COMP_WORDBREAKS (at blanks, and
# "=" as a word of its own), calls the function `complete -p` names for
# the command, and prints COMPREPLY, one a line.  Words are split at
# blanks only: LINE must not quote.

comp() {
	local line=$1 w spec fn
	local -a words=()
	set -f
	for w in $line; do
		if [[ $w == *=* && $w != =* ]]; then
			words+=("${w%%=*}" "=")
			[[ -n ${w#*=} ]] && words+=("${w#*=}")
		else
			words+=("$w")
		fi
	done
	set +f
	[[ $line == *' ' ]] && words+=("")
	spec=$(complete -p -- "${words[0]##*/}" 2>/dev/null) || {
		echo "comp: no completion for ${words[0]}" >&2
		return 1
	}
	fn=${spec#*-F }
	fn=${fn%% *}
	COMP_WORDS=("${words[@]}")
	COMP_CWORD=$((${#words[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	"$fn" "${words[0]}" "${words[COMP_CWORD]}" "${words[COMP_CWORD - 1]}"
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}"
	return 0
}
