#!/usr/bin/env python3
"""Deterministic generator of text pairs for the `tprov diff` benchmark.

Writes into OUTDIR:
  en_old.txt / en_new.txt      ~5 MB English-like text, NEW differs from OLD in ~2% of words
                               (substitutions, insertions, deletions and a few moved phrases),
                               both hard-wrapped at 72 columns, blank line between paragraphs.
  en_new_reflow.txt            the same words as en_new.txt, re-wrapped at 60 columns.
  zh_old.txt / zh_new.txt      ~1 MB Chinese-like text (one paragraph per line), ~2% of
                               characters edited.

Only the Python standard library is used; the output depends only on --seed.
"""
import argparse
import os
import random

COMMON = (
    "the of and to a in is that for it as was with be by on not he I this are or his from at "
    "which but have an they you were her she there one all we their been has would when who will "
    "more no if out so said what up its about into than them can only other new some could time "
    "these two may then do first any my now such like our over man me even most made after also "
    "did many before must through back years where much your way well down should because each "
    "just those people how too little state good very make world still own see men work long get "
    "here between both life being under never day same another know while last might us great old "
    "year off come since against go came right used take three"
).split()

SYLLABLES = (
    "ka ta ra mo ve li an en or in et al is ur ba de fi go hu jo ke lu ma ne pi qu ro sa ti vo we "
    "xi yo za tion ment ness able ing ed er ly ous ful ive"
).split()


def make_vocab(rng, n):
    words = set()
    while len(words) < n:
        k = rng.choice((2, 2, 3, 3, 4))
        words.add("".join(rng.choice(SYLLABLES) for _ in range(k)))
    return sorted(words)


def zipf_sampler(rng, items, s=1.1):
    weights = [1.0 / (i + 1) ** s for i in range(len(items))]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    import bisect

    def sample():
        return items[bisect.bisect_left(cum, rng.random() * total)]

    return sample


def english_words(rng, target_bytes):
    """A list of paragraphs; each paragraph is a list of tokens (words with punctuation glued)."""
    vocab = COMMON + make_vocab(rng, 20000)
    pick = zipf_sampler(rng, vocab)
    paragraphs = []
    size = 0
    while size < target_bytes:
        para = []
        for _ in range(rng.randint(2, 8)):  # sentences
            n = rng.randint(6, 28)
            sent = [pick() for _ in range(n)]
            sent[0] = sent[0].capitalize()
            for i in range(1, n - 1):
                if rng.random() < 0.07:
                    sent[i] += ","
            sent[-1] += rng.choice(".......?!")
            para.extend(sent)
        paragraphs.append(para)
        size += sum(len(w) + 1 for w in para) + 1
    return paragraphs, pick


def edit_words(rng, paragraphs, pick, rate):
    """Returns a deep-copied list of paragraphs with ~rate of the words edited."""
    out = []
    for para in paragraphs:
        new = []
        i = 0
        while i < len(para):
            w = para[i]
            r = rng.random()
            if r < rate * 0.6:  # substitution
                new.append(pick())
            elif r < rate * 0.75:  # deletion
                pass
            elif r < rate * 0.9:  # insertion
                new.append(w)
                new.append(pick())
            elif r < rate and i + 4 < len(para):  # move a 3-word phrase 4 words later
                phrase = para[i:i + 3]
                new.extend(para[i + 3:i + 5])
                new.extend(phrase)
                i += 5
                continue
            else:
                new.append(w)
            i += 1
        out.append(new)
    return out


def wrap(paragraphs, width):
    lines = []
    for para in paragraphs:
        line = ""
        for w in para:
            if line and len(line) + 1 + len(w) > width:
                lines.append(line)
                line = w
            else:
                line = w if not line else line + " " + w
        if line:
            lines.append(line)
        lines.append("")
    return "\n".join(lines)


def chinese(rng, target_bytes, rate):
    # 3000 code points from the CJK Unified Ideographs block stand in for common characters.
    chars = [chr(0x4E00 + rng.randrange(0x5000)) for _ in range(3000)]
    pick = zipf_sampler(rng, chars, s=0.9)
    old_lines, new_lines = [], []
    size = 0
    while size < target_bytes:
        old = []
        for _ in range(rng.randint(2, 6)):
            old.extend(pick() for _ in range(rng.randint(8, 30)))
            old.append(rng.choice("。。。，！？"))
        new = []
        for c in old:
            r = rng.random()
            if r < rate * 0.6:
                new.append(pick())
            elif r < rate * 0.8:
                pass
            elif r < rate:
                new.append(c)
                new.append(pick())
            else:
                new.append(c)
        old_lines.append("".join(old))
        new_lines.append("".join(new))
        size += len(old_lines[-1].encode()) + 1
    return "\n".join(old_lines) + "\n", "\n".join(new_lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--en-bytes", type=int, default=5_000_000)
    ap.add_argument("--zh-bytes", type=int, default=1_000_000)
    ap.add_argument("--rate", type=float, default=0.02)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)

    paragraphs, pick = english_words(rng, args.en_bytes)
    edited = edit_words(rng, paragraphs, pick, args.rate)
    files = {
        "en_old.txt": wrap(paragraphs, 72),
        "en_new.txt": wrap(edited, 72),
        "en_new_reflow.txt": wrap(edited, 60),
    }
    files["zh_old.txt"], files["zh_new.txt"] = chinese(rng, args.zh_bytes, args.rate)
    for name, text in files.items():
        with open(os.path.join(args.outdir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


if __name__ == "__main__":
    main()
