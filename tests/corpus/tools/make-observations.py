#!/usr/bin/env python3
"""make-observations.py - turns the corpus into window observations, as the daemon
would see them, labelled and grouped by family for training and cross-validation.

Usage: python3 tests/corpus/tools/make-observations.py [OUT_DIR]
Reads tests/corpus/seed/ (the first corpus, from ../shared/corpus) and every
tests/corpus/collected/*/ (entries.jsonl, audio.jsonl); writes OUT_DIR (default
build/corpus/) observations.jsonl and families.txt. Offline and deterministic: the
same corpus gives the same bytes (every choice is a rotation or a hash, not chance).

Families. CV holds out whole families, so two entries of one code base must never be
split. Entries are merged into one family when any of these holds (union-find):
  - a collector gave them the same family (within one slice);
  - they come from the same repository;
  - their kits' file lists overlap (Jaccard >= 0.5 over at least 4 files each);
  - their texts overlap (Jaccard >= 0.4 over word 3-shingles, or character
    5-shingles for Japanese), as copies of one kit with another number do.
Scam and benign entries are never merged with each other.

Observations (one JSON object per line; omamori-score reads the observation fields
and ignores the rest: label, family, tier, stress, near_miss, category, lang, entry):
  tier "text"      every entry with words: title and text (and for kits, the window
                   and sound their code uses); benign pages windowed and silent;
  tier "rendered"  rendered kits and rendered benign pages only, the same way;
  tier "notext"    kits with their title, window and sound, no text; benign pages
                   with their title and the window and sound their code uses; only
                   entries whose title is known and not empty (a window always has
                   one: an observation of nothing teaches nothing);
  tier "screen"    rendered entries that have a screenshot: as "notext", plus the
                   screenshot as the daemon would capture it ("screen": a PPM made
                   from the corpus's PNG with ImageMagick, in OUT_DIR/screens/).
Each benign observation comes again with stress "fullscreen_media" (fullscreen, a
real benign sound playing: music, game, speech, video, call) and, for every fifth
page, "fullscreen_alarm" (a real looping alarm-clock or ringtone sound).
Window and sound of a kit: fullscreen when it asks for fullscreen or a keyboard lock;
pointer hidden when it asks for pointer lock or its CSS hides the pointer; sound when
it plays any (its own clip's envelope when the corpus has it, else one of the kits'
clips in turn). Titles get a browser's suffix, rotating Chrome, Edge and Firefox.
"""
import glob
import hashlib
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)
TOP = os.path.dirname(os.path.dirname(CORPUS))

BROWSERS = [
    (" - Google Chrome", "chrome.exe", "Chrome_WidgetWin_1"),
    (" - Microsoft\u200b Edge", "msedge.exe", "Chrome_WidgetWin_1"),
    (" \u2014 Mozilla Firefox", "firefox.exe", "MozillaWindowClass"),
    (" - 個人 - Microsoft\u200b Edge", "msedge.exe", "Chrome_WidgetWin_1"),
]
AUDIO_SECONDS = 60  # the daemon judges the last minute of sound (audio.h)
MEDIA_SOUNDS = {"music", "game", "speech", "video", "call"}
ALARM_SOUNDS = {"alarm_clock", "ringtone", "timer"}
BEHAVING = {"alarm_clock", "timer", "game_pointer_lock", "video", "music", "video_call",
            "cloud_gaming", "web_remote_desktop"}


def load_jsonl(path):
    out = []
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    print(f"make-observations: {path}:{n}: skipped, not JSON ({e})", file=sys.stderr)
    return out


def stable(text):
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)


def repo_of(source):
    m = re.match(r"github:([^/]+/[^/]+)", source or "")
    if m:
        return "github:" + m.group(1)
    m = re.match(r"https?://([^/]+)", source or "")
    return m.group(1) if m else ""


# ---- the corpus, as one list of entries -------------------------------------------

def seed_screen(seed, entry_id):
    """The seed's screenshots are named by entry id (seed/screens/ID.png)."""
    path = os.path.join(seed, "screens", entry_id + ".png")
    return path if os.path.exists(path) else None


def seed_entries(seed):
    out = []
    for e in load_jsonl(os.path.join(seed, "scam.jsonl")):
        e = dict(e, label="scam", slice="seed", family=repo_of(e["source"]) or e["source"])
        if e.get("kind") == "quoted_in_report":
            e["family"] = "report:" + repo_of(e["source"])
        else:
            e["kind"] = "kit_text"
        out.append(e)
    rendered = load_jsonl(os.path.join(seed, "rendered_scam.jsonl"))
    twins = {e["id"]: e for e in rendered}
    for e in out:  # an archived kit that was also rendered calls the same page APIs
        if e["id"] in twins and "api" not in e:
            e["api"] = twins[e["id"]].get("api")
    for e in rendered:
        out.append(dict(e, label="scam", slice="seed", kind="kit_rendered",
                        family=repo_of(e["source"]), id=e["id"] + "-r",
                        screen_file=seed_screen(seed, e["id"])))
    for e in load_jsonl(os.path.join(seed, "benign.jsonl")):
        out.append(dict(e, label="benign", slice="seed", kind="page_excerpt",
                        family=repo_of(e["source"]) or e["source"]))
    for e in load_jsonl(os.path.join(seed, "rendered_benign.jsonl")):
        out.append(dict(e, label="benign", slice="seed", kind="page_rendered",
                        family=e.get("source", ""), id=e["id"] + "-r",
                        screen_file=seed_screen(seed, e["id"])))
    clips = []
    audio = os.path.join(seed, "audio.json")
    if os.path.exists(audio):
        with open(audio, encoding="utf-8") as f:
            for c in json.load(f):
                kind = "alarm" if c["kind"] == "scam" else (
                    "speech" if "speech" in c.get("note", "") else
                    "game" if "game" in c.get("note", "") else "notification")
                clips.append(dict(c, label=c["kind"], kind=kind, family=repo_of(c["source"]),
                                  entry=""))
    return out, clips


def collected_entries():
    entries, clips = [], []
    for folder in sorted(glob.glob(os.path.join(CORPUS, "collected", "*"))):
        name = os.path.basename(folder)
        for e in load_jsonl(os.path.join(folder, "entries.jsonl")):
            if e.get("label") not in ("scam", "benign") or not (e.get("title") or e.get("text")):
                continue
            screen = os.path.join(folder, e["screen"]) if e.get("screen") else None
            entries.append(dict(e, slice=name,
                                screen_file=screen if screen and os.path.exists(screen) else None))
        for c in load_jsonl(os.path.join(folder, "audio.jsonl")):
            if c.get("peaks_10ms"):
                clips.append(dict(c, slice=name))
    return entries, clips


# ---- families ----------------------------------------------------------------------

class Families:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def shingles(text):
    text = (text or "").lower()
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text):
        t = re.sub(r"\s+", "", text)
        return {t[i:i + 5] for i in range(max(0, len(t) - 4))}
    words = re.findall(r"\w+", text)
    return {" ".join(words[i:i + 3]) for i in range(max(0, len(words) - 2))}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a and b else 0.0


def assign_families(entries):
    fam = Families(len(entries))
    first = {}
    for i, e in enumerate(entries):
        keys = [("declared", e["label"], e["slice"], e.get("family", "")),
                ("repo", e["label"], repo_of(e.get("source", "")))]
        for key in keys:
            if key[-1]:
                if key in first:
                    fam.join(i, first[key])
                else:
                    first[key] = i
    sh = [shingles(e.get("text", "")) for e in entries]
    files = [set(e.get("kit_files") or []) for e in entries]
    for i in range(len(entries)):
        for j in range(i + 1, len(entries)):
            if entries[i]["label"] != entries[j]["label"]:
                continue
            if len(files[i]) >= 4 and len(files[j]) >= 4 and jaccard(files[i], files[j]) >= 0.5:
                fam.join(i, j)
            elif len(sh[i]) >= 8 and len(sh[j]) >= 8 and jaccard(sh[i], sh[j]) >= 0.4:
                fam.join(i, j)
    names = {}
    for i, e in enumerate(entries):
        root = fam.find(i)
        names.setdefault(root, e["label"] + ":" + (e.get("family") or repo_of(e.get("source", ""))))
    for i, e in enumerate(entries):
        e["family_id"] = names[fam.find(i)]


# ---- observations ------------------------------------------------------------------

def peaks_100ms(clip):
    tens = clip["peaks_10ms"][: AUDIO_SECONDS * 100]
    return [round(max(tens[i:i + 10]), 3) for i in range(0, len(tens) - 9, 10)]


def page_text(e):
    text = e.get("text") or ""
    phone = e.get("phone") or ""
    if phone and phone not in text:
        text = (text + " " + phone).strip()
    return text


def behaviour(e):
    """fullscreen, cursor hidden, sound: from the APIs the page called, or the entry's flags."""
    api = e.get("api") or {}
    fullscreen = api.get("fullscreen", 0) > 0 or api.get("keyboard_lock", 0) > 0 or e.get("fullscreen") is True
    hidden = api.get("pointerlock", 0) > 0 or e.get("cursor_none") is True or e.get("cursor_hidden") is True
    sound = (any(api.get(k, 0) > 0 for k in ("media_play", "audio_new", "oscillator", "speech"))
             or (e.get("audio_tags") or 0) > 0 or e.get("audio") is True)
    return fullscreen, hidden, sound


class Rotation:
    def __init__(self, items):
        self.items, self.next = items, 0

    def take(self):
        if not self.items:
            return None
        item = self.items[self.next % len(self.items)]
        self.next += 1
        return item


def screen_ppm(e, out_dir):
    """The entry's screenshot as a binary PPM (what omamori-score reads), made once."""
    ppm = os.path.join(out_dir, "screens", e["id"] + ".ppm")
    if not os.path.exists(ppm) or os.path.getmtime(ppm) < os.path.getmtime(e["screen_file"]):
        os.makedirs(os.path.dirname(ppm), exist_ok=True)
        # Every screenshot at the corpus's 480x270, whatever size it was kept at.
        subprocess.run(["convert", e["screen_file"], "-resize", "480x270!", "ppm:" + ppm],
                       check=True)
    return ppm


def observation(e, tier, index, fullscreen, hidden, clip, text, stress="", screen=None):
    suffix, exe, cls = BROWSERS[index % len(BROWSERS)]
    title = e.get("title") or ""
    obs = {"id": e["id"], "title": title + suffix if title else "", "exe": exe, "class": cls}
    if text:
        obs["text"] = text
    if screen:
        obs["screen"] = screen
    if fullscreen:
        obs["fullscreen"] = True
    if hidden:
        obs["cursor_hidden"] = True
    if clip is not None:
        obs["audio"] = {"playing": True, "peaks": peaks_100ms(clip)}
        obs["clip"] = clip.get("id", "")
    obs.update(label=e["label"], family=e["family_id"], tier=tier, stress=stress,
               kind=e.get("kind", ""), lang=e.get("lang", ""),
               near_miss=bool(e.get("near_miss")), category=e.get("category", ""))
    return obs


def build(entries, clips, out_dir):
    scam_clips = [c for c in clips if c.get("label") == "scam"]
    by_entry = {}
    for c in scam_clips:
        if c.get("entry"):
            by_entry.setdefault(c["entry"], c)
    media = Rotation([c for c in clips if c.get("label") == "benign" and c.get("kind") in MEDIA_SOUNDS])
    alarms = Rotation([c for c in clips if c.get("label") == "benign" and c.get("kind") in ALARM_SOUNDS])
    kit_sounds = Rotation(scam_clips)
    out = []
    for i, e in enumerate(entries):
        text = page_text(e)
        rendered = e.get("kind") in ("kit_rendered", "page_rendered")
        fullscreen, hidden, sound = behaviour(e)
        if e["label"] == "scam":
            clip = (by_entry.get(e["id"]) or kit_sounds.take()) if sound else None
            out.append(observation(e, "text", i, fullscreen, hidden, clip, text))
            if rendered:
                out.append(observation(e, "rendered", i, fullscreen, hidden, clip, text))
            if e.get("kind") != "quoted_in_report" and e.get("title"):
                out.append(observation(e, "notext", i, fullscreen, hidden, clip, ""))
            if rendered and e.get("screen_file"):
                out.append(observation(e, "screen", i, fullscreen, hidden, clip, "",
                                       screen=screen_ppm(e, out_dir)))
            continue
        # benign: as the page behaves, then the stress variants
        behaving = e.get("category") in BEHAVING
        own = alarms if e.get("category") in ("alarm_clock", "timer") else media
        clip = own.take() if sound and behaving else None
        fs, hid = (fullscreen, hidden) if behaving else (False, False)
        tiers = ["text"] + (["notext"] if e.get("title") else []) + (["rendered"] if rendered else [])
        tiers += ["screen"] if rendered and e.get("screen_file") else []
        loud, ring = media.take(), (alarms.take() if i % 5 == 0 else None)
        for tier in tiers:
            body = "" if tier in ("notext", "screen") else text
            shot = screen_ppm(e, out_dir) if tier == "screen" else None
            out.append(observation(e, tier, i, fs, hid, clip, body, screen=shot))
            if loud is not None:
                out.append(observation(e, tier, i, True, hid, loud, body, "fullscreen_media", shot))
            if ring is not None:
                out.append(observation(e, tier, i, True, hid, ring, body, "fullscreen_alarm", shot))
    return out


def main(argv):
    out_dir = argv[1] if len(argv) > 1 else os.path.join(TOP, "build", "corpus")
    os.makedirs(out_dir, exist_ok=True)
    seed, seed_clips = seed_entries(os.path.join(CORPUS, "seed"))
    got, got_clips = collected_entries()
    entries, seen = [], set()
    for e in seed + got:  # one entry per (label, kind, source): collectors may overlap
        key = (e["label"], e.get("kind"), e.get("source"), e.get("title"), (e.get("text") or "")[:200])
        if key not in seen:
            seen.add(key)
            entries.append(e)
    assign_families(entries)
    observations = build(entries, seed_clips + got_clips, out_dir)
    with open(os.path.join(out_dir, "observations.jsonl"), "w", encoding="utf-8") as f:
        for o in observations:
            f.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")
    families = {}
    for e in entries:
        families.setdefault(e["family_id"], []).append(e["id"])
    with open(os.path.join(out_dir, "families.txt"), "w", encoding="utf-8") as f:
        for name in sorted(families):
            f.write(f"{name}\t{len(families[name])}\t{' '.join(families[name])}\n")
    scam = [e for e in entries if e["label"] == "scam"]
    print(f"make-observations: {len(entries)} entries ({len(scam)} scam in "
          f"{len({e['family_id'] for e in scam})} families, {len(entries) - len(scam)} benign), "
          f"{len(observations)} observations in {out_dir}")


if __name__ == "__main__":
    main(sys.argv)
