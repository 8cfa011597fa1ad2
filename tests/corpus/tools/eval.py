#!/usr/bin/env python3
"""eval.py - how well omamori detects fake alerts of kit families it never learned from.

Usage: python3 tests/corpus/tools/eval.py [--doc FILE] [--check] [--tap] [--folds K]
           [--train FILE] [--tools DIR] [--dump FILE]
Reads build/corpus/observations.jsonl (make-observations.py). Families are dealt
into K folds (default 10, balanced by size, deterministic). For each fold,
omamori-train learns the model from every other fold, and omamori-score judges the
fold's observations with it (--config): the family judged is never one learned from.
Prints the table; --doc also writes it, with every miss and false alert, to FILE;
--check exits 1 when a figure is below its bar: the issue's (page text >= 95%,
rendered kits >= 97%, title + window + sound >= 75%, near-miss false alerts <= 1%,
ordinary false alerts 0, with and without the fullscreen-sound stress), or where that
is not met yet, the figure reached so far (tests/corpus/floors.json).
--tap also prints each bar as a TAP line (tests/tool/test-detection.sh).
--train FILE instead learns from everything and writes the model's YAML to FILE.
--dump FILE writes every observation with its cross-validated verdict (JSON lines).
Tiers: page text, rendered kits, title + window + sound without text, and a rendered
kit's screen (screen.c) with its title, window and sound but no text (bar 90%).

Weights: each family counts about as much as another (an example weighs
1/sqrt(its family's size)), and the fake alerts together weigh as much as the
benign windows together (OMAMORI_BENIGN_WEIGHT, default 4, makes them weigh four
times as much); a stress copy of a benign page weighs OMAMORI_STRESS_WEIGHT (2).
"""
import collections
import json
import math
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
OBS = os.path.join(TOP, "build", "corpus", "observations.jsonl")

TIERS = [("text", "page text (title + text, window and sound where the page uses them)"),
         ("rendered", "real kits rendered in a browser"),
         ("notext", "title + window + sound, no page text"),
         ("screen", "rendered kits' screen + title + window + sound, no page text")]
BARS = {"text": 95.0, "rendered": 97.0, "notext": 75.0, "screen": 90.0}
SCREEN_TRAITS = ["screen.mslogo", "screen.mslogo_many", "screen.taskbar", "screen.dialog",
                 "screen.bluefield", "screen.kit_look"]
NEAR_MISS_BAR = 1.0
# What make test holds the figures to until the bars are met: the figures
# reached so far (tests/corpus/floors.json), so that no change can make them worse
# unnoticed. Each bar still met holds as it is.
FLOORS = os.path.join(os.path.dirname(HERE), "floors.json")
# How much more the benign windows weigh, together, than the fake alerts: a false alert
# on an ordinary page costs more than a missed one (the daemon looks again every second).
BENIGN_WEIGHT = float(os.environ.get("OMAMORI_BENIGN_WEIGHT", "4"))
# How much a stress copy of a benign page (the same page fullscreen with sound) weighs
# in training against the page as shown: it teaches that films, games and alarm
# clocks are not fake alerts. With kit behaviour held at zero or above (below), twice
# the page's weight kept a fullscreen film or game with the pointer hidden and no
# readable text under the alert (the Wine cases: 59 and 56, where one weight made the
# film 60). Since real films and games that hide the pointer joined the corpus
# (benign-behaving2), they score 46 and 45 whatever this weight (1 to 4 tried).
STRESS_WEIGHT = float(os.environ.get("OMAMORI_STRESS_WEIGHT", "2"))
# Traits that are what a kit does (to the window, with sound, on the screen, in a
# made-up title code, with a number where no page puts one): never evidence of a benign
# page. Left free, "window.fullscreen" learned -9 only because every benign page comes
# again fullscreen as a stress copy, and a fullscreen kit with few words paid for it.
# Held at zero or above on 2026-12-04: on that day's first corpus every tier caught
# more and the near-miss false alerts fell (7 to 5 of 491 with page text); on the grown
# corpus (414 fake alerts; both fits with stress copies weighing 1) it is a trade:
# fewer near-miss false alerts with page text (8 against 12 of 546) and more caught
# without text (164 against 160 of 274), fewer caught with text (364 against 372).
KIT_BEHAVIOUR = ["window.fullscreen", "window.topmost", "cursor.hidden", "window.locked",
                 "audio.loop", "audio.alarm_screen", "audio.message_loop", "title.code",
                 "phone.in_title", "phone.in_url"] + SCREEN_TRAITS
TRAIN_ARGS = os.environ.get("OMAMORI_TRAIN_ARGS", "--steps 1000 --l2 0.001 --l2-terms 0.0005").split()
TRAIN_ARGS += ["--at-least-zero", ",".join(KIT_BEHAVIOUR)]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def folds_of(observations, k):
    """family -> fold: biggest families first, each to the fold with fewest entries."""
    size = collections.Counter(o["family"] for o in observations)
    load_ = [0] * k
    fold = {}
    for fam in sorted(size, key=lambda f: (-size[f], f)):
        i = min(range(k), key=lambda j: (load_[j], j))
        fold[fam] = i
        load_[i] += size[fam]
    return fold


def training_lines(observations):
    size = collections.Counter(o["family"] for o in observations)
    raw = [(STRESS_WEIGHT if o.get("stress") else 1.0) / math.sqrt(size[o["family"]])
           for o in observations]
    total = {lab: sum(w for w, o in zip(raw, observations) if o["label"] == lab)
             for lab in ("scam", "benign")}
    share = {"scam": 1.0 / (1.0 + BENIGN_WEIGHT), "benign": BENIGN_WEIGHT / (1.0 + BENIGN_WEIGHT)}
    lines = []
    for w, o in zip(raw, observations):
        lab = o["label"]
        w = w / total[lab] * share[lab] * len(observations) if total[lab] else w
        lines.append(f"{1 if o['label'] == 'scam' else 0}\t{w:.6f}\t{json.dumps(o, ensure_ascii=False)}\n")
    return lines


def train(tools, observations, out_path):
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".tsv", delete=False) as f:
        f.writelines(training_lines(observations))
        tsv = f.name
    try:
        block = subprocess.run([os.path.join(tools, "omamori-train"), *TRAIN_ARGS, tsv],
                               check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(tsv)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("scoring:\n" + block)
    return block


def score(tools, config, observations):
    data = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in observations)
    res = subprocess.run([os.path.join(tools, "omamori-score"), "--config", config],
                         input=data, capture_output=True, text=True, check=True)
    if res.stderr.strip():
        raise SystemExit("eval: omamori-score complained: " + res.stderr.strip()[:300])
    verdicts = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    if len(verdicts) != len(observations):
        raise SystemExit("eval: omamori-score answered %d of %d lines" % (len(verdicts), len(observations)))
    return verdicts


def cross_validate(tools, observations, k):
    fold = folds_of(observations, k)
    results = [None] * len(observations)

    def run(i):
        held = [j for j, o in enumerate(observations) if fold[o["family"]] == i]
        learn = [o for o in observations if fold[o["family"]] != i]
        with tempfile.TemporaryDirectory() as tmp:
            cfg = os.path.join(tmp, "fold.yaml")
            train(tools, learn, cfg)
            for j, v in zip(held, score(tools, cfg, [observations[j] for j in held])):
                results[j] = v

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(run, range(k)))
    return results


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def figures(observations, verdicts):
    rows, misses = [], []
    alert = [v["verdict"] == "alert" for v in verdicts]
    for tier, title in TIERS:
        idx = [i for i, o in enumerate(observations) if o["tier"] == tier]
        scam = [i for i in idx if observations[i]["label"] == "scam"]
        fams = {observations[i]["family"] for i in scam}
        caught = sum(alert[i] for i in scam)
        row = {"tier": tier, "title": title, "scam": len(scam), "families": len(fams),
               "caught": caught, "rate": pct(caught, len(scam))}
        for key, near in (("ordinary", False), ("near", True)):
            for stress_name, stress in (("plain", ("",)), ("stress", ("fullscreen_media", "fullscreen_alarm"))):
                b = [i for i in idx if observations[i]["label"] == "benign"
                     and observations[i]["near_miss"] == near and observations[i]["stress"] in stress]
                row[f"{key}_{stress_name}"] = (sum(alert[i] for i in b), len(b))
        rows.append(row)
        for i in idx:
            o = observations[i]
            if (o["label"] == "scam") != alert[i]:
                misses.append((tier, o, verdicts[i]))
    return rows, misses


def checks(rows, floors):
    """(name, met, is_issue_bar) for each bar: the issue's, or the floor where lower."""
    out = []
    for r in rows:
        t = r["tier"]
        bar = BARS[t]
        floor = min(bar, floors.get(t, bar))
        out.append((f"{t}: fake alerts caught >= {floor:g}% ({r['rate']:.1f}%, {r['caught']} of {r['scam']})"
                    + ("" if floor == bar else f"; the issue's bar is {bar:g}%"),
                    r["rate"] >= floor, r["rate"] >= bar))
        for key, near in (("ordinary", False), ("near", True)):
            for stress in ("plain", "stress"):
                fa, n = r[f"{key}_{stress}"]
                bar = NEAR_MISS_BAR if near else 0.0
                ceiling = max(bar, floors.get(f"{t}_{key}_{stress}", bar))
                what = "near-miss" if near else "ordinary"
                how = "fullscreen with sound" if stress == "stress" else "as shown"
                out.append((f"{t}: false alerts on {what} pages, {how}, <= {ceiling:g}% ({fa} of {n})"
                            + ("" if ceiling == bar else f"; the issue's bar is {bar:g}%"),
                            pct(fa, n) <= ceiling, pct(fa, n) <= bar))
    return out


def table(rows):
    out = ["| what omamori sees | fake alerts caught | families | false alerts, ordinary | "
           "ordinary, fullscreen with sound | near-misses | near-misses, fullscreen with sound |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        cell = lambda p: f"{p[0]} of {p[1]} ({pct(*p):.1f}%)"
        out.append(f"| {r['title']} | {r['rate']:.1f}% ({r['caught']} of {r['scam']}) | {r['families']} | "
                   f"{cell(r['ordinary_plain'])} | {cell(r['ordinary_stress'])} | "
                   f"{cell(r['near_plain'])} | {cell(r['near_stress'])} |")
    return "\n".join(out)


def miss_lines(misses):
    kinds = collections.Counter((t, o["label"], o.get("kind", ""), o.get("stress", "")) for t, o, _ in misses)
    out = ["| tier | what | kind | stress | count |", "|---|---|---|---|---|"]
    for (t, lab, kind, stress), n in sorted(kinds.items()):
        out.append(f"| {t} | {'missed fake alert' if lab == 'scam' else 'false alert'} | {kind} | {stress or '-'} | {n} |")
    out.append("")
    for t, o, v in misses[:200]:
        reasons = ", ".join(f"{r['trait']} {r['weight']:+d}" for r in v["reasons"][:6])
        title = (o.get("title") or "").replace("|", "/")[:70]
        out.append(f"- {t} {'miss' if o['label'] == 'scam' else 'FALSE ALERT'} `{o['id']}` "
                   f"({o['family']}, {o.get('kind', '')}{', ' + o['stress'] if o.get('stress') else ''}) "
                   f"score {v['score']}: \"{title}\" - {reasons}")
    return "\n".join(out)


def screen_counts(tools, observations):
    """How many kit screens and benign screens show each visual trait: every screen-tier
    observation as shown (no stress) scored with a config that gives each trait one
    point, so that each shows as a reason whatever its learned weight."""
    shown = [o for o in observations if o["tier"] == "screen" and not o.get("stress")]
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "screen.yaml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write("scoring:\n  weights:\n" + "".join(f"    {t}: 1\n" for t in SCREEN_TRAITS))
        inp = os.path.join(tmp, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for o in shown:
                f.write(json.dumps(o, ensure_ascii=False) + "\n")
        out = subprocess.run([os.path.join(tools, "omamori-score"), "--config", cfg, inp],
                             capture_output=True, text=True, check=False).stdout
    verdicts = [json.loads(line) for line in out.splitlines() if line.strip()]
    groups = {"scam": "kits", "near": "benign near-misses", "ordinary": "benign, ordinary"}
    total = collections.Counter()
    count = collections.Counter()
    for o, v in zip(shown, verdicts):
        g = "scam" if o["label"] == "scam" else ("near" if o["near_miss"] else "ordinary")
        total[g] += 1
        for r in v.get("reasons", []):
            if r["trait"] in SCREEN_TRAITS:
                count[(r["trait"], g)] += 1
    lines = ["| visual trait | " + " | ".join(f"{groups[g]} ({total[g]})" for g in groups) + " |",
             "|---|" + "---|" * len(groups)]
    for t in SCREEN_TRAITS:
        lines.append(f"| {t} | " + " | ".join(
            f"{count[(t, g)]} ({pct(count[(t, g)], total[g]):.0f}%)" for g in groups) + " |")
    return "\n".join(lines)


def main(argv):
    doc, check, tap, k, train_out, dump = None, False, False, 10, None, None
    tools = os.path.join(TOP, "build", "native")
    args = list(argv[1:])
    while args:
        a = args.pop(0)
        if a == "--doc":
            doc = args.pop(0)
        elif a == "--check":
            check = True
        elif a == "--tap":
            tap = True
        elif a == "--folds":
            k = int(args.pop(0))
        elif a == "--train":
            train_out = args.pop(0)
        elif a == "--tools":
            tools = args.pop(0)
        elif a == "--dump":
            dump = args.pop(0)
        else:
            print(__doc__)
            return 2
    observations = load(OBS)
    if train_out:
        block = train(tools, observations, train_out)
        print(f"eval: learned from {len(observations)} observations -> {train_out}")
        return 0 if block else 1
    verdicts = cross_validate(tools, observations, k)
    rows, misses = figures(observations, verdicts)
    if dump:  # every observation's cross-validated verdict, for a closer look
        with open(dump, "w", encoding="utf-8") as f:
            for o, v in zip(observations, verdicts):
                f.write(json.dumps({"observation": o, "verdict": v}, ensure_ascii=False) + "\n")
    floors = {}
    if os.path.exists(FLOORS):
        with open(FLOORS, encoding="utf-8") as f:
            floors = json.load(f)
    results = checks(rows, floors)
    families = len({o["family"] for o in observations if o["label"] == "scam"})
    head = (f"Cross-validated by family: {k} folds over {families} fake-alert families and "
            f"{len({o['family'] for o in observations if o['label'] == 'benign'})} benign sites; "
            f"each fold judged by a model trained without it.")
    print(head)
    print(table(rows))
    unmet = [name for name, _, bar_met in results if not bar_met]
    for name in unmet:
        print("issue's bar not met: " + name)
    if tap:
        for i, (name, met, _) in enumerate(results, 1):
            print(f"{'ok' if met else 'not ok'} {i} - {name}")
        print(f"1..{len(results)}")
    if doc:
        with open(doc, "w", encoding="utf-8") as f:
            f.write(DOC_HEAD + head + "\n\n" + table(rows) + "\n\n" + DOC_MID +
                    ("\n".join("- " + x for x in unmet) or "none") + "\n\n" + DOC_SCREEN +
                    screen_counts(tools, observations) + "\n\n## Misses and false alerts\n\n" +
                    miss_lines(misses) + "\n")
    return 1 if check and not all(met for _, met, _ in results) else 0


DOC_HEAD = """# Detection, measured on families it never learned from

Written by `make eval` (tests/corpus/tools/eval.py): do not edit by hand.
The corpus is tests/corpus/ (see its README); each fake alert's kit family is held out
while the model is trained on the others, then judged; the same for benign sites.
A fit on the training data says nothing, so none is shown.

"""
DOC_SCREEN = """## What the screen shows

How many screenshots show each visual trait (src/core/screen.c), whatever its weight:
the kits' own and the benign pages' (rendered at 1366x768, kept at 480x270). A trait
that benign pages show as often as kits is worth little, and the training says so.

"""
DOC_MID = """The issue's bars: page text >= 95%, rendered kits >= 97%, title + window + sound
>= 75%, rendered kits' screen without text >= 90%; false alerts on near-misses <= 1% and on ordinary pages none, with and without
the fullscreen-sound stress. `make test` fails below a bar, or, where a bar is not met
yet, below the figure reached so far (tests/corpus/floors.json).

## Bars not met yet

"""

if __name__ == "__main__":
    sys.exit(main(sys.argv))
