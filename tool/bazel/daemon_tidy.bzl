"""daemon-tidy as a Bazel aspect, in whole-program mode.

    bazel build //... --aspects=@daemon_tidy//:daemon_tidy.bzl%daemon_tidy_aspect \\
        --output_groups=daemon_tidy \\
        --@daemon_tidy//:tool=/usr/bin/daemon-tidy --@daemon_tidy//:version=0.1.0+llvm19.1.7

For every cc_library, cc_binary and cc_test, and the same rules among
their transitive `deps`, three kinds of action, each cacheable on its own:

- DaemonTidySummary, one per source file: `daemon-tidy --export-summary`
  writes the file's whole-program summary (<src>.sum), its findings
  without other files (<src>.own.txt) and whether its findings can depend
  on other files (<src>.reanalyse).
- DaemonTidyMerge, one per target: `daemon-tidy --merge-summaries` merges
  the summaries of the target and of its transitive dependencies into the
  target's index (<target>.index.sum).
- DaemonTidy, one per source file: the file's report (<src>.daemon-tidy.txt),
  its findings with calls into the other files followed through the index
  (`daemon-tidy --summary-index`). A file whose summary says that its
  findings cannot depend on other files (no thread start, no `main`, no
  thread object handed to a function defined elsewhere) is not parsed
  again: its report is its own findings.

Each action runs from the target's own compilation context: its sources,
the headers, include paths and defines of it and its dependencies, the
target's copts and local_defines, --copt/--cxxopt/--conlyopt, and the flags
the C++ toolchain's features add for a compile.

Output groups: `daemon_tidy`, the reports of the targets and their
dependencies (the findings are also printed as each action's output);
`daemon_tidy_check`, the same, failing the build when a report is not
empty (a cheap action that does not run daemon-tidy, so the reports stay
cached).
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")
load(
    "@bazel_tools//tools/build_defs/cc:action_names.bzl",
    "CPP_COMPILE_ACTION_NAME",
    "C_COMPILE_ACTION_NAME",
)

SettingInfo = provider(
    doc = "The value of a daemon-tidy string setting.",
    fields = ["value"],
)

def _string_setting_impl(ctx):
    return [SettingInfo(value = ctx.build_setting_value)]

string_setting = rule(
    implementation = _string_setting_impl,
    build_setting = config.string(flag = True),
    doc = "A string given on the command line, --@daemon_tidy//:<name>=<value>.",
)

DaemonTidyInfo = provider(
    doc = "What daemon-tidy's aspect knows of a target and its dependencies.",
    fields = {
        "summaries": "depset of File: the summaries of the target's and its transitive dependencies' source files",
        "sources": "depset of File: their sources and headers, which the summaries point into",
        "reports": "depset of File: the reports of the target's and its dependencies' source files",
        "checks": "depset of File: the markers of daemon_tidy_check",
    },
)

_RULES = ["cc_library", "cc_binary", "cc_test"]
_C_EXTENSIONS = ["c"]
_CXX_EXTENSIONS = ["cc", "cpp", "cxx", "c++", "C"]

# Flags the C++ toolchain may add that clang does not take: Bazel's
# autoconfigured toolchain is often GCC's.
_DROPPED_FLAGS = ["-fno-canonical-system-headers"]

# Run before each action's own command, with the tool's absolute path and the
# expected version as $1 and $2: fails unless the tool says that version, so
# that an action never caches a result under another version's key.
_CHECK_TOOL = """set -eu
tool=$1 expected=$2
shift 2
if ! said=$("$tool" --version 2>&1); then
  echo "daemon-tidy: cannot run '$tool': set --@daemon_tidy//:tool to its absolute path on the machine that runs the actions" >&2
  exit 1
fi
version=${said#*daemon-tidy version }
version=${version%%[[:space:]]*}
llvm=${said#*built with LLVM }
llvm=${llvm%%[[:space:]]*}
if [ "$version+llvm$llvm" != "$expected" ]; then
  echo "daemon-tidy: '$tool' is version $version+llvm$llvm, but the build says --@daemon_tidy//:version=$expected; set it to the tool's (print-bazelrc writes it)" >&2
  exit 1
fi
"""

# Prints file $1 with the execution root's absolute path taken out of the
# paths in it, as relative paths: the tool names the file it analyses by
# its absolute path, which differs between output bases and machines.
_RELATIVE = """relative() {
  while IFS= read -r line; do
    printf '%s\\n' "${line//"$PWD/"/}"
  done < "$1"
}
"""

# $1 config, $2 summary, $3 own findings, $4 whether the analysis must parse
# the file again, $5 source, then the compile flags.
#
# The analysis takes the third output, a line "yes" or "no", rather than the
# summary: a file's summary names the directory it was compiled in (the
# action's sandbox) and the files it read as absolute paths, so its bytes
# differ from one sandbox, checkout or worker to the next, while the merged
# index and these three outputs do not. The analysis actions, the costly
# ones, then hit the cache whenever their sources, headers and index are
# the same.
#
# The file is parsed again only when its findings can depend on other files,
# as project mode decides: its summary says it starts threads or defines
# main, or it hands a callable to a function defined elsewhere. Anything
# else in --dump-summary's first lines, parse again.
_SUMMARY = _CHECK_TOOL + _RELATIVE + """config=$1 summary=$2 own=$3 needs=$4 src=$5
shift 5
status=0
"$tool" --quiet --warnings-as-errors= --config-file="$config" \\
  --export-summary="$summary" "$src" -- "$@" > "$own.tmp" || status=$?
relative "$own.tmp" > "$own"
rm -f "$own.tmp"
if [ "$status" != 0 ]; then
  cat "$own"
  exit "$status"
fi
reanalyse=yes
if dump=$("$tool" --dump-summary="$summary"); then
  first=${dump%%$'\\n'*}
  case "$first" in
    *" (threads)") ;;
    "translation unit "*)
      case "$dump" in
        *$'\\n'"  calls with a callable: "*) ;;
        *) reanalyse=no ;;
      esac ;;
  esac
fi
echo "$reanalyse" > "$needs"
"""

# $1 the index, $2 the output, then the summaries (or @params).
_MERGE = _CHECK_TOOL + """index=$1
shift
"$tool" --merge-summaries --output="$index" "$@"
"""

# $1 config, $2 index, $3 whether to parse again, $4 own findings, $5 report,
# $6 source, then the compile flags.
_ANALYSE = _CHECK_TOOL + _RELATIVE + """config=$1 index=$2 needs=$3 own=$4 report=$5 src=$6
shift 6
status=0
if [ "$(cat "$needs")" = no ]; then
  cp "$own" "$report"
else
  "$tool" --quiet --warnings-as-errors= --config-file="$config" \\
    --summary-index="$index" "$src" -- "$@" > "$report.tmp" || status=$?
  relative "$report.tmp" > "$report"
  rm -f "$report.tmp"
fi
cat "$report"
exit "$status"
"""

# $1 the report, $2 the marker.
_CHECK = """if [ -s "$1" ]; then
  echo "daemon-tidy found problems in $1:" >&2
  cat "$1" >&2
  exit 1
fi
: > "$2"
"""

def _setting(ctx, name):
    value = getattr(ctx.attr, "_" + name)[SettingInfo].value
    if not value:
        fail("daemon-tidy: set --@daemon_tidy//:%s (see print-bazelrc in daemon-tidy's tool/bazel)" % name)
    return value

def _files(ctx, name):
    return getattr(ctx.rule.files, name, []) if hasattr(ctx.rule.files, name) else []

def _strings(ctx, name):
    return getattr(ctx.rule.attr, name, []) if hasattr(ctx.rule.attr, name) else []

def _out_name(ctx, src, suffix):
    path = src.short_path
    if path.startswith("../"):
        path = "external/" + path[3:]
    return "_daemon_tidy/%s/%s%s" % (ctx.label.name, path, suffix)

def _compile_flags(ctx, cc_toolchain, features, compilation, action_name, language_flags):
    user_flags = list(ctx.fragments.cpp.copts) + language_flags
    for copt in _strings(ctx, "copts"):
        user_flags += ctx.tokenize(copt)
    variables = cc_common.create_compile_variables(
        feature_configuration = features,
        cc_toolchain = cc_toolchain,
        user_compile_flags = user_flags,
        include_directories = compilation.includes,
        quote_include_directories = compilation.quote_includes,
        system_include_directories = compilation.system_includes,
        preprocessor_defines = depset(
            _strings(ctx, "local_defines"),
            transitive = [compilation.defines],
        ),
    )
    command_line = cc_common.get_memory_inefficient_command_line(
        feature_configuration = features,
        action_name = action_name,
        variables = variables,
    )
    return [flag for flag in command_line if flag not in _DROPPED_FLAGS]

def _compilation_context(target, ctx):
    if CcInfo in target:
        return target[CcInfo].compilation_context
    return cc_common.merge_cc_infos(
        cc_infos = [dep[CcInfo] for dep in _strings(ctx, "deps") if CcInfo in dep],
    ).compilation_context

def _daemon_tidy_aspect_impl(target, ctx):
    deps = [dep[DaemonTidyInfo] for dep in _strings(ctx, "deps") if DaemonTidyInfo in dep]
    dep_summaries = [info.summaries for info in deps]
    dep_sources = [info.sources for info in deps]
    dep_reports = [info.reports for info in deps]
    dep_checks = [info.checks for info in deps]

    own_files = _files(ctx, "srcs") + _files(ctx, "hdrs") + _files(ctx, "textual_hdrs")
    srcs = [
        f
        for f in _files(ctx, "srcs")
        if f.extension in _C_EXTENSIONS + _CXX_EXTENSIONS
    ] if ctx.rule.kind in _RULES else []
    if not srcs:
        return [DaemonTidyInfo(
            summaries = depset(transitive = dep_summaries),
            sources = depset(own_files, transitive = dep_sources),
            reports = depset(transitive = dep_reports),
            checks = depset(transitive = dep_checks),
        )]

    tool = _setting(ctx, "tool")
    version = _setting(ctx, "version")
    config = ctx.file._config
    compilation = _compilation_context(target, ctx)
    cc_toolchain = find_cpp_toolchain(ctx)
    features = cc_common.configure_features(
        ctx = ctx,
        cc_toolchain = cc_toolchain,
        requested_features = ctx.features,
        unsupported_features = ctx.disabled_features,
    )
    cpp = ctx.fragments.cpp
    flags = {
        "c": _compile_flags(ctx, cc_toolchain, features, compilation, C_COMPILE_ACTION_NAME, list(cpp.conlyopts)),
        "c++": _compile_flags(ctx, cc_toolchain, features, compilation, CPP_COMPILE_ACTION_NAME, list(cpp.cxxopts)),
    }
    headers = depset(own_files, transitive = [compilation.headers])

    summaries = []
    owns = {}
    for src in srcs:
        summary = ctx.actions.declare_file(_out_name(ctx, src, ".sum"))
        own = ctx.actions.declare_file(_out_name(ctx, src, ".own.txt"))
        needs = ctx.actions.declare_file(_out_name(ctx, src, ".reanalyse"))
        args = ctx.actions.args()
        args.add_all([tool, version, config, summary, own, needs, src])
        args.add_all(flags["c" if src.extension in _C_EXTENSIONS else "c++"])
        ctx.actions.run_shell(
            command = _SUMMARY,
            arguments = [args],
            inputs = depset([src, config], transitive = [headers]),
            outputs = [summary, own, needs],
            mnemonic = "DaemonTidySummary",
            progress_message = "daemon-tidy: summarising %s" % src.short_path,
        )
        summaries.append(summary)
        owns[src] = (needs, own)

    all_summaries = depset(summaries, transitive = dep_summaries)
    index = ctx.actions.declare_file("_daemon_tidy/%s.index.sum" % ctx.label.name)
    merge_args = ctx.actions.args()
    merge_args.add_all([tool, version, index])
    summary_args = ctx.actions.args()
    summary_args.use_param_file("@%s", use_always = False)
    summary_args.add_all(all_summaries)
    ctx.actions.run_shell(
        command = _MERGE,
        arguments = [merge_args, summary_args],
        inputs = all_summaries,
        outputs = [index],
        mnemonic = "DaemonTidyMerge",
        progress_message = "daemon-tidy: merging the summaries of %s" % ctx.label,
    )

    # The index points into the dependencies' files: the analysis reads them
    # to use a summary only while its function's body is unchanged, and to
    # show the notes of a chain in another file.
    sources = depset(own_files, transitive = dep_sources)
    reports = []
    checks = []
    for src in srcs:
        needs, own = owns[src]
        report = ctx.actions.declare_file(_out_name(ctx, src, ".daemon-tidy.txt"))
        args = ctx.actions.args()
        args.add_all([tool, version, config, index, needs, own, report, src])
        args.add_all(flags["c" if src.extension in _C_EXTENSIONS else "c++"])
        ctx.actions.run_shell(
            command = _ANALYSE,
            arguments = [args],
            inputs = depset(
                [src, config, index, needs, own],
                transitive = [headers, sources],
            ),
            outputs = [report],
            mnemonic = "DaemonTidy",
            progress_message = "daemon-tidy: analysing %s" % src.short_path,
        )
        reports.append(report)

        marker = ctx.actions.declare_file(_out_name(ctx, src, ".daemon-tidy.ok"))
        ctx.actions.run_shell(
            command = _CHECK,
            arguments = [report.path, marker.path],
            inputs = [report],
            outputs = [marker],
            mnemonic = "DaemonTidyCheck",
            progress_message = "daemon-tidy: checking the report of %s" % src.short_path,
        )
        checks.append(marker)

    all_reports = depset(reports, transitive = dep_reports)
    all_checks = depset(checks, transitive = dep_checks)
    return [
        DaemonTidyInfo(
            summaries = all_summaries,
            sources = sources,
            reports = all_reports,
            checks = all_checks,
        ),
        OutputGroupInfo(
            daemon_tidy = all_reports,
            daemon_tidy_check = all_checks,
        ),
    ]

daemon_tidy_aspect = aspect(
    implementation = _daemon_tidy_aspect_impl,
    attr_aspects = ["deps"],
    fragments = ["cpp"],
    attrs = {
        "_tool": attr.label(default = Label("//:tool")),
        "_version": attr.label(default = Label("//:version")),
        "_config": attr.label(default = Label("//:config"), allow_single_file = True),
        "_cc_toolchain": attr.label(default = Label("@bazel_tools//tools/cpp:current_cc_toolchain")),
    },
)
