#!/usr/bin/env python3
"""train.py - `make train`: learns the scorer's weights from the whole corpus and
writes them into config/omamori.yaml, between the lines
"# BEGIN learned (make train)" and "# END learned (make train)".

Usage: python3 tests/corpus/tools/train.py [--check]
Needs build/corpus/observations.jsonl (make-observations.py) and
build/native/omamori-train. Deterministic: the same corpus writes the same lines.
--check writes nothing and exits 1 when config/omamori.yaml differs from what the
corpus teaches (the corpus changed and nobody retrained).
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
CONFIG = os.path.join(TOP, "config", "omamori.yaml")
BEGIN = "  # BEGIN learned (make train)\n"
END = "  # END learned (make train)\n"


def main(argv):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "model.yaml")
        subprocess.run([sys.executable, os.path.join(HERE, "eval.py"), "--train", out], check=True,
                       stdout=subprocess.DEVNULL)
        with open(out, encoding="utf-8") as f:
            block = f.read()
    block = block[len("scoring:\n"):] if block.startswith("scoring:\n") else block
    with open(CONFIG, encoding="utf-8") as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        sys.exit("train: config/omamori.yaml lacks the BEGIN/END learned markers")
    start = text.index(BEGIN) + len(BEGIN)
    end = text.index(END)
    new = text[:start] + block + text[end:]
    if "--check" in argv:
        if new != text:
            print("train: config/omamori.yaml is not what the corpus teaches: run make train")
            return 1
        print("train: config/omamori.yaml holds what the corpus teaches")
        return 0
    with open(CONFIG, "w", encoding="utf-8") as f:
        f.write(new)
    learned = re.search(r"# Learned by .*", block)
    print("train: config/omamori.yaml updated (" + (learned.group(0)[2:] if learned else "") + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
