# bash completion for telestat(1). Source it, or install it as
# /usr/share/bash-completion/completions/telestat.
# Completes the last item of a comma-separated list, keeping the others.
_telestat_list()
{
	local words=$1 cur=$2 head=
	[[ $cur == *,* ]] && head=${cur%,*},
	COMPREPLY=($(compgen -P "$head" -W "$words" -- "${cur##*,}"))
}

_telestat()
{
	local cur prev verb
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	local verbs="ingest classify filter aggregate merge export report plot validate synth help"
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$verbs --help --version" -- "$cur"))
		return
	fi
	verb=${COMP_WORDS[1]}
	case $prev in
	-p|--profile)
		COMPREPLY=($(compgen -W "generic minsa-his essalud-cenate cenetec-summary fhir" -- "$cur")
		    $(compgen -f -- "$cur"))
		return ;;
	--encoding) COMPREPLY=($(compgen -W "utf-8 latin1 cp1252" -- "$cur")); return ;;
	--country) COMPREPLY=($(compgen -W "PE MX" -- "$cur")); return ;;
	-f|--format)
		case $verb in
		ingest|validate) COMPREPLY=($(compgen -W "csv json ndjson" -- "$cur")) ;;
		export) COMPREPLY=($(compgen -W "dhis2-json dhis2-csv adx sql" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "text md html csv json" -- "$cur")) ;;
		esac
		return ;;
	--category)
		local cats
		cats=$(cut -f1 "${TELESTAT_SHARE:-/usr/local/share/telestat}/taxonomy.tsv" 2>/dev/null | tail -n +2)
		_telestat_list "${cats:-teleconsulta teleinterconsulta teleorientacion telemonitoreo teletriaje teleurgencia teleapoyo_diagnostico telecapacitacion telegestion unclassified}" "$cur"
		return ;;
	--rollup) COMPREPLY=($(compgen -W "essalud" -- "$cur")); return ;;
	--patients-rule) COMPREPLY=($(compgen -W "all his" -- "$cur")); return ;;
	--lang) COMPREPLY=($(compgen -W "es en" -- "$cur")); return ;;
	-T|--terminal) COMPREPLY=($(compgen -W "png svg pdf dumb" -- "$cur")); return ;;
	--with-patient) COMPREPLY=($(compgen -W "yes no" -- "$cur")); return ;;
	--x) COMPREPLY=($(compgen -W "year month" -- "$cur")); return ;;
	--by|--bars) COMPREPLY=($(compgen -W "category region institution" -- "$cur")); return ;;
	-m|--mapping)
		if [ "$verb" = export ]; then
			COMPREPLY=($(compgen -f -- "$cur"))
			return
		fi
		_telestat_list "count patients sessions attendees records" "$cur"
		return ;;
	--table) COMPREPLY=(); return ;;
	-g|--group|--metrics)
		_telestat_list "year month region category subcategory institution specialty count patients sessions attendees records" "$cur"
		return ;;
	esac
	if [[ $cur == -* ]]; then
		local opts
		opts=$(telestat-"$verb" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$opts --help --version" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _telestat telestat
