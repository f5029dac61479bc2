"""The coaching knowledge table: fault -> what it looks like, likely cause, ball flight, drill, source.

Written by this project for the coaching answers of the instruction data. Golf fault names follow the Titleist
Performance Institute's (TPI) "12 swing characteristics" where TPI has one (early extension, loss of posture,
sway, slide, reverse spine / reverse pivot, over the top, flat shoulder plane, casting / early release, chicken
winging); overswing, head lift and insufficient hip turn are common teaching terms (docs/SWING.md). Baseball
names follow Driveline's hitting vocabulary (OpenBiomechanics). The drills are standard, widely taught ones;
the causes are the usual physical or technical reasons named in those sources, phrased by the project.
`priority` orders what to work on first: pivot and posture before arm and club faults (fix the engine first).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

TPI = "TPI 12 swing characteristics (mytpi.com), summarised in docs/SWING.md"
TPI_STATS = "TPI: early extension in 67% of amateurs, ~1% of tour players (docs/SWING.md)"
TEACHING = "common golf teaching (docs/SWING.md fault list), written by the project"
DRIVELINE = "Driveline Baseball hitting vocabulary / OpenBiomechanics (docs/SWING.md), written by the project"


@dataclasses.dataclass(frozen=True)
class Coaching:
    fault: str
    label: str                 # how an answer names it
    synonyms: tuple[str, ...]  # other ways to name it (for grading); lower case
    looks_like: str
    cause: str
    ball_flight: tuple[str, ...]   # "slice", "hook", "fat", "thin", "weak contact", "pop-up", ...
    drill: str                 # the drill's name first, then how to do it
    drill_name: str
    priority: int              # lower = work on it first
    source: str


GOLF_COACHING = {c.fault: c for c in (
    Coaching("early_extension", "early extension", ("early extension", "early-extension", "hips thrust toward the ball"),
             "the hips move toward the ball in the downswing and the spine stands up",
             "limited hip rotation or weak glutes, so the pelvis thrusts forward to make room for the arms",
             ("thin", "push", "hook"), "wall drill: set up with the backside touching a wall and keep it on the "
             "wall through impact", "wall drill", 1, TPI_STATS),
    Coaching("loss_of_posture", "loss of posture", ("loss of posture", "lost posture", "stands up"),
             "the spine angle set at address is lost before impact",
             "poor thoracic mobility or core stability", ("thin", "fat", "inconsistent contact"),
             "club across the chest drill: hold a club across the chest, turn back and through keeping the "
             "spine tilt", "club across the chest drill", 2, TPI),
    Coaching("sway", "sway", ("sway", "swaying"), "the pelvis shifts away from the target in the backswing",
             "turning is replaced by a lateral shift, often from limited hip internal rotation",
             ("fat", "thin", "push"), "trail-hip bump drill: put a bag or alignment stick outside the trail hip and "
             "turn without bumping it", "trail-hip bump drill", 2, TPI),
    Coaching("slide", "slide", ("slide", "sliding"), "the pelvis slides toward the target past the lead foot "
             "in the downswing", "the hips move laterally instead of rotating, often from limited lead-hip "
             "rotation", ("push", "slice", "block"), "lead-hip wall drill: place a stick outside the lead hip and "
             "rotate through without touching it", "lead-hip wall drill", 3, TPI),
    Coaching("reverse_pivot", "reverse pivot", ("reverse pivot", "reverse spine"), "the upper body leans toward "
             "the target at the top", "weight stays on the lead side in the backswing, often from limited trunk "
             "rotation", ("slice", "fat", "weak contact"), "step-back drill: feet together, step the trail foot back "
             "while turning so the weight loads into the trail side", "step-back drill", 2, TPI),
    Coaching("insufficient_hip_turn", "insufficient hip turn", ("insufficient hip turn", "limited hip turn",
             "hips barely turn"), "the hips barely turn in the backswing",
             "limited hip mobility or a lead knee that stays locked", ("weak contact", "slice"),
             "trail-foot flare drill: flare the trail foot out and let the lead knee move toward the ball to turn "
             "the hips freely", "trail-foot flare drill", 3, TEACHING),
    Coaching("flat_shoulder_plane", "flat shoulder plane", ("flat shoulder plane", "flat shoulders",
             "level shoulder turn"), "the shoulders turn level instead of tilting at the top",
             "poor thoracic rotation with side bend", ("hook", "slice", "fat"),
             "cross-arm shoulder-plane drill: club across the shoulders, turn so the lead shoulder points at the "
             "ball at the top", "cross-arm shoulder-plane drill", 4, TPI),
    Coaching("head_lift", "head lift", ("head lift", "lifts the head", "head comes up"),
             "the head rises through impact", "looking up early to see the shot, or standing up",
             ("thin", "topped"), "eyes-on-the-spot drill: keep the eyes on a tee in the ground until after "
             "impact", "eyes-on-the-spot drill", 5, TEACHING),
    Coaching("over_the_top", "over the top", ("over the top", "over-the-top", "outside-in"), "the hands start "
             "the downswing outside the backswing path", "the shoulders start the downswing before the lower "
             "body", ("slice", "pull"), "headcover drill: put a headcover just outside the ball and swing without "
             "hitting it", "headcover drill", 4, TPI),
    Coaching("casting", "casting", ("casting", "early release", "cast"), "the wrist hinge is released early in "
             "the downswing", "trying to hit with the hands, or poor lead-wrist and forearm control",
             ("slice", "fat", "weak contact"), "pump drill: stop halfway down with the wrists still hinged, pump "
             "twice, then swing through", "pump drill", 5, TPI),
    Coaching("chicken_wing", "chicken wing", ("chicken wing", "chicken winging", "lead arm folds"), "the lead "
             "elbow bends and flies away after impact", "the body stops rotating so the arm folds, or a fear of "
             "releasing", ("slice", "thin", "weak contact"), "towel drill: trap a towel under the lead armpit and "
             "keep it there through the follow-through", "towel drill", 6, TPI),
    Coaching("overswing", "overswing", ("overswing", "over-swing", "past parallel"), "the club goes past "
             "parallel at the top", "loose grip or collapsing lead arm, chasing distance", ("inconsistent contact",
             "slice"), "three-quarter swing drill: stop the backswing with the lead arm parallel to the ground "
             "and hit half-speed shots", "three-quarter swing drill", 6, TEACHING),
)}

BASEBALL_COACHING = {c.fault: c for c in (
    Coaching("early_hip_opening", "early hip opening", ("early hip opening", "hips open early", "flying open"),
             "the hips open with the shoulders, leaving no separation at foot plant",
             "rushing the rotation before the front foot lands", ("weak contact", "pull", "roll-over"),
             "closed-stride drill: land the stride with the front hip closed and hold for a beat before "
             "rotating", "closed-stride drill", 1, DRIVELINE),
    Coaching("lunging", "lunging", ("lunging", "lunge", "lunges"), "the trunk drifts over the front leg at "
             "contact", "weight shifts forward instead of rotating around a firm front side",
             ("weak contact", "pop-up"), "rear-knee drill: swing from a kneeling rear leg so the trunk must rotate "
             "rather than move forward", "rear-knee drill", 2, DRIVELINE),
    Coaching("head_drift", "head drift", ("head drift", "head drifts", "head moves forward"), "the head drifts "
             "toward the pitcher before contact", "a stride that carries the whole body forward",
             ("weak contact", "swing and miss"), "no-stride drill: hit from a wide stance without a stride "
             "keeping the head still", "no-stride drill", 2, DRIVELINE),
    Coaching("long_stride", "long stride", ("long stride", "overstride", "over-stride"), "the stride is too long",
             "reaching for power with the legs", ("pop-up", "late timing"), "stride-box drill: mark the stride "
             "length with a stick and land short of it", "stride-box drill", 3, DRIVELINE),
)}

COACHING = {"golf": GOLF_COACHING, "baseball": BASEBALL_COACHING}


def coaching_for(sport: str, fault: str) -> Coaching:
    """The table row for a fault; ValueError naming the known faults of the sport otherwise."""
    table = COACHING.get(sport)
    if table is None:
        raise ValueError(f"no coaching table for sport {sport!r}; choose one of {sorted(COACHING)}")
    if fault not in table:
        raise ValueError(f"no coaching entry for {sport} fault {fault!r}; known: {', '.join(table)}")
    return table[fault]


def first_to_fix(sport: str, faults) -> Coaching | None:
    """The fault to work on first (lowest priority number, then table order), or None for a clean swing."""
    table = COACHING[sport]
    rows = [table[f] for f in table if f in set(faults)]
    return min(rows, key=lambda c: c.priority) if rows else None


def causes_of(sport: str, flight: str, faults) -> list[Coaching]:
    """The present faults that can cause a ball flight (e.g. "slice"), in priority order."""
    table = COACHING[sport]
    return sorted((table[f] for f in table if f in set(faults) and flight in table[f].ball_flight),
                  key=lambda c: c.priority)


def drill_names(sport: str) -> dict[str, str]:
    """fault -> drill name for a sport ({} for a sport without a table), for the faults listed in the prompt."""
    return {f: c.drill_name for f, c in COACHING.get(sport, {}).items()}


def named_faults(sport: str, texts: Sequence[str]) -> list[Coaching]:
    """The table rows of the sport whose label or a synonym appears in the texts, in table order. The table's own
    descriptions are skipped: "the spine stands up" describes early extension, not loss of posture."""
    low = " ".join(texts).lower()
    for c in COACHING.get(sport, {}).values():
        low = low.replace(c.looks_like.lower(), " ")
    return [c for c in COACHING.get(sport, {}).values()
            if any(re.search(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", low) for w in (c.label, *c.synonyms))]


def drill_notes(sport: str, texts: Sequence[str]) -> str:
    """One line naming the drill for each fault the conversation mentions ('' when it mentions none), so a
    follow-up such as "How do I fix it?" is answered from the table rather than from memory."""
    rows = named_faults(sport, texts)
    return "" if not rows else "Drills for the faults named here: " + "; ".join(
        f"{c.label}: {c.drill_name}" for c in rows) + "."
