"""How the real-news corpus in labels/news/ was built (a development script, not part of the library).

Steps, each reproducible from the committed files:

    python labels/news/corpus.py sources   # sources/*.jsonl -> sources.jsonl (checked, split by story)
    python labels/news/corpus.py spans     # articles -> readers/spans.jsonl (the sentences the readers label)
    python labels/news/corpus.py agree     # readers/A.jsonl + readers/B.jsonl -> agreement, disagreements
    python labels/news/corpus.py build     # agreed labels + readers/adjudication.jsonl -> {train,dev,test}/
    python labels/news/corpus.py table     # the sources table in README.md

Readers label ``readers/spans.jsonl`` into label files of the project's format (one record per span);
``stance labels agree`` gives the same agreement figures as ``agree`` here.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import stance
from stance.labels import agreement, as_records

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
READERS = HERE / "readers"
RESERVED = HERE.parent.parent.parent / "shared" / "RESERVED.md"
SPLITS = ("train", "dev", "test")

#: Stories about the events of the five seed articles and their follow-ups (the seeds are training data, so
#: these stay in train): the CAC summons and Nvidia's denials, China discouraging H20 purchases, the 15% deal,
#: and the April 2025 H20 ban whose July reversal the seeds report.
SEED_STORIES: frozenset[str] = frozenset(
    {
        "cac-nvidia-h20-summons-2025",
        "nvidia-backdoor-chip-tracking-2025",
        "china-h20-discouraged-rtx6000d-2025",
        "nvidia-amd-revenue-share-2025",
        "h20-export-ban-2025",
    }
)
#: Share of the stories' sentences wanted in dev and test (the rest is train).
SHARES = {"dev": 0.2, "test": 0.2}
SEED = 15


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def reserved_urls() -> set[str]:
    """The pages of ../shared/RESERVED.md, without scheme and www."""
    text = RESERVED.read_text(encoding="utf-8") if RESERVED.is_file() else ""
    return {_bare(url) for url in re.findall(r"https?://[^\s|)]+", text)}


def _bare(url: str) -> str:
    return re.sub(r"^https?://(?:www\.)?", "", url.strip()).rstrip("/").lower()


def sources() -> None:
    """Merge the collectors' source lists, check them, and keep the split already assigned to each story."""
    rows = [row for path in sorted((HERE / "sources").glob("*.jsonl")) for row in read_jsonl(path)]
    old = (
        {row["file"]: row.get("split") for row in read_jsonl(HERE / "sources.jsonl")}
        if (HERE / "sources.jsonl").is_file()
        else {}
    )
    reserved = reserved_urls()
    problems = []
    files = {row["file"] for row in rows}
    for row in rows:
        if not (ARTICLES / row["file"]).is_file():
            problems.append(f"{row['file']}: no such article file")
        if _bare(row["url"]) in reserved:
            problems.append(f"{row['file']}: {row['url']} is reserved")
    for path in ARTICLES.glob("*.txt"):
        if path.name not in files:
            problems.append(f"{path.name}: article without a source row")
    dupes = [f for f, n in Counter(row["file"] for row in rows).items() if n > 1]
    problems += [f"{f}: listed twice" for f in dupes]
    for problem in problems:
        print("problem:", problem, file=sys.stderr)
    for row in rows:
        row["split"] = old.get(row["file"])
    rows.sort(key=lambda row: (row["story"], row["file"]))
    write_jsonl(HERE / "sources.jsonl", rows)
    print(f"{len(rows)} articles, {len({r['story'] for r in rows})} stories, {len({outlet(r) for r in rows})} outlets")


def outlet(row: dict) -> str:
    """The outlet's site (the host without www), which tells outlets apart."""
    return re.sub(
        r"^(?:www\d?|amp|m|rss|news)\.", "", re.sub(r"^https?://", "", row["url"]).split("/")[0].split(":")[0]
    )


def assign_splits(rows: list[dict], sentences: Counter) -> None:
    """Give every story without a split one: seed stories train, the rest drawn so dev and test hold about
    ``SHARES`` of the sentences, each with chip and non-chip stories (drawn once; kept afterwards)."""
    stories: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        stories[row["story"]].append(row)
    fixed = {story: group[0]["split"] for story, group in stories.items() if group[0].get("split")}
    if len(fixed) == len(stories):
        return
    total = sum(sentences.values())
    size = {story: sum(sentences[r["file"]] for r in group) for story, group in stories.items()}
    chips = {story: sum(bool(r["chips"]) for r in group) * 2 >= len(group) for story, group in stories.items()}
    free = sorted(s for s in stories if s not in fixed and s not in SEED_STORIES)
    random.Random(SEED).shuffle(free)
    have = Counter()
    for story, split in fixed.items():
        have[split, chips[story]] += size[story]
    for story in SEED_STORIES & set(stories):
        fixed.setdefault(story, "train")
    for story in free:
        kind = chips[story]
        kind_total = sum(size[s] for s in stories if chips[s] == kind)
        split = "train"
        for candidate in ("test", "dev"):
            if have[candidate, kind] + size[story] / 2 <= SHARES[candidate] * kind_total:
                split = candidate
                break
        fixed[story] = split
        have[split, kind] += size[story]
    for row in rows:
        row["split"] = fixed[row["story"]]
    print({split: sum(size[s] for s in stories if fixed[s] == split) for split in SPLITS}, "of", total, "sentences")


def spans() -> None:
    """Split every article with stance.split; corrections from readers/boundaries.jsonl are applied."""
    rows = read_jsonl(HERE / "sources.jsonl")
    fixes = boundary_fixes()
    out = []
    for row in rows:
        text = (ARTICLES / row["file"]).read_text(encoding="utf-8")
        pieces = apply_fixes(text, stance.split(text), fixes[row["file"]])
        out += [{"article": row["file"], "start": s, "end": e, "text": text[s:e]} for s, e in pieces]
    write_jsonl(READERS / "spans.jsonl", out)
    counts = Counter(r["article"] for r in out)
    assign_splits(rows, counts)
    write_jsonl(HERE / "sources.jsonl", rows)
    print(f"{len(out)} sentences in {len(counts)} articles")


def boundary_fixes(paths: list[Path] | None = None) -> dict[str, list[dict]]:
    """The boundary corrections of ``readers/boundaries*.jsonl`` (or ``paths``), by article."""
    fixes = defaultdict(list)
    for path in paths if paths is not None else sorted(READERS.glob("boundaries*.jsonl")):
        for fix in read_jsonl(path):
            fixes[fix["article"]].append(fix)
    return fixes


def check_boundaries(path: str) -> None:
    """Check that every correction in ``path`` applies (nothing is written)."""
    for article, fixes in boundary_fixes([Path(path)]).items():
        text = (ARTICLES / article).read_text(encoding="utf-8")
        for fix in fixes:
            try:
                apply_fixes(text, stance.split(text), [fix])
            except (StopIteration, ValueError):
                print(f"does not apply: {json.dumps(fix, ensure_ascii=False)}")
    print("checked", path)


def apply_fixes(text: str, pieces: list[tuple[int, int]], fixes: list[dict]) -> list[tuple[int, int]]:
    """Boundary corrections: ``{"join": "<start of the sentence to join to the one before>"}`` or
    ``{"cut": "<text that starts a new sentence>", "in": "<start of the sentence it is in>"}``."""
    pieces = list(pieces)
    for fix in fixes:
        if "join" in fix:
            k = next(i for i, (s, e) in enumerate(pieces) if text[s:e].startswith(fix["join"]) and i > 0)
            pieces[k - 1 : k + 1] = [(pieces[k - 1][0], pieces[k][1])]
        else:
            k = next(i for i, (s, e) in enumerate(pieces) if text[s:e].startswith(fix["in"]))
            s, e = pieces[k]
            at = text.index(fix["cut"], s + 1, e)
            left_end = s + len(text[s:at].rstrip())
            pieces[k : k + 1] = [(s, left_end), (at, e)]
    return pieces


def agree() -> None:
    """Agreement of the two readers, and the sentences they disagree on (for the adjudicator)."""
    first, second = as_records(READERS / "A.jsonl"), as_records(READERS / "B.jsonl")
    result = agreement(first, second)
    print(result.table())
    (READERS / "AGREEMENT.md").write_text(result.table(), encoding="utf-8")
    other = {(r.article, r.start): r for r in second}
    todo = []
    for a in first:
        b = other[a.article, a.start]
        if (a.stance, a.speaker, a.name) != (b.stance, b.speaker, b.name):
            todo.append(
                {
                    "article": a.article,
                    "start": a.start,
                    "end": a.end,
                    "text": a.text,
                    "A": [a.stance, a.speaker, a.name],
                    "B": [b.stance, b.speaker, b.name],
                }
            )
    write_jsonl(READERS / "disagreements.jsonl", todo)
    print(f"{len(todo)} sentences to adjudicate -> readers/disagreements.jsonl")


def build() -> None:
    """The final label files: where the readers agree, their label; elsewhere the adjudicator's."""
    rows = {row["file"]: row for row in read_jsonl(HERE / "sources.jsonl")}
    first = as_records(READERS / "A.jsonl")
    decided = {(d["article"], d["start"]): d for d in read_jsonl(READERS / "adjudication.jsonl")}
    other = {(r.article, r.start): r for r in as_records(READERS / "B.jsonl")}
    out: dict[str, list[dict]] = {split: [] for split in SPLITS}
    for a in first:
        b = other[a.article, a.start]
        record = a.to_dict()
        if (a.stance, a.speaker, a.name) != (b.stance, b.speaker, b.name):
            decision = decided[a.article, a.start]
            record.update(stance=decision["stance"], speaker=decision["speaker"], name=decision["name"])
        out[rows[a.article]["split"]].append(record)
    for split, records in out.items():
        write_jsonl(HERE / split / "sentences.jsonl", records)
        print(split, len(records), "sentences,", len({r["article"] for r in records}), "articles")


def table() -> None:
    """The sources table of labels/news/README.md (between its two table marker lines)."""
    rows = read_jsonl(HERE / "sources.jsonl")
    counts = Counter(r["article"] for r in read_jsonl(READERS / "spans.jsonl"))
    lines = [
        "| file | outlet | date | topic | chips | kind | split | sentences | URL |",
        "|---|---|---|---|---|---|---|---:|---|",
    ]
    for row in sorted(rows, key=lambda r: (SPLITS.index(r["split"]), r["story"], r["file"])):
        cells = [
            f"`{row['file']}`",
            row["outlet"].replace("|", "/"),
            row["date"],
            row["topic"].replace("|", "/"),
            "yes" if row["chips"] else "no",
            row["kind"],
            row["split"],
            str(counts[row["file"]]),
            f"<{row['url']}>",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- sources table: corpus.py table -->", "<!-- end of sources table -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(head + start + "\n" + "\n".join(lines) + "\n" + end + tail, encoding="utf-8")
    print(f"{len(rows)} rows -> README.md")


if __name__ == "__main__":
    if sys.argv[1] == "check-boundaries":
        check_boundaries(sys.argv[2])
    else:
        {"sources": sources, "spans": spans, "agree": agree, "build": build, "table": table}[sys.argv[1]]()
