#!/usr/bin/env python3
"""make-seeds.py - the fuzzers' starting corpora, made from tests/data and config/.

    python3 tests/fuzz/make-seeds.py OUTDIR

writes OUTDIR/<target>/ for each fuzz target (config, observation, fold, phone, score,
audio, screen): generated files only (none for screen), so OUTDIR lives under build/ and is
never committed.
The hand-written seeds of tests/fuzz/seeds/ are given to the fuzzers as a second
corpus directory, so they are not copied here. Each file is named after where it came
from, so a crash found early can be traced to the input it grew from.
"""
import json
import os
import shutil
import struct
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(TOP, "tests", "data")


def write(outdir, target, name, data):
    path = os.path.join(outdir, target, name)
    with open(path, "wb") as f:
        f.write(data)


def corpus_lines():
    """(name, line) for each line of tests/data/corpus-*.jsonl."""
    for file in sorted(os.listdir(DATA)):
        if not (file.startswith("corpus-") and file.endswith(".jsonl")):
            continue
        with open(os.path.join(DATA, file), "rb") as f:
            for number, line in enumerate(f, 1):
                line = line.rstrip(b"\n")
                if line.strip():
                    yield "%s-%d" % (file[len("corpus-"):-len(".jsonl")], number), line


def config_seeds(outdir):
    """The shipped file whole and section by section, each read over an empty Config
    (first byte '0') and over the defaults ('1'); see fuzz_config.c."""
    with open(os.path.join(TOP, "config", "omamori.yaml"), "rb") as f:
        text = f.read()
    write(outdir, "config", "omamori-empty", b"0" + text)
    write(outdir, "config", "omamori-defaults", b"1" + text)
    section, lines = None, []
    for line in text.split(b"\n") + [b"end:"]:
        if line[:1].isalpha():  # a top-level name starts the next section
            if section is not None:
                write(outdir, "config", "section-" + section, b"1" + b"\n".join(lines) + b"\n")
            section, lines = line.split(b":")[0].decode("ascii"), []
        if section is not None:
            lines.append(line)


def text_seeds(outdir, lines):
    """Titles, page texts and addresses for fold and phone; the first byte is the
    fuzz target's parameter (output room, match room), here varied by position."""
    n = 0
    for name, line in lines:
        obs = json.loads(line)
        for field in ("title", "text", "url"):
            value = obs.get(field)
            if isinstance(value, str) and value:
                room = bytes([(n * 37) % 256])
                data = value.encode("utf-8")
                write(outdir, "fold", "%s-%s" % (name, field), room + data)
                write(outdir, "phone", "%s-%s" % (name, field), room + data)
                n += 1


def audio_seeds(outdir):
    """The kits' and ordinary sounds' 100 ms peak envelopes, as the floats the daemon has."""
    with open(os.path.join(DATA, "audio-envelopes.txt")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            values = [float(v) for v in fields[4].split()]
            write(outdir, "audio", fields[0], struct.pack("<%df" % len(values), *values))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-seeds.py OUTDIR")
    outdir = sys.argv[1]
    targets = ("config", "observation", "fold", "phone", "score", "audio", "screen")
    for target in targets:
        shutil.rmtree(os.path.join(outdir, target), ignore_errors=True)
        os.makedirs(os.path.join(outdir, target))
    lines = list(corpus_lines())
    for name, line in lines:
        write(outdir, "observation", name, line)
        write(outdir, "score", name, line)
    # A 1 MB title (too big to keep in git): the reader, scorer and journal must cope.
    big = b'{"title":"' + "ウイルス ".encode("utf-8") * (1024 * 1024 // 13) + b'","exe":"chrome.exe"}'
    write(outdir, "observation", "title-1mb", big)
    write(outdir, "score", "title-1mb", big)
    config_seeds(outdir)
    text_seeds(outdir, lines)
    audio_seeds(outdir)
    for target in targets:
        print("%-12s %4d seeds" % (target, len(os.listdir(os.path.join(outdir, target)))))


if __name__ == "__main__":
    main()
