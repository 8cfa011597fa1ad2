#!/usr/bin/env python3
"""make-audio-envelopes.py - turns the corpus's audio clips into what the daemon sees.

The corpus (../shared/corpus/audio.json) gives, for each clip, the peak level of every
10 ms over 60 s. The daemon calls IAudioMeterInformation::GetPeakValue every 100 ms and
so sees the maximum of ten consecutive 10 ms peaks. This script does that reduction
and writes one clip per line in a format a C test reads with fscanf, no JSON library:

    id <TAB> kind <TAB> source <TAB> n <TAB> v1 v2 ... vn

kind is "scam" or "benign"; source is where the recording came from (it may contain
spaces, never a tab); v1..vn are the 100 ms peaks, oldest first, 0..1. A trailing
group of fewer than ten 10 ms values (a clip of 59.95 s) is dropped: the daemon has
not sampled it yet. Lines starting with '#' are comments.

Only developers run this (when the corpus changes); the tests and CI use its output,
tests/data/audio-envelopes.txt, which is committed.

Usage: python3 tests/data/make-audio-envelopes.py [audio.json [out.txt]]
Defaults are relative to the repository top: ../shared/corpus/audio.json and
tests/data/audio-envelopes.txt.
"""
import json
import math
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_IN = os.path.join(TOP, "..", "shared", "corpus", "audio.json")
DEFAULT_OUT = os.path.join(TOP, "tests", "data", "audio-envelopes.txt")
GROUP = 10  # 10 ms values per 100 ms daemon sample


def level(value):
    """A peak as text: three decimals (the corpus's own precision), no trailing zeros."""
    if not isinstance(value, (int, float)) or math.isnan(value):
        raise ValueError("peak is not a number: %r" % (value,))
    text = "%.3f" % min(max(float(value), 0.0), 1.0)
    return text.rstrip("0").rstrip(".") or "0"


def field(clip, name):
    text = str(clip[name])
    if "\t" in text or "\n" in text:
        raise ValueError("%s of %s holds a tab or newline" % (name, clip.get("id")))
    return text


def main(argv):
    src = argv[1] if len(argv) > 1 else DEFAULT_IN
    dst = argv[2] if len(argv) > 2 else DEFAULT_OUT
    with open(src, encoding="utf-8") as f:
        clips = json.load(f)

    lines = [
        "# audio-envelopes.txt - made by tests/data/make-audio-envelopes.py; do not edit.",
        "# From the corpus's audio.json: the 10 ms peaks reduced to the 100 ms peaks the",
        "# daemon sees (max of ten). Fields, tab-separated: id kind source n values...",
    ]
    for clip in clips:
        peaks = clip["peaks_10ms"]
        kind = field(clip, "kind")
        if kind not in ("scam", "benign"):
            raise ValueError("%s: unknown kind %r" % (clip["id"], kind))
        samples = [max(peaks[i:i + GROUP]) for i in range(0, len(peaks) - GROUP + 1, GROUP)]
        lines.append("\t".join([field(clip, "id"), kind, field(clip, "source"),
                                str(len(samples)), " ".join(level(v) for v in samples)]))

    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print("%s: %d clips" % (os.path.relpath(dst), len(clips)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
