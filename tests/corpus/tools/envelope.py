#!/usr/bin/env python3
"""envelope.py - a sound file as the corpus keeps it: the peak level of every 10 ms.

Usage: python3 envelope.py FILE [--loop|--once] [--seconds 60]
Prints one JSON object: {"seconds": S, "loop": bool, "peaks_10ms": [...]}, the same
shape as the clips of audio.json. The sound files themselves are never kept.

How: ffmpeg (Debian's) decodes any format to mono 16-bit samples at 8 kHz; each 10 ms
(80 samples) gives its peak absolute level, 0..1, three decimals. With --loop (the
default: kits play their alarm and voice in a loop) the clip is repeated until
--seconds are filled, as the page's loop attribute or its "ended" handler does; with
--once it is played once and silence follows.
"""
import array
import json
import subprocess
import sys

RATE = 8000
PER_10MS = RATE // 100


def decode(path):
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", path, "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"],
        check=True, stdout=subprocess.PIPE).stdout
    samples = array.array("h")
    samples.frombytes(raw[: len(raw) // 2 * 2])
    if sys.byteorder != "little":
        samples.byteswap()
    return samples


def peaks(samples):
    out = []
    for start in range(0, len(samples) - PER_10MS + 1, PER_10MS):
        chunk = samples[start:start + PER_10MS]
        peak = max(max(chunk), -min(chunk)) / 32768.0
        out.append(round(min(peak, 1.0), 3))
    return out


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    path, loop, seconds = argv[0], True, 60.0
    rest = argv[1:]
    while rest:
        arg = rest.pop(0)
        if arg == "--once":
            loop = False
        elif arg == "--loop":
            loop = True
        elif arg == "--seconds" and rest:
            seconds = float(rest.pop(0))
        else:
            print("envelope.py: unknown argument %r" % arg, file=sys.stderr)
            return 2
    one = peaks(decode(path))
    if not one:
        print("envelope.py: %s decodes to less than 10 ms of sound" % path, file=sys.stderr)
        return 1
    want = int(seconds * 100)
    out = []
    while len(out) < want:
        out.extend(one if loop or not out else [0.0] * (want - len(out)))
    print(json.dumps({"seconds": seconds, "loop": loop, "peaks_10ms": out[:want]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
