/*
 * test_journalstore.c - the journal writer's guarantees (journalstore.h), on real
 * files through the POSIX seam, with faults injected at the seam (jfs_fault.h), and
 * the history reader (journalhistory.h) over what the writer leaves.
 *
 * Each test works in its own temporary folder. "Records on disk" are always counted
 * the way a reader sees them: the rotated files oldest first, then the live file.
 */
#define _DEFAULT_SOURCE /* mkdtemp, usleep */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "jfs.h"
#include "jfs_fault.h"
#include "journal.h"
#include "journalhistory.h"
#include "journalread.h"
#include "journalstore.h"

/* 2026-11-29T06:58:04.999Z */
#define FIXED_MS 1795935484999LL

/* ---- helpers ----------------------------------------------------------------- */

typedef struct Folder {
    char dir[64];
    char live[128];
} Folder;

static void folder_make(Folder *f)
{
    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/omamori-jstore-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->live, sizeof f->live, "%s/journal.jsonl", f->dir);
}

static void folder_remove(Folder *f)
{
    DIR *d = opendir(f->dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(f->dir);
}

static size_t count_files(const Folder *f, const char *suffix)
{
    DIR *d = opendir(f->dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name), s = strlen(suffix);
        if (len >= s && strcmp(e->d_name + len - s, suffix) == 0)
            n++;
    }
    closedir(d);
    return n;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static char *slurp(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *data = malloc(4 * 1024 * 1024);
    assert_non_null(data);
    *length = fread(data, 1, 4 * 1024 * 1024 - 1, f);
    data[*length] = '\0';
    fclose(f);
    return data;
}

static void append_raw(const char *path, const char *bytes, size_t length)
{
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, length, f), length);
    fclose(f);
}

static long long fixed_clock(void *context)
{
    (void)context;
    return FIXED_MS;
}

/* One second later at every call. */
static long long ticking_clock(void *context)
{
    long long *now = context;
    *now += 1000;
    return *now;
}

static JournalStoreOptions small_options(uint64_t max_bytes, unsigned keep)
{
    JournalStoreOptions o;
    journal_store_options_default(&o);
    o.max_bytes = max_bytes;
    o.keep = keep;
    o.clock_ms = fixed_clock;
    return o;
}

/* A record whose detail is "r<n>", padded so every record has the same length. */
static JournalStatus append_numbered(JournalStore *s, int n)
{
    JsonBuf buf;
    char detail[32];
    jsonbuf_init(&buf);
    snprintf(detail, sizeof detail, "r%06d-padding-padding", n);
    journal_format_event(&buf, FIXED_MS, "test", detail);
    assert_false(buf.failed);
    JournalStatus st = journal_store_append(s, buf.data, buf.length);
    jsonbuf_free(&buf);
    return st;
}

/* What a reader finds: records in order across the rotated files and the live file. */
typedef struct Found {
    long long *seq;
    int *number; /* from the detail "r<n>", or -1 */
    size_t count, capacity;
    JournalScanCounts counts;
} Found;

static int found_add(void *context, const JournalRecord *r)
{
    Found *f = context;
    if (f->count == f->capacity) {
        f->capacity = f->capacity == 0 ? 256 : f->capacity * 2;
        f->seq = realloc(f->seq, f->capacity * sizeof *f->seq);
        f->number = realloc(f->number, f->capacity * sizeof *f->number);
        assert_non_null(f->seq);
        assert_non_null(f->number);
    }
    f->seq[f->count] = r->seq;
    f->number[f->count] = r->detail != NULL && r->detail[0] == 'r' ? atoi(r->detail + 1) : -1;
    f->count++;
    return 0;
}

static void found_free(Found *f)
{
    free(f->seq);
    free(f->number);
    memset(f, 0, sizeof *f);
}

static void read_all(const char *live, Found *found)
{
    JournalNames names;
    JournalRotatedList list;
    JfsError err;
    memset(found, 0, sizeof *found);
    assert_int_equal(journal_names_init(&names, live), JFS_OK);
    assert_int_equal(journal_list_rotated(jfs_posix(), &names, &list, &err), JFS_OK);
    for (size_t i = 0; i < list.count; i++)
        assert_int_equal(journal_scan_file(jfs_posix(), list.items[i].path, found_add, found,
                                           &found->counts, &err), JFS_OK);
    int rc = journal_scan_file(jfs_posix(), live, found_add, found, &found->counts, &err);
    assert_true(rc == JFS_OK || rc == JFS_NOT_FOUND);
    journal_rotated_list_free(&list);
    journal_names_free(&names);
}

/* seq strictly increasing (so no record twice), and every number in acked present. */
static void assert_once_in_order(const Found *found, const bool *acked, int acked_count)
{
    for (size_t i = 1; i < found->count; i++)
        if (found->seq[i] <= found->seq[i - 1])
            fail_msg("seq %lld after %lld (record %zu)", found->seq[i], found->seq[i - 1], i);
    for (int n = 1; n <= acked_count; n++) {
        if (!acked[n])
            continue;
        size_t times = 0;
        for (size_t i = 0; i < found->count; i++)
            times += found->number[i] == n;
        if (times != 1)
            fail_msg("record r%d acknowledged but found %zu times", n, times);
    }
    assert_int_equal(found->counts.torn, 0);
    assert_int_equal(found->counts.malformed, 0);
    assert_int_equal(found->counts.damaged, 0);
}

/* ---- seq, reopening, torn lines ------------------------------------------------ */

static void records_survive_reopening_with_increasing_seq(void **state)
{
    (void)state;
    Folder f;
    JournalStore s;
    folder_make(&f);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, NULL), JOURNAL_OK);
    for (int n = 1; n <= 5; n++)
        assert_int_equal(append_numbered(&s, n), JOURNAL_OK);
    assert_int_equal(journal_store_close(&s), JOURNAL_OK);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, NULL), JOURNAL_OK);
    assert_int_equal(s.seq, 5);
    for (int n = 6; n <= 8; n++)
        assert_int_equal(append_numbered(&s, n), JOURNAL_OK);
    assert_int_equal(journal_store_close(&s), JOURNAL_OK);

    size_t length;
    char *text = slurp(f.live, &length);
    const char *line = text;
    for (int n = 1; n <= 8; n++) {
        char want[64];
        snprintf(want, sizeof want, "{\"seq\":%d,\"event\":\"test\",", n);
        assert_memory_equal(line, want, strlen(want));
        char *end = strchr(line, '\n');
        assert_non_null(end);
        line = end + 1;
    }
    assert_int_equal(*line, '\0'); /* exactly 8 lines */
    free(text);
    folder_remove(&f);
}

static void a_record_without_fields_and_bad_lines_are_handled(void **state)
{
    (void)state;
    Folder f;
    JournalStore s;
    folder_make(&f);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, NULL), JOURNAL_OK);
    assert_int_equal(journal_store_append(&s, "{}", 2), JOURNAL_OK);
    assert_int_equal(journal_store_append(&s, "not json", 8), JOURNAL_ERROR);
    assert_int_equal(journal_store_append(&s, "{\"a\":1}\n{\"b\":2}\n", 16), JOURNAL_ERROR);
    assert_non_null(strstr(s.message, "one JSON object"));
    assert_int_equal(journal_store_close(&s), JOURNAL_OK);
    size_t length;
    char *text = slurp(f.live, &length);
    assert_string_equal(text, "{\"seq\":1}\n"); /* the refused lines took no seq */
    free(text);
    folder_remove(&f);
}

static void torn_last_line_is_cut_at_open_and_reported(void **state)
{
    (void)state;
    Folder f;
    JournalStore s;
    folder_make(&f);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, NULL), JOURNAL_OK);
    for (int n = 1; n <= 3; n++)
        assert_int_equal(append_numbered(&s, n), JOURNAL_OK);
    journal_store_close(&s);
    long whole = file_size(f.live);
    static const char torn[] = "{\"seq\":4,\"event\":\"te";
    append_raw(f.live, torn, sizeof torn - 1);

    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, NULL), JOURNAL_WARNING);
    assert_int_equal(s.cut_at_open, sizeof torn - 1);
    assert_non_null(strstr(s.message, "incomplete"));
    assert_int_equal(file_size(f.live), whole);
    assert_int_equal(s.seq, 3); /* the torn record was never acknowledged */
    assert_int_equal(append_numbered(&s, 4), JOURNAL_OK);
    journal_store_close(&s);

    Found found;
    read_all(f.live, &found);
    bool acked[5] = { false, true, true, true, true };
    assert_int_equal(found.count, 4);
    assert_once_in_order(&found, acked, 4);
    assert_int_equal(found.seq[3], 4);
    found_free(&found);
    folder_remove(&f);
}

static void zeros_as_last_line_are_cut_but_an_old_record_is_kept(void **state)
{
    (void)state;
    Folder f;
    JournalStore s;
    folder_make(&f);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, NULL), JOURNAL_OK);
    assert_int_equal(append_numbered(&s, 1), JOURNAL_OK);
    journal_store_close(&s);
    /* A record from before seq existed: a complete record, to be kept. */
    static const char old[] = "{\"event\":\"start\",\"time\":\"2026-01-01T00:00:00.000Z\"}\n";
    append_raw(f.live, old, sizeof old - 1);
    long whole = file_size(f.live);
    append_raw(f.live, "\0\0\0\0\n", 5); /* what a power cut can leave */

    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, NULL), JOURNAL_WARNING);
    assert_non_null(strstr(s.message, "not a record"));
    assert_int_equal(file_size(f.live), whole);
    assert_int_equal(s.seq, 1);
    journal_store_close(&s);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, NULL), JOURNAL_OK);
    assert_int_equal(file_size(f.live), whole); /* the old record stays */
    journal_store_close(&s);
    folder_remove(&f);
}

/* ---- rotation ------------------------------------------------------------------ */

static char *gunzip(const char *path, size_t *length)
{
    gzFile gz = gzopen(path, "rb");
    assert_non_null(gz);
    char *data = malloc(4 * 1024 * 1024);
    assert_non_null(data);
    int n = gzread(gz, data, 4 * 1024 * 1024 - 1);
    assert_true(n >= 0);
    int errnum;
    gzerror(gz, &errnum);
    assert_int_equal(errnum, Z_OK);
    gzclose(gz);
    data[n] = '\0';
    *length = (size_t)n;
    return data;
}

static void rotation_gzips_exactly_the_records_rotated(void **state)
{
    (void)state;
    Folder f;
    JournalStore s;
    JournalStoreOptions o = small_options(1000, 10);
    folder_make(&f);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, &o), JOURNAL_OK);
    int n = 0;
    char *before = NULL;
    size_t before_length = 0;
    while (s.rotations == 0) {
        free(before);
        before = slurp(f.live, &before_length);
        assert_true(++n < 100);
        assert_int_equal(append_numbered(&s, n), JOURNAL_OK);
    }
    assert_true(n > 5); /* it did not rotate at the first record */
    assert_int_equal(s.size, 0);
    assert_int_equal(file_size(f.live), 0);
    /* Named from the clock: 2026-11-29T06:58:04Z. */
    char gz[160];
    snprintf(gz, sizeof gz, "%s/journal-20261129-065804.jsonl.gz", f.dir);
    size_t length;
    char *content = gunzip(gz, &length);
    /* The records before the last append, then the last one, in one piece. */
    assert_true(length > before_length);
    assert_memory_equal(content, before, before_length);
    char want[64];
    snprintf(want, sizeof want, "{\"seq\":%d,\"event\":\"test\"", n);
    assert_memory_equal(content + before_length, want, strlen(want));
    assert_int_equal(content[length - 1], '\n');
    assert_null(memchr(content + before_length, '\n', length - before_length - 1));
    assert_int_equal(count_files(&f, ".tmp"), 0);
    /* The tools people will use accept it: gzip -t, and zcat gives the same bytes. */
    if (system("command -v gzip >/dev/null 2>&1") == 0) {
        char command[512], unzipped[200];
        snprintf(command, sizeof command, "gzip -t '%s'", gz);
        assert_int_equal(system(command), 0);
        snprintf(unzipped, sizeof unzipped, "%s/unzipped.txt", f.dir);
        snprintf(command, sizeof command, "zcat '%s' >'%s'", gz, unzipped);
        assert_int_equal(system(command), 0);
        size_t zcat_length;
        char *by_zcat = slurp(unzipped, &zcat_length);
        assert_int_equal(zcat_length, length);
        assert_memory_equal(by_zcat, content, length);
        free(by_zcat);
        unlink(unzipped);
    }

    /* seq goes on after the rotation, and after reopening an empty live file. */
    assert_int_equal(append_numbered(&s, n + 1), JOURNAL_OK);
    journal_store_close(&s);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, &o), JOURNAL_OK);
    assert_int_equal(s.seq, n + 1);
    assert_int_equal(truncate(f.live, 0), 0); /* as if the last rotation had just emptied it */
    journal_store_close(&s);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, &o), JOURNAL_OK);
    assert_int_equal(s.seq, n); /* from the rotated file's last record */
    journal_store_close(&s);
    free(before);
    free(content);
    folder_remove(&f);
}

static void keeps_only_the_newest_rotated_files(void **state)
{
    (void)state;
    Folder f;
    JournalStore s;
    long long now = FIXED_MS;
    JournalStoreOptions o = small_options(300, 3);
    o.clock_ms = ticking_clock;
    o.clock_context = &now;
    folder_make(&f);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, &o), JOURNAL_OK);
    for (int n = 1; n <= 60; n++)
        assert_int_equal(append_numbered(&s, n), JOURNAL_OK);
    assert_true(s.rotations > 5);
    journal_store_close(&s);
    assert_int_equal(count_files(&f, ".jsonl.gz"), 3);

    /* What is left is the newest records, contiguous up to the last one. */
    Found found;
    read_all(f.live, &found);
    assert_true(found.count > 3);
    assert_int_equal(found.seq[found.count - 1], 60);
    for (size_t i = 0; i < found.count; i++)
        assert_int_equal(found.seq[i], 60 - (long long)(found.count - 1 - i));
    found_free(&found);
    folder_remove(&f);
}

static void rotations_in_one_second_get_ordered_names(void **state)
{
    (void)state;
    Folder f;
    JournalStore s;
    JournalStoreOptions o = small_options(300, 10);
    folder_make(&f);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, &o), JOURNAL_OK);
    for (int n = 1; s.rotations < 3; n++)
        assert_int_equal(append_numbered(&s, n), JOURNAL_OK);
    journal_store_close(&s);
    const char *names[] = { "journal-20261129-065804.jsonl.gz",
                            "journal-20261129-065804-2.jsonl.gz",
                            "journal-20261129-065804-3.jsonl.gz" };
    for (size_t i = 0; i < 3; i++) {
        char path[200];
        snprintf(path, sizeof path, "%s/%s", f.dir, names[i]);
        assert_true(file_size(path) > 0);
    }
    Found found;
    read_all(f.live, &found);
    for (size_t i = 0; i < found.count; i++)
        assert_int_equal(found.seq[i], (long long)i + 1); /* the listing's order is seq's */
    found_free(&found);
    folder_remove(&f);
}

/* ---- faults at every step of a rotation ------------------------------------------- */

enum { FAULT_MAX_BYTES = 1000 };

/* Fills a new journal through fault up to the append that rotates; returns its number. */
static int fill_to_rotation(Folder *f, JfsFault *fault, JournalStore *s, bool *acked)
{
    JournalStoreOptions o = small_options(FAULT_MAX_BYTES, 10);
    folder_make(f);
    jfs_fault_init(fault, jfs_posix());
    assert_int_equal(journal_store_open(s, &fault->base, f->live, &o), JOURNAL_OK);
    /* Records are all the same length: stop before the one that reaches the limit. */
    int n = 0;
    while (s->size + (s->size / (n > 0 ? (uint64_t)n : 1)) < FAULT_MAX_BYTES || n == 0) {
        n++;
        assert_int_equal(append_numbered(s, n), JOURNAL_OK);
        acked[n] = true;
    }
    assert_int_equal(s->rotations, 0);
    return n + 1;
}

/* Calls the seam sees during the append that rotates. */
static unsigned long calls_of_a_rotation(void)
{
    Folder f;
    JfsFault fault;
    JournalStore s;
    bool acked[64] = { false };
    int n = fill_to_rotation(&f, &fault, &s, acked);
    jfs_fault_reset(&fault);
    assert_int_equal(append_numbered(&s, n), JOURNAL_OK);
    assert_int_equal(s.rotations, 1);
    unsigned long calls = fault.counted;
    journal_store_close(&s);
    folder_remove(&f);
    return calls;
}

static void a_crash_at_any_step_of_rotation_loses_no_record(void **state)
{
    (void)state;
    unsigned long steps = calls_of_a_rotation();
    assert_true(steps >= 10); /* write, flush, list, open x2, read, write, flush, rename, ... */
    for (unsigned long k = 1; k <= steps + 1; k++) {
        Folder f;
        JfsFault fault;
        JournalStore s;
        bool acked[64] = { false };
        int n = fill_to_rotation(&f, &fault, &s, acked);
        jfs_fault_arm(&fault, JFS_OP_ANY, k, true);
        acked[n] = append_numbered(&s, n) != JOURNAL_ERROR;
        journal_store_close(&s); /* the process is gone: nothing more reaches the disk */
        if (k <= steps)
            assert_true(fault.failures > 0);

        JournalStatus st = journal_store_open(&s, jfs_posix(), f.live, NULL);
        if (st == JOURNAL_ERROR)
            fail_msg("step %lu: reopening failed: %s", k, s.message);
        assert_int_equal(count_files(&f, ".tmp"), 0);
        assert_int_equal(append_numbered(&s, n + 1), JOURNAL_OK); /* seq goes on */
        acked[n + 1] = true;
        journal_store_close(&s);
        Found found;
        read_all(f.live, &found);
        assert_once_in_order(&found, acked, n + 1);
        found_free(&found);
        folder_remove(&f);
    }
}

static void a_failed_step_of_rotation_is_survived_and_retried(void **state)
{
    (void)state;
    unsigned long steps = calls_of_a_rotation();
    for (unsigned long k = 1; k <= steps; k++) {
        Folder f;
        JfsFault fault;
        JournalStore s;
        bool acked[80] = { false };
        int n = fill_to_rotation(&f, &fault, &s, acked);
        jfs_fault_arm(&fault, JFS_OP_ANY, k, false);
        JournalStatus st = append_numbered(&s, n);
        acked[n] = st != JOURNAL_ERROR;
        if (st != JOURNAL_OK)
            assert_true(s.message[0] != '\0'); /* never a silent failure */
        /* The store carries on: waiting records and a failed rotation are retried. */
        for (int m = n + 1; m <= n + 12; m++)
            acked[m] = append_numbered(&s, m) != JOURNAL_ERROR;
        assert_int_equal(journal_store_close(&s), JOURNAL_OK);
        for (int m = n + 1; m <= n + 12; m++)
            assert_true(acked[m]);
        acked[n] = true; /* kept in memory if it failed, and written since */
        Found found;
        read_all(f.live, &found);
        assert_once_in_order(&found, acked, n + 12);
        assert_int_equal(found.count, (size_t)n + 12);
        found_free(&found);
        folder_remove(&f);
    }
}

static void a_crash_between_rename_and_emptying_is_finished_at_open(void **state)
{
    (void)state;
    Folder f;
    JfsFault fault;
    JournalStore s;
    bool acked[64] = { false };
    int n = fill_to_rotation(&f, &fault, &s, acked);
    jfs_fault_arm(&fault, JFS_OP_TRUNCATE, 1, true);
    acked[n] = append_numbered(&s, n) != JOURNAL_ERROR;
    assert_true(acked[n]); /* written; only the rotation broke off */
    journal_store_close(&s);
    long live_before = file_size(f.live);
    assert_true(live_before > 0);
    assert_int_equal(count_files(&f, ".jsonl.gz"), 1);

    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, NULL), JOURNAL_WARNING);
    assert_true(s.emptied_at_open);
    assert_int_equal(file_size(f.live), 0);
    assert_int_equal(s.seq, n);
    journal_store_close(&s);
    Found found;
    read_all(f.live, &found);
    assert_int_equal(found.count, (size_t)n);
    assert_once_in_order(&found, acked, n);
    found_free(&found);
    folder_remove(&f);
}

/* ---- a full disk ------------------------------------------------------------------ */

static void a_full_disk_is_a_clear_error_and_the_record_waits(void **state)
{
    (void)state;
    Folder f;
    JfsFault fault;
    JournalStore s;
    folder_make(&f);
    jfs_fault_init(&fault, jfs_posix());
    assert_int_equal(journal_store_open(&s, &fault.base, f.live, NULL), JOURNAL_OK);
    assert_int_equal(append_numbered(&s, 1), JOURNAL_OK);
    assert_int_equal(append_numbered(&s, 2), JOURNAL_OK);
    long whole = file_size(f.live);

    fault.disk_full = true;
    assert_int_equal(append_numbered(&s, 3), JOURNAL_ERROR);
    assert_non_null(strstr(s.message, "disk is full"));
    assert_non_null(strstr(s.message, "wait in memory"));
    assert_int_equal(s.pending_count, 1);
    /* Half of the record reached the disk and was cut back off. */
    assert_int_equal(file_size(f.live), whole);
    assert_int_equal(append_numbered(&s, 4), JOURNAL_ERROR);
    assert_int_equal(s.pending_count, 2);
    assert_int_equal(journal_store_retry(&s), JOURNAL_ERROR);

    fault.disk_full = false;
    assert_int_equal(journal_store_retry(&s), JOURNAL_OK);
    assert_int_equal(s.pending_count, 0);
    assert_int_equal(journal_store_close(&s), JOURNAL_OK);
    Found found;
    read_all(f.live, &found);
    bool acked[5] = { false, true, true, true, true };
    assert_int_equal(found.count, 4);
    assert_once_in_order(&found, acked, 4);
    assert_int_equal(found.seq[3], 4);
    found_free(&found);
    folder_remove(&f);
}

static void records_beyond_the_waiting_room_are_lost_loudly(void **state)
{
    (void)state;
    Folder f;
    JfsFault fault;
    JournalStore s;
    JournalStoreOptions o = small_options(1024 * 1024, 10);
    o.pending_max = 300; /* three records of about 90 bytes */
    folder_make(&f);
    jfs_fault_init(&fault, jfs_posix());
    assert_int_equal(journal_store_open(&s, &fault.base, f.live, &o), JOURNAL_OK);
    assert_int_equal(append_numbered(&s, 1), JOURNAL_OK);
    fault.disk_full = true;
    for (int n = 2; n <= 6; n++)
        assert_int_equal(append_numbered(&s, n), JOURNAL_ERROR);
    assert_int_equal(s.lost, 2);
    assert_non_null(strstr(s.message, "lost"));
    fault.disk_full = false;
    assert_int_equal(append_numbered(&s, 7), JOURNAL_OK);
    journal_store_close(&s);
    Found found;
    read_all(f.live, &found);
    /* 1, the three that waited, 7: and seq skips the two lost, for readers to see. */
    static const long long want_seq[] = { 1, 2, 3, 4, 7 };
    static const int want_number[] = { 1, 2, 3, 4, 7 };
    assert_int_equal(found.count, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(found.seq[i], want_seq[i]);
        assert_int_equal(found.number[i], want_number[i]);
    }
    found_free(&found);
    folder_remove(&f);
}

static void open_fails_cleanly_when_the_folder_is_missing(void **state)
{
    (void)state;
    JournalStore s;
    assert_int_equal(journal_store_open(&s, jfs_posix(), "/nonexistent-omamori/j.jsonl", NULL),
                     JOURNAL_ERROR);
    assert_non_null(strstr(s.message, "cannot open the journal"));
    assert_non_null(strstr(s.message, "/nonexistent-omamori/j.jsonl"));
}

/* ---- the history ------------------------------------------------------------------- */

static void detection(JournalStore *s, long long ms, const char *exe, const char *title)
{
    JsonBuf buf;
    Verdict v;
    memset(&v, 0, sizeof v);
    v.kind = VERDICT_ALERT;
    v.score = 80;
    v.reason_count = 1;
    strcpy(v.reasons[0].trait, "alarm.call");
    strcpy(v.reasons[0].match, "call now");
    v.reasons[0].weight = 20;
    jsonbuf_init(&buf);
    journal_format_detection(&buf, ms, 42, exe, title, &v, title == NULL);
    assert_true(journal_store_append(s, buf.data, buf.length) >= JOURNAL_OK);
    jsonbuf_free(&buf);
}

static void event(JournalStore *s, long long ms, const char *name, const char *detail)
{
    JsonBuf buf;
    jsonbuf_init(&buf);
    journal_format_event(&buf, ms, name, detail);
    assert_true(journal_store_append(s, buf.data, buf.length) >= JOURNAL_OK);
    jsonbuf_free(&buf);
}

static void ended(JournalStore *s, long long ms, const char *how)
{
    JsonBuf buf;
    jsonbuf_init(&buf);
    journal_format_browser_ended(&buf, ms, 42, "chrome.exe", how, 3012, 0);
    assert_true(journal_store_append(s, buf.data, buf.length) >= JOURNAL_OK);
    jsonbuf_free(&buf);
}

static void history_reads_across_files_in_order_and_skips_bad_lines(void **state)
{
    (void)state;
    Folder f;
    JournalStore s;
    JournalStoreOptions o = small_options(600, 10);
    folder_make(&f);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, &o), JOURNAL_OK);
    event(&s, 0, "start", NULL);
    detection(&s, 1000, "chrome.exe", "Windows Defender - call 0120-000-000");
    ended(&s, 4000, "closed");
    event(&s, 5000, "practice_alert", NULL);
    detection(&s, 6000, "msedge.exe", "Security\nWarning");
    event(&s, 7000, "dismissed", "msedge.exe");
    detection(&s, 8000, "firefox.exe", NULL); /* redacted */
    ended(&s, 9000, "terminated");
    detection(&s, 10000, "chrome.exe", "last one");
    assert_true(s.rotations >= 2); /* the incidents span several files */
    journal_store_close(&s);
    append_raw(f.live, "garbage line\n", 13);
    append_raw(f.live, "{\"seq\":99,\"event\":\"detec", 25); /* torn */

    JournalHistory h;
    JfsError err;
    JsonBuf out;
    journal_history_init(&h, 4);
    assert_int_equal(journal_history_load(&h, jfs_posix(), f.live, &err), JFS_OK);
    assert_int_equal(h.count, 4);
    assert_int_equal(h.counts.torn, 1);
    assert_int_equal(h.counts.malformed, 1);
    jsonbuf_init(&out);
    journal_history_format(&h, &out);
    char title_hash[JOURNAL_TITLE_HASH_SIZE];
    journal_title_hash("", title_hash);
    char want[2048];
    snprintf(want, sizeof want,
             "1970-01-01T00:00:05.000Z  practice alert (a drill, no danger)\n"
             "1970-01-01T00:00:06.000Z  fake alert in msedge.exe: \"Security Warning\" "
             "(score 80: alarm.call) - the person said the page is fine\n"
             "1970-01-01T00:00:08.000Z  fake alert in firefox.exe: title hidden (hash %s) "
             "(score 80: alarm.call) - browser ended by force by omamori after 3.0 s\n"
             "1970-01-01T00:00:10.000Z  fake alert in chrome.exe: \"last one\" "
             "(score 80: alarm.call) - no outcome recorded\n"
             "warning: 2 unreadable line(s) skipped (1 cut short, 1 malformed)\n",
             title_hash);
    assert_string_equal(out.data, want);
    jsonbuf_free(&out);
    journal_history_free(&h);

    /* All of them, the oldest too, with max 0. */
    journal_history_init(&h, 0);
    assert_int_equal(journal_history_load(&h, jfs_posix(), f.live, &err), JFS_OK);
    assert_int_equal(h.count, 5);
    jsonbuf_init(&out);
    journal_incident_format(&h.items[h.head], &out);
    assert_string_equal(out.data, "1970-01-01T00:00:01.000Z  fake alert in chrome.exe: "
                                  "\"Windows Defender - call 0120-000-000\" (score 80: "
                                  "alarm.call) - browser closed by omamori after 3.0 s\n");
    jsonbuf_free(&out);
    journal_history_free(&h);
    folder_remove(&f);
}

static void history_takes_a_record_repeated_by_a_crash_once(void **state)
{
    (void)state;
    Folder f;
    JfsFault fault;
    JournalStore s;
    bool acked[64] = { false };
    int n = fill_to_rotation(&f, &fault, &s, acked);
    jfs_fault_arm(&fault, JFS_OP_TRUNCATE, 1, true);
    append_numbered(&s, n);
    journal_store_close(&s);
    /* Both the live file and the .gz hold the records now: a reader must not count
       them twice even before the writer's next open repairs it. */
    JournalHistory h;
    JfsError err;
    journal_history_init(&h, 0);
    assert_int_equal(journal_history_load(&h, jfs_posix(), f.live, &err), JFS_OK);
    assert_int_equal(h.counts.records, 2 * (unsigned long)n);
    assert_int_equal(h.repeated, (unsigned long)n);
    journal_history_free(&h);
    folder_remove(&f);
}

static void a_damaged_gzip_file_is_read_up_to_the_damage(void **state)
{
    (void)state;
    Folder f;
    JournalStore s;
    JournalStoreOptions o = small_options(1000, 10);
    folder_make(&f);
    assert_int_equal(journal_store_open(&s, jfs_posix(), f.live, &o), JOURNAL_OK);
    for (int n = 1; s.rotations == 0; n++)
        assert_int_equal(append_numbered(&s, n), JOURNAL_OK);
    journal_store_close(&s);
    char gz[160];
    snprintf(gz, sizeof gz, "%s/journal-20261129-065804.jsonl.gz", f.dir);
    long size = file_size(gz);
    assert_int_equal(truncate(gz, size - 10), 0); /* the CRC and length are gone */
    JournalScanCounts counts = { 0 };
    Found found;
    JfsError err;
    memset(&found, 0, sizeof found);
    assert_int_equal(journal_scan_file(jfs_posix(), gz, found_add, &found, &counts, &err), JFS_OK);
    assert_int_equal(counts.damaged, 1);
    assert_true(found.count > 0);
    found_free(&found);
    folder_remove(&f);
}

/* ---- kill -9 in a loop ---------------------------------------------------------------- */

/* The child appends numbered records forever, writing each acknowledged number to the
   pipe after journal_store_append returned JOURNAL_OK. */
static void child_appends_forever(const char *live, int ack_fd, int first)
{
    JournalStore s;
    JournalStoreOptions o = small_options(4096, 1000);
    if (journal_store_open(&s, jfs_posix(), live, &o) == JOURNAL_ERROR)
        _exit(3);
    for (int n = first;; n++) {
        if (append_numbered(&s, n) != JOURNAL_OK)
            _exit(4);
        if (write(ack_fd, &n, sizeof n) != (ssize_t)sizeof n)
            _exit(5);
    }
}

static void kill_9_in_a_loop_loses_no_acknowledged_record(void **state)
{
    (void)state;
    enum { KILLS = 120, MAX_RECORDS = 200000 };
    Folder f;
    folder_make(&f);
    bool *acked = calloc(MAX_RECORDS + 1, sizeof *acked);
    assert_non_null(acked);
    int next = 1; /* numbers only grow: a number is never reused across children */
    srand(20261129);
    for (int kill_no = 0; kill_no < KILLS; kill_no++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            child_appends_forever(f.live, fds[1], next);
        }
        close(fds[1]);
        /* Wait for the child's first acknowledged record, so each child does some
           work however slow the machine (valgrind): then kill it at a random moment. */
        int first;
        assert_int_equal(read(fds[0], &first, sizeof first), (ssize_t)sizeof first);
        assert_true(first > 0 && first < MAX_RECORDS);
        acked[first] = true;
        if (first >= next)
            next = first + 1;
        usleep((useconds_t)(500 + rand() % 6000));
        kill(pid, SIGKILL);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFSIGNALED(status))
            fail_msg("the child ended by itself (status %d) before being killed", status);
        int n;
        while (read(fds[0], &n, sizeof n) == (ssize_t)sizeof n) {
            assert_true(n > 0 && n < MAX_RECORDS);
            acked[n] = true;
            if (n >= next)
                next = n + 1;
        }
        close(fds[0]);
        next += 1000; /* past whatever the child wrote but did not acknowledge */
        assert_true(next < MAX_RECORDS);
    }
    JournalStore s;
    assert_true(journal_store_open(&s, jfs_posix(), f.live, NULL) != JOURNAL_ERROR);
    journal_store_close(&s);
    Found found;
    read_all(f.live, &found);
    size_t acked_count = 0;
    for (int n = 1; n < next; n++)
        acked_count += acked[n];
    assert_true(acked_count >= (size_t)KILLS); /* each child did get work done */
    assert_true(count_files(&f, ".jsonl.gz") > 1); /* and were killed around rotations too */
    assert_once_in_order(&found, acked, next - 1);
    /* Not only in order: seq has no gap, as no append ever failed. */
    for (size_t i = 0; i < found.count; i++)
        assert_int_equal(found.seq[i], (long long)i + 1);
    found_free(&found);
    free(acked);
    folder_remove(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(records_survive_reopening_with_increasing_seq),
        cmocka_unit_test(a_record_without_fields_and_bad_lines_are_handled),
        cmocka_unit_test(torn_last_line_is_cut_at_open_and_reported),
        cmocka_unit_test(zeros_as_last_line_are_cut_but_an_old_record_is_kept),
        cmocka_unit_test(rotation_gzips_exactly_the_records_rotated),
        cmocka_unit_test(keeps_only_the_newest_rotated_files),
        cmocka_unit_test(rotations_in_one_second_get_ordered_names),
        cmocka_unit_test(a_crash_at_any_step_of_rotation_loses_no_record),
        cmocka_unit_test(a_failed_step_of_rotation_is_survived_and_retried),
        cmocka_unit_test(a_crash_between_rename_and_emptying_is_finished_at_open),
        cmocka_unit_test(a_full_disk_is_a_clear_error_and_the_record_waits),
        cmocka_unit_test(records_beyond_the_waiting_room_are_lost_loudly),
        cmocka_unit_test(open_fails_cleanly_when_the_folder_is_missing),
        cmocka_unit_test(history_reads_across_files_in_order_and_skips_bad_lines),
        cmocka_unit_test(history_takes_a_record_repeated_by_a_crash_once),
        cmocka_unit_test(a_damaged_gzip_file_is_read_up_to_the_damage),
        cmocka_unit_test(kill_9_in_a_loop_loses_no_acknowledged_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
