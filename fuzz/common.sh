# Shared by run.sh and campaign.sh (sourced, not run): the target list, how
# each target is run, and its dictionary.

# The targets, from fuzz/targets.
fuzz_targets() {
	grep -v '^#' fuzz/targets | grep -v '^[[:space:]]*$'
}

# Builds the fuzz targets with clang in build-fuzz (sanitizers and
# coverage; see fuzz/meson.build).
fuzz_build() {
	if [ ! -f build-fuzz/build.ninja ]; then
		CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=disabled -Dbench=false -Dwerror=true >/dev/null
	fi
	# shellcheck disable=SC2046
	ninja -C build-fuzz $(fuzz_targets | sed 's|^|fuzz/fuzz_|')
}

# libFuzzer flags of one target beyond the common ones.
fuzz_flags() {
	case "$1" in
	api | pages | url) echo "-max_len=8192" ;;
	csv_import) echo "-max_len=16384" ;;
	cli) echo "-max_len=4096 -close_fd_mask=3" ;;
	*) echo "-max_len=4096" ;;
	esac
}

# Writes target $1's dictionary to $2: the request targets generate theirs
# from the declared operations, then the checked-in fuzz/dict/$1.dict.
fuzz_dict() {
	case "$1" in
	api | pages | url)
		MENTORD_FUZZ_DICT="$2" "build-fuzz/fuzz/fuzz_$1" >/dev/null 2>&1 || return 1
		cat "fuzz/dict/$1.dict" >>"$2"
		;;
	*) cp "fuzz/dict/$1.dict" "$2" ;;
	esac
}

# Runs target $1 over every input it once failed on; fails if one still does.
fuzz_replay() {
	dir="fuzz/regressions/$1"
	[ -d "$dir" ] || return 0
	set -- "$1" "$dir"/*
	[ -e "$2" ] || return 0
	t=$1
	shift
	# shellcheck disable=SC2046
	"build-fuzz/fuzz/fuzz_$t" $(fuzz_flags "$t") -timeout=30 "$@"
}
