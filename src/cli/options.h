/* The command line: option values (pure parsers, unit-tested and fuzzed) and
 * the parse of argv into what a run needs. */
#ifndef ICPCHECK_CLI_OPTIONS_H
#define ICPCHECK_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "icpcheck/icpcheck.h"

enum icp_cli_command {
    ICP_CMD_SCAN = 0,
    ICP_CMD_CHECK,
    ICP_CMD_SERVE,
    ICP_CMD_HELP,
    ICP_CMD_VERSION
};

/** Everything the command line says. Strings are borrowed from argv. */
struct icp_cli {
    enum icp_cli_command command;
    struct icp_options opts; /* the library's options */
    enum icp_format format;
    bool format_given;
    int jobs;                /* 0 = number of cores */
    const char *report_html; /* --report, or NULL */
    const char *files_from;  /* --files-from, "-" = stdin, or NULL */
    const char *resume;      /* --resume: an earlier JSONL output, or NULL */
    unsigned shard_index, shard_count; /* --shard I/N; count 0 = all */
    bool quiet;
    /* serve: where to listen ("HOST:PORT", borrowed), the limits of one
     * request and of the requests held at once, and a request's deadline */
    const char *listen;
    long long max_upload;  /* bytes of one request's body */
    int max_files;         /* files in one request */
    int queue;             /* requests accepted and not yet answered */
    long request_timeout_ms;
    char **paths;
    int n_paths;
};

/** A real calendar date written YYYY-MM-DD (years 1900 to 9999). Returns 0,
 * or -1 with the outputs untouched. */
int icp_opt_date(const char *s, int *year, int *month, int *day);

/** A decimal integer within [min, max], nothing else around it. Returns 0
 * or -1. */
int icp_opt_int(const char *s, long min, long max, long *out);

/** A duration in seconds, "60" or "0.5" (up to three decimals), at most
 * `max` seconds, into milliseconds. Returns 0 or -1. */
int icp_opt_seconds(const char *s, long max, long *ms_out);

/** A count with an optional suffix k, M or G (any case) meaning `unit`,
 * unit² or unit³ (1000 for pixels, 1024 for bytes), within [min, max].
 * Returns 0 or -1. */
int icp_opt_size(const char *s, long long unit, long long min, long long max,
                 long long *out);

/** "I/N" with 0 <= I < N <= 65536. Returns 0, or -1 with the outputs
 * untouched. */
int icp_opt_shard(const char *s, unsigned *index, unsigned *count);

/** "personal" or "organisation" (also "organization"). Returns 0 or -1. */
int icp_opt_entity(const char *s, enum icp_entity *out);

/** "zh" or "en". Returns 0 or -1. */
int icp_opt_lang(const char *s, enum icp_lang *out);

/** The message language a locale asks for: the first set of LC_ALL,
 * LC_MESSAGES and LANG (each may be NULL) decides; English when it starts
 * with "en", Chinese otherwise and when none is set. */
enum icp_lang icp_opt_lang_from_env(const char *lc_all, const char *lc_messages,
                                    const char *lang);

/** Sets the option `name` (the long option without its dashes: "today",
 * "type", "entity", "lang" or "min-validity-months") to `value`, checked
 * exactly as on the command line (a form field of `icpcheck serve` is
 * one). Returns 0, or -1 with a message in *err_out (caller g_free()s). */
int icp_cli_set_value(struct icp_cli *cli, const char *name,
                      const char *value, char **err_out);

/** Parses argv (which it may reorder) into *cli, starting from the
 * library's defaults and the locale's language. Returns 0, or -1 with a
 * message naming the problem in *err_out (caller g_free()s). */
int icp_cli_parse(int argc, char **argv, struct icp_cli *cli, char **err_out);

/** Prints the help: what the program does, options, examples and exit
 * status. */
void icp_cli_help(FILE *out);

#endif
