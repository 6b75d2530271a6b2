"""Is denial tied to who speaks? Five folds by article over news/train and news/dev (development data only).

For each fold, a tagger trained on the seeds and the other folds tags the held-out articles; the script
reports denial recall for Nvidia's denials and for everyone else's, and then, for every non-Nvidia gold
denial whose speaker is named in the sentence, tags the sentence again with the name replaced by
"Nvidia": if the model tied denial to Nvidia, recall would rise. ``python -m benchmarks.denial_by_speaker``.
"""

from __future__ import annotations

import random

import stance

PRONOUNS = frozenset("he she it they we i".split())


def main() -> None:
    seeds = stance.read_labels("labels/sentences.jsonl")
    data = stance.read_labels("labels/news/train") + stance.read_labels("labels/news/dev")
    articles = sorted({r.article for r in data})
    random.Random(0).shuffle(articles)
    recall = {"nvidia": [0, 0], "others": [0, 0]}
    swapped = {"n": 0, "same": 0, "as_written": 0, "as_nvidia": 0}
    for fold in range(5):
        held = set(articles[fold::5])
        model = stance.Tagger().fit(seeds + [r for r in data if r.article not in held])
        test = [r for r in data if r.article in held]
        tags = model.tag_sentences([r.text for r in test], groups=[r.article for r in test])
        for record, tag in zip(test, tags):
            if record.stance != "denial":
                continue
            key = "nvidia" if record.speaker == "nvidia" else "others"
            recall[key][0] += tag.stance == "denial"
            recall[key][1] += 1
            name = record.name
            if key == "others" and name and name in record.text and name.lower() not in PRONOUNS:
                written = model.tag_sentences([record.text])[0].stance
                as_nvidia = model.tag_sentences([record.text.replace(name, "Nvidia")])[0].stance
                swapped["n"] += 1
                swapped["same"] += written == as_nvidia
                swapped["as_written"] += written == "denial"
                swapped["as_nvidia"] += as_nvidia == "denial"
    for key, (hit, total) in recall.items():
        print(f"denial recall, {key}: {hit}/{total} = {hit / total:.3f}")
    n = swapped["n"]
    print(
        f"{n} non-Nvidia denials with a named speaker: "
        f"the same stance with 'Nvidia' named instead {swapped['same']}/{n}; "
        f"denial recall {swapped['as_written']}/{n} as written, {swapped['as_nvidia']}/{n} with Nvidia named"
    )


if __name__ == "__main__":
    main()
