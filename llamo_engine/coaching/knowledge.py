"""The fault knowledge base: per fault of the analysis, what it looks like, its likely cause, the ball flight it
can cause, one drill (name and cue) of its own sport, what to fix first, and where the fault comes from.

Golf fault names follow the Titleist Performance Institute's (TPI) "12 swing characteristics" where TPI has one
(early extension, loss of posture, sway, slide, reverse spine / reverse pivot, over the top, flat shoulder plane,
casting / early release, chicken winging); overswing, head lift and insufficient hip turn are common teaching
terms (docs/SWING.md). Baseball names follow Driveline's hitting vocabulary (OpenBiomechanics). The drills are
standard, widely taught ones; causes and cues are the usual reasons and instructions named in those sources,
phrased by the project (not quotations). `priority` orders what to work on first: pivot and posture before arm
and club faults (fix the engine first).

The instruction data, the chat's prompt and the PDF/HTML report all read this one table; the shipped checkpoint
was trained on its wording, so a change here is a change of training data.
"""

from __future__ import annotations

import dataclasses
import re

TPI = "Titleist Performance Institute (TPI) swing characteristic"
SWING_MD = "docs/SWING.md"
DRIVELINE = "Driveline Baseball hitting vocabulary (OpenBiomechanics naming, docs/SWING.md)"

# Words that belong to one sport's coaching only: a golf entry naming a baseball word (or the reverse) has been
# written for, or spliced from, the other sport ("towel drill: mark the stride length ...").
SPORT_TERMS = {
    "golf": ("golf", "club", "lead", "trail", "backswing", "downswing", "address", "impact", "headcover", "shaft"),
    "baseball": ("baseball", "bat", "pitcher", "stride", "front", "rear", "contact", "helmet", "batter"),
}


@dataclasses.dataclass(frozen=True)
class Drill:
    name: str                  # lower case, as answers and the prompt name it ("wall drill")
    cue: str                   # how to do it, lower case, no final stop

    @property
    def text(self) -> str:
        """'wall drill: set up with ...' (the instruction data's wording)."""
        return f"{self.name}: {self.cue}"


@dataclasses.dataclass(frozen=True)
class FaultCoaching:
    sport: str
    fault: str                 # the analysis' Fault.name (snake_case)
    label: str                 # how an answer names it
    synonyms: tuple[str, ...]  # other ways to name it (finding it in a conversation, grading); lower case
    looks_like: str            # what it is, as seen in the motion
    cause: str
    ball_flight: tuple[str, ...]   # "slice", "hook", "fat", "thin", "weak contact", "pop-up", ...
    drill: Drill
    priority: int              # lower = work on it first
    source: str                # where the fault definition (and the drill) comes from

    def foreign_terms(self) -> list[str]:
        """The other sport's words in this entry's description, cause and drill ([] when it fits its sport)."""
        text = " ".join((self.looks_like, self.cause, self.drill.name, self.drill.cue)).lower()
        return [w for sport, words in SPORT_TERMS.items() if sport != self.sport for w in words
                if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text)]


def _table(sport: str, *rows: tuple) -> dict[str, FaultCoaching]:
    out = {}
    for fault, label, synonyms, looks_like, cause, flight, drill, cue, priority, source in rows:
        out[fault] = FaultCoaching(sport, fault, label, synonyms, looks_like, cause, flight, Drill(drill, cue),
                                   priority, source)
    return out


GOLF = _table(
    "golf",
    ("early_extension", "early extension", ("early extension", "early-extension", "hips thrust toward the ball"),
     "the hips move toward the ball in the downswing and the spine stands up",
     "limited hip rotation or weak glutes, so the pelvis thrusts forward to make room for the arms",
     ("thin", "push", "hook"), "wall drill",
     "set up with the backside touching a wall and keep it on the wall through impact", 1,
     f"{TPI} 'Early Extension': 67% of amateurs, ~1% of tour players ({SWING_MD})"),
    ("loss_of_posture", "loss of posture", ("loss of posture", "lost posture", "stands up"),
     "the spine angle set at address is lost before impact", "poor thoracic mobility or core stability",
     ("thin", "fat", "inconsistent contact"), "club across the chest drill",
     "hold a club across the chest, turn back and through keeping the spine tilt", 2,
     f"{TPI} 'Loss of Posture'"),
    ("sway", "sway", ("sway", "swaying"), "the pelvis shifts away from the target in the backswing",
     "turning is replaced by a lateral shift, often from limited hip internal rotation", ("fat", "thin", "push"),
     "trail-hip bump drill", "put a bag or alignment stick outside the trail hip and turn without bumping it", 2,
     f"{TPI} 'Sway'; pros shift the hips ~10 cm toward the target instead (SwingTRU, {SWING_MD})"),
    ("slide", "slide", ("slide", "sliding"), "the pelvis slides toward the target past the lead foot in the downswing",
     "the hips move laterally instead of rotating, often from limited lead-hip rotation", ("push", "slice", "block"),
     "lead-hip wall drill", "place a stick outside the lead hip and rotate through without touching it", 3,
     f"{TPI} 'Slide'"),
    ("reverse_pivot", "reverse pivot", ("reverse pivot", "reverse spine"), "the upper body leans toward the target "
     "at the top", "weight stays on the lead side in the backswing, often from limited trunk rotation",
     ("slice", "fat", "weak contact"), "step-back drill",
     "feet together, step the trail foot back while turning so the weight loads into the trail side", 2,
     f"{TPI} 'Reverse Spine Angle' (reverse pivot: the weight shift reversed)"),
    ("insufficient_hip_turn", "insufficient hip turn", ("insufficient hip turn", "limited hip turn",
                                                        "hips barely turn"),
     "the hips barely turn in the backswing", "limited hip mobility or a lead knee that stays locked",
     ("weak contact", "slice"), "trail-foot flare drill",
     "flare the trail foot out and let the lead knee move toward the ball to turn the hips freely", 3,
     f"hip turn ~45-50 deg at the top ({SWING_MD}); TPI screen: pelvic rotation"),
    ("flat_shoulder_plane", "flat shoulder plane", ("flat shoulder plane", "flat shoulders", "level shoulder turn"),
     "the shoulders turn level instead of tilting at the top", "poor thoracic rotation with side bend",
     ("hook", "slice", "fat"), "cross-arm shoulder-plane drill",
     "club across the shoulders, turn so the lead shoulder points at the ball at the top", 4,
     f"{TPI} 'Flat Shoulder Plane'; lead-shoulder tilt ~36 deg at the top (SwingTRU, {SWING_MD})"),
    ("head_lift", "head lift", ("head lift", "lifts the head", "head comes up"), "the head rises through impact",
     "looking up early to see the shot, or standing up", ("thin", "topped"), "eyes-on-the-spot drill",
     "keep the eyes on a tee in the ground until after impact", 5,
     f"head movement: the head stays behind the ball at impact ({SWING_MD})"),
    ("over_the_top", "over the top", ("over the top", "over-the-top", "outside-in"),
     "the hands start the downswing outside the backswing path",
     "the shoulders start the downswing before the lower body", ("slice", "pull"), "headcover drill",
     "put a headcover just outside the ball and swing without hitting it", 4, f"{TPI} 'Over the Top'"),
    ("casting", "casting", ("casting", "early release", "cast"), "the wrist hinge is released early in the downswing",
     "trying to hit with the hands, or poor lead-wrist and forearm control", ("slice", "fat", "weak contact"),
     "pump drill", "stop halfway down with the wrists still hinged, pump twice, then swing through", 5,
     f"{TPI} 'Casting / Early Release'"),
    ("chicken_wing", "chicken wing", ("chicken wing", "chicken winging", "lead arm folds"),
     "the lead elbow bends and flies away after impact",
     "the body stops rotating so the arm folds, or a fear of releasing", ("slice", "thin", "weak contact"),
     "towel drill", "trap a towel under the lead armpit and keep it there through the follow-through", 6,
     f"{TPI} 'Chicken Winging'"),
    ("overswing", "overswing", ("overswing", "over-swing", "past parallel"), "the club goes past parallel at the top",
     "loose grip or collapsing lead arm, chasing distance", ("inconsistent contact", "slice"),
     "three-quarter swing drill", "stop the backswing with the lead arm parallel to the ground and hit half-speed "
     "shots", 6, f"shaft past parallel at the top ({SWING_MD}, 'overswing')"),
)

BASEBALL = _table(
    "baseball",
    ("early_hip_opening", "early hip opening", ("early hip opening", "hips open early", "flying open"),
     "the hips open with the shoulders, leaving no separation at foot plant",
     "rushing the rotation before the front foot lands", ("weak contact", "pull", "roll-over"), "closed-stride drill",
     "land the stride with the front hip closed and hold for a beat before rotating", 1,
     f"hip-shoulder separation at foot plant; {DRIVELINE}"),
    ("lunging", "lunging", ("lunging", "lunge", "lunges"), "the trunk drifts over the front leg at contact",
     "weight shifts forward instead of rotating around a firm front side", ("weak contact", "pop-up"),
     "rear-knee drill", "swing from a kneeling rear leg so the trunk must rotate rather than move forward", 2,
     f"time from foot plant to contact and trunk position; {DRIVELINE}"),
    ("head_drift", "head drift", ("head drift", "head drifts", "head moves forward"),
     "the head drifts toward the pitcher before contact", "a stride that carries the whole body forward",
     ("weak contact", "swing and miss"), "no-stride drill",
     "hit from a wide stance without a stride keeping the head still", 2, f"head movement; {DRIVELINE}"),
    ("long_stride", "long stride", ("long stride", "overstride", "over-stride"), "the stride is too long",
     "reaching for power with the legs", ("pop-up", "late timing"), "stride-box drill",
     "mark the stride length with a stick and land short of it", 3, f"stride length; {DRIVELINE}"),
)

COACHING = {"golf": GOLF, "baseball": BASEBALL}
