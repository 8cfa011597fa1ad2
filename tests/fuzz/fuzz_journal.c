/*
 * fuzz_journal.c - the journal's readers on any bytes: the line reader (plain or gzip,
 * journalread.h) over a file held in memory, and the record parser on every line it
 * gives. A journal may have been cut by a crash, mangled by another program or
 * replaced by anyone who can write the user's profile: nothing in it may crash
 * omamori or its history.
 * The first byte picks the file: 0 the bytes as they are, 1 the bytes gzip-compressed
 * (a rotated file), 2 gzip's magic followed by the bytes (a damaged one); the second
 * how many bytes each read gives (short reads are allowed, jfs.h).
 * Properties: reading never fails and ends; lines come in order; a plain file's lines
 * and a whole gzip file's lines give back every byte; a parsed record has its event,
 * a refused line says why and leaves the record empty.
 */
#include <string.h>
#include <zlib.h>

#include "fuzz.h"
#include "journalread.h"

typedef struct MemFs {
    JournalFs base;
    const unsigned char *data;
    size_t size, pos, chunk;
    int opened;
} MemFs;

static int mem_open(JournalFs *fs, const char *path, JfsOpenMode mode, JfsFile **file,
                    JfsError *err)
{
    (void)path;
    (void)err;
    MemFs *m = (MemFs *)fs;
    FUZZ_CHECK(mode == JFS_READ);
    m->pos = 0;
    m->opened++;
    *file = (JfsFile *)m; /* any non-NULL token: there is one file */
    return JFS_OK;
}

static int mem_read(JournalFs *fs, JfsFile *file, void *buffer, size_t capacity, size_t *got,
                    JfsError *err)
{
    (void)file;
    (void)err;
    MemFs *m = (MemFs *)fs;
    size_t n = m->size - m->pos;
    if (n > capacity)
        n = capacity;
    if (n > m->chunk)
        n = m->chunk;
    memcpy(buffer, m->data + m->pos, n);
    m->pos += n;
    *got = n;
    return JFS_OK;
}

static void mem_close(JournalFs *fs, JfsFile *file)
{
    (void)file;
    ((MemFs *)fs)->opened--;
}

static const JournalFsVtable mem_vt = {.open = mem_open, .read = mem_read, .close = mem_close};

static void parse(const char *text, size_t length)
{
    JournalRecord record;
    char err[128];
    journal_record_init(&record);
    err[0] = '\0';
    int rc = journal_record_parse(text, length, &record, err, sizeof err);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == 0)
        FUZZ_CHECK(record.event != NULL);
    else
        FUZZ_CHECK(err[0] != '\0' && record.event == NULL && record.title == NULL);
    journal_record_free(&record);
    long long seq;
    (void)journal_line_seq(text, length, &seq);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int mode = data[0] % 3;
    size_t chunk = 1 + data[1] % 64 * 97; /* 1 .. 6112 bytes a read */
    const unsigned char *body = data + 2;
    size_t body_size = size - 2;

    unsigned char *file = NULL;
    size_t file_size = 0;
    if (mode == 1) { /* gzip, as a rotated file is written */
        z_stream z;
        memset(&z, 0, sizeof z);
        FUZZ_CHECK(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
        file_size = deflateBound(&z, body_size) + 32;
        file = malloc(file_size);
        FUZZ_CHECK(file != NULL);
        z.next_in = (unsigned char *)(uintptr_t)body;
        z.avail_in = (uInt)body_size;
        z.next_out = file;
        z.avail_out = (uInt)file_size;
        FUZZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
        file_size = z.total_out;
        deflateEnd(&z);
    } else {
        file_size = body_size + (mode == 2 ? 2 : 0);
        file = malloc(file_size + 1);
        FUZZ_CHECK(file != NULL);
        if (mode == 2) {
            file[0] = 0x1f;
            file[1] = 0x8b;
        }
        memcpy(file + (mode == 2 ? 2 : 0), body, body_size);
    }

    MemFs fs = {{&mem_vt}, file, file_size, 0, chunk, 0};
    JournalLines lines;
    JfsError err;
    FUZZ_CHECK(journal_lines_open(&lines, &fs.base, "journal.jsonl", &err) == JFS_OK);
    /* a plain file that happens to start with gzip's magic is read as gzip */
    bool plain = mode == 0 && !(body_size >= 2 && body[0] == 0x1f && body[1] == 0x8b);
    size_t bytes = 0, count = 0;
    uint64_t last_offset = 0;
    bool more = true;
    while (more) {
        JournalLine line;
        FUZZ_CHECK(journal_lines_next(&lines, &line, &more, &err) == JFS_OK);
        if (!more)
            break;
        count++;
        /* it ends: one line per byte at most (damaged gzip may inflate to more) */
        FUZZ_CHECK(mode == 2 || count <= body_size + 1);
        FUZZ_CHECK(line.length <= JOURNAL_LINE_MAX);
        FUZZ_CHECK(count == 1 || line.offset > last_offset);
        last_offset = line.offset;
        FUZZ_CHECK(!line.too_long); /* inputs here are far below JOURNAL_LINE_MAX */
        if (plain || mode == 1)
            FUZZ_CHECK(memcmp(line.text, body + bytes, line.length) == 0);
        bytes += line.length + (line.complete ? 1 : 0);
        parse(line.text, line.length);
    }
    if (plain || mode == 1) {
        FUZZ_CHECK(bytes == body_size); /* every byte came back */
        FUZZ_CHECK(!lines.damaged);
    }
    journal_lines_close(&lines);
    FUZZ_CHECK(fs.opened == 0);
    free(file);
    return 0;
}
