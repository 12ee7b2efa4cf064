# bash completion for telestat(1). Source it, or install it as
# /usr/share/bash-completion/completions/telestat.
#
# It follows the commands' --help, so that it cannot drift from them: the
# options of a verb are those its --help lists, and the values of an
# option are the ones --help writes as a list (--lang es|en). Lists that
# --help does not spell out come from the installed data (profiles,
# roll-ups, categories) or are the record columns; tests/completion.t
# checks every one of them against the commands.

# The verbs: the "commands:" section of telestat --help.
_telestat_verbs()
{
	telestat --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p'
}

_telestat_help()
{
	telestat-"$1" --help 2>/dev/null
}

# The data directory: TELESTAT_SHARE, else beside the program (installed),
# else the source tree of a build directory.
_telestat_share()
{
	local bin d
	if [ -n "${TELESTAT_SHARE:-}" ]; then
		echo "$TELESTAT_SHARE"
		return
	fi
	bin=$(command -v telestat 2>/dev/null) || return
	bin=${bin%/*}
	for d in "$bin/../share/telestat" "$bin/../../share"; do
		[ -f "$d/taxonomy.tsv" ] && { echo "$d"; return; }
	done
}

# The values --help gives for option $2 of verb $1, under any of its
# spellings ("-T, --terminal"): every "OPT a|b|c" or "OPT a" it writes,
# where a value is a lower-case word or a country code (PE); placeholders
# (NAME, FILE, Y2|none) are not values.
_telestat_values()
{
	local help names alias tok='([a-z0-9_-]+|[A-Z]{2})'
	help=$(_telestat_help "$1")
	names="$2 $(printf '%s\n' "$help" | grep -E -- "^ +-[a-zA-Z], --[a-z-]+" |
	    grep -E -- "(^ +|, )$2( |,|\$)" | head -1 |
	    grep -oE -- '^ +-[a-zA-Z], --[a-z-]+' | grep -oE -- '-{1,2}[a-zA-Z][a-z-]*')"
	for alias in $names; do
		printf '%s\n' "$help" |
		    grep -oE -- "(^|[[ ])$alias[ =]$tok(\|$tok)*([] ,:]|\$)" |
		    sed -E "s/^[[ ]?$alias.//; s/[] ,:]\$//" | tr '|' '\n'
	done | sort -u
}

# The options --help lists, long and short.
_telestat_options()
{
	_telestat_help "$1" | grep -oE -- '(^|[][ ,|])--?[a-zA-Z][a-z-]*' |
	    sed 's/^[][ ,|]//' | sort -u
}

# Record columns that make sense as group keys (telestat-records(5)).
_telestat_keys="year month date source institution region facility service specialty sex age condition category subcategory with_patient"

# The metrics of aggregate: the words --help lists after "-m, --metrics".
_telestat_metrics()
{
	_telestat_help aggregate | sed -n 's/^ *-m, --metrics [A-Z]* *//p' |
	    tr -d , | tr ' ' '\n' | grep -E '^[a-z_]+$'
}

# Profiles: synth writes only its built-in shapes (listed by its --help);
# the others also read a profile file.
_telestat_profiles()
{
	if [ "$1" = synth ]; then
		_telestat_help synth | sed -n '/--profile/,/^  -/s/^  *\([a-z][a-z0-9-]*\)  .*/\1/p'
	else
		local d
		d=$(_telestat_share)
		[ -n "$d" ] && ls "$d/profiles" 2>/dev/null | sed -n 's/\.json$//p'
	fi
}

# Completes the last item of a comma-separated list, keeping the others
# and leaving out the items already given.
_telestat_list()
{
	local words=$1 cur=$2 head= w given
	if [[ $cur == *,* ]]; then
		head=${cur%,*},
		given=",$head"
		local keep=
		for w in $words; do
			[[ $given == *",$w,"* ]] || keep="$keep $w"
		done
		words=$keep
	fi
	COMPREPLY=($(compgen -P "$head" -W "$words" -- "${cur##*,}"))
}

_telestat()
{
	local cur prev verb vals
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(_telestat_verbs) help --help --version" -- "$cur"))
		return
	fi
	verb=${COMP_WORDS[1]}
	if [ "$verb" = help ]; then
		[ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$(_telestat_verbs)" -- "$cur"))
		return
	fi
	case $prev in
	-p|--profile)
		COMPREPLY=($(compgen -W "$(_telestat_profiles "$verb")" -- "$cur"))
		[ "$verb" = synth ] || COMPREPLY+=($(compgen -f -- "$cur"))
		return ;;
	--encoding) COMPREPLY=($(compgen -W "utf-8 latin1 cp1252" -- "$cur")); return ;;
	--lookup)
		if [[ $cur == *=* ]]; then
			COMPREPLY=($(compgen -f -- "${cur#*=}"))
			COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
		else
			compopt -o nospace 2>/dev/null
			COMPREPLY=($(compgen -W "region= facility= service= specialty= source= institution=" -- "$cur"))
		fi
		return ;;
	--format)
		case $verb in
		ingest|validate) COMPREPLY=($(compgen -W "csv json ndjson" -- "$cur")); return ;;
		esac
		# a usage line may give the list under the short name only
		vals=$(_telestat_values "$verb" --format)
		[ -n "$vals" ] || vals=$(_telestat_values "$verb" -f)
		COMPREPLY=($(compgen -W "$vals" -- "$cur"))
		[ -n "$vals" ] && return ;;
	--category|--travel-categories)
		local d cats=
		d=$(_telestat_share)
		[ -n "$d" ] && cats=$(cut -f1 "$d/taxonomy.tsv" | tail -n +2)
		_telestat_list "$cats unclassified" "$cur"
		return ;;
	--sections)	# report's: the names its --help lists under the option
		_telestat_list "$(_telestat_help "$verb" |
		    sed -n '/^ *--sections/,/^  *-[-a-z]/p' | sed '1d;$d' | tr -d ,)" "$cur"
		return ;;
	--rollup)
		local d
		d=$(_telestat_share)
		[ -n "$d" ] && COMPREPLY=($(compgen -W "$(cut -f1 "$d/rollups.tsv" | tail -n +2 | sort -u)" -- "$cur"))
		return ;;
	--by|--bars)
		COMPREPLY=($(compgen -W "category subcategory region institution source facility service specialty sex condition with_patient" -- "$cur"))
		return ;;
	-g|--group) _telestat_list "$_telestat_keys" "$cur"; return ;;
	--wide)	# one key column (of -g, for aggregate)
		COMPREPLY=($(compgen -W "$_telestat_keys" -- "$cur"))
		return ;;
	--table) return ;;
	-M|--mapping)	# export's mapping file
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-m|--metrics|--metric)
		if [ "$verb" = export ]; then	# deprecated spelling of -M
			COMPREPLY=($(compgen -f -- "$cur"))
			return
		fi
		if [ "$verb" = aggregate ]; then
			_telestat_list "$(_telestat_metrics)" "$cur"
		else
			COMPREPLY=($(compgen -W "$(_telestat_metrics)" -- "$cur"))
		fi
		return ;;
	-*)
		vals=$(_telestat_values "$verb" "$prev")
		if [ -n "$vals" ]; then
			COMPREPLY=($(compgen -W "$vals" -- "$cur"))
			return
		fi ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_telestat_options "$verb")" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _telestat telestat
