/*
 * omamori-score - scores window observations, one JSON object per line, the way the
 * daemon would, and prints each verdict with its reasons as one JSON line.
 *
 * Job: let people and scripts ask "what would omamori say about this window?" without
 * Windows: the same observation_parse_json, config_load_buffer and score_observation
 * as the daemon. Native (POSIX) only; the core it links is portable.
 *
 * Decisions, all stated in --help:
 *   - output lines match input lines in order; a malformed line gets
 *     {"line":N,"error":"..."} in its place and the tool goes on; blank lines give
 *     nothing and are not errors, but still count for line numbers;
 *   - "id" is always present: the input's id as a string, or null without one, so
 *     every result line has the same keys;
 *   - a line is capped at LINE_MAX_BYTES: a longer one is an error for that line only,
 *     and is skipped without being held in memory;
 *   - a config that cannot be parsed is reported (file:line:column) and the defaults
 *     are used, as the daemon does; it does not change the exit status. A config file
 *     that cannot be read at all is a command-line mistake: exit 1.
 *
 * With --journal it reads omamori's journal files instead (live or rotated .gz) and
 * prints a summary for people: counts per event and the incidents, formatted by
 * journalhistory.c exactly as omamori --history prints them, through the POSIX seam.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "jsonbuf.h"
#include "observation.h"
#include "score.h"

#include "jfs.h"
#include "journal.h"
#include "journalhistory.h"
#include "resource.h" /* OMAMORI_VERSION_TEXT: one version for every program */

#define LINE_MAX_BYTES (1024 * 1024)
#define CONFIG_MAX_BYTES (1024 * 1024)

enum { EXIT_MALFORMED = 2 }; /* EXIT_SUCCESS: all lines read; EXIT_FAILURE: could not run */

static const char *const HELP =
    "Usage: omamori-score [--config FILE] [FILE]\n"
    "       omamori-score --journal FILE...\n"
    "\n"
    "Reads window observations, one JSON object per line, from FILE (or standard input\n"
    "when FILE is missing or -), and writes one JSON verdict per line, in the same order:\n"
    "  {\"id\":\"...\",\"verdict\":\"alert|watch|clean\",\"score\":0-100,\n"
    "   \"reasons\":[{\"trait\":\"...\",\"match\":\"...\",\"weight\":N},...]}\n"
    "\"id\" is the input's id as a string, or null when it has none.\n"
    "\n"
    "Input fields: title (required, a string), id (a string or a number),\n"
    "class, exe, text, url, lang (strings), fullscreen, topmost, cursor_hidden\n"
    "(true, false or null), audio: {\"playing\": true/false/null,\n"
    "\"peaks\": [levels 0..1, one per 100 ms]}, screen (the path of a binary PPM\n"
    "(P6) file of what the window showed, relative to the current directory; it is\n"
    "analysed for Microsoft's logo, a drawn taskbar, a dialog over a dimmed page and a\n"
    "blue screen). null means not known. A value of the wrong JSON type is an error\n"
    "({\"title\":42} too), and so is a screen file that is missing or not a PPM;\n"
    "unknown fields are ignored.\n"
    "\n"
    "A malformed line gets {\"line\":N,\"error\":\"...\"} in its place and reading goes on.\n"
    "Blank lines are skipped silently (they still count for line numbers).\n"
    "Lines longer than 1 MiB are malformed.\n"
    "\n"
    "Options:\n"
    "  --config FILE  read settings, scoring weights and phrase lists from a YAML file\n"
    "                 over the built-in defaults (as config/omamori.yaml: a value given\n"
    "                 replaces the default, a phrase list given replaces that list).\n"
    "                 If it has an error, the error is printed as FILE:line:column\n"
    "                 and the defaults are used, as the daemon does; the exit status\n"
    "                 does not change.\n"
    "  --journal FILE...  summarise omamori's journal files instead: the live\n"
    "                 journal.jsonl or rotated journal-YYYYMMDD-HHMMSS.jsonl.gz\n"
    "                 (gzip, recognised by content), read in the order given. Prints\n"
    "                 the records per file, the count of each event, then each\n"
    "                 incident (a detection and how it ended, or a practice alert),\n"
    "                 oldest first, as omamori --history does. Lines cut short (a\n"
    "                 crash mid-write) or malformed are skipped and counted; exit\n"
    "                 status 2 then. A damaged gzip file is read up to the damage.\n"
    "  --help         show this help and exit\n"
    "  --version      show the version and exit\n"
    "\n"
    "Exit status: 0 every line was read; 2 some line was malformed (or, with\n"
    "--journal, skipped or damaged); 1 a usage error, or FILE or the config file\n"
    "could not be read.\n"
    "\n"
    "ブラウザー画面の観測（1 行に 1 つの JSON）を読み、omamori の判定を 1 行ずつ出力します。\n"
    "書式の誤った行はエラーとして出力し、処理を続けます。\n";

typedef struct ToolOptions {
    const char *config_path; /* NULL: defaults */
    const char *input_path;  /* NULL or "-": standard input */
    bool journal;            /* --journal: the positional arguments are journal files */
    char **files;            /* every positional argument, in order (argv's) */
    int file_count;
    bool help;
    bool version;
} ToolOptions;

static int usage_error(const char *message, const char *arg)
{
    fprintf(stderr, "omamori-score: %s%s\nTry 'omamori-score --help'.\n", message,
            arg != NULL ? arg : "");
    return -1;
}

static int parse_args(int argc, char **argv, ToolOptions *opts)
{
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (!options_done && strcmp(arg, "--help") == 0) {
            opts->help = true;
        } else if (!options_done && strcmp(arg, "--version") == 0) {
            opts->version = true;
        } else if (!options_done && strcmp(arg, "--config") == 0) {
            if (i + 1 >= argc)
                return usage_error("--config needs a file name", NULL);
            opts->config_path = argv[++i];
        } else if (!options_done && strncmp(arg, "--config=", 9) == 0) {
            opts->config_path = arg + 9;
        } else if (!options_done && strcmp(arg, "--journal") == 0) {
            opts->journal = true;
        } else if (!options_done && arg[0] == '-' && arg[1] != '\0') {
            return usage_error("unknown option ", arg);
        } else {
            opts->files[opts->file_count++] = argv[i];
        }
    }
    if (opts->journal && opts->file_count == 0)
        return usage_error("--journal needs at least one journal file", NULL);
    if (!opts->journal && opts->file_count > 1)
        return usage_error("only one input file may be given; extra: ", opts->files[1]);
    opts->input_path = opts->file_count > 0 ? opts->files[0] : NULL;
    return 0;
}

/* Reads a whole (small) file. Returns 0, or -1 with errno set (EFBIG when too big). */
static int read_small_file(const char *path, char **data, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    char *buf = malloc(CONFIG_MAX_BYTES + 1);
    size_t n = buf != NULL ? fread(buf, 1, CONFIG_MAX_BYTES + 1, f) : 0;
    int saved = buf == NULL ? ENOMEM : ferror(f) ? errno : n > CONFIG_MAX_BYTES ? EFBIG : 0;
    fclose(f);
    if (saved != 0) {
        free(buf);
        errno = saved;
        return -1;
    }
    *data = buf;
    *length = n;
    return 0;
}

/* Loads --config over the defaults into *cfg (the caller frees it with config_free).
 * Returns -1 only when the file cannot be read or memory runs out. */
static int load_config(const char *path, Config *cfg)
{
    char *yaml;
    size_t length;
    char err[512];

    if (config_default(cfg) < 0) {
        fprintf(stderr, "omamori-score: out of memory\n");
        return -1;
    }
    if (path == NULL)
        return 0;
    if (read_small_file(path, &yaml, &length) < 0) {
        fprintf(stderr, "omamori-score: cannot read config %s: %s\n", path,
                errno == EFBIG ? "larger than 1 MiB" : strerror(errno));
        return -1;
    }
    if (config_load_buffer(yaml, length, path, cfg, err, sizeof err) < 0)
        fprintf(stderr, "omamori-score: %s\nomamori-score: using the default settings\n", err);
    free(yaml);
    return 0;
}

typedef struct LineReader {
    FILE *in;
    char *data;
    size_t length;
    size_t capacity;
    bool too_long; /* the line was longer than LINE_MAX_BYTES; data holds its start */
} LineReader;

/*
 * Reads the next line without its newline (a trailing CR goes too). Returns 1 for a
 * line, 0 at the end of input, -1 on a read error or out of memory (errno set).
 * Bytes past LINE_MAX_BYTES are read and dropped, so one huge line costs no memory.
 */
static int line_read(LineReader *lr)
{
    int c = EOF;
    lr->length = 0;
    lr->too_long = false;
    while ((c = getc(lr->in)) != EOF && c != '\n') {
        if (lr->length >= LINE_MAX_BYTES) {
            lr->too_long = true;
            continue;
        }
        if (lr->length + 1 >= lr->capacity) {
            size_t grown = lr->capacity == 0 ? 4096 : lr->capacity * 2;
            char *data = realloc(lr->data, grown);
            if (data == NULL) {
                errno = ENOMEM;
                return -1;
            }
            lr->data = data;
            lr->capacity = grown;
        }
        lr->data[lr->length++] = (char)c;
    }
    if (ferror(lr->in))
        return -1;
    if (c == EOF && lr->length == 0 && !lr->too_long)
        return 0;
    if (lr->length > 0 && lr->data[lr->length - 1] == '\r')
        lr->length--;
    if (lr->data != NULL)
        lr->data[lr->length] = '\0';
    return 1;
}

static bool line_is_blank(const LineReader *lr)
{
    for (size_t i = 0; i < lr->length; i++)
        if (lr->data[i] != ' ' && lr->data[i] != '\t' && lr->data[i] != '\r')
            return false;
    return !lr->too_long;
}

static void write_error(JsonBuf *out, unsigned long line, const char *message)
{
    jsonbuf_raw(out, "{");
    jsonbuf_key(out, "line", true);
    jsonbuf_int(out, (long long)line);
    jsonbuf_key(out, "error", false);
    jsonbuf_string(out, message);
    jsonbuf_raw(out, "}\n");
}

static void write_verdict(JsonBuf *out, const Observation *obs, const Verdict *v)
{
    jsonbuf_raw(out, "{");
    jsonbuf_key(out, "id", true);
    jsonbuf_string(out, obs->id); /* NULL gives null */
    jsonbuf_key(out, "verdict", false);
    jsonbuf_string(out, verdict_name(v->kind));
    jsonbuf_key(out, "score", false);
    jsonbuf_int(out, v->score);
    jsonbuf_key(out, "reasons", false);
    journal_write_reasons(out, v); /* the same form as in the daemon's journal */
    jsonbuf_raw(out, "}\n");
}

/* Scores one line into out. Returns false when the line was malformed. */
static bool score_line(const Config *cfg, const LineReader *lr, unsigned long number,
                       Observation *obs, JsonBuf *out)
{
    char err[256];
    if (lr->too_long) {
        write_error(out, number, "line longer than 1 MiB (1048576 bytes)");
        return false;
    }
    if (observation_parse_json(lr->data, lr->length, obs, err, sizeof err) < 0) {
        write_error(out, number, err);
        return false;
    }
    if (observation_load_screen(obs, err, sizeof err) < 0) {
        write_error(out, number, err);
        observation_free(obs);
        return false;
    }
    Verdict verdict;
    score_observation(&cfg->rules, obs, &verdict);
    write_verdict(out, obs, &verdict);
    observation_free(obs);
    return true;
}

/* Scores every line of in. Returns the exit status. */
static int score_stream(const Config *cfg, FILE *in, const char *in_name)
{
    LineReader lr = { .in = in };
    Observation obs;
    JsonBuf out;
    unsigned long number = 0;
    bool malformed = false;
    int status = EXIT_SUCCESS;
    int rc;

    observation_init(&obs);
    jsonbuf_init(&out);
    while ((rc = line_read(&lr)) > 0) {
        number++;
        if (line_is_blank(&lr))
            continue;
        jsonbuf_reset(&out);
        if (!score_line(cfg, &lr, number, &obs, &out))
            malformed = true;
        if (out.failed) {
            errno = ENOMEM;
            rc = -1;
            break;
        }
        fwrite(out.data, 1, out.length, stdout);
    }
    if (rc < 0) {
        fprintf(stderr, "omamori-score: reading %s: %s\n", in_name, strerror(errno));
        status = EXIT_FAILURE;
    } else if (malformed) {
        status = EXIT_MALFORMED;
    }
    observation_free(&obs);
    jsonbuf_free(&out);
    free(lr.data);
    return status;
}

/* ---- --journal --------------------------------------------------------------- */

typedef struct EventCount {
    char name[48];
    unsigned long count;
} EventCount;

typedef struct JournalSummary {
    EventCount events[64];  /* distinct event names, in order of first sight */
    size_t event_kinds;
    unsigned long other_events; /* beyond the table, or names too long */
    JournalHistory history;
} JournalSummary;

static int summarise_record(void *context, const JournalRecord *record)
{
    JournalSummary *sum = context;
    size_t i = 0;
    while (i < sum->event_kinds && strcmp(sum->events[i].name, record->event) != 0)
        i++;
    if (i == sum->event_kinds) {
        if (i == sizeof sum->events / sizeof sum->events[0]
            || strlen(record->event) >= sizeof sum->events[0].name) {
            sum->other_events++;
            return journal_history_add(&sum->history, record);
        }
        snprintf(sum->events[i].name, sizeof sum->events[i].name, "%s", record->event);
        sum->events[i].count = 0;
        sum->event_kinds++;
    }
    sum->events[i].count++;
    return journal_history_add(&sum->history, record);
}

static int compare_events(const void *a, const void *b)
{
    return strcmp(((const EventCount *)a)->name, ((const EventCount *)b)->name);
}

/* Prints the summary of the journal files. Returns the exit status. */
static int summarise_journals(char **files, int count)
{
    JournalSummary sum;
    JsonBuf out;
    int status = EXIT_SUCCESS;
    unsigned long skipped = 0, damaged = 0;

    memset(&sum, 0, sizeof sum);
    journal_history_init(&sum.history, 0);
    for (int i = 0; i < count; i++) {
        JournalScanCounts counts = { 0 };
        JfsError err;
        int rc = journal_scan_file(jfs_posix(), files[i], summarise_record, &sum, &counts, &err);
        if (rc != JFS_OK) {
            fprintf(stderr, "omamori-score: %s\n", err.message);
            status = EXIT_FAILURE;
            if (rc == JFS_NO_MEMORY)
                break;
            continue;
        }
        printf("%s: %lu record(s)", files[i], counts.records);
        if (counts.torn > 0)
            printf(", %lu line(s) cut short skipped", counts.torn);
        if (counts.malformed > 0)
            printf(", %lu malformed line(s) skipped", counts.malformed);
        if (counts.damaged > 0)
            printf(", damaged gzip data: read up to the damage");
        printf("\n");
        skipped += counts.torn + counts.malformed;
        damaged += counts.damaged;
    }
    qsort(sum.events, sum.event_kinds, sizeof sum.events[0], compare_events);
    printf("events:%s\n", sum.event_kinds == 0 ? " none" : "");
    for (size_t i = 0; i < sum.event_kinds; i++)
        printf("  %-20s %lu\n", sum.events[i].name, sum.events[i].count);
    if (sum.other_events > 0)
        printf("  %-20s %lu\n", "(others)", sum.other_events);
    printf("incidents: %lu\n", (unsigned long)sum.history.count);
    jsonbuf_init(&out);
    for (size_t i = 0; i < sum.history.count; i++) {
        jsonbuf_raw(&out, "  ");
        journal_incident_format(&sum.history.items[(sum.history.head + i) % sum.history.capacity],
                                &out);
    }
    if (out.failed) {
        fprintf(stderr, "omamori-score: out of memory\n");
        status = EXIT_FAILURE;
    } else if (out.length > 0) {
        fwrite(out.data, 1, out.length, stdout);
    }
    printf("skipped: %lu line(s)%s\n", skipped, damaged > 0 ? "; damaged gzip data" : "");
    if (status == EXIT_SUCCESS && (skipped > 0 || damaged > 0))
        status = EXIT_MALFORMED;
    jsonbuf_free(&out);
    journal_history_free(&sum.history);
    return status;
}

int main(int argc, char **argv)
{
    ToolOptions opts = { 0 };
    Config cfg;

    opts.files = calloc((size_t)argc + 1, sizeof *opts.files);
    if (opts.files == NULL) {
        fprintf(stderr, "omamori-score: out of memory\n");
        return EXIT_FAILURE;
    }
    int parsed = parse_args(argc, argv, &opts);
    if (parsed == 0 && !opts.help && !opts.version && opts.journal) {
        int status = summarise_journals(opts.files, opts.file_count);
        free(opts.files);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "omamori-score: writing the summary: %s\n", strerror(errno));
            status = EXIT_FAILURE;
        }
        return status;
    }
    free(opts.files); /* input_path still points into argv */
    opts.files = NULL;
    if (parsed < 0)
        return EXIT_FAILURE;
    if (opts.help) {
        fputs(HELP, stdout);
        return EXIT_SUCCESS;
    }
    if (opts.version) {
        puts("omamori-score " OMAMORI_VERSION_TEXT);
        return EXIT_SUCCESS;
    }
    if (load_config(opts.config_path, &cfg) < 0) {
        config_free(&cfg);
        return EXIT_FAILURE;
    }

    bool use_stdin = opts.input_path == NULL || strcmp(opts.input_path, "-") == 0;
    const char *in_name = use_stdin ? "standard input" : opts.input_path;
    FILE *in = use_stdin ? stdin : fopen(opts.input_path, "rb");
    if (in == NULL) {
        fprintf(stderr, "omamori-score: cannot open %s: %s\n", in_name, strerror(errno));
        config_free(&cfg);
        return EXIT_FAILURE;
    }
    int status = score_stream(&cfg, in, in_name);
    config_free(&cfg);
    if (!use_stdin)
        fclose(in);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "omamori-score: writing the results: %s\n", strerror(errno));
        status = EXIT_FAILURE;
    }
    return status;
}
