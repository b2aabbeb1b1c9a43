/* Option values and the parse of the command line. */
#include "cli/options.h"

#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

int icp_opt_date(const char *s, int *year, int *month, int *day)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int v[3] = {0, 0, 0};
    const int start[] = {0, 5, 8}, len[] = {4, 2, 2};
    for (int f = 0; f < 3; f++)
        for (int i = 0; i < len[f]; i++) {
            char c = s[start[f] + i];
            if (c < '0' || c > '9')
                return -1;
            v[f] = v[f] * 10 + (c - '0');
        }
    if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1)
        return -1;
    bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    int last = mdays[v[1] - 1] + (v[1] == 2 && leap);
    if (v[2] > last)
        return -1;
    *year = v[0];
    *month = v[1];
    *day = v[2];
    return 0;
}

int icp_opt_int(const char *s, long min, long max, long *out)
{
    /* strtol would skip spaces and take a '+': a value is digits only. */
    if (!((s[0] >= '0' && s[0] <= '9') ||
          (s[0] == '-' && s[1] >= '0' && s[1] <= '9')))
        return -1;
    errno = 0;
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (errno || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int icp_opt_seconds(const char *s, long max, long *ms_out)
{
    /* Digits, then at most three decimals: exact milliseconds, no strtod
     * (locale, exponents, "inf"). */
    long whole = 0, ms = 0;
    size_t i = 0;
    if (s[0] < '0' || s[0] > '9')
        return -1;
    for (; s[i] >= '0' && s[i] <= '9'; i++) {
        whole = whole * 10 + (s[i] - '0');
        if (whole > max)
            return -1;
    }
    if (s[i] == '.') {
        i++;
        long scale = 100;
        size_t first = i;
        for (; s[i] >= '0' && s[i] <= '9' && i - first < 3; i++, scale /= 10)
            ms += (s[i] - '0') * scale;
        if (i == first)
            return -1;
    }
    if (s[i] != '\0' || (whole == max && ms > 0))
        return -1;
    *ms_out = whole * 1000 + ms;
    return 0;
}

int icp_opt_size(const char *s, long long unit, long long min, long long max,
                 long long *out)
{
    if (s[0] < '0' || s[0] > '9')
        return -1;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (errno)
        return -1;
    static const char suffixes[] = "kmg";
    int power = 0;
    if (*end) {
        const char *p = strchr(suffixes, g_ascii_tolower(*end));
        if (!p || end[1] != '\0')
            return -1;
        power = (int)(p - suffixes) + 1;
    }
    for (int i = 0; i < power; i++) {
        if (v > LLONG_MAX / unit)
            return -1;
        v *= unit;
    }
    if (v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int icp_opt_entity(const char *s, enum icp_entity *out)
{
    if (strcmp(s, "personal") == 0)
        *out = ICP_ENTITY_PERSONAL;
    else if (strcmp(s, "organisation") == 0 || strcmp(s, "organization") == 0)
        *out = ICP_ENTITY_ORGANISATION;
    else
        return -1;
    return 0;
}

int icp_opt_lang(const char *s, enum icp_lang *out)
{
    if (strcmp(s, "zh") == 0)
        *out = ICP_LANG_ZH;
    else if (strcmp(s, "en") == 0)
        *out = ICP_LANG_EN;
    else
        return -1;
    return 0;
}

enum icp_lang icp_opt_lang_from_env(const char *lc_all, const char *lc_messages,
                                    const char *lang)
{
    const char *v[] = {lc_all, lc_messages, lang};
    for (size_t i = 0; i < G_N_ELEMENTS(v); i++)
        if (v[i] && v[i][0])
            return strncmp(v[i], "en", 2) == 0 ? ICP_LANG_EN : ICP_LANG_ZH;
    return ICP_LANG_ZH;
}

enum {
    OPT_TODAY = 256,
    OPT_MIN_VALIDITY,
    OPT_TYPE,
    OPT_ENTITY,
    OPT_FORMAT,
    OPT_LANG,
    OPT_REPORT,
    OPT_FILES_FROM,
    OPT_MODELS,
    OPT_MAX_PIXELS,
    OPT_MAX_BYTES,
    OPT_MAX_MEMORY,
    OPT_TIMEOUT,
    OPT_RESUME,
    OPT_SHARD,
    OPT_LISTEN,
    OPT_MAX_UPLOAD,
    OPT_MAX_FILES,
    OPT_QUEUE,
    OPT_REQUEST_TIMEOUT,
    OPT_VERSION
};

static const struct option long_options[] = {
    {"today", required_argument, NULL, OPT_TODAY},
    {"min-validity-months", required_argument, NULL, OPT_MIN_VALIDITY},
    {"type", required_argument, NULL, OPT_TYPE},
    {"entity", required_argument, NULL, OPT_ENTITY},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"lang", required_argument, NULL, OPT_LANG},
    {"jobs", required_argument, NULL, 'j'},
    {"report", required_argument, NULL, OPT_REPORT},
    {"files-from", required_argument, NULL, OPT_FILES_FROM},
    {"models", required_argument, NULL, OPT_MODELS},
    {"max-pixels", required_argument, NULL, OPT_MAX_PIXELS},
    {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
    {"max-memory-mb", required_argument, NULL, OPT_MAX_MEMORY},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"resume", required_argument, NULL, OPT_RESUME},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"max-upload-mb", required_argument, NULL, OPT_MAX_UPLOAD},
    {"max-files", required_argument, NULL, OPT_MAX_FILES},
    {"queue", required_argument, NULL, OPT_QUEUE},
    {"request-timeout", required_argument, NULL, OPT_REQUEST_TIMEOUT},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* "a, b, c": the type names for an error message. Caller g_free()s. */
static char *type_list(void)
{
    GString *s = g_string_new(NULL);
    for (int t = 1; t < ICP_TYPE_COUNT; t++)
        g_string_append_printf(s, "%s%s", t > 1 ? ", " : "",
                               icp_doc_type_name((enum icp_doc_type)t));
    return g_string_free(s, FALSE);
}

int icp_opt_shard(const char *s, unsigned *index, unsigned *count)
{
    const char *slash = strchr(s, '/');
    if (!slash)
        return -1;
    char *left = g_strndup(s, (size_t)(slash - s));
    long i = 0, n = 0;
    int rc = icp_opt_int(left, 0, 65535, &i) || icp_opt_int(slash + 1, 1, 65536, &n) ||
                     i >= n
                 ? -1
                 : 0;
    g_free(left);
    if (rc == 0) {
        *index = (unsigned)i;
        *count = (unsigned)n;
    }
    return rc;
}

static int bad_value(const char *opt, const char *arg, const char *expect,
                     char **err_out)
{
    *err_out =
        g_strdup_printf("invalid %s '%s': expected %s", opt, arg, expect);
    return -1;
}

static int set_type(struct icp_cli *cli, const char *arg, char **err_out)
{
    if (icp_doc_type_parse(arg, &cli->opts.forced_type) == 0 &&
        cli->opts.forced_type != ICP_TYPE_UNKNOWN)
        return 0;
    char *list = type_list();
    char *expect = g_strdup_printf("one of %s, auto", list);
    bad_value("--type", arg, expect, err_out);
    g_free(expect);
    g_free(list);
    return -1;
}

static int set_number(int opt, const char *arg, struct icp_cli *cli,
                      char **err_out)
{
    long v = 0;
    long long big = 0;
    switch (opt) {
    case OPT_MIN_VALIDITY:
        if (icp_opt_int(arg, 0, 120, &v))
            return bad_value("--min-validity-months", arg,
                             "a whole number of months from 0 to 120", err_out);
        cli->opts.min_validity_months = (int)v;
        return 0;
    case 'j':
        if (icp_opt_int(arg, 1, 1024, &v))
            return bad_value("--jobs", arg, "a number of threads, 1 to 1024",
                             err_out);
        cli->jobs = (int)v;
        return 0;
    case OPT_MAX_PIXELS:
        if (icp_opt_size(arg, 1000, 1, 1LL << 40, &big))
            return bad_value("--max-pixels", arg,
                             "a pixel count such as 100M (k, M, G = 1000^n)",
                             err_out);
        cli->opts.max_pixels = big;
        return 0;
    case OPT_MAX_MEMORY:
        if (icp_opt_int(arg, 16, 1L << 20, &v))
            return bad_value("--max-memory-mb", arg,
                             "a number of megabytes, 16 to 1048576", err_out);
        cli->opts.max_memory = (long long)v * 1024 * 1024;
        return 0;
    case OPT_MAX_UPLOAD:
        if (icp_opt_int(arg, 1, 1024, &v))
            return bad_value("--max-upload-mb", arg,
                             "a number of megabytes, 1 to 1024", err_out);
        cli->max_upload = (long long)v * 1024 * 1024;
        return 0;
    case OPT_MAX_FILES:
        if (icp_opt_int(arg, 1, 1000, &v))
            return bad_value("--max-files", arg, "a number of files, 1 to 1000",
                             err_out);
        cli->max_files = (int)v;
        return 0;
    case OPT_QUEUE:
        if (icp_opt_int(arg, 1, 10000, &v))
            return bad_value("--queue", arg, "a number of requests, 1 to 10000",
                             err_out);
        cli->queue = (int)v;
        return 0;
    case OPT_REQUEST_TIMEOUT:
        if (icp_opt_seconds(arg, 86400, &v) || v == 0)
            return bad_value("--request-timeout", arg,
                             "a number of seconds such as 120 or 0.5, up to "
                             "86400",
                             err_out);
        cli->request_timeout_ms = v;
        return 0;
    case OPT_TIMEOUT:
        if (icp_opt_seconds(arg, 86400, &v))
            return bad_value("--timeout", arg,
                             "a number of seconds such as 60 or 0.5, 0 "
                             "(none) to 86400",
                             err_out);
        cli->opts.timeout_ms = v;
        return 0;
    default: /* OPT_MAX_BYTES */
        if (icp_opt_size(arg, 1024, 1, 1LL << 40, &big))
            return bad_value("--max-bytes", arg,
                             "a size in bytes such as 50M (k, M, G = 1024^n)",
                             err_out);
        cli->opts.max_bytes = big;
        return 0;
    }
}

static int set_option(int opt, const char *arg, struct icp_cli *cli,
                      char **err_out)
{
    struct icp_options *o = &cli->opts;
    switch (opt) {
    case OPT_TODAY:
        if (icp_opt_date(arg, &o->today_year, &o->today_month, &o->today_day))
            return bad_value("--today", arg, "a real date as YYYY-MM-DD",
                             err_out);
        return 0;
    case OPT_TYPE:
        return set_type(cli, arg, err_out);
    case OPT_ENTITY:
        if (icp_opt_entity(arg, &o->entity))
            return bad_value("--entity", arg, "personal or organisation",
                             err_out);
        return 0;
    case OPT_FORMAT:
        cli->format_given = true;
        if (icp_format_parse(arg, &cli->format))
            return bad_value("--format", arg, "text, json, jsonl or csv",
                             err_out);
        return 0;
    case OPT_LANG:
        if (icp_opt_lang(arg, &o->lang))
            return bad_value("--lang", arg, "zh or en", err_out);
        return 0;
    case OPT_REPORT:
        cli->report_html = arg;
        return 0;
    case OPT_FILES_FROM:
        cli->files_from = arg;
        return 0;
    case OPT_MODELS:
        o->models_dir = arg;
        return 0;
    case OPT_RESUME:
        cli->resume = arg;
        return 0;
    case OPT_LISTEN:
        cli->listen = arg;
        return 0;
    case OPT_SHARD:
        if (icp_opt_shard(arg, &cli->shard_index, &cli->shard_count))
            return bad_value("--shard", arg,
                             "I/N with 0 <= I < N <= 65536, such as 0/4",
                             err_out);
        return 0;
    case 'q':
        cli->quiet = true;
        return 0;
    case 'h':
        cli->command = ICP_CMD_HELP;
        return 0;
    case OPT_VERSION:
        cli->command = ICP_CMD_VERSION;
        return 0;
    default:
        return set_number(opt, arg, cli, err_out);
    }
}

static int bad_option(int c, char **argv, char **err_out)
{
    const char *word = argv[optind - 1];
    if (c == ':')
        *err_out = g_strdup_printf("option '%s' needs a value", word);
    else if (optopt && optopt < 256)
        *err_out = g_strdup_printf("unknown option '-%c'", optopt);
    else
        *err_out = g_strdup_printf("unknown option '%s'", word);
    return -1;
}

static int parse_command(const char *word, struct icp_cli *cli, char **err_out)
{
    if (strcmp(word, "scan") == 0)
        cli->command = ICP_CMD_SCAN;
    else if (strcmp(word, "check") == 0)
        cli->command = ICP_CMD_CHECK;
    else if (strcmp(word, "serve") == 0)
        cli->command = ICP_CMD_SERVE;
    else if (strcmp(word, "help") == 0 || strcmp(word, "--help") == 0 ||
             strcmp(word, "-h") == 0)
        cli->command = ICP_CMD_HELP;
    else if (strcmp(word, "--version") == 0)
        cli->command = ICP_CMD_VERSION;
    else {
        *err_out = g_strdup_printf("unknown command '%s': expected scan, "
                                   "check or serve",
                                   word);
        return -1;
    }
    return 0;
}

static void init_cli(struct icp_cli *cli)
{
    memset(cli, 0, sizeof *cli);
    icp_options_init(&cli->opts);
    cli->opts.lang = icp_opt_lang_from_env(
        getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG"));
    cli->format = ICP_FORMAT_TEXT;
    cli->listen = "127.0.0.1:8080";
    cli->max_upload = 10LL * 1024 * 1024;
    cli->max_files = 20;
    cli->queue = 256;
    cli->request_timeout_ms = 300 * 1000;
}

int icp_cli_set_value(struct icp_cli *cli, const char *name,
                      const char *value, char **err_out)
{
    /* Only the options that describe a request: never a path, a limit or
     * the models. */
    static const char *const allowed[] = {"today", "type", "entity", "lang",
                                          "min-validity-months"};
    *err_out = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(allowed); i++) {
        if (strcmp(name, allowed[i]) != 0)
            continue;
        for (const struct option *o = long_options; o->name; o++)
            if (strcmp(o->name, name) == 0)
                return set_option(o->val, value, cli, err_out);
    }
    *err_out = g_strdup_printf("unknown field '%s'", name);
    return -1;
}

int icp_cli_parse(int argc, char **argv, struct icp_cli *cli, char **err_out)
{
    *err_out = NULL;
    init_cli(cli);
    if (argc < 2) {
        *err_out = g_strdup("no command given: expected scan, check or serve");
        return -1;
    }
    if (parse_command(argv[1], cli, err_out))
        return -1;
    if (cli->command >= ICP_CMD_HELP)
        return 0;
    /* Options come after the command and may mix with the paths. */
    int c;
    optind = 0; /* GNU getopt: start afresh (tests parse several times) */
    opterr = 0;
    while ((c = getopt_long(argc - 1, argv + 1, ":j:qh", long_options, NULL)) !=
           -1) {
        if (c == '?' || c == ':')
            return bad_option(c, argv + 1, err_out);
        if (set_option(c, optarg, cli, err_out))
            return -1;
    }
    if (cli->command >= ICP_CMD_HELP)
        return 0;
    cli->paths = argv + 1 + optind;
    cli->n_paths = argc - 1 - optind;
    if (cli->command == ICP_CMD_SERVE) {
        if (cli->n_paths > 0) {
            *err_out = g_strdup_printf("serve takes no paths, got '%s'",
                                       cli->paths[0]);
            return -1;
        }
        return 0;
    }
    if (cli->n_paths == 0 && !cli->files_from) {
        *err_out = g_strdup_printf("no %s given", cli->command == ICP_CMD_SCAN
                                                      ? "file or folder"
                                                      : "file");
        return -1;
    }
    return 0;
}
