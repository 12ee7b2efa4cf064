# bash completion for telestat(1). Source it, or install it as
# /usr/share/bash-completion/completions/telestat.
_telestat()
{
	local cur prev verb
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	local verbs="ingest classify filter aggregate merge report plot validate synth help"
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
	-f|--format) COMPREPLY=($(compgen -W "text md html csv json" -- "$cur")); return ;;
	--lang) COMPREPLY=($(compgen -W "es en" -- "$cur")); return ;;
	-T|--terminal) COMPREPLY=($(compgen -W "png svg pdf dumb" -- "$cur")); return ;;
	--with-patient) COMPREPLY=($(compgen -W "yes no" -- "$cur")); return ;;
	--x) COMPREPLY=($(compgen -W "year month" -- "$cur")); return ;;
	--by|--bars) COMPREPLY=($(compgen -W "category region institution" -- "$cur")); return ;;
	-g|--group|-m|--metrics)
		COMPREPLY=($(compgen -W "year month region category subcategory institution specialty count patients sessions attendees records" -- "${cur##*,}"))
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
