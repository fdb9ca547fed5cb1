#!/usr/bin/env python3
"""Generates the store benchmarks' datasets on the fly (nothing generated is committed).

usage: gen-bench-data.py answers OUT_DIR CANDIDATES QUESTIONS
       gen-bench-data.py slate OUT_DIR RACES

answers: OUT_DIR/bench.yaml (one cycle, QUESTIONS questions of all four kinds over 10 planks,
         100 races), candidates.csv, answers.csv (one row per candidate, every cell answered).
slate:   OUT_DIR/slate.yaml (RACES one-seat irv races), candidates.csv (one candidate per race),
         answers.csv, orgs.csv (one org), ballots.jsonl (one ballot per race).
Seeded, so every run measures the same data.
"""
import csv
import random
import sys
from pathlib import Path

PLANKS = 10
RACES = 100


def kinds_for(questions, with_text=True):
    """Question kinds in turn; every tenth is free text (needs reviews) unless with_text is off."""
    kinds = []
    for q in range(questions):
        kind = ("yes_no", "scale", "choice", "text")[q % 4] if q % 10 != 9 else "text"
        kinds.append("yes_no" if kind == "text" and not with_text else kind)
    return kinds


def cycle_yaml(cycle_id, races, kinds, planks=PLANKS):
    out = [f"id: {cycle_id}", f"name: Benchmark cycle {cycle_id}", "election_date: 2026-11-03",
           "coalition: {name: Benchmark Coalition}",
           "rules: {require_complete: true, min_overall_score: 0, quorum: 0.5, threshold: 0.5, threshold_base: cast}",
           "races:"]
    out += [f"  - {{id: race-{r}, name: Race {r}, seats: 1, method: irv}}" for r in range(races)]
    out.append("platform:")
    out += [f"  - {{id: plank-{p}, title: Plank {p}, weight: {1 + p % 3}}}" for p in range(planks)]
    out.append("questionnaire:")
    for q, kind in enumerate(kinds):
        plank = f"plank-{q % planks}"
        if kind == "yes_no":
            out.append(f"  - {{id: q-{q}, text: Question {q}, kind: yes_no, planks: [{{plank: {plank}, favors: 'yes'}}]}}")
        elif kind == "scale":
            out.append(f"  - {{id: q-{q}, text: Question {q}, kind: scale, scale: {{min: 1, max: 5}}, planks: [{{plank: {plank}, favors: high}}]}}")
        elif kind == "choice":
            out.append(f"  - {{id: q-{q}, text: Question {q}, kind: choice, options: [{{id: a, label: A, score: 1}}, {{id: b, label: B, score: 0.5}}, {{id: c, label: C, score: 0}}], planks: [{{plank: {plank}}}]}}")
        else:
            out.append(f"  - {{id: q-{q}, text: Question {q}, kind: text, max_points: 4, planks: [{{plank: {plank}}}]}}")
    return "\n".join(out) + "\n"


def answer(kind, rng):
    if kind == "yes_no":
        return rng.choice(("yes", "no"))
    if kind == "scale":
        return str(rng.randint(1, 5))
    if kind == "choice":
        return rng.choice(("a", "b", "c"))
    return rng.choice(("We will fund it, with care.", "Restorative practices, \"not police\".", "Yes."))


def write_candidates_and_answers(out, cycle_races, candidates, kinds, rng):
    with open(out / "candidates.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "race", "name", "ballot_name", "incumbent", "email", "website"])
        for c in range(candidates):
            w.writerow([f"c-{c}", f"race-{c % cycle_races}", f"Candidate {c}", "", "", "", ""])
    with open(out / "answers.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["candidate_id"] + [f"q-{q}" for q in range(len(kinds))])
        for c in range(candidates):
            w.writerow([f"c-{c}"] + [answer(k, rng) for k in kinds])


def main():
    rng = random.Random(7)
    mode, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    if mode == "answers":
        candidates, questions = int(sys.argv[3]), int(sys.argv[4])
        kinds = kinds_for(questions)
        (out / "bench.yaml").write_text(cycle_yaml("bench-answers", RACES, kinds))
        write_candidates_and_answers(out, RACES, candidates, kinds, rng)
    elif mode == "slate":
        races = int(sys.argv[3])
        (out / "slate.yaml").write_text(cycle_yaml("bench-slate", races, kinds_for(4, with_text=False), planks=4))
        (out / "orgs.csv").write_text("id,name,weight,contact_email\norg-a,Org A,1,\n")
        with open(out / "candidates.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "race", "name", "ballot_name", "incumbent", "email", "website"])
            for r in range(races):
                w.writerow([f"c-{r}", f"race-{r}", f"Candidate {r}", "", "false", "", ""])
        with open(out / "answers.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["candidate_id", "q-0", "q-1", "q-2", "q-3"])
            for r in range(races):
                w.writerow([f"c-{r}", "yes", "5", "a", "yes"])
        with open(out / "ballots.jsonl", "w") as f:
            for r in range(races):
                f.write(f'{{"org": "org-a", "race": "race-{r}", "ranking": ["c-{r}"]}}\n')
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
