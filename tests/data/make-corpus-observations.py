#!/usr/bin/env python3
"""make-corpus-observations.py - turns the shared corpus of real pages into window
observations, the way the daemon would see them, for tests/tool/test-corpus.sh.

Usage (from anywhere):
    python3 tests/data/make-corpus-observations.py [CORPUS_DIR]
CORPUS_DIR defaults to ../shared/corpus relative to the repository's top. The output
files are written next to this script and committed, so CI never needs the corpus.
Running it twice gives the same bytes: every choice below is a rotation, not chance.

What the daemon sees of a browser window, and how each part is made here:
  title       the page's title plus the browser's suffix, rotating among Chrome, Edge
              (with its zero-width space, sometimes with a profile name) and Firefox;
              exe and class match the browser. An unknown title (strings quoted in a
              report) stays "". A title that already carries a suffix
              (window titles logged from a real desktop) is kept as it is.
  text        the example's visible text. A scam kit often writes its phone number by
              script, so the corpus keeps it apart ("phone"); the screen shows it, so
              it is added to the text when the text lacks it.
  fullscreen  true where the example says so (rendered kits: a fullscreen or keyboard
              lock request); otherwise left out (unknown), never false.
  audio       where the example plays sound: a real alarm envelope from audio.json,
              rotating among the scam clips, as 100 ms peaks (the maximum of ten 10 ms
              values, what GetPeakValue sampled every 100 ms reports), 30 s of it
              (two turns of even a 10 s voice loop; speech clips are shorter).
  cursor_hidden  rendered kits that request pointer lock.
Extra fields for the test (the tool ignores them): expect (scam|benign), set, source,
clip (the audio.json clip playing) and near_miss for benign pages.

Files written (one JSON object per line):
  corpus-scam-text.jsonl       scam.jsonl: title, window, audio and text
  corpus-kits-rendered.jsonl   rendered_scam.jsonl: as the kit rendered in a browser
  corpus-scam-titleonly.jsonl  both scam sets again without text: title, window, audio
  corpus-benign.jsonl          benign.jsonl and rendered_benign.jsonl, windowed, silent
  corpus-benign-fullscreen-audio.jsonl
                               the same benign pages fullscreen, with benign sound
  corpus-benign-fullscreen-alarmclock.jsonl
                               the same benign pages fullscreen, with a looping
                               alarm clock ringing (synthetic: the corpus has none)
                               playing (music, speech, a looped desktop sound)
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))

# (suffix, exe, window class); Edge twice, once with a profile name in its suffix.
BROWSERS = [
    (" - Google Chrome", "chrome.exe", "Chrome_WidgetWin_1"),
    (" - Microsoft\u200b Edge", "msedge.exe", "Chrome_WidgetWin_1"),
    (" \u2014 Mozilla Firefox", "firefox.exe", "MozillaWindowClass"),
    (" - 個人 - Microsoft\u200b Edge", "msedge.exe", "Chrome_WidgetWin_1"),
]
# Suffixes already present in logged window titles, and the browser they name.
LOGGED_SUFFIXES = [
    (" - Mozilla Firefox", 2),
    (" \u2014 Mozilla Firefox", 2),
    (" - Google Chrome", 0),
    (" - Microsoft\u200b Edge", 1),
    (" - Microsoft Edge", 1),
]

AUDIO_SECONDS = 60
PEAKS_PER_SAMPLE = 10  # ten 10 ms values make one 100 ms sample


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def peaks_100ms(clip):
    """The clip as the daemon samples it: max of each 100 ms, AUDIO_SECONDS long."""
    tens = clip["peaks_10ms"][: AUDIO_SECONDS * 100]
    return [round(max(tens[i : i + PEAKS_PER_SAMPLE]), 3)
            for i in range(0, len(tens) - PEAKS_PER_SAMPLE + 1, PEAKS_PER_SAMPLE)]


def window(title, index):
    """Title as the window reports it, with exe and class to match. index rotates.
    An unknown title stays empty (the observation still needs the field)."""
    for suffix, browser in LOGGED_SUFFIXES:
        if title.endswith(suffix):
            _, exe, cls = BROWSERS[browser]
            return {"title": title, "exe": exe, "class": cls}
    suffix, exe, cls = BROWSERS[index % len(BROWSERS)]
    return {"title": title + suffix if title else "", "exe": exe, "class": cls}


def page_text(example):
    """Visible text, with the phone number the page shows when a script wrote it."""
    text = example.get("text") or ""
    phone = example.get("phone") or ""
    if phone and phone not in text:
        text = (text + " " + phone).strip()
    return text


def rendered_flags(example):
    """fullscreen, audio, cursor_hidden of a rendered page, from the APIs it called."""
    api = example.get("api", {})
    fullscreen = api.get("fullscreen", 0) > 0 or api.get("keyboard_lock", 0) > 0
    sound = (any(api.get(k, 0) > 0 for k in ("media_play", "audio_new", "oscillator", "speech"))
             or example.get("audio_tags", 0) > 0)
    cursor_hidden = api.get("pointerlock", 0) > 0
    return fullscreen, sound, cursor_hidden


class Rotation:
    """Hands out items in turn: the same input always gets the same clips."""

    def __init__(self, items):
        self.items = items
        self.next = 0

    def take(self):
        item = self.items[self.next % len(self.items)]
        self.next += 1
        return item


def observation(example, set_name, expect, index, fullscreen, clip, cursor_hidden, text):
    obs = {"id": example["id"]}
    obs.update(window(example.get("title") or "", index))
    if fullscreen:
        obs["fullscreen"] = True
    if cursor_hidden:
        obs["cursor_hidden"] = True
    if clip is not None:
        obs["audio"] = {"playing": True, "peaks": peaks_100ms(clip)}
        obs["clip"] = clip["id"]
    if text:
        obs["text"] = text
    obs["expect"] = expect
    obs["set"] = set_name
    if "near_miss" in example:
        obs["near_miss"] = bool(example["near_miss"])
    obs["source"] = example.get("source", "")
    return obs


def scam_observations(scam, rendered, alarms, with_text):
    """Both scam sets; with_text False gives the title-and-window-only variant."""
    out = []
    for i, ex in enumerate(scam):
        clip = alarms.take() if ex.get("audio") is True else None
        text = page_text(ex) if with_text else ""
        out.append(observation(ex, "scam", "scam", i, ex.get("fullscreen") is True,
                               clip, False, text))
    kits = []
    for i, ex in enumerate(rendered):
        fullscreen, sound, cursor_hidden = rendered_flags(ex)
        clip = alarms.take() if sound else None
        text = page_text(ex) if with_text else ""
        kits.append(observation(ex, "rendered_scam", "scam", i, fullscreen, clip,
                                cursor_hidden, text))
    return out, kits


def alarm_clock_clip():
    """A looping alarm clock, the benign sound most like a kit's alarm: the corpus has
    none, so it is synthetic: a two-tone warble, half a second each, never silent.
    It is sustained and it loops, as an alarm clock left ringing does."""
    tens = []
    for i in range(AUDIO_SECONDS * 100):
        tens.append(0.8 if (i // 50) % 2 == 0 else 0.45)
    return {"id": "synthetic-alarm-clock", "kind": "benign",
            "source": "synthetic: two-tone warble, 0.5 s per tone, looped", "peaks_10ms": tens}


def benign_observations(benign, rendered, sounds):
    """Every benign page, windowed and silent; fullscreen with sound playing; and
    fullscreen with a looping alarm clock."""
    pages = [(ex, "benign") for ex in benign] + [(ex, "rendered_benign") for ex in rendered]
    windowed, loud, ringing = [], [], []
    clock = alarm_clock_clip()
    for i, (ex, set_name) in enumerate(pages):
        text = page_text(ex)
        windowed.append(observation(ex, set_name, "benign", i, False, None, False, text))
        loud.append(observation(ex, set_name, "benign", i, True, sounds.take(), False, text))
        ringing.append(observation(ex, set_name, "benign", i, True, clock, False, text))
    return windowed, loud, ringing


def write_jsonl(name, observations):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for obs in observations:
            f.write(json.dumps(obs, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(observations):4d} observations in tests/data/{name}")


def main(argv):
    corpus = argv[1] if len(argv) > 1 else os.path.join(TOP, "..", "shared", "corpus")
    scam = load_jsonl(os.path.join(corpus, "scam.jsonl"))
    rendered_scam = load_jsonl(os.path.join(corpus, "rendered_scam.jsonl"))
    benign = load_jsonl(os.path.join(corpus, "benign.jsonl"))
    rendered_benign = load_jsonl(os.path.join(corpus, "rendered_benign.jsonl"))
    with open(os.path.join(corpus, "audio.json"), encoding="utf-8") as f:
        clips = json.load(f)

    scam_clips = [c for c in clips if c["kind"] == "scam"]
    benign_clips = [c for c in clips if c["kind"] == "benign"]
    if not scam_clips or not benign_clips:
        sys.exit("make-corpus-observations: audio.json needs scam and benign clips")

    text_scam, text_kits = scam_observations(scam, rendered_scam, Rotation(scam_clips), True)
    bare_scam, bare_kits = scam_observations(scam, rendered_scam, Rotation(scam_clips), False)
    windowed, loud, ringing = benign_observations(benign, rendered_benign,
                                                  Rotation(benign_clips))

    write_jsonl("corpus-scam-text.jsonl", text_scam)
    write_jsonl("corpus-kits-rendered.jsonl", text_kits)
    write_jsonl("corpus-scam-titleonly.jsonl", bare_scam + bare_kits)
    write_jsonl("corpus-benign.jsonl", windowed)
    write_jsonl("corpus-benign-fullscreen-audio.jsonl", loud)
    write_jsonl("corpus-benign-fullscreen-alarmclock.jsonl", ringing)


if __name__ == "__main__":
    main(sys.argv)
